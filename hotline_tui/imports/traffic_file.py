"""The phone platform's statistics report (话务数据) as CSV or XLSX: a row per half-hour
(日期, 时段 08:00-08:30) or per day (日期 alone), every row checked, then saved all at once
or not at all. The columns are found by their headers ([traffic.columns] in the settings)."""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path

from hotline_tui.config import TRAFFIC_REQUIRED, TrafficSpec
from hotline_tui.db.store import Store
from hotline_tui.domain.indicators.traffic import (
    WHOLE_DAY,
    TrafficImport,
    TrafficRow,
    disagreeing_days,
    save_traffic,
)
from hotline_tui.errors import DomainError
from hotline_tui.imports.tabular import BadRows, read_rows
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.person_fields import parse_day
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.text import visible

# A year of half-hours is 17,520 rows; two years and their day rows fit.
MAX_ROWS = 40_000
_SLOT = re.compile(r"^(\d{1,2}):(\d{2})(?:\s*[-–—~至]\s*(\d{1,2}):(\d{2}))?$")
_WHOLE = re.compile(r"^\d[\d,]*$")
_DECIMAL = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
COUNTS = ("offered", "answered", "abandoned", "answered_in_time", "transfers", "transfers_ok")
SECONDS = ("talk_seconds", "wrap_seconds")


class TrafficFileError(BadRows):
    """A traffic report with bad rows: every one is listed, nothing was saved."""

    WHAT = "话务报表"


def import_traffic(
    store: Store, actor: StaffRow | None, path: Path, spec: TrafficSpec
) -> TrafficImport:
    """Import a traffic report: all of it, or none when any row is bad."""
    actor = require(actor, Action.OUTSIDE_FIGURES)  # told before the file is read
    return save_traffic(
        store, actor, read_traffic_file(path, spec, store.clock.now().date()), path.name
    )


def parse_slot(text: str) -> str:
    """ "08:00-08:30" or "08:00" → "08:00"; "" → a whole day. A time that is not on the
    half-hour, or an end that is not half an hour on, is a ValueError."""
    text = text.strip()
    if not text:
        return WHOLE_DAY
    match = _SLOT.match(text)
    if match is None:
        raise ValueError(text)
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute not in (0, 30):
        raise ValueError(text)
    if match[3] is not None:
        end = int(match[3]) * 60 + int(match[4])
        if end != (hour * 60 + minute + 30) % (24 * 60) and not (end == 24 * 60 and hour == 23):
            raise ValueError(text)
    return f"{hour:02d}:{minute:02d}"


def _count(text: str) -> int:
    """A count as platforms write it: 1234 or 1,234; a negative or a fraction is refused."""
    text = text.strip()
    if not _WHOLE.match(text):
        raise ValueError(text)
    return int(text.replace(",", ""))


def _seconds(text: str) -> int:
    """An average in seconds, 185 or 185.4 (kept to the second)."""
    text = text.strip()
    if not _DECIMAL.match(text):
        raise ValueError(text)
    return round(float(text.replace(",", "")))


# A year repeats 365 days and 48 half-hours 17,520 times: each text is read once.
_day = functools.lru_cache(maxsize=4096)(parse_day)
_slot = functools.lru_cache(maxsize=256)(parse_slot)


def read_traffic_file(path: Path, spec: TrafficSpec, today: date) -> list[TrafficRow]:
    """The checked intervals of a report; ``TrafficFileError`` lists every bad row."""
    rows = [(n, cells) for n, cells in read_rows(path, max_rows=MAX_ROWS) if any(cells)]
    if not rows:
        raise DomainError(f"{path.name} 是空的。")
    headers = spec.headers
    at = next((i for i, (_, cells) in enumerate(rows) if any(c in headers for c in cells)), 0)
    header_line, header = rows[at]
    columns = {headers[name]: i for i, name in enumerate(header) if name in headers}
    missing = [spec.header_of(f) for f in TRAFFIC_REQUIRED if f not in columns]
    if missing:
        raise DomainError(
            f"第 {header_line} 行应为话务报表的表头，缺少：{'、'.join(missing)}"
            f"（现为：{'、'.join(visible(h) for h in header) or '空'}）。"
            "表头与电话平台不同时，在配置文件的 [traffic.columns] 中对应。"
        )
    problems: list[str] = []
    seen: dict[tuple[date, str], tuple[int, TrafficRow]] = {}
    for n, cells in rows[at + 1 :]:
        got = {f: cells[i].strip() for f, i in columns.items() if i < len(cells)}
        cell = got.get
        where = f"第 {n} 行"
        row_problems: list[str] = []
        try:
            day = _day(cell("day", ""))
            if day > today:
                row_problems.append(f"日期 {day} 在将来")
        except ValueError:
            row_problems.append(f"日期“{visible(cell('day', ''))}”无效，应为 YYYY-MM-DD")
            day = today
        try:
            slot = _slot(cell("slot", ""))
        except ValueError:
            row_problems.append(
                f"时段“{visible(cell('slot', ''))}”不是整点或半点起的半小时，如 08:00-08:30"
            )
            slot = WHOLE_DAY
        values: dict[str, int | None] = {}
        for field in (*COUNTS, *SECONDS):
            text = cell(field, "")
            if not text and field not in TRAFFIC_REQUIRED:
                values[field] = None
                continue
            try:
                values[field] = (_seconds if field in SECONDS else _count)(text)
            except ValueError:
                kind = "秒数" if field in SECONDS else "不小于 0 的整数"
                row_problems.append(f"{spec.header_of(field)}“{visible(text)}”应为{kind}")
        if not row_problems:
            offered, answered = values["offered"] or 0, values["answered"] or 0
            if answered > offered:
                row_problems.append(f"接通量 {answered} 大于呼入量 {offered}")
            if (values["abandoned"] or 0) > offered:
                row_problems.append(f"放弃量 {values['abandoned']} 大于呼入量 {offered}")
            if (values["answered_in_time"] or 0) > answered:
                row_problems.append(
                    f"{spec.service_seconds} 秒内接通量 {values['answered_in_time']} 大于接通量 {answered}"
                )
            if (values["transfers"] is None) != (values["transfers_ok"] is None):
                row_problems.append("转接量与转接及时准确量要么都填，要么都不填")
            elif (values["transfers_ok"] or 0) > (values["transfers"] or 0):
                row_problems.append(
                    f"转接及时准确量 {values['transfers_ok']} 大于转接量 {values['transfers']}"
                )
        if row_problems:
            problems.append(f"{where}：" + "；".join(row_problems))
            continue
        row = TrafficRow(
            day, slot, values["offered"] or 0, values["answered"] or 0,
            values["abandoned"] or 0, values["answered_in_time"] or 0, spec.service_seconds,
            values["talk_seconds"] or 0, values["wrap_seconds"], values["transfers"],
            values["transfers_ok"],
        )  # fmt: skip
        first = seen.get(row.key)
        if first is not None:
            if first[1] != row:  # the same interval twice with the same figures is harmless
                problems.append(f"{where}：{row.where} 与第 {first[0]} 行是同一时段，数据却不同")
            continue
        seen[row.key] = (n, row)
    checked = [row for _, row in seen.values()]
    if not problems:
        problems += [f"{p}" for p in disagreeing_days(checked)]
    if problems:
        raise TrafficFileError(problems)
    if not checked:
        raise DomainError(f"{path.name} 只有表头，没有数据。")
    return checked
