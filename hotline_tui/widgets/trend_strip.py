"""Twelve months of each indicator as a strip of coloured cells, drawn with the line API.

A cell's colour says met, missed or no data and its text the rate, so the
chart needs no block or line glyphs (ambiguous-width in CJK terminals).
"""

from __future__ import annotations

from datetime import date

from rich.cells import set_cell_size
from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from hotline_tui.domain.indicators.report import Line, digits, judged, met_text
from hotline_tui.model.indicators import INDICATORS, Value
from hotline_tui.model.percent import percent_figure

NAME_W = 22
CELL_W = 7


class TrendStrip(Widget):
    COMPONENT_CLASSES = {
        "trend-strip--header",
        "trend-strip--met",
        "trend-strip--missed",
        "trend-strip--none",
    }
    DEFAULT_CSS = """
    TrendStrip {
        height: auto;
        background: $surface;
        & > .trend-strip--header { color: $text-muted; text-style: bold; }
        & > .trend-strip--met { background: $success-muted; color: $text; }
        & > .trend-strip--missed { background: $error; color: $text; text-style: bold; }
        & > .trend-strip--none { background: $panel; color: $text-muted; }
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.months: list[tuple[date, list[Line]]] = []

    def show(self, months: list[tuple[date, list[Line]]]) -> None:
        self.months = months
        self.styles.height = len(INDICATORS) + 1
        self.refresh()

    def _shown(self) -> list[tuple[date, list[Line]]]:
        """The latest months that fit the width: a narrow terminal sees the recent ones."""
        fit = max(1, (self.size.width - NAME_W) // CELL_W)
        return self.months[-fit:]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        header = self.get_component_rich_style("trend-strip--header")
        if y == 0:
            segments = [Segment(set_cell_size("近 12 个月（按月）", NAME_W), header)]
            segments += [
                Segment(set_cell_size(f" {m:%y-%m}", CELL_W), header) for m, _ in self._shown()
            ]
            return Strip(segments).crop(0, width).extend_cell_length(width)
        index = y - 1
        if index >= len(INDICATORS) or not self.months:
            return Strip.blank(width, self.rich_style)
        segments = [
            Segment(set_cell_size(f"{INDICATORS[index].no} {INDICATORS[index].name}", NAME_W))
        ]
        indicator = INDICATORS[index]
        for _, lines in self._shown():
            line = lines[index]  # the indicators come first in a report, in their order
            value = line.month if indicator.period == "month" else judged(line)
            result = met_text(line, value)
            style = {"达标": "met", "未达标": "missed"}.get(result, "none")
            figure = strip_figure(line, value)
            text = "  --" if value.rate is None else f" {figure:>5}"
            segments.append(
                Segment(
                    set_cell_size(text, CELL_W - 1),
                    self.get_component_rich_style(f"trend-strip--{style}"),
                )
            )
            segments.append(Segment(" "))
        return Strip(segments).crop(0, width).extend_cell_length(width)


def strip_figure(line: Line, value: Value) -> str:
    """A month's cell: the table's figure without its %."""
    if value.rate is None:
        return "--"
    return percent_figure(value.numerator, value.denominator, *digits(line))
