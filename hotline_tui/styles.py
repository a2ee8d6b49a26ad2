"""The app's stylesheet, each source parsed once.

Textual parses the whole stylesheet again, in a fresh stylesheet with no memory of the
last parse, whenever a mode's first screen appears or a widget brings CSS of its own:
on the way to the floor that was several parses of the same rules at a tenth of a
second each, then more at each area's first F-key (and in every test that builds the
app). A source already parsed with the same variables gives the same rules: this
stylesheet parses again only what is new, from the cache it keeps per source; new
variables (another theme) throw the cache away and parse all, as before.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class SteadyStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._known_variables: dict[str, str] = dict(variables or {})

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._known_variables:
            return  # setting the same again would throw the parsed rules away
        self._known_variables = dict(variables)
        super().set_variables(variables)

    def reparse(self) -> None:
        self.parse()  # each source from the cache, unless new since
