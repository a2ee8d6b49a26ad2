"""The demo keeps the rules the desk enforces: each rule function run over the demo's
records, and the figures it writes as a chief would equal the ones the desk computes."""

from __future__ import annotations

import re
from datetime import date, timedelta

import sqlalchemy as sa

from hotline_tui.db.tables import (
    Exam,
    ExamResult,
    Handover,
    SwapRequest,
    TrainingAttendee,
    TrainingSession,
)
from hotline_tui.demo.exams import policy_test_day
from hotline_tui.domain.handover import carry
from hotline_tui.domain.quality.exams import results_open
from hotline_tui.domain.quality.training import roll_open
from hotline_tui.domain.reports.day import shift_attendance
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.model.arrival import FORMAL_ONLY
from hotline_tui.model.states import SwapStatus
from tests.conftest import TODAY


def test_no_score_or_roll_call_before_its_day(demo_store):
    with demo_store.read() as session:
        sat = (
            session.execute(sa.select(Exam).where(sa.exists().where(ExamResult.exam_id == Exam.id)))
            .scalars()
            .all()
        )
        called = (
            session.execute(
                sa.select(TrainingSession).where(
                    sa.exists().where(
                        TrainingAttendee.session_id == TrainingSession.id,
                        TrainingAttendee.status != "",
                    )
                )
            )
            .scalars()
            .all()
        )
    assert len(sat) > 12 and len(called) > 12
    for exam in sat:
        results_open(exam, TODAY)  # raises for a sitting still to come
    for training in called:
        roll_open(training, TODAY)


def test_the_policy_test_has_been_sat_whatever_the_day_the_demo_is_made():
    """On the 7th of a month (the day the demo once held 17 scores of a test three days
    ahead) as on any other: the test is past, and its briefing before it."""
    for day in range(1, 32):
        today = date(2026, 12, day)
        sat = policy_test_day(today)
        assert sat < today and sat.day == 10
        assert today - sat < timedelta(days=62)


def test_each_handover_tells_the_attendance_the_day_report_tells(demo_store):
    shifts = {s.id: s for s in list_shifts(demo_store)}
    with demo_store.read() as session:
        handovers = session.execute(
            sa.select(Handover.day, Handover.from_shift_id, Handover.people)
            .order_by(Handover.day.desc(), Handover.from_shift_id)
            .limit(12)
        ).all()
    assert len(handovers) == 12
    for day, shift_id, people in handovers:
        shift = shifts[shift_id]
        said = re.match(r"应到 (\d+) 人，实到 (\d+) 人；", people)
        assert said, people
        total = shift_attendance(demo_store, day, shift, shift.window(day)[1], FORMAL_ONLY).total
        assert (int(said[1]), int(said[2])) == (total.scheduled, total.arrived), (day, people)
        assert total.scheduled > 0


def test_a_deadline_reads_the_same_in_a_handover_as_on_the_clocks(demo_store, clock):
    """A deadline at midnight is 24:00 of the day before everywhere (model/countdown): the
    replacement requests a handover carries say it as the clocks screen does."""
    early = next(s for s in list_shifts(demo_store) if s.code == "early")
    ctx = carry.context(demo_store, TODAY, early, clock.now())
    texts = [c.text for c in carry.replacement_requests(demo_store, ctx)]
    assert texts and all(" 24:00 前答复" in t for t in texts), texts
    assert not [t for t in texts if "00:00 前答复" in t]


def test_one_swap_request_waits_and_one_was_approved(demo_store):
    with demo_store.read() as session:
        states = session.execute(sa.select(SwapRequest.status, SwapRequest.day)).all()
    assert sorted(s for s, _ in states) == [SwapStatus.APPROVED, SwapStatus.PENDING]
    assert all(day > TODAY for _, day in states)
