"""A rota file, long (工号, 日期, 班次 a row) or wide (a row a person, a column a day):
every row checked, then saved all at once or not at all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NamedTuple

import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import Staff
from hotline_tui.domain.attendance.rota import ImportResult, RotaRows, replace_entries
from hotline_tui.domain.people.roster import has_left
from hotline_tui.errors import DomainError
from hotline_tui.imports import rota_wide
from hotline_tui.imports.tabular import BadRows, read_rows
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.person_fields import parse_day
from hotline_tui.model.shifts import Shift, read_shift_word, shift_words
from hotline_tui.model.staff_row import StaffRow


class RotaFileError(BadRows):
    """A rota file with bad rows: every one is listed, nothing was saved."""

    WHAT = "排班文件"


HEADERS = {"工号": "staff_no", "日期": "day", "班次": "shift"}


Progress = Callable[[int, int], None]
PROGRESS_EVERY = 2_000  # rows between two reports


def import_rota(
    store: Store,
    actor: StaffRow | None,
    path: Path,
    shifts: list[Shift],
    progress: Progress | None = None,
) -> ImportResult:
    """Import a rota file, long or wide: all of it, or none when any row is bad."""
    actor = require(actor, Action.EDIT_ROTA)  # told before the file is read
    rows = read_rota_file(store, path, shifts, progress)
    return replace_entries(store, actor, rows.wanted, path.name, rows.cleared)


def read_rota_file(
    store: Store, path: Path, shifts: list[Shift], progress: Progress | None = None
) -> RotaRows:
    """The checked content of a rota file, read outside any write: the long layout
    (工号, 日期, 班次 a row) or the wide one (rota_wide.py), told apart by the header.
    ``RotaFileError`` lists every bad row."""
    rows = [(n, cells) for n, cells in read_rows(path) if any(cells)]
    if not rows:
        raise DomainError(f"{path.name} 是空的。")
    # The header is the first row naming 工号; a title may stand above it.
    at = next((i for i, (_, cells) in enumerate(rows) if rota_wide.ID_COLUMN in cells), 0)
    header_line, header = rows[at]
    people = _people(store)
    if rota_wide.is_wide(header):
        month = rota_wide.title_month([cells for _, cells in rows[:at]])
        return _read_wide(rows[at:], people, shifts, month, store.clock.now().date(), progress)
    columns = {HEADERS.get(name): i for i, name in enumerate(header) if name in HEADERS}
    missing = [name for name, key in HEADERS.items() if key not in columns]
    if missing:
        raise DomainError(
            f"第 {header_line} 行应为表头：“工号,日期,班次”（一行一人一天），或“工号,姓名,"
            f"12-07,12-08,…”（一行一人、一列一天）；缺少：{'、'.join(missing)}"
            f"（现为：{'、'.join(header) or '空'}）。"
        )
    problems: list[str] = []
    seen: dict[tuple[str, date], int] = {}
    wanted: list[tuple[date, Shift, int]] = []
    body = rows[at + 1 :]
    for done, (n, cells) in enumerate(body, 1):
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(body)):
            progress(done, len(body))
        staff_no, day_text, shift_text = (
            _cell(cells, columns[key]) for key in ("staff_no", "day", "shift")
        )
        where = f"第 {n} 行"
        person = _person(people, staff_no, where, problems)
        try:
            day = parse_day(day_text)  # only the formats the README names
        except ValueError:
            problems.append(f"{where}：日期“{day_text}”无效，应为 YYYY-MM-DD 或 YYYY/M/D")
            day = None
        if person is not None and day is not None and has_left(person.status, person.left_on, day):
            problems.append(f"{where}：{person.name}（{staff_no}）{day} 已离职")
        try:
            shift = read_shift_word(shift_text, shifts)
            if shift is None:
                raise ValueError(shift_text)  # a long file lists working days only
        except ValueError:
            words = shift_words(shifts, rest=False)
            problems.append(f"{where}：班次“{shift_text}”不存在（可写：{words}）")
            shift = None
        if day is not None and staff_no:
            first = seen.setdefault((staff_no, day), n)
            if first != n:
                problems.append(f"{where}：与第 {first} 行重复（同一人同一天只能排一个班次）")
        if person is not None and day is not None and shift is not None:
            wanted.append((day, shift, person.id))  # used only when no row has a problem
    if problems:
        raise RotaFileError(problems)
    return RotaRows(wanted)


class _Person(NamedTuple):
    id: int
    name: str
    status: str
    left_on: date | None


def _people(store: Store) -> dict[str, _Person]:
    with store.read() as session:
        return {
            no: _Person(sid, name, status, left_on)
            for sid, no, name, status, left_on in session.execute(
                sa.select(Staff.id, Staff.staff_no, Staff.name, Staff.status, Staff.left_on)
            )
        }


def _person(
    people: dict[str, _Person], staff_no: str, where: str, problems: list[str]
) -> _Person | None:
    person = people.get(staff_no)
    if not staff_no:
        problems.append(f"{where}：缺少工号")
    elif person is None:
        problems.append(f"{where}：工号 {staff_no} 不存在")
    return person


def _cell(cells: list[str], column: int) -> str:
    """A row's cell, "" where the row ends early (a spreadsheet drops trailing blanks)."""
    return cells[column] if column < len(cells) else ""


def _read_wide(
    rows: list[tuple[int, list[str]]],
    people: dict[str, _Person],
    shifts: list[Shift],
    month: tuple[int, int] | None,
    today: date,
    progress: Progress | None,
) -> RotaRows:
    header_line, header = rows[0]
    sheet, problems = rota_wide.read_header(header_line, header, month, today)
    if problems:
        raise RotaFileError(problems)
    body = rows[1:]
    if body and rota_wide.is_weekday_row(body[0][1], sheet):
        body = body[1:]
    wanted: list[tuple[date, Shift, int]] = []
    cleared: list[tuple[date, int]] = []
    seen: dict[str, int] = {}
    for done, (n, cells) in enumerate(body, 1):
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(body)):
            progress(done, len(body))

        where = f"第 {n} 行"
        staff_no = _cell(cells, sheet.id_column)
        person = _person(people, staff_no, where, problems)
        if staff_no and seen.setdefault(staff_no, n) != n:
            problems.append(f"{where}：工号 {staff_no} 与第 {seen[staff_no]} 行重复")
            continue
        name = _cell(cells, sheet.name_column) if sheet.name_column is not None else ""
        if person is not None and name and name != person.name:
            problems.append(f"{where}：工号 {staff_no} 是{person.name}，不是“{name}”")
        for column, day in sheet.days:
            try:
                shift = rota_wide.cell_shift(_cell(cells, column), shifts)
            except ValueError as exc:
                problems.append(f"{where}（{day:%m-%d}）：{exc}")
                continue
            if person is None:
                continue
            if shift is None:
                cleared.append((day, person.id))
            elif has_left(person.status, person.left_on, day):
                problems.append(f"{where}（{day:%m-%d}）：{person.name}（{staff_no}）已离职")
            else:
                wanted.append((day, shift, person.id))
    if problems:
        raise RotaFileError(problems)
    return RotaRows(wanted, cleared)
