"""Rota, attendance, arrival rates, swaps, overtime, imports and morning meetings."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pendulum
import pytest

from hotline_tui.clock import BEIJING
from hotline_tui.domain import meetings
from hotline_tui.domain.attendance.board import board_for
from hotline_tui.domain.attendance.marking import mark, mark_rest_present
from hotline_tui.domain.attendance.rates import rates
from hotline_tui.domain.attendance.rota import (
    generate,
    parse_week,
    replace_entries,
    schedule,
    scheduled,
    set_pattern,
)
from hotline_tui.domain.attendance.sheet import monthly_sheet
from hotline_tui.domain.attendance.swaps import (
    approve_swap,
    day_records,
    record_overtime,
    refuse_swap,
    request_swap,
    swap_requests,
)
from hotline_tui.domain.handover.carry import context, gather
from hotline_tui.domain.people.roster import staff_by_no
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.imports.rota_file import RotaFileError, import_rota
from hotline_tui.model.periods import quarter_of
from tests.helpers import audit_rows, everyone

JAN5, JAN6, FEB2 = date(2027, 1, 5), date(2027, 1, 6), date(2027, 2, 2)
# Three agents of the demo roster, in 综合坐席.
A, B, C = "1020", "1021", "1022"


def bj(text: str) -> pendulum.DateTime:
    return pendulum.parse(text, tz=BEIJING)


@pytest.fixture
def q1(demo_store, clock):
    """A quarter the demo has not touched (2027-Q1), seen from after its end."""
    clock.set(bj("2027-04-01 09:00"))
    return demo_store


def chief(store):
    return staff_by_no(store, "1004")


def early(store):
    return list_shifts(store)[0]


def swap(store, actor, day, giver, taker, other_day=None, note=""):
    """Asked and approved at once, as a chief does for two people standing at the desk."""
    return approve_swap(
        store, actor, request_swap(store, actor, day, giver, taker, other_day, note)
    )


def put(store, day, *people, shift=None):
    for no in people:
        schedule(store, chief(store), day, shift or early(store), no)


def test_the_arrival_rate_over_a_month_and_a_quarter_computed_by_hand(q1, clock):
    store, sh = q1, early(q1)
    put(store, JAN5, A, B, C)
    put(store, JAN6, A, B, C)
    put(store, FEB2, A, B)
    marks = {
        (JAN5, A): "出勤", (JAN5, B): "迟到", (JAN5, C): "早退",  # all three came
        (JAN6, A): "事假", (JAN6, B): "旷工",  # (JAN6, C) never marked
        (FEB2, A): "离岗", (FEB2, B): "病假",
    }  # fmt: skip
    for (day, no), status in marks.items():
        mark(
            store,
            chief(store),
            day,
            sh,
            no,
            status,
            bj(f"{day} 08:12") if status == "迟到" else None,
        )
    shifts = list_shifts(store)
    now = clock.now()
    january = rates(store, date(2027, 1, 1), date(2027, 1, 31), now, shifts)[""]
    february = rates(store, date(2027, 2, 1), date(2027, 2, 28), now, shifts)[""]
    march = rates(store, date(2027, 3, 1), date(2027, 3, 31), now, shifts)[""]
    quarter = rates(store, *quarter_of(JAN5), now, shifts)
    # January: 3 arrived (出勤, 迟到, 早退) of 6 scheduled; February: 1 (离岗) of 2.
    assert (january.arrived, january.scheduled) == (3, 6) and january.value == 0.5
    assert (february.arrived, february.scheduled) == (1, 2)
    assert march.value is None and march.text == "无排班"
    assert (quarter[""].arrived, quarter[""].scheduled) == (4, 8)
    assert quarter[""].text == "4/8 = 50.0%（未达标）"
    assert quarter["综合坐席"] == quarter[""]  # all three are general agents
    assert quarter_of(FEB2) == (date(2027, 1, 1), date(2027, 3, 31))
    assert quarter_of(date(2026, 11, 30)) == (date(2026, 10, 1), date(2026, 12, 31))


def test_shifts_not_begun_are_not_counted_yet(q1, clock):
    store = q1
    shifts = list_shifts(store)
    put(store, JAN5, A)
    put(store, JAN5, B, shift=shifts[2])  # the late shift, 16:00
    clock.set(bj("2027-01-05 09:00"))
    mark(store, chief(store), JAN5, shifts[0], A, "出勤")
    assert rates(store, JAN5, JAN5, clock.now(), shifts)[""].text == "1/1 = 100.0%（达标）"
    # The late shift has begun: B, not marked yet, is being called, counted neither way.
    clock.set(bj("2027-01-05 16:00"))
    calling = rates(store, JAN5, JAN5, clock.now(), shifts)[""]
    assert (calling.scheduled, calling.calling, calling.people) == (1, 1, 2)
    assert calling.text == "点名中 1/1，未标记 1 人"
    # Once it is over, an unmarked person did not arrive: the verdict is back.
    clock.set(bj("2027-01-06 00:00"))
    assert rates(store, JAN5, JAN5, clock.now(), shifts)[""].text == "1/2 = 50.0%（未达标）"


def test_marking_rules(q1):
    store, sh = q1, early(q1)
    put(store, JAN5, A)
    with pytest.raises(DomainError, match="不在 2027-01-05 周二 早班的排班中"):
        mark(store, chief(store), JAN5, sh, B, "出勤")
    with pytest.raises(DomainError, match="到岗时间 07:55 不晚于班次开始（08:00），不算迟到"):
        mark(store, chief(store), JAN5, sh, A, "迟到", bj("2027-01-05 07:55"))
    with pytest.raises(DomainError, match="迟到请填写到岗时间"):
        mark(store, chief(store), JAN5, sh, A, "迟到")
    mark(store, chief(store), JAN5, sh, A, "迟到", bj("2027-01-05 08:17"))
    [row] = board_for(store, JAN5, sh).rows
    assert (row.status_text, row.arrived) == ("迟到 17 分", True)
    put(store, JAN5, B, C)
    assert mark_rest_present(store, chief(store), JAN5, sh) == 2
    assert [r.status for r in board_for(store, JAN5, sh).rows] == ["迟到", "出勤", "出勤"]


def test_a_team_leader_sees_their_own_group_first(demo_store):
    from tests.conftest import TODAY

    leader = next(p for p in _sign_in(demo_store) if p.post == "班长" and p.group != "综合坐席")
    rows = board_for(demo_store, TODAY, early(demo_store), first_group=leader.group).rows
    own = [r for r in rows if r.group == leader.group]
    assert own and rows[: len(own)] == own


def _sign_in(store):
    from hotline_tui.domain.people.roster import list_staff

    return list_staff(store, sign_in_only=True)


def test_flags_a_chief_needs_to_see(q1):
    store, sh = q1, early(q1)
    for day in (date(2027, 1, 4), JAN5, JAN6):
        put(store, day, A)
        mark(store, chief(store), day, sh, A, "旷工")
    flags = board_for(store, JAN6, sh).flags
    assert any("连续旷工 3 个排班日（01-04 至 01-06）" in f for f in flags)


def test_the_handover_reads_the_same_flags_as_the_board(demo_store):
    """The flags-only read every handover makes gives the board's flags, in its order,
    for every shift of the demo's last fortnight, with a flag of every kind made first."""
    from datetime import timedelta

    from hotline_tui.domain.attendance.board import attendance_flags
    from hotline_tui.domain.floor.seating import assign, plan_for, unseat

    today = date(2026, 11, 30)  # the demo's today (conftest)
    sh = early(demo_store)
    board = board_for(demo_store, today, sh)
    # Arrived, not seated: the first arrived person of the early shift loses their seat.
    arrived = next(r for r in board.rows if r.arrived and r.seat)
    unseat(demo_store, chief(demo_store), today, sh, arrived.seat)
    # Seated, not on the rota: someone who is not scheduled takes a free seat.
    on_rota = {r.staff_id for r in board.rows}
    outsider = next(p for p in everyone(demo_store) if p.id not in on_rota and p.group)
    free = next(v.label for v in plan_for(demo_store, today, sh).seats.values()
                if not v.occupied and not v.out_reason)  # fmt: skip
    assign(demo_store, chief(demo_store), today, sh, free, outsider.staff_no)

    kinds = set()
    for back in range(14):
        day = today - timedelta(days=back)
        for shift in list_shifts(demo_store):
            expected = board_for(demo_store, day, shift).flags
            assert attendance_flags(demo_store, day, shift) == expected
            kinds |= {k for f in expected for k in ("但标记为", "没有安排座位", "不在本班排班中",
                                                    "连续旷工") if k in f}  # fmt: skip
    assert len(kinds) == 4  # every kind of flag was compared


