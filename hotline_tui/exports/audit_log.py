"""The audit trail for the customer's auditors: one row a change, in words and as stored."""

from __future__ import annotations

from pathlib import Path

from hotline_tui.domain.audit_trail import AuditRow, describe_change
from hotline_tui.exports.cells import write_table

COLUMNS = (
    "时间",
    "操作人",
    "工号",
    "操作",
    "记录类别",
    "记录",
    "变更",
    "修改前（原始）",
    "修改后（原始）",
)
WIDTHS = (18, 16, 10, 16, 10, 22, 60, 40, 40)


def write_audit(rows: list[AuditRow], path: Path) -> int:
    """Newest first, as the screen shows them; returns how many rows were written."""
    cells = (
        [
            row.at.naive(),  # Beijing time, a real date-time cell
            row.actor,
            row.actor_no,
            row.action,
            row.kind,
            row.key,
            describe_change(row.before, row.after, limit=None, entity=row.entity),
            row.before or "",
            row.after or "",
        ]
        for row in rows
    )
    return write_table(path, "操作记录", COLUMNS, WIDTHS, cells, {1: "yyyy-mm-dd hh:mm:ss"})
