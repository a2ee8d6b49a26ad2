"""Marking attendance: one person, or everyone not marked yet."""

from __future__ import annotations

from datetime import date

import pendulum
import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import Attendance, RotaEntry, Staff, StaffGroup, WorkGroup
from hotline_tui.domain.people.roster import group_on, member_on
from hotline_tui.errors import DomainError
from hotline_tui.model.permissions import Action, allowed, require, require_post
from hotline_tui.model.shifts import Shift, describe_day
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.states import AttendanceStatus
from hotline_tui.model.vocab import ATTENDANCE_STATUSES


def mark(
    store: Store,
    actor: StaffRow | None,
    day: date,
    shift: Shift,
    staff_no: str,
    status: str,
    arrived_at: pendulum.DateTime | None = None,
) -> None:
    """Mark one scheduled person; 迟到 needs the arrival time, after the shift start."""
    actor = require_post(actor, Action.MARK_ATTENDANCE)
    if status not in ATTENDANCE_STATUSES:
        raise DomainError(f"没有“{status}”这种考勤状态。")
    late = 0
    if status == AttendanceStatus.LATE:
        start = shift.window(day)[0]
        if arrived_at is None:
            raise DomainError("迟到请填写到岗时间。")
        if arrived_at <= start:
            raise DomainError(
                f"到岗时间 {arrived_at.format('HH:mm')} 不晚于班次开始（{start.format('HH:mm')}），不算迟到。"
            )
        late = int((arrived_at - start).total_seconds() // 60)
    with store.write(actor.id) as tx:
        if arrived_at is not None and arrived_at > tx.now:
            raise DomainError(
                f"到岗时间 {arrived_at.format('HH:mm')} 还没到（现在 {tx.now.format('HH:mm')}），"
                "请填写实际到岗的时间。"
            )
        s = tx.session
        person = s.execute(
            sa.select(Staff.id, Staff.name).where(Staff.staff_no == staff_no)
        ).first()
        if person is None:
            raise DomainError(f"工号 {staff_no} 不存在。")
        require(actor, Action.MARK_ATTENDANCE, group=group_on(s, person[0], day))
        on_rota = s.execute(
            sa.select(RotaEntry.id).where(
                RotaEntry.day == day,
                RotaEntry.shift_id == shift.id,
                RotaEntry.staff_id == person[0],
            )
        ).first()
        if on_rota is None:
            raise DomainError(
                f"{person[1]} 不在 {describe_day(day)} {shift.name}的排班中，不能标记考勤。"
            )
        row = s.execute(
            sa.select(Attendance).where(
                Attendance.day == day,
                Attendance.shift_id == shift.id,
                Attendance.staff_id == person[0],
            )
        ).scalar_one_or_none()
        before = None if row is None else {"status": row.status, "late": row.late_minutes}
        if row is None:
            row = Attendance(day=day, shift_id=shift.id, staff_id=person[0], status=status,
                             late_minutes=late, marked_at=tx.now, marked_by=actor.id)  # fmt: skip
            s.add(row)
        else:
            row.status, row.late_minutes, row.marked_at, row.marked_by = (
                status,
                late,
                tx.now,
                actor.id,
            )
        tx.audit("attendance.mark", "attendance", f"{day}/{shift.code}/{staff_no}", before,
                 {"status": status, "late": late})  # fmt: skip


def mark_rest_present(
    store: Store, actor: StaffRow | None, day: date, shift: Shift, before_minutes: int = 15
) -> int:
    """Everyone scheduled and not marked yet becomes 出勤; returns how many.

    Only from ``before_minutes`` before the shift starts: nobody is present earlier.
    A post that marks its own group only (the 班长) marks the rest of its group.
    """
    actor = require_post(actor, Action.MARK_ATTENDANCE)
    opens = shift.window(day)[0].subtract(minutes=before_minutes)
    if store.clock.now() < opens:
        raise DomainError(
            f"{shift.name}（{describe_day(day)} {shift.window(day)[0].format('HH:mm')} 开始）"
            f"从 {opens.format('MM-DD HH:mm')} 起才能一键标记出勤，现在还没有人到岗。"
        )
    whole_floor = allowed(actor, Action.MARK_ATTENDANCE, group=None)
    if not whole_floor:
        require(actor, Action.MARK_ATTENDANCE, group=actor.group)
    with store.write(actor.id) as tx:
        s = tx.session
        query = sa.select(RotaEntry.staff_id).where(
            RotaEntry.day == day,
            RotaEntry.shift_id == shift.id,
            ~sa.exists().where(
                Attendance.day == day, Attendance.shift_id == shift.id,
                Attendance.staff_id == RotaEntry.staff_id,
            ),
        )  # fmt: skip
        if not whole_floor:
            query = (
                query.join(Staff, Staff.id == RotaEntry.staff_id)
                .join(StaffGroup, member_on(day))
                .join(WorkGroup, WorkGroup.id == StaffGroup.group_id)
                .where(WorkGroup.name == actor.group)
            )
        unmarked = s.execute(query).scalars().all()
        if unmarked:
            s.execute(
                sa.insert(Attendance),
                [{"day": day, "shift_id": shift.id, "staff_id": sid, "status": AttendanceStatus.PRESENT, "late_minutes": 0,
                  "marked_at": tx.now, "marked_by": actor.id} for sid in unmarked],
            )  # fmt: skip
        tx.audit(
            "attendance.rest_present",
            "attendance",
            f"{day}/{shift.code}",
            None,
            {"count": len(unmarked)},
        )
        return len(unmarked)
