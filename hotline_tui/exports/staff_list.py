"""The staff list back out, in the columns ``import-staff`` reads (人员名单)."""

from __future__ import annotations

from pathlib import Path

from hotline_tui.exports.cells import write_table
from hotline_tui.model.person_fields import SHEET_COLUMNS
from hotline_tui.model.staff_row import StaffRow

COLUMNS = tuple(SHEET_COLUMNS)  # 工号, 姓名, 组, 岗位, 状态, 入职日期, 技能, 手机
WIDTHS = (10, 12, 18, 10, 8, 12, 14, 16)


def write_staff(people: list[StaffRow], path: Path) -> int:
    """One row a person, as they stand; returns how many were written."""
    rows = (
        [
            p.staff_no,
            p.name,
            p.group,
            p.post,
            p.status,
            p.hire_date,  # a real date cell
            "、".join(p.skills.split(",")) if p.skills else "",
            p.phone,
        ]
        for p in people
    )
    return write_table(path, "人员名单", COLUMNS, WIDTHS, rows, {6: "yyyy-mm-dd"})
