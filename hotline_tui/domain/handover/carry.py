"""What a handover carries over by itself: every open problem, as it stands at that moment.

Each source is one small function ``(store, context) -> list[Carried]``; a new
kind of record (urgent issues, faults, attendance exceptions) joins the
handover by adding its function to ``SOURCES``; the handover code does not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pendulum
import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import OpenItem, Staff
from hotline_tui.domain.attendance.board import attendance_flags
from hotline_tui.domain.clocks.countdown import open_clocks
from hotline_tui.domain.clocks.faults import unresolved_faults
from hotline_tui.domain.floor.seating import Plan, plan_for
from hotline_tui.model.countdown import OpenClock, deadline_text, format_remaining
from hotline_tui.model.shifts import Shift
from hotline_tui.model.states import ItemStatus
from hotline_tui.model.text import moment


@dataclass(frozen=True)
class CarryContext:
    day: date  # the outgoing shift's date
    shift: Shift  # the outgoing shift
    now: pendulum.DateTime
    plan: Plan  # the outgoing shift's seat plan, read once for every source
    clocks: list[OpenClock]  # every open clock, read once for the sources that list them


def context(store: Store, day: date, shift: Shift, now: pendulum.DateTime) -> CarryContext:
    return CarryContext(day, shift, now, plan_for(store, day, shift), open_clocks(store))


@dataclass(frozen=True)
class Carried:
    source: str  # the kind of record, as the floor calls it: 待办, 停用座位
    ref: str  # which record of that kind
    text: str  # how it stood at that moment
    item_id: int | None = None  # set for open items, which can be closed from the handover


def open_items(store: Store, ctx: CarryContext) -> list[Carried]:
    """Every 待办 not closed yet, oldest first, with its owner."""
    with store.read() as session:
        rows = session.execute(
            sa.select(OpenItem.id, OpenItem.title, OpenItem.opened_at, Staff.name)
            .join(Staff, Staff.id == OpenItem.owner_id)
            .where(OpenItem.status == ItemStatus.OPEN, OpenItem.opened_at <= ctx.now)
            .order_by(OpenItem.opened_at, OpenItem.id)
        ).all()
    return [item_entry(*row) for row in rows]


def item_entry(item_id: int, title: str, opened_at: datetime, owner: str) -> Carried:
    """How an open item reads in a handover."""
    return Carried(
        "待办", f"#{item_id}", f"{title}（负责人 {owner}，{moment(opened_at)} 提出）", item_id
    )


def seats_out_of_service(store: Store, ctx: CarryContext) -> list[Carried]:
    """Seats out of service in the outgoing shift's plan, with their reasons."""
    return [
        Carried(
            "停用座位", seat.label, f"{seat.label} {seat.out_reason}（{moment(seat.out_since)} 起）"
        )
        for seat in ctx.plan.out_of_service
    ]


def urgent_issues(store: Store, ctx: CarryContext) -> list[Carried]:
    """Open urgent issues with the time they had left at that moment."""
    return [
        Carried("紧急问题", f"#{c.id}", f"{c.title}（{c.state}，{_left(c, ctx.now)}）")
        for c in ctx.clocks
        if c.kind == "urgent"
    ]


def faults(store: Store, ctx: CarryContext) -> list[Carried]:
    """Faults not yet resolved: unreported ones with their report clock."""
    result = []
    for f in unresolved_faults(store):
        if f.reported_at is None:
            clock = OpenClock("fault", f.id, f.system, f.system, "待上报", f.report_deadline)
            state = f"待上报，{_left(clock, ctx.now)}"
        else:
            state = f"{moment(f.reported_at)} 已上报 {f.reported_to}，未恢复"
        text = f"{f.system} {f.description}".strip()
        result.append(
            Carried("故障", f"#{f.id}", f"{text}（{moment(f.detected_at)} 发现，{state}）")
        )
    return result


def replacement_requests(store: Store, ctx: CarryContext) -> list[Carried]:
    """Replacement requests not answered yet, with their deadline."""
    return [
        Carried("撤换", f"#{c.id}", f"{c.title}（{deadline_text(c.deadline)} 前答复）")
        for c in ctx.clocks
        if c.kind == "replacement"
    ]


def escalations(store: Store, ctx: CarryContext) -> list[Carried]:
    """请示报告 still awaiting their reply, with the time left to it."""
    return [
        Carried(
            "请示报告",
            f"#{c.id}",
            f"{c.title}（{deadline_text(c.deadline)} 前答复，{_left(c, ctx.now)}）",
        )
        for c in ctx.clocks
        if c.kind == "escalation"
    ]


def attendance_exceptions(store: Store, ctx: CarryContext) -> list[Carried]:
    """The outgoing shift's attendance flags: absent but seated, present but not
    seated, not on the rota but seated, 旷工 streaks."""
    return [
        Carried("考勤", f"{ctx.day.isoformat()}/{ctx.shift.code}/{n}", flag)
        for n, flag in enumerate(attendance_flags(store, ctx.day, ctx.shift), 1)
    ]


def _left(clock: OpenClock, now: pendulum.DateTime) -> str:
    left = clock.remaining(now)
    return (
        f"剩 {format_remaining(clock, left)}"
        if left > 0
        else f"已超时 {format_remaining(clock, -left)}"
    )


Source = Callable[[Store, CarryContext], list[Carried]]
SOURCES: tuple[Source, ...] = (
    open_items,
    urgent_issues,
    faults,
    replacement_requests,
    escalations,
    attendance_exceptions,
    seats_out_of_service,
)


def gather(store: Store, ctx: CarryContext, sources: tuple[Source, ...] = SOURCES) -> list[Carried]:
    carried: list[Carried] = []
    for source in sources:
        carried.extend(source(store, ctx))
    return carried
