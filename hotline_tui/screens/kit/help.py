"""F1 (or ?): every key of the screen in front, with what it does, and the keys that
work everywhere — what the key bar could not fit, and what it never shows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from hotline_tui.screens.kit.dialogs import InfoDialog

KEY_WIDTH = 12


def help_text(app: App[Any], bindings: Iterable[tuple[DOMNode, Binding, bool]]) -> Text:
    """Two lists: this screen's keys, then the app's (the areas, the palette, quit)."""
    here: list[tuple[str, str, bool]] = []
    everywhere: list[tuple[str, str, bool]] = []
    seen: set[str] = set()
    for node, binding, enabled in bindings:
        # Textual's own keys (Scroll Home…) are described in English: not ours to explain.
        if not binding.description or binding.description.isascii() or binding.action in seen:
            continue
        seen.add(binding.action)
        row = (app.get_key_display(binding), binding.description, enabled)
        (everywhere if node is app else here).append(row)
    text = Text()
    for title, rows in (("本屏按键", here), ("任何时候", everywhere)):
        if not rows:
            continue
        if text:
            text.append("\n")
        text.append(title + "\n", style="bold")
        for key, description, enabled in rows:
            pad = " " * max(1, KEY_WIDTH - cell_len(key))
            text.append(f"  {key}{pad}", style="bold")
            text.append(description + ("" if enabled else "（现在不可用）") + "\n")
    return text


class KeysHelp(InfoDialog):
    BINDINGS = [
        Binding("escape,enter,f1,question_mark", "dismiss(None)", "关闭", key_display="Esc",
                id="help.close"),
    ]  # fmt: skip
