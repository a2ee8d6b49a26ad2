"""A person as the screens see them, and finding people by typing: no database here,
so the sign-in screen's first frame is drawn before the ORM is loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hotline_tui.model.states import Employment
from hotline_tui.model.vocab import SIGN_IN_POSTS


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
        return self.post in SIGN_IN_POSTS and self.status != Employment.LEFT


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
