"""Staff: who works on the floor, who may sign in, and finding people by typing."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hotline_tui.db.store import Store
from hotline_tui.db.tables import SIGN_IN_POSTS, Staff, WorkGroup
from hotline_tui.errors import DomainError


@dataclass(frozen=True)
class StaffRow:
    id: int
    staff_no: str
    name: str
    group: str  # "" for managers outside the work groups
    group_order: int
    post: str
    status: str
    pinyin_initials: str
    pinyin_full: str

    @property
    def may_sign_in(self) -> bool:
        return self.post in SIGN_IN_POSTS and self.status != "离职"


_COLUMNS = (
    Staff.id,
    Staff.staff_no,
    Staff.name,
    sa.func.coalesce(WorkGroup.name, ""),
    sa.func.coalesce(WorkGroup.sort_order, -1),
    Staff.post,
    Staff.status,
    Staff.pinyin_initials,
    Staff.pinyin_full,
)


def _select() -> sa.Select[int, str, str, str, int, str, str, str, str]:
    return sa.select(*_COLUMNS).outerjoin(WorkGroup, Staff.group_id == WorkGroup.id)


def list_staff(
    store: Store, *, sign_in_only: bool = False, include_left: bool = False
) -> list[StaffRow]:
    query = _select()
    if not include_left:
        query = query.where(Staff.status != "离职")
    if sign_in_only:
        query = query.where(Staff.post.in_(SIGN_IN_POSTS))
    with store.read() as session:
        rows = session.execute(query).all()
    staff = [StaffRow(*row) for row in rows]
    if sign_in_only:
        order = {"项目经理": 0, "运营主管": 1, "值班长": 2, "班长": 3}
        staff.sort(key=lambda s: (order.get(s.post, 9), s.staff_no))
    else:
        staff.sort(key=lambda s: (s.group_order < 0, s.group_order, s.staff_no))  # managers last
    return staff


def staff_by_no(store: Store, staff_no: str) -> StaffRow:
    with store.read() as session:
        row = session.execute(_select().where(Staff.staff_no == staff_no.strip())).first()
    if row is None:
        raise DomainError(f"工号 {staff_no} 不存在。")
    return StaffRow(*row)


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
