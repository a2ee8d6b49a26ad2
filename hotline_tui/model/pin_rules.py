"""What a PIN may be, checked as it is typed: no hashing and no database here, so the
PIN field on the first frame needs neither."""

from __future__ import annotations

from dataclasses import dataclass

from hotline_tui.errors import DomainError
from hotline_tui.model.staff_row import StaffRow

MIN_DIGITS, MAX_DIGITS = 6, 12
PIN_RULE = f"PIN 为 {MIN_DIGITS} 到 {MAX_DIGITS} 位数字"


def check_typed(pin: str) -> str:
    """A PIN as typed at a prompt; letters, nothing or a page of text are refused here."""
    pin = pin.strip()
    if not pin:
        raise DomainError("请输入 PIN。")
    if len(pin) > MAX_DIGITS or not pin.isascii() or not pin.isdigit():
        raise DomainError(f"PIN 只能是数字（{PIN_RULE}）。")
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


@dataclass(frozen=True)
class SignedIn:
    person: StaffRow
    must_change: bool  # signed in with a temporary PIN: choose one's own first
