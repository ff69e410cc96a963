"""One vocabulary: the network's theme keys and SDG link tables in every area

Consultations and vote projects stored their goals as comma-separated strings and their themes
under English keys (`mobility`, `open_data`, ...); ideas used the network's Norwegian keys
(`mobilitet`, `apne-data`, ...) and a link table. Now every area stores a theme as the network's
key and its goals as rows of a link table (`consultation_sdgs`, `vote_project_sdgs`, like
`idea_sdgs`). Existing rows are converted; a goal outside 1-17 or a repeated one is dropped.

Revision ID: 5d2f9c1e7a3b
Revises: 04038a56b4ae
Create Date: 2026-11-30 02:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5d2f9c1e7a3b'
down_revision = '04038a56b4ae'
branch_labels = None
depends_on = None

#: old (English) theme key -> the network's key
THEME_KEYS = {
    "mobility": "mobilitet",
    "open_data": "apne-data",
    "citizen_involvement": "innbyggerinvolvering",
    "business_dialogue": "naeringslivsdialog",
    "communication": "kommunikasjon",
    "smart_city_guidelines": "smartbyretningslinjer",
    "procurement": "anskaffelser",
}

#: (table holding the item, its link table, the link table's foreign-key column)
TAGGED = (("consultations", "consultation_sdgs", "consultation_id"),
          ("vote_projects", "vote_project_sdgs", "project_id"))


def _goals(text):
    goals = set()
    for part in (text or "").split(","):
        part = part.strip()
        if part.isdigit() and 1 <= int(part) <= 17:
            goals.add(int(part))
    return sorted(goals)


def _rename_themes(table, mapping):
    items = sa.table(table, sa.column("theme", sa.String))
    for old, new in mapping.items():
        op.execute(items.update().where(items.c.theme == old).values(theme=new))


def upgrade():
    connection = op.get_bind()
    for parent, links, key in TAGGED:
        op.create_table(links,
        sa.Column(key, sa.Integer(), nullable=False),
        sa.Column('goal', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint([key], [f'{parent}.id'], name=op.f(f'fk_{links}_{key}_{parent}'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint(key, 'goal', name=op.f(f'pk_{links}'))
        )
        with op.batch_alter_table(links, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{links}_goal'), ['goal'], unique=False)

        rows = connection.execute(sa.text(f"SELECT id, sdgs FROM {parent} WHERE sdgs <> ''")).all()
        link_table = sa.table(links, sa.column(key, sa.Integer), sa.column("goal", sa.Integer))
        values = [{key: item_id, "goal": goal} for item_id, text in rows for goal in _goals(text)]
        if values:
            op.bulk_insert(link_table, values)
        with op.batch_alter_table(parent, schema=None) as batch_op:
            batch_op.drop_column('sdgs')
        _rename_themes(parent, THEME_KEYS)


def downgrade():
    connection = op.get_bind()
    for parent, links, key in TAGGED:
        with op.batch_alter_table(parent, schema=None) as batch_op:
            batch_op.add_column(sa.Column('sdgs', sa.String(length=64), nullable=False, server_default=''))
        goals = {}
        for item_id, goal in connection.execute(
                sa.text(f"SELECT {key}, goal FROM {links} ORDER BY {key}, goal")).all():
            goals.setdefault(item_id, []).append(str(goal))
        items = sa.table(parent, sa.column("id", sa.Integer), sa.column("sdgs", sa.String))
        for item_id, numbers in goals.items():
            op.execute(items.update().where(items.c.id == item_id).values(sdgs=",".join(numbers)))
        _rename_themes(parent, {new: old for old, new in THEME_KEYS.items()})
        with op.batch_alter_table(links, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{links}_goal'))
        op.drop_table(links)
