"""A report of any kind as sections, composed from the records as they stand now."""

from __future__ import annotations

import pendulum

from hotline_tui.db.store import Store
from hotline_tui.domain.reports.day import Section, compose_day
from hotline_tui.domain.reports.rollup import compose_period
from hotline_tui.model.arrival import FORMAL_ONLY, ArrivalRule
from hotline_tui.model.report_period import ReportPeriod
from hotline_tui.model.shifts import Shift


def compose(
    store: Store,
    shifts: list[Shift],
    period: ReportPeriod,
    now: pendulum.DateTime,
    report_due: str,
    rule: ArrivalRule = FORMAL_ONLY,
) -> list[Section]:
    if period.kind == "day":
        return compose_day(store, shifts, period.first, now, rule).sections()
    return compose_period(store, shifts, period, now, report_due, rule).sections()
