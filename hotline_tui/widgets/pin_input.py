"""A PIN field: digits shown as dots, a little longer than a PIN may be."""

from __future__ import annotations

from textual.widgets import Input

from hotline_tui.model.pin_rules import MAX_DIGITS


class PinInput(Input):
    def __init__(self, input_id: str, placeholder: str) -> None:
        # One more than a PIN may have, so that a long paste is refused with a sentence.
        super().__init__(
            placeholder=placeholder, password=True, max_length=MAX_DIGITS + 1, id=input_id
        )
