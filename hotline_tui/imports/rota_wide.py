"""The rota as duty chiefs keep it: one row a person, one column a day.

    西城热线 2026年12月 排班表                       (an optional title)
    工号  姓名  12-07  12-08  …  12-13               (the header)
          周一  周二  …                              (an optional weekday row)
    7003  张伟  早    早    …  休

Day headers may be 12-07, 12/7, 12月7日, 2026-12-07, a date cell, or a day number
under a title naming the month (2026年12月). A cell is a shift's name, code or
abbreviation (早班, early, 早), 休, or empty; 休 and empty both mean not on the rota
that day, so the sheet is the rota of its people for its days. 姓名 is checked
against the 工号; 工作组, 岗位 and 备注 columns are read past.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hotline_tui.model.shifts import Shift, read_shift_word, shift_words

ID_COLUMN = "工号"
NAME_COLUMN = "姓名"
# Columns a chief's sheet carries beside the days, read past.
OTHER_COLUMNS = frozenset({"工作组", "组", "组别", "岗位", "备注", "序号"})
WEEKDAY_WORDS = frozenset(
    {f"{p}{d}" for p in ("周", "星期", "") for d in "一二三四五六日天"}
    | {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
)
_TITLE_MONTH = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*月?")
_FULL = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})[-/.月](\d{1,2})[日号]?$")
_DAY_ONLY = re.compile(r"^(\d{1,2})[日号]?$")


class HeaderProblem(ValueError):
    """A header cell that looks like a date but is not one, said in words."""


def is_wide(header: list[str]) -> bool:
    """A header of the wide layout: 工号 and no 日期/班次 columns (those are the long one)."""
    return ID_COLUMN in header and not {"日期", "班次"} & set(header)


def title_month(rows: list[list[str]]) -> tuple[int, int] | None:
    """The year and month a title above the header names (2026年12月), if any."""
    for cells in rows:
        for cell in cells:
            found = _TITLE_MONTH.search(cell)
            if found and 1 <= int(found[2]) <= 12:
                return int(found[1]), int(found[2])
    return None


def _nearest_year(month: int, day: int, today: date) -> date:
    """12-07 with no year: the one of last, this or next year nearest today."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ValueError
    return min(candidates, key=lambda d: abs((d - today).days))


def header_day(text: str, month: tuple[int, int] | None, today: date) -> date | None:
    """The day a header cell names; None when it names none (another column).
    HeaderProblem when it looks like a date that cannot be."""
    text = text.strip()
    try:
        if found := _FULL.match(text):
            return date(int(found[1]), int(found[2]), int(found[3]))
        if found := _MONTH_DAY.match(text):
            if month is not None:
                return date(month[0], int(found[1]), int(found[2]))
            return _nearest_year(int(found[1]), int(found[2]), today)
        if found := _DAY_ONLY.match(text):
            if month is None:
                raise HeaderProblem(
                    f"表头“{text}”只有日，没有月：请在标题中写明年月（如 2026年12月），"
                    "或把表头写成 12-07"
                )
            return date(month[0], month[1], int(found[1]))
    except ValueError as exc:
        if isinstance(exc, HeaderProblem):
            raise
        raise HeaderProblem(f"表头“{text}”不是有效的日期") from None
    return None


@dataclass(frozen=True)
class WideSheet:
    """Where things are in a wide sheet's header."""

    id_column: int
    name_column: int | None
    days: list[tuple[int, date]]  # (column, day)


def read_header(
    line: int, header: list[str], month: tuple[int, int] | None, today: date
) -> tuple[WideSheet, list[str]]:
    """The layout of the header, and every problem with it."""
    problems: list[str] = []
    days: list[tuple[int, date]] = []
    seen: dict[date, int] = {}
    name_column = None
    for column, text in enumerate(header):
        if text in (ID_COLUMN, "") or text in OTHER_COLUMNS:
            continue
        if text == NAME_COLUMN:
            name_column = column
            continue
        try:
            day = header_day(text, month, today)
        except HeaderProblem as exc:
            problems.append(f"第 {line} 行第 {column + 1} 列：{exc}")
            continue
        if day is None:
            problems.append(
                f"第 {line} 行第 {column + 1} 列：表头“{text}”既不是日期，也不是工号、姓名"
            )
            continue
        if day in seen:
            problems.append(f"第 {line} 行第 {column + 1} 列：{day} 与第 {seen[day] + 1} 列重复")
            continue
        seen[day] = column
        days.append((column, day))
    if not days and not problems:
        problems.append(f"第 {line} 行：表头中没有日期列（如 12-07 或 2026-12-07）")
    return WideSheet(header.index(ID_COLUMN), name_column, days), problems


def is_weekday_row(cells: list[str], sheet: WideSheet) -> bool:
    """The optional row under the header naming each day's weekday (and no 工号)."""
    cell = cells[sheet.id_column] if sheet.id_column < len(cells) else ""
    words = [cells[c] for c, _ in sheet.days if c < len(cells) and cells[c]]
    return not cell and bool(words) and all(w in WEEKDAY_WORDS for w in words)


def cell_shift(text: str, shifts: list[Shift]) -> Shift | None:
    """A day's cell: a shift, or None for 休 or empty. ValueError names what may be written."""
    if not text.strip():
        return None
    try:
        return read_shift_word(text, shifts)
    except ValueError:
        raise ValueError(f"班次“{text}”不存在（可写：{shift_words(shifts)}，或留空）") from None
