"""Follow an idea, a consultation or a vote: follows, their changes, and how often to mail

Revision ID: 3b8f2d6a1c47
Revises: b7d2e4f6a8c1
Create Date: 2026-11-30 08:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '3b8f2d6a1c47'
down_revision = 'b7d2e4f6a8c1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('object_type', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_follows_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follows')),
    sa.UniqueConstraint('user_id', 'object_type', 'object_id', name=op.f('uq_follows_user_id_object_type_object_id'))
    )
    with op.batch_alter_table('follows', schema=None) as batch_op:
        batch_op.create_index('ix_follows_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follows_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follows_user_id'), ['user_id'], unique=False)

    op.create_table('follow_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('object_type', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.String(length=40), nullable=True),
    sa.Column('once', sa.String(length=20), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_follow_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_follow_events_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_events')),
    sa.UniqueConstraint('object_type', 'object_id', 'once', name=op.f('uq_follow_events_object_type_object_id_once'))
    )
    with op.batch_alter_table('follow_events', schema=None) as batch_op:
        batch_op.create_index('ix_follow_events_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_events_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_events_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('follow_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.Enum('immediately', 'daily', 'never', name='follow_frequency', native_enum=False, length=16), nullable=False),
    sa.Column('digest_upto', sa.Integer(), nullable=False),
    sa.Column('digest_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_follow_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_follow_settings'))
    )


def downgrade():
    op.drop_table('follow_settings')
    with op.batch_alter_table('follow_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_events_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_follow_events_municipality_id'))
        batch_op.drop_index('ix_follow_events_object')
    op.drop_table('follow_events')
    with op.batch_alter_table('follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follows_user_id'))
        batch_op.drop_index(batch_op.f('ix_follows_municipality_id'))
        batch_op.drop_index('ix_follows_object')
    op.drop_table('follows')
