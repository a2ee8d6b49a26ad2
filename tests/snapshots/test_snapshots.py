"""Screens at fixed terminal sizes with the demo data and a fixed clock."""

from __future__ import annotations

import functools
from datetime import timedelta
from pathlib import Path

import pytest
from rich.color import Color, ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.color import Color as TextualColor
from textual.filter import LineFilter

from tests import server_db
from tests.conftest import TODAY
from tests.helpers import DEMO_PIN, EARLY, chief, manager
from tests.pilot import build_app, close_checklist, press, settle, wait_until

# The pictures are compared on the SQLite run; on the PostgreSQL run (.ci/run's second)
# the Pilot tests drive the same screens on the server's data, and the suite stays
# within its four minutes (the 80 pictures are 50 s of it).
pytestmark = pytest.mark.skipif(
    server_db.on_server(), reason="screen pictures: compared on the SQLite run"
)

# The two sizes every screen is drawn at; 100x30 too where a layout changes at 100 or
# 120 columns (the floor's and the board's side panels, the people list's).
SIZES = [(160, 48), (80, 24)]
BREAKPOINT_SIZES = [(160, 48), (100, 30), (80, 24)]
FORM_TEXT = (
    "上午来电平稳，10:20 前后供暖咨询集中，共受理 1,236 个，人工接通率 96.2%。",
    "工单系统 10:05 卡顿约 3 分钟，已恢复；D12 电脑无法开机，已报 IT。",
    "应到 64 人，实到 63 人；病假 1 人（王某），由李某顶岗。",
)


async def no_blink(pilot) -> None:
    """The screen at rest for its picture: every read done, no notice over it. The
    cursor does not blink (tests/pilot.build_app sets cursor_blink = false)."""
    await settle(pilot)
    # The demo's open clocks announce themselves at sign-in; a snapshot shows the screen.
    pilot.app.clear_notifications()
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sign_in(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan)
    assert snap_compare(app, terminal_size=size, run_before=no_blink)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sign_in_filtered_by_pinyin(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan)

    async def type_initials(pilot) -> None:
        await press(pilot, *chief(demo_store).pinyin_initials)
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=type_initials)


@pytest.mark.parametrize("size", BREAKPOINT_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_floor(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
    assert snap_compare(app, terminal_size=size, run_before=no_blink)


@pytest.mark.parametrize("size", BREAKPOINT_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_floor_marking_a_move(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def mark(pilot) -> None:
        await press(pilot, "right", "m", "down")
        app.clear_notifications()
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=mark)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_keys_help_on_the_floor(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def ask(pilot) -> None:
        await settle(pilot)
        await press(pilot, "f1")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=ask)


def test_staff_picker(snap_compare, demo_store, settings, clock, floorplan):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_picker(pilot) -> None:
        await press(pilot, "down", "down", "down", "right", "right", "right", "enter")  # C04: empty
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=open_picker)


# --- 交接班 -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_handover_list(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_list(pilot) -> None:
        await press(pilot, "f3")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_list)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_handover_form(snap_compare, demo_store, settings, clock, floorplan, size):
    from hotline_tui.domain.handover.lifecycle import save_draft, start
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.model.shift_changes import change_after

    # A draft saved a moment ago: nothing is left for the autosave timer to change.
    shifts = list_shifts(demo_store)
    author = chief(demo_store)
    h = start(demo_store, author, change_after(shifts, TODAY, shifts[0]), 94)
    text = dict(zip(("traffic", "systems", "people"), FORM_TEXT, strict=True))
    save_draft(demo_store, author, h, text, None)
    app = build_app(settings, demo_store, clock, floorplan, author)

    async def open_draft(pilot) -> None:
        await press(pilot, "f3", "enter")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_draft)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_handover_detail_signed_with_amendment(
    snap_compare, demo_store, settings, clock, floorplan, size
):
    from hotline_tui.domain.handover.items import add_item
    from hotline_tui.domain.handover.lifecycle import amend, sign, start, submit
    from hotline_tui.domain.handover.queries import find_handover
    from hotline_tui.domain.people.roster import staff_by_no
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.model.shift_changes import change_after

    shifts = list_shifts(demo_store)
    author, incoming = staff_by_no(demo_store, "1005"), chief(demo_store)
    night = find_handover(demo_store, TODAY - timedelta(days=1), shifts[2])
    sign(demo_store, incoming, night)
    h = start(demo_store, author, change_after(shifts, TODAY, shifts[0]), 94)
    add_item(demo_store, author, "D12 电脑待 IT 上门更换硬盘", "1004", h)
    text = dict(zip(("traffic", "systems", "people"), FORM_TEXT, strict=True))
    submit(
        demo_store, author, h, {**text, "other": "[red]注意[/] 明早 9 点消防演练"}, None, 94, EARLY
    )
    clock.advance(minutes=20)
    # The middle shift's chief on the rota is the author: the early one signs, saying why.
    sign(demo_store, incoming, h, "中班值班长写了本班交接，由早班值班长代签")
    clock.advance(minutes=30)
    amend(demo_store, author, h, "更正：人员情况中病假应为事假。")
    app = build_app(settings, demo_store, clock, floorplan, incoming)

    async def open_detail(pilot) -> None:
        await press(pilot, "f3", "enter")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_detail)


