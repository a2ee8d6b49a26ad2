"""Training sessions (培训): topic, day, trainer, materials; who was to attend, and the
roll call that says who did.

Who was to attend is chosen by work group (its members on the session's day) and by
person. The roll call marks each of them 出席, 迟到, 请假 or 缺席 once the day has come,
and a session's attendance is those marked 出席 or 迟到 of those who were to attend.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Staff,
    StaffGroup,
    TrainingAttendee,
    TrainingSession,
    WorkGroup,
)
from hotline_tui.domain.people.roster import active_person, gone_by, member_on
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.periods import month_of
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.text import one_line, required_line
from hotline_tui.model.vocab import TRAINING_MARKS

STATUSES = TRAINING_MARKS
ATTENDED = frozenset(TRAINING_MARKS[:2])
EVERY_GROUP = "全部"
MAX_TOPIC = 40
MAX_TRAINER = 20
MAX_MATERIALS = 500


class _Unchanged(Exception):
    """Nothing to write: the transaction ends without a change (and so without an audit row)."""


def names_in(text: str) -> list[str]:
    """Names or staff numbers as typed in one field: split on commas, 、 and spaces."""
    return [n for n in re.split(r"[,，、;；\s]+", text.strip()) if n]


def _details(topic: str, trainer: str, materials: str) -> tuple[str, str, str]:
    topic = required_line(topic, MAX_TOPIC, "请填写培训主题。", "培训主题")
    trainer = required_line(trainer, MAX_TRAINER, "请填写培训人。", "培训人")
    materials = one_line(materials)
    if len(materials) > MAX_MATERIALS:
        raise DomainError(f"资料说明不超过 {MAX_MATERIALS} 字（现有 {len(materials)} 字）。")
    return topic, trainer, materials


def _group_members(session: Session, names: Iterable[str], day: date) -> set[int]:
    """The people in these groups on ``day`` (全部: every group), not gone by then."""
    wanted = list(dict.fromkeys(names))
    in_order = sa.select(WorkGroup.name, WorkGroup.id).order_by(WorkGroup.sort_order)
    known = {n: i for n, i in session.execute(in_order)}  # named in the floor's order
    if EVERY_GROUP in wanted:
        ids = list(known.values())
    else:
        unknown = [n for n in wanted if n not in known]
        if unknown:
            raise DomainError(
                f"没有工作组“{'、'.join(unknown)}”（可选：{'、'.join(known)}，或“{EVERY_GROUP}”）。"
            )
        ids = [known[n] for n in wanted]
    rows = session.execute(
        sa.select(Staff.id)
        .join(StaffGroup, member_on(day))
        .where(StaffGroup.group_id.in_(ids), sa.not_(gone_by(day)))
    ).scalars()
    return set(rows)


def add_training(
    store: Store,
    actor: StaffRow | None,
    topic: str,
    day: date,
    trainer: str,
    materials: str = "",
    groups: Iterable[str] = (),
    staff_nos: Iterable[str] = (),
) -> int:
    """A session and who is to attend it: the members of ``groups`` on ``day`` and the
    people of ``staff_nos``. Nobody to attend is refused."""
    actor = require(actor, Action.TRAINING)
    topic, trainer, materials = _details(topic, trainer, materials)
    with store.write(actor.id) as tx:
        s = tx.session
        invited = _group_members(s, groups, day)
        invited |= {active_person(s, no.strip(), day, "参加培训")[0] for no in staff_nos}
        if not invited:
            raise DomainError("请写明参加的工作组或人员的工号：没有人应参加的培训无法点名。")
        training = TrainingSession(topic=topic, day=day, trainer=trainer, materials=materials,
                                   created_at=tx.now, created_by=actor.id)  # fmt: skip
        s.add(training)
        s.flush()
        s.execute(
            sa.insert(TrainingAttendee),
            [{"session_id": training.id, "staff_id": sid} for sid in sorted(invited)],
        )
        tx.audit("training.add", "training", str(training.id), None,
                 {"topic": topic, "day": day, "trainer": trainer, "invited": len(invited)})  # fmt: skip
        return training.id


def _session(session: Session, training_id: int) -> TrainingSession:
    training = session.get(TrainingSession, training_id)
    if training is None:
        raise DomainError(f"培训 #{training_id} 不存在。")
    return training


def edit_training(
    store: Store,
    actor: StaffRow | None,
    training_id: int,
    version: int,
    topic: str,
    day: date,
    trainer: str,
    materials: str,
) -> None:
    """New details from a form read at ``version``; another terminal's newer edit is
    kept and this one refused. A session whose roll call has begun keeps its day."""
    actor = require(actor, Action.TRAINING)
    topic, trainer, materials = _details(topic, trainer, materials)
    with contextlib.suppress(_Unchanged):
        _edit(store, actor, training_id, version, topic, day, trainer, materials)


def _edit(store: Store, actor: StaffRow, training_id: int, version: int, topic: str, day: date,
          trainer: str, materials: str) -> None:  # fmt: skip
    with store.write(actor.id) as tx:
        s = tx.session
        training = _session(s, training_id)
        if training.version != version:
            raise ConflictError("这次培训刚在别处修改过：请按 Esc 关闭表单，看过最新内容后再改。")
        if day != training.day and _marked(s, training_id):
            raise DomainError("已经点过名的培训不能改日期。")
        before = {"topic": training.topic, "day": training.day, "trainer": training.trainer,
                  "materials": training.materials}  # fmt: skip
        after = {"topic": topic, "day": day, "trainer": trainer, "materials": materials}
        if before == after:
            raise _Unchanged
        training.topic, training.day, training.trainer = topic, day, trainer
        training.materials = materials
        training.version += 1
        changed = [k for k in after if before[k] != after[k]]
        tx.audit("training.edit", "training", str(training_id),
                 {k: before[k] for k in changed}, {k: after[k] for k in changed})  # fmt: skip


def _marked(session: Session, training_id: int) -> int:
    return session.execute(
        sa.select(sa.func.count())
        .select_from(TrainingAttendee)
        .where(TrainingAttendee.session_id == training_id, TrainingAttendee.status != "")
    ).scalar_one()


def invite(store: Store, actor: StaffRow | None, training_id: int, staff_no: str) -> None:
    """One more person to attend."""
    actor = require(actor, Action.TRAINING)
    with store.write(actor.id) as tx:
        s = tx.session
        training = _session(s, training_id)
        staff_id, name = active_person(s, staff_no.strip(), training.day, "参加培训")
        if _attendee(s, training_id, staff_id) is not None:
            raise ConflictError(f"{name} 已在应参加名单中。")
        s.add(TrainingAttendee(session_id=training_id, staff_id=staff_id))
        tx.audit("training.invite", "training", str(training_id), None,
                 {"agent": staff_no.strip()})  # fmt: skip


def uninvite(store: Store, actor: StaffRow | None, training_id: int, staff_no: str) -> None:
    """Off the list of who was to attend, before the roll call marked them."""
    actor = require(actor, Action.TRAINING)
    with store.write(actor.id) as tx:
        s = tx.session
        _session(s, training_id)
        person = s.execute(sa.select(Staff).where(Staff.staff_no == staff_no.strip())).scalar()
        row = None if person is None else _attendee(s, training_id, person.id)
        if person is None or row is None:
            raise DomainError(f"工号 {staff_no} 不在这次培训的应参加名单中。")
        if row.status:
            raise DomainError(f"{person.name} 已点名为{row.status}，不能移出名单；可改标记。")
        s.delete(row)
        tx.audit("training.uninvite", "training", str(training_id), {"agent": person.staff_no},
                 None)  # fmt: skip


def _attendee(session: Session, training_id: int, staff_id: int) -> TrainingAttendee | None:
    return session.execute(
        sa.select(TrainingAttendee).where(
            TrainingAttendee.session_id == training_id, TrainingAttendee.staff_id == staff_id
        )
    ).scalar()


def roll_open(training: TrainingSession, today: date) -> None:
    """A training's roll is called once it has been held: refused before its day."""
    if training.day > today:
        raise DomainError(f"“{training.topic}”在 {training.day} 举行，还没有到，不能点名。")


