"""Rows of a CSV (UTF-8 or GBK) or XLSX file, as text cells with line numbers."""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from hotline_tui.errors import DomainError

MAX_BYTES = 20 * 1024 * 1024  # a staff list of 20,000 rows is under 2 MB
# An XLSX is a zip: what it unpacks to is bounded before anything is parsed (a
# "zip bomb" of 1.4 MB unpacks to gigabytes). 100,000 rota rows unpack to ~10 MB.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_COLUMNS = 64  # the files read here have three to eight columns
# The longest cell any of them has a use for (a QC remark, a person's note) is far
# shorter; a longer one is a wrong file or a hostile one, refused with its row.
MAX_CELL = 2000
# A carriage return not followed by a line feed: a line break no program writing CSV
# today makes, which the csv module cannot place.
_BARE_CR = re.compile(r"\r(?!\n)")
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
    nul = text.find("\x00")
    if nul >= 0:
        raise DomainError(
            f"{path.name} 第 {_line_at(text, nul)} 行含有空字符（NUL），不是文本格式的 CSV 文件。"
        )
    cr = _BARE_CR.search(text)
    if cr is not None:
        raise DomainError(
            f"{path.name} 第 {_line_at(text, cr.start())} 行有单独的回车符，"
            "无法确定分行；请用 Excel 或 WPS 另存为 CSV 后再导入。"
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, [_cell(c.strip(), path, reader.line_num) for c in row]))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # the csv module's own limit
            raise _too_long(path, reader.line_num) from None
        raise DomainError(f"{path.name} 第 {reader.line_num} 行格式有误，未导入。") from None
    return _limited(rows, max_rows, path)


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _too_long(path: Path, line: int) -> DomainError:
    return DomainError(
        f"{path.name} 第 {line} 行有一格超过 {MAX_CELL} 字，不像是名单或排班表，未导入。"
    )


def _cell(text: str, path: Path, line: int) -> str:
    if len(text) > MAX_CELL:
        raise _too_long(path, line)
    return text


def _limited(
    rows: list[tuple[int, list[str]]], max_rows: int, path: Path
) -> list[tuple[int, list[str]]]:
    if len(rows) > max_rows + 1:  # the header is not a row of data
        raise DomainError(f"{path.name} 有 {len(rows) - 1} 行，一次最多导入 {max_rows} 行。")
    return rows


def _no_declarations(archive: zipfile.ZipFile, path: Path) -> None:
    """An XLSX's XML parts declare no DTD: entity expansion ("billion laughs") and
    external entities are refused before openpyxl parses anything. A DTD can only come
    before the root element, so each part is read up to that element and no further."""
    for entry in archive.infolist():
        if not entry.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(entry) as part:
            try:
                for _ in iterparse(part, events=("start",), forbid_dtd=True):
                    break
            except DefusedXmlException:
                raise DomainError(
                    f"{path.name} 含有 XML 实体或文档类型声明（{entry.filename}），"
                    "Excel 和 WPS 不会写出这样的文件，未导入。"
                ) from None
            except ParseError:
                raise DomainError(
                    f"{path.name} 不是有效的 XLSX 文件（{entry.filename}）。"
                ) from None


def _xlsx_rows(path: Path, max_rows: int) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            # Python reads no more than the sizes declared here, so they bound the work.
            unpacked = sum(entry.file_size for entry in archive.infolist())
            if unpacked > MAX_UNPACKED:
                raise DomainError(
                    f"{path.name} 解压后超过 {MAX_UNPACKED // 1024 // 1024} MB，"
                    "不像是一份名单或排班表，未导入。"
                )
            _no_declarations(archive, path)
    except DomainError:
        raise
    except Exception:  # a damaged archive fails in zipfile's, zlib's or the parser's own ways
        raise DomainError(f"{path.name} 不是有效的 XLSX 文件。") from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # a hostile file makes openpyxl fail in ways of its own
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
                cells.append("" if value is None else _cell(str(value).strip(), path, n))
            while cells and not cells[-1]:
                cells.pop()  # the padding of a sheet that declares more columns than it has
            rows.append((n, cells))
    except DomainError:
        raise
    except Exception:  # a hostile file makes openpyxl fail in ways of its own
        raise DomainError(f"{path.name} 不是有效的 XLSX 文件。") from None
    finally:
        book.close()
    return rows
