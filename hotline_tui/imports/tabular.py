"""Rows of a CSV (UTF-8 or GBK) or XLSX file, as text cells with line numbers."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from hotline_tui.errors import DomainError

MAX_BYTES = 20 * 1024 * 1024  # a staff list of 20,000 rows is under 2 MB


def read_rows(path: Path, max_rows: int = 200_000) -> list[tuple[int, list[str]]]:
    """(line number, cells) of a CSV or XLSX file, header included."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DomainError(f"文件不存在：{path}")
    if path.stat().st_size > MAX_BYTES:
        raise DomainError(f"{path.name} 超过 {MAX_BYTES // 1024 // 1024} MB，请分成几个文件导入。")
    if suffix == ".xlsx":
        return _limited(_xlsx_rows(path), max_rows, path)
    if suffix != ".csv":
        raise DomainError(f"只能导入 CSV 或 XLSX 文件，而不是“{path.suffix or path.name}”。")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK by default
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError("无法识别文件的编码，请另存为 UTF-8 或 GBK 编码的 CSV。")
    if "\x00" in text:
        raise DomainError(f"{path.name} 不是文本格式的 CSV 文件。")
    rows = [(n, [c.strip() for c in row]) for n, row in enumerate(csv.reader(io.StringIO(text)), 1)]
    return _limited(rows, max_rows, path)


def _limited(
    rows: list[tuple[int, list[str]]], max_rows: int, path: Path
) -> list[tuple[int, list[str]]]:
    if len(rows) > max_rows + 1:  # the header is not a row of data
        raise DomainError(f"{path.name} 有 {len(rows) - 1} 行，一次最多导入 {max_rows} 行。")
    return rows


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise DomainError(f"{path.name} 不是有效的 XLSX 文件。") from None
    rows = []
    for n, row in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
        cells = []
        for value in row:
            if isinstance(value, datetime):
                value = value.date().isoformat()
            elif isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, float) and value.is_integer():
                value = str(int(value))
            cells.append("" if value is None else str(value).strip())
        rows.append((n, cells))
    book.close()
    return rows
