"""时效 by keys: open, take and resolve an urgent issue; a warning reaching another screen; the wallboard."""

from __future__ import annotations

import sqlalchemy as sa

from hotline_tui.db.tables import AuditLog, UrgentIssue
from hotline_tui.domain.clocks import urgent
from hotline_tui.domain.clocks.countdown import open_clocks
from hotline_tui.screens.clocks import ClocksScreen
from hotline_tui.screens.floor import FloorScreen
from hotline_tui.wallboard import WallboardApp
from hotline_tui.widgets.app_header import AppHeader
from hotline_tui.widgets.countdown_list import CountdownList
from hotline_tui.workdays import Calendar
from tests.helpers import chief
from tests.pilot import build_app, press, run, settle, wait_until

SIZE = (160, 48)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def test_open_take_and_resolve_an_urgent_issue_by_keys(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f5")
            await settle(pilot)
            assert isinstance(app.screen, ClocksScreen)
            before = len(app.screen.query_one(CountdownList).clocks)
            await press(pilot, "n")
            await settle(pilot)
            await press(pilot, "down", "enter")  # 突发事件
            await settle(pilot)
            await press(pilot, *"gas leak", "enter", *"GD1", "enter", *"08:50", "enter")
            await settle(pilot)
            countdowns = app.screen.query_one(CountdownList)
            assert len(countdowns.clocks) == before + 1
            new = next(c for c in countdowns.clocks if c.title == "[突发事件] gas leak")
            assert new.deadline == clock.now().replace(hour=8, minute=50).add(minutes=30)
            # Walk to it, take it, resolve it.
            while countdowns.selected.key != new.key:
                await press(pilot, "down")
            await press(pilot, "t")
            await settle(pilot)
            assert countdowns.selected.state == "处理中"
            await press(pilot, "d")
            await settle(pilot)
            await press(pilot, "enter")  # no note: refused in place
            await settle(pilot)
            assert "请写明处理结果" in str(app.screen.query_one("#form-error").render())
            await press(pilot, *"fire brigade on site", "enter")
            await settle(pilot)
            assert new.key not in [c.key for c in app.screen.query_one(CountdownList).clocks]
        return new.id

    issue = run(scenario())
    with demo_store.read() as session:
        row = session.get(UrgentIssue, issue)
    assert (row.state, row.note, row.reference) == ("resolved", "fire brigade on site", "GD1")


def test_a_late_resolution_asks_for_the_reason(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f5")
            await settle(pilot)
            clock.advance(minutes=5)  # the nearest one (4 min left) is now overdue
            await press(pilot, "d")
            await settle(pilot)
            await press(pilot, *"done", "enter")
            await press(pilot, "enter")  # the reason for the delay left empty
            await settle(pilot)
            assert "已超过时限 1 分钟，请写明延误原因" in str(
                app.screen.query_one("#form-error").render()
            )
            await press(pilot, *"line busy", "enter")
            await settle(pilot)

    run(scenario())
    month = urgent.issues_in_month(demo_store, clock.now().date().replace(day=1))
    assert [i.delay_reason for i in month if i.closed_at == clock.now()] == ["line busy"]


def test_a_warning_reaches_whatever_screen_is_open(demo_store, settings, clock, floorplan):
    bells = []

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        app.bell = lambda: bells.append(clock.now())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, FloorScreen)
            # At sign-in: the one in danger and the two in warning, once each.
            assert len(bells) == 3
            app.clear_notifications()
            header = app.screen.query_one(AppHeader)
            assert header.clocks == "紧急问题 3 件 最近 04:00"
            clock.advance(minutes=4)
            await wait_until(pilot, lambda: len(bells) == 6, what="the warnings at 09:04")
            assert (
                "紧急问题已超时（超过 00:00）：[涉及人身安全] 老人独居家中摔倒，家属联系不上"
                in messages(app)
            )
            assert len(bells) == 6  # and the two at 09:00 reached 05:00: danger, once each
            clock.advance(seconds=30)
            await wait_until(pilot, lambda: header.clocks == "紧急问题 3 件 最近 -00:30")
            assert len(bells) == 6  # each threshold once, not every second

    run(scenario())


def test_the_wallboard_shows_and_never_writes(demo_store, clock):
    with demo_store.read() as session:
        audits = session.execute(sa.select(sa.func.count()).select_from(AuditLog)).scalar()

    async def scenario():
        app = WallboardApp(demo_store, clock, 94, Calendar(), poll_seconds=0.05)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            countdowns = app.query_one(CountdownList)
            assert len(countdowns.clocks) == len(open_clocks(demo_store))
            # Another terminal resolves the nearest issue: the big screen follows.
            nearest = countdowns.clocks[0]
            urgent.resolve(demo_store, chief(demo_store), nearest.id, "已处置")
            await wait_until(
                pilot,
                lambda: nearest.key not in [c.key for c in app.query_one(CountdownList).clocks],
                what="the resolved issue leaves the big screen",
            )
            for key in ("enter", "d", "n", "t", "x"):
                await press(pilot, key)
            await press(pilot, "q")
        assert app.return_code in (0, None)

    run(scenario())
    with demo_store.read() as session:
        after = session.execute(sa.select(sa.func.count()).select_from(AuditLog)).scalar()
    assert after == audits + 1  # only the other terminal's resolution


def test_the_history_shows_the_months_timeliness(demo_store, settings, clock, floorplan):
    from hotline_tui.screens.clock_history import ClockHistoryScreen

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f5", "h")
            await settle(pilot)
            assert isinstance(app.screen, ClockHistoryScreen)
            summary = str(app.screen.query_one("#history-urgent-summary").render())
            assert "及时率 36/39 = 92.3%" in summary
            await press(pilot, "p")  # October
            await settle(pilot)
            assert "2026 年 10 月" in app.screen.query_one(AppHeader).context
            await press(pilot, "escape")
            await settle(pilot)
            assert isinstance(app.screen, ClocksScreen)

    run(scenario())
