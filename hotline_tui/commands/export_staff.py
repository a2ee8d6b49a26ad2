"""``export staff``: the staff list, in the form import-staff reads back."""

from __future__ import annotations

import argparse

from hotline_tui.commands.arguments import output_path
from hotline_tui.commands.common import export_file
from hotline_tui.config import Settings
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.exports.staff_list import write_staff


def main(args: argparse.Namespace, settings: Settings) -> int:
    path = output_path(
        args.output, ".xlsx", refusal="人员名单导出为 Excel 文件，请用 .xlsx 结尾：{name}"
    )
    people = export_file(
        args, settings, "staff", "人员名单", path,
        lambda store, _actor, temp: write_staff(list_staff(store), temp),
    )  # fmt: skip
    print(f"已导出人员名单（{people} 人）到 {path}")
    return 0
