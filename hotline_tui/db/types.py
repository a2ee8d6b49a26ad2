"""Column types shared by the tables and the migrations."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as naive UTC, so SQLite sorts and compares it correctly."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        offset = value.utcoffset()
        if offset is None:
            raise ValueError("naive datetime: store aware datetimes only")
        # The wall time less its offset, as a plain datetime: a pendulum DateTime's own
        # astimezone costs three times as much, and a demo binds forty thousand.
        wall = datetime(
            value.year, value.month, value.day, value.hour, value.minute, value.second,
            value.microsecond,
        )  # fmt: skip
        return wall - offset

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def stored_text(value: object) -> object:
    """A value as SQLite stores it: dates and times as its text, anything else as it is.

    The audit chain's links and the handovers' digests hash the stored values; a
    PostgreSQL driver hands back date and datetime objects where SQLite's hands back
    text, so they are turned into SQLite's text first and a record hashes the same on
    both (a floor moved from one to the other keeps every link and digest).
    """
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value
