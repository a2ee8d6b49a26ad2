"""``hotline-tui config``: where each file is, for the operator: what to back up, what
survives an upgrade."""

from __future__ import annotations

import argparse
from pathlib import Path

from hotline_tui.commands.common import db_text
from hotline_tui.config import config_file, default_key_path, load_settings
from hotline_tui.logs import log_file


def main(args: argparse.Namespace) -> int:
    path = config_file()
    settings = load_settings().with_db(args.db)
    rows: list[tuple[str, Path | str, str]] = [
        ("配置文件", path, "" if path.is_file() else "（不存在，用默认设置）"),
        ("数据库", db_text(settings.db), ""),
        ("校验密钥", default_key_path(), "（与数据库分开保管；恢复到别的电脑时一起带上）"),
        ("平面图", settings.floorplan_path, ""),
    ]
    for n, workdays in enumerate(settings.workdays_paths):
        note = "（随软件安装，升级时替换）" if n == 0 else "（办公室录入，升级不影响）"
        exists = "" if workdays.is_file() else "（尚未建立）"
        rows.append(("工作日文件", workdays, note + exists))
    auto = (
        f"（本终端每天 {settings.backup_time} 自动备份，保留 {settings.backup_keep_days} 天、"
        f"{settings.backup_keep_months} 个月）"
        if settings.backup_here
        else "（本终端不自动备份）"
    )
    rows.append(("备份文件夹", settings.backup_folder, auto))
    rows.append(("日志文件", log_file(), ""))
    for title, where, note in rows:
        print(f"{title}：{where}{note}")
    traffic = settings.traffic
    print(f"话务报表（import-traffic）：{traffic.service_seconds} 秒内接通算及时；表头 → 字段：")
    for header, field in traffic.headers.items():
        print(f"  {header} → {field}")
    return 0
