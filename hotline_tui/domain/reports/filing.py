"""A work report's life: remarks written as a draft, submitted (frozen and sealed),
amended, and marked read by a manager.

On submission the composed sections are stored as they stand, so the report
reads the same next year whatever is corrected in the records later; the
content, the remarks, the period and the submitter are sealed by a SHA-256
digest that ``hotline-tui check`` verifies, as it does a signed handover's.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from hotline_tui.db.plain_sql import Query
from hotline_tui.db.store import Store
from hotline_tui.db.tables import RotaEntry, Staff, WorkReport, WorkReportAmendment
from hotline_tui.domain.handover.digest import session_query
from hotline_tui.domain.people.roster import name_of
from hotline_tui.domain.reports.body import ReportBody
from hotline_tui.domain.reports.compose import compose
from hotline_tui.domain.reports.day import Section
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.arrival import FORMAL_ONLY, ArrivalRule
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.report_period import ReportPeriod
from hotline_tui.model.report_table import FigureTable
from hotline_tui.model.shifts import Shift
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.states import ReportStatus
from hotline_tui.model.text import moment

MAX_REMARKS = 2000
MAX_AMENDMENT = 500

_REPORT = """
SELECT r.id, r.kind, r.period_start, r.period_end, r.remarks, r.content, r.submitted_at, s.staff_no
FROM work_report r JOIN staff s ON s.id = r.submitted_by WHERE r.id = ?
"""
_AMENDMENT = """
SELECT m.report_id, a.staff_no, m.at, m.text
FROM work_report_amendment m JOIN staff a ON a.id = m.author_id WHERE m.id = ?
"""


def _hash(content: dict[str, Any]) -> str:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def report_digest(query: Query, report_id: int) -> str:
    rows = query(_REPORT, (report_id,))
    if not rows:
        raise LookupError(report_id)
    keys = ("id", "kind", "first", "last", "remarks", "content", "submitted_at", "submitted_by")
    return _hash(dict(zip(keys, rows[0], strict=True)))


def amendment_digest(query: Query, amendment_id: int) -> str:
    rows = query(_AMENDMENT, (amendment_id,))
    if not rows:
        raise LookupError(amendment_id)
    return _hash(dict(zip(("report", "author", "at", "text"), rows[0], strict=True)))


def verify_reports(query: Query) -> tuple[int, list[str]]:
    """Check every submitted report and its amendments; (how many checked, what differs)."""
    problems = []
    submitted = query(
        "SELECT id, kind, period_start, digest FROM work_report "
        "WHERE submitted_at IS NOT NULL ORDER BY period_start, id",
        (),
    )
    for report_id, kind, first, digest in submitted:
        label = f"{ReportPeriod.of(kind, _as_date(first)).title}（#{report_id}）"
        if not digest:
            problems.append(f"{label} 没有提交摘要")
        elif report_digest(query, report_id) != digest:
            problems.append(f"{label} 内容与提交时的摘要不符")
    for amendment_id, report_id, digest in query(
        "SELECT id, report_id, digest FROM work_report_amendment ORDER BY id", ()
    ):
        if amendment_digest(query, amendment_id) != digest:
            problems.append(f"工作汇报 #{report_id} 的补充说明 #{amendment_id} 与其摘要不符")
    return len(submitted), problems


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _row(session: Session, period: ReportPeriod) -> WorkReport | None:
    return session.execute(
        sa.select(WorkReport).where(
            WorkReport.kind == period.kind, WorkReport.period_start == period.first
        )
    ).scalar_one_or_none()


def _editable(
    session: Session, period: ReportPeriod, expect_version: int | None
) -> WorkReport | None:
    row = _row(session, period)
    if row is None:
        return None
    if row.submitted_at is not None:
        raise DomainError(
            f"{period.title}已由 {name_of(session, row.submitted_by)} 于 {moment(row.submitted_at)} 提交，"
            "不能再修改；如需更正，请添加补充说明。"
        )
    if expect_version is not None and row.version != expect_version:
        raise ConflictError(
            f"{period.title}的备注已在另一个终端于 {moment(row.saved_at)} 保存过，本终端的内容未保存。"
        )
    return row


def _check_remarks(remarks: str) -> str:
    remarks = remarks.strip()
    if len(remarks) > MAX_REMARKS:
        raise DomainError(f"值班长备注不超过 {MAX_REMARKS} 字（现有 {len(remarks)} 字）。")
    return remarks


def save_remarks(
    store: Store,
    actor: StaffRow | None,
    period: ReportPeriod,
    remarks: str,
    expect_version: int | None,
) -> int:
    """Save the chief's remarks on the draft; returns its new version (``expect_version``
    as in a handover draft: another terminal's newer save is never overwritten)."""
    actor = require(actor, Action.WRITE_REPORTS)
    remarks = _check_remarks(remarks)
    with store.write(actor.id) as tx:
        row = _editable(tx.session, period, expect_version)
        if row is None:
            row = WorkReport(
                kind=period.kind,
                period_start=period.first,
                period_end=period.last,
                saved_at=tx.now,
                version=0,
            )
            tx.session.add(row)
        row.remarks, row.saved_at, row.saved_by = remarks, tx.now, actor.id
        row.version += 1
        tx.session.flush()
        tx.audit("report.save", "work_report", f"{period.kind}/{period.key}", None,
                 {"version": row.version, "remarks": remarks})  # fmt: skip
        return row.version


