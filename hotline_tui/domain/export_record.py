"""Exports of personal data: who may make them, and the audit row each one leaves.

The staff list carries phone numbers, the audit trail every before and after, the
attendance sheet, the work reports and the indicators name people: each is made by
someone signed in with ``--as`` whose post allows it, and leaves an audit row saying
who exported what, for which period, into which file, with the file's SHA-256 digest
(the copy that went out can be recognised later). A database that can only be read
(db/store.py) cannot take the row: the log keeps it instead, and the export says so.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from hotline_tui.db.store import Store
from hotline_tui.logs import log
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.staff_row import StaffRow

# The right each export of personal data needs (docs/permissions.md).
EXPORT_RIGHTS: dict[str, Action] = {
    "staff": Action.MANAGE_PEOPLE,
    "audit": Action.READ_AUDIT,
    "attendance": Action.EXPORT_RECORDS,
    "report": Action.EXPORT_RECORDS,
    "kpi": Action.EXPORT_RECORDS,
}


def may_export(actor: StaffRow | None, kind: str) -> StaffRow:
    """The actor, when their post may export ``kind``: asked before anything is written."""
    return require(actor, EXPORT_RIGHTS[kind])


def file_digest(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def record_export(
    store: Store, actor: StaffRow | None, kind: str, period: str, path: Path, rows: int
) -> str:
    """The audit row of an export just written to ``path``; the sentence to add when it
    could only go to the log ("" when the audit trail has it)."""
    person = may_export(actor, kind)
    details = {
        "period": period,
        "file": str(path),
        "rows": rows,
        "sha256": file_digest(path),
    }
    if store.read_only:
        log.warning("export on a read-only database (%s) by %s: %s", store.read_only,
                    person.staff_no, details)  # fmt: skip
        return "数据库只读，这次导出记入了日志，未记入操作记录。"
    with store.write(person.id) as tx:
        tx.audit(f"export.{kind}", "export", path.name, None, details)
    return ""