def test_the_monthly_sheet(q1):
    store, sh = q1, early(q1)
    put(store, JAN5, A, B)
    mark(store, chief(store), JAN5, sh, A, "年假")
    days, sheet = monthly_sheet(store, date(2027, 1, 1))
    assert len(days) == 31
    codes = {r.staff_no: r.codes[4] for r in sheet}
    assert codes == {A: "年", B: "？"}
    assert all(code == "" for code in sheet[0].codes[:4])


# --- swaps and overtime -----------------------------------------------------------------


def test_a_swap_moves_the_shift_and_both_sides_keep_a_record(q1):
    store, sh = q1, early(q1)
    shifts = list_shifts(store)
    put(store, JAN5, A)
    put(store, JAN6, B, shift=shifts[1])
    leader = staff_by_no(store, "1009")  # the 班长 of A's group
    asked = request_swap(store, leader, JAN5, A, B, other_day=JAN6, note="家中有事")
    # Asked is not done: the rota stays until a chief approves.
    assert scheduled(store, JAN5, sh) == {staff_by_no(store, A).id}
    with pytest.raises(DomainError, match="班长不能批准换班"):
        approve_swap(store, leader, asked)
    with pytest.raises(DomainError, match="没有排班，无班可换"):
        request_swap(store, chief(store), JAN5, C, B)
    with pytest.raises(ConflictError, match="已有一份待批准的换班申请"):
        request_swap(store, chief(store), JAN5, A, C)
    approve_swap(store, chief(store), asked)
    assert scheduled(store, JAN5, sh) == {staff_by_no(store, B).id}
    assert scheduled(store, JAN6, shifts[1]) == {staff_by_no(store, A).id}
    with pytest.raises(ConflictError, match="已被批准"):
        approve_swap(store, chief(store), asked)
    (row,) = swap_requests(store, JAN5)
    assert row.status == "approved" and row.status_text.startswith("已批准")
    put(store, JAN5, C, shift=shifts[0])
    with pytest.raises(DomainError, match="同一个班次，无需换班"):
        request_swap(store, chief(store), JAN5, B, C)


