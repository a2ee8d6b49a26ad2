"""Readers on a database they cannot write (#32): a read-only mount, a file without the
right to write, a full disk. They read, say so in one sentence, and leave the file and
the folder exactly as they were; every write is refused in words.

As root (CI) the folder is a read-only bind mount; for another account, a folder and
file without write permission. A full disk is the free-space floor raised above what
the disk has.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from hotline_tui.config import Settings
from hotline_tui.db.store import Store
from hotline_tui.domain.floor import seating
from hotline_tui.errors import StoreError
from tests.conftest import NOW, REPO, TODAY
from tests.helpers import DEMO_PIN, chief, run_command, shift
from tests.pilot import build_app, press, run, wait_until


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def read_only_db(demo_file, tmp_path):
    """The demo database in a folder nobody here can write to; the folder's listing and
    the file's digest as they were, to compare after."""
    source = tmp_path / "floor"
    source.mkdir()
    db = source / "demo.db"
    shutil.move(demo_file, db)
    if os.geteuid() == 0:  # root writes through permissions: a read-only mount it is
        place = tmp_path / "mounted"
        place.mkdir()
        steps = (["mount", "--bind", str(source), str(place)],
                 ["mount", "-o", "remount,bind,ro", str(place)])  # fmt: skip
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True)
            if done.returncode != 0:
                subprocess.run(["umount", str(place)], capture_output=True)
                pytest.skip(f"no read-only mount here: {done.stderr.strip()}")
        try:
            yield place / db.name
        finally:
            subprocess.run(["umount", str(place)], check=True)
    else:
        db.chmod(0o444)
        source.chmod(0o555)
        try:
            yield db
        finally:
            source.chmod(0o755)


def _untouched(db: Path, before: tuple[str, list[str]]) -> bool:
    return (_digest(db), sorted(p.name for p in db.parent.iterdir())) == before


def _as_found(db: Path) -> tuple[str, list[str]]:
    return _digest(db), sorted(p.name for p in db.parent.iterdir())