def submit(
    store: Store,
    actor: StaffRow | None,
    shifts: list[Shift],
    period: ReportPeriod,
    remarks: str,
    expect_version: int | None,
    report_due: str,
    rule: ArrivalRule = FORMAL_ONLY,
) -> str:
    """Submit the report with ``remarks``: composed now, frozen and sealed; the digest."""
    actor = require(actor, Action.WRITE_REPORTS)
    remarks = _check_remarks(remarks)
    now = store.clock.now()
    if not period.ended(shifts, now):
        raise DomainError(
            f"{period.title}的时段还没有结束（{period.ends_at(shifts).format('MM-DD HH:mm')} 结束），"
            "结束后才能提交。"
        )
    content = compose(store, shifts, period, now, report_due, rule).to_json()
    with store.write(actor.id) as tx:
        row = _editable(tx.session, period, expect_version)
        if row is None:
            row = WorkReport(
                kind=period.kind, period_start=period.first, period_end=period.last, version=1
            )
            tx.session.add(row)
        row.remarks, row.saved_at, row.saved_by = remarks, tx.now, actor.id
        row.content, row.submitted_at, row.submitted_by = content, tx.now, actor.id
        tx.session.flush()
        row.digest = report_digest(session_query(tx.session), row.id)
        tx.audit("report.submit", "work_report", f"{period.kind}/{period.key}", None,
                 {"id": row.id, "digest": row.digest})  # fmt: skip
        return row.digest


def _submitted(session: Session, report_id: int) -> WorkReport:
    row = session.get(WorkReport, report_id)
    if row is None:
        raise DomainError(f"工作汇报 #{report_id} 不存在。")
    if row.submitted_at is None:
        raise DomainError("这份汇报还没有提交：提交前请直接修改备注。")
    return row


def amend(store: Store, actor: StaffRow | None, report_id: int, text: str) -> int:
    """A correction appended to a submitted report, sealed by its own digest."""
    actor = require(actor, Action.WRITE_REPORTS)
    text = text.strip()
    if not text:
        raise DomainError("补充说明不能为空。")
    if len(text) > MAX_AMENDMENT:
        raise DomainError(f"补充说明不超过 {MAX_AMENDMENT} 字（现有 {len(text)} 字）。")
    with store.write(actor.id) as tx:
        _submitted(tx.session, report_id)
        row = WorkReportAmendment(
            report_id=report_id, author_id=actor.id, at=tx.now, text=text, digest=""
        )
        tx.session.add(row)
        tx.session.flush()
        row.digest = amendment_digest(session_query(tx.session), row.id)
        tx.audit("report.amend", "work_report", str(report_id), None,
                 {"amendment": row.id, "text": text, "digest": row.digest})  # fmt: skip
        return row.id


def mark_read(store: Store, actor: StaffRow | None, report_id: int) -> None:
    """A manager confirms having read a submitted report (已阅), once."""
    actor = require(actor, Action.READ_REPORTS)
    with store.write(actor.id) as tx:
        row = _submitted(tx.session, report_id)
        if row.read_at is not None:
            raise ConflictError(
                f"这份汇报已由 {name_of(tx.session, row.read_by)} 于 {moment(row.read_at)} 确认已阅。"
            )
        if row.submitted_by == actor.id:
            raise DomainError("这份汇报是您本人提交的，请由另一位管理人员确认已阅。")
        row.read_at, row.read_by = tx.now, actor.id
        tx.audit("report.read", "work_report", str(report_id), None, {"read": True})


