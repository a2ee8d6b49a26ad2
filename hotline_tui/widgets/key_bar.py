"""The key bar at the foot of every screen: the keys that fit on one line, then
"F1 帮助", or "F1 更多" when some keys did not fit — never a key cut in half.

One widget drawing one line. Textual's Footer is a widget per key, restyled and
recomposed on every change of the bindings (a third of the floor screen's first
build went there, in benchmarks/startup_and_keys.py).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

HELP_KEY = "f1"


class KeyItem(NamedTuple):
    key: str  # what pressing it simulates
    display: str  # how the key is written: F2, Enter, d
    description: str
    enabled: bool


def fit(items: list[KeyItem], width: int) -> tuple[list[KeyItem], KeyItem]:
    """The items that fit in ``width`` cells in their order, and the help key after them:
    帮助 when all fit, 更多 when some were left for the help screen."""
    every = KeyItem(HELP_KEY, "F1", "帮助", True)
    more = KeyItem(HELP_KEY, "F1", "更多", True)
    if sum(item_width(i) for i in items) + item_width(every) <= width:
        return items, every
    room = width - item_width(more)
    shown: list[KeyItem] = []
    for item in items:
        if item_width(item) > room:
            break  # in order: the screen's own keys come first, the areas' F-keys last
        shown.append(item)
        room -= item_width(item)
    return shown, more


def item_width(item: KeyItem) -> int:
    return cell_len(f" {item.display} {item.description} ")


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .key-bar--disabled {
        color: $text-disabled;
    }
    """
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}

    def __init__(self) -> None:
        super().__init__()
        self._items: list[KeyItem] = []
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of what is drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        items = self.collect()
        if items != self._items:
            self._items = items
            self.refresh()

    def collect(self) -> list[KeyItem]:
        """The screen's keys shown in the bar, once per action, in the screen's order."""
        seen: set[str] = set()
        items = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            display = self.app.get_key_display(binding)
            items.append(KeyItem(binding.key, display, binding.description, enabled))
        return items

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0:
            return Strip.blank(width, base)
        key_style = base + self.get_component_rich_style("key-bar--key")
        text_style = base + self.get_component_rich_style("key-bar--description")
        dim = self.get_component_rich_style("key-bar--disabled")
        shown, help_item = fit(self._items, width)
        segments: list[Segment] = []
        spans = []
        x = 0
        for item in [*shown, help_item]:
            keys, words = f" {item.display} ", f"{item.description} "
            off = Style() if item.enabled else dim
            segments += [Segment(keys, key_style + off), Segment(words, text_style + off)]
            spans.append((x, x + item_width(item), item.key))
            x += item_width(item)
        self._spans = spans
        return Strip(segments).adjust_cell_length(width, base)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
