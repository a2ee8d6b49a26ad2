"""Running it for real: the log file, `check` on the settings and workday files, the
office's workday file beside the settings, `config`, and the app's own backups."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from hotline_tui.cli import main
from hotline_tui.config import load_settings
from hotline_tui.domain.backups import list_backups
from hotline_tui.screens.floor.plan import FloorScreen
from hotline_tui.workdays import load_calendar
from tests import server_db
from tests.helpers import chief
from tests.pilot import build_app, run, wait_until

SIZE = (120, 40)


def _log(tmp_path: Path) -> str:
    path = tmp_path / "logs" / "hotline-tui.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_an_unexpected_error_on_the_command_line_goes_to_the_log(
    demo_file, tmp_path, capsys, monkeypatch
):
    def broken(*_args):
        raise RuntimeError("磁盘控制器出错")

    monkeypatch.setattr("hotline_tui.commands.check.main", broken)
    assert main(["check", "--db", str(demo_file)]) == 1
    err = capsys.readouterr().err
    log = tmp_path / "logs" / "hotline-tui.log"
    assert "意外错误：磁盘控制器出错" in err and f"详情已写入 {log}" in err
    text = _log(tmp_path)
    assert "Traceback" in text and "RuntimeError: 磁盘控制器出错" in text and "ERROR" in text


def test_an_unexpected_error_in_a_screen_is_logged_and_said_and_the_desk_goes_on(
    demo_store, settings, clock, floorplan, tmp_path, monkeypatch
):
    def broken(self):
        raise RuntimeError("读不到座位")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, actor=chief(demo_store))
        monkeypatch.setattr(FloorScreen, "read", broken)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: app.notices, what="the notice")
            # Said once, however many of the floor's reads (a few as it starts) failed.
            (notice,) = [n for n in app.notices if n.severity == "error"]
            assert "读取数据时出错：读不到座位" in notice.text
            assert str(tmp_path / "logs" / "hotline-tui.log") in notice.text
            assert app.is_running and isinstance(app.screen, FloorScreen)

    run(scenario())
    assert "RuntimeError: 读不到座位" in _log(tmp_path)


def test_check_reports_a_broken_settings_file_and_a_broken_workday_file(
    demo_file, tmp_path, capsys, monkeypatch
):
    config = tmp_path / "settings" / "config.toml"
    config.parent.mkdir()
    config.write_text('lock_minutes = "十"\n', encoding="utf-8")
    (config.parent / "workdays.toml").write_text('[2027]\noff = ["2027-02-30"]\n', encoding="utf-8")
    monkeypatch.setenv("HOTLINE_CONFIG", str(config))
    assert main(["check", "--db", str(demo_file)]) == 1
    out = capsys.readouterr().out
    assert f"问题：配置文件 {config}：lock_minutes" in out
    assert "问题：工作日文件 workdays.toml [2027] off：“2027-02-30”不是有效日期" in out
    assert "完整性检查：正常" in out  # the database is still looked at
    assert "结论：发现 2 个问题" in out


def test_check_says_each_file_is_right(demo_file, tmp_path, capsys, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text(
        '[[shifts]]\ncode = "day"\nname = "白班"\nstart = "08:00"\nend = "18:00"\n',
        encoding="utf-8",
    )
    (tmp_path / "workdays.toml").write_text('[2027]\noff = ["2027-01-01"]\n', encoding="utf-8")
    monkeypatch.setenv("HOTLINE_CONFIG", str(config))
    assert main(["check", "--db", str(demo_file)]) == 0
    out = capsys.readouterr().out
    assert f"配置文件：{config}（正常）" in out
    assert "班次表：白班 08:00–18:00" in out
    assert f"工作日文件：{tmp_path / 'workdays.toml'}（正常；录入的年份：2027）" in out
    assert "结论：正常" in out


@pytest.mark.parametrize(
    ("shifts", "said"),
    [
        ('start = "08:00"\nend = "08:00"', "不能长达一整天"),
        ('start = "8点"\nend = "16:00"', "不是 HH:MM 格式"),
    ],
)
def test_a_bad_shift_table_is_named(tmp_path, monkeypatch, capsys, demo_file, shifts, said):
    config = tmp_path / "config.toml"
    config.write_text(f'[[shifts]]\ncode = "a"\nname = "早班"\n{shifts}\n', encoding="utf-8")
    monkeypatch.setenv("HOTLINE_CONFIG", str(config))
    assert main(["check", "--db", str(demo_file)]) == 1
    assert said in capsys.readouterr().out


def test_the_offices_workday_file_beside_the_settings_wins_over_the_packaged_one(
    tmp_path, monkeypatch
):
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    # 2027-02-06 is a Saturday; the office says it is worked (调休), 02-05 a Friday off.
    (tmp_path / "workdays.toml").write_text(
        '[2027]\noff = ["2027-02-05"]\nwork = ["2027-02-06"]\n', encoding="utf-8"
    )
    monkeypatch.setenv("HOTLINE_CONFIG", str(config))
    settings = load_settings()
    assert settings.workdays_paths[-1] == tmp_path / "workdays.toml"
    assert settings.workdays_paths[0].name == "workdays.toml"  # the packaged default first
    calendar = load_calendar(*settings.workdays_paths)
    assert calendar.knows(2027)
    assert not calendar.is_workday(date(2027, 2, 5))
    assert calendar.is_workday(date(2027, 2, 6))


def test_config_says_where_each_file_is(tmp_path, capsys, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text(
        f'backup_dir = "{tmp_path / "b"}"\nbackup_here = true\nbackup_time = "03:30"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("HOTLINE_CONFIG", str(config))
    assert main(["config", "--db", str(tmp_path / "floor.db")]) == 0
    out = capsys.readouterr().out
    assert f"配置文件：{config}\n" in out
    assert f"数据库：{tmp_path / 'floor.db'}\n" in out
    assert f"工作日文件：{tmp_path / 'workdays.toml'}（办公室录入，升级不影响）（尚未建立）" in out
    assert f"备份文件夹：{tmp_path / 'b'}（本终端每天 03:30 自动备份" in out
    assert f"日志文件：{tmp_path / 'logs' / 'hotline-tui.log'}" in out
    assert not (tmp_path / "floor.db").exists()  # it only says


@pytest.mark.skipif(server_db.on_server(), reason="the desk backs up a file; a server by pg_dump")
def test_the_ops_terminal_backs_up_at_its_first_start_of_the_day(
    demo_store, settings, clock, floorplan, tmp_path
):
    folder = tmp_path / "backups"
    here = replace(settings, backup_here=True, backup_dir=folder)

    async def scenario():
        app = build_app(here, demo_store, clock, floorplan, actor=chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: list_backups(folder), what="the backup")
            await wait_until(pilot, lambda: any("已自动备份" in n.text for n in app.notices))
            assert "备份" not in app.header_alert.full

    run(scenario())
    (made,) = list_backups(folder)
    assert made.path.name == "hotline-20261130-090000.db"


@pytest.mark.skipif(server_db.on_server(), reason="the desk backs up a file; a server by pg_dump")
def test_the_header_warns_when_backups_fail(demo_store, settings, clock, floorplan, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")  # a file where the folder should be
    here = replace(settings, backup_here=True, backup_dir=blocked / "backups")

    async def scenario():
        app = build_app(here, demo_store, clock, floorplan, actor=chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: app.header_alert.full, what="the warning")
            assert "尚无数据库备份" in app.header_alert.full
            assert any("自动备份失败" in n.text and n.severity == "error" for n in app.notices)

    run(scenario())
    assert "自动备份失败" in _log(tmp_path)


def test_a_terminal_that_does_not_keep_backups_takes_none(
    demo_store, settings, clock, floorplan, tmp_path
):
    folder = tmp_path / "backups"

    async def scenario():
        app = build_app(
            replace(settings, backup_dir=folder), demo_store, clock, floorplan, chief(demo_store)
        )
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen))
            assert "备份" not in app.header_alert.full

    run(scenario())
    assert not folder.exists()
