"""The tables. Times are stored as UTC and come back as aware UTC datetimes."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from hotline_tui.db.types import utc_column

# Posts (岗位), highest first. Who may sign in at the terminal follows from the post.
POSTS = ("项目经理", "运营主管", "值班长", "班长", "组员")
SIGN_IN_POSTS = frozenset({"项目经理", "运营主管", "值班长", "班长"})
STAFF_STATUSES = ("在职", "试用", "待撤换", "离职")
SKILLS = ("综合", "社保", "医保")


class WorkGroup(SQLModel, table=True):
    __tablename__ = "work_group"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column_kwargs={"unique": True})
    sort_order: int = 0


class Staff(SQLModel, table=True):
    __tablename__ = "staff"

    id: int | None = Field(default=None, primary_key=True)
    staff_no: str = Field(sa_column_kwargs={"unique": True})
    name: str
    group_id: int | None = Field(default=None, foreign_key="work_group.id")
    post: str
    skills: str = ""  # comma separated, from SKILLS
    hire_date: date | None = None
    status: str = "在职"
    # Kept beside the name so that filtering by pinyin never loads pypinyin at start-up.
    pinyin_initials: str = ""
    pinyin_full: str = ""


class Seat(SQLModel, table=True):
    __tablename__ = "seat"

    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(sa_column_kwargs={"unique": True})
    zone: str


class ShiftDef(SQLModel, table=True):
    __tablename__ = "shift_def"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column_kwargs={"unique": True})
    name: str
    start: str  # HH:MM Beijing time
    end: str  # HH:MM; at or before start means the next day
    sort_order: int = 0


class SeatAssignment(SQLModel, table=True):
    __tablename__ = "seat_assignment"
    __table_args__ = (
        sa.UniqueConstraint("day", "shift_id", "seat_id", name="uq_assignment_seat"),
        sa.UniqueConstraint("day", "shift_id", "staff_id", name="uq_assignment_staff"),
    )

    id: int | None = Field(default=None, primary_key=True)
    day: date
    shift_id: int = Field(foreign_key="shift_def.id")
    seat_id: int = Field(foreign_key="seat.id")
    staff_id: int = Field(foreign_key="staff.id")
    assigned_at: datetime = Field(sa_column=utc_column())
    assigned_by: int | None = Field(default=None, foreign_key="staff.id")


class SeatOutage(SQLModel, table=True):
    """A seat out of service (停用) from ``started_at`` until ``ended_at``."""

    __tablename__ = "seat_outage"
    __table_args__ = (sa.Index("ix_seat_outage_seat_ended", "seat_id", "ended_at"),)

    id: int | None = Field(default=None, primary_key=True)
    seat_id: int = Field(foreign_key="seat.id")
    reason: str
    started_at: datetime = Field(sa_column=utc_column())
    started_by: int | None = Field(default=None, foreign_key="staff.id")
    ended_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    ended_by: int | None = Field(default=None, foreign_key="staff.id")
    # Set when a reported fault put the seat out of service; closing the fault ends it.
    fault_id: int | None = Field(default=None, foreign_key="fault.id")


class AuditLog(SQLModel, table=True):
    """Who changed what, when, before and after: written in the same transaction."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=utc_column())
    actor_id: int | None = Field(default=None, foreign_key="staff.id")
    action: str
    entity: str
    entity_key: str
    before: str | None = None  # JSON
    after: str | None = None  # JSON


# The floor screen asks for one plan (day, shift) at a time; the unique
# constraints on seat_assignment index (day, shift_id, ...) already.
sa.Index("ix_audit_log_at", AuditLog.__table__.c.at)
sa.Index("ix_audit_log_entity", AuditLog.__table__.c.entity, AuditLog.__table__.c.entity_key)


# --- shift handover (交接班) ---------------------------------------------------

HANDOVER_STATUSES = ("draft", "submitted", "signed")
ITEM_STATUSES = ("open", "closed")


