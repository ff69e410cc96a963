"""Moderation: reporters a municipality's moderators discount

A discounted reporter's reports are still recorded and shown to moderators, but no longer count
towards hiding an item automatically in that municipality.

Revision ID: b7e4a2c9d1f0
Revises: a7c3e91b5f20
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b7e4a2c9d1f0'
down_revision = 'a7c3e91b5f20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('moderation_discounted_reporters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('discounted_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['discounted_by_id'], ['users.id'], name=op.f('fk_moderation_discounted_reporters_discounted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_moderation_discounted_reporters_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_moderation_discounted_reporters_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_discounted_reporters')),
    sa.UniqueConstraint('municipality_id', 'user_id', name=op.f('uq_moderation_discounted_reporters_municipality_id_user_id'))
    )
    with op.batch_alter_table('moderation_discounted_reporters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_discounted_reporters_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_discounted_reporters_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('moderation_discounted_reporters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_discounted_reporters_user_id'))
        batch_op.drop_index(batch_op.f('ix_moderation_discounted_reporters_municipality_id'))
    op.drop_table('moderation_discounted_reporters')
