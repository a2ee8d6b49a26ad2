"""The app's stylesheet, each source parsed once per process.

Textual parses the whole stylesheet again, in a fresh stylesheet with no memory of the
last parse, whenever a mode's first screen appears or a widget brings CSS of its own:
on the way to the floor that was several parses of the same rules at a tenth of a
second each, then more at each area's first F-key. A source already parsed with the
same variables gives the same rules (Textual's own cache relies on that within one
stylesheet): this stylesheet keeps the parsed rules per set of variables for the whole
process, so an app built after another (the web server's sessions, every test) parses
nothing already parsed; new variables (another theme) use their own cache.
"""

from __future__ import annotations

from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

# Large enough for every source of the desk (each widget's and screen's CSS is one).
_SOURCES = 1024
_parsed: dict[frozenset[tuple[str, str]], LRUCache[tuple[object, ...], list[RuleSet]]] = {}


def _cache_for(variables: dict[str, str]) -> LRUCache[tuple[object, ...], list[RuleSet]]:
    key = frozenset(variables.items())
    if key not in _parsed:
        _parsed[key] = LRUCache(_SOURCES)
    return _parsed[key]


class SteadyStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._known_variables: dict[str, str] = dict(variables or {})
        self._parse_cache = _cache_for(self._known_variables)

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._known_variables:
            return  # setting the same again would throw the parsed rules away
        self._known_variables = dict(variables)
        # Textual clears the cache it holds: a throwaway, not the one other apps share.
        self._parse_cache = LRUCache(1)
        super().set_variables(variables)
        self._parse_cache = _cache_for(self._known_variables)

    def reparse(self) -> None:
        self.parse()  # each source from the cache, unless new since

    def state(self, variables: dict[str, str], classes: frozenset[str]) -> tuple[object, ...]:
        """What the styles of the widgets already shown follow from: the sources that may
        reach any widget (the app's stylesheet), their variables and the app's classes
        (its theme). A widget class's own CSS is scoped to that class, and is added when
        its first widget is made: it reaches only widgets new since, styled as they mount."""
        unscoped = tuple((where, source.content) for where, source in self.source.items()
                         if not source.scope)  # fmt: skip
        return (unscoped, frozenset(variables.items()), classes)
