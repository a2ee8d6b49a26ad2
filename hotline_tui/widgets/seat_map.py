"""The 94-seat floor drawn by one line-API widget.

One widget paints every seat (measured: far cheaper than a widget per seat).
Lines are built from the layout, cached, and rebuilt only where something changed.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from hotline_tui.model.seat_plan import Plan, SeatView
from hotline_tui.widgets.seat_layout import CONTENT_W, SEAT_H, SLOT_W, Layout

GROUP_SLOTS = 8
LEGEND_LINES = 2


class SeatMap(ScrollView, can_focus=True):
    """Seats of one plan, with a cursor and an optional marked seat (for moves)."""

    COMPONENT_CLASSES = {
        "seat-map--floor",
        "seat-map--front",
        "seat-map--zone",
        "seat-map--empty",
        "seat-map--out",
        "seat-map--cursor",
        "seat-map--marked",
        "seat-map--manager",
        "seat-map--legend",
        *{f"seat-map--group-{i}" for i in range(GROUP_SLOTS)},
    }

    DEFAULT_CSS = """
    SeatMap {
        background: $surface;
        & > .seat-map--floor { background: $surface; }
        & > .seat-map--front { background: $primary-muted; color: $text; text-style: bold; }
        & > .seat-map--zone { color: $text-muted; text-style: bold; }
        & > .seat-map--empty { background: $panel; color: $text-muted; }
        & > .seat-map--out { background: $error-muted; color: $text-error; text-style: bold; }
        & > .seat-map--cursor { background: $accent; color: $text; text-style: bold; }
        & > .seat-map--marked { background: $warning; color: black; text-style: bold; }
        & > .seat-map--manager { background: #555555; color: white; }
        & > .seat-map--legend { color: $text-muted; }
        /* The terminal's standard colours: eight groups stay eight in 16 and 256 colours
           (tests/flows/test_seat_colours.py). Red is left to seats out of service. */
        & > .seat-map--group-0 { background: #0000aa; color: white; }
        & > .seat-map--group-1 { background: #00aa00; color: black; }
        & > .seat-map--group-2 { background: #aa00aa; color: white; }
        & > .seat-map--group-3 { background: #aa5500; color: white; }
        & > .seat-map--group-4 { background: #00aaaa; color: black; }
        & > .seat-map--group-5 { background: #5555ff; color: white; }
        & > .seat-map--group-6 { background: #ff55ff; color: black; }
        & > .seat-map--group-7 { background: #55ff55; color: black; }
    }
    """

    BINDINGS = [
        Binding("up", "cursor('up')", "上", show=False, id="seat_map.up"),
        Binding("down", "cursor('down')", "下", show=False, id="seat_map.down"),
        Binding("left", "cursor('left')", "左", show=False, id="seat_map.left"),
        Binding("right", "cursor('right')", "右", show=False, id="seat_map.right"),
    ]

    class CursorMoved(Message):
        def __init__(self, label: str) -> None:
            super().__init__()
            self.label = label

    def __init__(self, layout: Layout, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.floor_layout = layout
        self.plan: Plan | None = None
        self.cursor = layout.seats[0].label
        self.marked: str | None = None
        self.group_marks: dict[int, str] = {}  # the plan's group marks, by group order
        self._cache: dict[int, Strip] = {}
        self._styles: dict[str, Style] | None = None
        self._by_line = self._index_lines()
        self.virtual_size = Size(layout.width, layout.height + 1 + LEGEND_LINES)

    # --- data in --------------------------------------------------------------

    def show_plan(self, plan: Plan) -> None:
        self.plan = plan
        self.group_marks = plan.marks
        self._cache.clear()
        self.refresh()

    def set_cursor(self, label: str) -> None:
        if label == self.cursor or label not in self.floor_layout.neighbours:
            return
        old = self.cursor
        self.cursor = label
        self._refresh_seat(old)
        self._refresh_seat(label)
        box = self.floor_layout.box(label)
        self.scroll_to_region(Region(box.x, box.y, SLOT_W, SEAT_H), animate=False, immediate=True)
        self.post_message(self.CursorMoved(label))

    def set_marked(self, label: str | None) -> None:
        old, self.marked = self.marked, label
        for seat in (old, label):
            if seat:
                self._refresh_seat(seat)

    def group_style(self, order: int) -> Style:
        styles = self._resolve_styles()
        return styles["manager"] if order < 0 else styles[f"group-{order % GROUP_SLOTS}"]

    # --- input -----------------------------------------------------------------

    def action_cursor(self, direction: str) -> None:
        target = self.floor_layout.neighbours[self.cursor].get(direction)
        if target:
            self.set_cursor(target)

    def on_click(self, event) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        x, y = offset.x + self.scroll_offset.x, offset.y + self.scroll_offset.y
        label = self.floor_layout.seat_at(x, y)
        if label:
            self.set_cursor(label)

    # --- drawing ---------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._cache.clear()

    def _resolve_styles(self) -> dict[str, Style]:
        if self._styles is None:
            names = [c.removeprefix("seat-map--") for c in self.COMPONENT_CLASSES]
            self._styles = {
                n: self.get_component_rich_style(f"seat-map--{n}", partial=False) for n in names
            }
        return self._styles

    def _index_lines(self) -> dict[int, list]:
        by_line: dict[int, list] = {}
        for seat in self.floor_layout.seats:
            for sub in range(SEAT_H):
                by_line.setdefault(seat.y + sub, []).append((seat.x, "seat", (seat.label, sub)))
        for title in self.floor_layout.zone_titles:
            by_line.setdefault(title.y, []).append((title.x, "zone", title.text))
        for items in by_line.values():
            items.sort(key=lambda item: item[0])
        return by_line

    def _refresh_seat(self, label: str) -> None:
        box = self.floor_layout.box(label)
        for sub in range(SEAT_H):
            self._cache.pop(box.y + sub, None)
        self.refresh_lines(box.y, SEAT_H)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        line = y + scroll_y
        strip = self._cache.get(line)
        if strip is None:
            strip = self.floor_line(line)
            self._cache[line] = strip
        return strip.crop_extend(
            scroll_x, scroll_x + self.size.width, self._resolve_styles()["floor"]
        )

    def floor_line(self, line: int) -> Strip:
        """Line ``line`` of the whole floor, as drawn before scrolling (whatever is shown)."""
        styles = self._resolve_styles()
        floor = styles["floor"]
        width = self.floor_layout.width
        if line == 0 and self.floor_layout.front:
            text = f" {self.floor_layout.front} "
            pad = max(0, (width - 2 - cell_len(text)) // 2)
            return Strip(
                [
                    Segment(" ", floor),
                    Segment(set_cell_size(" " * pad + text, width - 2), styles["front"]),
                    Segment(" ", floor),
                ],
                width,
            )
        legend_top = self.floor_layout.height + 1
        if line >= legend_top:
            return self._legend_line(line - legend_top, width)
        segments: list[Segment] = []
        x = 0
        for item_x, kind, payload in self._by_line.get(line, ()):
            if item_x > x:
                segments.append(Segment(" " * (item_x - x), floor))
                x = item_x
            if kind == "zone":
                segments.append(Segment(payload, styles["zone"]))
                x += cell_len(payload)
            else:
                label, sub = payload
                segments.extend(self._seat_segments(label, sub, styles))
                x += SLOT_W
        if x < width:
            segments.append(Segment(" " * (width - x), floor))
        return Strip(segments, max(width, x))

    def _seat_segments(self, label: str, sub: int, styles: dict[str, Style]) -> list[Segment]:
        view = self.plan.seats.get(label) if self.plan else None
        view = view or SeatView(label)
        body_style = self._seat_style(view, styles)
        if sub == 0:
            # The group by a character too, not by colour alone (16 colours, NO_COLOR).
            mark = "停用" if view.out_of_service else ""
            if view.occupied and not mark:
                mark = self.group_marks.get(view.group_order, "")
                if self.plan is not None and label in self.plan.off_rota:
                    mark += "!"  # seated, but not on the shift's rota
            text = f"{label} {mark}"
            if label == self.cursor:
                body_style = styles["cursor"]
            elif label == self.marked:
                body_style = styles["marked"]
        elif view.occupied:  # a past plan can record both a person and an outage
            text = view.name
        elif view.out_of_service:
            text = view.out_reason
        else:
            text = "  空位"
        left, right = " ", " "
        gutter = styles["floor"]
        if label == self.cursor:
            left, right, gutter = (
                "[",
                "]",
                styles["floor"] + Style(color=styles["cursor"].bgcolor, bold=True),
            )
        elif label == self.marked:
            left, right, gutter = (
                "*",
                "*",
                styles["floor"] + Style(color=styles["marked"].bgcolor, bold=True),
            )
        return [
            Segment(left, gutter),
            Segment(set_cell_size(text, CONTENT_W), body_style),
            Segment(right, gutter),
        ]

    def _seat_style(self, view: SeatView, styles: dict[str, Style]) -> Style:
        if view.out_of_service:
            return styles["out"]
        if view.occupied:
            return self.group_style(view.group_order)
        return styles["empty"]

    def _legend_line(self, index: int, width: int) -> Strip:
        styles = self._resolve_styles()
        floor, muted = styles["floor"], styles["legend"]
        segments: list[Segment] = [Segment(" ", floor)]
        if index == 0:
            segments.append(Segment("图例  ", muted))
            for text, style in (("A01 空位", styles["empty"]), ("A01 停用", styles["out"])):
                segments += [Segment(f" {text} ", style), Segment("  ", floor)]
            for left, right, name, meaning in (
                ("[", "]", "cursor", "光标"),
                ("*", "*", "marked", "待移动"),
            ):
                edge = floor + Style(color=styles[name].bgcolor, bold=True)
                segments += [
                    Segment(left, edge),
                    Segment("A01", styles[name]),
                    Segment(right, edge),
                    Segment(f" {meaning}  ", muted),
                ]
            if self.plan is not None and self.plan.off_rota:
                segments.append(Segment("! 不在本班排班", muted))
        elif index == 1 and self.plan is not None:
            segments.append(Segment("组别（字和颜色）  ", muted))
            for group, order, _count in self.plan.group_counts:
                mark = self.group_marks.get(order, "")
                segments += [
                    Segment(f" {mark} {group or '管理'} ", self.group_style(order)),
                    Segment(" ", floor),
                ]
        strip = Strip(segments)
        return strip.crop_extend(0, max(width, strip.cell_length), floor)
