"""secretariat: network cases, their options and one response per member

Revision ID: c4e1a9b7d2f3
Revises: c4d1e6f0a9b2
Create Date: 2026-11-30 04:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e1a9b7d2f3'
down_revision = 'c4d1e6f0a9b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('network_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('consultation', 'vote', name='network_case_kind', native_enum=False, length=16), nullable=False),
    sa.Column('title_nb', sa.String(length=200), nullable=True),
    sa.Column('title_nn', sa.String(length=200), nullable=True),
    sa.Column('body_nb', sa.Text(), nullable=True),
    sa.Column('body_nn', sa.Text(), nullable=True),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_network_cases_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_cases'))
    )
    with op.batch_alter_table('network_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_cases_closes_at'), ['closes_at'], unique=False)

    op.create_table('network_case_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label_nb', sa.String(length=200), nullable=True),
    sa.Column('label_nn', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['network_cases.id'], name=op.f('fk_network_case_options_case_id_network_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_case_options'))
    )
    with op.batch_alter_table('network_case_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_case_options_case_id'), ['case_id'], unique=False)

    op.create_table('network_case_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('cast_by_id', sa.Integer(), nullable=True),
    sa.Column('cast_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['network_cases.id'], name=op.f('fk_network_case_responses_case_id_network_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cast_by_id'], ['users.id'], name=op.f('fk_network_case_responses_cast_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_network_case_responses_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['option_id'], ['network_case_options.id'], name=op.f('fk_network_case_responses_option_id_network_case_options'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_case_responses')),
    sa.UniqueConstraint('case_id', 'municipality_id', name=op.f('uq_network_case_responses_case_id_municipality_id'))
    )
    with op.batch_alter_table('network_case_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_case_responses_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_network_case_responses_municipality_id'), ['municipality_id'], unique=False)


def downgrade():
    with op.batch_alter_table('network_case_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_case_responses_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_network_case_responses_case_id'))
    op.drop_table('network_case_responses')
    with op.batch_alter_table('network_case_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_case_options_case_id'))
    op.drop_table('network_case_options')
    with op.batch_alter_table('network_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_cases_closes_at'))
    op.drop_table('network_cases')