class Handover(SQLModel, table=True):
    """One written handover from the chief of ``from_shift`` on ``day`` to the next shift."""

    __tablename__ = "handover"
    __table_args__ = (
        sa.UniqueConstraint("day", "from_shift_id", name="uq_handover_shift_change"),
        sa.Index("ix_handover_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    day: date
    from_shift_id: int = Field(foreign_key="shift_def.id")
    to_day: date
    to_shift_id: int = Field(foreign_key="shift_def.id")
    author_id: int = Field(foreign_key="staff.id")
    status: str = "draft"
    traffic: str = ""  # 话务情况
    systems: str = ""  # 系统运行
    people: str = ""  # 人员情况
    other: str = ""  # 其他
    plan_summary: str = ""  # the outgoing shift's seats, as of the start or the submission
    version: int = 1  # raised by every draft save, so two terminals cannot overwrite each other
    created_at: datetime = Field(sa_column=utc_column())
    saved_at: datetime = Field(sa_column=utc_column())
    submitted_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    signed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    signed_by: int | None = Field(default=None, foreign_key="staff.id")
    digest: str | None = None  # SHA-256 of the canonical content, written at signing


class HandoverEntry(SQLModel, table=True):
    """Something carried into a handover automatically, as it stood at that moment."""

    __tablename__ = "handover_entry"
    __table_args__ = (sa.Index("ix_handover_entry_handover", "handover_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    handover_id: int = Field(foreign_key="handover.id")
    position: int
    source: str  # what kind of record: 待办, 停用座位, …
    ref: str  # which record of that kind
    text: str
    item_id: int | None = Field(default=None, foreign_key="open_item.id")


class OpenItem(SQLModel, table=True):
    """A 待办: an open problem that stays in every handover until someone closes it."""

    __tablename__ = "open_item"
    __table_args__ = (sa.Index("ix_open_item_status", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    title: str
    owner_id: int = Field(foreign_key="staff.id")
    status: str = "open"
    opened_at: datetime = Field(sa_column=utc_column())
    opened_by: int | None = Field(default=None, foreign_key="staff.id")
    opened_in: int | None = Field(default=None, foreign_key="handover.id")
    closed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    closed_by: int | None = Field(default=None, foreign_key="staff.id")
    closed_in: int | None = Field(default=None, foreign_key="handover.id")
    close_note: str = ""
    meeting_id: int | None = Field(
        default=None, foreign_key="meeting.id"
    )  # a meeting's action item
    due: date | None = None


class OpenItemEvent(SQLModel, table=True):
    """An item's history: opened, carried, taken over, closed."""

    __tablename__ = "open_item_event"
    __table_args__ = (sa.Index("ix_open_item_event_item", "item_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="open_item.id")
    at: datetime = Field(sa_column=utc_column())
    actor_id: int | None = Field(default=None, foreign_key="staff.id")
    kind: str
    handover_id: int | None = Field(default=None, foreign_key="handover.id")
    note: str = ""


class HandoverAmendment(SQLModel, table=True):
    """A correction appended to a signed handover, which itself is never edited."""

    __tablename__ = "handover_amendment"
    __table_args__ = (sa.Index("ix_handover_amendment_handover", "handover_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    handover_id: int = Field(foreign_key="handover.id")
    author_id: int = Field(foreign_key="staff.id")
    at: datetime = Field(sa_column=utc_column())
    text: str
    digest: str


# The list screen reads newest first by day.
sa.Index("ix_handover_day", Handover.__table__.c.day)


# --- time-limited work (时效) -------------------------------------------------------

URGENT_STATES = ("open", "handling", "resolved", "transferred")


class UrgentIssue(SQLModel, table=True):
    """A time-sensitive issue (时效性问题): handled within its limit from when it was opened."""

    __tablename__ = "urgent_issue"
    __table_args__ = (
        sa.Index("ix_urgent_issue_state_deadline", "state", "deadline"),
        sa.Index("ix_urgent_issue_opened", "opened_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    opened_at: datetime = Field(sa_column=utc_column())
    category: str
    summary: str
    reference: str = ""  # ticket number or caller reference
    deadline: datetime = Field(sa_column=utc_column())
    state: str = "open"
    handler_id: int | None = Field(default=None, foreign_key="staff.id")
    created_by: int | None = Field(default=None, foreign_key="staff.id")
    closed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    closed_by: int | None = Field(default=None, foreign_key="staff.id")
    note: str = ""  # how it was resolved, or why and to whom it was transferred
    transferred_to: str = ""
    delay_reason: str = ""  # required when closed after the deadline


class Fault(SQLModel, table=True):
    """A system fault (系统故障) and its report to the customer."""

    __tablename__ = "fault"
    __table_args__ = (sa.Index("ix_fault_detected", "detected_at"),)

    id: int | None = Field(default=None, primary_key=True)
    system: str
    description: str = ""
    detected_at: datetime = Field(sa_column=utc_column())
    report_deadline: datetime = Field(sa_column=utc_column())
    reported_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    reported_to: str = ""
    resolved_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    resolution: str = ""
    created_by: int | None = Field(default=None, foreign_key="staff.id")


class ReplacementRequest(SQLModel, table=True):
    """The customer asks for an agent to be replaced (撤换); answer within working days."""

    __tablename__ = "replacement_request"

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id")
    reason: str
    requested_at: datetime = Field(sa_column=utc_column())
    deadline: datetime = Field(sa_column=utc_column())
    calendar_unknown: str = ""  # years the working-day calendar did not know, e.g. "2027"
    responded_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    response: str = ""
    created_by: int | None = Field(default=None, foreign_key="staff.id")


# --- rota, attendance, meetings (排班 · 考勤 · 早班会) ------------------------------------

ATTENDANCE_STATUSES = ("出勤", "迟到", "早退", "离岗", "事假", "病假", "年假", "调休", "旷工")


class RotaEntry(SQLModel, table=True):
    """Who is scheduled for a date and shift; one shift a day per person."""

    __tablename__ = "rota_entry"
    __table_args__ = (
        sa.UniqueConstraint("day", "staff_id", name="uq_rota_day_staff"),
        sa.Index("ix_rota_day_shift", "day", "shift_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    day: date
    shift_id: int = Field(foreign_key="shift_def.id")
    staff_id: int = Field(foreign_key="staff.id")
    source: str = "hand"  # pattern, import, hand, swap
    created_at: datetime = Field(sa_column=utc_column())
    created_by: int | None = Field(default=None, foreign_key="staff.id")


class RotaPattern(SQLModel, table=True):
    """A person's weekly pattern: the shift on each weekday, none on rest days."""

    __tablename__ = "rota_pattern"
    __table_args__ = (sa.UniqueConstraint("staff_id", "weekday", name="uq_pattern_staff_weekday"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id")
    weekday: int  # 0 = Monday
    shift_id: int | None = Field(default=None, foreign_key="shift_def.id")  # None: rest day


class Attendance(SQLModel, table=True):
    __tablename__ = "attendance"
    __table_args__ = (
        sa.UniqueConstraint("day", "shift_id", "staff_id", name="uq_attendance_shift_staff"),
        sa.Index("ix_attendance_day_staff", "day", "staff_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    day: date
    shift_id: int = Field(foreign_key="shift_def.id")
    staff_id: int = Field(foreign_key="staff.id")
    status: str
    late_minutes: int = 0
    marked_at: datetime = Field(sa_column=utc_column())
    marked_by: int | None = Field(default=None, foreign_key="staff.id")


class ShiftSwap(SQLModel, table=True):
    """换班: one person takes another's shift, or two exchange shifts; approved by a chief."""

    __tablename__ = "shift_swap"

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # take, exchange
    day: date
    shift_id: int = Field(foreign_key="shift_def.id")
    giver_id: int = Field(foreign_key="staff.id")  # whose shift it was
    taker_id: int = Field(foreign_key="staff.id")
    other_day: date | None = None  # exchange: the taker's shift given back
    other_shift_id: int | None = Field(default=None, foreign_key="shift_def.id")
    approved_by: int = Field(foreign_key="staff.id")
    at: datetime = Field(sa_column=utc_column())
    note: str = ""


class Overtime(SQLModel, table=True):
    __tablename__ = "overtime"
    __table_args__ = (sa.Index("ix_overtime_staff_start", "staff_id", "start"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id")
    start: datetime = Field(sa_column=utc_column())
    end: datetime = Field(sa_column=utc_column())
    approved_by: int = Field(foreign_key="staff.id")
    note: str = ""
    at: datetime = Field(sa_column=utc_column())


class Meeting(SQLModel, table=True):
    """早班会: one record per date (and shift, when a shift holds its own)."""

    __tablename__ = "meeting"
    __table_args__ = (sa.UniqueConstraint("day", "shift_id", name="uq_meeting_day_shift"),)

    id: int | None = Field(default=None, primary_key=True)
    day: date
    shift_id: int = Field(foreign_key="shift_def.id")  # whose roll call it takes
    host_id: int = Field(foreign_key="staff.id")
    held_at: str = ""  # HH:MM
    review: str = ""  # 昨日回顾
    policy: str = ""  # 政策与知识库更新
    qc: str = ""  # 质检通报
    notices: str = ""  # 注意事项
    version: int = 1
    updated_at: datetime = Field(sa_column=utc_column())
    updated_by: int | None = Field(default=None, foreign_key="staff.id")


class KpiFigure(SQLModel, table=True):
    """A month's figure from outside the desk (phone platform, QC sampling, exams)."""

    __tablename__ = "kpi_figure"
    __table_args__ = (sa.UniqueConstraint("month", "key", name="uq_kpi_figure_month_key"),)

    id: int | None = Field(default=None, primary_key=True)
    month: date  # the first of the month
    key: str
    value: int
    entered_at: datetime = Field(sa_column=utc_column())
    entered_by: int | None = Field(default=None, foreign_key="staff.id")