# --- 时效 ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", BREAKPOINT_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_clocks_in_every_band(snap_compare, demo_store, settings, clock, floorplan, size):
    from hotline_tui.config import SlaSpec
    from hotline_tui.domain.clocks import urgent
    from hotline_tui.domain.shifts import list_shifts

    # Overdue by a minute, beside the demo's danger, warning and normal ones.
    urgent.open_issue(
        demo_store, chief(demo_store), SlaSpec(), list_shifts(demo_store), "群体性诉求",
        "三十余名租户反映被强制断电", "GD20261130088", clock.now().replace(hour=8, minute=29),
    )  # fmt: skip
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_clocks(pilot) -> None:
        await press(pilot, "f5")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_clocks)


@pytest.mark.parametrize("size", BREAKPOINT_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_wallboard(snap_compare, demo_store, clock, size):
    from hotline_tui.wallboard import WallboardApp
    from hotline_tui.workdays import Calendar

    app = WallboardApp(demo_store, clock, 94, Calendar())
    assert snap_compare(app, terminal_size=size)


# --- 考勤 · 早班会 ------------------------------------------------------------------------


@pytest.mark.parametrize("size", BREAKPOINT_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_attendance_board(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_board(pilot) -> None:
        await press(pilot, "f4")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_board)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_attendance_sheet(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_sheet(pilot) -> None:
        await press(pilot, "f4")  # the board loaded before the key that acts on it
        await press(pilot, "m")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_sheet)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_meeting(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_meeting(pilot) -> None:
        await press(pilot, "f6")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_meeting)


# --- 指标 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_indicators_met_and_missed(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_indicators(pilot) -> None:
        await press(pilot, "f7")
        await pilot.app.workers.wait_for_complete()  # the trend is loaded in the background
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_indicators)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_intraday_calls(snap_compare, demo_store, settings, clock, floorplan, size):
    """#36: d on 指标, then the day before (a whole day of the demo's half-hours)."""
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_intraday(pilot) -> None:
        await press(pilot, "f7", "d", "p")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_intraday)


# --- the history and drill-down screens ------------------------------------------------------


def test_clock_history(snap_compare, demo_store, settings, clock, floorplan):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_history(pilot) -> None:
        await press(pilot, "f5", "h")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=open_history)


def test_meeting_history(snap_compare, demo_store, settings, clock, floorplan):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_history(pilot) -> None:
        await press(pilot, "f6")
        await settle(pilot)
        await press(pilot, "ctrl+o")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=open_history)


def test_indicator_records(snap_compare, demo_store, settings, clock, floorplan):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def drill_down(pilot) -> None:
        await press(pilot, "f7")
        await pilot.app.workers.wait_for_complete()
        await press(
            pilot, "down", "down", "down", "down", "down", "enter"
        )  # 6 时效性问题处置及时率
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=drill_down)


