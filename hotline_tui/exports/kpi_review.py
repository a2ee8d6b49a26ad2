"""The monthly (or quarterly) review workbook: the summary, and a sheet per computed
indicator listing the records it is computed from.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pendulum

from hotline_tui.config import SlaSpec
from hotline_tui.db.store import Store
from hotline_tui.domain.indicators.records import RECORD_COLUMNS, against_first
from hotline_tui.domain.indicators.report import (
    Line,
    digits,
    judged,
    met_text,
    months_text,
    quarter_met,
    quarter_note,
    rate_text,
    report,
)
from hotline_tui.exports.cells import (
    csv_cell,
    date_formats,
    fit_widths,
    print_ready,
    save_workbook,
    sheet_value,
)
from hotline_tui.model.arrival import FORMAL_ONLY, ArrivalRule
from hotline_tui.model.indicators import Value
from hotline_tui.model.percent import cut_fraction, percent_format
from hotline_tui.model.periods import month_of, quarter_of
from hotline_tui.model.shifts import Shift


def _period(month: date, quarter: bool) -> tuple[date, date]:
    return quarter_of(month) if quarter else month_of(month)


SUMMARY_COLUMNS = ("序号", "指标", "考核周期", "分子", "分母", "比率", "考核值", "目标", "结果",
                   "来源", "说明", "本季各月")  # fmt: skip
RATE_COLUMNS = (6, 7)  # 比率, 考核值 (1-based): numbers in the workbook, text in the CSV


# Two more digits in the workbook than on the screen, cut the same way: the reviewers
# read the cell closer, and no cell's format rounds it across the target.
MORE_DIGITS = 2


def _cell_rate(line: Line, value: Value) -> float | None:
    if value.rate is None:
        return None
    decimals, up = digits(line)
    return cut_fraction(value.numerator, value.denominator, decimals + MORE_DIGITS, up)


def summary_rows(lines: list[Line], quarter: bool, *, numbers: bool) -> list[list[Any]]:
    """The summary: this period's counts, and the value the contract judges (the
    quarter's for quarterly indicators) with its result. The workbook gets the rates
    as numbers (``numbers``), the CSV the same figures as the screen writes them."""
    rows: list[list[Any]] = [list(SUMMARY_COLUMNS)]
    for line in lines:
        ind = line.indicator
        value = line.quarter if quarter else line.month
        judge = line.quarter if quarter else judged(line)
        # A quarter's workbook judges a monthly indicator month by month (月度考核):
        # one failed month fails the quarter, whatever the quarter's sums say.
        result = met_text(line, judge)
        if quarter:
            met = quarter_met(line)
            result = "无数据" if met is None else "达标" if met else "未达标"
        note = quarter_note(line) if quarter or (ind and ind.period == "quarter") else ""

        def rate(v: Value, line: Line = line) -> Any:
            return _cell_rate(line, v) if numbers else rate_text(line, v)

        rows.append([
            ind.no if ind else "", line.name,
            ("季" if ind.period == "quarter" else "月") if ind else "月",
            value.numerator, value.denominator, rate(value), rate(judge),
            ind.target_text if ind else "100%", result,
            line.source, line.detail + (f"；{note}" if note else ""),
            months_text(line),
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
    sla: SlaSpec | None = None,
    rule: ArrivalRule = FORMAL_ONLY,
) -> int:
    """Write the workbook (xlsx) or the summary (csv) to ``path``; returns sheets written."""
    if quarter:
        # Its last month so far: each month of the quarter up to now is judged and shown.
        first, last = quarter_of(month)
        month = max(first.replace(day=1), min(last.replace(day=1), now.date().replace(day=1)))
    lines = report(store, month, now, shifts, rule)
    if path.suffix.lower() == ".csv":
        path.write_text(csv_text(lines, quarter), encoding="utf-8-sig")
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
    header, *body = summary_rows(lines, quarter, numbers=True)
    sheet.append(header)
    for line, row in zip(lines, body, strict=True):
        sheet.append(row)
        shown = percent_format(digits(line)[0] + MORE_DIGITS)
        for column in RATE_COLUMNS:
            sheet.cell(row=sheet.max_row, column=column).number_format = shown
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    missed = PatternFill("solid", fgColor="F4CCCC")
    for r in range(3, sheet.max_row + 1):
        if sheet.cell(row=r, column=9).value == "未达标":
            for c in range(1, len(SUMMARY_COLUMNS) + 1):
                sheet.cell(row=r, column=c).fill = missed
    fit_widths(sheet, first_row=2)
    print_ready(sheet, "西城区政务服务热线 考核指标", label, title_rows="1:2")
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
        for record in against_first(records):  # the drill-down's order, too
            ws.append([sheet_value(v) for v in record.cells])
            if record.counted and not record.ok:
                for cell in ws[ws.max_row]:
                    cell.fill = missed
        date_formats(ws, first_row=2)
        fit_widths(ws)
        ws.freeze_panes = "A2"
        print_ready(ws, f"{line.name} 明细", label)
        ws.append([])
        ws.append([f"计算规则：{sheet_rule(key, sla or SlaSpec(), rule)}"])
        if progress:
            progress(n, steps, line.name)
    save_workbook(book, path)
    return steps


def sheet_rule(key: int, sla: SlaSpec, rule: ArrivalRule = FORMAL_ONLY) -> str:
    """The rule each records sheet is counted by, printed under its records."""
    minutes = sla.fault_report_minutes
    urgent = "、".join(f"{c} {m} 分钟" for c, m in sla.urgent_minutes)
    return {
        2: f"发现后 {minutes} 分钟内上报采购人为及时。合同只写“及时”，{minutes} 分钟是本项目的"
        "设定（设置文件 [sla] fault_report_minutes）。尚未到期且未上报的不计。",
        4: rule.text,
        6: f"在类别时限内（{urgent}）办结或转办为及时；超时的须写明延误原因。尚未到期的不计。",
        0: f"登记后 {sla.replacement_workdays} 个工作日内答复为及时（按法定节假日和调休计算工作日）。",
    }[key]


def csv_text(lines: list[Line], quarter: bool = False) -> str:
    """The workbook's summary sheet, row for row, as the screen writes its figures."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in summary_rows(lines, quarter, numbers=False):
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()
