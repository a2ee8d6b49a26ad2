from __future__ import annotations

from datetime import date

import pendulum
import pytest

from hotline_tui.clock import BEIJING
from hotline_tui.demo.generate import GROUPS, build_staff
from hotline_tui.domain.people.roster import list_staff, sign_in
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from hotline_tui.model.shifts import current_shift
from hotline_tui.model.staff_row import StaffRow, filter_staff, matches, pinyin_keys


def person(name: str, no: str = "2001") -> StaffRow:
    initials, full = pinyin_keys(name)
    return StaffRow(1, no, name, "综合坐席", 0, "值班长", "在职", initials, full)


def test_pinyin_keys():
    assert pinyin_keys("张三") == ("zs", "zhangsan")
    assert pinyin_keys("欧阳明月") == ("oymy", "ouyangmingyue")
    assert pinyin_keys("曾小贤") == ("zxx", "zengxiaoxian")  # the surname reading


def test_typing_finds_people_by_number_name_or_pinyin():
    zhang, li = person("张三", "1001"), person("李四", "1002")
    assert filter_staff([zhang, li], "zs") == [zhang]
    assert filter_staff([zhang, li], "ZS") == [zhang]
    assert filter_staff([zhang, li], "zhangs") == [zhang]
    assert filter_staff([zhang, li], "李") == [li]
    assert filter_staff([zhang, li], "1002") == [li]
    assert filter_staff([zhang, li], "") == [zhang, li]
    assert not matches(zhang, "xyz")


def test_sign_in_rules(demo_store):
    chiefs = [p for p in list_staff(demo_store, sign_in_only=True) if p.post == "值班长"]
    assert sign_in(demo_store, chiefs[0].staff_no) == chiefs[0]
    agent = next(p for p in list_staff(demo_store) if p.post == "组员")
    with pytest.raises(DomainError, match="只有值班长"):
        sign_in(demo_store, agent.staff_no)
    with pytest.raises(DomainError, match="工号 9999 不存在"):
        sign_in(demo_store, "9999")


def test_demo_roster_is_the_hotline_floor():
    staff = build_staff(7)
    assert len(staff) == 121
    assert len({s["staff_no"] for s in staff}) == 121
    assert len({s["name"] for s in staff}) == 121
    assert sum(s["post"] == "值班长" for s in staff) >= 4
    for group, _, _ in GROUPS:
        assert sum(s["post"] == "班长" and s["group"] == group for s in staff) == 1
    assert build_staff(7) == staff
    assert build_staff(8) != staff


def test_shift_windows_cross_midnight(demo_store):
    early, middle, late = list_shifts(demo_store)
    assert (early.name, middle.name, late.name) == ("早班", "中班", "晚班")
    start, end = late.window(date(2026, 11, 30))
    assert (start.isoformat(), end.isoformat()) == (
        "2026-11-30T16:00:00+08:00",
        "2026-12-01T00:00:00+08:00",
    )


@pytest.mark.parametrize(
    ("now", "day", "code"),
    [
        ("2026-11-30 09:00", "2026-11-30", "early"),
        ("2026-11-30 13:00", "2026-11-30", "early"),
        ("2026-11-30 17:00", "2026-11-30", "middle"),
        ("2026-11-30 21:00", "2026-11-30", "late"),
        ("2026-11-30 06:00", "2026-11-30", "early"),
        ("2026-11-30 00:30", "2026-11-30", "early"),
    ],
)
def test_current_shift(demo_store, now, day, code):
    got_day, shift = current_shift(list_shifts(demo_store), pendulum.parse(now, tz=BEIJING))
    assert (got_day.isoformat(), shift.code) == (day, code)
