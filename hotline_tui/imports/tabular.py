"""Rows of a CSV (UTF-8 or GBK) or XLSX file, as text cells with line numbers."""

from __future__ import annotations

import csv
import io
import os
from datetime import date, datetime, time
from pathlib import Path

from hotline_tui.errors import DomainError

MAX_BYTES = 20 * 1024 * 1024  # a staff list of 20,000 rows is under 2 MB
# An XLSX is a zip: what it unpacks to is bounded before anything is parsed (a
# "zip bomb" of 1.4 MB unpacks to gigabytes). 100,000 rota rows unpack to ~10 MB.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_COLUMNS = 64  # the files read here have three to eight columns
MAX_LISTED = 50  # bad rows named in one refusal


class BadRows(DomainError):
    """A file with bad rows: every one is listed (the first 50 named), nothing was saved."""

    WHAT = "文件"

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_LISTED]
        more = len(problems) - len(shown)
        text = f"{self.WHAT}有 {len(problems)} 处问题，未导入任何一行：\n" + "\n".join(shown)
        if more:
            text += f"\n另有 {more} 处问题未列出。"
        super().__init__(text)
        self.problems = problems


def import_path(text: str) -> Path:
    """The file a path typed in a dialog names, if it is one the desk can import: said
    in the dialog, before anything is read."""
    path = Path(text.strip()).expanduser()
    if not path.is_file():
        raise DomainError(f"文件不存在：{path}")
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise DomainError(f"只能导入 CSV 或 XLSX 文件，而不是“{path.suffix or path.name}”。")
    if not os.access(path, os.R_OK):
        raise DomainError(f"没有权限读取：{path}")
    return path


def read_rows(path: Path, max_rows: int = 200_000) -> list[tuple[int, list[str]]]:
    """(line number, cells) of a CSV or XLSX file, header included."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DomainError(f"文件不存在：{path}")
    if path.stat().st_size > MAX_BYTES:
        raise DomainError(f"{path.name} 超过 {MAX_BYTES // 1024 // 1024} MB，请分成几个文件导入。")
    if suffix == ".xlsx":
        return _xlsx_rows(path, max_rows)
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


def _xlsx_rows(path: Path, max_rows: int) -> list[tuple[int, list[str]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            # Python reads no more than the sizes declared here, so they bound the work.
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise DomainError(f"{path.name} 不是有效的 XLSX 文件。") from None
    if unpacked > MAX_UNPACKED:
        raise DomainError(
            f"{path.name} 解压后超过 {MAX_UNPACKED // 1024 // 1024} MB，"
            "不像是一份名单或排班表，未导入。"
        )
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise DomainError(f"{path.name} 不是有效的 XLSX 文件。") from None
    rows = []
    try:
        sheet = book.worksheets[0]
        # The sheet's declared <dimension> is whatever the writing program put there (a
        # stale A1:C2 over 11 rows, one row over a million): forget it and read the rows
        # as they come, so the limit counts the rows that are really there.
        sheet.reset_dimensions()
        for n, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), 1):
            if n > max_rows + 1:  # streamed: stop here, not after reading the rest
                raise DomainError(f"{path.name} 超过 {max_rows} 行，一次最多导入 {max_rows} 行。")
            cells = []
            for value in row:
                if isinstance(value, datetime):
                    # A date cell is a datetime at midnight; a time of day is kept (质检).
                    value = (
                        value.date().isoformat()
                        if value.time() == time()
                        else value.strftime("%Y-%m-%d %H:%M:%S")
                    )
                elif isinstance(value, date):
                    value = value.isoformat()
                elif isinstance(value, float) and value.is_integer():
                    value = str(int(value))
                cells.append("" if value is None else str(value).strip())
            while cells and not cells[-1]:
                cells.pop()  # the padding of a sheet that declares more columns than it has
            rows.append((n, cells))
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError):
        raise DomainError(f"{path.name} 不是有效的 XLSX 文件。") from None
    finally:
        book.close()
    return rows
