"""The seat plan from the rota (按排班排座): everyone on a shift's rota who has no seat
yet gets one in their group's zone.

The rules, in order:
- people already seated stay where they are;
- a seat out of service, or one needing a skill the person lacks, is never given;
- each person gets the seat they used most in the last four weeks, if it is free and
  allowed; the strongest habits are served first;
- everyone else takes the first free seat of their zone in the floor's order;
- nobody marked away for the shift (leave of any kind, or 旷工) is given a seat;
- who is left has no seat, with the real reason: marked away, no group, a group
  without a zone, a zone whose seats (or whose free ones) need a skill the person
  lacks, or the zone full; for those the zone cannot take the preview names the
  nearest zone with free seats they may use, and a fill with ``overflow`` seats them
  there.

``preview_fill`` reads and decides, writing nothing; ``apply_fill`` saves a preview,
changed or not, in one transaction, refusing it when the rota changed after the
preview was read or another terminal seated someone meanwhile.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import Session

from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Attendance,
    RotaEntry,
    Seat,
    SeatAssignment,
    SeatOutage,
    Staff,
    StaffGroup,
    WorkGroup,
    ZoneSeat,
)
from hotline_tui.domain.attendance.arrival import marked
from hotline_tui.domain.floor.seating import outage_applies
from hotline_tui.domain.people.roster import has_left, member_on
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.arrival import AWAY, LEAVE
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.person_fields import GROUP_POSTS, skill_set
from hotline_tui.model.shifts import Shift
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.text import visible

HABIT_DAYS = 28
HABIT = "常坐"
OWN_ZONE = "本组座位区"


@dataclass(frozen=True)
class Person:
    staff_id: int
    staff_no: str
    name: str
    group: str
    group_order: int
    skills: frozenset[str]


@dataclass(frozen=True)
class Placement:
    staff_no: str
    name: str
    group: str
    label: str
    why: str  # 常坐, 本组座位区, 临近 C 区, 值班长调整


# Why someone stands when their group has no seats yet: the screen points to z.
NO_ZONE = "还没有设定座位区"


@dataclass(frozen=True)
class Standing:
    staff_no: str
    name: str
    group: str
    reason: str


@dataclass(frozen=True)
class Overflow:
    """A group's people left standing because its zone is full, and the nearest zone with
    free seats they may take."""

    group: str
    standing: int
    zone: str  # the seat letter, "" when no zone has room
    free: int
    # The skills the zone's still free seats need and these people lack; "" when the
    # zone is simply full.
    lacking: str = ""


@dataclass(frozen=True)
class Floor:
    """What a fill decides from: read in one transaction, or built by hand in a test."""

    people: list[Person]  # on the rota, not seated, not gone: in group order
    free: list[str]  # usable seats without anyone, in the floor's order
    zones: dict[str, frozenset[str]]  # group → labels
    skill_of: dict[str, str]  # label → skill needed
    habits: dict[int, list[tuple[str, int]]]  # staff id → (label, times), most first
    places: dict[str, tuple[int, int]] = field(default_factory=dict)  # letter → grid
    gone: list[Standing] = field(default_factory=list)  # on the rota but left, or away
    kept: int = 0  # on the rota and seated already


@dataclass(frozen=True)
class FillPreview:
    day: date
    shift: Shift
    placements: tuple[Placement, ...]
    standing: tuple[Standing, ...]
    overflows: tuple[Overflow, ...]
    kept: int
    rota_stamp: str  # who is on the rota as read: the save refuses when it changed
    free: tuple[str, ...]  # usable seats nobody is given, for the chief's changes

    def without(self, staff_no: str) -> FillPreview:
        """The chief takes someone off the preview: they stay unseated."""
        gone = next(p for p in self.placements if p.staff_no == staff_no)
        kept = tuple(p for p in self.placements if p.staff_no != staff_no)
        standing = (*self.standing, Standing(gone.staff_no, gone.name, gone.group, "值班长取消"))
        return _replace(self, kept, standing, (*self.free, gone.label))

    def only(self, staff_no: str) -> FillPreview:
        """The preview with this one person's placement alone (seating one who arrived)."""
        mine = tuple(p for p in self.placements if p.staff_no == staff_no)
        return _replace(self, mine, (), self.free)

    def moved(self, staff_no: str, label: str) -> FillPreview:
        """The chief gives someone another free seat instead."""
        if label not in self.free:
            raise DomainError(f"座位 {label} 不在可用的空位中。")
        old = next(p for p in self.placements if p.staff_no == staff_no)
        placements = tuple(
            Placement(p.staff_no, p.name, p.group, label, "值班长调整") if p is old else p
            for p in self.placements
        )
        free = tuple(sorted((*(f for f in self.free if f != label), old.label)))
        return _replace(self, placements, self.standing, free)


