"""The monthly 考勤表 as an Excel workbook, for the customer's monthly review."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pendulum

from hotline_tui.db.store import Store
from hotline_tui.domain.attendance.sheet import monthly_sheet
from hotline_tui.exports.cells import print_ready, save_workbook
from hotline_tui.model.arrival import CODES, FORMAL_ONLY, UNMARKED_CODE, ArrivalRule
from hotline_tui.model.percent import cut_fraction, percent_format
from hotline_tui.model.shifts import WEEKDAYS


def write_sheet(
    store: Store,
    month: date,
    path: Path,
    now: pendulum.DateTime | None = None,
    rule: ArrivalRule = FORMAL_ONLY,
) -> int:
    """Write the month's sheet to ``path`` (xlsx); returns the number of people.

    Each person's 到岗/排班 are their own; the two 计入到达率 columns are what the
    indicator counts of them (not their days on probation, unless the rule counts
    those), and the 合计 row's rate is the indicator's."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    days, rows = monthly_sheet(store, month, now, rule)
    book = Workbook()
    sheet = book.active
    sheet.title = f"{month:%Y-%m} 考勤表"
    sheet.append([f"西城区政务服务热线 {month.year} 年 {month.month} 月考勤表"])
    sheet.append(
        [
            "工号",
            "姓名",
            "工作组",
            *[f"{d.day}" for d in days],
            "到岗",
            "排班",
            "到达率",
            "加班（小时）",
            "计入到达率：到岗",
            "计入到达率：排班",
        ]
    )
    sheet.append(["", "", "", *[WEEKDAYS[d.weekday()][-1] for d in days], *[""] * 6])
    weekend = PatternFill("solid", fgColor="EEEEEE")
    for row in rows:
        rate = cut_fraction(row.arrived, row.scheduled) if row.scheduled else None
        sheet.append(
            [
                row.staff_no,
                row.label,
                row.group,
                *row.codes,
                row.arrived,
                row.scheduled,
                rate,
                round(row.overtime, 2),
                row.rate_arrived,
                row.rate_scheduled,
            ]  # fmt: skip
        )
        cell = sheet.cell(row=sheet.max_row, column=len(days) + 6)
        cell.number_format = percent_format(1)
    counted_arrived = sum(r.rate_arrived for r in rows)
    counted = sum(r.rate_scheduled for r in rows)
    sheet.append(
        [
            "合计",
            "到达率按计入的人次" if counted != sum(r.scheduled for r in rows) else "",
            "",
            *[""] * len(days),
            sum(r.arrived for r in rows),
            sum(r.scheduled for r in rows),
            cut_fraction(counted_arrived, counted) if counted else None,
            round(sum(r.overtime for r in rows), 2),
            counted_arrived,
            counted,
        ]
    )
    sheet.cell(row=sheet.max_row, column=len(days) + 6).number_format = percent_format(1)
    legend = "，".join(f"{code} {status}" for status, code in CODES.items())
    sheet.append([f"图例：{legend}，{UNMARKED_CODE} 已排班未标记，空白为未排班。{rule.text}"])
    for col in range(4, 4 + len(days)):
        sheet.column_dimensions[sheet.cell(row=2, column=col).column_letter].width = 4
        if days[col - 4].weekday() >= 5:
            for r in range(2, 4):
                sheet.cell(row=r, column=col).fill = weekend
    for r in (2, 3):
        for cell in sheet[r]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 18
    for col in range(4 + len(days), 10 + len(days)):  # the totals: their headings' widths
        letter = sheet.cell(row=2, column=col).column_letter
        sheet.column_dimensions[letter].width = 10 if col < 8 + len(days) else 16
    sheet.freeze_panes = "D4"
    # On paper: one page wide, the day rows and the names on every page.
    print_ready(sheet, "考勤表", f"{month.year} 年 {month.month} 月", title_rows="1:3",
                title_columns="A:B")  # fmt: skip
    save_workbook(book, path)
    return len(rows)