def test_a_team_leader_asks_for_their_own_group_only(q1):
    store = q1
    leader = staff_by_no(store, "1009")
    strangers = [
        p for p in everyone(store)
        if p.post == "组员" and p.group and p.group != leader.group and p.status == "在职"
    ]  # fmt: skip
    stranger, other = (
        strangers[0],
        next(p for p in strangers if p.group == strangers[0].group and p != strangers[0]),
    )
    put(store, JAN5, stranger.staff_no)
    with pytest.raises(DomainError, match=f"班长只能为本组（{leader.group}）申请换班"):
        request_swap(store, leader, JAN5, stranger.staff_no, other.staff_no)
    # Either side in the leader's group will do: A takes the stranger's shift.
    request_swap(store, leader, JAN5, stranger.staff_no, A)


def test_a_same_day_swap_trades_the_two_shifts(q1):
    store = q1
    shifts = list_shifts(store)
    put(store, JAN5, A, shift=shifts[0])
    put(store, JAN5, B, shift=shifts[2])
    swap(store, chief(store), JAN5, A, B, note="早晚互换")
    assert scheduled(store, JAN5, shifts[0]) == {staff_by_no(store, B).id}
    assert scheduled(store, JAN5, shifts[2]) == {staff_by_no(store, A).id}
    names = {no: staff_by_no(store, no).name for no in (A, B)}
    assert day_records(store, JAN5)[0].startswith(f"换班：{names[B]} 接 {names[A]} 的早班，互换")


