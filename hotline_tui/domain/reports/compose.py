"""A report of any kind as sections and tables, composed from the records as they stand now."""

from __future__ import annotations

import pendulum

from hotline_tui.db.store import Store
from hotline_tui.domain.reports.body import ReportBody
from hotline_tui.domain.reports.day import DayReport, compose_day
from hotline_tui.domain.reports.rollup import PeriodReport, compose_period
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
) -> ReportBody:
    composed: DayReport | PeriodReport
    if period.kind == "day":
        composed = compose_day(store, shifts, period.first, now, rule)
    else:
        composed = compose_period(store, shifts, period, now, report_due, rule)
    return ReportBody(composed.sections(), composed.tables())