def mark(
    store: Store, actor: StaffRow | None, training_id: int, staff_no: str, status: str
) -> None:
    """The roll call's mark for one person who was to attend; a mark may be corrected."""
    actor = require(actor, Action.TRAINING)
    if status not in STATUSES:
        raise DomainError(f"没有“{status}”这一标记（可选：{'、'.join(STATUSES)}）。")
    with contextlib.suppress(_Unchanged):
        _mark(store, actor, training_id, staff_no, status)


def _mark(store: Store, actor: StaffRow, training_id: int, staff_no: str, status: str) -> None:
    with store.write(actor.id) as tx:
        s = tx.session
        training = _session(s, training_id)
        roll_open(training, tx.now.date())
        person = s.execute(sa.select(Staff).where(Staff.staff_no == staff_no.strip())).scalar()
        row = None if person is None else _attendee(s, training_id, person.id)
        if person is None or row is None:
            raise DomainError(f"工号 {staff_no} 不在这次培训的应参加名单中。")
        if row.status == status:
            raise _Unchanged
        before = row.status or None
        row.status, row.marked_at, row.marked_by = status, tx.now, actor.id
        tx.audit("training.mark", "training", str(training_id),
                 {"agent": staff_no, "status": before} if before else None,
                 {"agent": staff_no, "status": status})  # fmt: skip


