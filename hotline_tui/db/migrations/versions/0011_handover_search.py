"""Handover text search through SQLite FTS5 (on PostgreSQL: pg_trgm indexes) with the trigram tokenizer (Chinese has no
spaces between words; trigrams find any substring of three characters or more).

One row per piece of text a handover search looks at: the sections with the seat
summary, each carried entry, each amendment, each item opened in it. Its rowid is the
source row's id × 4 + the kind (0 handover, 1 entry, 2 amendment, 3 item), so the
triggers that keep it in step with every insert, update and delete find their row by
key, never by a scan. Searches of one or two characters use the plain LIKE
query (a trigram needs three).

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Each source of text: its table, its kind (the rowid's last digit), the handover it
# belongs to, its text, the columns whose change re-indexes it, and when it counts.
_SECTIONS = (
    "coalesce({r}traffic, '') || char(10) || coalesce({r}systems, '') || char(10) || "
    "coalesce({r}people, '') || char(10) || coalesce({r}other, '') || char(10) || "
    "coalesce({r}plan_summary, '')"
)
_SOURCES = (
    ("handover", 0, "{r}id", _SECTIONS, "traffic, systems, people, other, plan_summary", ""),
    ("handover_entry", 1, "{r}handover_id", "{r}text", "text, handover_id", ""),
    ("handover_amendment", 2, "{r}handover_id", "{r}text", "text, handover_id", ""),
    ("open_item", 3, "{r}opened_in", "{r}title", "title, opened_in", "{r}opened_in IS NOT NULL"),
)


def _rows(kind: int, handover: str, body: str, when: str, r: str, table: str = "") -> str:
    """INSERT the index rows of the source row ``r`` (``NEW.`` in a trigger), or with
    ``r`` empty, of every row of ``table`` (the backfill)."""
    source = f" FROM {table}" if table else ""
    where = f" WHERE {when.format(r=r)}" if when else ""
    return (
        "INSERT INTO handover_search (rowid, handover_id, body) "
        f"SELECT {r}id * 4 + {kind}, {handover.format(r=r)}, {body.format(r=r)}{source}{where}"
    )


def _triggers(sources: Sequence[tuple[str, int, str, str, str, str]] = _SOURCES) -> dict[str, str]:
    triggers = {}
    for table, kind, handover, body, columns, when in sources:
        insert = _rows(kind, handover, body, when, "NEW.") + ";"
        delete = f"DELETE FROM handover_search WHERE rowid = OLD.id * 4 + {kind};"
        triggers[f"handover_search_{kind}_insert"] = f"AFTER INSERT ON {table} BEGIN {insert} END"
        triggers[f"handover_search_{kind}_update"] = (
            f"AFTER UPDATE OF {columns} ON {table} BEGIN {delete} {insert} END"
        )
        triggers[f"handover_search_{kind}_delete"] = f"AFTER DELETE ON {table} BEGIN {delete} END"
    return triggers


# On PostgreSQL the same searches run as ILIKE over the text itself, helped by
# trigram indexes (pg_trgm, a trusted extension the database's owner may create).
_TRIGRAM_INDEXED = (
    ("handover", ("traffic", "systems", "people", "other", "plan_summary")),
    ("handover_entry", ("text",)),
    ("handover_amendment", ("text",)),
    ("open_item", ("title",)),
)


def _on_server() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if _on_server():
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, columns in _TRIGRAM_INDEXED:
            for column in columns:
                op.execute(
                    f"CREATE INDEX ix_{table}_{column}_trgm ON {table} "
                    f"USING gin ({column} gin_trgm_ops)"
                )
        return
    op.execute(
        "CREATE VIRTUAL TABLE handover_search USING fts5("
        "handover_id UNINDEXED, body, tokenize = 'trigram')"
    )
    for name, body in _triggers().items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    for table, kind, handover, body, _columns, when in _SOURCES:  # what is there already
        op.execute(_rows(kind, handover, body, when, "", table))


def downgrade() -> None:
    if _on_server():
        for table, columns in _TRIGRAM_INDEXED:
            for column in columns:
                op.execute(f"DROP INDEX IF EXISTS ix_{table}_{column}_trgm")
        return
    for name in _triggers():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS handover_search")
