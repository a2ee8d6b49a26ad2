"""The tables. Times are stored as UTC and come back as aware UTC datetimes."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from hotline_tui.db.types import UTCDateTime

# Posts (岗位), highest first. Who may sign in at the terminal follows from the post.


class Base(DeclarativeBase):
    """Every table of the desk; ``Base.metadata`` is what the migrations must match."""


class WorkGroup(Base):
    __tablename__ = "work_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    # The 班长 who leads the group.
    leader_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff.id", name="fk_work_group_leader", use_alter=True), default=None
    )


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_no: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    group_id: Mapped[int | None] = mapped_column(sa.ForeignKey("work_group.id"), default=None)
    post: Mapped[str]
    skills: Mapped[str] = mapped_column(default="")  # comma separated, from SKILLS
    hire_date: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(default="在职")
    # Kept beside the name so that filtering by pinyin never loads pypinyin at start-up.
    pinyin_initials: Mapped[str] = mapped_column(default="")
    pinyin_full: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(default="", server_default="")
    # The first day they no longer work here; they have left once that day has come.
    left_on: Mapped[date | None] = mapped_column(default=None)


class StaffStatus(Base):
    """A person's status as dated facts: one span a status (在职, 试用, 待撤换, 离职), from
    ``since`` up to the first day of the next. ``Staff.status`` is the span of today;
    a past day reads its own span, so a later change never rewrites a past month.

    ``probation``: not yet formal staff (正式人员) during the span. 试用 is, 在职 is not;
    待撤换 and 离职 keep what the span before them had.
    """

    __tablename__ = "staff_status"
    __table_args__ = (sa.Index("ix_staff_status_staff_since", "staff_id", "since"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    status: Mapped[str]
    probation: Mapped[bool]
    since: Mapped[date]
    until: Mapped[date | None] = mapped_column(default=None)  # the first day of the next span


class Credential(Base):
    """A person's PIN, as a slow salted hash only, and the wrong tries that lock it.

    A table of its own so that no query for people ever carries a hash along.
    The lock lives here, in the database, so that it holds on every terminal.
    """

    __tablename__ = "credential"

    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"), primary_key=True)
    pin_hash: Mapped[str]
    # Set by a manager and shown once: the person chooses their own at the next sign-in.
    temporary: Mapped[bool] = mapped_column(default=True)
    failures: Mapped[int] = mapped_column(default=0)  # wrong tries in a row
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StaffGroup(Base):
    """Who was in which group when: past attendance is counted in the group of its day."""

    __tablename__ = "staff_group"
    __table_args__ = (sa.Index("ix_staff_group_staff_since", "staff_id", "since"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("work_group.id"))
    since: Mapped[date]
    until: Mapped[date | None] = mapped_column(default=None)  # the first day in the next group


class Seat(Base):
    __tablename__ = "seat"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(unique=True)
    zone: Mapped[str]
    # The skill a person needs to sit here (a specialist seat: 社保, 医保); "" for none.
    skill: Mapped[str] = mapped_column(default="", server_default="")


class ZoneSeat(Base):
    """A seat of a group's zone: where the fill from the rota seats the group's people."""

    __tablename__ = "zone_seat"
    __table_args__ = (sa.UniqueConstraint("group_id", "seat_id", name="uq_zone_seat"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("work_group.id"))
    seat_id: Mapped[int] = mapped_column(sa.ForeignKey("seat.id"))


class ShiftDef(Base):
    __tablename__ = "shift_def"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    start: Mapped[str]  # HH:MM Beijing time
    end: Mapped[str]  # HH:MM; at or before start means the next day
    sort_order: Mapped[int] = mapped_column(default=0)


class SeatAssignment(Base):
    __tablename__ = "seat_assignment"
    __table_args__ = (
        sa.UniqueConstraint("day", "shift_id", "seat_id", name="uq_assignment_seat"),
        sa.UniqueConstraint("day", "shift_id", "staff_id", name="uq_assignment_staff"),
        # Where each person sat lately (the fill from the rota prefers it).
        sa.Index("ix_seat_assignment_staff_day", "staff_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    shift_id: Mapped[int] = mapped_column(sa.ForeignKey("shift_def.id"))
    seat_id: Mapped[int] = mapped_column(sa.ForeignKey("seat.id"))
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime())
    assigned_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)


class SeatOutage(Base):
    """A seat out of service (停用) from ``started_at`` until ``ended_at``."""

    __tablename__ = "seat_outage"
    __table_args__ = (sa.Index("ix_seat_outage_seat_ended", "seat_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seat_id: Mapped[int] = mapped_column(sa.ForeignKey("seat.id"))
    reason: Mapped[str]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    ended_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    # Set when a reported fault put the seat out of service; closing the fault ends it.
    fault_id: Mapped[int | None] = mapped_column(sa.ForeignKey("fault.id"), default=None)


class AuditLog(Base):
    """Who changed what, when, before and after: written in the same transaction."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    action: Mapped[str]
    entity: Mapped[str]
    entity_key: Mapped[str]
    before: Mapped[str | None] = mapped_column(default=None)  # JSON
    after: Mapped[str | None] = mapped_column(default=None)  # JSON
    # HMAC of this row and the previous row's link (db/chain.py); None only before sealing.
    link: Mapped[str | None] = mapped_column(default=None)
    # The row's place in the chain, 1, 2, 3… without gaps on either database (an id may
    # skip where a killed writer used up a server's sequence number); None on rows
    # written before it existed. Covered by the link.
    seq: Mapped[int | None] = mapped_column(default=None)
    # SHA-256 of the row images its transaction sealed (db/seals.py), on the last audit
    # row of a transaction that wrote a covered record. Covered by the link.
    seal: Mapped[str | None] = mapped_column(default=None)


