"""Exams (在职考试) and business tests (业务测试): sittings, each person's score, resits.

The rule of 在职考试合格率, stated once (docs/indicators.md): for a month, the people
who sat an exam held that month, at its first sitting (not a resit), and of them
those who passed. A resit is kept on the person's record and shows who has caught
up, but it does not change the month's rate: the contract judges the exam, not the
second chance. Business tests (业务测试) are not exams and are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import Exam, ExamResult, Staff
from hotline_tui.domain.people.roster import has_left
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.periods import month_of
from hotline_tui.model.permissions import MANAGERS, Action, require
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.text import required_line

KINDS = {"exam": "在职考试", "test": "业务测试"}
MAX_TOPIC = 40


def add_exam(
    store: Store,
    actor: StaffRow | None,
    kind: str,
    topic: str,
    day: date,
    pass_mark: int,
    full_mark: int = 100,
    resit_of: int | None = None,
    live_from: date | None = None,
    zone: str = "",
) -> int:
    """A sitting; a resit names the sitting it repeats (same kind and marks, a later day).
    A business test names the day its policy goes live and the zone whose seats need it."""
    actor = require(actor, Action.EXAMS)
    if kind == "test" and resit_of is None and live_from is None:
        raise DomainError("业务测试请填写新政策在热线上线的日期。")
    if kind != "test" and (live_from is not None or zone):
        raise DomainError("只有业务测试有上线日期和适用座位区。")
    zone = zone.strip().upper()
    if zone and not (len(zone) == 1 and "A" <= zone <= "Z"):
        raise DomainError(f"座位区“{zone}”无效：写座位编号前的字母，如 F；留空表示全部座位。")
    if kind not in KINDS:
        raise DomainError(f"没有“{kind}”这一类（可选：{'、'.join(KINDS.values())}）。")
    topic = required_line(topic, MAX_TOPIC, "请填写考试的内容或名称。", "考试名称")
    if not 0 < full_mark <= 1000 or not 0 < pass_mark <= full_mark:
        raise DomainError(f"及格分应在 1 到满分 {full_mark} 之间（现为 {pass_mark}）。")
    with store.write(actor.id) as tx:
        if resit_of is not None:
            first = tx.session.get(Exam, resit_of)
            if first is None:
                raise DomainError(f"要补考的考试 #{resit_of} 不存在。")
            if first.kind != kind or day <= first.day:
                raise DomainError(f"补考应是同一类考试，并在原考试（{first.day}）之后的日期。")
        exam = Exam(
            kind=kind, topic=topic, day=day, pass_mark=pass_mark, full_mark=full_mark,
            resit_of=resit_of, live_from=live_from, zone=zone, created_at=tx.now,
            created_by=actor.id,
        )  # fmt: skip
        tx.session.add(exam)
        tx.session.flush()
        tx.audit("exam.add", "exam", str(exam.id), None,
                 {"kind": kind, "topic": topic, "day": day, "pass_mark": pass_mark,
                  "resit_of": resit_of})  # fmt: skip
        return exam.id


def results_open(exam: Exam, today: date) -> None:
    """Scores are entered once the sitting has been held: refused before its day."""
    if exam.day > today:
        raise DomainError(f"{exam.topic} 在 {exam.day} 举行，还没有到，不能登记成绩。")


def record_score(
    store: Store, actor: StaffRow | None, exam_id: int, staff_no: str, score: int
) -> bool:
    """A person's score at a sitting; whether it passed. A resit is only for those who
    did not pass the sitting it repeats."""
    actor = require(actor, Action.EXAMS)
    with store.write(actor.id) as tx:
        s = tx.session
        exam = s.get(Exam, exam_id)
        if exam is None:
            raise DomainError(f"考试 #{exam_id} 不存在。")
        results_open(exam, tx.now.date())
        if not 0 <= score <= exam.full_mark:
            raise DomainError(f"成绩应在 0 到 {exam.full_mark} 之间（现为 {score}）。")
        person = s.execute(sa.select(Staff).where(Staff.staff_no == staff_no.strip())).scalar()
        if person is None:
            raise DomainError(f"工号 {staff_no or '（空）'} 不存在。")
        if person.post in MANAGERS or has_left(person.status, person.left_on, exam.day):
            raise DomainError(f"{person.name}（{person.staff_no}）{exam.day} 不是在职的坐席人员。")
        if exam.resit_of is not None:
            earlier = s.execute(
                sa.select(ExamResult.passed).where(
                    ExamResult.exam_id == exam.resit_of, ExamResult.staff_id == person.id
                )
            ).scalar()
            if earlier is None or earlier:
                raise DomainError(f"{person.name} 没有在原考试中不及格，不需要补考。")
        taken = s.execute(
            sa.select(ExamResult.score).where(
                ExamResult.exam_id == exam_id, ExamResult.staff_id == person.id
            )
        ).scalar()
        if taken is not None:
            raise ConflictError(f"{person.name} 这次考试的成绩已登记（{taken} 分）。")
        passed = score >= exam.pass_mark
        s.add(ExamResult(exam_id=exam_id, staff_id=person.id, score=score, passed=passed,
                         entered_at=tx.now, entered_by=actor.id))  # fmt: skip
        tx.audit("exam.score", "exam", str(exam_id), None,
                 {"agent": staff_no, "score": score, "passed": passed})  # fmt: skip
        return passed


@dataclass(frozen=True)
class ExamRow:
    id: int
    kind: str
    topic: str
    day: date
    pass_mark: int
    full_mark: int
    resit_of: int | None
    taken: int
    passed: int
    live_from: date | None = None
    zone: str = ""

    @property
    def title(self) -> str:
        resit = "（补考）" if self.resit_of else ""
        return f"{KINDS[self.kind]}：{self.topic}{resit}{self.applies}"

    @property
    def applies(self) -> str:
        """A business test's policy: where and from when it needs the test."""
        if self.live_from is None:
            return ""
        return f"（{self.zone + '区' if self.zone else '全部座位'}，{self.live_from:%m-%d} 上线）"


