"""The monthly sheet (考勤表) drawn by one line-API widget: 100+ people by 31 days.

A DataTable of that size took a quarter of a second to fill; this draws only
the visible lines, from plain lists.
"""

from __future__ import annotations

from datetime import date

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from hotline_tui.domain.attendance.sheet import SheetRow
from hotline_tui.model.arrival import ARRIVED_CODES, UNMARKED_CODE
from hotline_tui.model.shifts import WEEKDAYS
from hotline_tui.model.text import visible

TRIAL = "·试"  # on probation (试用) some day of the month; the legend says so
NAME_W = 16  # 工号 and name, "·试" after it while on probation
DAY_W = 3
TOTAL_W = 10
OVERTIME_W = 8
HEADER_LINES = 2


class SheetGrid(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "sheet-grid--header",
        "sheet-grid--weekend",
        "sheet-grid--absent",
        "sheet-grid--unmarked",
        "sheet-grid--cursor",
    }
    DEFAULT_CSS = """
    SheetGrid {
        background: $surface;
        & > .sheet-grid--header { color: $text-muted; text-style: bold; }
        & > .sheet-grid--weekend { background: $boost; }
        & > .sheet-grid--absent { color: $text-error; text-style: bold; }
        & > .sheet-grid--unmarked { color: $text-muted; }
        & > .sheet-grid--cursor { background: $accent 40%; }
    }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "上", show=False, id="sheet_grid.up"),
        Binding("down", "move(1)", "下", show=False, id="sheet_grid.down"),
        Binding("pageup", "move(-20)", "上一页", show=False, id="sheet_grid.pageup"),
        Binding("pagedown", "move(20)", "下一页", show=False, id="sheet_grid.pagedown"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.days: list[date] = []
        self.rows: list[SheetRow] = []
        self.cursor = 0
        self._styles: dict[str, Style] = {}

    def show(self, days: list[date], rows: list[SheetRow]) -> None:
        self.days, self.rows = days, rows
        self.cursor = min(self.cursor, max(0, len(rows) - 1))
        self.virtual_size = Size(
            NAME_W + DAY_W * len(days) + TOTAL_W + OVERTIME_W, len(rows) + HEADER_LINES
        )
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}

    def _style(self, name: str) -> Style:
        if name not in self._styles:
            self._styles[name] = self.get_component_rich_style(f"sheet-grid--{name}")
        return self._styles[name]

    def action_move(self, step: int) -> None:
        if not self.rows:
            return
        self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))
        line = self.cursor + HEADER_LINES
        if line < self.scroll_y + HEADER_LINES:
            self.scroll_to(y=self.cursor, animate=False)
        elif line >= self.scroll_y + self.size.height:
            self.scroll_to(y=line - self.size.height + 1, animate=False)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x = int(self.scroll_x)
        if y < HEADER_LINES:
            segments = [
                Segment(
                    set_cell_size("工号  姓名" if y == 0 else "", NAME_W), self._style("header")
                )
            ]
            for d in self.days:
                text = f"{d.day:>2}" if y == 0 else f" {WEEKDAYS[d.weekday()][-1]}"
                style = self._style("header") + (
                    self._style("weekend") if d.weekday() >= 5 else Style()
                )
                segments.append(Segment(set_cell_size(text, DAY_W), style))
            segments.append(
                Segment(
                    set_cell_size(" 到岗/排班" if y == 0 else "", TOTAL_W), self._style("header")
                )
            )
            segments.append(
                Segment(
                    set_cell_size(" 加班时" if y == 0 else "", OVERTIME_W), self._style("header")
                )
            )
            return Strip(segments).crop(scroll_x, scroll_x + width).extend_cell_length(width)
        index = y - HEADER_LINES + int(self.scroll_y)
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        base = self._style("cursor") if index == self.cursor and self.has_focus else Style()
        segments = [
            Segment(
                set_cell_size(
                    f"{row.staff_no}  {visible(row.name)}{TRIAL if row.probation else ''}", NAME_W
                ),
                base,
            )
        ]
        for d, code in zip(self.days, row.codes, strict=True):
            style = base
            if d.weekday() >= 5:
                style = self._style("weekend") + style
            if code == UNMARKED_CODE:
                style = self._style("unmarked") + style
            elif code and code not in ARRIVED_CODES:
                style = self._style("absent") + style
            segments.append(Segment(set_cell_size(f" {code}" if code else "", DAY_W), style))
        segments.append(Segment(set_cell_size(f" {row.arrived}/{row.scheduled}", TOTAL_W), base))
        extra = f" {row.overtime:g}" if row.overtime else ""
        segments.append(Segment(set_cell_size(extra, OVERTIME_W), base))
        return Strip(segments).crop(scroll_x, scroll_x + width).extend_cell_length(width)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
