"""keyset indexes for the ideas list

The ideas list pages by keyset (app/core/pagination.py): each sort's index ends in the whole
sort key, so a page after a cursor, and the first page, are one index range scan whatever the
number of ideas and however deep (issue 16). A theme filter reads its own index in the newest
order instead of filtering the whole municipality's ideas.

Revision ID: 5d9c0e7b3a61
Revises: 3b8f2d6a1c47
Create Date: 2026-11-30 07:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5d9c0e7b3a61'
down_revision = '3b8f2d6a1c47'
branch_labels = None
depends_on = None

#: name -> (columns before, columns after)
INDEXES = {
    'ix_ideas_public_newest': (['municipality_id', 'moderation_state', 'created_at'],
                               ['municipality_id', 'moderation_state', 'created_at', 'id']),
    'ix_ideas_public_support': (['municipality_id', 'moderation_state', 'support_count'],
                                ['municipality_id', 'moderation_state', 'support_count',
                                 'created_at', 'id']),
    'ix_ideas_public_comments': (['municipality_id', 'moderation_state', 'comment_count'],
                                 ['municipality_id', 'moderation_state', 'comment_count',
                                  'created_at', 'id']),
    'ix_ideas_public_theme': (None, ['municipality_id', 'moderation_state', 'theme',
                                     'created_at', 'id']),
}


def _replace(which: int) -> None:
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        for name, columns in INDEXES.items():
            if columns[1 - which] is not None:
                batch_op.drop_index(name)
            if columns[which] is not None:
                batch_op.create_index(name, columns[which], unique=False)


def upgrade():
    _replace(1)


def downgrade():
    _replace(0)
