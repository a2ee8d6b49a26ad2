"""Staff: who works on the floor, who may sign in, and finding people by typing."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from hotline_tui.db.store import Store
from hotline_tui.db.tables import Staff, StaffGroup, WorkGroup
from hotline_tui.errors import DomainError
from hotline_tui.model.shifts import describe_day
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.states import Employment
from hotline_tui.model.vocab import SIGN_IN_POSTS


def gone_by(day: date) -> sa.ColumnElement[bool]:
    """Whether a person has left by ``day`` (a leaving day ahead takes effect on its day)."""
    return sa.or_(
        Staff.status == Employment.LEFT, sa.and_(Staff.left_on.is_not(None), Staff.left_on <= day)
    )


def member_on(
    day: date | InstrumentedAttribute[date] | sa.ColumnElement[date],
) -> sa.ColumnElement[bool]:
    """Join condition: a person's group membership on ``day`` (a date or a date column).

    Attendance of a past day is counted in the group the person was in that day.
    """
    return sa.and_(
        StaffGroup.staff_id == Staff.id,
        StaffGroup.since <= day,
        sa.or_(StaffGroup.until.is_(None), StaffGroup.until > day),
    )


def group_on(session: Session, staff_id: int, day: date) -> str:
    """The name of the group a person was in on ``day``; "" for someone outside the groups."""
    name = session.execute(
        sa.select(WorkGroup.name)
        .join(StaffGroup, StaffGroup.group_id == WorkGroup.id)
        .join(Staff, member_on(day))
        .where(Staff.id == staff_id)
    ).scalar()
    return name or ""


def has_left(status: str, left_on: date | None, day: date) -> bool:
    """The same rule as ``gone_by``, for a row already read."""
    return status == Employment.LEFT or (left_on is not None and left_on <= day)


def active_person(
    session: Session, staff_no: str, day: date, doing: str = "排班"
) -> tuple[int, str]:
    """(id, name) of a person still on the staff on ``day``; ``doing`` says in a refusal
    what someone gone cannot be given (排班, 参加培训)."""
    row = session.execute(
        sa.select(Staff.id, Staff.name, Staff.status, Staff.left_on).where(
            Staff.staff_no == staff_no
        )
    ).first()
    if row is None:
        raise DomainError(f"工号 {staff_no} 不存在。")
    if has_left(row.status, row.left_on, day):
        raise DomainError(f"{row.name}（{staff_no}）{describe_day(day)} 已离职，不能{doing}。")
    return row.id, row.name


def _select(
    today: date,
) -> sa.Select[int, str, str, str, int, str, str, str, str, str, str, date | None, date | None]:
    status = sa.case((gone_by(today), Employment.LEFT), else_=Staff.status)
    return sa.select(
        Staff.id,
        Staff.staff_no,
        Staff.name,
        sa.func.coalesce(WorkGroup.name, ""),
        sa.func.coalesce(WorkGroup.sort_order, -1),
        Staff.post,
        status,
        Staff.pinyin_initials,
        Staff.pinyin_full,
        Staff.skills,
        Staff.phone,
        Staff.hire_date,
        Staff.left_on,
    ).outerjoin(WorkGroup, Staff.group_id == WorkGroup.id)


def _row(row: sa.Row[*tuple[Any, ...]]) -> StaffRow:
    return StaffRow(*tuple(row))


def list_staff(
    store: Store,
    *,
    sign_in_only: bool = False,
    include_left: bool = False,
    on: date | None = None,
) -> list[StaffRow]:
    """Everyone on the staff on ``on`` (today by default), or ever with ``include_left``."""
    day = on or store.clock.now().date()
    query = _select(day)
    if not include_left:
        query = query.where(~gone_by(day))
    if sign_in_only:
        query = query.where(Staff.post.in_(SIGN_IN_POSTS))
    with store.read() as session:
        rows = session.execute(query).all()
    staff = [_row(row) for row in rows]
    if sign_in_only:
        order = {"项目经理": 0, "运营主管": 1, "值班长": 2, "班长": 3}
        staff.sort(key=lambda s: (order.get(s.post, 9), s.staff_no))
    else:
        staff.sort(key=lambda s: (s.group_order < 0, s.group_order, s.staff_no))  # managers last
    return staff


def staff_by_no(store: Store, staff_no: str) -> StaffRow:
    with store.read() as session:
        row = session.execute(
            _select(store.clock.now().date()).where(Staff.staff_no == staff_no.strip())
        ).first()
    if row is None:
        raise DomainError(f"工号 {staff_no} 不存在。")
    return _row(row)


def name_of(session: Session, staff_id: int | None) -> str:
    """A person's name for a message; 他人 when the record names nobody known."""
    person = None if staff_id is None else session.get(Staff, staff_id)
    return person.name if person is not None else "他人"


def sign_in(store: Store, staff_no: str) -> StaffRow:
    """The person at the terminal, if their post lets them sign in."""
    person = staff_by_no(store, staff_no)
    if person.status == Employment.LEFT:
        raise DomainError(f"{person.name}（{person.staff_no}）已离职，不能登录。")
    if person.post not in SIGN_IN_POSTS:
        raise DomainError(
            f"{person.name}（{person.staff_no}）是{person.post}，只有值班长、班长、主管和项目经理可以登录。"
        )
    return person


def nobody_yet(store: Store) -> bool:
    """True for a new database: nobody at all on the staff (the first run)."""
    with store.read() as session:
        return session.execute(sa.select(Staff.id).limit(1)).first() is None