@dataclass(frozen=True)
class Amendment:
    id: int
    author: str
    at: datetime
    text: str


@dataclass(frozen=True)
class StoredReport:
    id: int
    period: ReportPeriod
    remarks: str
    version: int
    sections: list[Section] | None  # frozen on submission; None for a draft
    submitted_by: str
    submitted_at: datetime | None
    digest: str
    read_by: str
    read_at: datetime | None
    amendments: list[Amendment]
    submitter_id: int | None = None
    tables: list[FigureTable] = field(default_factory=list)  # frozen with the sections

    @property
    def state(self) -> ReportStatus:
        return ReportStatus.of(self.submitted_at, self.read_at)

    @property
    def submitted(self) -> bool:
        return self.state is not ReportStatus.DRAFT

    def may_be_read_by(self, actor_id: int) -> bool:
        """Whether ``actor_id`` may mark it read: submitted, not read yet, not their own
        (the rule mark_read applies)."""
        return self.state is ReportStatus.SUBMITTED and self.submitter_id != actor_id

    def status(self, report_due: str) -> str:
        if self.submitted_at is None:
            return ReportStatus.DRAFT.label
        late = self.period.kind == "day" and self.submitted_at > self.period.due(report_due)
        text = f"{self.submitted_by} {moment(self.submitted_at)} 提交" + (
            "（逾期）" if late else ""
        )
        if self.read_at is not None:
            text += f"，{self.read_by} {moment(self.read_at)} 已阅"
        return text


def stored_report(store: Store, period: ReportPeriod) -> StoredReport | None:
    submitter, reader, author = aliased(Staff), aliased(Staff), aliased(Staff)
    with store.read() as session:
        row = session.execute(
            sa.select(
                WorkReport, sa.func.coalesce(submitter.name, ""), sa.func.coalesce(reader.name, "")
            )
            .outerjoin(submitter, submitter.id == WorkReport.submitted_by)
            .outerjoin(reader, reader.id == WorkReport.read_by)
            .where(WorkReport.kind == period.kind, WorkReport.period_start == period.first)
        ).first()
        if row is None:
            return None
        report, submitted_by, read_by = row
        amendments = [
            Amendment(*r)
            for r in session.execute(
                sa.select(
                    WorkReportAmendment.id,
                    author.name,
                    WorkReportAmendment.at,
                    WorkReportAmendment.text,
                )
                .join(author, author.id == WorkReportAmendment.author_id)
                .where(WorkReportAmendment.report_id == report.id)
                .order_by(WorkReportAmendment.at, WorkReportAmendment.id)
            ).all()
        ]
        body = ReportBody.from_json(report.content) if report.submitted_at is not None else None
        return StoredReport(
            report.id, period, report.remarks, report.version,
            body.sections if body else None, submitted_by,
            report.submitted_at, report.digest or "", read_by, report.read_at, amendments,
            report.submitted_by, body.tables if body else [],
        )  # fmt: skip


LOOK_BACK_DAYS = 7


def late_daily_reports(
    store: Store, shifts: list[Shift], now: pendulum.DateTime, report_due: str
) -> list[date]:
    """Days of the last week the floor worked (someone was on the rota) whose report
    was due by now and has not been submitted."""
    days = [now.date() - timedelta(days=n) for n in range(LOOK_BACK_DAYS, 0, -1)]
    due = [d for d in days if ReportPeriod.day(d).due(report_due) <= now]
    if not due:
        return []
    with store.read() as session:
        worked = set(
            session.execute(
                sa.select(RotaEntry.day)
                .where(RotaEntry.day >= due[0], RotaEntry.day <= due[-1])
                .distinct()
            ).scalars()
        )
        submitted = set(
            session.execute(
                sa.select(WorkReport.period_start).where(
                    WorkReport.kind == "day",
                    WorkReport.period_start >= due[0],
                    WorkReport.submitted_at.is_not(None),
                )
            ).scalars()
        )
    return [d for d in due if d in worked and d not in submitted]


def late_alert(days: list[date]) -> tuple[str, str]:
    """The header's words for late daily reports: (full, short); empty when none."""
    if not days:
        return "", ""
    listed = "、".join(f"{d:%m-%d}" for d in days)
    return f"日报逾期未提交：{listed}", f"日报逾期{len(days)}份"
