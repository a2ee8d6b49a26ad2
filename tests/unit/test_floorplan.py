from __future__ import annotations

import pytest

from hotline_tui.model.floorplan import FloorplanError, parse_floorplan
from hotline_tui.widgets.seat_layout import SEAT_H, SLOT_W, build_layout


def test_the_real_floor_has_94_seats(floorplan):
    labels = floorplan.labels
    assert len(labels) == 94 == len(set(labels))
    assert all(len(label) == 3 and label[0].isupper() and label[1:].isdigit() for label in labels)


def test_the_floor_fits_a_160_column_terminal_beside_the_side_panel(floorplan):
    layout = build_layout(floorplan)
    assert layout.width + 30 <= 160
    assert layout.height + 3 <= 48 - 2


def test_no_two_seats_overlap(floorplan):
    layout = build_layout(floorplan)
    cells = set()
    for seat in layout.seats:
        for dx in range(SLOT_W):
            for dy in range(SEAT_H):
                assert (seat.x + dx, seat.y + dy) not in cells
                cells.add((seat.x + dx, seat.y + dy))


def test_arrow_keys_follow_the_drawing(floorplan):
    moves = build_layout(floorplan).neighbours
    assert moves["A01"] == {"right": "A02", "down": "A07"}
    assert moves["A06"]["right"] == "B01"  # across the gap between zones
    assert moves["A13"]["down"] == "C01"  # across the walkway into the next zone
    assert moves["B01"]["left"] == "A06"
    assert moves["F10"]["up"] == "F04"
    assert "down" not in moves["F10"]


def test_seat_at_a_cell(floorplan):
    layout = build_layout(floorplan)
    box = layout.box("C05")
    assert layout.seat_at(box.x + 3, box.y + 1) == "C05"
    assert layout.seat_at(0, 0) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"zones": [{"letter": "A", "rows": ["01 01"]}]}, "出现了两次"),
        ({"zones": [{"letter": "a", "rows": ["01"]}]}, "大写字母"),
        ({"zones": [{"letter": "A", "rows": ["1"]}]}, "两位数字"),
        ({"zones": []}, "没有任何座位"),
        (
            {"zones": [{"letter": "A", "rows": ["01"]}, {"letter": "B", "rows": ["01"]}]},
            "位置重叠",
        ),
    ],
)
def test_bad_floor_plans_are_explained(data, message):
    with pytest.raises(FloorplanError, match=message):
        parse_floorplan(data)
