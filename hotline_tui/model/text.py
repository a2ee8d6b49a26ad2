"""User text as it may be shown: control characters made visible, never sent to the terminal."""

from __future__ import annotations

import re
from datetime import date, datetime

import pendulum

from hotline_tui.clock import BEIJING
from hotline_tui.errors import DomainError

# C0 controls except tab and newline, DEL and the C1 range: an ESC stored in a
# note must show as text, not start an escape sequence on the floor terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with every control character written out, e.g. ``\\x1b``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def has_control(text: str) -> bool:
    """Whether ``text`` holds a control character (an ESC, a bell…) other than tab and newline."""
    return _CONTROL.search(text) is not None


def one_line(text: str) -> str:
    """Runs of whitespace, newlines included, as one space."""
    return " ".join(text.split())


def required_line(text: str, limit: int, missing: str, what: str) -> str:
    """A required one-line field (a reason, a name): ``text`` as one line; refused with
    ``missing`` when empty and, over ``limit`` characters, in the words of ``what``."""
    line = one_line(text)
    if not line:
        raise DomainError(missing)
    if len(line) > limit:
        raise DomainError(f"{what}不超过 {limit} 字（现有 {len(line)} 字）。")
    return line


def like_pattern(word: str) -> str:
    """A LIKE pattern finding ``word`` anywhere, with % and _ taken literally (escape \\)."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def moment(dt: datetime | None, day: date | None = None) -> str:
    """A stored time as the floor reads it: 11-30 09:01 Beijing time; 09:01 alone when it
    falls on ``day`` (a board's own day)."""
    if dt is None:
        return ""
    local = pendulum.instance(dt).in_timezone(BEIJING)
    return local.format("HH:mm" if local.date() == day else "MM-DD HH:mm")


# A cell starting with one of these is a formula to a spreadsheet (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def parse_when(text: str, now: pendulum.DateTime, what: str, blank: str) -> pendulum.DateTime:
    """A moment typed as HH:MM (today) or YYYY-MM-DD HH:MM, Beijing time; ``blank`` says
    in the refusal what an empty field means (，留空表示现在)."""
    try:
        if len(text) <= 5:
            hours, minutes = (int(x) for x in text.split(":"))
            return now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
        return pendulum.from_format(text, "YYYY-MM-DD HH:mm", tz=BEIJING)
    except (ValueError, TypeError):
        raise DomainError(
            f"{what}“{text}”无法识别：请写成 HH:MM（今天）或 YYYY-MM-DD HH:MM{blank}。"
        ) from None