def test_check_exports_and_the_fill_preview_read_a_read_only_database(
    read_only_db, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("HOTLINE_CLOCK_START", NOW)
    monkeypatch.setenv("HOTLINE_LOG_DIR", str(tmp_path / "logs"))
    before = _as_found(read_only_db)
    db = ["--db", str(read_only_db)]
    code, said, err = run_command(capsys, "check", *db)
    assert code == 0 and "结论：正常" in said, said + err
    out = tmp_path / "kpi.xlsx"
    code, said, err = run_command(
        capsys, "export", "kpi", *db, "--month", "2026-11", "-o", str(out), "--as", "1004",
        stdin=DEMO_PIN,
    )  # fmt: skip
    assert code == 0 and out.stat().st_size > 0, err
    # Said once, before the output: it reads only; and where the export's record went.
    assert "值班台只读取，不保存任何改动" in err
    assert "这次导出记入了日志，未记入操作记录" in err
    assert "export on a read-only database" in (tmp_path / "logs" / "hotline-tui.log").read_text(
        encoding="utf-8"
    )
    staff = tmp_path / "staff.xlsx"
    code, said, err = run_command(
        capsys, "export", "staff", *db, "-o", str(staff), "--as", "1001", stdin=DEMO_PIN
    )
    assert code == 0 and "已导出人员名单（121 人）" in said, err
    handovers = tmp_path / "handovers.md"
    code, said, err = run_command(capsys, "export", "handovers", *db, "--from", "2026-11-01",
                                  "--to", "2026-11-30", "-o", str(handovers))  # fmt: skip
    assert code == 0 and "只读取" in err and handovers.read_text(encoding="utf-8")
    tomorrow = str(TODAY + timedelta(days=1))
    fill = ["seat-plan", "fill", *db, "--date", tomorrow, "--shift", "中班", "--as", "1004"]
    code, said, err = run_command(capsys, *fill, stdin=DEMO_PIN)
    assert code == 0 and "以上为预览，未保存" in said, err
    code, said, err = run_command(capsys, *fill, "--yes", stdin=DEMO_PIN)
    assert code == 2 and "值班台只读打开：本次操作未保存" in err
    # A wrong PIN is refused as anywhere (nothing can be counted on a file not written).
    code, said, err = run_command(capsys, *fill, stdin="000000\n")
    assert code == 2 and "工号或 PIN 不正确" in err
    assert _untouched(read_only_db, before)  # no -wal, no -shm, no terminals folder


def test_a_write_to_a_read_only_store_is_refused_in_words(read_only_db, clock):
    store = Store.open(str(read_only_db), clock, create=False)
    try:
        assert store.read_only == (
            "数据库所在的磁盘是只读挂载的" if os.geteuid() == 0 else "没有权限写入数据库文件"
        )
        early = shift(store)
        with pytest.raises(StoreError, match="只读打开：本次操作未保存"):
            seating.unseat(store, chief(store), TODAY, early, "A01")
        assert seating.plan_for(store, TODAY, early).seats["A01"].staff_no  # still seated
    finally:
        store.close()


def test_an_older_database_that_cannot_be_written_is_refused(read_only_db, clock, monkeypatch):
    # Its upgrade would have to write: one sentence, nothing touched.
    monkeypatch.setattr("hotline_tui.db.revisions.at_head", lambda path: False)
    before = _as_found(read_only_db)
    with pytest.raises(StoreError, match="需要先升级"):
        Store.open(str(read_only_db), clock, create=False)
    assert _untouched(read_only_db, before)


def test_a_full_disk_opens_the_desk_to_read_with_one_sentence_on_the_header(
    demo_file, clock, floorplan, monkeypatch
):
    monkeypatch.setattr("hotline_tui.db.store.MIN_FREE_BYTES", 1 << 62)  # no disk has this
    store = Store.open(str(demo_file), clock, create=False)
    settings = Settings(db=str(demo_file), floorplan=REPO / "data" / "floorplan.toml")
    early = shift(store)
    empty_before = seating.plan_for(store, TODAY, early).seats

    async def scenario():
        app = build_app(settings, store, clock, floorplan)
        async with app.run_test(size=(160, 48)) as pilot:
            said = "数据库所在的磁盘已满：值班台只读取，不保存任何改动。"
            await wait_until(pilot, lambda: said in app.header_alert.full, what="the header")
            await press(pilot, *"1004", "enter", *DEMO_PIN, "enter")  # the PIN still works
            await wait_until(pilot, lambda: app.actor is not None, what="signed in")
            await wait_until(pilot, lambda: app.current_mode == "floor", what="the floor")
            assert said in app.header_alert.full  # on every screen

    try:
        run(scenario())
        assert seating.plan_for(store, TODAY, early).seats == empty_before
    finally:
        store.close()
    assert not demo_file.with_name("demo.db-wal").exists()


def test_the_wallboard_runs_on_a_read_only_database(read_only_db, clock):
    from hotline_tui.domain.clocks.countdown import open_clocks
    from hotline_tui.wallboard import WallboardApp
    from hotline_tui.widgets.countdown_list import CountdownList
    from hotline_tui.workdays import Calendar

    before = _as_found(read_only_db)
    store = Store.open(str(read_only_db), clock, create=False)

    async def scenario():
        app = WallboardApp(store, clock, 94, Calendar(), poll_seconds=0.05)
        async with app.run_test(size=(160, 48)) as pilot:
            expected = len(open_clocks(store))
            await wait_until(
                pilot, lambda: len(app.query_one(CountdownList).clocks) == expected > 0,
                what="the open clocks",
            )  # fmt: skip
            await press(pilot, "q")

    try:
        run(scenario())
    finally:
        store.close()
    assert _untouched(read_only_db, before)
