"""A PIN field: digits shown as dots, a little longer than a PIN may be."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input

from hotline_tui.model.pin_rules import MAX_DIGITS


class PinInput(Input):
    def __init__(self, input_id: str, placeholder: str) -> None:
        # One more than a PIN may have, so that a long paste is refused with a sentence.
        super().__init__(
            placeholder=placeholder, password=True, max_length=MAX_DIGITS + 1, id=input_id
        )

    def take_typed(self, then: Callable[[str], object]) -> None:
        """Take the PIN typed before now, clearing the field, and hand it to ``then``.

        Enter is a priority binding: it arrives before the field has taken the digits
        typed just before it, and digits typed after it (the next try, typed while this
        one is checked) must not join it. Taken behind the first in the field's queue,
        ahead of the second, which then stay in the field after a refusal."""

        def take() -> None:
            pin, self.value = self.value, ""
            then(pin)

        self.call_later(take)
