"""A QC file from the 质检 group: every row checked, then saved all at once or not at all."""

from __future__ import annotations

import re
from pathlib import Path

import pendulum

from hotline_tui.clock import BEIJING
from hotline_tui.config import QcSpec
from hotline_tui.db.store import Store
from hotline_tui.domain.quality.records import QcEntry, check_entry, people_by_no, save_records
from hotline_tui.errors import DomainError
from hotline_tui.imports.tabular import BadRows, read_rows
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.staff_row import StaffRow

REQUIRED = {
    "通话时间": "call_at",
    "通话编号": "call_ref",
    "坐席工号": "agent",
    "质检员工号": "checker",
}
OPTIONAL = {"未达标项": "missed", "错误类型": "errors", "备注": "note"}
_MOMENT = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")


class QcFileError(BadRows):
    """A QC file with bad rows: every one is listed, nothing was saved."""

    WHAT = "质检文件"


def parse_call_time(text: str) -> pendulum.DateTime:
    """2026-11-02 09:15, with seconds or slashes too, Beijing time."""
    match = _MOMENT.match(text.strip())
    if match is None:
        raise ValueError(text)
    year, month, day, hour, minute, second = (int(g or 0) for g in match.groups())
    return pendulum.datetime(year, month, day, hour, minute, second, tz=BEIJING)


def import_qc(store: Store, actor: StaffRow | None, path: Path, qc: QcSpec) -> int:
    """Import the rows of a QC file: all of them, or none when any row is bad."""
    actor = require(actor, Action.QC_RECORDS)  # told before the file is read
    return save_records(store, actor, read_qc_file(store, path, qc), path.name)


def read_qc_file(store: Store, path: Path, qc: QcSpec) -> list[QcEntry]:
    """The checked records of a QC file, read outside any write; ``QcFileError`` lists
    every bad row by its line number."""
    rows = [(n, cells) for n, cells in read_rows(path, max_rows=50_000) if any(cells)]
    if not rows:
        raise DomainError(f"{path.name} 是空的。")
    header_line, header = rows[0]
    known = {**REQUIRED, **OPTIONAL}
    columns = {known[name]: i for i, name in enumerate(header) if name in known}
    missing = [name for name, key in REQUIRED.items() if key not in columns]
    if missing:
        raise DomainError(
            f"第 {header_line} 行应为表头“{','.join(REQUIRED)}”（可加 {','.join(OPTIONAL)}），"
            f"缺少：{'、'.join(missing)}。"
        )
    people = people_by_no(store)
    now = store.clock.now()
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    entries: list[QcEntry] = []
    for n, cells in rows[1:]:

        def cell(key: str, cells: list[str] = cells) -> str:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else ""

        try:
            call_at = parse_call_time(cell("call_at"))
        except ValueError:
            problems.append(f"第 {n} 行：通话时间“{cell('call_at')}”无效，应为 YYYY-MM-DD HH:MM")
            continue
        key = (cell("call_ref"), cell("agent"))
        first = seen.setdefault(key, n)
        if first != n:
            problems.append(f"第 {n} 行：与第 {first} 行是同一通话、同一坐席")
            continue
        try:
            entries.append(
                check_entry(
                    people,
                    qc,
                    now,
                    call_at,
                    cell("call_ref"),
                    cell("agent"),
                    cell("checker"),
                    cell("missed"),
                    cell("errors"),
                    cell("note"),
                )  # fmt: skip
            )
        except DomainError as exc:
            problems.append(f"第 {n} 行：{exc.message.rstrip('。')}")
    if problems:
        raise QcFileError(problems)
    return entries
