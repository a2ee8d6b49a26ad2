"""One header line on every screen: what is shown, any warning, who is at the terminal, the time."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class Said(NamedTuple):
    """A header item in full and in the fewer words a narrow terminal has room for,
    both made where the facts are (the app), not cut down from the full text here."""

    full: str = ""
    short: str = ""


NOTHING = Said()


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
    actor: reactive[Said] = reactive(NOTHING)
    time: reactive[str] = reactive("")
    alert: reactive[Said] = reactive(NOTHING)  # a handover still unsigned after the shift change
    clocks: reactive[Said] = reactive(NOTHING)  # open urgent issues and the nearest deadline
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
        context = self.screen_name if first_word else self.context
        left.append(context, self.get_component_rich_style("app-header--context"))
        return left

    @property
    def screen_name(self) -> str:
        """The context's first part, the screen's own name (坐席图): the date and shift
        after it are separated by two spaces."""
        return self.context.split("  ")[0]

    def _right(self, level: int) -> Text:
        _brand, short, _first, with_actor = self.LEVELS[level]
        right = Text()
        gap = " " if short else "  "
        if self.alert.full:
            alert = self.alert.short if short else self.alert.full
            right.append(f" {alert} ", self.get_component_rich_style("app-header--alert"))
            right.append(gap)
        if self.clocks.full:
            style = self.get_component_rich_style(f"app-header--clock-{self.clocks_band}")
            right.append(f" {self.clocks.short if short else self.clocks.full} ", style)
            right.append(gap)
        if self.actor.full and with_actor:
            actor = self.actor.short if short else self.actor.full
            right.append(actor, self.get_component_rich_style("app-header--actor"))
            right.append(gap)
        right.append(self.time, self.get_component_rich_style("app-header--time"))
        right.append(" ")
        return right
