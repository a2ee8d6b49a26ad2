"""Tampering with the file, as someone with write access but not the key would (#13).

Each case changes the demo database behind the program's back with plain SQL and
checks that ``check`` fails naming the link, and that the desk refuses to write on
a log whose head does not hold.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from hotline_tui.db import chain
from hotline_tui.db.plain_sql import sqlite_query
from hotline_tui.db.store import Store
from hotline_tui.domain.handover.digest import handover_digest
from hotline_tui.domain.health import check_database
from hotline_tui.errors import StoreError


def tamper(path: Path, change: Callable[[sqlite3.Connection], None]) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    change(conn)
    conn.commit()
    conn.close()


def problems(path: Path, key_path: Path | None = None) -> list[str]:
    return check_database(path, None, key_path).problems


def _signed(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT max(id) FROM handover WHERE status = 'signed'").fetchone()[0]


def _middle_row(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 150").fetchone()[0]


def test_the_untouched_demo_passes_and_shows_its_head(demo_file):
    report = check_database(demo_file, None)
    assert report.problems == []
    assert any(line.startswith("操作记录校验链：第 ") for line in report.lines)


def test_a_signed_handover_rewritten_with_a_recomputed_digest(demo_file):
    def rewrite(conn):
        hid = _signed(conn)
        conn.execute("UPDATE handover SET traffic = '平稳，无异常' WHERE id = ?", (hid,))
        digest = handover_digest(sqlite_query(conn), hid)  # the plain SHA-256 agrees again
        conn.execute("UPDATE handover SET digest = ? WHERE id = ?", (digest, hid))

    tamper(demo_file, rewrite)
    with sqlite3.connect(demo_file) as conn:
        hid = _signed(conn)
    assert problems(demo_file) == [
        f"交接班 #{hid}：签收摘要或签收人与操作记录链中的签收不符（在程序之外被改动）"
    ]


def test_a_signer_changed(demo_file):
    tamper(demo_file, lambda c: c.execute(
        "UPDATE handover SET signed_by = 1 WHERE id = ?", (_signed(c),)))  # fmt: skip
    assert any("签收人与操作记录链中的签收不符" in p for p in problems(demo_file))


def test_a_signed_handover_set_back_to_submitted(demo_file):
    with sqlite3.connect(demo_file) as conn:
        hid = _signed(conn)
    tamper(demo_file, lambda c: c.execute(
        "UPDATE handover SET status = 'submitted', signed_by = NULL WHERE id = ?", (hid,)))  # fmt: skip
    assert f"交接班 #{hid}：操作记录链中已签收，但现在的状态是“submitted”" in problems(demo_file)


def test_a_signed_handover_deleted(demo_file):
    with sqlite3.connect(demo_file) as conn:
        hid = _signed(conn)

    def delete(conn):
        for table in ("handover_entry", "handover_amendment"):
            conn.execute(f"DELETE FROM {table} WHERE handover_id = ?", (hid,))
        conn.execute("DELETE FROM handover WHERE id = ?", (hid,))

    tamper(demo_file, delete)
    assert f"交接班 #{hid}：操作记录链中已签收，但这份交接班已被删除" in problems(demo_file)


def test_an_amendment_changed(demo_file):
    with sqlite3.connect(demo_file) as conn:
        aid = conn.execute("SELECT max(id) FROM handover_amendment").fetchone()[0]
    tamper(demo_file, lambda c: c.execute(
        "UPDATE handover_amendment SET digest = 'x' || digest WHERE id = ?", (aid,)))  # fmt: skip
    assert any(f"补充说明 #{aid}" in p and "被改动" in p for p in problems(demo_file))


def test_an_audit_row_rewritten(demo_file):
    with sqlite3.connect(demo_file) as conn:
        row = _middle_row(conn)
    tamper(demo_file, lambda c: c.execute(
        "UPDATE audit_log SET actor_id = 1 WHERE id = ?", (row,)))  # fmt: skip
    found = problems(demo_file)
    assert len(found) == 1 and found[0].startswith(f"操作记录校验链 #{row}（")
    assert "校验值不符" in found[0]


def test_an_audit_row_rewritten_with_a_plain_hash_for_its_link(demo_file):
    import hashlib

    with sqlite3.connect(demo_file) as conn:
        row = _middle_row(conn)

    def rewrite(conn):
        conn.execute("UPDATE audit_log SET after = '{}' WHERE id = ?", (row,))
        values = conn.execute(
            f"SELECT {chain.ROW_COLUMNS} FROM audit_log WHERE id = ?", (row,)
        ).fetchone()
        forged = hashlib.sha256(repr(values).encode()).hexdigest()
        conn.execute("UPDATE audit_log SET link = ? WHERE id = ?", (forged, row))

    tamper(demo_file, rewrite)
    found = problems(demo_file)
    assert [p.split("（")[0] for p in found] == [
        f"操作记录校验链 #{row}",
        f"操作记录校验链 #{row + 1}",
    ]


def test_an_audit_row_deleted_and_two_swapped(demo_file):
    with sqlite3.connect(demo_file) as conn:
        row = _middle_row(conn)
    tamper(demo_file, lambda c: c.execute("DELETE FROM audit_log WHERE id = ?", (row,)))
    found = problems(demo_file)
    assert any(p.startswith(f"操作记录校验链 #{row + 1}（") and "前面缺少 1 条" in p for p in found)

    def swap(conn):  # the next two rows trade places, links and all
        a, b = row + 5, row + 6
        conn.execute("UPDATE audit_log SET id = -1 WHERE id = ?", (a,))
        conn.execute("UPDATE audit_log SET id = ? WHERE id = ?", (a, b))
        conn.execute("UPDATE audit_log SET id = ? WHERE id = -1", (b,))

    tamper(demo_file, swap)
    found = problems(demo_file)
    assert any(p.startswith(f"操作记录校验链 #{row + 5}（") for p in found)


def test_a_row_added_at_the_end_is_named_and_stops_the_desk(demo_file, clock):
    tamper(demo_file, lambda c: c.execute(
        "INSERT INTO audit_log (at, actor_id, action, entity, entity_key)"
        " VALUES ('2026-11-30 01:00:00.000000', 1, 'seat.assign', 'seat', 'A01')"))  # fmt: skip
    found = problems(demo_file)
    assert len(found) == 1 and "没有校验值（在程序之外写入）" in found[0]
    with pytest.raises(StoreError, match="操作记录校验链的末端对不上"):
        Store.open(str(demo_file), clock)


def test_another_key_fails_the_check_and_the_desk_refuses_to_write(
    demo_file, clock, tmp_path, monkeypatch
):
    other = tmp_path / "other.key"
    chain.load_key(other, create=True)
    assert oct(other.stat().st_mode & 0o777) == "0o600"
    # Not one link holds: said once, as the key's fault, not as every row rewritten.
    (found,) = problems(demo_file, other)
    assert "全部" in found and "多半不是这个数据库的" in found and str(other) in found
    assert "找不到操作记录的校验密钥" in problems(demo_file, tmp_path / "none.key")[0]
    monkeypatch.setenv("HOTLINE_KEY_FILE", str(other))
    with pytest.raises(StoreError, match=str(other)):
        Store.open(str(demo_file), clock)


def test_a_log_from_before_the_chain_is_sealed_once_then_kept(demo_file, clock):
    tamper(demo_file, lambda c: c.execute("UPDATE audit_log SET link = NULL"))
    assert any("没有校验值" in p for p in problems(demo_file))
    Store.open(str(demo_file), clock).close()  # the first open with the key seals it
    assert problems(demo_file) == []
    # Sealed once: a row made unlinked later is not sealed again, it is named.
    with sqlite3.connect(demo_file) as conn:
        row = _middle_row(conn)
    tamper(demo_file, lambda c: c.execute("UPDATE audit_log SET link = NULL WHERE id = ?", (row,)))
    Store.open(str(demo_file), clock).close()
    assert any(f"#{row}（" in p for p in problems(demo_file))


def test_writes_keep_the_chain_whole_from_many_terminals(demo_store, clock):
    from hotline_tui.domain.handover.items import add_item
    from tests import server_db
    from tests.helpers import at_once, chief

    stores = [Store.open(server_db.store_text(demo_store), clock) for _ in range(4)]

    def write(store: Store, _n: int) -> None:
        for n in range(10):
            add_item(store, chief(store), f"事项 {n}", "1004", None)

    assert at_once(stores, write) == []
    assert server_db.check_report(demo_store).problems == []
