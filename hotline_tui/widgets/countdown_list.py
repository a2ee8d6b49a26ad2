"""Every open clock, nearest deadline first, drawn by one line-API widget.

A tick only repaints the visible lines; the time left is computed per line as
``deadline - now`` at paint time, so 200 clocks cost one widget's refresh.
"""

from __future__ import annotations

from typing import Any

import pendulum
from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from hotline_tui.model.countdown import (
    BAND_MARKS,
    KIND_NAMES,
    OpenClock,
    band,
    deadline_text,
    format_remaining,
)
from hotline_tui.model.text import visible
from hotline_tui.workdays import Calendar

# (title, width) of each column but the last, 事项, which takes the rest.
COLUMNS = (("", 6), ("时限类别", 10), ("剩余", 20), ("截止", 13), ("状态", 8), ("经手", 10))
# Where those would leave 事项 less than half the width (80 or 100 columns): the time
# left in short (2日15时), the deadline left out (the time left says it), the rest tight.
NARROW = (("", 6), ("时限类别", 9), ("剩余", 9), ("截止", 0), ("状态", 7), ("经手", 9))


def columns_for(width: int) -> tuple[tuple[str, int], ...]:
    """The columns at ``width``: the item's text keeps at least half of it."""
    return COLUMNS if width - sum(w for _, w in COLUMNS) >= width // 2 else NARROW


class CountdownList(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "countdown-list--header",
        "countdown-list--normal",
        "countdown-list--warning",
        "countdown-list--danger",
        "countdown-list--overdue",
        "countdown-list--cursor",
        "countdown-list--empty",
    }
    DEFAULT_CSS = """
    CountdownList {
        background: $surface;
        & > .countdown-list--header { color: $text-muted; text-style: bold; }
        & > .countdown-list--normal { color: $text; }
        & > .countdown-list--warning { color: $text-warning; text-style: bold; }
        & > .countdown-list--danger { background: $warning-muted; color: $text-warning; text-style: bold; }
        & > .countdown-list--overdue { background: $error; color: $text; text-style: bold; }
        & > .countdown-list--cursor { text-style: reverse; }
        & > .countdown-list--empty { color: $text-muted; }
    }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "上", show=False, id="countdown.up"),
        Binding("down", "move(1)", "下", show=False, id="countdown.down"),
    ]

    class Moved(Message):
        """The cursor went to another clock."""

    def __init__(self, *, cursor: bool = True, empty_text: str = "", **kwargs: Any) -> None:
        # Before the widget starts: a style change may already ask to forget them.
        self._styles: dict[str, Style] = {}
        super().__init__(**kwargs)
        self.clocks: list[OpenClock] = []
        self.now: pendulum.DateTime | None = None
        self.calendar: Calendar | None = None
        self.show_cursor = cursor
        self.cursor = 0
        self.empty_text = empty_text or "没有正在计时的事项。"

    def show(
        self, clocks: list[OpenClock], now: pendulum.DateTime, calendar: Calendar | None
    ) -> None:
        keep = self.selected.key if self.selected else None
        self.clocks, self.now, self.calendar = clocks, now, calendar
        keys = [c.key for c in clocks]
        self.cursor = (
            keys.index(keep) if keep in keys else min(self.cursor, max(0, len(clocks) - 1))
        )
        self.virtual_size = Size(self.size.width, len(clocks) + 1)
        self.refresh()

    def tick(self, now: pendulum.DateTime) -> None:
        """A new second: repaint the time left of each visible clock, nothing else, and a
        whole row only where its band (colour and word) changed: over SSH a second
        costs a few digits a clock, not the screen."""
        before, self.now = self.now, now
        if before is None or not self.clocks:
            self.refresh()
            return
        columns = columns_for(self.size.width)
        left_x = sum(width for _, width in columns[:2])
        digits_width = columns[2][1]
        first = int(self.scroll_y)
        for y in range(1, self.size.height):
            index = first + y - 1
            if index >= len(self.clocks):
                break
            clock = self.clocks[index]
            was = band(clock, clock.remaining(before, self.calendar))
            if band(clock, clock.remaining(now, self.calendar)) != was:
                self.refresh(Region(0, y, self.size.width, 1))
            else:
                self.refresh(Region(left_x, y, digits_width, 1))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    @property
    def selected(self) -> OpenClock | None:
        return self.clocks[self.cursor] if self.clocks and self.cursor < len(self.clocks) else None

    def action_move(self, step: int) -> None:
        if not self.clocks:
            return
        self.cursor = max(0, min(len(self.clocks) - 1, self.cursor + step))
        self.scroll_to_region_if_needed()
        self.refresh()
        self.post_message(self.Moved())

    def scroll_to_region_if_needed(self) -> None:
        line = self.cursor + 1
        if line < self.scroll_y + 1:
            self.scroll_to(y=line - 1, animate=False)
        elif line >= self.scroll_y + self.size.height:
            self.scroll_to(y=line - self.size.height + 1, animate=False)

    def _style(self, name: str) -> Style:
        # Looked up once per theme or CSS change, not once per line per second.
        if name not in self._styles:
            self._styles[name] = self.get_component_rich_style(f"countdown-list--{name}")
        return self._styles[name]

    def _cells(
        self, texts: list[str], style: Style, width: int, columns: tuple[tuple[str, int], ...]
    ) -> Strip:
        segments = []
        used = 0
        for (_, col_width), text in zip(columns, texts, strict=False):
            if col_width:
                segments.append(Segment(set_cell_size(text, col_width), style))
                used += col_width
        rest = max(0, width - used)
        if len(texts) > len(columns):
            segments.append(Segment(set_cell_size(texts[-1], rest), style))
        return Strip(segments, width)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        columns = columns_for(width)
        if y == 0:
            titles = [t for t, _ in columns] + ["事项"]
            return self._cells(titles, self._style("header"), width, columns)
        index = y + int(self.scroll_y) - 1
        if not self.clocks:
            text = self.empty_text if y == 1 else ""
            return Strip([Segment(set_cell_size(text, width), self._style("empty"))], width)
        if index >= len(self.clocks) or self.now is None:
            return Strip.blank(width, self.rich_style)
        clock = self.clocks[index]
        left = clock.remaining(self.now, self.calendar)
        current = band(clock, left)
        style = self._style(current)
        if self.show_cursor and index == self.cursor and self.has_focus:
            style = style + self._style("cursor")
        remaining = format_remaining(clock, left, short=columns is NARROW)
        if clock.unknown_years:
            remaining += "?"
        texts = [
            f" {BAND_MARKS[current]}",
            KIND_NAMES[clock.kind],
            remaining,
            deadline_text(clock.deadline),
            clock.state,
            visible(clock.who),
            visible(clock.title),
        ]
        return self._cells(texts, style, width, columns)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.clocks) + 1)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
