"""The monthly (or quarterly) review workbook: the summary, and a sheet per computed
indicator listing the records it is computed from.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pendulum

from hotline_tui.db.store import Store
from hotline_tui.domain.indicators.records import RECORD_COLUMNS
from hotline_tui.domain.indicators.report import Line, judged, met_text, rate_text, report
from hotline_tui.domain.periods import month_of, quarter_of
from hotline_tui.domain.shifts import Shift
from hotline_tui.exports.cells import csv_cell, save_workbook


def _period(month: date, quarter: bool) -> tuple[date, date]:
    return quarter_of(month) if quarter else month_of(month)


def summary_rows(lines: list[Line], quarter: bool) -> list[list[str | int]]:
    """The summary: this period's counts, and the value the contract judges (the
    quarter's for quarterly indicators) with its result."""
    rows: list[list[str | int]] = [
        [
            "序号",
            "指标",
            "考核周期",
            "分子",
            "分母",
            "比率",
            "考核值",
            "目标",
            "结果",
            "来源",
            "说明",
        ]
    ]
    for line in lines:
        ind = line.indicator
        value = line.quarter if quarter else line.month
        judge = line.quarter if quarter else judged(line)
        rows.append([
            ind.no if ind else "", line.name,
            ("季" if ind.period == "quarter" else "月") if ind else "月",
            value.numerator, value.denominator, rate_text(line, value),
            rate_text(line, judge), ind.target_text if ind else "100%", met_text(line, judge),
            ind.source if ind else "系统记录", line.detail,
        ])  # fmt: skip
    return rows


def write_review(
    store: Store,
    month: date,
    path: Path,
    now: pendulum.DateTime,
    shifts: list[Shift],
    *,
    quarter: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> int:
    """Write the workbook (xlsx) or the summary (csv) to ``path``; returns sheets written."""
    lines = report(store, month, now, shifts)
    if path.suffix.lower() == ".csv":
        path.write_text(csv_text(lines, month), encoding="utf-8-sig")
        return 1
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    period = _period(month, quarter)
    computed = [line for line in lines if line.records is not None]
    steps = 1 + len(computed)
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总"
    label = f"{period[0]:%Y-%m} 至 {period[1]:%Y-%m}" if quarter else f"{month:%Y-%m}"
    sheet.append([f"西城区政务服务热线 考核指标 {label}"])
    for row in summary_rows(lines, quarter):
        sheet.append(row)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    missed = PatternFill("solid", fgColor="F4CCCC")
    for r in range(3, sheet.max_row + 1):
        if sheet.cell(row=r, column=9).value == "未达标":
            for c in range(1, 12):
                sheet.cell(row=r, column=c).fill = missed
    sheet.column_dimensions["B"].width = 26
    sheet.column_dimensions["K"].width = 36
    if progress:
        progress(1, steps, "汇总")
    for n, line in enumerate(computed, start=2):
        key = line.indicator.no if line.indicator else 0
        assert line.records is not None  # only the computed indicators have a sheet
        records = line.records(period)
        ws = book.create_sheet(title=line.name[:28])
        ws.append(list(RECORD_COLUMNS[key]))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for record in records:
            ws.append([("" if v is None else v) for v in record.cells])
            if record.counted and not record.ok:
                for cell in ws[ws.max_row]:
                    cell.fill = missed
        if progress:
            progress(n, steps, line.name)
    save_workbook(book, path)
    return steps


def csv_text(lines: list[Line], month: date) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "序号",
            "指标",
            "考核周期",
            "本月分子",
            "本月分母",
            "本月",
            "本季分子",
            "本季分母",
            "本季",
            "目标",
            "结果",
            "来源",
        ]
    )
    for line in lines:
        ind = line.indicator
        writer.writerow([csv_cell(v) for v in [
            ind.no if ind else "", line.name, {"month": "月", "quarter": "季"}[ind.period] if ind else "月",
            line.month.numerator, line.month.denominator, rate_text(line, line.month),
            line.quarter.numerator, line.quarter.denominator, rate_text(line, line.quarter),
            ind.target_text if ind else "100%", met_text(line), ind.source if ind else "系统记录",
        ]])  # fmt: skip
    return out.getvalue()
