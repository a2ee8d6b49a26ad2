"""The monthly 考勤表: people by days, a status code a cell."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import pendulum
import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Attendance,
    RotaEntry,
    Staff,
    StaffGroup,
    WorkGroup,
)
from hotline_tui.domain.attendance.arrival import ARRIVED_CODES, CODES, UNMARKED_CODE, marked
from hotline_tui.domain.attendance.swaps import hours_in
from hotline_tui.domain.people.roster import member_on
from hotline_tui.domain.periods import month_of
from hotline_tui.domain.shifts import list_shifts


@dataclass(frozen=True)
class SheetRow:
    staff_no: str
    name: str
    group: str
    codes: list[str]  # a code a day, "" where not scheduled
    arrived: int
    scheduled: int
    overtime: float = 0.0  # hours of approved overtime that start this month


def monthly_sheet(
    store: Store, month: date, now: pendulum.DateTime | None = None
) -> tuple[list[date], list[SheetRow]]:
    """The classic 考勤表: people by days, a status code a cell.

    The same rule as the arrival rate (arrival.ARRIVAL_RULE): a rota entry counts once
    its shift has begun by ``now``, marked or not (unmarked is not arrived), or once it
    is marked; the rest of a running month does not count yet. Without ``now``, all.
    """
    shifts = {s.id: s for s in list_shifts(store)}
    start, end = month_of(month)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    with store.read() as session:
        rows = session.execute(
            sa.select(
                Staff.staff_no, Staff.name, sa.func.coalesce(WorkGroup.name, ""),
                sa.func.coalesce(WorkGroup.sort_order, 99), RotaEntry.day, Attendance.status,
                RotaEntry.shift_id,
            )
            .select_from(RotaEntry)
            .join(Staff, Staff.id == RotaEntry.staff_id)
            .outerjoin(StaffGroup, member_on(RotaEntry.day))
            .outerjoin(WorkGroup, WorkGroup.id == StaffGroup.group_id)
            .outerjoin(
                Attendance,
                marked(),
            )
            .where(RotaEntry.day >= start, RotaEntry.day <= end)
            .order_by(RotaEntry.day)  # a person's row shows their group on their last day
        ).all()  # fmt: skip
        hours = hours_in(session, start, end + timedelta(days=1))
        numbers = dict(session.execute(sa.select(Staff.id, Staff.staff_no)).all())
    overtime = {numbers[i]: h for i, h in hours.items()}
    people: dict[str, dict] = {}
    order: dict[str, tuple] = {}
    cells: dict[str, dict[date, str]] = defaultdict(dict)
    begun: dict[str, set[date]] = defaultdict(set)
    for no, name, group, sort, day, status, shift_id in rows:
        people[no] = {"name": name, "group": group}
        order[no] = (sort, no)
        cells[no][day] = CODES.get(status, UNMARKED_CODE) if status else UNMARKED_CODE
        if now is None or status or shifts[shift_id].window(day)[0] <= now:
            begun[no].add(day)
    sheet = []
    for no in sorted(people, key=lambda n: order[n]):
        codes = [cells[no].get(d, "") for d in days]
        arrived = sum(1 for c in codes if c in ARRIVED_CODES)
        counted = len(begun[no])
        sheet.append(
            SheetRow(no, people[no]["name"], people[no]["group"], codes, arrived, counted,
                     overtime.get(no, 0.0))
        )  # fmt: skip
    return days, sheet
