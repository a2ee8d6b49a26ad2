"""The suite's second run, on PostgreSQL (.ci/run): a database of its own per test.

``HOTLINE_TEST_PG`` names a server's maintenance database, e.g.
``postgresql+psycopg://postgres@/postgres?host=/tmp/pg``. Each xdist worker builds the
demo once into a template database; each test gets a copy (CREATE DATABASE … TEMPLATE,
a file copy on the server) and it is dropped after.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

ADMIN = os.environ.get("HOTLINE_TEST_PG", "")


def on_server() -> bool:
    return bool(ADMIN)


def _admin() -> sa.Engine:
    return sa.create_engine(ADMIN, isolation_level="AUTOCOMMIT")


def url_of(name: str) -> str:
    return sa.make_url(ADMIN).set(database=name).render_as_string(hide_password=False)


def create(prefix: str, template: str | None = None) -> str:
    """A new database (a copy of ``template``); its name."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = _admin()
    try:
        with engine.connect() as conn:
            # FILE_COPY (PostgreSQL 15): the files copied whole, 20 ms, not WAL-logged page
            # by page (300 ms); the server runs without fsync anyway.
            copy = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
            conn.exec_driver_sql(f"CREATE DATABASE {name}{copy}")
    finally:
        engine.dispose()
    return name


SHARED_TEMPLATE = "hotline_shared_tpl"


def drop_shared_templates() -> None:
    """The demo templates earlier runs' workers shared (conftest.demo_template)."""
    engine = _admin()
    try:
        with engine.connect() as conn:
            names = (
                conn.exec_driver_sql(
                    "SELECT datname FROM pg_database WHERE datname LIKE %(p)s",
                    {"p": SHARED_TEMPLATE + "%"},
                )
                .scalars()
                .all()
            )
    finally:
        engine.dispose()
    for name in names:
        drop(name)


def drop(name: str) -> None:
    engine = _admin()
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        engine.dispose()


def store_text(store) -> str:
    """What --db or Settings.db says for this store's database, password included."""
    if store.path is not None:
        return str(store.path)
    return store.url.render_as_string(hide_password=False)


class Outside:
    """SQL on a store's database from outside the desk (another program, a person with
    a database tool): ``?`` placeholders on either backend."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self.qmark = conn.dialect.paramstyle == "qmark"

    def _sql(self, sql: str) -> str:
        return sql if self.qmark else sql.replace("?", "%s")

    def run(self, sql: str, params: tuple = ()) -> None:
        self.conn.exec_driver_sql(self._sql(sql), params)

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        from hotline_tui.db.plain_sql import connection_query

        return connection_query(self.conn)(sql, params)


@contextmanager
def outside(store) -> Iterator[Outside]:
    """A connection of its own to ``store``'s database, committed when the block ends."""
    engine = sa.create_engine(store.url)
    try:
        with engine.begin() as conn:
            yield Outside(conn)
    finally:
        engine.dispose()


def check_report(store):
    """``hotline-tui check``'s report on the store's database, whichever it is."""
    from hotline_tui.domain.health import check_database, check_server

    if store.path is not None:
        return check_database(store.path, None)
    return check_server(store.url, None)