class RowSeal(Base):
    """The after-image of a covered record, as one write left it (None: deleted), bound
    to the chain by its transaction's audit row (db/seals.py)."""

    __tablename__ = "row_seal"
    __table_args__ = (sa.Index("ix_row_seal_audit", "audit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(sa.ForeignKey("audit_log.id"))
    tbl: Mapped[str]
    row_key: Mapped[str]
    image: Mapped[str | None] = mapped_column(default=None)  # JSON of the stored values


# The floor screen asks for one plan (day, shift) at a time; the unique
# constraints on seat_assignment index (day, shift_id, ...) already.
sa.Index("ix_audit_log_at", AuditLog.at)
sa.Index("ix_audit_log_entity", AuditLog.entity, AuditLog.entity_key)


# --- shift handover (交接班) ---------------------------------------------------


class Handover(Base):
    """One written handover from the chief of ``from_shift`` on ``day`` to the next shift."""

    __tablename__ = "handover"
    __table_args__ = (
        sa.UniqueConstraint("day", "from_shift_id", name="uq_handover_shift_change"),
        sa.Index("ix_handover_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    from_shift_id: Mapped[int] = mapped_column(sa.ForeignKey("shift_def.id"))
    to_day: Mapped[date]
    to_shift_id: Mapped[int] = mapped_column(sa.ForeignKey("shift_def.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    status: Mapped[str] = mapped_column(default="draft")
    traffic: Mapped[str] = mapped_column(default="")  # 话务情况
    systems: Mapped[str] = mapped_column(default="")  # 系统运行
    people: Mapped[str] = mapped_column(default="")  # 人员情况
    other: Mapped[str] = mapped_column(default="")  # 其他
    plan_summary: Mapped[str] = mapped_column(
        default=""
    )  # the outgoing shift's seats, as of the start or the submission
    version: Mapped[int] = mapped_column(
        default=1
    )  # raised by every draft save, so two terminals cannot overwrite each other
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    signed_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    # Why it was submitted long before the outgoing shift ended, and why someone other
    # than the incoming shift's 值班长 on the rota signed it; "" when neither was so.
    early_reason: Mapped[str] = mapped_column(default="", server_default="")
    sign_reason: Mapped[str] = mapped_column(default="", server_default="")
    digest: Mapped[str | None] = mapped_column(
        default=None
    )  # SHA-256 of the canonical content, written at signing


class HandoverEntry(Base):
    """Something carried into a handover automatically, as it stood at that moment."""

    __tablename__ = "handover_entry"
    __table_args__ = (sa.Index("ix_handover_entry_handover", "handover_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handover_id: Mapped[int] = mapped_column(sa.ForeignKey("handover.id"))
    position: Mapped[int]
    source: Mapped[str]  # what kind of record: 待办, 停用座位, …
    ref: Mapped[str]  # which record of that kind
    text: Mapped[str]
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("open_item.id"), default=None)


class OpenItem(Base):
    """A 待办: an open problem that stays in every handover until someone closes it."""

    __tablename__ = "open_item"
    __table_args__ = (sa.Index("ix_open_item_status", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    status: Mapped[str] = mapped_column(default="open")
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    opened_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    opened_in: Mapped[int | None] = mapped_column(sa.ForeignKey("handover.id"), default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    closed_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    closed_in: Mapped[int | None] = mapped_column(sa.ForeignKey("handover.id"), default=None)
    close_note: Mapped[str] = mapped_column(default="")
    # Set for a morning meeting's action item.
    meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meeting.id"), default=None)
    due: Mapped[date | None] = mapped_column(default=None)


class OpenItemEvent(Base):
    """An item's history: opened, carried, taken over, closed."""

    __tablename__ = "open_item_event"
    __table_args__ = (sa.Index("ix_open_item_event_item", "item_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("open_item.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    kind: Mapped[str]
    handover_id: Mapped[int | None] = mapped_column(sa.ForeignKey("handover.id"), default=None)
    note: Mapped[str] = mapped_column(default="")


class HandoverAmendment(Base):
    """A correction appended to a signed handover, which itself is never edited."""

    __tablename__ = "handover_amendment"
    __table_args__ = (sa.Index("ix_handover_amendment_handover", "handover_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handover_id: Mapped[int] = mapped_column(sa.ForeignKey("handover.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    text: Mapped[str]
    digest: Mapped[str]


# The list screen reads newest first by day.
sa.Index("ix_handover_day", Handover.day)


# --- time-limited work (时效) -------------------------------------------------------


class UrgentIssue(Base):
    """A time-sensitive issue (时效性问题): handled within its limit from when it was opened."""

    __tablename__ = "urgent_issue"
    __table_args__ = (
        sa.Index("ix_urgent_issue_state_deadline", "state", "deadline"),
        sa.Index("ix_urgent_issue_opened", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    category: Mapped[str]
    summary: Mapped[str]
    reference: Mapped[str] = mapped_column(default="")  # ticket number or caller reference
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(default="open")
    handler_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    closed_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    note: Mapped[str] = mapped_column(
        default=""
    )  # how it was resolved, or why and to whom it was transferred
    transferred_to: Mapped[str] = mapped_column(default="")
    delay_reason: Mapped[str] = mapped_column(default="")  # required when closed after the deadline
    # A back-dated registration (补录): why it was entered late, and when it was entered.
    late_reason: Mapped[str] = mapped_column(default="", server_default="")
    entered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class Fault(Base):
    """A system fault (系统故障) and its report to the customer."""

    __tablename__ = "fault"
    __table_args__ = (sa.Index("ix_fault_detected", "detected_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    system: Mapped[str]
    description: Mapped[str] = mapped_column(default="")
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime())
    report_deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    reported_to: Mapped[str] = mapped_column(default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    resolution: Mapped[str] = mapped_column(default="")
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    # A back-dated registration (补录): why it was entered late, and when it was entered.
    late_reason: Mapped[str] = mapped_column(default="", server_default="")
    entered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class ReplacementRequest(Base):
    """The customer asks for an agent to be replaced (撤换); answer within working days."""

    __tablename__ = "replacement_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    reason: Mapped[str]
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    calendar_unknown: Mapped[str] = mapped_column(
        default=""
    )  # years the working-day calendar did not know, e.g. "2027"
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    response: Mapped[str] = mapped_column(default="")
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)


# --- rota, attendance, meetings (排班 · 考勤 · 早班会) ------------------------------------


class RotaEntry(Base):
    """Who is scheduled for a date and shift; one shift a day per person."""

    __tablename__ = "rota_entry"
    __table_args__ = (
        sa.UniqueConstraint("day", "staff_id", name="uq_rota_day_staff"),
        sa.Index("ix_rota_day_shift", "day", "shift_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    shift_id: Mapped[int] = mapped_column(sa.ForeignKey("shift_def.id"))
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    source: Mapped[str] = mapped_column(default="hand")  # pattern, import, hand, swap
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)


class RotaPattern(Base):
    """A person's weekly pattern: the shift on each weekday, none on rest days."""

    __tablename__ = "rota_pattern"
    __table_args__ = (sa.UniqueConstraint("staff_id", "weekday", name="uq_pattern_staff_weekday"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    weekday: Mapped[int]  # 0 = Monday
    shift_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("shift_def.id"), default=None
    )  # None: rest day


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (
        sa.UniqueConstraint("day", "shift_id", "staff_id", name="uq_attendance_shift_staff"),
        sa.Index("ix_attendance_day_staff", "day", "staff_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    shift_id: Mapped[int] = mapped_column(sa.ForeignKey("shift_def.id"))
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    status: Mapped[str]
    late_minutes: Mapped[int] = mapped_column(default=0)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    marked_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)


class ShiftSwap(Base):
    """换班: one person takes another's shift, or two exchange shifts; approved by a chief."""

    __tablename__ = "shift_swap"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str]  # take, exchange
    day: Mapped[date]
    shift_id: Mapped[int] = mapped_column(sa.ForeignKey("shift_def.id"))
    giver_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))  # whose shift it was
    taker_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    other_day: Mapped[date | None] = mapped_column(
        default=None
    )  # exchange: the taker's shift given back
    other_shift_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shift_def.id"), default=None)
    approved_by: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(default="")


class SwapRequest(Base):
    """换班申请: asked by a 班长 or a chief, approved or refused by a 值班长 or a manager.

    The rota changes only on approval, when the swap itself is written (ShiftSwap).
    """

    __tablename__ = "swap_request"
    __table_args__ = (sa.Index("ix_swap_request_day", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    giver_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    taker_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    other_day: Mapped[date | None] = mapped_column(default=None)
    note: Mapped[str] = mapped_column(default="")
    status: Mapped[str] = mapped_column(default="pending")  # pending, approved, refused
    requested_by: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    decision_note: Mapped[str] = mapped_column(default="")
    swap_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shift_swap.id"), default=None)


class Overtime(Base):
    __tablename__ = "overtime"
    __table_args__ = (sa.Index("ix_overtime_staff_start", "staff_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    start: Mapped[datetime] = mapped_column(UTCDateTime())
    end: Mapped[datetime] = mapped_column(UTCDateTime())
    approved_by: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    note: Mapped[str] = mapped_column(default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Meeting(Base):
    """早班会: one record per date (and shift, when a shift holds its own)."""

    __tablename__ = "meeting"
    __table_args__ = (sa.UniqueConstraint("day", "shift_id", name="uq_meeting_day_shift"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    shift_id: Mapped[int] = mapped_column(sa.ForeignKey("shift_def.id"))  # whose roll call it takes
    host_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    held_at: Mapped[str] = mapped_column(default="")  # HH:MM
    review: Mapped[str] = mapped_column(default="")  # 昨日回顾
    policy: Mapped[str] = mapped_column(default="")  # 政策与知识库更新
    qc: Mapped[str] = mapped_column(default="")  # 质检通报
    notices: Mapped[str] = mapped_column(default="")  # 注意事项
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)


class KpiFigure(Base):
    """A month's figure from outside the desk (phone platform, QC sampling, exams)."""

    __tablename__ = "kpi_figure"
    __table_args__ = (sa.UniqueConstraint("month", "key", name="uq_kpi_figure_month_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date]  # the first of the month
    key: Mapped[str]
    value: Mapped[int]
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    entered_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)


class CallTraffic(Base):
    """The phone platform's figures for one half-hour (``slot`` its start, "08:00") or one
    whole day (``slot`` ""), as imported from its report (imports/traffic_file.py)."""

    __tablename__ = "call_traffic"
    __table_args__ = (sa.UniqueConstraint("day", "slot", name="uq_call_traffic_day_slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    slot: Mapped[str]  # "08:00" … "23:30", or "" for a row of the whole day
    offered: Mapped[int]  # 人工呼入量: calls that asked for an agent
    answered: Mapped[int]  # 人工接通量
    abandoned: Mapped[int]  # 放弃量
    answered_in_time: Mapped[int]  # N 秒内接通量 (N: service_seconds)
    service_seconds: Mapped[int]  # the N the platform's figure was counted with
    talk_seconds: Mapped[int]  # 平均通话时长（秒）
    wrap_seconds: Mapped[int | None] = mapped_column(default=None)  # 平均话后处理（秒）
    transfers: Mapped[int | None] = mapped_column(default=None)  # 转接量
    transfers_ok: Mapped[int | None] = mapped_column(default=None)  # 转接及时准确量
    source: Mapped[str] = mapped_column(default="")  # the file it came from
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)


# --- work reports and escalations (工作汇报 · 请示报告) ----------------------------------


class WorkReport(Base):
    """A daily, weekly or monthly work report (日报 · 周报 · 月报) of one period.

    While a draft only the chief's remarks are stored: the figures are composed from
    the records whenever it is read. On submission the composed text is frozen in
    ``content`` and sealed, with the remarks, by ``digest``; corrections after that
    are amendments.
    """

    __tablename__ = "work_report"
    __table_args__ = (
        sa.UniqueConstraint("kind", "period_start", name="uq_work_report_period"),
        sa.Index("ix_work_report_submitted", "kind", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str]  # day, week, month
    period_start: Mapped[date]
    period_end: Mapped[date]  # the last day of the period
    remarks: Mapped[str] = mapped_column(default="")  # the chief's own words
    version: Mapped[int] = mapped_column(default=1)  # raised by every save of the remarks
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saved_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    content: Mapped[str] = mapped_column(default="")  # JSON of the sections, frozen on submission
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    submitted_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    digest: Mapped[str | None] = mapped_column(default=None)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    read_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)


class WorkReportAmendment(Base):
    """A correction appended to a submitted report, which itself is never edited."""

    __tablename__ = "work_report_amendment"
    __table_args__ = (sa.Index("ix_work_report_amendment_report", "report_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("work_report.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    text: Mapped[str]
    digest: Mapped[str]


class Escalation(Base):
    """A 请示 (asking for a decision) or 报告 (reporting up) awaiting its reply by ``reply_due``."""

    __tablename__ = "escalation"
    __table_args__ = (
        sa.Index("ix_escalation_open", "replied_at", "withdrawn_at", "reply_due"),
        sa.Index("ix_escalation_raised", "raised_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str]  # 请示, 报告
    subject: Mapped[str]
    content: Mapped[str] = mapped_column(default="")
    raised_by: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    addressed_to: Mapped[str]  # 运营主管, 项目经理, 采购人联系人
    urgency: Mapped[str]  # 特急, 紧急, 一般
    reply_due: Mapped[datetime] = mapped_column(UTCDateTime())
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    replied_by: Mapped[str] = mapped_column(default="")  # who answered, as the floor names them
    decision: Mapped[str] = mapped_column(default="")
    recorded_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    withdrawn_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
    withdraw_reason: Mapped[str] = mapped_column(default="")


# --- quality checks (质检) ---------------------------------------------------------------


class QcRecord(Base):
    """One call checked by the QC group against the project's checklist."""

    __tablename__ = "qc_record"
    __table_args__ = (
        sa.UniqueConstraint("call_ref", "agent_id", name="uq_qc_record_call_agent"),
        sa.Index("ix_qc_record_call_at", "call_at"),
        sa.Index("ix_qc_record_agent", "agent_id", "call_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_at: Mapped[datetime] = mapped_column(UTCDateTime())
    call_ref: Mapped[str]  # the phone platform's call number
    agent_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    checker_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    score: Mapped[int]
    full_score: Mapped[int]  # the checklist's sum when checked: the checklist may change
    passed: Mapped[bool]
    missed: Mapped[str] = mapped_column(default="")  # checklist items not met, joined by 、
    errors: Mapped[str] = mapped_column(default="")  # error kinds found, joined by 、
    note: Mapped[str] = mapped_column(default="")
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    entered_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)


# --- exams (在职考试 · 业务测试) ------------------------------------------------------------


class Exam(Base):
    """An exam sitting (在职考试), or a business test (业务测试) before a new policy goes
    live; a resit names the sitting it repeats."""

    __tablename__ = "exam"
    __table_args__ = (sa.Index("ix_exam_day", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str]  # exam, test
    topic: Mapped[str]
    day: Mapped[date]
    pass_mark: Mapped[int]
    full_mark: Mapped[int] = mapped_column(default=100)
    resit_of: Mapped[int | None] = mapped_column(sa.ForeignKey("exam.id"), default=None)
    # A business test: the day its policy goes live on the lines, and the floor zone
    # (seat letter) whose seats need it; "" for every seat.
    live_from: Mapped[date | None] = mapped_column(default=None)
    zone: Mapped[str] = mapped_column(default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)


class ExamResult(Base):
    """One person's score at one sitting."""

    __tablename__ = "exam_result"
    __table_args__ = (sa.UniqueConstraint("exam_id", "staff_id", name="uq_exam_result_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(sa.ForeignKey("exam.id"))
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    score: Mapped[int]
    passed: Mapped[bool]
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    entered_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)


# --- training (培训) -----------------------------------------------------------------------


class TrainingSession(Base):
    """A training session: its topic, day, trainer and materials; who was to attend."""

    __tablename__ = "training_session"
    __table_args__ = (sa.Index("ix_training_session_day", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str]
    day: Mapped[date]
    trainer: Mapped[str]  # as the floor names them: often someone from outside the desk
    materials: Mapped[str] = mapped_column(default="")  # where the materials are, what they are
    version: Mapped[int] = mapped_column(default=1)  # a later edit from elsewhere is refused
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)


class TrainingAttendee(Base):
    """One person who was to attend a session, and the roll call's mark ("" unmarked)."""

    __tablename__ = "training_attendee"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "staff_id", name="uq_training_attendee_person"),
        sa.Index("ix_training_attendee_staff", "staff_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("training_session.id"))
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    status: Mapped[str] = mapped_column(default="")  # 出席, 迟到, 请假, 缺席
    marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    marked_by: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"), default=None)