def test_a_refused_request_leaves_the_rota_and_says_why(q1):
    store, sh = q1, early(q1)
    put(store, JAN5, A)
    asked = request_swap(store, staff_by_no(store, "1009"), JAN5, A, B)
    with pytest.raises(DomainError, match="请写明驳回的原因"):
        refuse_swap(store, chief(store), asked, "  ")
    refuse_swap(store, chief(store), asked, "当天人手不足")
    assert scheduled(store, JAN5, sh) == {staff_by_no(store, A).id}
    (row,) = swap_requests(store, JAN5)
    assert row.status == "refused" and "当天人手不足" in row.status_text
    assert asked not in [r.id for r in swap_requests(store)]  # not waiting any more


def test_an_approval_checks_the_rota_as_it_is_then(q1):
    store = q1
    put(store, JAN5, A)
    asked = request_swap(store, chief(store), JAN5, A, B)
    put(store, JAN5, B, shift=early(store))  # meanwhile B was put on the same shift
    with pytest.raises(DomainError, match="同一个班次，无需换班"):
        approve_swap(store, chief(store), asked)
    assert [r.status for r in swap_requests(store) if r.id == asked] == ["pending"]


def test_overtime_above_the_monthly_limit_is_refused_and_counted_on_the_sheet(q1):
    store = q1
    put(store, JAN5, A)
    record_overtime(store, chief(store), A, bj("2027-01-05 16:30"), bj("2027-01-05 20:30"),
                    month_limit=6)  # fmt: skip
    with pytest.raises(DomainError, match="已加班 4 小时，再加 3 小时将超过每月 6 小时的上限"):
        record_overtime(store, chief(store), A, bj("2027-01-06 16:30"), bj("2027-01-06 19:30"),
                        month_limit=6)  # fmt: skip
    record_overtime(store, chief(store), A, bj("2027-01-06 16:30"), bj("2027-01-06 18:30"),
                    month_limit=6)  # fmt: skip
    # February is another month: its own six hours.
    record_overtime(store, chief(store), A, bj("2027-02-01 16:30"), bj("2027-02-01 22:30"),
                    month_limit=6)  # fmt: skip
    _, sheet = monthly_sheet(store, JAN5)
    assert {r.staff_no: r.overtime for r in sheet}[A] == 6.0  # 4 h + 2 h, by hand


def test_overtime_may_not_overlap(q1):
    store = q1
    record_overtime(store, chief(store), A, bj("2027-01-05 16:30"), bj("2027-01-05 18:30"))
    with pytest.raises(ConflictError, match="01-05 16:30 至 01-05 18:30 的加班记录，与本次重叠"):
        record_overtime(store, chief(store), A, bj("2027-01-05 18:00"), bj("2027-01-05 19:00"))
    with pytest.raises(DomainError, match="结束时间应晚于开始时间"):
        record_overtime(store, chief(store), A, bj("2027-01-05 19:00"), bj("2027-01-05 18:00"))
    record_overtime(store, chief(store), A, bj("2027-01-05 18:30"), bj("2027-01-05 19:00"))


# --- patterns and imports -------------------------------------------------------------------


