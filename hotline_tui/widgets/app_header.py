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
        # When the line is tight, the brand goes first, then the words around the
        # warnings and the person shrink, then the context keeps only the screen's name;
        # who is signed in stays to the end (80 columns keep it).
        width = self.size.width
        for level in range(len(self.LEVELS)):
            left, right = self._left(level), self._right(level)
            if cell_len(left.plain) + cell_len(right.plain) < width:
                break
        gap = width - cell_len(left.plain) - cell_len(right.plain)
        if gap < 1:
            left.truncate(max(0, width - cell_len(right.plain) - 1))
            gap = 1
        return Text.assemble(left, " " * gap, right, no_wrap=True, overflow="crop")

    # (brand, short words, context's first word only, person) at each level of squeeze
    LEVELS = (
        (True, False, False, True),
        (False, False, False, True),
        (False, True, False, True),
        (False, True, True, True),
        (False, True, True, False),
    )

    def _left(self, level: int) -> Text:
        with_brand, _short, first_word, _actor = self.LEVELS[level]
        left = Text()
        if with_brand:
            left.append(self.BRAND, self.get_component_rich_style("app-header--brand"))
        left.append("  " if with_brand else " ")
        context = self.context.split("  ")[0] if first_word else self.context
        left.append(context, self.get_component_rich_style("app-header--context"))
        return left

    def _right(self, level: int) -> Text:
        _brand, short, _first, with_actor = self.LEVELS[level]
        right = Text()
        if self.alert:
            alert = (
                self.alert.replace("交接班", "", 1).replace("：", " ", 1) if short else self.alert
            )
            right.append(f" {alert} ", self.get_component_rich_style("app-header--alert"))
            right.append(" " if short else "  ")
        if self.clocks:
            style = self.get_component_rich_style(f"app-header--clock-{self.clocks_band}")
            clocks = (
                self.clocks.replace("紧急问题 ", "紧急").replace(" 件 最近 ", "件 ")
                if short
                else self.clocks
            )
            right.append(f" {clocks} ", style)
            right.append(" " if short else "  ")
        if self.actor and with_actor:
            # 值班长 钟嘉（1004） → 钟嘉 when squeezed: the name is who is at the terminal.
            actor = self.actor.split(" ", 1)[-1].split("（")[0] if short else self.actor
            right.append(actor, self.get_component_rich_style("app-header--actor"))
            right.append(" " if short else "  ")
        right.append(self.time, self.get_component_rich_style("app-header--time"))
        right.append(" ")
        return right
