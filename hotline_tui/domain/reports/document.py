"""A report as it is read, shown and exported: the submitted (frozen) text with its
amendments, or the draft composed from the records now with the remarks so far."""

from __future__ import annotations

from dataclasses import dataclass, field

import pendulum

from hotline_tui.db.store import Store
from hotline_tui.domain.reports.compose import compose
from hotline_tui.domain.reports.day import Section
from hotline_tui.domain.reports.filing import Amendment, StoredReport, stored_report
from hotline_tui.model.arrival import FORMAL_ONLY, ArrivalRule
from hotline_tui.model.report_period import ReportPeriod
from hotline_tui.model.report_table import FigureTable
from hotline_tui.model.shifts import Shift
from hotline_tui.model.text import moment


@dataclass(frozen=True)
class ReportDocument:
    period: ReportPeriod
    status: str  # 草稿（未提交）, or who submitted it when, and who read it
    sections: list[Section]
    remarks: str
    amendments: list[Amendment]
    digest: str
    stored: StoredReport | None
    ended: bool
    late: bool  # a daily report due and not submitted, or submitted after it was due
    tables: list[FigureTable] = field(default_factory=list)  # the figures as numbers

    @property
    def submitted(self) -> bool:
        return self.stored is not None and self.stored.submitted

    @property
    def remarks_version(self) -> int | None:
        return self.stored.version if self.stored is not None else None

    def all_sections(self) -> list[Section]:
        """The figures, then the remarks, then the amendments: the report as printed."""
        parts = list(self.sections)
        parts.append(Section("值班长备注", tuple(self.remarks.splitlines()) or ("（无）",)))
        if self.amendments:
            parts.append(
                Section(
                    "补充说明",
                    tuple(f"{moment(a.at)} {a.author}：{a.text}" for a in self.amendments),
                )
            )
        return parts


def document(
    store: Store,
    shifts: list[Shift],
    period: ReportPeriod,
    now: pendulum.DateTime,
    report_due: str,
    rule: ArrivalRule = FORMAL_ONLY,
) -> ReportDocument:
    stored = stored_report(store, period)
    due = period.kind == "day" and now > period.due(report_due)
    if stored is not None and stored.sections is not None:
        late = (
            period.kind == "day"
            and stored.submitted_at is not None
            and (stored.submitted_at > period.due(report_due))
        )
        return ReportDocument(
            period, stored.status(report_due), stored.sections, stored.remarks,
            stored.amendments, stored.digest, stored, True, late, stored.tables,
        )  # fmt: skip
    body = compose(store, shifts, period, now, report_due, rule)
    status = "草稿（未提交）" + ("，已逾期" if due else "")
    return ReportDocument(
        period, status, body.sections, stored.remarks if stored else "", [], "", stored,
        period.ended(shifts, now), due, body.tables,
    )  # fmt: skip
