"""The command palette in Chinese: the desk's own commands only (every key of the
current screen by its name, and a few more), found by part of the name or by its
pinyin initials, as the staff pickers find people (jjb finds 交接班)."""

from __future__ import annotations

from functools import cache

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from hotline_tui.model.staff_row import pinyin_keys

PLACEHOLDER = "输入命令名称或拼音首字母（如 jjb 找“交接班”）"


@cache
def _keys(title: str) -> tuple[str, str]:
    return pinyin_keys(title)


def score(title: str, query: str) -> float:
    """How well ``query`` names the command ``title``: 0 when it does not."""
    q = query.strip().lower()
    if not q:
        return 0.0
    if q in title.lower():
        return 1.0 if title.lower().startswith(q) else 0.9
    if not q.isascii():
        return 0.0
    initials, full = _keys(title)
    if initials.startswith(q) or full.startswith(q):
        return 0.8
    if q in initials:
        return 0.6
    return 0.0


class DeskCommands(Provider):
    """Textual's own commands (theme, screenshot, keys…) speak English and are left out."""

    async def discover(self) -> Hits:
        for command in self.app.get_system_commands(self.screen):
            yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        for command in self.app.get_system_commands(self.screen):
            found = score(command.title, query)
            if found > 0:
                yield Hit(
                    found, Content(command.title), command.callback, command.title, command.help
                )


def desk_palette() -> CommandPalette:
    return CommandPalette(id="--command-palette", placeholder=PLACEHOLDER)
