"""The message that opens a handover, posted by the handover screens (the chooser,
the form, the record) and handled by the App, which builds the screen: so that the form
and the record lead to each other without importing each other. Light: the App imports
it before the first frame."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from hotline_tui.domain.handover.queries import HandoverView


class ShowHandover(Message):
    """Open a handover: as the form (its author's draft) or as the record.

    Posted up to the App, which builds the screen, so that the form and the
    record can lead to each other without importing each other.
    """

    def __init__(
        self,
        handover_id: int,
        *,
        form: bool,
        replace: bool = False,
        view: HandoverView | None = None,
    ) -> None:
        super().__init__()
        self.handover_id = handover_id
        self.form = form
        self.replace = replace  # instead of the screen that posted it
        self.view = view  # as just read, so the screen paints with it at once
