"""The audit trail for the customer's auditors: one row a change, in words; the stored
form of each change (JSON, as the chain seals it) on a second sheet, row by row."""

from __future__ import annotations

from pathlib import Path

from hotline_tui.domain.audit_trail import AuditRow, describe_change
from hotline_tui.exports.cells import Table, write_tables

COLUMNS = ("编号", "时间", "操作人", "工号", "操作", "记录类别", "记录", "变更")
WIDTHS = (8, 18, 16, 10, 16, 10, 22, 70)
RAW_COLUMNS = ("编号", "时间", "记录类别", "记录", "修改前（原始）", "修改后（原始）")
RAW_WIDTHS = (8, 18, 10, 22, 50, 50)
WHEN = "yyyy-mm-dd hh:mm:ss"


def write_audit(rows: list[AuditRow], path: Path) -> int:
    """Newest first, as the screen shows them; returns how many rows were written."""
    said = Table(
        "操作记录",
        COLUMNS,
        WIDTHS,
        (
            [
                row.id,
                row.at.naive(),  # Beijing time, a real date-time cell
                row.actor,
                row.actor_no,
                row.action,
                row.kind,
                row.key,
                describe_change(row.before, row.after, limit=None, entity=row.entity),
            ]
            for row in rows
        ),
        {2: WHEN},
    )
    stored = Table(
        "原始记录",
        RAW_COLUMNS,
        RAW_WIDTHS,
        (
            [row.id, row.at.naive(), row.kind, row.key, row.before or "", row.after or ""]
            for row in rows
        ),
        {2: WHEN},
    )
    return write_tables(path, [said, stored])
