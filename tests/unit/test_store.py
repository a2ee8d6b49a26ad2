"""The store: SQLite settings, audited writes, the change marker, refusing bad files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from hotline_tui.db import schema
from hotline_tui.db.store import BUSY_TIMEOUT_MS, Store, preflight, resolve_target
from hotline_tui.db.tables import AuditLog, WorkGroup
from hotline_tui.errors import StoreError
from tests import server_db
from tests.pilot import wait_for


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.skipif(server_db.on_server(), reason="SQLite's settings of the file")
def test_sqlite_is_opened_for_several_terminals(empty_store):
    with empty_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS == 30_000


def test_a_write_records_who_when_and_what(empty_store, clock):
    with empty_store.write(None) as tx:
        tx.session.add(WorkGroup(name="质检", sort_order=0))
        tx.audit("group.add", "work_group", "质检", None, {"name": "质检"})
    with empty_store.read() as session:
        row = session.execute(
            sa.select(AuditLog).where(AuditLog.action == "group.add")
        ).scalar_one()
    assert row.at == clock.now()
    assert row.after == '{"name": "质检"}'


def test_a_write_without_audit_row_is_rolled_back(empty_store):
    with pytest.raises(RuntimeError, match="audit"), empty_store.write(None) as tx:
        tx.session.add(WorkGroup(name="无审计", sort_order=0))
    with empty_store.read() as session:
        assert (
            session.execute(sa.select(WorkGroup).where(WorkGroup.name == "无审计")).first() is None
        )


def test_foreign_keys_are_enforced(empty_store):
    from hotline_tui.db.tables import Staff
    from hotline_tui.errors import ConflictError

    with pytest.raises(ConflictError), empty_store.write(None) as tx:
        tx.session.add(Staff(staff_no="1", name="甲", post="组员", group_id=999))
        tx.audit("staff.add", "staff", "1")


def test_change_marker_sees_commits_from_another_connection(empty_store):
    before = empty_store.change_marker()
    assert empty_store.change_marker() == before
    other = Store(empty_store.target, empty_store.clock)  # another terminal
    try:
        with other.write(None) as tx:
            tx.session.add(WorkGroup(name="外部", sort_order=0))
            tx.audit("group.add", "work_group", "外部")
    finally:
        other.close()
    # At once on a file (data_version); on a server within its watcher's next look.
    wait_for(lambda: empty_store.change_marker() != before, what="the other terminal's commit")


def test_resolve_target_accepts_paths_and_sqlite_urls(tmp_path):
    assert resolve_target(str(tmp_path / "a.db")) == tmp_path / "a.db"
    assert resolve_target(f"sqlite:///{tmp_path}/b.db") == tmp_path / "b.db"
    # File-only commands (backup, restore) say so for a server's address…
    with pytest.raises(StoreError, match="只用于 SQLite 数据库文件"):
        resolve_target("postgresql://localhost/x")
    with pytest.raises(StoreError, match="只支持 SQLite"):
        resolve_target("mysql://localhost/x")
    with pytest.raises(StoreError, match="文件的路径"):
        resolve_target("sqlite://")


def test_a_text_file_is_refused_and_left_unchanged(tmp_path, clock):
    path = tmp_path / "notes.txt"
    path.write_text("这不是数据库\n" * 20, encoding="utf-8")
    before = digest(path)
    with pytest.raises(StoreError, match="不是 SQLite 数据库"):
        Store.open(str(path), clock)
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_a_directory_is_refused(tmp_path, clock):
    with pytest.raises(StoreError, match="是一个目录"):
        Store.open(str(tmp_path), clock)


def test_a_missing_directory_is_refused(tmp_path, clock):
    with pytest.raises(StoreError, match="目录不存在"):
        Store.open(str(tmp_path / "nope" / "x.db"), clock)


def test_another_programs_database_is_refused_and_unchanged(tmp_path, clock):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="别的程序"):
        Store.open(str(path), clock)
    assert digest(path) == before


def test_a_newer_schema_is_refused(tmp_path, clock):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("INSERT INTO alembic_version VALUES ('9999')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="比本程序新"):
        Store.open(str(path), clock)


def test_check_never_creates_a_file(tmp_path):
    with pytest.raises(StoreError, match="不存在"):
        preflight(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.skipif(server_db.on_server(), reason="SQLite's own lock on the file")
def test_a_locked_database_gives_one_sentence(empty_store, monkeypatch):
    import hotline_tui.db.store as store_module

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 100)
    impatient = Store(empty_store.path, empty_store.clock)
    blocker = sqlite3.connect(empty_store.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="其他终端占用"), impatient.write(None) as tx:
            tx.audit("x", "x", "x")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        impatient.close()


def test_an_existing_database_is_kept_when_opened_again(demo_store, clock):
    path = server_db.store_text(demo_store)
    with demo_store.read() as session:
        staff = session.execute(sa.text("SELECT count(*) FROM staff")).scalar()
    demo_store.close()
    again = Store.open(path, clock)
    with again.read() as session:
        assert session.execute(sa.text("SELECT count(*) FROM staff")).scalar() == staff
    with again.engine.connect() as conn:
        assert schema.current_revision(conn) == schema.HEAD
    again.close()
