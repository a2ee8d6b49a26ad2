"""The staff list (人员名单) from CSV (UTF-8, UTF-8 with BOM, GBK) or XLSX.

Columns 工号, 姓名, 组, 岗位, 状态, 入职日期, and optionally 技能, 手机 and 状态生效日期
(the first day of a status the row changes; today without it). Every row
is checked before anything is saved; one bad row and nothing is, and every bad row
is listed with its line number. A re-import updates people by 工号 and never
deletes anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import WorkGroup
from hotline_tui.domain.people.manage import (
    SheetSummary,
    save_sheet,
    sheet_changes,
    sheet_people,
    sheet_row_problem,
)
from hotline_tui.errors import DomainError
from hotline_tui.imports.tabular import read_rows
from hotline_tui.model.group_names import looks_like, normalised
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.person_fields import (
    REQUIRED_COLUMNS,
    SHEET_COLUMNS,
    STATUS_SINCE_COLUMN,
    PersonFields,
    check_fields,
)
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.text import visible

HEADERS, REQUIRED = {**SHEET_COLUMNS, **STATUS_SINCE_COLUMN}, REQUIRED_COLUMNS
MAX_ROWS = 20_000
MAX_SHOWN = 50
Progress = Callable[[int, int], None]


class StaffFileError(DomainError):
    """A staff file with bad rows: every one is listed, nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_SHOWN]
        text = f"人员名单有 {len(problems)} 处问题，未导入任何一行：\n" + "\n".join(shown)
        if len(problems) > len(shown):
            text += f"\n另有 {len(problems) - len(shown)} 处问题未列出。"
        super().__init__(text)
        self.problems = problems


def read_staff_file(
    store: Store, path: Path, *, create_groups: bool, progress: Progress | None = None
) -> tuple[list[PersonFields], list[str]]:
    """Every person of the file, checked, and the groups it would create."""
    rows = [(n, cells) for n, cells in read_rows(path, max_rows=MAX_ROWS) if any(cells)]
    if not rows:
        raise DomainError(f"{path.name} 是空的。")
    header_line, header = rows[0]
    columns = {HEADERS[name]: i for i, name in enumerate(header) if name in HEADERS}
    missing = [name for name in REQUIRED if HEADERS[name] not in columns]
    if missing:
        shown = "、".join(visible(h) for h in header) or "空"
        raise DomainError(
            f"第 {header_line} 行应为表头“{','.join(REQUIRED)}”（技能、手机可选），"
            f"缺少：{'、'.join(missing)}（现为：{shown}）。"
        )
    today = store.clock.now().date()
    with store.read() as session:
        people = sheet_people(session, today)
        groups = set(session.execute(sa.select(WorkGroup.name)).scalars())
    problems: list[str] = []
    seen: dict[str, int] = {}
    checked: list[PersonFields] = []
    unknown: dict[str, list[int]] = {}  # group -> lines naming it
    body = rows[1:]
    for done, (n, cells) in enumerate(body, 1):
        raw = {key: cells[i] if i < len(cells) else "" for key, i in columns.items()}
        fields, row_problems = check_fields(dict(raw), today)
        where = f"第 {n} 行"
        problems += [f"{where}：{visible(p)}" for p in row_problems]
        if progress is not None and (done % 500 == 0 or done == len(body)):
            progress(done, len(body))
        if fields is None:
            continue
        if fields.group and normalised(fields.group) != fields.group:
            fields = replace(fields, group=normalised(fields.group))
        first = seen.setdefault(fields.staff_no, n)
        if first != n:
            problems.append(f"{where}：工号 {fields.staff_no} 与第 {first} 行重复")
            continue
        known = people.get(fields.staff_no)
        if known is not None and known["name"] != fields.name:
            problems.append(
                f"{where}：工号 {fields.staff_no} 已是 {visible(str(known['name']))} 的工号，"
                f"文件中却是 {visible(fields.name)}"
            )
            continue
        problem = sheet_row_problem(known, fields, today)
        if problem is not None:
            problems.append(f"{where}：{visible(problem)}")
            continue
        if fields.group and fields.group not in groups:
            unknown.setdefault(fields.group, []).append(n)
            if not create_groups:
                continue
        checked.append(fields)
    # One line a group, not one a row: a typo in a group's name shows once. A name one
    # character away from a group (or read the same) is a typo even with --create-groups.
    for group, lines in unknown.items():
        shown = "、".join(str(n) for n in lines[:5])
        where = f"第 {shown} 等行" if len(lines) > 5 else f"第 {shown} 行"
        meant = looks_like(group, sorted(groups))
        if meant is not None:
            problems.append(
                f"没有“{visible(group)}”这个工作组（{where}，共 {len(lines)} 行）——"
                f"是不是“{visible(meant)}”？"
            )
        elif not create_groups:
            problems.append(
                f"没有“{visible(group)}”这个工作组（{where}，共 {len(lines)} 行；"
                "如确是新组，请加 --create-groups 导入）"
            )
    if problems:
        raise StaffFileError(problems)
    new_groups = list(unknown)
    return checked, new_groups


def import_staff(
    store: Store,
    actor: StaffRow | None,
    path: Path,
    *,
    create_groups: bool = False,
    check_only: bool = False,
    progress: Progress | None = None,
) -> SheetSummary:
    """Read, check and (unless ``check_only``) save a staff list, all of it or nothing."""
    require(actor, Action.MANAGE_PEOPLE)
    people, new_groups = read_staff_file(
        store, path, create_groups=create_groups, progress=progress
    )
    if check_only:
        return sheet_changes(store, people, new_groups)
    return save_sheet(store, actor, people, new_groups)
