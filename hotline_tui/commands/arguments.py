"""The values a command's flags carry, each refused in one Chinese sentence."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hotline_tui.errors import DomainError


def date_arg(value: str | None, flag: str) -> date:
    if not value:
        raise DomainError(f"请用 {flag} 给出日期，格式为 YYYY-MM-DD。")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DomainError(
            f"{flag} 的日期“{value}”无效，格式应为 YYYY-MM-DD，如 2026-11-30。"
        ) from None


def date_span(since: str | None, until: str | None) -> tuple[date, date]:
    """--from and --to, the first not after the second."""
    first, last = date_arg(since, "--from"), date_arg(until, "--to")
    if first > last:
        raise DomainError(f"开始日期 {first} 晚于结束日期 {last}。")
    return first, last


def month_arg(value: str | None) -> date:
    if not value:
        raise DomainError("请用 --month 给出月份，格式为 YYYY-MM。")
    try:
        year, month = (int(x) for x in value.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise DomainError(f"--month 的月份“{value}”无效，格式应为 YYYY-MM，如 2026-11。") from None


def output_path(value: str | None, *suffixes: str, refusal: str = "") -> Path:
    """-o: a file in an existing directory; ending in one of ``suffixes`` when given,
    else ``refusal`` (with ``{name}`` for the file's name) is said."""
    if not value:
        raise DomainError("请用 -o 给出要写入的文件。")
    path = Path(value).expanduser().absolute()
    if path.is_dir():
        raise DomainError(f"-o 指向的是目录，请给出文件名：{path}")
    if not path.parent.is_dir():
        raise DomainError(f"要写入的目录不存在：{path.parent}")
    if suffixes and path.suffix.lower() not in suffixes:
        raise DomainError(refusal.format(name=path.name))
    return path
