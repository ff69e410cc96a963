"""the municipality's identity: accent colour, logo, header image, welcome; mail branding

A municipality's admin sets an accent colour, a logo, a header image and a welcome text in
bokmål and nynorsk (app/municipalities/identity.py). The images are public stored files,
referenced by id without a foreign key (stored_files already points at municipalities). A
mail remembers the display name of its sender and an optional HTML part.

Revision ID: 7a3e1c9d2b54
Revises: 5d9c0e7b3a61
Create Date: 2026-11-30 10:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a3e1c9d2b54'
down_revision = '5d9c0e7b3a61'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accent_color', sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column('logo_file_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('logo_alt', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('header_image_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('welcome_nb', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('welcome_nn', sa.Text(), nullable=True))
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sender_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('html_body', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_column('html_body')
        batch_op.drop_column('sender_name')
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('welcome_nn')
        batch_op.drop_column('welcome_nb')
        batch_op.drop_column('header_image_id')
        batch_op.drop_column('logo_alt')
        batch_op.drop_column('logo_file_id')
        batch_op.drop_column('accent_color')
