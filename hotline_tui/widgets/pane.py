"""A scrolling column that Tab passes over: focus goes from field to field."""

from __future__ import annotations

from textual.containers import VerticalScroll


class Pane(VerticalScroll, can_focus=False):
    pass
