"""``export attendance``: a month's attendance sheet (月考勤表) as a workbook."""

from __future__ import annotations

import argparse

from hotline_tui.clock import clock_from_environment
from hotline_tui.commands.arguments import month_arg, output_path
from hotline_tui.commands.common import export_file
from hotline_tui.config import Settings
from hotline_tui.exports.attendance_sheet import write_sheet
from hotline_tui.model.arrival import ArrivalRule


def main(args: argparse.Namespace, settings: Settings) -> int:
    month = month_arg(args.month)
    path = output_path(
        args.output, ".xlsx", refusal="月考勤表导出为 Excel 文件，请用 .xlsx 结尾：{name}"
    )
    clock = clock_from_environment()
    rule = ArrivalRule.of(settings)
    people = export_file(
        args, settings, "attendance", "考勤表", path,
        lambda store, _actor, temp: write_sheet(store, month, temp, clock.now(), rule),
        f"{month:%Y-%m}",
    )  # fmt: skip
    print(f"已导出 {month:%Y-%m} 月考勤表（{people} 人）到 {path}")
    return 0
