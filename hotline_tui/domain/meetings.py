"""Morning meetings (早班会): host, time, four sections, action items; the roll call
is the attendance board of the meeting's shift, so there is one truth, not two lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import Meeting, OpenItem, ShiftDef, Staff
from hotline_tui.domain.handover.items import item_title, open_item
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.shifts import Shift, describe_day
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.states import ItemStatus
from hotline_tui.model.text import like_pattern, moment

SECTIONS = (
    ("review", "昨日回顾"),
    ("policy", "政策与知识库更新"),
    ("qc", "质检通报"),
    ("notices", "注意事项"),
)
MAX_SECTION = 2000


@dataclass(frozen=True)
class ActionItem:
    id: int
    title: str
    owner: str
    due: date | None
    status: str
    close_note: str


@dataclass(frozen=True)
class MeetingView:
    id: int
    day: date
    shift: Shift
    host: str
    held_at: str
    sections: dict[str, str]
    version: int
    updated_at: datetime
    items: list[ActionItem]


def find_meeting(store: Store, day: date, shift: Shift) -> int | None:
    with store.read() as session:
        return session.execute(
            sa.select(Meeting.id).where(Meeting.day == day, Meeting.shift_id == shift.id)
        ).scalar_one_or_none()


def open_meeting(store: Store, actor: StaffRow | None, day: date, shift: Shift) -> int:
    """The meeting of that date and shift, created (hosted by the actor) if there is none."""
    actor = require(actor, Action.MEETINGS)
    existing = find_meeting(store, day, shift)
    if existing is not None:
        return existing
    with store.write(actor.id) as tx:
        meeting = Meeting(
            day=day,
            shift_id=shift.id,
            host_id=actor.id,
            held_at=tx.now.format("HH:mm"),
            updated_at=tx.now,
            updated_by=actor.id,
        )
        tx.session.add(meeting)
        tx.session.flush()
        tx.audit("meeting.open", "meeting", f"{day}/{shift.code}", None, {"id": meeting.id})
        return meeting.id


def get_meeting(store: Store, meeting_id: int, shifts: list[Shift]) -> MeetingView:
    with store.read() as session:
        row = session.execute(
            sa.select(Meeting, Staff.name)
            .join(Staff, Staff.id == Meeting.host_id)
            .where(Meeting.id == meeting_id)
        ).first()
        if row is None:
            raise DomainError(f"早班会记录 #{meeting_id} 不存在。")
        m, host = row
        items = [
            ActionItem(*r)
            for r in session.execute(
                sa.select(
                    OpenItem.id,
                    OpenItem.title,
                    Staff.name,
                    OpenItem.due,
                    OpenItem.status,
                    OpenItem.close_note,
                )
                .join(Staff, Staff.id == OpenItem.owner_id)
                .where(OpenItem.meeting_id == meeting_id)
                .order_by(OpenItem.id)
            ).all()
        ]
    shift = next(s for s in shifts if s.id == m.shift_id)
    return MeetingView(
        m.id,
        m.day,
        shift,
        host,
        m.held_at,
        {k: getattr(m, k) for k, _ in SECTIONS},
        m.version,
        m.updated_at,
        items,
    )


def save_meeting(
    store: Store,
    actor: StaffRow | None,
    meeting_id: int,
    sections: dict[str, str],
    held_at: str,
    expect_version: int | None,
) -> int:
    actor = require(actor, Action.MEETINGS)
    held_at = held_at.strip()
    if held_at:
        try:
            hours, minutes = (int(x) for x in held_at.split(":"))
            if not (0 <= hours < 24 and 0 <= minutes < 60):
                raise ValueError
            held_at = f"{hours:02d}:{minutes:02d}"
        except ValueError:
            raise DomainError(f"开会时间“{held_at}”无效，请写成 HH:MM。") from None
    for key, value in sections.items():
        if len(value) > MAX_SECTION:
            raise DomainError(f"“{dict(SECTIONS)[key]}”超过 {MAX_SECTION} 字。")
    with store.write(actor.id) as tx:
        m = tx.session.get(Meeting, meeting_id)
        if m is None:
            raise DomainError(f"早班会记录 #{meeting_id} 不存在。")
        if expect_version is not None and m.version != expect_version:
            raise ConflictError(
                f"这份记录已在另一个终端于 {moment(m.updated_at)} 保存过，本终端的内容未保存。"
            )
        changed = [k for k, v in sections.items() if getattr(m, k) != v]
        for key in changed:
            setattr(m, key, sections[key])
        m.held_at = held_at
        m.version += 1
        m.updated_at, m.updated_by = tx.now, actor.id
        tx.audit(
            "meeting.save",
            "meeting",
            str(meeting_id),
            None,
            {"changed": changed, "version": m.version},
        )
        return m.version


def add_action(
    store: Store,
    actor: StaffRow | None,
    meeting_id: int,
    title: str,
    owner_no: str,
    due: date | None,
) -> int:
    """An action item: an open item like any other, carried into handovers until closed."""
    actor = require(actor, Action.MEETINGS)
    title = item_title(title)
    with store.write(actor.id) as tx:
        meeting = tx.session.get(Meeting, meeting_id)
        if meeting is None:
            raise DomainError(f"早班会记录 #{meeting_id} 不存在。")
        if due is not None and due < meeting.day:
            raise DomainError(f"完成日期 {due} 早于开会日期 {meeting.day}。")
        return open_item(
            tx, title, owner_no, meeting_id=meeting_id, due=due,
            note=f"早班会 {describe_day(meeting.day)}",
        )  # fmt: skip


@dataclass(frozen=True)
class MeetingRow:
    id: int
    day: date
    shift: str
    host: str
    held_at: str
    items: int
    open_items: int


def list_meetings(store: Store, text: str = "", limit: int = 300) -> list[MeetingRow]:
    items = (
        sa.select(sa.func.count())
        .select_from(OpenItem)
        .where(OpenItem.meeting_id == Meeting.id)
        .scalar_subquery()
    )
    open_items = (
        sa.select(sa.func.count())
        .select_from(OpenItem)
        .where(OpenItem.meeting_id == Meeting.id, OpenItem.status == ItemStatus.OPEN)
        .scalar_subquery()
    )
    query = (
        sa.select(
            Meeting.id, Meeting.day, ShiftDef.name, Staff.name, Meeting.held_at, items, open_items
        )
        .join(ShiftDef, ShiftDef.id == Meeting.shift_id)
        .join(Staff, Staff.id == Meeting.host_id)
        .order_by(Meeting.day.desc(), ShiftDef.sort_order)
        .limit(limit)
    )
    for word in text.split():
        pattern = like_pattern(word)
        query = query.where(
            sa.or_(
                *(getattr(Meeting, key).ilike(pattern, escape="\\") for key, _ in SECTIONS),
                sa.exists().where(
                    OpenItem.meeting_id == Meeting.id, OpenItem.title.ilike(pattern, escape="\\")
                ),
            )
        )
    with store.read() as session:
        return [MeetingRow(*r) for r in session.execute(query).all()]
