"""A person's record (个人档案): what a team leader opens before a coaching talk.

Group, post, status (with its dated history) and hire date; this month's attendance by the arrival rule; QC
results month by month and the latest failed calls; exam results; replacement
requests; training sessions. Read-only: every figure comes from the records the other screens keep.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import pendulum
import sqlalchemy as sa

from hotline_tui.clock import BEIJING
from hotline_tui.db.store import Store
from hotline_tui.db.tables import Exam, ExamResult, QcRecord, ReplacementRequest
from hotline_tui.domain.attendance.sheet import monthly_sheet
from hotline_tui.domain.people.roster import staff_by_no
from hotline_tui.domain.people.status import Span, history
from hotline_tui.domain.quality.exams import KINDS
from hotline_tui.domain.quality.training import ATTENDED, Attended, trainings_of
from hotline_tui.model.arrival import CODES, FORMAL_ONLY, UNMARKED_CODE, ArrivalRule
from hotline_tui.model.periods import month_bounds, shift_month
from hotline_tui.model.staff_row import StaffRow

QC_MONTHS = 6
TRAINING_MONTHS = 12
RECENT_FAILED = 5


@dataclass(frozen=True)
class Dossier:
    person: StaffRow
    month: date
    arrived: int
    scheduled: int
    statuses: tuple[tuple[str, int], ...]  # this month's attendance statuses and how often
    qc_months: tuple[tuple[date, int, int], ...]  # (month, checked, passed), oldest first
    qc_failed: tuple[tuple[datetime, int, str, str], ...]  # (call, score, missed, errors)
    exams: tuple[tuple[date, str, int, bool], ...]  # (day, title, score, passed), newest first
    replacements: tuple[tuple[datetime, str, str], ...]  # (asked, reason, answer or "")
    trainings: tuple[Attended, ...] = ()  # the last twelve months', newest first
    today: date | None = None
    status_history: tuple[Span, ...] = ()  # the spans of their status, oldest first

    @property
    def trainings_attended(self) -> tuple[int, int]:
        """Of the sessions held by today that they were to attend: (attended, held)."""
        held = [t for t in self.trainings if self.today is None or t.day <= self.today]
        return sum(t.status in ATTENDED for t in held), len(held)


def dossier(store: Store, staff_no: str, now: pendulum.DateTime,
            rule: ArrivalRule = FORMAL_ONLY) -> Dossier:  # fmt: skip
    person = staff_by_no(store, staff_no)
    month = now.date().replace(day=1)
    _, sheet = monthly_sheet(store, month, now, rule, staff_no)
    row = next((r for r in sheet if r.staff_no == staff_no), None)
    names = {code: status for status, code in CODES.items()} | {UNMARKED_CODE: "未标记"}
    statuses = Counter(names.get(c, c) for c in (row.codes if row else []) if c)
    since = month_bounds(shift_month(month, -(QC_MONTHS - 1)))[0]
    with store.read() as session:
        calls = session.execute(
            sa.select(QcRecord.call_at, QcRecord.passed, QcRecord.score, QcRecord.missed,
                      QcRecord.errors)
            .where(QcRecord.agent_id == person.id, QcRecord.call_at >= since)
            .order_by(QcRecord.call_at)
        ).all()  # fmt: skip
        sittings = session.execute(
            sa.select(Exam.day, Exam.kind, Exam.topic, Exam.resit_of, ExamResult.score,
                      ExamResult.passed)
            .join(Exam, Exam.id == ExamResult.exam_id)
            .where(ExamResult.staff_id == person.id)
            .order_by(Exam.day.desc(), Exam.id.desc())
            .limit(24)
        ).all()  # fmt: skip
        asked = session.execute(
            sa.select(ReplacementRequest.requested_at, ReplacementRequest.reason,
                      ReplacementRequest.response)
            .where(ReplacementRequest.staff_id == person.id)
            .order_by(ReplacementRequest.requested_at.desc())
        ).all()  # fmt: skip
        spans = history(session, person.id)
    by_month: dict[date, list[bool]] = {}
    for call_at, passed, *_ in calls:
        local = pendulum.instance(call_at).in_timezone(BEIJING).date().replace(day=1)
        by_month.setdefault(local, []).append(bool(passed))
    months = [shift_month(month, -back) for back in range(QC_MONTHS - 1, -1, -1)]
    failed = [(at, score, missed, errors) for at, passed, score, missed, errors in calls
              if not passed][-RECENT_FAILED:]  # fmt: skip
    return Dossier(
        person,
        month,
        row.arrived if row else 0,
        row.scheduled if row else 0,
        tuple(statuses.most_common()),
        tuple((m, len(by_month.get(m, [])), sum(by_month.get(m, []))) for m in months),
        tuple(reversed(failed)),
        tuple(
            (day, f"{KINDS[kind]}：{topic}" + ("（补考）" if resit else ""), score, bool(passed))
            for day, kind, topic, resit, score, passed in sittings
        ),
        tuple((at, reason, response) for at, reason, response in asked),
        tuple(trainings_of(store, person.id, shift_month(month, -(TRAINING_MONTHS - 1)))),
        now.date(),
        tuple(spans),
    )
