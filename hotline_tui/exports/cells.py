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
