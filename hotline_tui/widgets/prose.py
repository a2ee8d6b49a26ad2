"""A Static whose text breaks into lines by the Chinese rules (model/line_break)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from hotline_tui.model.line_break import break_lines


class Prose(Static):
    """Plain text (never markup) set as Chinese is set: no line starts with a closing
    mark, none ends with an opening one, a number or a Latin word stays whole."""

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.text = text

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        self.text = str(content)
        self.refresh(layout=layout)

    def render(self) -> Text:
        return Text("\n".join(break_lines(self.text, self.content_region.width)))

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return len(break_lines(self.text, width))
