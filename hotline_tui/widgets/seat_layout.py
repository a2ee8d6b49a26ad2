"""Where each seat of the floor plan is drawn, in terminal cells, and how the cursor walks.

Pure geometry from the Floorplan: the seat map draws it, tests check it.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotline_tui.model.floorplan import AISLE, Floorplan

SLOT_W = 10  # a seat: one gutter cell, 8 content cells, one gutter cell
SEAT_H = 2  # label line and name line
CONTENT_W = SLOT_W - 2
AISLE_W = 2
ZONE_GAP_X = 3
ZONE_GAP_Y = 1
ROW_GAP = 1  # between two rows of desks
WALKWAY = 1  # extra blank line for an empty row in the plan
MARGIN_X = 1
FRONT_LINES = 2  # the wall display banner and a blank line


@dataclass(frozen=True)
class SeatBox:
    label: str
    x: int  # left gutter cell
    y: int  # label line


@dataclass(frozen=True)
class Text:
    x: int
    y: int
    text: str


@dataclass(frozen=True)
class Layout:
    seats: tuple[SeatBox, ...]
    zone_titles: tuple[Text, ...]
    front: str
    width: int
    height: int  # seats area, without the legend
    neighbours: dict[str, dict[str, str]]

    def index_of(self, label: str) -> int:
        return next(i for i, s in enumerate(self.seats) if s.label == label)

    def box(self, label: str) -> SeatBox:
        return self.seats[self.index_of(label)]

    def seat_at(self, x: int, y: int) -> str | None:
        for seat in self.seats:
            if seat.x <= x < seat.x + SLOT_W and seat.y <= y < seat.y + SEAT_H:
                return seat.label
        return None


def _zone_size(rows) -> tuple[int, int]:
    width = max(
        (sum(AISLE_W if item == AISLE else SLOT_W for item in row) for row in rows), default=0
    )
    height = 1  # title
    previous_desks = False
    for row in rows:
        if not row:
            height += WALKWAY
            continue
        if previous_desks:
            height += ROW_GAP
        height += SEAT_H
        previous_desks = True
    return width, height


def build_layout(plan: Floorplan) -> Layout:
    sizes = {z.letter: _zone_size(z.rows) for z in plan.zones}
    columns = sorted({z.column for z in plan.zones})
    bands = sorted({z.row for z in plan.zones})
    col_w = {c: max(sizes[z.letter][0] for z in plan.zones if z.column == c) for c in columns}
    band_h = {b: max(sizes[z.letter][1] for z in plan.zones if z.row == b) for b in bands}
    col_x, x = {}, MARGIN_X
    for c in columns:
        col_x[c] = x
        x += col_w[c] + ZONE_GAP_X
    width = x - ZONE_GAP_X + MARGIN_X
    band_y, y = {}, FRONT_LINES if plan.front else 0
    for b in bands:
        band_y[b] = y
        y += band_h[b] + ZONE_GAP_Y
    height = y - ZONE_GAP_Y

    seats: list[SeatBox] = []
    titles: list[Text] = []
    for zone in plan.zones:
        zx, zy = col_x[zone.column], band_y[zone.row]
        titles.append(Text(zx + 1, zy, zone.name))
        y = zy + 1
        previous_desks = False
        for row in zone.rows:
            if not row:
                y += WALKWAY
                continue
            if previous_desks:
                y += ROW_GAP
            x = zx
            for item in row:
                if item == AISLE:
                    x += AISLE_W
                    continue
                seats.append(SeatBox(item, x, y))
                x += SLOT_W
            y += SEAT_H
            previous_desks = True
    return Layout(tuple(seats), tuple(titles), plan.front, width, height, _neighbours(seats))


def _neighbours(seats: list[SeatBox]) -> dict[str, dict[str, str]]:
    """For each seat, the seat an arrow key leads to, following the drawing."""
    result: dict[str, dict[str, str]] = {}
    for seat in seats:
        moves: dict[str, str] = {}
        same_line = [s for s in seats if s.y == seat.y]
        left = [s for s in same_line if s.x < seat.x]
        right = [s for s in same_line if s.x > seat.x]
        if left:
            moves["left"] = max(left, key=lambda s: s.x).label
        if right:
            moves["right"] = min(right, key=lambda s: s.x).label
        for direction, candidates in (
            ("up", [s for s in seats if s.y < seat.y]),
            ("down", [s for s in seats if s.y > seat.y]),
        ):
            if not candidates:
                continue
            nearest_y = (
                max(s.y for s in candidates) if direction == "up" else min(s.y for s in candidates)
            )
            row = [s for s in candidates if s.y == nearest_y]
            moves[direction] = min(row, key=lambda s: (abs(s.x - seat.x), s.x)).label
        result[seat.label] = moves
    return result
