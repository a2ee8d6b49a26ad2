"""Urgent issues, faults, replacements: deadlines, bands, warnings and the working-day calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pendulum
import pytest
import sqlalchemy as sa

from hotline_tui.clock import BEIJING, FixedClock
from hotline_tui.config import SettingsError, SlaSpec, load_settings
from hotline_tui.db.store import Store
from hotline_tui.domain.clocks import faults, replacements, urgent
from hotline_tui.domain.clocks.countdown import open_clocks
from hotline_tui.domain.floor import seating
from hotline_tui.domain.people.roster import staff_by_no
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.countdown import WarningTracker, band, format_remaining
from hotline_tui.model.permissions import PermissionDenied
from hotline_tui.workdays import Calendar, WorkdaysError, load_calendar, load_overrides
from tests import server_db
from tests.conftest import REPO, TODAY

SLA = SlaSpec()


def bj(text: str) -> pendulum.DateTime:
    return pendulum.parse(text, tz=BEIJING)


def chief(store):
    return staff_by_no(store, "1004")


def manager(store):
    return staff_by_no(store, "1001")


def new_urgent(store, clock, minutes_ago=0, category="突发事件", summary="燃气泄漏报警"):
    opened = clock.now().subtract(minutes=minutes_ago)
    return urgent.open_issue(
        store, chief(store), SLA, list_shifts(store), category, summary, "GD20261130001", opened
    )


def clock_of(store, kind, ident):
    return next(c for c in open_clocks(store) if c.key == (kind, ident))


# --- the working-day calendar -----------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "deadline"),
    [
        # Tue before National Day: 09-30, then 10-01..07 off, 10-08 and 10-09.
        ("2026-09-29 10:00", "2026-10-10 00:00"),
        # Wed 09-30: 10-08, 10-09 and Saturday 10-10, a 调休 workday.
        ("2026-09-30 17:00", "2026-10-11 00:00"),
        # Fri 09-18: Sunday 09-20 is a 调休 workday, then Mon 09-21 and Tue 09-22.
        ("2026-09-18 09:00", "2026-09-23 00:00"),
        # An ordinary week: Thu 11-26 -> Fri 27, Mon 30, Tue 12-01.
        ("2026-11-26 15:00", "2026-12-02 00:00"),
    ],
)
def test_three_working_days_across_national_day_computed_by_hand(requested, deadline):
    end, unknown = replacements.deadline_for(Calendar(), bj(requested), 3)
    assert end == bj(deadline) and unknown == []


def test_working_time_skips_the_holiday():
    calendar = Calendar()
    # 2 h on Wed 09-30, none from 10-01 to 10-07, 2 h on Thu 10-08.
    assert calendar.working_seconds(bj("2026-09-30 22:00"), bj("2026-10-08 02:00")) == 4 * 3600
    assert calendar.working_seconds(bj("2026-10-08 02:00"), bj("2026-09-30 22:00")) == -4 * 3600
    assert calendar.is_workday(date(2026, 10, 10)) and not calendar.is_workday(date(2026, 10, 6))


def test_a_year_nobody_entered_is_flagged_not_guessed(tmp_path):
    end, unknown = replacements.deadline_for(Calendar(), bj("2027-03-02 10:00"), 3)
    assert unknown == [2027]
    assert end == bj("2027-03-06 00:00")  # as a plain week, but flagged
    entered = tmp_path / "workdays.toml"
    entered.write_text('[2027]\noff = ["2027-03-03"]\nwork = ["2027-03-06"]\n', encoding="utf-8")
    calendar = load_calendar(entered)
    end, unknown = replacements.deadline_for(calendar, bj("2027-03-02 10:00"), 3)
    # 03-03 off; 03-04, 03-05 and Saturday 03-06 (entered as a workday).
    assert (end, unknown) == (bj("2027-03-07 00:00"), [])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[2027]\noff = ["2027-02-30"]\n', "“2027-02-30”不是有效日期"),
        ('[2027]\noff = ["2028-01-01"]\n', "2028-01-01 不属于 2027 年"),
        ("[next]\noff = []\n", "不是年份"),
        ('[2027]\noff = ["2027-01-01"]\nwork = ["2027-01-01"]\n', "既是放假日又是上班日"),
        ('[2027]\noff = "2027-01-01"\n', "应为日期列表"),
        ("[2027\n", "无法读取工作日文件"),
    ],
)
def test_a_holiday_file_with_bad_dates_is_refused_in_chinese(tmp_path, text, message):
    path = tmp_path / "workdays.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkdaysError, match=message):
        load_overrides(path)


def test_the_shipped_holiday_file_loads():
    assert load_overrides(REPO / "data" / "workdays.toml") == {}


# --- settings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[sla]\nfault_report_minutes = 0\n", "必须大于 0"),
        ("[sla]\nreplacement_workdays = -1\n", "必须大于 0"),
        ('[sla]\nurgent_minutes = { "突发事件" = 0 }\n', "“突发事件”的时限（分钟） 必须大于 0"),
        ('[sla]\nfault_report_minutes = "15"\n', "应为正整数"),
        (
            '[qc]\nitems = { "开场白" = 0 }\n',
            "分值 必须大于 0（现为 0）：分值为 0 的检查项未达标也不扣分",
        ),
    ],
)
def test_a_limit_of_zero_or_less_in_settings_is_refused(tmp_path, toml, message):
    path = tmp_path / "config.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_settings({"HOTLINE_CONFIG": str(path)})


def test_limits_per_category_come_from_settings(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[sla]\nurgent_minutes = { "涉及人身安全" = 15, "其他紧急" = 30 }\n', "utf-8")
    sla = load_settings({"HOTLINE_CONFIG": str(path)}).sla
    assert sla.categories == ["涉及人身安全", "其他紧急"] and sla.urgent_limit("涉及人身安全") == 15


# --- urgent issues -----------------------------------------------------------------------


def test_bands_change_at_the_right_second(demo_store, clock):
    issue = new_urgent(demo_store, clock)
    c = clock_of(demo_store, "urgent", issue)
    assert c.deadline == clock.now().add(minutes=30)
    expected = [
        (0, "normal", "30:00"),
        (19 * 60 + 59, "normal", "10:01"),
        (20 * 60, "warning", "10:00"),
        (24 * 60 + 59, "warning", "05:01"),
        (25 * 60, "danger", "05:00"),
        (30 * 60 - 1, "danger", "00:01"),
        (30 * 60, "overdue", "00:00"),
        (30 * 60 + 75, "overdue", "-01:15"),
        (30 * 60 + 3725, "overdue", "-1:02:05"),
    ]
    start = clock.now()
    for after, want_band, want_text in expected:
        now = start.add(seconds=after)
        left = c.remaining(now)
        assert (band(c, left), format_remaining(c, left)) == (want_band, want_text), after


def test_warnings_fire_once_per_threshold(demo_store, clock):
    issue = new_urgent(demo_store, clock)
    tracker = WarningTracker()
    start = clock.now()
    fired = []
    for second in range(0, 32 * 60, 30):
        for w in tracker.check(open_clocks(demo_store), start.add(seconds=second)):
            if w.clock.key == ("urgent", issue):
                fired.append((second, w.band))
    assert fired == [(20 * 60, "warning"), (25 * 60, "danger"), (30 * 60, "overdue")]


def test_a_terminal_that_starts_late_hears_only_the_worst(demo_store, clock):
    issue = new_urgent(demo_store, clock, minutes_ago=27)
    warnings = [
        w
        for w in WarningTracker().check(open_clocks(demo_store), clock.now())
        if w.clock.key == ("urgent", issue)
    ]
    assert [w.band for w in warnings] == ["danger"]
    assert warnings[0].message == "紧急问题即将超时（剩 03:00）：[突发事件] 燃气泄漏报警"


def test_overdue_stays_overdue_after_a_restart(demo_store, clock):
    issue = new_urgent(demo_store, clock)
    clock.advance(minutes=45)
    path = server_db.store_text(demo_store)
    demo_store.close()
    again = Store.open(path, FixedClock(clock.now()))
    try:
        c = clock_of(again, "urgent", issue)
        left = c.remaining(again.clock.now())
        assert (band(c, left), format_remaining(c, left)) == ("overdue", "-15:00")
    finally:
        again.close()


def test_opening_times_in_the_future_or_before_the_shift_are_refused(demo_store, clock):
    shifts = list_shifts(demo_store)
    with pytest.raises(DomainError, match="在将来"):
        urgent.open_issue(
            demo_store,
            chief(demo_store),
            SLA,
            shifts,
            "突发事件",
            "x",
            "",
            clock.now().add(minutes=1),
        )
    with pytest.raises(DomainError, match="早于本班开始（11-30 08:00）"):
        urgent.open_issue(
            demo_store, chief(demo_store), SLA, shifts, "突发事件", "x", "", bj("2026-11-30 07:59")
        )
    with pytest.raises(DomainError, match="没有“火星”这个类别"):
        urgent.open_issue(demo_store, chief(demo_store), SLA, shifts, "火星", "x")
    with pytest.raises(DomainError, match="一句话写明"):
        urgent.open_issue(demo_store, chief(demo_store), SLA, shifts, "突发事件", "  ")
    assert urgent.parse_opened("08:30", clock.now()) == bj("2026-11-30 08:30")
    assert urgent.parse_opened("", clock.now()) == clock.now()
    with pytest.raises(DomainError, match="无法识别"):
        urgent.parse_opened("8点半", clock.now())


def test_open_take_resolve_and_the_reason_for_a_delay(demo_store, clock):
    issue = new_urgent(demo_store, clock)
    other = staff_by_no(demo_store, "1005")
    urgent.take(demo_store, chief(demo_store), issue)
    with pytest.raises(ConflictError, match="已由 .* 受理"):
        urgent.take(demo_store, other, issue)
    with pytest.raises(DomainError, match="请写明处理结果"):
        urgent.resolve(demo_store, chief(demo_store), issue, "  ")
    clock.advance(minutes=31)
    assert urgent.closing_state(demo_store, issue).late
    with pytest.raises(DomainError, match="已超过时限 1 分钟，请写明延误原因"):
        urgent.resolve(demo_store, chief(demo_store), issue, "已派燃气集团处置")
    urgent.resolve(demo_store, chief(demo_store), issue, "已派燃气集团处置", "燃气集团电话占线")
    assert ("urgent", issue) not in [c.key for c in open_clocks(demo_store)]
    with pytest.raises(ConflictError, match="已办结"):
        urgent.transfer(demo_store, other, issue, "区应急局", "转办")


def test_monthly_timeliness_counts_late_and_still_open_ones(demo_store, clock):
    from hotline_tui.model.timeliness import Timeliness, tally

    month = date(2026, 11, 1)
    before = [i.outcome(clock.now()) for i in urgent.issues_in_month(demo_store, month)]
    a = new_urgent(demo_store, clock, summary="A")
    b = new_urgent(demo_store, clock, summary="B")
    c = new_urgent(demo_store, clock, summary="C")
    urgent.resolve(demo_store, chief(demo_store), a, "ok")  # on time
    clock.advance(minutes=40)
    urgent.transfer(demo_store, chief(demo_store), b, "区住建委", "职责", "等待确认")  # late
    # c is still open and past its deadline: late as well.
    outcomes = [i.outcome(clock.now()) for i in urgent.issues_in_month(demo_store, month)]
    assert outcomes[len(before) :] == ["on_time", "late", "late"]
    assert tally(outcomes[len(before) :]) == Timeliness(counted=3, on_time=1)
    assert tally([]).rate is None and tally([]).text == "本月无数据"
    assert tally(["pending"]).rate is None
    assert tally(["on_time", "late", "pending"]).text == "1/2 = 50.0%"
    assert c in [i.id for i in urgent.issues_in_month(demo_store, month)]


# --- faults and replacements ------------------------------------------------------------------


def test_a_fault_takes_its_seats_out_of_service_until_resolved(demo_store, clock):
    shifts = list_shifts(demo_store)
    fault = faults.open_fault(
        demo_store,
        chief(demo_store),
        SLA,
        "耳机",
        "两副耳机无声",
        clock.now().subtract(minutes=3),
        ["C11", "c12"],
    )
    plan = seating.plan_for(demo_store, TODAY, shifts[0])
    assert plan.seats["C11"].out_reason == "故障：耳机 两副耳机无声"
    assert plan.seats["C12"].out_of_service
    c = clock_of(demo_store, "fault", fault)
    assert format_remaining(c, c.remaining(clock.now())) == "12:00"
    faults.mark_reported(demo_store, chief(demo_store), fault, "采购人值班室 王科长")
    assert ("fault", fault) not in [c.key for c in open_clocks(demo_store)]
    with pytest.raises(ConflictError, match="已于 11-30 09:00 上报给 采购人值班室 王科长"):
        faults.mark_reported(demo_store, chief(demo_store), fault, "again")
    clock.advance(minutes=30)
    assert faults.resolve_fault(demo_store, chief(demo_store), fault, "更换耳机") == 2
    assert not seating.plan_for(demo_store, TODAY, shifts[0]).seats["C11"].out_of_service
    [row] = [f for f in faults.faults_in_month(demo_store, date(2026, 11, 1)) if f.id == fault]
    assert row.outcome(clock.now()) == "on_time"
    with pytest.raises(DomainError, match="没有座位 Z99"):
        faults.open_fault(demo_store, chief(demo_store), SLA, "耳机", "", None, ["Z99"])
    with pytest.raises(DomainError, match="在将来"):
        faults.open_fault(
            demo_store, chief(demo_store), SLA, "网络", "", clock.now().add(minutes=5)
        )


def test_a_replacement_counts_working_days(demo_store, clock):
    calendar = Calendar()
    request = replacements.request_replacement(
        demo_store, chief(demo_store), calendar, SLA, "1090", "态度问题被投诉两次"
    )
    c = clock_of(demo_store, "replacement", request)
    # Mon 11-30 09:00: Tue, Wed, Thu -> until Fri 12-04 00:00, 3 working days and 15 hours.
    assert c.deadline == bj("2026-12-04 00:00")
    left = c.remaining(clock.now(), calendar)
    assert (format_remaining(c, left), band(c, left)) == ("3 个工作日 15 小时", "normal")
    assert format_remaining(c, left, short=True) == "3日15时"  # in a narrow column
    clock.set(bj("2026-12-03 21:00"))
    left = c.remaining(clock.now(), calendar)
    assert (format_remaining(c, left), band(c, left)) == ("3 小时 0 分", "danger")
    assert format_remaining(c, left, short=True) == "3时0分"
    clock.set(bj("2026-12-07 10:30"))  # past its deadline, Monday: 1 working day 10 hours
    left = c.remaining(clock.now(), calendar)
    assert (format_remaining(c, left), format_remaining(c, left, short=True)) == (
        "超时 1 个工作日 10 小时", "-1日10时")  # fmt: skip
    clock.set(bj("2026-12-03 21:00"))
    with pytest.raises(PermissionDenied, match="值班长不能答复撤换要求"):
        replacements.respond(demo_store, chief(demo_store), request, "已调离坐席岗位")
    with pytest.raises(DomainError, match="请写明答复内容"):
        replacements.respond(demo_store, manager(demo_store), request, "")
    replacements.respond(demo_store, manager(demo_store), request, "已调离坐席岗位")
    with pytest.raises(ConflictError, match="已于 12-03 21:00 答复"):
        replacements.respond(demo_store, manager(demo_store), request, "again")


def test_nothing_is_half_saved_when_a_rule_says_no(demo_store, clock):
    from hotline_tui.db.tables import Fault, SeatOutage

    def counts():
        with demo_store.read() as session:
            return [
                session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                for t in (Fault, SeatOutage)
            ]

    before = counts()
    with pytest.raises(DomainError):
        faults.open_fault(demo_store, chief(demo_store), SLA, "耳机", "", None, ["C11", "Z99"])
    assert counts() == before


def test_open_clocks_are_carried_into_the_handover_with_their_time_left(demo_store, clock):
    from hotline_tui.domain.handover.carry import context, gather

    issue = new_urgent(demo_store, clock, minutes_ago=12)
    fault = faults.open_fault(
        demo_store, chief(demo_store), SLA, "工单系统", "无法派单", clock.now().subtract(minutes=20)
    )
    request = replacements.request_replacement(
        demo_store, chief(demo_store), Calendar(), SLA, "1090", "多次投诉"
    )
    ctx = context(demo_store, TODAY, list_shifts(demo_store)[0], clock.now())
    carried = {(c.source, c.ref): c.text for c in gather(demo_store, ctx)}
    assert carried[("紧急问题", f"#{issue}")] == "[突发事件] 燃气泄漏报警（待受理，剩 18:00）"
    assert (
        carried[("故障", f"#{fault}")]
        == "工单系统 无法派单（11-30 08:40 发现，待上报，已超时 05:00）"
    )
    assert carried[("撤换", f"#{request}")].endswith("（12-03 24:00 前答复）")  # as on F5


def test_the_floor_settings_of_this_wave_are_read_and_checked(tmp_path):
    """handover_early_minutes and cursor_blink: read as written, refused in words."""
    path = tmp_path / "config.toml"
    path.write_text("handover_early_minutes = 45\ncursor_blink = false\n", encoding="utf-8")
    settings = load_settings({"HOTLINE_CONFIG": str(path)})
    assert (settings.handover_early_minutes, settings.cursor_blink) == (45, False)
    for toml, message in (
        ('cursor_blink = "no"\n', "cursor_blink（光标是否闪烁）应为 true 或 false"),
        ("handover_early_minutes = -5\n", "handover_early_minutes"),
    ):
        path.write_text(toml, encoding="utf-8")
        with pytest.raises(SettingsError, match=message):
            load_settings({"HOTLINE_CONFIG": str(path)})


# The State Council's notices (国务院办公厅关于 2025 年、2026 年部分节假日安排的通知),
# copied by hand: the days off beyond the weekends, and the weekend days worked (调休).
STATE_COUNCIL = {
    2025: (
        ["01-01", *(f"01-{d}" for d in range(28, 32)), *(f"02-0{d}" for d in range(1, 5)),
         "04-04", "04-05", "04-06", *(f"05-0{d}" for d in range(1, 6)),
         "05-31", "06-01", "06-02", *(f"10-0{d}" for d in range(1, 9))],
        ["01-26", "02-08", "04-27", "09-28", "10-11"],
    ),
    2026: (
        ["01-01", "01-02", "01-03", *(f"02-{d}" for d in range(15, 24)),
         "04-04", "04-05", "04-06", *(f"05-0{d}" for d in range(1, 6)),
         "06-19", "06-20", "06-21", "09-25", "09-26", "09-27",
         *(f"10-0{d}" for d in range(1, 8))],
        ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(STATE_COUNCIL))
def test_every_day_of_the_years_the_desk_knows_is_as_the_state_council_said(year):
    off, worked = (
        {date.fromisoformat(f"{year}-{d}") for d in days} for days in STATE_COUNCIL[year]
    )
    calendar = Calendar()
    assert calendar.knows(year)
    day, wrong = date(year, 1, 1), []
    while day.year == year:
        expected = day in worked or (day.weekday() < 5 and day not in off)
        if calendar.is_workday(day) != expected:
            wrong.append(f"{day} {'上班' if expected else '休息'}")
        day += timedelta(days=1)
    assert wrong == []


def test_a_year_nobody_knows_is_an_ordinary_week_as_the_screens_say():
    # The package would guess 2027's Spring Festival from the lunar calendar; the desk
    # counts Monday to Friday, and flags the year (what the clocks screen says).
    calendar = Calendar()
    assert not calendar.knows(2027)
    assert calendar.add_workdays(date(2027, 2, 4), 3) == (date(2027, 2, 9), {2027})
    week = [date(2027, 2, 8) + timedelta(days=n) for n in range(7)]
    assert [calendar.is_workday(d) for d in week] == [True] * 5 + [False] * 2


def test_the_special_days_of_a_span_are_listed_for_the_rota():
    from hotline_tui.workdays import special_days

    national = special_days(Calendar(), date(2026, 9, 28), date(2026, 10, 11))
    # The weekday holidays (10-03 and 10-04 are a weekend anyway) and the Saturday worked.
    assert national.off == [date(2026, 10, d) for d in (1, 2, 5, 6, 7)]
    assert national.worked == [date(2026, 10, 10)] and national.unknown_years == []
    assert national.text == "放假日：10-01、10-02、10-05、10-06、10-07；调休上班日：10-10"
    new_year = special_days(Calendar(), date(2026, 12, 28), date(2027, 1, 3))
    assert (new_year.off, new_year.unknown_years) == ([], [2027])
    assert new_year.text == "2027 年的放假安排未知，暂按普通周计算"
    assert not special_days(Calendar(), date(2026, 11, 2), date(2026, 11, 8))


def test_the_clock_list_gives_its_item_at_least_half_the_width():
    """F5 and the wallboard at 80 and 100 columns: the time left short, the deadline left
    out, so that 事项 keeps half the line; at 160 every column at its full width."""
    from hotline_tui.widgets.countdown_list import COLUMNS, NARROW, columns_for

    assert columns_for(160) is COLUMNS
    for width in (80, 100, 120):
        columns = columns_for(width)
        assert width - sum(w for _, w in columns) >= width // 2, width
    assert columns_for(80) is NARROW and dict(NARROW)["截止"] == 0
    # Each narrow column holds its longest word and a space: "请示报告", "项目经理", "23:30:00".
    widths = dict(NARROW)
    assert widths["时限类别"] >= 9 and widths["经手"] >= 9 and widths["剩余"] >= 9
