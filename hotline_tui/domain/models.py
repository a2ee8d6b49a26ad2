"""The tables. Times are stored as UTC and come back as aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as naive UTC, so SQLite sorts and compares it correctly."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


def utc_column(nullable: bool = False) -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=nullable)


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