def _replace(
    preview: FillPreview,
    placements: tuple[Placement, ...],
    standing: tuple[Standing, ...],
    free: Iterable[str],
) -> FillPreview:
    return FillPreview(preview.day, preview.shift, placements, standing, preview.overflows,
                       preview.kept, preview.rota_stamp, tuple(sorted(free)))  # fmt: skip


# --- deciding ---------------------------------------------------------------------------


def decide(floor: Floor, overflow: bool = False) -> tuple[list[Placement], list[Standing], list[Overflow]]:  # fmt: skip
    """The fill's rules on what was read: who goes where, who is left and why."""
    free = list(floor.free)
    free_set = set(free)
    placed: dict[int, Placement] = {}

    def allowed(person: Person, label: str, zone: frozenset[str] | None = None) -> bool:
        need = floor.skill_of.get(label, "")
        seats = floor.zones.get(person.group, frozenset()) if zone is None else zone
        return label in seats and (not need or need in person.skills)

    def take(person: Person, label: str, why: str) -> None:
        free_set.discard(label)
        placed[person.staff_id] = Placement(person.staff_no, person.name, person.group, label, why)

    # The strongest habits first: who sat in one seat most keeps it.
    habitual = [p for p in floor.people if floor.habits.get(p.staff_id)]
    habitual.sort(key=lambda p: (-floor.habits[p.staff_id][0][1], p.staff_no))
    for person in habitual:
        for label, _times in floor.habits[person.staff_id]:
            if label in free_set and allowed(person, label):
                take(person, label, HABIT)
                break
    for person in floor.people:
        if person.staff_id in placed or not person.group:
            continue
        first = next((x for x in free if x in free_set and allowed(person, x)), None)
        if first is not None:
            take(person, first, OWN_ZONE)
    standing: list[Standing] = list(floor.gone)
    full: dict[str, list[Person]] = {}
    for person in floor.people:
        if person.staff_id in placed:
            continue
        if not person.group:
            standing.append(
                Standing(person.staff_no, person.name, "", "没有工作组，无法确定座位区")
            )
        elif not floor.zones.get(person.group):
            standing.append(Standing(person.staff_no, person.name, person.group,
                                     f"工作组“{person.group}”{NO_ZONE}"))  # fmt: skip
        else:
            full.setdefault(person.group, []).append(person)
    overflows: list[Overflow] = []
    for group, people in full.items():
        idle = [x for x in floor.zones[group] if x in free_set]  # free, but not for them
        lacking = "、".join(sorted({floor.skill_of.get(x, "") for x in idle} - {""}))
        letter, room = _nearest_room(floor, group, people, [x for x in free if x in free_set])
        overflows.append(Overflow(group, len(people), letter, len(room), lacking))
        for person in people:
            seat = None
            if overflow and letter:
                seat = next((x for x in room if x in free_set and allowed(person, x, frozenset(room))), None)  # fmt: skip
            if seat is not None:
                take(person, seat, f"临近 {letter} 区")
            else:
                standing.append(Standing(person.staff_no, person.name, group,
                                         _why_standing(floor, person, free_set)))  # fmt: skip
    order = {p.staff_id: n for n, p in enumerate(floor.people)}
    placements = sorted(placed.items(), key=lambda kv: order[kv[0]])
    return [p for _, p in placements], standing, overflows


def _why_standing(floor: Floor, person: Person, free_set: set[str]) -> str:
    """Why someone with a zone has no seat in it: the seats need a skill they lack, the
    ones free need it, or the zone is full."""
    zone = floor.zones[person.group]

    def needing(labels: Iterable[str]) -> str:
        need = {floor.skill_of.get(x, "") for x in labels} - {""} - person.skills
        return "、".join(sorted(need))

    if all(floor.skill_of.get(x, "") not in ("", *person.skills) for x in zone):
        return f"本组座位区的座位都需{needing(zone)}技能，本人没有"
    idle = [x for x in zone if x in free_set]
    if idle:
        return f"本组座位区能坐的座位已满；空着的 {len(idle)} 个需{needing(idle)}技能，本人没有"
    return "本组座位区已满"


def _nearest_room(floor: Floor, group: str, people: list[Person], free: list[str]) -> tuple[str, list[str]]:  # fmt: skip
    """The seat letter nearest the group's zone (on the floor's grid) with free seats that
    need no skill its standing people lack; those seats, in order."""
    own = {label[0] for label in floor.zones[group]}
    skills = frozenset.intersection(*(p.skills for p in people)) if people else frozenset()
    by_letter: dict[str, list[str]] = {}
    for label in free:
        need = floor.skill_of.get(label, "")
        if label not in floor.zones[group] and (not need or need in skills):
            by_letter.setdefault(label[0], []).append(label)
    if not by_letter:
        return "", []

    def distance(letter: str) -> int:
        x, y = floor.places.get(letter, (0, 0))
        return min(
            (abs(x - floor.places.get(o, (0, 0))[0]) + abs(y - floor.places.get(o, (0, 0))[1]) for o in own),
            default=0,
        )  # fmt: skip

    letter = min(by_letter, key=lambda k: (distance(k), -len(by_letter[k]), k))
    return letter, by_letter[letter]