def test_weekly_patterns_generate_the_rota_keeping_what_is_there(q1):
    store = q1
    shifts = list_shifts(store)
    set_pattern(store, chief(store), A, parse_week("早 早 中 中 休 晚 休", shifts))
    with pytest.raises(DomainError, match="请写 7 天"):
        parse_week("早 早", shifts)
    with pytest.raises(DomainError, match="“夜”不是班次"):
        parse_week("早 早 中 中 休 夜 休", shifts)
    put(store, date(2027, 1, 4), A, shift=shifts[2])  # already on the late shift that Monday
    added, kept = generate(store, chief(store), date(2027, 1, 4), date(2027, 1, 10))
    # Mon kept; Tue 早, Wed 中, Thu 中, Sat 晚 added (other people's demo patterns add theirs too).
    person = staff_by_no(store, A).id
    assert kept >= 1 and added >= 4
    assert person in scheduled(store, date(2027, 1, 4), shifts[2])
    assert person in scheduled(store, JAN5, shifts[0])
    assert person in scheduled(store, date(2027, 1, 9), shifts[2])
    assert person not in scheduled(store, date(2027, 1, 8), shifts[0]) | scheduled(
        store, date(2027, 1, 8), shifts[1]
    ) | scheduled(store, date(2027, 1, 8), shifts[2])


def test_importing_a_good_csv_and_xlsx(q1, tmp_path):
    store = q1
    shifts = list_shifts(store)
    good = tmp_path / "rota.csv"
    good.write_text(f"工号,日期,班次\n{A},2027-01-05,早班\n{B},2027/01/05,middle\n", encoding="gbk")
    result = import_rota(store, chief(store), good, shifts)
    assert (result.added, result.replaced) == (2, 0)
    assert staff_by_no(store, B).id in scheduled(store, JAN5, shifts[1])

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["工号", "日期", "班次"])
    sheet.append([int(B), date(2027, 1, 5), "晚班"])  # moves B from 中班 to 晚班
    book.save(tmp_path / "rota.xlsx")
    result = import_rota(store, chief(store), tmp_path / "rota.xlsx", shifts)
    assert (result.added, result.replaced) == (0, 1)
    assert staff_by_no(store, B).id in scheduled(store, JAN5, shifts[2])


def test_a_bad_import_lists_every_bad_row_and_saves_nothing(q1, tmp_path):
    store = q1
    shifts = list_shifts(store)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "工号,日期,班次\n"
        f"{A},2027-01-05,早班\n"
        "9999,2027-01-05,早班\n"
        f"{B},2027-02-30,早班\n"
        f"{C},2027-01-05,夜班\n"
        f"{A},2027-01-05,中班\n",
        encoding="utf-8",
    )
    with pytest.raises(RotaFileError) as caught:
        import_rota(store, chief(store), bad, shifts)
    assert caught.value.problems == [
        "第 3 行：工号 9999 不存在",
        "第 4 行：日期“2027-02-30”无效，应为 YYYY-MM-DD 或 YYYY/M/D",
        "第 5 行：班次“夜班”不存在（可写：早班（早）、中班（中）、晚班（晚））",
        "第 6 行：与第 2 行重复（同一人同一天只能排一个班次）",
    ]
    assert scheduled(store, JAN5, shifts[0]) == set()  # the good row was not saved either
    columns = tmp_path / "columns.csv"
    columns.write_text("staff,date\n1020,2027-01-05\n", encoding="utf-8")
    with pytest.raises(
        DomainError, match="第 1 行应为表头：“工号,日期,班次”.*缺少：工号、日期、班次"
    ):
        import_rota(store, chief(store), columns, shifts)
    for name, content in (
        ("rota.txt", b"x"),
        ("fake.xlsx", b"not a zip"),
        ("bin.csv", b"\x00\x01"),
    ):
        (tmp_path / name).write_bytes(content)
    with pytest.raises(DomainError, match="只能导入 CSV 或 XLSX"):
        import_rota(store, chief(store), tmp_path / "rota.txt", shifts)
    with pytest.raises(DomainError, match="不是有效的 XLSX 文件"):
        import_rota(store, chief(store), tmp_path / "fake.xlsx", shifts)
    with pytest.raises(DomainError, match="不是文本格式的 CSV"):
        import_rota(store, chief(store), tmp_path / "bin.csv", shifts)


