"""ID-porten identity on accounts; ID-porten, privacy notice and retention per municipality

Revision ID: 7a3e5c1d2b90
Revises: 5e7a1c3d9b20
Create Date: 2026-11-30 07:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '7a3e5c1d2b90'
down_revision = '5e7a1c3d9b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idporten_sub', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('idporten_verified_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint('uq_users_idporten_sub', ['idporten_sub'])
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idporten_acr', sa.String(length=40), nullable=False,
                                      server_default='idporten-loa-substantial'))
        batch_op.add_column(sa.Column('idporten_onbehalfof', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('privacy_controller', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('privacy_notice_nb', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('privacy_notice_nn', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('retention_days', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('retention_days')
        batch_op.drop_column('privacy_notice_nn')
        batch_op.drop_column('privacy_notice_nb')
        batch_op.drop_column('privacy_controller')
        batch_op.drop_column('idporten_onbehalfof')
        batch_op.drop_column('idporten_acr')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint('uq_users_idporten_sub', type_='unique')
        batch_op.drop_column('idporten_verified_at')
        batch_op.drop_column('idporten_sub')
