"""What a PIN may be, checked as it is typed: no hashing and no database here, so the
PIN field on the first frame needs neither."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hotline_tui.errors import DomainError
from hotline_tui.model.staff_row import StaffRow

MIN_DIGITS, MAX_DIGITS = 6, 12
PIN_RULE = f"PIN 为 {MIN_DIGITS} 到 {MAX_DIGITS} 位数字"


def check_typed(pin: str) -> str:
    """A PIN as typed at a prompt; letters, nothing or a page of text are refused here."""
    pin = pin.strip()
    if not pin:
        raise DomainError("请输入 PIN。")
    if not pin.isascii() or not pin.isdigit():
        raise DomainError(f"PIN 只能是数字（{PIN_RULE}）。")
    if len(pin) > MAX_DIGITS:
        raise DomainError(f"PIN 太长：{PIN_RULE}。")
    return pin


def check_new(pin: str) -> str:
    """A PIN someone chooses: long enough and not one that anyone would guess first."""
    pin = check_typed(pin)
    if len(pin) < MIN_DIGITS:
        raise DomainError(f"PIN 太短：{PIN_RULE}。")
    if len(set(pin)) == 1:
        raise DomainError("PIN 不能全是同一个数字。")
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({1}, {-1}):
        raise DomainError("PIN 不能是连续的数字（如 123456）。")
    return pin


class PinRefused(DomainError):
    """A wrong PIN, or a person locked out; the try was counted and audited."""


@dataclass(frozen=True)
class SignedIn:
    person: StaffRow
    must_change: bool  # signed in with a temporary PIN: choose one's own first


# Wrong PINs this terminal may type in a row before each next try waits; the wait then
# doubles with every wrong one, up to the longest.
FREE_TRIES = 3
LONGEST_WAIT = timedelta(seconds=60)


@dataclass
class WrongTries:
    """One terminal's wrong PINs in a row, whoever they were for.

    Guessing slows down where it is typed, without locking the person guessed at: a
    person is locked only after many more wrong tries (settings: pin_lock_after), so
    nobody can lock the floor out by typing wrong PINs for every name.
    """

    count: int = 0
    not_before: datetime | None = field(default=None)

    def wait(self, now: datetime) -> int:
        """Seconds before the next try is taken (0: now)."""
        if self.not_before is None or now >= self.not_before:
            return 0
        return max(1, int((self.not_before - now).total_seconds() + 0.999))

    def wrong(self, now: datetime) -> None:
        self.count += 1
        if self.count >= FREE_TRIES:
            delay = timedelta(seconds=2 ** (self.count - FREE_TRIES))
            self.not_before = now + min(delay, LONGEST_WAIT)

    def right(self) -> None:
        self.count, self.not_before = 0, None


def wait_text(seconds: int) -> str:
    return f"PIN 错误次数较多，请 {seconds} 秒后再试。"
