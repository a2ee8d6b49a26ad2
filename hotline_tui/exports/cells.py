"""Cells of a spreadsheet the desk writes: user text never becomes a formula.

The OWASP rule for CSV injection: text starting with ``= + - @``, a tab or a
carriage return may be taken for a formula. In a workbook such text is stored as
a plain string with Excel's "quote prefix" (shown as typed, not evaluated even
after the cell is edited); in a CSV, where a cell has no type, an apostrophe goes
in front. Numbers and dates stay numbers and dates.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hotline_tui.clock import BEIJING
from hotline_tui.model.text import looks_like_formula

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

TIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"


def sheet_value(value: Any) -> Any:
    """A value for a cell: an aware time becomes Beijing wall time (a spreadsheet has no
    time zones), None an empty cell."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(BEIJING).replace(tzinfo=None)
    return value


def date_formats(sheet: Worksheet, first_row: int = 1) -> None:
    """Every time and date cell from ``first_row`` on shows its year: 2026-11-01 05:33."""
    for row in sheet.iter_rows(min_row=first_row):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = TIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT


def _cells(text: str) -> int:
    """Display width: a wide (Chinese) character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _shown_width(value: Any) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max((_cells(line) for line in str(value).splitlines()), default=0)


def fit_widths(sheet: Worksheet, first_row: int = 1, narrowest: int = 6, widest: int = 48) -> None:
    """Each column as wide as its longest cell from ``first_row`` on (a Chinese character
    counts two), within bounds: widths on every sheet, not Excel's default 8.43."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=first_row):
        for cell in row:
            if cell.value not in (None, ""):
                column = cell.column
                widths[column] = max(widths.get(column, 0), _shown_width(cell.value))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(
            widest, max(narrowest, width + 2)
        )


def print_ready(
    sheet: Worksheet,
    title: str,
    period: str,
    *,
    title_rows: str | None = "1:1",
    title_columns: str | None = None,
) -> None:
    """Set a sheet up for paper: A4 landscape, one page wide (as many tall as it takes),
    the heading rows (and name columns) repeated on every page, the title and period
    in the page header and page numbers in the footer."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns
    # "&" starts a code in a header: a literal one is doubled.
    sheet.oddHeader.center.text = f"{title}  {period}".replace("&", "&&")
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.print_options.horizontalCentered = True


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
    period: str = "",
) -> int:
    """One sheet: a bold, frozen header, the rows, column widths and (1-based column →
    number format) formats for date cells, set up for paper (``print_ready``, with
    ``period`` in the page header); saved through ``save_workbook``. Returns rows."""
    return write_tables(path, [Table(title, columns, widths, rows, formats)], period)


@dataclass
class Table:
    """One sheet of a workbook, as ``write_table`` sets it up."""

    title: str
    columns: Sequence[str]
    widths: Sequence[float]
    rows: Iterable[list[Any]]
    formats: dict[int, str] | None = None


def write_tables(path: Path, tables: Sequence[Table], period: str = "") -> int:
    """Sheets in order, each as ``write_table`` makes one; returns the first one's rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    counts = []
    for n, table in enumerate(tables):
        sheet = book.active if n == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = table.title
        sheet.append(list(table.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        count = 0
        for row in table.rows:
            sheet.append([sheet_value(v) for v in row])
            count += 1
            for column, number_format in (table.formats or {}).items():
                sheet.cell(row=sheet.max_row, column=column).number_format = number_format
        for index, width in enumerate(table.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        print_ready(sheet, table.title, period)
        counts.append(count)
    save_workbook(book, path)
    return counts[0]
