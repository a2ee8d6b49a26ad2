"""The rota as duty chiefs keep it (排班表): a row a person, a column a day, the cells
早/中/晚/休. ``import-rota`` reads it back unchanged (imports/rota_wide.py)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hotline_tui.exports.cells import print_ready, save_workbook, sheet_value
from hotline_tui.model.shifts import WEEKDAYS, Shift, abbreviations
from hotline_tui.model.staff_row import StaffRow

TITLE = "西城区政务服务热线 排班表"
REST = "休"


def write_rota(
    people: list[StaffRow],
    entries: dict[tuple[int, date], int],
    shifts: list[Shift],
    since: date,
    until: date,
    path: Path,
) -> int:
    """The sheet of ``since`` to ``until``: title, header (工号, 姓名, 工作组, the days as
    date cells shown 12-07), a weekday row, then everyone in group order. Returns people."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    short = {s.id: a for a, s in abbreviations(shifts).items()}
    words = {s.id: short.get(s.id, s.name) for s in shifts}
    days = [since + timedelta(days=n) for n in range((until - since).days + 1)]
    period = f"{since} 至 {until}"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "排班表"
    sheet.append([f"{TITLE} {period}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["工号", "姓名", "工作组", *days])
    sheet.append(["", "", "", *(WEEKDAYS[d.weekday()] for d in days)])
    for row in (2, 3):
        for cell in sheet[row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
    for column in range(4, 4 + len(days)):
        sheet.cell(row=2, column=column).number_format = "mm-dd"
    for person in people:
        cells = [words[entries[person.id, d]] if (person.id, d) in entries else REST for d in days]
        sheet.append([sheet_value(v) for v in (person.staff_no, person.name, person.group, *cells)])
    for index, width in enumerate((10, 10, 16, *(7 for _ in days)), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "D4"
    print_ready(sheet, TITLE, period, title_rows="2:3", title_columns="A:B")
    save_workbook(book, path)
    return len(people)
