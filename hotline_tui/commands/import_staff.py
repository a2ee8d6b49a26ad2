"""``hotline-tui import-staff FILE --as STAFF_NO``: the staff list from a spreadsheet."""

from __future__ import annotations

import argparse
from pathlib import Path

from hotline_tui.commands.common import signed_in
from hotline_tui.config import Settings
from hotline_tui.imports.staff_file import import_staff


def main(args: argparse.Namespace, settings: Settings) -> int:
    why = "请用 --as 给出导入人的工号：人员的每一次修改都记在操作人名下。"
    with signed_in(args, settings, why) as (store, actor):
        summary = import_staff(
            store,
            actor,
            Path(args.file).expanduser(),
            create_groups=args.create_groups,
            check_only=args.check,
        )
    if args.check:
        print(f"检查通过，未保存。导入后将{summary.text}")
    else:
        print(f"已导入人员名单：{summary.text}")
    return 0
