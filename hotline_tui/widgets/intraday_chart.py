"""A day's half-hours as a chart, drawn with the line API: calls as bars (answered below,
lost above), the rate of each half-hour against 95 %, the hour under it and the heads on
the rota.

The project's own widget rather than textual-plotext: plotext draws its frame, axes and
lines with box-drawing and braille glyphs, which CJK terminals may show two cells wide
(the trend strip avoids them for the same reason); here every mark is a coloured cell or
an ASCII character, and a cell's text also says what its colour says, for 16 colours.
"""

from __future__ import annotations

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from hotline_tui.domain.indicators.traffic import SLOTS, Intraday, TrafficRow

AXIS_W = 6  # the labels at the left ("  200 ", "95%  ")
# A half-hour is two cells wide at least (32 of them, 08:00–24:00, fit in 80 columns),
# four at most; the bars are 8 rows high, 16 on a tall terminal.
SLOT_W, WIDEST_SLOT = 2, 4
BAR_ROWS, TALL_BAR_ROWS, TALL = 8, 16, 40
# The rate band: each row a rate, from the top; a half-hour's mark sits on the row of the
# highest rate it reaches (its rate at or above that row's).
RATE_ROWS = (1.0, 0.975, 0.95, 0.925, 0.9)
TARGET = 0.95


class IntradayChart(Widget):
    COMPONENT_CLASSES = {
        "intraday-chart--answered",
        "intraday-chart--lost",
        "intraday-chart--met",
        "intraday-chart--missed",
        "intraday-chart--target",
        "intraday-chart--label",
    }
    DEFAULT_CSS = """
    IntradayChart {
        height: auto;
        & > .intraday-chart--answered { background: $success-muted; }
        & > .intraday-chart--lost { background: $error; }
        & > .intraday-chart--met { color: $success; text-style: bold; }
        & > .intraday-chart--missed { color: $error; text-style: bold; }
        & > .intraday-chart--target { color: $warning; }
        & > .intraday-chart--label { color: $text-muted; }
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.data: Intraday | None = None
        self.slots: list[str] = []
        self.bar_rows = BAR_ROWS

    def show(self, data: Intraday) -> None:
        self.data = data
        # The hours that have calls, from the first to the last (08:00 to midnight on
        # the floor); a whole day without half-hours has none.
        slots = [r.slot for r in data.rows]
        first = min(slots, default="08:00")
        self.slots = [s for s in SLOTS if first <= s] if slots else []
        self.bar_rows = TALL_BAR_ROWS if self.app.size.height >= TALL else BAR_ROWS
        self.styles.height = self.bar_rows + len(RATE_ROWS) + 2
        self.refresh()

    @property
    def slot_w(self) -> int:
        room = (self.size.width - AXIS_W) // max(1, len(self.slots))
        return max(SLOT_W, min(WIDEST_SLOT, room))

    def _by_slot(self) -> dict[str, TrafficRow]:
        return {r.slot: r for r in self.data.rows} if self.data else {}

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"intraday-chart--{name}")

    def _fit(self) -> list[str]:
        """The half-hours that fit the width, the latest kept."""
        room = max(1, (self.size.width - AXIS_W) // self.slot_w)
        return self.slots[:room] if len(self.slots) <= room else self.slots[-room:]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self.data is None or not self.slots:
            return Strip.blank(width, self.rich_style)
        shown = self._fit()
        rows = self._by_slot()
        label = self._style("label")
        if y < self.bar_rows:
            return self._bar_line(y, shown, rows, label).crop(0, width).extend_cell_length(width)
        y -= self.bar_rows
        if y < len(RATE_ROWS):
            return self._rate_line(y, shown, rows, label).crop(0, width).extend_cell_length(width)
        y -= len(RATE_ROWS)
        segments = [Segment(set_cell_size(("时刻", "在岗")[y] if y < 2 else "", AXIS_W), label)]
        for slot in shown:
            # Each hour at its first half-hour: the hour, and the heads on the rota then.
            text = ""
            if slot.endswith(":00"):
                text = slot[:2] if y == 0 else str(min(self.data.heads.get(slot, 0), 99))
            segments.append(Segment(set_cell_size(text, self.slot_w), label))
        return Strip(segments).crop(0, width).extend_cell_length(width)

    def _bar_line(
        self, y: int, shown: list[str], rows: dict[str, TrafficRow], label: Style
    ) -> Strip:
        peak = max((r.offered for r in rows.values()), default=0) or 1
        bars = self.bar_rows
        level = bars - y  # this line is filled by a bar reaching ``level`` rows
        text = str(peak) if y == 0 else ("来电" if y == bars - 1 else "")
        segments = [Segment(set_cell_size(text, AXIS_W), label)]
        for slot in shown:
            blank = " " * self.slot_w
            row = rows.get(slot)
            if row is None or not row.offered:
                segments.append(Segment(blank))
                continue
            offered = row.offered * bars / peak
            answered = row.answered * bars / peak
            # A bar a cell narrower than its slot: the half-hours stay apart.
            bar, gap = " " * (self.slot_w - 1), " "
            if answered >= level - 0.5:
                segments += [Segment(bar, self._style("answered")), Segment(gap)]
            elif offered >= level - 0.5:
                segments += [Segment(bar, self._style("lost")), Segment(gap)]
            else:
                segments.append(Segment(blank))
        return Strip(segments)

    def _rate_line(
        self, y: int, shown: list[str], rows: dict[str, TrafficRow], label: Style
    ) -> Strip:
        rate_here = RATE_ROWS[y]
        target = rate_here == TARGET
        text = f"{rate_here * 100:g}%"
        segments = [
            Segment(set_cell_size(text, AXIS_W), self._style("target") if target else label)
        ]
        for slot in shown:
            row = rows.get(slot)
            mark = ("-" if target else " ") * self.slot_w
            style = self._style("target") if target else Style()
            if row is not None and row.offered and _rate_row(row) == y:
                met = row.answered * 100 >= row.offered * 95
                mark = set_cell_size("*" if met else "!", self.slot_w)
                style = self._style("met" if met else "missed")
            segments.append(Segment(mark, style))
        return Strip(segments)


def _rate_row(row: TrafficRow) -> int:
    """The band row of a half-hour's rate: the first (highest) rate it reaches; below the
    lowest, the last row."""
    for index, rate in enumerate(RATE_ROWS):
        if row.answered * 1000 >= row.offered * round(rate * 1000):
            return index
    return len(RATE_ROWS) - 1
