"""PINs at the shell: asked on the terminal without echo, or read from standard input.

``--as STAFF_NO`` proves who is acting before anything is shown or changed. A
script pipes the PIN (one per line) when standard input is not a terminal.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from typing import TextIO

from hotline_tui.db.store import Store
from hotline_tui.domain.people.pins import LOCK_AFTER, change_pin, verify
from hotline_tui.errors import DomainError
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.text import visible

# A line longer than this is not a PIN; reading stops there, whatever was piped in.
MAX_LINE = 64


def ask(
    prompt: str, stdin: TextIO | None = None, ask_tty: Callable[[str], str] | None = None
) -> str:
    """One PIN: from the terminal without echo, or one line of standard input."""
    stdin = stdin or sys.stdin
    if stdin.isatty():
        try:
            return (ask_tty or getpass.getpass)(prompt)
        except EOFError:
            raise DomainError("没有输入 PIN。") from None
    line = stdin.readline(MAX_LINE + 1)
    if not line:
        raise DomainError(f"{prompt.rstrip('：: ')}：标准输入中没有读到 PIN（每行一个）。")
    return line.rstrip("\r\n")


def ask_twice(prompt: str, stdin: TextIO | None = None) -> tuple[str, str]:
    return ask(prompt, stdin), ask("再输入一次确认：", stdin)


def signed_in(
    store: Store, staff_no: str, stdin: TextIO | None = None, lock_after: int = LOCK_AFTER
) -> StaffRow:
    """The person of ``--as``, once their PIN is right; a temporary PIN is changed first.

    The PIN is asked whoever the 工号 is: an unknown one is told, as late and in the
    same words, what a wrong PIN is told (domain/people/pins.verify)."""
    pin = ask(f"工号 {visible(staff_no)} 的 PIN：", stdin)  # an argument: no escape reaches the tty
    result = verify(store, staff_no, pin, lock_after)
    if result.must_change:
        print("这是临时 PIN，请先设置您自己的 PIN（6 到 12 位数字）。", file=sys.stderr)
        new, again = ask_twice("新的 PIN：", stdin)
        change_pin(store, staff_no, pin, new, again, lock_after)
        print("PIN 已修改。", file=sys.stderr)
    return result.person
