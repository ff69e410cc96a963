"""the written form (nb/nn) each idea and comment was written in

Revision ID: 5e7a1c3d9b20
Revises: 5e7a0c2b9d41
Create Date: 2026-11-30 05:00:00

Existing rows stay NULL: "the municipality's default written form".
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e7a1c3d9b20'
down_revision = '5e7a0c2b9d41'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('written_form', sa.String(length=2), nullable=True))
    with op.batch_alter_table('idea_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('written_form', sa.String(length=2), nullable=True))


def downgrade():
    with op.batch_alter_table('idea_comments', schema=None) as batch_op:
        batch_op.drop_column('written_form')
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_column('written_form')
