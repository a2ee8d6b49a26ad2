"""Schema revisions. Alembic is imported only when a database needs upgrading,
so a start-up on a current database never pays for it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from hotline_tui.db.revisions import HEAD

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Kept by migrations and triggers, not by the models: the handover search index
# (FTS5 and its shadow tables, revisions 0011 and 0021) and the list's status counts
# (revision 0022).
SEARCH_INDEX = "handover_search"
HANDOVER_TALLY = "handover_tally"


def modelled(name: str | None, type_: str, parent_names: object = None) -> bool:
    """For Alembic's comparisons: the tables the models describe."""
    kept = name is not None and (name.startswith(SEARCH_INDEX) or name == HANDOVER_TALLY)
    return not (type_ == "table" and kept)


def current_revision(conn: sa.Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return row[0] if row else None


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(read: sa.Engine, write: sa.Engine) -> bool:
    """Bring the database to HEAD; True when anything was migrated.

    ``write`` begins its transactions IMMEDIATE: two terminals opening a new
    file at once migrate it once, the second waiting for the first.
    """
    with read.connect() as conn:
        if current_revision(conn) == HEAD:
            return False
    from alembic import command

    with write.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return True
