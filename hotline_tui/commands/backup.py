"""``hotline-tui backup [-o FILE] [--with-key]``: a checked copy of the database file."""

from __future__ import annotations

import argparse
import shutil

from hotline_tui.clock import clock_from_environment
from hotline_tui.commands.arguments import output_path
from hotline_tui.config import Settings, default_key_path
from hotline_tui.db.store import preflight, resolve_target
from hotline_tui.domain.backups import backup_into, take_backup
from hotline_tui.errors import DomainError


def main(args: argparse.Namespace, settings: Settings) -> int:
    path = resolve_target(settings.db)
    preflight(path, create=False, need_write=False)
    now = clock_from_environment().now()
    if args.output:
        target = output_path(args.output)
        if target.exists():
            raise DomainError(f"{target} 已存在；备份不覆盖已有文件，请换一个文件名。")
        report = take_backup(path, target)
    else:
        target, report = backup_into(path, settings.backup_folder, now)
    print(f"已备份数据库 {path}")
    print(f"到 {target}（{target.stat().st_size / 1_048_576:.1f} MB），检查通过：")
    for line in report.passed.values():  # what the check found, not every table's rows
        print(f"  {line}")
    if args.with_key:
        key = default_key_path()
        if not key.is_file():
            raise DomainError(f"找不到校验密钥 {key}，备份已完成但没有复制密钥。")
        copy = target.with_name(target.name + ".key")
        shutil.copyfile(key, copy)
        copy.chmod(0o600)  # the key itself: never shared with a group
        print(f"校验密钥已复制到 {copy}")
    return 0
