"""search: one index table over the network's published items, filled from the existing rows

Revision ID: c41f7a2e9b13
Revises: c4e1a9b7d2f3
Create Date: 2026-11-30 04:10:00

The fill reads the item tables with plain SQL, as they are at this revision (not through the
models, which may change later), and builds each entry with app/search/documents.py, the same
functions the session events and `flask search reindex` use.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from app.search.documents import EntryData, insert_statement, row_values


# revision identifiers, used by Alembic.
revision = 'c41f7a2e9b13'
down_revision = 'c4e1a9b7d2f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=40), nullable=True),
    sa.Column('goals', sa.String(length=64), nullable=False),
    sa.Column('title_nb', sa.String(length=200), nullable=True),
    sa.Column('title_nn', sa.String(length=200), nullable=True),
    sa.Column('snippet_nb', sa.String(length=300), nullable=True),
    sa.Column('snippet_nn', sa.String(length=300), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('document', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=True),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_search_entries_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries')),
    sa.UniqueConstraint('kind', 'item_id', name=op.f('uq_search_entries_kind_item_id'))
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.create_index('ix_search_entries_document', ['document'], unique=False, postgresql_using='gin')
        batch_op.create_index('ix_search_entries_municipality_kind', ['municipality_id', 'kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_entries_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_entries_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_entries_theme'), ['theme'], unique=False)

    fill(op.get_bind())


def _goals(connection, table: str, key: str) -> dict[int, list[int]]:
    goals: dict[int, list[int]] = {}
    for item_id, goal in connection.execute(sa.text(f"SELECT {key}, goal FROM {table}")):
        goals.setdefault(item_id, []).append(goal)
    return goals


def _entries(connection):
    """EntryData for every visible item, read with plain SQL."""
    run = lambda sql: connection.execute(sa.text(sql)).mappings()  # noqa: E731
    goals = _goals(connection, "idea_sdgs", "idea_id")
    for r in run("SELECT id, municipality_id, theme, title, body, place_text, created_at "
                 "FROM ideas WHERE moderation_state = 'published'"):
        yield EntryData("idea", r["id"], r["municipality_id"], r["theme"], goals.get(r["id"], ()),
                        r["title"], None, r["body"], None, (r["place_text"],), r["created_at"])
    goals = _goals(connection, "consultation_sdgs", "consultation_id")
    for r in run("SELECT * FROM consultations WHERE published_at IS NOT NULL"):
        yield EntryData("consultation", r["id"], r["municipality_id"], r["theme"],
                        goals.get(r["id"], ()), r["title_nb"], r["title_nn"],
                        r["summary_nb"] or r["body_nb"], r["summary_nn"] or r["body_nn"],
                        (r["body_nb"], r["body_nn"], r["conclusion_nb"], r["conclusion_nn"]),
                        r["published_at"])
    goals = _goals(connection, "vote_sdgs", "vote_id")
    for vote_id, goal in connection.execute(sa.text(  # a vote is about its projects' goals too
            "SELECT p.vote_id, g.goal FROM vote_project_sdgs g "
            "JOIN vote_projects p ON p.id = g.project_id")):
        goals.setdefault(vote_id, []).append(goal)
    projects: dict[int, list[str]] = {}
    for r in run("SELECT vote_id, title, description FROM vote_projects"):
        projects.setdefault(r["vote_id"], []).extend((r["title"], r["description"]))
    for r in run("SELECT id, municipality_id, theme, title, description, published_at "
                 "FROM votes WHERE published_at IS NOT NULL"):
        yield EntryData("vote", r["id"], r["municipality_id"], r["theme"], goals.get(r["id"], ()),
                        r["title"], None, r["description"], None,
                        tuple(projects.get(r["id"], ())), r["published_at"])
    goals = _goals(connection, "survey_sdgs", "survey_id")
    for r in run("SELECT * FROM surveys WHERE status = 'published'"):
        yield EntryData("survey", r["id"], r["municipality_id"], r["theme"], goals.get(r["id"], ()),
                        r["title_nb"], r["title_nn"], r["intro_nb"], r["intro_nn"], (),
                        r["opens_at"] or r["created_at"])
    goals = _goals(connection, "experience_sdgs", "experience_id")
    for r in run("SELECT * FROM experiences WHERE published_at IS NOT NULL"):
        yield EntryData("experience", r["id"], r["municipality_id"], r["theme"],
                        goals.get(r["id"], ()), r["title_nb"], r["title_nn"], r["asked_nb"],
                        r["asked_nn"], (r["outcome_nb"], r["outcome_nn"], r["differently_nb"],
                                        r["differently_nn"]), r["published_at"])


def fill(connection) -> None:
    dialect = connection.dialect.name
    table = sa.table('search_entries', *(sa.column(name) for name in (
        'kind', 'item_id', 'municipality_id', 'theme', 'goals', 'title_nb', 'title_nn',
        'snippet_nb', 'snippet_nn', 'published_at', 'document')))
    rows = [row_values(entry, dialect) for entry in _entries(connection)]
    for start in range(0, len(rows), 500):
        connection.execute(insert_statement(table, dialect), rows[start:start + 500])


def downgrade():
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entries_theme'))
        batch_op.drop_index(batch_op.f('ix_search_entries_published_at'))
        batch_op.drop_index(batch_op.f('ix_search_entries_municipality_id'))
        batch_op.drop_index('ix_search_entries_municipality_kind')
        batch_op.drop_index('ix_search_entries_document', postgresql_using='gin')

    op.drop_table('search_entries')
