"""Staff: who works on the floor, who may sign in, and finding people by typing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from hotline_tui.db.store import Store
from hotline_tui.db.tables import SIGN_IN_POSTS, Staff, StaffGroup, WorkGroup
from hotline_tui.errors import DomainError


@dataclass(frozen=True)
class StaffRow:
    id: int
    staff_no: str
    name: str
    group: str  # "" for managers outside the work groups
    group_order: int
    post: str
    status: str  # 离职 once their leaving day has come, whatever was stored
    pinyin_initials: str
    pinyin_full: str
    skills: str = ""
    phone: str = ""
    hire_date: date | None = None
    left_on: date | None = None

    @property
    def may_sign_in(self) -> bool:
        return self.post in SIGN_IN_POSTS and self.status != "离职"


def gone_by(day: date) -> sa.ColumnElement[bool]:
    """Whether a person has left by ``day`` (a leaving day ahead takes effect on its day)."""
    return sa.or_(Staff.status == "离职", sa.and_(Staff.left_on.is_not(None), Staff.left_on <= day))


def member_on(day: date | InstrumentedAttribute[date]) -> sa.ColumnElement[bool]:
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
    return status == "离职" or (left_on is not None and left_on <= day)


def _select(
    today: date,
) -> sa.Select[int, str, str, str, int, str, str, str, str, str, str, date | None, date | None]:
    status = sa.case((gone_by(today), "离职"), else_=Staff.status)
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
    if person.status == "离职":
        raise DomainError(f"{person.name}（{person.staff_no}）已离职，不能登录。")
    if person.post not in SIGN_IN_POSTS:
        raise DomainError(
            f"{person.name}（{person.staff_no}）是{person.post}，只有值班长、班长、主管和项目经理可以登录。"
        )
    return person


# Surnames whose reading differs from the character's everyday one.
_SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "查": "zha",
    "朴": "piao",
    "区": "ou",
    "乐": "yue",
    "覃": "qin",
    "任": "ren",
}


def pinyin_keys(name: str) -> tuple[str, str]:
    """(initials, full pinyin) of a Chinese name, lower case: 张三 -> ("zs", "zhangsan")."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(name)
    if name and name[0] in _SURNAME_READINGS:
        syllables[0] = _SURNAME_READINGS[name[0]]
    syllables = [s.lower() for s in syllables if s.strip()]
    return "".join(s[0] for s in syllables), "".join(syllables)


def matches(person: StaffRow, query: str) -> bool:
    """Typing 工号 digits, part of the name, pinyin initials or full pinyin finds a person."""
    q = query.strip().lower()
    if not q:
        return True
    return (
        q in person.staff_no.lower()
        or q in person.name
        or person.pinyin_initials.startswith(q)
        or person.pinyin_full.startswith(q)
    )


def filter_staff(people: list[StaffRow], query: str) -> list[StaffRow]:
    return [p for p in people if matches(p, query)]


def nobody_yet(store: Store) -> bool:
    """True for a new database: nobody at all on the staff (the first run)."""
    with store.read() as session:
        return session.execute(sa.select(Staff.id).limit(1)).first() is None
