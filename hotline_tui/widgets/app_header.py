"""One header line on every screen: what is shown, who is at the terminal, the time."""

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
    }

    context: reactive[str] = reactive("")
    actor: reactive[str] = reactive("")
    time: reactive[str] = reactive("")

    BRAND = " 西城热线值班台 "

    def render(self) -> Text:
        left = Text()
        left.append(self.BRAND, self.get_component_rich_style("app-header--brand"))
        left.append("  ")
        left.append(self.context, self.get_component_rich_style("app-header--context"))
        right = Text()
        if self.actor:
            right.append(self.actor, self.get_component_rich_style("app-header--actor"))
            right.append("  ")
        right.append(self.time, self.get_component_rich_style("app-header--time"))
        right.append(" ")
        gap = self.size.width - cell_len(left.plain) - cell_len(right.plain)
        if gap < 1:
            left.truncate(max(0, self.size.width - cell_len(right.plain) - 1))
            gap = 1
        return Text.assemble(left, " " * gap, right, no_wrap=True, overflow="crop")