# --- people (人员) -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_first_run(snap_compare, empty_store, clock, floorplan, size):
    from tests.conftest import _settings

    app = build_app(_settings(server_db.store_text(empty_store)), empty_store, clock, floorplan)
    assert snap_compare(app, terminal_size=size, run_before=no_blink)


@pytest.mark.parametrize("size", BREAKPOINT_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_people(snap_compare, demo_store, settings, clock, floorplan, size):
    from hotline_tui.domain.people.roster import staff_by_no

    app = build_app(settings, demo_store, clock, floorplan, staff_by_no(demo_store, "1001"))

    async def open_people(pilot) -> None:
        await press(pilot, "f8")
        await press(pilot, "g")  # the first group only
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_people)


def test_groups(snap_compare, demo_store, settings, clock, floorplan):
    from hotline_tui.domain.people.roster import staff_by_no

    app = build_app(settings, demo_store, clock, floorplan, staff_by_no(demo_store, "1001"))

    async def open_groups(pilot) -> None:
        await press(pilot, "f8")
        await press(pilot, "w")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=open_groups)


# --- PIN, lock and audit (登录与留痕) ------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sign_in_wrong_pin(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan)

    async def wrong_pin(pilot) -> None:
        await press(pilot, *"1004", "enter", *"111111", "enter")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=wrong_pin)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sign_in_temporary_pin(snap_compare, demo_store, settings, clock, floorplan, size):
    from hotline_tui.domain.people.pins import reset_pin

    temporary = reset_pin(demo_store, manager(demo_store), "1004")
    app = build_app(settings, demo_store, clock, floorplan)

    async def temporary_pin(pilot) -> None:
        await press(pilot, *"1004", "enter", *temporary, "enter")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=temporary_pin)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_change_pin_dialog(snap_compare, demo_store, settings, clock, floorplan, size):
    from hotline_tui.screens.access.pins import ChangePinDialog

    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_dialog(pilot) -> None:
        await settle(pilot)
        app.push_screen(ChangePinDialog())
        await press(pilot, *DEMO_PIN, "enter", *"123456", "enter", *"123456", "enter")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_dialog)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_lock_screen(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def go_idle(pilot) -> None:
        await press(pilot, "f3")
        clock.advance(minutes=settings.lock_minutes)
        await wait_until(pilot, lambda: app.idle.locked, what="the idle lock")
        await press(pilot, *"999999", "enter")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=go_idle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_audit(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))

    async def open_audit(pilot) -> None:
        await press(pilot, "f9")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_audit)


def test_audit_record(snap_compare, demo_store, settings, clock, floorplan):
    from hotline_tui.domain.handover.lifecycle import save_draft, start
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.model.shift_changes import change_after

    shifts = list_shifts(demo_store)
    author = chief(demo_store)
    h = start(demo_store, author, change_after(shifts, TODAY, shifts[0]), 94)
    save_draft(demo_store, author, h, {"traffic": FORM_TEXT[0]}, None)
    app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))

    async def open_record(pilot) -> None:
        await press(pilot, "f9")
        await press(pilot, "enter")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=open_record)


# --- before a shift, and a swap asked for (#14) --------------------------------------------------


@pytest.mark.parametrize("size", BREAKPOINT_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_attendance_before_the_shift(snap_compare, demo_store, settings, clock, floorplan, size):
    import pendulum

    clock.set(pendulum.datetime(2026, 11, 30, 7, 35, tz="Asia/Shanghai"))
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_board(pilot) -> None:
        await press(pilot, "f4")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_board)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_swap_request_form(snap_compare, demo_store, settings, clock, floorplan, size):
    from hotline_tui.domain.attendance.board import board_for
    from tests.helpers import shift

    # Two agents (the first rows of the boards with a group: the chiefs on the rota have none).
    giver = next(
        r for r in board_for(demo_store, TODAY, shift(demo_store, "early")).rows if r.group
    )
    taker = next(r for r in board_for(demo_store, TODAY, shift(demo_store, "late")).rows if r.group)
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def fill(pilot) -> None:
        await press(pilot, "f4")
        await press(pilot, "c", *giver.staff_no, "enter", *taker.staff_no, "enter")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=fill)


