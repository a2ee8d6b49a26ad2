"""``hotline-tui check``: the settings, the shift table, the workday files, the floor plan,
then the database, each said to be right or what is wrong with it. A broken settings
file is one of the things it reports, so it loads the settings itself."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hotline_tui.config import SettingsError, config_file, load_settings, settings_places
from hotline_tui.db.store import preflight, resolve_target, safe_text, server_url
from hotline_tui.domain.health import check_database, check_server
from hotline_tui.errors import DomainError
from hotline_tui.model.floorplan import FloorplanError, load_floorplan
from hotline_tui.model.text import visible
from hotline_tui.workdays import WorkdaysError, load_overrides


def main(args: argparse.Namespace) -> int:
    problems: list[str] = []

    def problem(text: str) -> None:
        problems.append(text)
        print(f"问题：{visible(text)}")

    path = config_file()
    try:
        settings = load_settings().with_db(args.db)
        print(f"配置文件：{path}（{'正常' if path.is_file() else '不存在，用默认设置'}）")
    except SettingsError as exc:
        problem(f"配置文件 {path}：{exc}")
        settings = settings_places().with_db(args.db)
    shifts = "，".join(f"{s.name} {s.start}–{s.end}" for s in settings.shifts)
    print(f"班次表：{shifts}")
    for workdays in settings.workdays_paths:
        try:
            years = sorted(load_overrides(workdays))
        except WorkdaysError as exc:
            problem(str(exc))
            continue
        if not workdays.is_file():
            print(f"工作日文件：{workdays}（没有这个文件，不影响使用）")
        else:
            entered = "、".join(str(y) for y in years) or "无"
            print(f"工作日文件：{workdays}（正常；录入的年份：{entered}）")
    try:
        floorplan = load_floorplan(settings.floorplan_path)
    except FloorplanError as exc:
        problem(f"平面图：{exc}")
        floorplan = None
    db: Path | None = None
    try:
        url = server_url(settings.db)
        if url is None:
            db = resolve_target(settings.db)
            preflight(db, create=False, need_write=False)
    except DomainError as exc:
        # No database to look at: as every command says it, one sentence, exit 2.
        print(f"hotline-tui：{visible(exc.message)}", file=sys.stderr)
        return 2
    if db is not None:
        report = check_database(db, floorplan)
        print(f"数据库：{db}")
    else:
        assert url is not None
        report = check_server(url, floorplan)
        print(f"数据库：{safe_text(url)}")
    for line in report.lines:
        print(line)
    for line in report.problems:
        problem(line)
    print("结论：正常" if not problems else f"结论：发现 {len(problems)} 个问题")
    return 0 if not problems else 1
