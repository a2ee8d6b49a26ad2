"""Below the smallest workable terminal the desk says which size it needs, instead of
drawing a floor with half its seats and notices without their Chinese."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 80, 24


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


def message(width: int, height: int) -> str:
    return (
        f"终端太小：现在 {width}×{height}，值班台至少需要 {MIN_WIDTH}×{MIN_HEIGHT}。\n"
        "请放大窗口或调小字号；Ctrl+Q 退出。"
    )


class TooSmallScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen Static { width: auto; text-align: center; }
    """

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(message(*self.app.size), id="too-small", markup=False)

    def on_resize(self) -> None:
        self.query_one("#too-small", Static).update(message(*self.app.size))
