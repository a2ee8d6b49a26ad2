"""Zones per group: the seats each work group uses, and the skill a specialist seat needs.

Kept in the database as settings (every change audited), set on the 座位区 screen over
the floor map, and read by the fill from the rota (fill.py). A seat may be in the zones
of several groups; a group without seats has no zone, and the fill says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hotline_tui.db.store import Store
from hotline_tui.db.tables import Seat, WorkGroup, ZoneSeat
from hotline_tui.errors import DomainError
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.seat_plan import Plan, SeatView
from hotline_tui.model.shifts import Shift
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.vocab import SKILLS


@dataclass(frozen=True)
class Zones:
    groups: list[tuple[str, int]]  # (name, order), in the floor's order
    seats_of: dict[str, frozenset[str]] = field(default_factory=dict)  # group → labels
    skill_of: dict[str, str] = field(default_factory=dict)  # label → skill ("" for none)

    def groups_of(self, label: str) -> list[str]:
        return [g for g, _ in self.groups if label in self.seats_of.get(g, frozenset())]


def read_zones(store: Store) -> Zones:
    with store.read() as session:
        groups = [
            (name, order)
            for name, order in session.execute(
                sa.select(WorkGroup.name, WorkGroup.sort_order).order_by(WorkGroup.sort_order)
            )
        ]
        members = session.execute(
            sa.select(WorkGroup.name, Seat.label)
            .join(ZoneSeat, ZoneSeat.group_id == WorkGroup.id)
            .join(Seat, Seat.id == ZoneSeat.seat_id)
        ).all()
        skills = {
            label: skill
            for label, skill in session.execute(
                sa.select(Seat.label, Seat.skill).where(Seat.skill != "")
            )
        }
    seats: dict[str, set[str]] = {}
    for group, label in members:
        seats.setdefault(group, set()).add(label)
    return Zones(groups, {g: frozenset(s) for g, s in seats.items()}, skills)


def _seats(session: Session, labels: list[str], column: Any) -> dict[str, Any]:
    """``column`` of each seat of ``labels``; a label not on the floor is refused."""
    found = {
        label: value
        for label, value in session.execute(
            sa.select(Seat.label, column).where(Seat.label.in_(labels))
        )
    }
    unknown = [label for label in labels if label not in found]
    if unknown:
        raise DomainError(f"没有座位 {'、'.join(unknown)}。")
    return found


def set_zone_seats(
    store: Store, actor: StaffRow | None, group: str, labels: Iterable[str], member: bool
) -> int:
    """Put ``labels`` into ``group``'s zone (``member``) or take them out; how many changed.
    Setting a seat as it already is changes nothing, so two terminals agree."""
    actor = require(actor, Action.SEAT_ZONES)
    wanted = sorted(set(labels))
    with store.write(actor.id) as tx:
        s = tx.session
        group_id = s.execute(sa.select(WorkGroup.id).where(WorkGroup.name == group)).scalar()
        if group_id is None:
            raise DomainError(f"没有工作组“{group}”。")
        seat_ids = _seats(s, wanted, Seat.id)
        have = set(
            s.execute(
                sa.select(ZoneSeat.seat_id).where(
                    ZoneSeat.group_id == group_id, ZoneSeat.seat_id.in_(seat_ids.values())
                )
            ).scalars()
        )
        if member:
            changed = [label for label in wanted if seat_ids[label] not in have]
            if changed:
                s.execute(
                    sa.insert(ZoneSeat),
                    [{"group_id": group_id, "seat_id": seat_ids[label]} for label in changed],
                )
        else:
            changed = [label for label in wanted if seat_ids[label] in have]
            if changed:
                s.execute(
                    sa.delete(ZoneSeat).where(
                        ZoneSeat.group_id == group_id,
                        ZoneSeat.seat_id.in_([seat_ids[label] for label in changed]),
                    )
                )
        tx.audit("zone.seats", "work_group", group, None,
                 {"added" if member else "removed": "、".join(changed) or "未变"})  # fmt: skip
        return len(changed)


def set_seat_skill(store: Store, actor: StaffRow | None, labels: Iterable[str], skill: str) -> int:
    """The skill a person needs to sit on ``labels`` ("" for none); how many changed."""
    actor = require(actor, Action.SEAT_ZONES)
    skill = skill.strip()
    if skill and skill not in SKILLS:
        raise DomainError(f"没有“{skill}”这项技能（可选：{'、'.join(SKILLS)}；留空为不需要）。")
    wanted = sorted(set(labels))
    with store.write(actor.id) as tx:
        s = tx.session
        known = _seats(s, wanted, Seat.skill)
        changed = [label for label in wanted if known[label] != skill]
        if changed:
            s.execute(sa.update(Seat).where(Seat.label.in_(changed)).values(skill=skill))
        tx.audit("zone.skill", "seat", "、".join(wanted[:3]) + ("…" if len(wanted) > 3 else ""),
                 None, {"skill": skill or "不需要", "seats": len(changed)})  # fmt: skip
        return len(changed)


ZONE_DAY = date(2000, 1, 1)  # a zone map is no day's plan: the Plan needs one all the same


def zone_plan(zones: Zones, labels: Iterable[str], shift: Shift) -> Plan:
    """The zones drawn as the seat map draws a plan: each seat of a zone in its (first)
    group's colour and mark, with the skill it needs below (需医保) and how many more
    groups share it; a seat in no zone is drawn empty."""
    orders = dict(zones.groups)
    views: dict[str, SeatView] = {}
    counts: dict[str, int] = {}
    for label in labels:
        owners = zones.groups_of(label)
        need = zones.skill_of.get(label, "")
        below = (f"需{need}" if need else "") + (
            f" +{len(owners) - 1}组" if len(owners) > 1 else ""
        )
        if not owners:  # drawn as an empty seat; the screen's side panel names its skill
            views[label] = SeatView(label)
            continue
        first = owners[0]
        counts[first] = counts.get(first, 0) + 1
        views[label] = SeatView(label, staff_id=0, name=below or first[:4], group=first,
                                group_order=orders[first])  # fmt: skip
    group_counts = [(g, o, counts[g]) for g, o in zones.groups if g in counts]
    return Plan(ZONE_DAY, shift, views, group_counts)
