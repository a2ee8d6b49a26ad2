"""One header line on every screen: what is shown, any warning, who is at the terminal, the time."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class AppHeader(Widget):
    DEFAULT_CSS = """
    AppHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    COMPONENT_CLASSES = {
        "app-header--brand",
        "app-header--context",
        "app-header--actor",
        "app-header--time",
        "app-header--alert",
        "app-header--clock-normal",
        "app-header--clock-warning",
        "app-header--clock-danger",
        "app-header--clock-overdue",
    }

    context: reactive[str] = reactive("")
    actor: reactive[str] = reactive("")
    time: reactive[str] = reactive("")
    alert: reactive[str] = reactive("")  # e.g. a handover still unsigned after the shift change
    clocks: reactive[str] = reactive("")  # open urgent issues and the nearest deadline
    clocks_band: reactive[str] = reactive("normal")

    BRAND = " 西城热线值班台 "

    def render(self) -> Text:
        # When the line is tight, the actor's name goes first, then the brand:
        # what is shown and any warning matter more.
        for with_actor, with_brand in ((True, True), (False, True), (False, False)):
            left, right = self._left(with_brand=with_brand), self._right(with_actor=with_actor)
            if cell_len(left.plain) + cell_len(right.plain) < self.size.width:
                break
        gap = self.size.width - cell_len(left.plain) - cell_len(right.plain)
        if gap < 1:
            left.truncate(max(0, self.size.width - cell_len(right.plain) - 1))
            gap = 1
        return Text.assemble(left, " " * gap, right, no_wrap=True, overflow="crop")

    def _left(self, *, with_brand: bool) -> Text:
        left = Text()
        if with_brand:
            left.append(self.BRAND, self.get_component_rich_style("app-header--brand"))
        left.append("  " if with_brand else " ")
        left.append(self.context, self.get_component_rich_style("app-header--context"))
        return left

    def _right(self, *, with_actor: bool) -> Text:
        right = Text()
        if self.alert:
            right.append(f" {self.alert} ", self.get_component_rich_style("app-header--alert"))
            right.append("  ")
        if self.clocks:
            style = self.get_component_rich_style(f"app-header--clock-{self.clocks_band}")
            right.append(f" {self.clocks} ", style)
            right.append("  ")
        if self.actor and with_actor:
            right.append(self.actor, self.get_component_rich_style("app-header--actor"))
            right.append("  ")
        right.append(self.time, self.get_component_rich_style("app-header--time"))
        right.append(" ")
        return right
