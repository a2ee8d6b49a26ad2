"""Backups of the live database, their keeping, and restore (domain/backups.py, cli)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pendulum
import pytest

from hotline_tui.cli import main
from hotline_tui.db.store import Store
from hotline_tui.domain.backups import (
    Backup,
    backup_due,
    backup_into,
    list_backups,
    restore,
    stale_text,
    take_backup,
    to_prune,
)
from hotline_tui.domain.health import check_database
from hotline_tui.errors import StoreError
from tests.conftest import REPO
from tests.pilot import wait_for

WRITER = """
import sys
from pathlib import Path
from hotline_tui.clock import FixedClock
from hotline_tui.db.store import Store
from hotline_tui.domain.handover.items import add_item
from tests.helpers import chief

db, log, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
store = Store.open(db, FixedClock("2026-11-30 09:00:00"))
me = chief(store)
with log.open("a", encoding="utf-8") as out:
    n = 0
    while not stop.exists():
        n += 1
        item = add_item(store, me, f"{log.stem} {n}", "1004")
        out.write(f"{item}\\n")  # written only once committed
        out.flush()
store.close()
"""


def _logged(path: Path) -> set[int]:
    if not path.exists():
        return set()
    return {int(line) for line in path.read_text(encoding="utf-8").split()}


def _items(db: Path) -> set[int]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM open_item")}


def test_a_backup_taken_while_two_processes_write_holds_all_committed_then_restores(
    demo_file, tmp_path
):
    stop = tmp_path / "stop"
    logs = [tmp_path / "writer-a.log", tmp_path / "writer-b.log"]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(demo_file), str(log), str(stop)],
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        for log in logs
    ]
    try:
        wait_for(lambda: all(len(_logged(log)) >= 5 for log in logs), what="both writing")
        committed = set().union(*(_logged(log) for log in logs))
        target, report = backup_into(
            demo_file, tmp_path / "backups", pendulum.datetime(2026, 11, 30, 9, tz="Asia/Shanghai")
        )
        # The writers went on during and after the copy.
        wait_for(
            lambda: len(set().union(*(_logged(log) for log in logs))) >= len(committed) + 10,
            what="writes after the backup",
        )
    finally:
        stop.touch()
        for writer in writers:
            writer.wait(timeout=60)
    assert all(w.returncode == 0 for w in writers)
    assert report.ok and target.name == "hotline-20261130-090000.db"
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert not Path(f"{target}-wal").exists()  # one file
    in_backup = _items(target)
    assert committed <= in_backup, "a write committed before the backup is missing"
    later = set().union(*(_logged(log) for log in logs)) - in_backup
    assert later, "the writers were not writing while the backup was taken"

    result = restore(demo_file, target, pendulum.datetime(2026, 11, 30, 10, tz="Asia/Shanghai"))
    assert _items(demo_file) == in_backup
    assert check_database(demo_file, None).ok
    assert any("交接班签收摘要" in line and "全部一致" in line
               for line in check_database(demo_file, None).lines)  # fmt: skip
    # The file it replaced is kept, the later writes in it.
    assert result.aside is not None and later <= _items(result.aside)
    assert any("操作记录校验链" in line for line in result.lines)


def test_restore_is_refused_while_a_terminal_has_the_database_open(demo_file, tmp_path, clock):
    backup = tmp_path / "copy.db"
    take_backup(demo_file, backup)
    store = Store.open(str(demo_file), clock)
    try:
        with pytest.raises(StoreError) as refused:
            restore(demo_file, backup, clock.now())
        assert f"进程 {os.getpid()}" in refused.value.message
        assert "请先让它们退出" in refused.value.message
        # Not a byte changed, nothing set aside.
        assert not list(tmp_path.glob("*.before-restore-*"))
    finally:
        store.close()
    restore(demo_file, backup, clock.now())  # once it has closed


def test_a_terminal_that_died_does_not_block_a_restore(demo_file, tmp_path, clock):
    backup = tmp_path / "copy.db"
    take_backup(demo_file, backup)
    script = (
        "import os, sys\n"
        "from hotline_tui.clock import FixedClock\n"
        "from hotline_tui.db.store import Store\n"
        "Store.open(sys.argv[1], FixedClock('2026-11-30 09:00:00'))\n"
        "os._exit(9)  # no close: as a terminal killed with its SSH session\n"
    )
    died = subprocess.run([sys.executable, "-c", script, str(demo_file)], cwd=REPO, check=False)
    assert died.returncode == 9
    assert list((demo_file.parent / (demo_file.name + ".terminals")).glob("*.json"))
    restore(demo_file, backup, clock.now())


def test_no_terminal_opens_the_database_while_it_is_being_restored(demo_file, clock):
    from hotline_tui.db import presence

    with presence.restoring(demo_file) as others:
        assert others == []
        with pytest.raises(StoreError, match="正在从备份恢复"):
            Store.open(str(demo_file), clock)
    Store.open(str(demo_file), clock).close()


def test_a_damaged_or_foreign_backup_is_not_restored(demo_file, tmp_path, clock):
    backup = tmp_path / "copy.db"
    take_backup(demo_file, backup)
    before = demo_file.read_bytes()
    with sqlite3.connect(backup) as conn:
        conn.execute("UPDATE handover SET traffic = '平稳，无异常' WHERE status = 'signed'")
    with pytest.raises(StoreError, match="备份未通过检查，没有恢复"):
        restore(demo_file, backup, clock.now())
    text = tmp_path / "notes.txt"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(StoreError, match="不是值班台的备份"):
        restore(demo_file, text, clock.now())
    assert demo_file.read_bytes() == before


def test_the_backup_command_writes_a_checked_file_and_restore_reports(demo_file, tmp_path, capsys):
    folder = tmp_path / "backups"
    config = tmp_path / "config.toml"
    config.write_text(f'backup_dir = "{folder}"\n', encoding="utf-8")
    os.environ["HOTLINE_CONFIG"] = str(config)  # the autouse fixture restores it
    assert main(["backup", "--db", str(demo_file), "--with-key"]) == 0
    out = capsys.readouterr().out
    (made,) = list_backups(folder)
    assert str(made.path) in out and "检查通过" in out and "操作记录校验链" in out
    assert (
        Path(f"{made.path}.key").read_bytes() == Path(os.environ["HOTLINE_KEY_FILE"]).read_bytes()
    )
    assert main(["backup", "--db", str(demo_file), "-o", str(made.path)]) == 2
    assert "已存在" in capsys.readouterr().err
    assert main(["restore", "--db", str(demo_file), str(made.path)]) == 0
    out = capsys.readouterr().out
    assert "已从备份恢复" in out and "恢复前的数据库已另存为" in out and "人员 121 人" in out


def _b(when: str) -> Backup:
    return Backup(Path(f"/b/{when}.db"), datetime.fromisoformat(when))


def test_keeping_the_newest_of_each_recent_day_and_month():
    backups = [
        _b("2026-08-15 02:00"),  # newest of August: beyond three months
        _b("2026-09-20 02:00"),
        _b("2026-09-30 02:00"),  # newest of September: kept as a month
        _b("2026-10-31 02:00"),  # newest of October
        _b("2026-11-27 02:00"),  # before the last three days, not a month's newest
        _b("2026-11-28 02:00"),
        _b("2026-11-29 02:00"),
        _b("2026-11-29 09:00"),  # the newest of the 29th
        _b("2026-11-30 02:00"),
    ]
    gone = to_prune(backups, date(2026, 11, 30), keep_days=3, keep_months=3)
    assert [b.taken.isoformat(" ", "minutes") for b in gone] == [
        "2026-08-15 02:00",
        "2026-09-20 02:00",
        "2026-11-27 02:00",
        "2026-11-29 02:00",
    ]
    # However old, the newest backup stays.
    assert to_prune([_b("2025-01-01 02:00")], date(2026, 11, 30), 3, 3) == []


def test_when_a_backup_is_due_and_when_the_header_warns():
    at = "02:00"

    def now(text: str) -> pendulum.DateTime:
        return pendulum.parse(text, tz="Asia/Shanghai")  # type: ignore[return-value]

    assert backup_due(None, now("2026-11-30 09:00"), at, starting=False)
    yesterday = _b("2026-11-29 02:00")
    assert backup_due(yesterday, now("2026-11-30 01:00"), at, starting=True)  # first start today
    assert not backup_due(yesterday, now("2026-11-30 01:59"), at, starting=False)
    assert backup_due(yesterday, now("2026-11-30 02:00"), at, starting=False)
    assert not backup_due(_b("2026-11-30 02:00"), now("2026-11-30 23:00"), at, starting=False)
    assert not backup_due(_b("2026-11-30 00:10"), now("2026-11-30 01:00"), at, starting=True)
    assert backup_due(_b("2026-11-30 00:10"), now("2026-11-30 02:00"), at, starting=False)

    assert stale_text(None, now("2026-11-30 09:00")) == ("尚无数据库备份", "无备份")
    assert stale_text(_b("2026-11-29 09:00"), now("2026-11-30 09:00")) is None
    assert stale_text(_b("2026-11-28 02:00"), now("2026-11-30 09:00")) == (
        "最近备份已过 2 天",
        "备份2天前",
    )


def test_a_holder_is_named_by_what_it_runs():
    from hotline_tui.db.presence import _command

    assert _command(["/usr/local/bin/hotline-tui"]) == "hotline-tui run"
    assert _command(["/x/hotline_tui/__main__.py", "--db", "a.db"]) == "hotline-tui run"
    assert _command(["hotline-tui", "--db", "a.db", "wallboard"]) == "hotline-tui wallboard"
    assert _command(["hotline-tui", "export", "handovers", "-o", "x.pdf"]) == "hotline-tui export"
    assert _command(["hotline-tui", "--as", "1004", "run"]) == "hotline-tui run"
    assert _command(["-c"]) == "-c"
