"""Handover text search through SQLite FTS5 with the trigram tokenizer (Chinese has no
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

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_SECTIONS = (
    "coalesce(NEW.traffic, '') || char(10) || coalesce(NEW.systems, '') || char(10) || "
    "coalesce(NEW.people, '') || char(10) || coalesce(NEW.other, '') || char(10) || "
    "coalesce(NEW.plan_summary, '')"
)

_TRIGGERS = {
    "handover_search_h_insert": f"""
        AFTER INSERT ON handover BEGIN
          INSERT INTO handover_search (rowid, handover_id, body)
          VALUES (NEW.id * 4 + 0, NEW.id, {_SECTIONS});
        END""",
    "handover_search_h_update": f"""
        AFTER UPDATE OF traffic, systems, people, other, plan_summary ON handover BEGIN
          DELETE FROM handover_search WHERE rowid = OLD.id * 4 + 0;
          INSERT INTO handover_search (rowid, handover_id, body)
          VALUES (NEW.id * 4 + 0, NEW.id, {_SECTIONS});
        END""",
    "handover_search_h_delete": """
        AFTER DELETE ON handover BEGIN
          DELETE FROM handover_search WHERE rowid = OLD.id * 4 + 0;
        END""",
    "handover_search_e_insert": """
        AFTER INSERT ON handover_entry BEGIN
          INSERT INTO handover_search (rowid, handover_id, body)
          VALUES (NEW.id * 4 + 1, NEW.handover_id, NEW.text);
        END""",
    "handover_search_e_update": """
        AFTER UPDATE OF text, handover_id ON handover_entry BEGIN
          DELETE FROM handover_search WHERE rowid = OLD.id * 4 + 1;
          INSERT INTO handover_search (rowid, handover_id, body)
          VALUES (NEW.id * 4 + 1, NEW.handover_id, NEW.text);
        END""",
    "handover_search_e_delete": """
        AFTER DELETE ON handover_entry BEGIN
          DELETE FROM handover_search WHERE rowid = OLD.id * 4 + 1;
        END""",
    "handover_search_a_insert": """
        AFTER INSERT ON handover_amendment BEGIN
          INSERT INTO handover_search (rowid, handover_id, body)
          VALUES (NEW.id * 4 + 2, NEW.handover_id, NEW.text);
        END""",
    "handover_search_a_update": """
        AFTER UPDATE OF text, handover_id ON handover_amendment BEGIN
          DELETE FROM handover_search WHERE rowid = OLD.id * 4 + 2;
          INSERT INTO handover_search (rowid, handover_id, body)
          VALUES (NEW.id * 4 + 2, NEW.handover_id, NEW.text);
        END""",
    "handover_search_a_delete": """
        AFTER DELETE ON handover_amendment BEGIN
          DELETE FROM handover_search WHERE rowid = OLD.id * 4 + 2;
        END""",
    "handover_search_i_insert": """
        AFTER INSERT ON open_item WHEN NEW.opened_in IS NOT NULL BEGIN
          INSERT INTO handover_search (rowid, handover_id, body)
          VALUES (NEW.id * 4 + 3, NEW.opened_in, NEW.title);
        END""",
    "handover_search_i_update": """
        AFTER UPDATE OF title, opened_in ON open_item BEGIN
          DELETE FROM handover_search WHERE rowid = OLD.id * 4 + 3;
          INSERT INTO handover_search (rowid, handover_id, body)
          SELECT NEW.id * 4 + 3, NEW.opened_in, NEW.title WHERE NEW.opened_in IS NOT NULL;
        END""",
    "handover_search_i_delete": """
        AFTER DELETE ON open_item BEGIN
          DELETE FROM handover_search WHERE rowid = OLD.id * 4 + 3;
        END""",
}


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE handover_search USING fts5("
        "handover_id UNINDEXED, body, tokenize = 'trigram')"
    )
    for name, body in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    # What is there already.
    op.execute(
        "INSERT INTO handover_search (rowid, handover_id, body) "
        f"SELECT id * 4 + 0, id, {_SECTIONS.replace('NEW.', '')} FROM handover"
    )
    op.execute(
        "INSERT INTO handover_search (rowid, handover_id, body) "
        "SELECT id * 4 + 1, handover_id, text FROM handover_entry"
    )
    op.execute(
        "INSERT INTO handover_search (rowid, handover_id, body) "
        "SELECT id * 4 + 2, handover_id, text FROM handover_amendment"
    )
    op.execute(
        "INSERT INTO handover_search (rowid, handover_id, body) "
        "SELECT id * 4 + 3, opened_in, title FROM open_item WHERE opened_in IS NOT NULL"
    )


def downgrade() -> None:
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS handover_search")
