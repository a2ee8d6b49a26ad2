"""What the commands share once they touch the database: the person of
``--as``, writing an export whole, refusing a PostgreSQL database already in use."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from hotline_tui.clock import clock_from_environment
from hotline_tui.config import Settings
from hotline_tui.db.store import Store, resolve_target, safe_text, server_url
from hotline_tui.domain.export_record import may_export, record_export
from hotline_tui.domain.setup import open_existing
from hotline_tui.errors import DomainError
from hotline_tui.exports.files import write_whole
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.pin_prompt import signed_in as pin_signed_in


@contextmanager
def signed_in(args, settings: Settings, missing: str) -> Iterator[tuple[Store, StaffRow]]:
    """The database and the person of ``--as``, once their PIN is right; ``missing`` says
    why ``--as`` is needed when it is not given."""
    staff_no = getattr(args, "as_staff", None)
    if not staff_no:
        raise DomainError(missing)
    store = open_existing(settings, clock_from_environment())
    try:
        say_if_reading(store)
        yield store, pin_signed_in(store, staff_no, lock_after=settings.pin_lock_after)
    finally:
        store.close()


def say_if_reading(store: Store) -> None:
    """A reader on a file it cannot write says so, once, before its output."""
    if store.read_only:
        print(f"hotline-tui：{store.read_only_text}", file=sys.stderr)


def export_file(
    args,
    settings: Settings,
    kind: str,
    what: str,
    path: Path,
    write: Callable[[Store, StaffRow, Path], int],
    period: str = "",
) -> int:
    """An export of personal data (domain/export_record.py): the person of ``--as`` whose
    post allows it, then ``write(store, actor, temp)`` put in place whole, then its audit row.
    ``write`` returns how many rows (people, records) the file holds."""
    why = f"请用 --as 给出导出人的工号：{what}含个人信息，每次导出都记在导出人名下。"
    with signed_in(args, settings, why) as (store, actor):
        may_export(actor, kind)
        rows = write_whole(path, lambda temp: write(store, actor, temp))
        said = record_export(store, actor, kind, period, path, rows)
    if said:
        print(f"hotline-tui：{said}", file=sys.stderr)
    return rows


def db_text(db: str) -> str:
    """The database as it may be printed: a file's full path, a server without password."""
    url = server_url(db)
    return safe_text(url) if url is not None else str(resolve_target(db))


def refuse_a_used_server(target: str, what: str) -> None:
    """Demo data, or a floor moved from a file, goes into an empty PostgreSQL database
    only, as demo data into a new file."""
    url = server_url(target)
    assert url is not None
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            tables = sa.inspect(conn).get_table_names()
    except sa.exc.OperationalError as exc:
        raise DomainError(f"无法连接 PostgreSQL 数据库 {safe_text(url)}：{exc.orig}") from None
    finally:
        engine.dispose()
    if tables:
        raise DomainError(
            f"{safe_text(url)} 中已有数据表；{what}只写入空的数据库，请换一个，或先清空它。"
        )
