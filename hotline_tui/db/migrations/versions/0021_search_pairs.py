"""Two-character searches through the trigram index (SQLite).

A trigram index cannot be asked for a word of two characters, so such a search read
every handover's text (LIKE), longer with every year kept. Every two characters of a
text begin one of its trigrams, provided the text does not end with them: each piece
of indexed text now ends with a line break (a search word never holds one), and the
index's own list of terms (an fts5vocab table) gives the trigrams that begin with the
two characters in a range, which the index then finds as any one of them
(domain/handover/queries.py). The index is rebuilt with the line breaks.

On PostgreSQL nothing changes: the search is ILIKE there, served by pg_trgm.

Revision ID: 0021
Revises: 0020
"""

import importlib

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# The triggers and the backfill of 0011, with what each piece of text ends with.
_search = importlib.import_module("hotline_tui.db.migrations.versions.0011_handover_search")


def _on_server() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _rebuild(ending: str) -> None:
    sources = [
        (table, kind, handover, f"{body} || {ending}" if ending else body, columns, when)
        for table, kind, handover, body, columns, when in _search._SOURCES
    ]
    for name in _search._triggers():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name, body in _search._triggers(sources).items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute("DELETE FROM handover_search")
    for table, kind, handover, body, _columns, when in sources:
        op.execute(_search._rows(kind, handover, body, when, "", table))


def upgrade() -> None:
    if _on_server():
        return
    _rebuild("char(10)")
    op.execute("CREATE VIRTUAL TABLE handover_search_terms USING fts5vocab(handover_search, 'row')")


def downgrade() -> None:
    if _on_server():
        return
    op.execute("DROP TABLE IF EXISTS handover_search_terms")
    _rebuild("")
