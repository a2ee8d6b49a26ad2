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
from hotline_tui.domain.attendance.arrival import marked, probation_on
from hotline_tui.domain.attendance.swaps import hours_in
from hotline_tui.domain.people.roster import member_on
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.model.arrival import ARRIVED, CODES, FORMAL_ONLY, UNMARKED_CODE, ArrivalRule
from hotline_tui.model.periods import month_of


@dataclass(frozen=True)
class SheetRow:
    staff_no: str
    name: str
    group: str
    codes: list[str]  # a code a day, "" where not scheduled
    arrived: int
    scheduled: int
    overtime: float = 0.0  # hours of approved overtime that start this month
    # What the arrival rate counts of this row: without the days on probation (试用)
    # unless the rule counts them; the sheet's 合计 adds these, so it equals the indicator.
    rate_arrived: int = 0
    rate_scheduled: int = 0
    probation: bool = False  # on probation on some day of the month

    @property
    def label(self) -> str:
        return f"{self.name}（试用）" if self.probation else self.name


def monthly_sheet(
    store: Store,
    month: date,
    now: pendulum.DateTime | None = None,
    rule: ArrivalRule = FORMAL_ONLY,
    staff_no: str | None = None,
) -> tuple[list[date], list[SheetRow]]:
    """The classic 考勤表: people by days, a status code a cell.

    The same rule as the arrival rate (arrival.ArrivalRule): a rota entry counts once
    its shift has begun by ``now``: marked, or with the shift over (unmarked is not
    arrived; while the shift runs, the roll call is still under way); the rest of a
    running month does not count yet, even where marked ahead (leave booked for next
    week). Without ``now``, all. The rate's own columns count only whom ``rule`` counts.
    With ``staff_no``, that person's row alone (a person's record).
    """
    shifts = {s.id: s for s in list_shifts(store)}
    start, end = month_of(month)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    query = (
        sa.select(
            Staff.staff_no, Staff.name, sa.func.coalesce(WorkGroup.name, ""),
            sa.func.coalesce(WorkGroup.sort_order, 99), RotaEntry.day, Attendance.status,
            RotaEntry.shift_id, probation_on(RotaEntry.day),
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
    )  # fmt: skip
    if staff_no is not None:
        query = query.where(Staff.staff_no == staff_no)
    with store.read() as session:
        rows = session.execute(query).all()
        hours = hours_in(session, start, end + timedelta(days=1))
        numbers = dict(session.execute(sa.select(Staff.id, Staff.staff_no)).all())
    overtime = {numbers[i]: h for i, h in hours.items()}
    people: dict[str, dict] = {}
    order: dict[str, tuple] = {}
    cells: dict[str, dict[date, str]] = defaultdict(dict)
    # Per person: [arrived, scheduled] of the begun entries, and of those the rate counts.
    own: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rated: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    on_probation: set[str] = set()
    for no, name, group, sort, day, status, shift_id, probation in rows:
        people[no] = {"name": name, "group": group}
        order[no] = (sort, no)
        cells[no][day] = CODES.get(status, UNMARKED_CODE) if status else UNMARKED_CODE
        if probation:
            on_probation.add(no)
        if now is not None:
            starts, ends = shifts[shift_id].window(day)
            if starts > now:
                continue  # not begun: not scheduled-and-missed yet, not arrived yet
            if not status and now < ends:
                continue  # being called: counted when marked, or when the shift is over
        came = int(status in ARRIVED)
        tallies = (own[no], rated[no]) if rule.counts_person(bool(probation)) else (own[no],)
        for tally in tallies:
            tally[0] += came
            tally[1] += 1
    sheet = []
    for no in sorted(people, key=lambda n: order[n]):
        codes = [cells[no].get(d, "") for d in days]
        sheet.append(
            SheetRow(no, people[no]["name"], people[no]["group"], codes, own[no][0], own[no][1],
                     overtime.get(no, 0.0), rated[no][0], rated[no][1], no in on_probation)
        )  # fmt: skip
    return days, sheet
