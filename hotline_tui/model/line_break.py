"""Lines broken as Chinese text is set (禁则): a closing mark never starts a line, an
opening mark never ends one, and a Latin word or a number is never split where a
shorter line would do. Used by every dialog and panel instead of the terminal's own
fold, which cuts at the last cell that fits ("不能修改／，只能补充说明。")."""

from __future__ import annotations

import re
import unicodedata

# Marks that belong to the character before them, and ones that belong to the one after.
NO_LINE_START = frozenset("，。、；：？！）」』》〉】〕｝’”…·%％,.;:?!)]}")
NO_LINE_END = frozenset("（「『《〈【〔｛‘“([{")

# A Latin word, a number, a time or a path stays whole; every other character stands alone.
_TOKENS = re.compile(r"[A-Za-z0-9_./:%@+#\-]+|\s+|.", re.DOTALL)


def break_lines(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` cells (its own line ends kept)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_break(paragraph, width))
    return lines


def _break(text: str, width: int) -> list[str]:
    if width <= 0 or cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        if cell_len(line + token) <= width:
            line += token
            continue
        if token.isspace():  # a break at a space: the space goes
            lines.append(line.rstrip())
            line = ""
            continue
        carry = ""
        # The character before a closing mark comes down with it; an opening mark at
        # the end of the line goes down to what it opens.
        while line and (token[0] in NO_LINE_START or line[-1] in NO_LINE_END):
            if len(line) == 1:
                break
            carry, line = line[-1] + carry, line[:-1]
            if line[-1] not in NO_LINE_END and carry[0] not in NO_LINE_START:
                break
        if line.strip():
            lines.append(line.rstrip())
            line = carry + token
        else:
            line = line + carry + token
        while cell_len(line) > width:  # longer than a line by itself: folded
            cut = _fits(line, width)
            lines.append(line[:cut])
            line = line[cut:]
    lines.append(line)
    return lines


def cell_len(text: str) -> int:
    """Terminal cells: two for a wide (CJK) character, none for a combining one."""
    return sum(_cells(char) for char in text)


def _cells(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _fits(text: str, width: int) -> int:
    """How many characters of ``text`` fit in ``width`` cells (at least one)."""
    used = 0
    for index, char in enumerate(text):
        used += _cells(char)
        if used > width:
            return max(index, 1)
    return len(text)
