"""``export report``: a daily, weekly or monthly work report (工作汇报) once its span is over."""

from __future__ import annotations

import argparse
from pathlib import Path

from hotline_tui.clock import clock_from_environment
from hotline_tui.commands.arguments import output_path
from hotline_tui.commands.common import export_file
from hotline_tui.config import Settings
from hotline_tui.db.store import Store
from hotline_tui.domain.reports.document import document
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from hotline_tui.exports.work_report import SUFFIXES, write_report
from hotline_tui.model.arrival import ArrivalRule
from hotline_tui.model.report_period import ReportPeriod, parse_day, parse_month, parse_week
from hotline_tui.model.staff_row import StaffRow


def main(args: argparse.Namespace, settings: Settings) -> int:
    given = [name for name in ("day", "week", "month") if getattr(args, name)]
    if len(given) != 1:
        raise DomainError(
            "请用 --day YYYY-MM-DD、--week YYYY-Www 或 --month YYYY-MM 给出期间（三选一）。"
        )
    if args.day:
        period = ReportPeriod.day(parse_day(args.day))
    elif args.week:
        period = parse_week(args.week)
    else:
        period = parse_month(args.month)
    path = output_path(
        args.output,
        *SUFFIXES,
        refusal="工作汇报导出为 .xlsx（Excel）或 .md（Markdown），而不是：{name}",
    )
    clock = clock_from_environment()

    def write(store: Store, _actor: StaffRow, temp: Path) -> int:
        doc = document(
            store, list_shifts(store), period, clock.now(), settings.report_due,
            ArrivalRule.of(settings),
        )  # fmt: skip
        if not doc.ended:
            raise DomainError(f"{period.title}的时段还没有结束，结束后才能导出。")
        write_report(doc, temp, store.chain_head())
        return 1

    export_file(args, settings, "report", "工作汇报", path, write, period.title)
    print(f"已导出{period.title} 到 {path}")
    return 0
