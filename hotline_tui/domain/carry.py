"""What a handover carries over by itself: every open problem, as it stands at that moment.

Each source is one small function ``(store, context) -> list[Carried]``; a new
kind of record (urgent issues, faults, attendance exceptions) joins the
handover by adding its function to ``SOURCES``; the handover code does not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pendulum
import sqlalchemy as sa

from hotline_tui.domain.models import OpenItem, Staff
from hotline_tui.domain.seating import Plan, moment, plan_for
from hotline_tui.domain.shifts import Shift


@dataclass(frozen=True)
class CarryContext:
    day: date  # the outgoing shift's date
    shift: Shift  # the outgoing shift
    now: pendulum.DateTime
    plan: Plan  # the outgoing shift's seat plan, read once for every source


def context(store, day: date, shift: Shift, now: pendulum.DateTime) -> CarryContext:
    return CarryContext(day, shift, now, plan_for(store, day, shift))


@dataclass(frozen=True)
class Carried:
    source: str  # the kind of record, as the floor calls it: 待办, 停用座位
    ref: str  # which record of that kind
    text: str  # how it stood at that moment
    item_id: int | None = None  # set for open items, which can be closed from the handover


def open_items(store, ctx: CarryContext) -> list[Carried]:
    """Every 待办 not closed yet, oldest first, with its owner."""
    with store.read() as session:
        rows = session.execute(
            sa.select(OpenItem.id, OpenItem.title, OpenItem.opened_at, Staff.name)
            .join(Staff, Staff.id == OpenItem.owner_id)
            .where(OpenItem.status == "open", OpenItem.opened_at <= ctx.now)
            .order_by(OpenItem.opened_at, OpenItem.id)
        ).all()
    return [item_entry(*row) for row in rows]


def item_entry(item_id: int, title: str, opened_at, owner: str) -> Carried:
    """How an open item reads in a handover."""
    return Carried(
        "待办", f"#{item_id}", f"{title}（负责人 {owner}，{moment(opened_at)} 提出）", item_id
    )


def seats_out_of_service(store, ctx: CarryContext) -> list[Carried]:
    """Seats out of service in the outgoing shift's plan, with their reasons."""
    return [
        Carried(
            "停用座位", seat.label, f"{seat.label} {seat.out_reason}（{moment(seat.out_since)} 起）"
        )
        for seat in ctx.plan.out_of_service
    ]


Source = Callable[[object, CarryContext], list[Carried]]
SOURCES: tuple[Source, ...] = (open_items, seats_out_of_service)


def gather(store, ctx: CarryContext, sources: tuple[Source, ...] = SOURCES) -> list[Carried]:
    carried: list[Carried] = []
    for source in sources:
        carried.extend(source(store, ctx))
    return carried
