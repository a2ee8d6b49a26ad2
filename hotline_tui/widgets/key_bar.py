"""The key bar at the foot of every screen: the keys that fit on one line, then
"F1 帮助", or "F1 更多" when some keys did not fit — never a key cut in half; and
above them, for a few seconds, the latest notice on lines of its own (a toast drawn
over the screen cut the Chinese under it in half and covered half of 80x24).

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


NOTICE_LINES = 3  # at most; a longer notice ends in …
SEVERITIES = ("error", "warning", "information")  # the most urgent first


class Notice(NamedTuple):
    message: str  # plain text
    severity: str  # information, warning, error
    title: str = ""
    serial: int = 0  # which notice this is, whatever it says now
    clock: tuple[str, int] | None = None  # a clock's warning: the clock's key, kept live

    @property
    def text(self) -> str:
        """As drawn: the title before the message, one paragraph."""
        return " ".join((f"{self.title}：{self.message}" if self.title else self.message).split())


def notice_lines(notices: list[Notice], width: int) -> list[tuple[str, str]]:
    """(text, severity) lines for the notices shown now: errors first (a deadline
    passed, a refusal), then the answers to what the person did (information), then
    the clocks' warnings (also in the header and on the 时效 screen), the newest first
    within each; one notice may take three lines, several take one each."""
    if not notices:
        return []
    if len(notices) == 1:
        return [(line, notices[0].severity) for line in wrap(notices[0].text, width)]
    newest_first = list(reversed(notices))
    rank = {"error": 0, "information": 1}
    ordered = sorted(newest_first, key=lambda n: rank.get(n.severity, 2))  # stable
    shown = ordered if len(ordered) <= NOTICE_LINES else ordered[: NOTICE_LINES - 1]
    lines = [(wrap(n.text, width, 1)[0], n.severity) for n in shown]
    if len(ordered) > len(shown):
        rest = ordered[len(shown) :]
        worst = min(
            rest, key=lambda n: SEVERITIES.index(n.severity) if n.severity in SEVERITIES else 9
        )
        lines.append((f"另有 {len(rest)} 条提示", worst.severity))
    return lines


def wrap(text: str, width: int, max_lines: int = NOTICE_LINES) -> list[str]:
    """``text`` in lines of ``width`` cells (Chinese has no spaces to break at), the last
    ending in … when it does not all fit."""
    width = max(width, 2)
    lines: list[str] = []
    line = ""
    for char in text:
        if cell_len(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while cell_len(last + "…") > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last + "…"]
    return lines


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
    KeyBar > .key-bar--information { background: $primary-muted; color: $text; }
    KeyBar > .key-bar--warning { background: $warning-muted; color: $text; text-style: bold; }
    KeyBar > .key-bar--error { background: $error-muted; color: $text; text-style: bold; }
    """
    COMPONENT_CLASSES = {
        "key-bar--key", "key-bar--description", "key-bar--disabled",
        "key-bar--information", "key-bar--warning", "key-bar--error",
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self._items: list[KeyItem] = []
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of what is drawn
        self._notice: list[tuple[str, str]] = []  # the notices' lines as drawn: (text, severity)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)
        if hasattr(self.app, "notices"):  # the desk's app keeps the notices for every screen
            self.watch(self.app, "notices", self._show_notices)

    def _show_notices(self, notices: tuple[Notice, ...]) -> None:
        width = self.size.width or self.app.size.width
        lines = notice_lines(list(notices), width - 2)
        if lines != self._notice:
            self._notice = lines
            self.styles.height = len(lines) + 1
            self.refresh()

    def on_resize(self) -> None:
        if hasattr(self.app, "notices"):
            self._show_notices(self.app.notices)

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
        if y < len(self._notice):
            text, severity = self._notice[y]
            style = base + self.get_component_rich_style(f"key-bar--{severity}")
            return Strip([Segment(f" {text} ", style)]).adjust_cell_length(width, style)
        if y != len(self._notice):
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
        if event.y != len(self._notice):
            return  # a click on the notice
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
