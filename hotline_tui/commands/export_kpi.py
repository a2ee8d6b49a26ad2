"""``export kpi``: the nine indicators of a month or a quarter, as a workbook or a CSV."""

from __future__ import annotations

import argparse

from hotline_tui.clock import clock_from_environment
from hotline_tui.commands.arguments import month_arg, output_path
from hotline_tui.commands.common import export_file
from hotline_tui.config import Settings
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from hotline_tui.exports.kpi_review import write_review
from hotline_tui.model.arrival import ArrivalRule
from hotline_tui.model.periods import parse_quarter


def main(args: argparse.Namespace, settings: Settings) -> int:
    if bool(args.month) == bool(args.quarter):
        raise DomainError("请用 --month YYYY-MM 或 --quarter YYYY-Qn 给出期间（二选一）。")
    month = month_arg(args.month) if args.month else parse_quarter(args.quarter)
    path = output_path(
        args.output,
        ".xlsx",
        ".csv",
        refusal="考核指标导出为 .xlsx（工作簿）或 .csv（汇总），而不是：{name}",
    )
    clock = clock_from_environment()
    export_file(
        args,
        settings,
        "kpi",
        "考核指标",
        path,
        lambda store, _actor, temp: write_review(
            store,
            month,
            temp,
            clock.now(),
            list_shifts(store),
            quarter=bool(args.quarter),
            sla=settings.sla,
            rule=ArrivalRule.of(settings),
        ),
        args.month or args.quarter,
    )
    print(f"已导出考核指标（{args.month or args.quarter}）到 {path}")
    return 0