def most_used(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """A person's seats by how often they sat there, most first (then by label)."""
    return sorted(counts.items(), key=lambda t: (-t[1], t[0]))


# --- reading ----------------------------------------------------------------------------


def _rota(session: Session, day: date, shift: Shift) -> list[sa.Row]:
    return list(
        session.execute(
            sa.select(
                Staff.id,
                Staff.staff_no,
                Staff.name,
                Staff.skills,
                Staff.status,
                Staff.left_on,
                Staff.post,
                sa.func.coalesce(WorkGroup.name, ""),
                sa.func.coalesce(WorkGroup.sort_order, 999),
                sa.func.coalesce(Attendance.status, ""),
            )
            .select_from(RotaEntry)
            .join(Staff, Staff.id == RotaEntry.staff_id)
            .outerjoin(StaffGroup, member_on(day))
            .outerjoin(WorkGroup, WorkGroup.id == StaffGroup.group_id)
            .outerjoin(Attendance, marked())
            .where(RotaEntry.day == day, RotaEntry.shift_id == shift.id)
            .order_by(sa.func.coalesce(WorkGroup.sort_order, 999), Staff.staff_no)
        ).all()  # fmt: skip
    )


def _stamp(rota: Sequence[sa.Row]) -> str:
    ids = ",".join(str(i) for i in sorted(row[0] for row in rota))
    return hashlib.sha256(ids.encode()).hexdigest()[:16]


def read_floor(
    session: Session,
    day: date,
    shift: Shift,
    now: pendulum.DateTime,
    places: dict[str, tuple[int, int]],
    with_habits: bool = True,
) -> tuple[Floor, str]:
    """What the fill decides from, and the rota's stamp, in one read; the save checks a
    preview against it ``with_habits=False``, as it has nothing to decide."""
    rota = _rota(session, day, shift)
    seated = set(
        session.execute(
            sa.select(SeatAssignment.staff_id).where(
                SeatAssignment.day == day, SeatAssignment.shift_id == shift.id
            )
        ).scalars()
    )
    taken = set(
        session.execute(
            sa.select(SeatAssignment.seat_id).where(
                SeatAssignment.day == day, SeatAssignment.shift_id == shift.id
            )
        ).scalars()
    )
    start, end = shift.window(day)
    out = set(
        session.execute(
            sa.select(SeatOutage.seat_id).where(outage_applies(start, end, now))
        ).scalars()
    )
    seats = session.execute(sa.select(Seat.id, Seat.label, Seat.skill).order_by(Seat.label)).all()
    label_of = {seat_id: label for seat_id, label, _ in seats}
    zones: dict[str, set[str]] = {}
    for group, seat_id in session.execute(
        sa.select(WorkGroup.name, ZoneSeat.seat_id).join(ZoneSeat, ZoneSeat.group_id == WorkGroup.id)
    ):  # fmt: skip
        zones.setdefault(group, set()).add(label_of[seat_id])
    people, gone, kept = [], [], 0
    for staff_id, no, name, skills, status, left_on, post, group, order, mark in rota:
        if post not in GROUP_POSTS:
            continue  # a 值班长 or manager on the rota runs the floor from no group's zone
        if staff_id in seated:
            kept += 1
        elif has_left(status, left_on, day):
            gone.append(Standing(no, name, group, "已离职"))
        elif mark in AWAY:
            why = f"请假（{mark}），不排座" if mark in LEAVE else f"{mark}，不排座"
            gone.append(Standing(no, name, group, why))
        else:
            people.append(Person(staff_id, no, name, group, order, skill_set(skills)))
    habits: dict[int, list[tuple[str, int]]] = {}
    if people and with_habits:
        times = sa.func.count()
        used: dict[int, dict[str, int]] = {}
        for staff_id, seat_id, n in session.execute(
            sa.select(SeatAssignment.staff_id, SeatAssignment.seat_id, times)
            .where(
                SeatAssignment.staff_id.in_([p.staff_id for p in people]),
                SeatAssignment.day >= day - timedelta(days=HABIT_DAYS),
                SeatAssignment.day < day,
            )
            .group_by(SeatAssignment.staff_id, SeatAssignment.seat_id)
        ):
            used.setdefault(staff_id, {})[label_of[seat_id]] = n
        habits = {staff_id: most_used(counts) for staff_id, counts in used.items()}
    free = [label for seat_id, label, _ in seats if seat_id not in taken and seat_id not in out]
    skill_of = {label: skill for _, label, skill in seats if skill}
    floor = Floor(people, free, {g: frozenset(s) for g, s in zones.items()}, skill_of, habits,
                  places, gone, kept)  # fmt: skip
    return floor, _stamp(rota)


def preview_fill(
    store: Store,
    day: date,
    shift: Shift,
    places: dict[str, tuple[int, int]] | None = None,
    overflow: bool = False,
) -> FillPreview:
    """Who would go where; nothing is written. ``places``: each seat letter's place on the
    floor's grid (the nearest free zone is measured on it)."""
    with store.read() as session:
        floor, stamp = read_floor(session, day, shift, store.clock.now(), places or {})
    placements, standing, overflows = decide(floor, overflow)
    given = {p.label for p in placements}
    free = tuple(x for x in floor.free if x not in given)
    return FillPreview(day, shift, tuple(placements), tuple(standing), tuple(overflows),
                       floor.kept, stamp, free)  # fmt: skip


# --- saving -----------------------------------------------------------------------------


def apply_fill(store: Store, actor: StaffRow | None, preview: FillPreview) -> int:
    """Save the preview in one transaction; how many were seated."""
    actor = require(actor, Action.PLAN_SEATS)
    day, shift = preview.day, preview.shift
    if not preview.placements:
        raise DomainError("预览中没有要安排的人。")
    with store.write(actor.id) as tx:
        s = tx.session
        floor, stamp = read_floor(s, day, shift, tx.now, {}, with_habits=False)
        if stamp != preview.rota_stamp:
            raise ConflictError("预览之后排班有变动，请按 r 刷新预览后再保存。")
        waiting = {p.staff_no: p for p in floor.people}
        free = set(floor.free)
        for p in preview.placements:
            person = waiting.get(p.staff_no)
            if person is None or p.label not in free:
                raise ConflictError(
                    f"{p.name} 或座位 {p.label} 在预览之后有变动（另一位值班长刚排了座，"
                    "或刚标记了请假），本次未保存；请按 r 刷新预览。"
                )
            need = floor.skill_of.get(p.label, "")
            if need and need not in person.skills:
                raise DomainError(f"座位 {p.label} 需要{need}技能，{p.name} 没有。")
            free.discard(p.label)
        seat_ids = {label: seat_id for label, seat_id in s.execute(sa.select(Seat.label, Seat.id))}
        s.execute(
            sa.insert(SeatAssignment),
            [
                {"day": day, "shift_id": shift.id, "seat_id": seat_ids[p.label],
                 "staff_id": waiting[p.staff_no].staff_id, "assigned_at": tx.now,
                 "assigned_by": actor.id}
                for p in preview.placements
            ],
        )  # fmt: skip
        tx.audit("seat.fill", "seat_assignment", f"{day.isoformat()}/{shift.code}", None,
                 {"assignments": len(preview.placements),
                  "seats": "、".join(f"{p.label} {p.name}" for p in preview.placements[:40])})  # fmt: skip
        return len(preview.placements)


def overflow_text(o: Overflow, key: str | None) -> str:
    """综合坐席 3 人无座：本组座位区已满；最近的空闲区为 C 区（空 10 个），{key}把他们安排到那里。

    ``key`` None: the fill has been asked to seat them there already, and says so."""
    why = f"本组座位区空着的座位需{o.lacking}技能，他们没有" if o.lacking else "本组座位区已满"
    if not o.zone:
        return f"{o.group} {o.standing} 人无座：{why}，其他区也没有他们能坐的空位。"
    if key is None:
        return (
            f"{o.group} {o.standing} 人：{why}，已安排到最近的空闲区 {o.zone} 区"
            f"（表中“临近 {o.zone} 区”）；仍无座的人见表中原因。"
        )
    return (
        f"{o.group} {o.standing} 人无座：{why}；最近的空闲区为 {o.zone} 区"
        f"（空 {o.free} 个），{key}把他们安排到那里。"
    )


def preview_lines(preview: FillPreview, key: str | None = "加 --overflow ") -> list[str]:
    """The preview as plain lines (the command prints them)."""
    lines = [
        f"排班中已就座 {preview.kept} 人，将安排 {len(preview.placements)} 人，"
        f"无座 {len(preview.standing)} 人。"
    ]
    lines += [f"  {p.label}  {p.staff_no} {visible(p.name)}  {p.group}  {p.why}"
              for p in preview.placements]  # fmt: skip
    if preview.standing:
        lines.append("无座：")
        lines += [f"  {s.staff_no} {visible(s.name)}  {s.group or '无组'}  {s.reason}"
                  for s in preview.standing]  # fmt: skip
    lines += [overflow_text(o, key) for o in preview.overflows if o.standing]
    return lines
