"""工作汇报 and 请示报告 by keys: write the remarks, submit, amend and mark read; register an
escalation, see its clock on 时效, answer it there; find it; a late report in the header."""

from __future__ import annotations

from datetime import date

import pytest

from hotline_tui.domain.clocks import escalations
from hotline_tui.domain.clocks.countdown import open_clocks
from hotline_tui.domain.reports import filing
from hotline_tui.model.report_period import ReportPeriod
from hotline_tui.screens.clocks.clocks import ClocksScreen
from hotline_tui.screens.clocks.escalations import EscalationsScreen
from hotline_tui.screens.reports.reports import ReportsScreen
from hotline_tui.widgets.app_header import AppHeader
from hotline_tui.widgets.countdown_list import CountdownList
from tests import server_db
from tests.helpers import chief, manager
from tests.pilot import build_app, press, run, settle, shown_text, wait_until

# The screen flows are driven on the SQLite run; the rules they call are tested on
# both runs (test_reports.py, test_quality.py, test_exams.py), which keeps the
# PostgreSQL run within its four minutes.
pytestmark = pytest.mark.skipif(
    server_db.on_server(), reason="screen flows: driven on the SQLite run"
)

SIZE = (160, 48)
YESTERDAY = ReportPeriod.day(date(2026, 11, 29))


def test_write_submit_amend_and_read_a_daily_report_by_keys(demo_store, settings, clock, floorplan):
    clock.set(clock.now().replace(hour=10, minute=5))  # yesterday's report is late now

    async def as_chief():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f10")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReportsScreen)
            await wait_until(pilot, lambda: screen.doc is not None, what="the report read")
            assert screen.doc.period == YESTERDAY and not screen.doc.submitted
            # Late since 10:00: said in the header until it is submitted.
            header = app.screen.query_one(AppHeader)
            await wait_until(pilot, lambda: "日报逾期未提交：11-29" in header.alert.full)
            await press(pilot, "e")
            await settle(pilot)
            await press(pilot, *"quiet day", "ctrl+s")
            await settle(pilot)
            assert screen.doc.remarks == "quiet day"
            await press(pilot, "s")
            await settle(pilot)
            await press(pilot, "enter")  # confirm
            await settle(pilot)
            await wait_until(pilot, lambda: screen.doc is not None and screen.doc.submitted)
            await wait_until(pilot, lambda: "日报逾期" not in header.alert.full)
            assert screen.check_action("remarks", ()) is False  # nothing to edit any more
            await press(pilot, "a")
            await settle(pilot)
            await press(pilot, *"one more call", "ctrl+s")
            await settle(pilot)
            await wait_until(pilot, lambda: screen.doc is not None and screen.doc.amendments)
            # Back a day: 11-28's report, submitted by the demo, can only be amended.
            await press(pilot, "p")
            await settle(pilot)
            assert screen.doc.period == ReportPeriod.day(date(2026, 11, 28))
            await press(pilot, "right", "left")  # the arrows as well
            await settle(pilot)
            assert screen.doc.period == ReportPeriod.day(date(2026, 11, 28))
            assert screen.doc.submitted
            await press(pilot, "w")
            await settle(pilot)
            assert screen.doc.period.kind == "week" and screen.doc.period.key == "2026-W48"

    run(as_chief())
    stored = filing.stored_report(demo_store, YESTERDAY)
    assert stored is not None and stored.remarks == "quiet day" and len(stored.digest) == 64
    assert [a.text for a in stored.amendments] == ["one more call"]

    async def as_manager():
        app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f10")
            await settle(pilot)
            screen = app.screen
            await wait_until(pilot, lambda: screen.doc is not None)
            await press(pilot, "k")
            await settle(pilot)
            await wait_until(pilot, lambda: screen.doc is not None and "已阅" in screen.doc.status)

    run(as_manager())
    stored = filing.stored_report(demo_store, YESTERDAY)
    assert stored is not None and stored.read_by == manager(demo_store).name


def test_register_an_escalation_and_answer_it_from_the_clocks(
    demo_store, settings, clock, floorplan
):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f5")
            await settle(pilot)
            assert isinstance(app.screen, ClocksScreen)
            await press(pilot, "e")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, EscalationsScreen)
            before = len(screen.rows)
            await press(pilot, "n")
            await settle(pilot)
            await press(pilot, "enter")  # 请示
            await settle(pilot)
            await press(pilot, "down", "enter")  # 项目经理
            await settle(pilot)
            await press(pilot, "enter")  # 特急: 30 minutes
            await settle(pilot)
            await press(pilot, "enter", "enter", "enter")  # no subject: refused in place
            await settle(pilot)
            assert "请填写事由" in shown_text(app.screen.query_one("#form-error"))
            await press(pilot, "shift+tab", "shift+tab", *"extra seats", "enter", *"peak at noon")
            await press(pilot, "enter", "enter")
            await settle(pilot)
            await wait_until(pilot, lambda: len(screen.rows) == before + 1)
            new = next(r for r in screen.rows if r.subject == "extra seats")
            assert new.addressed_to == "项目经理" and new.urgency == "特急"
            # Found by words, and not by others.
            await press(pilot, "f", *"extra")
            await settle(pilot)
            await wait_until(pilot, lambda: [r.id for r in screen.rows] == [new.id])
            await press(pilot, "escape", "escape")  # out of the search, back to 时效
            await settle(pilot)
            clocks = app.screen
            assert isinstance(clocks, ClocksScreen)
            countdowns = clocks.query_one(CountdownList)
            await wait_until(
                pilot, lambda: ("escalation", new.id) in [c.key for c in countdowns.clocks]
            )
            while countdowns.selected.key != ("escalation", new.id):
                await press(pilot, "down")
            await press(pilot, "d")
            await settle(pilot)
            await press(pilot, "enter", *"approved", "enter", "enter")
            await settle(pilot)
            await wait_until(
                pilot, lambda: ("escalation", new.id) not in [c.key for c in countdowns.clocks]
            )
        return new.id

    escalation_id = run(scenario())
    (row,) = [r for r in escalations.search(demo_store) if r.id == escalation_id]
    assert (row.replied_by, row.decision, row.late) == ("项目经理", "approved", False)
    assert ("escalation", escalation_id) not in [c.key for c in open_clocks(demo_store)]
