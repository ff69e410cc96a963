"""municipalities: organisation number and open-data contact (DCAT-AP-NO catalogue)

Revision ID: c4d1e6f0a9b2
Revises: 5738037dd9b5
Create Date: 2026-11-30 04:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c4d1e6f0a9b2'
down_revision = '5738037dd9b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('org_number', sa.String(length=9), nullable=True))
        batch_op.add_column(sa.Column('open_data_contact', sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('open_data_contact')
        batch_op.drop_column('org_number')