# --- 16 colours (TERM=xterm, PuTTY's and Xshell's default) --------------------------------


@functools.lru_cache(1024)
def _sixteen(style: Style | None) -> Style | None:
    def down(colour: Color | None) -> Color | None:
        if colour is None or colour.is_default:
            return colour
        r, g, b = colour.downgrade(ColorSystem.STANDARD).get_truecolor()
        return Color.from_rgb(r, g, b)

    if style is None:
        return None
    return style + Style.from_color(down(style.color), down(style.bgcolor))


class SixteenColours(LineFilter):
    """Every colour as its nearest of the terminal's sixteen, as TERM=xterm draws it."""

    def apply(self, segments: list[Segment], background: TextualColor) -> list[Segment]:
        return [Segment(text, _sixteen(style), control) for text, style, control in segments]


@pytest.mark.parametrize("key", ["f2", "f3", "f4", "f5", "f7"])
def test_in_16_colours(snap_compare, demo_store, settings, clock, floorplan, key):
    """The floor, handovers, attendance, clocks and indicators as a 16-colour terminal
    shows them: every group, band and state still told apart (by word or mark too)."""
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
    filters = app.get_line_filters
    app.get_line_filters = lambda: [*filters(), SixteenColours()]  # type: ignore[method-assign]

    async def open_area(pilot) -> None:
        await settle(pilot)
        if key != "f2":
            await press(pilot, key)
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=open_area)


TWO_SIZES = [(160, 48), (100, 30)]


@pytest.mark.parametrize("size", TWO_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_daily_report(snap_compare, demo_store, settings, clock, floorplan, size):
    """Yesterday's report as the chief finds it in the morning: composed, not submitted."""
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_report(pilot) -> None:
        await press(pilot, "f10")
        await wait_until(pilot, lambda: getattr(pilot.app.screen, "doc", None) is not None)
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_report)


@pytest.mark.parametrize("size", TWO_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_monthly_report_submitted(snap_compare, demo_store, settings, clock, floorplan, size):
    """October's report as the demo submitted it, read by a manager."""
    app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))

    async def open_month(pilot) -> None:
        await press(pilot, "f10", "m")
        await wait_until(
            pilot,
            lambda: (
                getattr(pilot.app.screen, "doc", None) is not None
                and pilot.app.screen.doc.period.kind == "month"
            ),
        )
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_month)


@pytest.mark.parametrize("size", TWO_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_escalations(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_escalations(pilot) -> None:
        await press(pilot, "f5", "e")
        await wait_until(pilot, lambda: bool(getattr(pilot.app.screen, "rows", None)))
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_escalations)


@pytest.mark.parametrize("size", TWO_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", ["records", "people"])
def test_quality(snap_compare, demo_store, settings, clock, floorplan, size, view):
    app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))

    async def open_quality(pilot) -> None:
        await press(pilot, "f7", "q")
        await wait_until(pilot, lambda: getattr(pilot.app.screen, "data", None) is not None)
        if view == "people":
            await press(pilot, "v")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_quality)


@pytest.mark.parametrize("size", TWO_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_exams(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))

    async def open_exams(pilot) -> None:
        await press(pilot, "f7", "k")
        await wait_until(pilot, lambda: getattr(pilot.app.screen, "data", None) is not None)
        await press(pilot, "p", "p")  # September: an exam and its resit
        await wait_until(
            pilot,
            lambda: pilot.app.screen.data is not None and pilot.app.screen.data.month.month == 9,
        )
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_exams)


