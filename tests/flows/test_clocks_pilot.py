"""时效 by keys: open, take and resolve an urgent issue; a warning reaching another screen; the wallboard."""

from __future__ import annotations

import sqlalchemy as sa

from hotline_tui.db.tables import AuditLog, UrgentIssue
from hotline_tui.domain.clocks import urgent
from hotline_tui.domain.clocks.countdown import open_clocks
from hotline_tui.screens.clocks.clocks import ClocksScreen
from hotline_tui.screens.floor.plan import FloorScreen
from hotline_tui.wallboard import WallboardApp
from hotline_tui.widgets.app_header import AppHeader
from hotline_tui.widgets.countdown_list import CountdownList
from hotline_tui.workdays import Calendar
from tests.helpers import chief
from tests.pilot import build_app, press, run, settle, shown_text, wait_until

SIZE = (160, 48)


def messages(app) -> list[str]:
    return [n.message for n in app.notices]


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
            # The last line, 补录原因, stays empty: 08:50 is within this shift.
            await press(pilot, *"gas leak", "enter", *"GD1", "enter", *"08:50", "enter", "enter")
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
            assert "请写明处理结果" in shown_text(app.screen.query_one("#form-error"))
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
            assert header.clocks.full == "紧急问题 3 件 最近 04:00"
            clock.advance(minutes=4)
            await wait_until(pilot, lambda: len(bells) == 6, what="the warnings at 09:04")
            assert (
                "紧急问题已超时（超过 00:00）：[涉及人身安全] 老人独居家中摔倒，家属联系不上"
                in messages(app)
            )
            assert len(bells) == 6  # and the two at 09:00 reached 05:00: danger, once each
            clock.advance(seconds=30)
            await wait_until(pilot, lambda: header.clocks.full == "紧急问题 3 件 最近 -00:30")
            assert len(bells) == 6  # each threshold once, not every second
            # The notice says the time as the header does, not as it was when it sounded.
            late = "紧急问题已超时（超过 00:30）：[涉及人身安全] 老人独居家中摔倒，家属联系不上"
            await wait_until(pilot, lambda: late in messages(app), what="the notice's time")
            assert not [m for m in messages(app) if "超过 00:00" in m]

    run(scenario())


def test_a_warning_notice_keeps_the_time_live_and_goes_when_its_clock_closes(
    demo_store, settings, clock, floorplan
):
    """剩 04:00 when it sounds, 剩 03:30 half a minute later (the header's 最近 too), then
    已超时 and an error once past; resolved at another terminal, its notice goes."""
    issue = next(c for c in open_clocks(demo_store) if c.kind == "urgent")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            header = app.screen.query_one(AppHeader)

            def about_it():
                return [n for n in app.notices if issue.title in n.message]

            assert [n.message for n in about_it()] == [
                f"紧急问题即将超时（剩 04:00）：{issue.title}"]  # fmt: skip
            clock.advance(seconds=30)
            await wait_until(pilot, lambda: "剩 03:30" in about_it()[0].message, what="live")
            assert header.clocks.full.endswith("最近 03:30")
            clock.advance(minutes=4)
            await wait_until(pilot, lambda: "已超时（超过 00:30）" in about_it()[0].message)
            assert about_it()[0].severity == "error"
            urgent.resolve(
                demo_store, chief(demo_store), issue.id, "已处置", delay_reason="现场核实耗时"
            )
            await wait_until(pilot, lambda: not about_it(), what="the notice gone")

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
    from hotline_tui.screens.clocks.history import ClockHistoryScreen

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


def test_a_back_dated_issue_is_registered_with_a_reason_and_closed_at_its_real_time(
    demo_store, settings, clock, floorplan
):
    """补录 by keys (docs/indicators.md, 6): last night's issue, entered this morning."""

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f5", "n", "down", "enter")  # 突发事件
            await press(pilot, *"water main burst", "enter", "enter", *"2026-11-29 22:00")
            await press(pilot, "enter", "enter")  # no reason: refused in place
            error = shown_text(app.screen.query_one("#form-error"))
            assert "早于本班开始" in error and "请写明补录原因" in error
            await press(pilot, *"night shift forgot", "enter")
            countdowns = app.screen.query_one(CountdownList)
            await wait_until(pilot, lambda: any("water main" in c.title for c in countdowns.clocks))
            new = next(c for c in countdowns.clocks if "water main" in c.title)
            # Overdue since last night, it sorts first: walk up to it.
            for _ in countdowns.clocks:
                if countdowns.selected.key == new.key:
                    break
                await press(pilot, "up")
            assert countdowns.selected.key == new.key
            # Handled at 22:20 last night, within its 30 minutes: counted in time.
            await press(pilot, "d")
            await press(pilot, *"repaired", "enter", *"2026-11-29 22:20", "enter", "enter")
            await wait_until(
                pilot, lambda: new.key not in [c.key for c in countdowns.clocks], what="closed"
            )
        return new.id

    issue = run(scenario())
    with demo_store.read() as session:
        row = session.get(UrgentIssue, issue)
        audit = session.execute(
            sa.select(AuditLog.after).where(
                AuditLog.action == "urgent.open", AuditLog.entity_key == str(issue)
            )
        ).scalar_one()
    assert row.late_reason == "night shift forgot" and row.entered_at == clock.now()
    assert (row.opened_at.isoformat(), row.closed_at.isoformat()) == (
        "2026-11-29T14:00:00+00:00", "2026-11-29T14:20:00+00:00")  # fmt: skip
    assert "night shift forgot" in audit


def test_a_fault_found_two_days_late_is_back_dated_and_reported_at_its_real_time(
    demo_store, settings, clock, floorplan
):
    from hotline_tui.db.tables import Fault

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f5", "g", "enter")  # the first system: 电话平台
            await press(pilot, *"no ring", "enter", *"2026-11-28 10:00", "enter", "enter")
            await press(pilot, "enter")  # no reason: refused in place
            error = shown_text(app.screen.query_one("#form-error"))
            assert "早于 24 小时前" in error and "请写明补录原因" in error
            await press(pilot, *"found in the log", "enter")
            countdowns = app.screen.query_one(CountdownList)
            await wait_until(pilot, lambda: any("no ring" in c.title for c in countdowns.clocks))
            new = next(c for c in countdowns.clocks if "no ring" in c.title)
            for _ in countdowns.clocks:
                if countdowns.selected.key == new.key:
                    break
                await press(pilot, "up")
            await press(pilot, "b", *"duty office", "enter", *"2026-11-28 10:05", "enter")
            # Reported, its report clock stops: it leaves the list.
            await wait_until(
                pilot, lambda: new.key not in [c.key for c in countdowns.clocks], what="reported"
            )
        return new.id

    fault = run(scenario())
    with demo_store.read() as session:
        row = session.get(Fault, fault)
    assert row.late_reason == "found in the log"
    assert row.reported_at.isoformat() == "2026-11-28T02:05:00+00:00"