def exams_in_month(store: Store, month: date) -> list[ExamRow]:
    first, last = month_of(month)
    taken = sa.func.count(ExamResult.id)
    passed = sa.func.coalesce(sa.func.sum(sa.case((ExamResult.passed, 1), else_=0)), 0)
    with store.read() as session:
        rows = session.execute(
            sa.select(Exam.id, Exam.kind, Exam.topic, Exam.day, Exam.pass_mark, Exam.full_mark,
                      Exam.resit_of, taken, passed, Exam.live_from, Exam.zone)
            .outerjoin(ExamResult, ExamResult.exam_id == Exam.id)
            .where(Exam.day >= first, Exam.day <= last)
            .group_by(Exam.id)
            .order_by(Exam.day.desc(), Exam.id.desc())
        ).all()  # fmt: skip
    return [ExamRow(*tuple(row)) for row in rows]


@dataclass(frozen=True)
class ScoreRow:
    staff_no: str
    name: str
    score: int
    passed: bool


def scores_of(store: Store, exam_ids: list[int]) -> dict[int, list[ScoreRow]]:
    """Each sitting's results, those who failed first: one query for all of them."""
    with store.read() as session:
        rows = session.execute(
            sa.select(ExamResult.exam_id, Staff.staff_no, Staff.name, ExamResult.score,
                      ExamResult.passed)
            .join(Staff, Staff.id == ExamResult.staff_id)
            .where(ExamResult.exam_id.in_(exam_ids))
            .order_by(ExamResult.passed, Staff.staff_no)
        ).all()  # fmt: skip
    result: dict[int, list[ScoreRow]] = {exam_id: [] for exam_id in exam_ids}
    for exam_id, staff_no, name, score, passed in rows:
        result[exam_id].append(ScoreRow(staff_no, name, score, passed))
    return result


def scores(store: Store, exam_id: int) -> list[ScoreRow]:
    """The sitting's results, those who failed first."""
    return scores_of(store, [exam_id])[exam_id]


def month_exam_figures(store: Store, months: list[date]) -> dict[date, dict[str, int]]:
    """For each month with exam results: exam_taken and exam_passed by the rule above
    (first sittings of exams held that month; resits and business tests not counted)."""
    if not months:
        return {}
    first, last = month_of(min(months))[0], month_of(max(months))[1]
    with store.read() as session:
        rows = session.execute(
            sa.select(Exam.day, ExamResult.passed)
            .join(ExamResult, ExamResult.exam_id == Exam.id)
            .where(Exam.kind == "exam", Exam.resit_of.is_(None),
                   Exam.day >= first, Exam.day <= last)
        ).all()  # fmt: skip
    figures: dict[date, dict[str, int]] = {}
    for day, passed in rows:
        month = day.replace(day=1)
        if month in months:
            counts = figures.setdefault(month, {"exam_taken": 0, "exam_passed": 0})
            counts["exam_taken"] += 1
            counts["exam_passed"] += bool(passed)
    return figures


def untested(store: Store, zone: str, day: date, staff_ids: list[int]) -> dict[int, list[str]]:
    """Of ``staff_ids``, who has not passed the business test of a policy live on ``day``
    that the seats of ``zone`` need (its resits count): the topics each one lacks."""
    with store.read() as session:
        tests = session.execute(
            sa.select(Exam.id, Exam.topic).where(
                Exam.kind == "test", Exam.resit_of.is_(None), Exam.live_from <= day,
                sa.or_(Exam.zone == "", Exam.zone == zone),
            )
        ).all()  # fmt: skip
        passed = session.execute(
            sa.select(sa.func.coalesce(Exam.resit_of, Exam.id), ExamResult.staff_id)
            .join(ExamResult, ExamResult.exam_id == Exam.id)
            .where(ExamResult.passed, sa.or_(Exam.id.in_([t for t, _ in tests]),
                                             Exam.resit_of.in_([t for t, _ in tests])))
        ).all()  # fmt: skip
    done = {(test_id, staff_id) for test_id, staff_id in passed}
    lacking: dict[int, list[str]] = {}
    for staff_id in staff_ids:
        topics = [topic for test_id, topic in tests if (test_id, staff_id) not in done]
        if topics:
            lacking[staff_id] = topics
    return lacking