@pytest.mark.parametrize("size", TWO_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_fill_preview(snap_compare, demo_store, settings, clock, floorplan, size):
    """Tomorrow's early shift filled from its rota, with the 医保 zone cut to two seats:
    the habits, the zone, and people left standing with the nearest free zone offered."""
    from hotline_tui.domain.floor import zones

    f_seats = [f"F{n:02d}" for n in range(3, 11)]
    zones.set_zone_seats(demo_store, chief(demo_store), "专业坐席（医保）", f_seats, member=False)
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_fill(pilot) -> None:
        await press(pilot, "n", "f")
        await wait_until(pilot, lambda: getattr(pilot.app.screen, "preview", None) is not None)
        await press(pilot, "pagedown", "pagedown", "pagedown")  # those standing are listed last
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_fill)


@pytest.mark.parametrize("size", TWO_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_zones(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_zones(pilot) -> None:
        await press(pilot, "z")
        await wait_until(pilot, lambda: getattr(pilot.app.screen, "data", None) is not None)
        await press(pilot, "down", "down")  # 专业坐席（医保）: the F seats, needing 医保
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_zones)


@pytest.mark.parametrize("size", TWO_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_training(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))

    async def open_training(pilot) -> None:
        await press(pilot, "f7", "t")
        await wait_until(pilot, lambda: getattr(pilot.app.screen, "data", None) is not None)
        first = pilot.app.screen.data.chosen
        await press(pilot, "down")  # the 医保 session: one late, one absent
        await wait_until(
            pilot,
            lambda: (
                pilot.app.screen.data.chosen != first
                and pilot.app.screen.data.roll[0].group == "专业坐席（医保）"
            ),
        )
        await press(pilot, "r")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_training)


@pytest.mark.parametrize("size", TWO_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_dossier(snap_compare, demo_store, settings, clock, floorplan, size):
    from hotline_tui.screens.people.dossier import DossierScreen

    app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))

    async def open_dossier(pilot) -> None:
        await press(pilot, "f8")
        await press(pilot, "f", *"1035", "enter")  # a person with a failed call this month
        await press(pilot, "v")
        await wait_until(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, DossierScreen) and pilot.app.screen.data is not None
            ),
        )
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_dossier)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_setup_checklist_on_the_demo(snap_compare, demo_store, settings, clock, floorplan, size):
    """All done but the backups (the ops PC's): opened from F8 with o."""
    from dataclasses import replace

    # A backup folder named the same on every machine, with nothing in it.
    settings = replace(settings, backup_dir=Path("/srv/hotline/backups"))
    app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))

    async def open_checklist(pilot) -> None:
        await press(pilot, "f8", "o")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_checklist)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_setup_checklist_on_an_empty_floor(snap_compare, empty_store, clock, floorplan, size):
    """The first manager, nobody else yet: shown at sign-in, every line saying what to press."""
    settings, manager_only = _empty_floor(empty_store)
    app = build_app(settings, empty_store, clock, floorplan, manager_only)

    async def shown(pilot) -> None:
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "SetupChecklistScreen")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=shown)


def _empty_floor(empty_store):
    """A floor with its first manager only, as on the first morning."""
    from hotline_tui.config import Settings
    from hotline_tui.domain.people.manage import init_floor
    from hotline_tui.domain.people.roster import staff_by_no
    from tests.conftest import REPO

    init_floor(empty_store, "2001", "王芳", "135790", "135790")
    settings = Settings(db=server_db.store_text(empty_store),
                        floorplan=REPO / "data" / "floorplan.toml",
                        backup_dir=Path("/srv/hotline/backups"))  # fmt: skip
    return settings, staff_by_no(empty_store, "2001")


@pytest.mark.parametrize("key", ["f2", "f3", "f4", "f5", "f6", "f7"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_an_empty_floor_says_which_key_brings_data_in(
    snap_compare, empty_store, clock, floorplan, size, key
):
    """#33: the floor, handovers, attendance, clocks, the meeting's roll call and the
    indicators with nothing in them yet, each naming the key that brings it in (the
    checklist, shown at sign-in, closed first; people and the audit are never empty)."""
    settings, manager_only = _empty_floor(empty_store)
    app = build_app(settings, empty_store, clock, floorplan, manager_only)

    async def open_area(pilot) -> None:
        await close_checklist(pilot)
        await press(pilot, key)
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_area)
