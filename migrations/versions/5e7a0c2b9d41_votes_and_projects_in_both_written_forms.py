"""votes and their projects in both written forms: title/description → *_nb, plus *_nn

Revision ID: 5e7a0c2b9d41
Revises: 31dafe7c7d56
Create Date: 2026-11-30 05:00:00

The texts are renamed, not copied, so every vote and project keeps its title and description
(as bokmål) on SQLite and PostgreSQL; a vote may now be written in nynorsk only, so the bokmål
title may be empty.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e7a0c2b9d41'
down_revision = '31dafe7c7d56'
branch_labels = None
depends_on = None

TABLES = ('votes', 'vote_projects')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('title', new_column_name='title_nb',
                                  existing_type=sa.String(length=200), nullable=True)
            batch_op.alter_column('description', new_column_name='description_nb',
                                  existing_type=sa.Text(), nullable=True)
            batch_op.add_column(sa.Column('title_nn', sa.String(length=200), nullable=True))
            batch_op.add_column(sa.Column('description_nn', sa.Text(), nullable=True))


def downgrade():
    for table in TABLES:
        # a text written in nynorsk only keeps its nynorsk text as the one text
        op.execute(sa.text(f"UPDATE {table} SET title_nb = title_nn "
                           "WHERE title_nb IS NULL OR title_nb = ''"))
        op.execute(sa.text(f"UPDATE {table} SET description_nb = COALESCE(description_nn, '') "
                           "WHERE description_nb IS NULL OR description_nb = ''"))
        op.execute(sa.text(f"UPDATE {table} SET title_nb = '' WHERE title_nb IS NULL"))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('description_nn')
            batch_op.drop_column('title_nn')
            batch_op.alter_column('description_nb', new_column_name='description',
                                  existing_type=sa.Text(), nullable=False)
            batch_op.alter_column('title_nb', new_column_name='title',
                                  existing_type=sa.String(length=200), nullable=False)
