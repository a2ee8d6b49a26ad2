"""The header's status: the open clocks, a handover not yet signed, daily reports late,
and backups gone stale, each as last read and shown together."""

from __future__ import annotations

from typing import NamedTuple

from hotline_tui.model.countdown import OpenClock
from hotline_tui.seam import desk
from hotline_tui.services.host import Host
from hotline_tui.widgets.app_header import NOTHING, Said


class Status(NamedTuple):
    clocks: list[OpenClock]
    handover: Said
    reports: Said


def read_status(host: Host) -> Status:
    """In a thread: what the header says, read from the store."""
    parts = desk()
    now = host.clock.now()
    pending = parts.pending_handover(host.store, host.shifts, now)
    late = parts.late_alert(
        parts.late_daily_reports(host.store, host.shifts, now, host.settings.report_due)
    )
    return Status(
        parts.open_clocks(host.store),
        Said(pending.text, pending.short) if pending else NOTHING,
        Said(*late) if late[0] else NOTHING,
    )


class HeaderAlerts:
    """The header's warnings in a fixed order: a database that only reads, handover,
    reports, backups."""

    ORDER = ("store", "handover", "reports", "backup")

    def __init__(self) -> None:
        self._said = dict.fromkeys(self.ORDER, NOTHING)

    def take(self, what: str, said: Said) -> Said:
        """One warning as just read; the header's words for all of them."""
        self._said[what] = said
        shown = [s for s in (self._said[key] for key in self.ORDER) if s.full]
        if not shown:
            return NOTHING
        return Said("  ".join(s.full for s in shown), " ".join(s.short for s in shown))
