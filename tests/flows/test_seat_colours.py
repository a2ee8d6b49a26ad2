"""Groups on the seat map are told apart by a character as well as by colour, and their
colours stay apart in 16 and in 256 colours."""

from __future__ import annotations

import re

from rich.color import Color, ColorSystem

from hotline_tui.model.seat_plan import MANAGER_MARK, group_marks
from hotline_tui.screens.floor.plan import FloorScreen
from hotline_tui.widgets.seat_map import GROUP_SLOTS, SeatMap
from tests.helpers import chief
from tests.pilot import build_app, run, wait_until

DEMO_GROUPS = [
    ("综合坐席", 0), ("专业坐席（社保）", 1), ("专业坐席（医保）", 2), ("质检", 3),
    ("业务支撑", 4), ("知识库采编", 5), ("数据分析", 6), ("", -1),
]  # fmt: skip


def test_group_marks():
    assert group_marks(DEMO_GROUPS) == {
        0: "综", 1: "社", 2: "医", 3: "质", 4: "业", 5: "知", 6: "数", -1: MANAGER_MARK,
    }  # fmt: skip
    # Taken characters move on to the next of the name; a name with none left, its order.
    assert group_marks([("综合坐席", 0), ("综合组", 1), ("综", 2)]) == {0: "综", 1: "合", 2: "2"}
    assert group_marks([("管理组", 0)]) == {0: "理"}  # 管 is the managers'


def _backgrounds() -> list[str]:
    css = SeatMap.DEFAULT_CSS
    found = dict(re.findall(r"seat-map--(group-\d|manager) \{ background: (#[0-9a-f]{6})", css))
    assert len(found) == GROUP_SLOTS + 1
    return list(found.values())


def test_group_colours_stay_apart_in_16_and_256_colours():
    colours = [Color.parse(c) for c in _backgrounds()]
    for system in (ColorSystem.STANDARD, ColorSystem.EIGHT_BIT):
        numbers = [c.downgrade(system).number for c in colours]
        assert len(set(numbers)) == len(numbers), (system, numbers)


def test_without_colour_every_seat_names_its_group(
    demo_store, settings, clock, floorplan, monkeypatch
):
    """NO_COLOR: the seat map still tells every group apart, by the mark beside the seat
    number, and its legend says which mark is which group."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, FloorScreen) and app.screen.plan is not None,
                what="the plan",
            )
            assert app.no_color
            seat_map = app.screen.query_one(SeatMap)
            plan = app.screen.plan
            marks = plan.marks
            assert len(set(marks.values())) == len(marks) >= 5
            text = "\n".join(
                "".join(seg.text for seg in seat_map.floor_line(y))
                for y in range(seat_map.virtual_size.height)
            )
            for view in plan.seats.values():
                if view.occupied and not view.out_of_service:
                    assert f"{view.label} {marks[view.group_order]}" in text, view.label
            for group, order, _n in plan.group_counts:
                assert f" {marks[order]} {group or '管理'} " in text

    run(scenario())
