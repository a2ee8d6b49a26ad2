"""The staff list back out, in the columns ``import-staff`` reads (人员名单)."""

from __future__ import annotations

from pathlib import Path

from hotline_tui.domain.people.records import SHEET_COLUMNS
from hotline_tui.domain.people.roster import StaffRow
from hotline_tui.exports.cells import save_workbook

COLUMNS = tuple(SHEET_COLUMNS)  # 工号, 姓名, 组, 岗位, 状态, 入职日期, 技能, 手机
WIDTHS = (10, 12, 18, 10, 8, 12, 14, 16)


def write_staff(people: list[StaffRow], path: Path) -> int:
    """One row a person, as they stand; returns how many were written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "人员名单"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for p in people:
        row = [
            p.staff_no,
            p.name,
            p.group,
            p.post,
            p.status,
            p.hire_date,  # a real date cell
            "、".join(p.skills.split(",")) if p.skills else "",
            p.phone,
        ]
        sheet.append(row)
        sheet.cell(row=sheet.max_row, column=6).number_format = "yyyy-mm-dd"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.freeze_panes = "A2"
    save_workbook(book, path)
    return len(people)
