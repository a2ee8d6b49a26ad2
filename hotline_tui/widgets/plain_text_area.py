"""A TextArea that never holds raw control characters.

A paste, or text stored by another program, may carry an ESC: drawn as it is,
it would reach the floor terminal and be obeyed. Here it arrives written out
(``\\x1b``), as the chief can see and correct it.
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from hotline_tui.model.text import visible


class PlainTextArea(TextArea):
    def load_text(self, text: str) -> None:
        super().load_text(visible(text))

    async def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # TextArea's own handler would insert the raw text
        if self.read_only:
            return
        result = self.replace(visible(event.text), *self.selection)
        self.move_cursor(result.end_location)
        self.focus()
