"""The records behind the computed indicators, for the drill-down and the workbook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pendulum
import sqlalchemy as sa

from hotline_tui.clock import BEIJING
from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Attendance,
    ReplacementRequest,
    RotaEntry,
    ShiftDef,
    Staff,
)
from hotline_tui.domain.attendance.arrival import counted, marked
from hotline_tui.domain.clocks import faults, urgent
from hotline_tui.model.arrival import ARRIVED, FORMAL_ONLY, ArrivalRule
from hotline_tui.model.backdating import late_text
from hotline_tui.model.periods import months_of
from hotline_tui.model.shifts import Shift
from hotline_tui.model.text import moment

# (first day, last day) of a month or a quarter.
Period = tuple[date, date]


@dataclass(frozen=True)
class Record:
    """One line of what an indicator is computed from, for the drill-down and the workbook.

    Times and dates are kept as values (aware datetimes, dates), not text: the screen
    writes them as the floor reads them (``cell_text``), the workbook as dated cells
    with their year."""

    cells: tuple
    counted: bool
    ok: bool


def cell_text(value: object) -> str:
    """A record's cell as the drill-down shows it: 11-30 09:01 for a time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


RECORD_COLUMNS = {
    2: ("发现时间", "系统", "现象", "上报截止", "上报时间", "上报给", "结果", "补录"),
    4: ("日期", "班次", "工号", "姓名", "状态", "结果"),
    6: ("发生时间", "类别", "摘要", "截止", "办结时间", "经手", "结果", "延误原因", "补录"),
    0: ("登记时间", "工号", "姓名", "原因", "答复期限", "答复时间", "答复", "结果"),
}


def against_first(records: list[Record]) -> list[Record]:
    """The order both the drill-down and the workbook list records in: those that count
    against the indicator first, then the rest, each in time order."""
    against = [r for r in records if r.counted and not r.ok]
    return against + [r for r in records if not (r.counted and not r.ok)]


OUTCOME_NAMES = {"on_time": "及时", "late": "超时", "pending": "未到期（不计）"}


def fault_records(store: Store, period: Period, now: pendulum.DateTime) -> list[Record]:
    rows = [f for m in months_of(period) for f in faults.faults_in_month(store, m)]
    return [
        Record(
            (f.detected_at, f.system, f.description, f.report_deadline,
             f.reported_at, f.reported_to, OUTCOME_NAMES[f.outcome(now)],
             late_text(f.late_reason, f.entered_at)),
            f.outcome(now) != "pending", f.outcome(now) == "on_time",
        )
        for f in rows
    ]  # fmt: skip


def urgent_records(store: Store, period: Period, now: pendulum.DateTime) -> list[Record]:
    rows = [i for m in months_of(period) for i in urgent.issues_in_month(store, m)]
    return [
        Record(
            (i.opened_at, i.category, i.summary, i.deadline, i.closed_at,
             i.handler, OUTCOME_NAMES[i.outcome(now)], i.delay_reason,
             late_text(i.late_reason, i.entered_at)),
            i.outcome(now) != "pending", i.outcome(now) == "on_time",
        )
        for i in rows
    ]  # fmt: skip


def attendance_records(
    store: Store,
    period: Period,
    now: pendulum.DateTime,
    shifts: list[Shift],
    rule: ArrivalRule = FORMAL_ONLY,
) -> list[Record]:
    """The shifts not arrived (the absent ones) of the people ``rule`` counts: what
    pulls the rate down."""
    since, until = period
    today = now.date()
    begun = {s.id for s in shifts if s.window(today)[0] <= now}
    with store.read() as session:
        rows = session.execute(
            sa.select(RotaEntry.day, ShiftDef.name, RotaEntry.shift_id, Staff.staff_no, Staff.name,
                      sa.func.coalesce(Attendance.status, ""))
            .select_from(RotaEntry)
            .join(ShiftDef, ShiftDef.id == RotaEntry.shift_id)
            .join(Staff, Staff.id == RotaEntry.staff_id)
            .outerjoin(Attendance, marked())
            .where(RotaEntry.day >= since, RotaEntry.day <= min(until, today),
                   sa.func.coalesce(Attendance.status, "").not_in(tuple(ARRIVED)),
                   counted(rule))
            .order_by(RotaEntry.day, ShiftDef.sort_order, Staff.staff_no)
        ).all()  # fmt: skip
    return [
        Record((day, shift, no, name, status or "未标记", "未到岗"), True, False)
        for day, shift, shift_id, no, name, status in rows
        if day < today or shift_id in begun
    ]


def replacement_records(store: Store, period: Period, now: pendulum.DateTime) -> list[Record]:
    since, until = period
    start = pendulum.datetime(since.year, since.month, since.day, tz=BEIJING)
    end = pendulum.datetime(until.year, until.month, until.day, tz=BEIJING).add(days=1)
    with store.read() as session:
        rows = session.execute(
            sa.select(ReplacementRequest.requested_at, Staff.staff_no, Staff.name, ReplacementRequest.reason,
                      ReplacementRequest.deadline, ReplacementRequest.responded_at, ReplacementRequest.response)
            .join(Staff, Staff.id == ReplacementRequest.staff_id)
            .where(ReplacementRequest.requested_at >= start, ReplacementRequest.requested_at < end)
            .order_by(ReplacementRequest.requested_at)
        ).all()  # fmt: skip
    records = []
    for at, no, name, reason, deadline, responded, response in rows:
        if responded is not None:
            outcome = "on_time" if responded <= deadline else "late"
        else:
            outcome = "late" if now > deadline else "pending"
        records.append(
            Record(
                (
                    at,
                    no,
                    name,
                    reason,
                    deadline,
                    responded,
                    response,
                    OUTCOME_NAMES[outcome],
                ),
                outcome != "pending",
                outcome == "on_time",
            )  # fmt: skip
        )
    return records
