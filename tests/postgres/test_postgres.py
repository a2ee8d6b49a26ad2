"""PostgreSQL: addresses, and, on the suite's PostgreSQL run (.ci/run, HOTLINE_TEST_PG),
a floor's SQLite file moved onto a server with `hotline-tui migrate-to`."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from hotline_tui.cli import main
from hotline_tui.clock import FixedClock
from hotline_tui.db.store import Store, safe_text, server_url
from hotline_tui.db.transfer import compare_tables
from hotline_tui.errors import StoreError
from tests import server_db
from tests.conftest import NOW

server_only = pytest.mark.skipif(
    not server_db.on_server(), reason="needs a PostgreSQL server: .ci/run's second run"
)


def test_addresses_of_a_server_and_of_a_file():
    url = server_url("postgresql://desk:secret@ops-pc/hotline")
    assert url is not None and url.drivername == "postgresql+psycopg"
    assert "secret" not in safe_text(url) and "ops-pc/hotline" in safe_text(url)
    assert server_url("/srv/hotline.db") is None
    assert server_url("sqlite:////srv/hotline.db") is None
    with pytest.raises(StoreError, match="不支持 mysql"):
        server_url("mysql://ops-pc/hotline")
    with pytest.raises(StoreError, match="缺少数据库名"):
        server_url("postgresql://ops-pc")


def test_a_server_that_cannot_be_reached_is_one_sentence(tmp_path, capsys):
    target = f"postgresql+psycopg://desk:secret@/hotline?host={tmp_path}"  # no server there
    with pytest.raises(StoreError, match="无法连接 PostgreSQL 数据库") as refused:
        Store.open(target, FixedClock(NOW))
    assert "secret" not in refused.value.message
    # The server's own English goes to the log, not to the screen.
    assert "connection" not in refused.value.message and "详情已写入" in refused.value.message
    assert main(["check", "--db", target]) == 1
    assert "问题：数据库无法读取" in capsys.readouterr().out


@server_only
def test_migrate_to_copies_every_row_and_the_chain_holds(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HOTLINE_CLOCK_START", NOW.replace(" ", "T"))
    source = tmp_path / "floor.db"
    assert main(["demo", "--db", str(source), "--no-start"]) == 0
    name = server_db.create("hotline_move")
    target = server_db.url_of(name)
    try:
        terminal = Store.open(str(source), FixedClock(NOW))  # a terminal still on the file
        try:
            assert main(["migrate-to", "--db", str(source), target]) == 2
            assert "请先让它们退出再迁移" in capsys.readouterr().err
        finally:
            terminal.close()
        capsys.readouterr()
        assert main(["migrate-to", "--db", str(source), target]) == 0
        out = capsys.readouterr().out
        assert "逐行核对一致" in out and "交接班签收摘要" in out and "全部一致" in out
        # The moved floor opens (its chain's head holds with this key) and checks clean.
        assert main(["check", "--db", target]) == 0
        moved = Store.open(target, FixedClock(NOW))
        file = Store.open(str(source), FixedClock(NOW))
        try:
            assert moved.chain_head() == file.chain_head()
            # A later change goes on from the copied ids (the sequences were set).
            from hotline_tui.domain.handover.items import add_item
            from tests.helpers import chief

            add_item(moved, chief(moved), "迁移后的第一件事", "1004")
            assert server_db.check_report(moved).problems == []
            # The row-by-row comparison sees a value changed on one side.
            with server_db.outside(moved) as db:
                db.run("UPDATE staff SET name = '改名' WHERE staff_no = '1004'")
            with file.engine.connect() as a, moved.engine.connect() as b:
                differences = compare_tables(a, b)
            assert "open_item 行数不同" in differences  # the item added since
            assert any(d.startswith("staff 第") and "name" in d for d in differences)
        finally:
            moved.close()
            file.close()
        # Into a database that is not empty: refused, nothing written.
        assert main(["migrate-to", "--db", str(source), target]) == 2
        assert "已有数据表" in capsys.readouterr().err
    finally:
        server_db.drop(name)


@server_only
def test_two_terminals_writing_at_once_on_the_server_lose_nothing(demo_store, clock):
    from hotline_tui.domain.handover.items import add_item
    from tests.helpers import at_once, chief

    stores = [Store(demo_store.target, clock) for _ in range(2)]

    def write(store: Store, who: int) -> None:
        for n in range(15):
            add_item(store, chief(store), f"终端 {who} 事项 {n}", "1004")

    assert at_once(stores, write) == []
    with demo_store.read() as session:
        titles = session.execute(
            sa.text("SELECT title FROM open_item WHERE title LIKE '终端 %'")
        ).scalars()
        assert len(set(titles)) == 30
    assert server_db.check_report(demo_store).problems == []


def test_a_server_refusal_is_said_in_words_and_its_english_logged(monkeypatch, tmp_path):
    """Each server refusal by its SQLSTATE: one Chinese sentence, the raw text in the log."""
    from hotline_tui.db.store import _store_error
    from hotline_tui.logs import log_file

    monkeypatch.setenv("HOTLINE_LOG_DIR", str(tmp_path))

    class ServerSaid(Exception):
        def __init__(self, text: str, sqlstate: str | None) -> None:
            super().__init__(text)
            self.sqlstate = sqlstate

    cases = [
        ("FATAL: the database system is shutting down", "57P01", "正在关闭"),
        ("could not extend file: No space left on device", "53100", "磁盘已满"),
        ("permission denied for table staff", "42501", "没有执行此操作的权限"),
        ("connection failed: server closed the connection unexpectedly", None, "连接中断"),
        ("something nobody foresaw", "XX000", "数据库出错"),
    ]
    for text, state, words in cases:
        error = sa.exc.OperationalError("SELECT 1", {}, ServerSaid(text, state))
        said = str(_store_error(error))
        assert words in said and text not in said and "详情已写入" in said
        assert text in log_file().read_text(encoding="utf-8")


@server_only
def test_the_desk_reconnects_when_the_server_is_back(demo_store):
    """Connections the server ended (a restart): the pool notices, and the next read works."""
    with demo_store.read() as session:
        session.execute(sa.text("SELECT 1"))
    name = demo_store.engine.url.database  # this test's own database, not the others'
    killer = sa.create_engine(server_db.url_of("postgres"))
    with killer.connect() as conn:  # every session of this test's database ended
        ended = conn.execute(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        ).scalar()
        conn.commit()
    assert ended >= 1
    killer.dispose()
    from hotline_tui.domain.people.roster import list_staff

    people = list_staff(demo_store)  # the pool tests each connection before use
    assert len(people) == 121
