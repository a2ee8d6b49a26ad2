"""Plain SQL over either database, for the checks that must read stored values as
stored (the audit chain, the handovers' digests, ``check``).

The statements are written once with ``?`` placeholders; on PostgreSQL they become
``%s``, and every date and time comes back as SQLite's text (db/types.stored_text).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

from hotline_tui.db.types import stored_text

Query = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]


def sqlite_query(conn: sqlite3.Connection) -> Query:
    def query(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return conn.execute(sql, tuple(params)).fetchall()

    return query


def connection_query(conn: sa.Connection) -> Query:
    """A Query on an SQLAlchemy connection (inside its transaction, if any)."""
    qmark = conn.dialect.paramstyle == "qmark"

    def query(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if not qmark:
            sql = sql.replace("%", "%%").replace("?", "%s")
        rows = conn.exec_driver_sql(sql, tuple(params)).all()
        if qmark:
            return [tuple(r) for r in rows]
        return [tuple(stored_text(v) for v in r) for r in rows]

    return query
