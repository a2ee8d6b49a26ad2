"""``export rota``: the rota of a span of days in the wide layout chiefs keep, ready to
edit and import back with ``import-rota``."""

from __future__ import annotations

import argparse

from hotline_tui.clock import clock_from_environment
from hotline_tui.commands.arguments import date_span, output_path
from hotline_tui.commands.common import say_if_reading
from hotline_tui.config import Settings
from hotline_tui.domain.attendance.rota import rota_between
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.setup import open_existing
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from hotline_tui.exports.files import write_whole
from hotline_tui.exports.rota_sheet import write_rota

MAX_DAYS = 62  # two months side by side is already wider than a page


def main(args: argparse.Namespace, settings: Settings) -> int:
    since, until = date_span(args.since, args.until)
    if (until - since).days >= MAX_DAYS:
        raise DomainError(f"排班表一次最多导出 {MAX_DAYS} 天，请分段导出。")
    path = output_path(
        args.output, ".xlsx", refusal="排班表导出为 Excel 文件，请用 .xlsx 结尾：{name}"
    )
    store = open_existing(settings, clock_from_environment())
    try:
        say_if_reading(store)
        # Everyone still on the staff when the span begins, in the groups' order.
        people = list_staff(store, on=since)
        entries = rota_between(store, since, until)
        shifts = list_shifts(store)
        count = write_whole(
            path, lambda temp: write_rota(people, entries, shifts, since, until, temp)
        )
    finally:
        store.close()
    print(f"已导出 {since} 至 {until} 的排班表（{count} 人）到 {path}")
    return 0
