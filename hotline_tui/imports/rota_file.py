"""A rota file (工号, 日期, 班次): every row checked, then saved all at once or not at all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import Staff
from hotline_tui.domain.attendance.rota import ImportResult, replace_entries
from hotline_tui.domain.people.roster import has_left
from hotline_tui.errors import DomainError
from hotline_tui.imports.tabular import BadRows, read_rows
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.person_fields import parse_day
from hotline_tui.model.shifts import Shift
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
    """Import 工号, 日期, 班次 rows: all of them, or none when any row is bad."""
    actor = require(actor, Action.EDIT_ROTA)  # told before the file is read
    return replace_entries(store, actor, read_rota_file(store, path, shifts, progress), path.name)


def read_rota_file(
    store: Store, path: Path, shifts: list[Shift], progress: Progress | None = None
) -> list[tuple[date, Shift, int]]:
    """The checked rows (day, shift, staff id) of a rota file, read outside any write;
    ``RotaFileError`` lists every bad one."""
    rows = [(n, cells) for n, cells in read_rows(path) if any(cells)]
    if not rows:
        raise DomainError(f"{path.name} 是空的。")
    header_line, header = rows[0]
    columns = {HEADERS.get(name): i for i, name in enumerate(header) if name in HEADERS}
    missing = [name for name, key in HEADERS.items() if key not in columns]
    if missing:
        raise DomainError(
            f"第 {header_line} 行应为表头“工号,日期,班次”，缺少：{'、'.join(missing)}（现为：{'、'.join(header) or '空'}）。"
        )
    with store.read() as session:
        people = {
            no: (sid, name, status, left_on)
            for sid, no, name, status, left_on in session.execute(
                sa.select(Staff.id, Staff.staff_no, Staff.name, Staff.status, Staff.left_on)
            )
        }
    problems: list[str] = []
    seen: dict[tuple[str, date], int] = {}
    wanted: list[tuple[date, Shift, int]] = []
    for done, (n, cells) in enumerate(rows[1:], 1):
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(rows) - 1):
            progress(done, len(rows) - 1)
        staff_no, day_text, shift_text = (
            cells[columns[key]] if columns[key] < len(cells) else ""
            for key in ("staff_no", "day", "shift")
        )
        where = f"第 {n} 行"
        person = people.get(staff_no)
        if not staff_no:
            problems.append(f"{where}：缺少工号")
        elif person is None:
            problems.append(f"{where}：工号 {staff_no} 不存在")
        try:
            day = parse_day(day_text)  # only the formats the README names
        except ValueError:
            problems.append(f"{where}：日期“{day_text}”无效，应为 YYYY-MM-DD 或 YYYY/M/D")
            day = None
        if person is not None and day is not None and has_left(person[2], person[3], day):
            problems.append(f"{where}：{person[1]}（{staff_no}）{day} 已离职")
        shift = next((s for s in shifts if shift_text in (s.code, s.name)), None)
        if shift is None:
            problems.append(
                f"{where}：班次“{shift_text}”不存在（可写：{'、'.join(s.name for s in shifts)}）"
            )
        if day is not None and staff_no:
            first = seen.setdefault((staff_no, day), n)
            if first != n:
                problems.append(f"{where}：与第 {first} 行重复（同一人同一天只能排一个班次）")
        if person is not None and day is not None and shift is not None:
            wanted.append((day, shift, person[0]))  # used only when no row has a problem
    if problems:
        raise RotaFileError(problems)
    return wanted