# --- morning meetings ----------------------------------------------------------------------------


def test_a_meeting_has_one_record_per_day_and_its_actions_are_carried(q1, clock):
    store, sh = q1, early(q1)
    clock.set(bj("2027-01-05 08:10"))
    m = meetings.open_meeting(store, chief(store), JAN5, sh)
    assert meetings.open_meeting(store, staff_by_no(store, "1005"), JAN5, sh) == m
    v = meetings.get_meeting(store, m, list_shifts(store)).version
    meetings.save_meeting(
        store, chief(store), m, {"review": "昨日平稳", "qc": "[red]抽检[/]"}, "08:05", v
    )
    with pytest.raises(ConflictError, match="另一个终端"):
        meetings.save_meeting(store, chief(store), m, {"review": "旧"}, "08:05", v)
    with pytest.raises(DomainError, match="开会时间“8点”无效"):
        meetings.save_meeting(store, chief(store), m, {}, "8点", None)
    with pytest.raises(DomainError, match="完成日期 2027-01-04 早于开会日期"):
        meetings.add_action(store, chief(store), m, "整理清单", A, date(2027, 1, 4))
    item = meetings.add_action(store, chief(store), m, "整理供暖诉求清单", A, date(2027, 1, 7))
    view = meetings.get_meeting(store, m, list_shifts(store))
    assert view.sections["qc"] == "[red]抽检[/]" and view.held_at == "08:05"
    assert [(i.title, i.due, i.status) for i in view.items] == [
        ("整理供暖诉求清单", date(2027, 1, 7), "open")
    ]
    carried = gather(store, context(store, JAN5, sh, clock.now()))
    assert any(c.item_id == item and c.source == "待办" for c in carried)
    assert [r.id for r in meetings.list_meetings(store, "供暖")][:1] == [m]
    assert meetings.list_meetings(store, "抽检")[0].id == m


def test_attendance_exceptions_are_carried_into_the_handover(demo_store, clock):
    from tests.conftest import TODAY

    carried = [
        c
        for c in gather(demo_store, context(demo_store, TODAY, early(demo_store), clock.now()))
        if c.source == "考勤"
    ]
    texts = [c.text for c in carried]
    assert any("在座位" in t and "标记为病假" in t for t in texts)
    assert any("连续旷工 3 个排班日" in t for t in texts)


def test_both_sides_of_a_swap_and_overtime_show_on_the_day(q1):
    store = q1
    put(store, JAN5, A)
    swap(store, chief(store), JAN5, A, B)
    record_overtime(store, chief(store), C, bj("2027-01-05 16:30"), bj("2027-01-05 18:00"))
    names = {no: staff_by_no(store, no).name for no in (A, B, C)}
    boss = chief(store).name
    assert day_records(store, JAN5) == [
        f"换班：{names[B]} 接 {names[A]} 的早班，顶班，{boss} 批准",
        f"加班：{names[C]} 16:30-18:00，{boss} 批准",
    ]


def test_generating_over_national_day_may_leave_the_holidays_unstaffed(q1):
    store = q1
    shifts = list_shifts(store)
    set_pattern(store, chief(store), A, parse_week("早 早 早 早 早 早 早", shifts))
    person = staff_by_no(store, A).id
    span = [date(2026, 9, 28) + timedelta(days=n) for n in range(14)]
    replace_entries(store, chief(store), [], "test", [(d, person) for d in span])  # a clean slate
    holidays = frozenset(date(2026, 10, d) for d in (1, 2, 5, 6, 7))
    generate(store, chief(store), span[0], span[-1], skip=holidays)
    for d in range(28, 31):
        assert person in scheduled(store, date(2026, 9, d), shifts[0])
    for n in range(1, 12):
        on = date(2026, 10, n)
        assert (person in scheduled(store, on, shifts[0])) == (on not in holidays), on
    (made, *_) = reversed(audit_rows(store, "rota.generate"))
    assert json.loads(made.after)["skipped"] == sorted(d.isoformat() for d in holidays)
