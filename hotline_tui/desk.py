"""Everything behind the sign-in, in one place: the desk's areas and what the App asks of
the rules and the store. Loaded through the start-up seam (hotline_tui/seam.py) once the
first frame is drawn; the App reaches it as ``seam.desk()``."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from hotline_tui.domain import backups
from hotline_tui.domain.clocks.countdown import open_clocks
from hotline_tui.domain.handover.queries import pending_handover
from hotline_tui.domain.people.pins import change_pin, verify
from hotline_tui.domain.people.roster import list_staff, nobody_yet
from hotline_tui.domain.reports.filing import late_alert, late_daily_reports
from hotline_tui.domain.setup_checklist import needs_setup, setup_checklist
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.screens.access.first_run import FirstRunScreen
from hotline_tui.screens.access.pins import ChangePinDialog, LockScreen
from hotline_tui.screens.attendance.board import AttendanceScreen
from hotline_tui.screens.attendance.meeting import MeetingScreen
from hotline_tui.screens.audit.audit import AuditScreen
from hotline_tui.screens.clocks.clocks import ClocksScreen
from hotline_tui.screens.floor.plan import FloorScreen
from hotline_tui.screens.handover.form import HandoverFormScreen
from hotline_tui.screens.handover.listing import HandoverListScreen
from hotline_tui.screens.handover.record import HandoverDetailScreen
from hotline_tui.screens.indicators.indicators import IndicatorsScreen
from hotline_tui.screens.people.checklist import SetupChecklistScreen
from hotline_tui.screens.people.people import PeopleScreen
from hotline_tui.screens.reports.reports import ReportsScreen


class Parts:
    """What the App uses from behind the seam, typed: the area screens by mode, the
    screens it opens itself, and the reads and writes of its services and the sign-in."""

    AREAS: dict[str, type[Screen[Any]]] = {
        "floor": FloorScreen,
        "handover": HandoverListScreen,
        "attendance": AttendanceScreen,
        "clocks": ClocksScreen,
        "meeting": MeetingScreen,
        "indicators": IndicatorsScreen,
        "people": PeopleScreen,
        "audit": AuditScreen,
        "reports": ReportsScreen,
    }
    HandoverFormScreen = HandoverFormScreen
    HandoverDetailScreen = HandoverDetailScreen
    LockScreen = LockScreen
    ChangePinDialog = ChangePinDialog
    FirstRunScreen = FirstRunScreen
    SetupChecklistScreen = SetupChecklistScreen

    backups = backups
    list_shifts = staticmethod(list_shifts)
    open_clocks = staticmethod(open_clocks)
    pending_handover = staticmethod(pending_handover)
    late_alert = staticmethod(late_alert)
    late_daily_reports = staticmethod(late_daily_reports)
    list_staff = staticmethod(list_staff)
    nobody_yet = staticmethod(nobody_yet)
    verify_pin = staticmethod(verify)
    change_pin = staticmethod(change_pin)
    setup_checklist = staticmethod(setup_checklist)
    needs_setup = staticmethod(needs_setup)


PARTS = Parts()