def rest_present(store: Store, actor: StaffRow | None, training_id: int) -> int:
    """Everyone not marked yet attended; how many that was."""
    actor = require(actor, Action.TRAINING)
    try:
        return _rest_present(store, actor, training_id)
    except _Unchanged:
        return 0


def _rest_present(store: Store, actor: StaffRow, training_id: int) -> int:
    with store.write(actor.id) as tx:
        s = tx.session
        training = _session(s, training_id)
        roll_open(training, tx.now.date())
        count = tx.changed(
            sa.update(TrainingAttendee)
            .where(TrainingAttendee.session_id == training_id, TrainingAttendee.status == "")
            .values(status="出席", marked_at=tx.now, marked_by=actor.id)
        )
        if not count:
            raise _Unchanged
        tx.audit("training.rest", "training", str(training_id), None, {"count": count})
        return count


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingRow:
    id: int
    topic: str
    day: date
    trainer: str
    materials: str
    version: int
    invited: int
    attended: int
    marked: int


def trainings_in_month(store: Store, month: date) -> list[TrainingRow]:
    """The month's sessions, the latest first, with how many were to attend and came."""
    first, last = month_of(month)
    came = sa.func.coalesce(
        sa.func.sum(sa.case((TrainingAttendee.status.in_(ATTENDED), 1), else_=0)), 0
    )
    marked = sa.func.coalesce(sa.func.sum(sa.case((TrainingAttendee.status != "", 1), else_=0)), 0)
    with store.read() as session:
        rows = session.execute(
            sa.select(TrainingSession.id, TrainingSession.topic, TrainingSession.day,
                      TrainingSession.trainer, TrainingSession.materials,
                      TrainingSession.version, sa.func.count(TrainingAttendee.id), came, marked)
            .outerjoin(TrainingAttendee, TrainingAttendee.session_id == TrainingSession.id)
            .where(TrainingSession.day >= first, TrainingSession.day <= last)
            .group_by(TrainingSession.id)
            .order_by(TrainingSession.day.desc(), TrainingSession.id.desc())
        ).all()  # fmt: skip
    return [TrainingRow(*tuple(row)) for row in rows]


@dataclass(frozen=True)
class AttendeeRow:
    """One person on a session's roll call, as the roll call widget shows them."""

    staff_no: str
    name: str
    group: str
    post: str
    status: str  # "" unmarked
    marked_at: datetime | None
    marked_by: str

    @property
    def arrived(self) -> bool:
        return self.status in ATTENDED

    @property
    def status_text(self) -> str:
        return self.status or "未标记"


def roll(store: Store, training_id: int) -> list[AttendeeRow]:
    """Who was to attend, by group (their group on the session's day) and staff number."""
    marker = aliased(Staff)
    with store.read() as session:
        day = _session(session, training_id).day
        rows = session.execute(
            sa.select(Staff.staff_no, Staff.name, sa.func.coalesce(WorkGroup.name, ""),
                      Staff.post, TrainingAttendee.status, TrainingAttendee.marked_at,
                      sa.func.coalesce(marker.name, ""))
            .join(Staff, Staff.id == TrainingAttendee.staff_id)
            .outerjoin(StaffGroup, member_on(day))
            .outerjoin(WorkGroup, WorkGroup.id == StaffGroup.group_id)
            .outerjoin(marker, marker.id == TrainingAttendee.marked_by)
            .where(TrainingAttendee.session_id == training_id)
            .order_by(sa.func.coalesce(WorkGroup.sort_order, 999), Staff.staff_no)
        ).all()  # fmt: skip
    return [AttendeeRow(*row) for row in rows]


@dataclass(frozen=True)
class Attended:
    day: date
    topic: str
    trainer: str
    status: str  # "" while unmarked


def trainings_of(store: Store, staff_id: int, since: date) -> list[Attended]:
    """The sessions a person was to attend since ``since``, the latest first."""
    with store.read() as session:
        rows = session.execute(
            sa.select(TrainingSession.day, TrainingSession.topic, TrainingSession.trainer,
                      TrainingAttendee.status)
            .join(TrainingSession, TrainingSession.id == TrainingAttendee.session_id)
            .where(TrainingAttendee.staff_id == staff_id, TrainingSession.day >= since)
            .order_by(TrainingSession.day.desc(), TrainingSession.id.desc())
        ).all()  # fmt: skip
    return [Attended(*row) for row in rows]
