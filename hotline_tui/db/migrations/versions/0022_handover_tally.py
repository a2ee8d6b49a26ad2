"""The handover list's status counts, kept instead of counted.

The list heads every page with how many handovers are drafts, submitted and signed;
counting them read every handover ever kept, so a page of the list cost more with each
year. ``handover_tally`` holds a row per status, kept by triggers on every insert,
status change and delete (SQLite triggers; on PostgreSQL one PL/pgSQL trigger);
``check`` compares it with a count of the handovers.

Revision ID: 0022
Revises: 0021
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

_ADD = (
    "INSERT INTO handover_tally (status, n) VALUES ({r}status, 1) "
    "ON CONFLICT (status) DO UPDATE SET n = handover_tally.n + 1;"
)
_TAKE = "UPDATE handover_tally SET n = n - 1 WHERE status = {r}status;"

_PG_FUNCTION = f"""
CREATE FUNCTION handover_tally_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN {_TAKE.format(r="OLD.")} END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN {_ADD.format(r="NEW.")} END IF;
    RETURN NULL;
END $$
"""


def _on_server() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.execute(
        "CREATE TABLE handover_tally (status VARCHAR NOT NULL PRIMARY KEY, n INTEGER NOT NULL)"
    )
    op.execute(
        "INSERT INTO handover_tally (status, n) SELECT status, count(*) FROM handover "
        "GROUP BY status"
    )
    if _on_server():
        op.execute(_PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER handover_tally_keep AFTER INSERT OR DELETE OR UPDATE OF status "
            "ON handover FOR EACH ROW EXECUTE FUNCTION handover_tally_keep()"
        )
        return
    op.execute(
        f"CREATE TRIGGER handover_tally_insert AFTER INSERT ON handover "
        f"BEGIN {_ADD.format(r='NEW.')} END"
    )
    op.execute(
        f"CREATE TRIGGER handover_tally_delete AFTER DELETE ON handover "
        f"BEGIN {_TAKE.format(r='OLD.')} END"
    )
    op.execute(
        "CREATE TRIGGER handover_tally_update AFTER UPDATE OF status ON handover "
        f"WHEN OLD.status IS NOT NEW.status "
        f"BEGIN {_TAKE.format(r='OLD.')} {_ADD.format(r='NEW.')} END"
    )


def downgrade() -> None:
    if _on_server():
        op.execute("DROP TRIGGER IF EXISTS handover_tally_keep ON handover")
        op.execute("DROP FUNCTION IF EXISTS handover_tally_keep()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS handover_tally_{name}")
    op.execute("DROP TABLE handover_tally")
