"""The audit trail for the customer's auditors: one row a change, in words and as stored."""

from __future__ import annotations

from pathlib import Path

from hotline_tui.domain.audit_trail import AuditRow, describe_change
from hotline_tui.exports.cells import save_workbook

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
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "操作记录"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
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
        )
        sheet.cell(row=sheet.max_row, column=1).number_format = "yyyy-mm-dd hh:mm:ss"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.freeze_panes = "A2"
    save_workbook(book, path)
    return len(rows)
