"""The demo agrees with itself: seat plans built from the rota, so warnings mean something."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from hotline_tui.db.tables import HandoverEntry, RotaEntry, SeatAssignment
from hotline_tui.demo.generate import PLAN_DAYS
from hotline_tui.domain.attendance.board import board_for
from hotline_tui.domain.shifts import list_shifts
from tests.conftest import TODAY

SEAT_VERSUS_ROTA = ("不在本班排班中", "没有安排座位")


def test_no_demo_handover_says_someone_is_seated_off_the_rota(demo_store):
    with demo_store.read() as session:
        lines = session.execute(
            sa.select(sa.func.count())
            .select_from(HandoverEntry)
            .where(HandoverEntry.text.like("%不在本班排班中%"))
        ).scalar_one()
        handovers = session.execute(
            sa.select(sa.func.count(sa.distinct(HandoverEntry.handover_id)))
        ).scalar_one()
    assert handovers > 60  # a month of handovers was written and looked at
    assert lines == 0


def test_every_seat_in_the_demo_plans_is_on_that_shift_rota(demo_store):
    with demo_store.read() as session:
        seated = session.execute(sa.select(sa.func.count()).select_from(SeatAssignment)).scalar()
        off_rota = session.execute(
            sa.select(sa.func.count())
            .select_from(SeatAssignment)
            .where(
                ~sa.exists().where(
                    RotaEntry.day == SeatAssignment.day,
                    RotaEntry.shift_id == SeatAssignment.shift_id,
                    RotaEntry.staff_id == SeatAssignment.staff_id,
                )
            )
        ).scalar()
    assert seated > 1000
    assert off_rota == 0


def test_at_most_a_handful_of_seat_versus_rota_warnings_in_the_month(demo_store):
    shifts = list_shifts(demo_store)
    warnings = [
        flag
        for back in range(PLAN_DAYS)
        for shift in shifts
        for flag in board_for(demo_store, TODAY - timedelta(days=back), shift).flags
        if any(words in flag for words in SEAT_VERSUS_ROTA)
    ]
    assert len(warnings) <= 5, warnings
