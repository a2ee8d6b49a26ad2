"""Cells of a spreadsheet the desk writes: user text never becomes a formula.

The OWASP rule for CSV injection: text starting with ``= + - @``, a tab or a
carriage return may be taken for a formula. In a workbook such text is stored as
a plain string with Excel's "quote prefix" (shown as typed, not evaluated even
after the cell is edited); in a CSV, where a cell has no type, an apostrophe goes
in front. Numbers and dates stay numbers and dates.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from hotline_tui.domain.text import looks_like_formula

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from openpyxl import Workbook


def csv_cell(value: Any) -> Any:
    """User text for a CSV cell: an apostrophe before a formula's first character."""
    return "'" + value if looks_like_formula(value) else value


def save_workbook(book: Workbook, path: Path) -> None:
    """Save, every text cell that looks like a formula stored as inert text first.

    The desk writes no formulas of its own, so any cell openpyxl would store as one
    came from text: it is turned back into a string, whoever built the sheet.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or looks_like_formula(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    book.save(path)


def write_table(
    path: Path,
    title: str,
    columns: Sequence[str],
    widths: Sequence[float],
    rows: Iterable[list[Any]],
    formats: dict[int, str] | None = None,
) -> int:
    """One sheet: a bold, frozen header, the rows, column widths and (1-based column →
    number format) formats for date cells; saved through ``save_workbook``. Returns rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
        for column, number_format in (formats or {}).items():
            sheet.cell(row=sheet.max_row, column=column).number_format = number_format
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    save_workbook(book, path)
    return count
