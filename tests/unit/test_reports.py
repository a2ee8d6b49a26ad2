"""Work reports (工作汇报) and escalations (请示报告): composed from a day built by hand,
every figure counted in the test; submitted, sealed and amended; clocks, carried
items, search, bad input, and the exported files read back."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pendulum
import pytest
import sqlalchemy as sa

from hotline_tui.clock import BEIJING
from hotline_tui.config import SlaSpec
from hotline_tui.db.tables import Escalation, ReplacementRequest, SeatOutage
from hotline_tui.domain.attendance.marking import mark
from hotline_tui.domain.attendance.rota import schedule
from hotline_tui.domain.attendance.swaps import record_overtime
from hotline_tui.domain.clocks import escalations, faults, replacements, urgent
from hotline_tui.domain.clocks.countdown import open_clocks
from hotline_tui.domain.floor.seating import assign, take_out_of_service
from hotline_tui.domain.handover import carry, lifecycle
from hotline_tui.domain.health import check_database
from hotline_tui.domain.meetings import add_action, open_meeting
from hotline_tui.domain.reports import filing
from hotline_tui.domain.reports.day import compose_day
from hotline_tui.domain.reports.document import document
from hotline_tui.domain.reports.rollup import compose_period
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from hotline_tui.exports.work_report import write_report
from hotline_tui.model.report_period import ReportPeriod, parse_month, parse_week
from hotline_tui.model.shift_changes import change_after
from hotline_tui.workdays import Calendar
from tests import server_db
from tests.helpers import DEMO_PIN, EARLY, chief, manager, run_command

DAY = date(2027, 3, 1)  # a Monday of its own: the demo has no records then
SLA = SlaSpec()


def at(hour: int, minute: int = 0, day: date = DAY) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=BEIJING)


def _quiet_demo(store, clock) -> None:
    """Answer what the demo left waiting, the day before, so it does not reach DAY."""
    boss = manager(store)
    clock.set(at(12, day=DAY - timedelta(days=1)))
    with store.read() as session:
        waiting = session.execute(
            sa.select(Escalation.id).where(
                Escalation.replied_at.is_(None), Escalation.withdrawn_at.is_(None)
            )
        ).scalars()
        requests = session.execute(
            sa.select(ReplacementRequest.id).where(ReplacementRequest.responded_at.is_(None))
        ).scalars()
        waiting, requests = list(waiting), list(requests)
    for escalation_id in waiting:
        escalations.withdraw(store, boss, escalation_id, "演示数据，测试前撤回")
    for request_id in requests:
        replacements.respond(store, boss, request_id, "已调岗")


def _open_outages(store) -> int:
    """Seats out of service now, counted with plain SQL, not by the code under test."""
    with store.read() as session:
        return session.execute(
            sa.select(sa.func.count()).select_from(SeatOutage).where(SeatOutage.ended_at.is_(None))
        ).scalar_one()


@pytest.fixture
def day_built(demo_store, clock):
    """DAY as the floor lived it; returns the ids the tests look up."""
    store = demo_store
    _quiet_demo(store, clock)
    shifts = list_shifts(store)
    early, middle = shifts[0], shifts[1]
    boss, head = chief(store), manager(store)
    ids: dict[str, int] = {}
    clock.set(at(7, 30))
    for no in ("1020", "1021", "1022"):
        schedule(store, boss, DAY, early, no)
    schedule(store, boss, DAY, middle, "1023")
    assign(store, boss, DAY, early, "A01", "1020")
    assign(store, boss, DAY, middle, "A02", "1023")
    ids["meeting"] = open_meeting(store, boss, DAY, early)
    add_action(store, boss, ids["meeting"], "复核 A05 耳麦", "1004", DAY)
    clock.set(at(8, 10))
    mark(store, boss, DAY, early, "1020", "出勤")
    mark(store, boss, DAY, early, "1021", "病假")
    mark(store, boss, DAY, early, "1022", "迟到", at(8, 5))
    take_out_of_service(store, boss, "A05", "耳麦损坏", shifts)
    # Urgent issues: one in time, one late (with its reason), one still open at night.
    clock.set(at(9))
    ids["on_time"] = urgent.open_issue(store, boss, SLA, shifts, "突发事件", "燃气泄漏报警")
    clock.set(at(9, 10))
    urgent.resolve(store, boss, ids["on_time"], "已转燃气集团")
    clock.set(at(10))
    ids["late"] = urgent.open_issue(store, boss, SLA, shifts, "其他紧急", "电梯困人")
    clock.set(at(10, 50))
    urgent.resolve(store, boss, ids["late"], "物业到场", "派单延迟")
    # A fault reported in time.
    clock.set(at(10, 30))
    ids["fault"] = faults.open_fault(store, boss, SLA, "工单系统", "派单页面无响应")
    clock.set(at(10, 40))
    faults.mark_reported(store, boss, ids["fault"], "采购人值班室")
    # Escalations: answered late, answered in time, still waiting at the day's end.
    clock.set(at(9, 30))
    ids["esc_late"] = escalations.raise_escalation(
        store, boss, SLA, "请示", "临时增开座位", "午间话务高峰", "运营主管", "特急"
    )
    clock.set(at(10, 30))
    escalations.record_reply(store, boss, ids["esc_late"], "运营主管", "同意增开 4 个")
    clock.set(at(11))
    ids["esc_ok"] = escalations.raise_escalation(
        store, boss, SLA, "报告", "工单系统卡顿", "", "采购人联系人", "一般"
    )
    clock.set(at(11, 30))
    escalations.record_reply(store, boss, ids["esc_ok"], "采购人 王科长", "已知悉")
    clock.set(at(14))
    ids["esc_open"] = escalations.raise_escalation(
        store, boss, SLA, "请示", "春节排班方案", "", "项目经理", "紧急"
    )
    ids["replacement"] = replacements.request_replacement(
        store, head, Calendar(), SLA, "1030", "两次有效投诉"
    )
    record_overtime(store, boss, "1020", at(16, 30), at(18, 30), "话务高峰")
    clock.set(at(16, 40))
    ids["handover"] = lifecycle.start(store, boss, change_after(shifts, DAY, early), 94)
    text = {"traffic": "平稳", "systems": "工单系统卡顿已恢复", "people": "1021 病假"}
    lifecycle.submit(store, boss, ids["handover"], text, None, 94, EARLY)
    mark(store, head, DAY, middle, "1023", "出勤")
    lifecycle.sign(store, head, ids["handover"], "中班值班长未排班，由项目经理代签")
    clock.set(at(23, 50))
    ids["open_issue"] = urgent.open_issue(store, boss, SLA, shifts, "水电气热中断", "整栋楼停暖")
    ids["outages"] = _open_outages(store)
    clock.set(at(8, 0, DAY + timedelta(days=1)))
    return ids


def test_a_day_report_is_composed_from_the_days_records(demo_store, clock, day_built):
    shifts = list_shifts(demo_store)
    now = clock.now()  # 03-02 08:00: the day is over
    report = compose_day(demo_store, shifts, DAY, now)
    assert report.ended
    early, middle, late = report.shifts
    # Early: 1020 出勤, 1021 病假, 1022 迟到 → scheduled 3, arrived 2 (迟到 counts).
    assert (early.total.scheduled, early.total.arrived) == (3, 2)
    assert early.not_arrived == ("{}（病假）".format(_name(demo_store, "1021")),)
    assert sum(r.scheduled for _, r in early.groups) == 3
    assert (middle.total.scheduled, middle.total.arrived) == (1, 1)
    assert (late.total.scheduled, late.total.arrived) == (0, 0)
    # Seats: one seated on each shift; A05 out since 08:10, with the demo's own outages.
    assert (early.seats_used, middle.seats_used) == (1, 1)
    assert len(early.seats_out) == day_built["outages"]
    assert "A05 耳麦损坏" in early.seats_out
    # Urgent issues opened on DAY: 09:00 on time, 10:00 late, 23:50 still open and,
    # 30 minutes on, overdue at 08:00 → total 3, on time 1, late 2, pending 0.
    assert (report.urgent.total, report.urgent.on_time, report.urgent.late) == (3, 1, 2)
    assert report.urgent.pending == 0
    late_line = next(line for line in report.urgent_lines if "电梯困人" in line)
    assert "超时" in late_line and "派单延迟" in late_line
    open_line = next(line for line in report.urgent_lines if "整栋楼停暖" in line)
    assert "待受理" in open_line and "已超时 460 分钟" in open_line  # 00:20 → 08:00
    # One fault, reported ten minutes after it was found: on time.
    assert (report.faults.total, report.faults.on_time, report.faults.late) == (1, 1, 0)
    # Escalations: three raised; late replies: the 特急 one (due 10:00, answered 10:30)
    # and the one still waiting, due 16:00.
    assert report.escalations_raised == 3
    assert len(report.late_replies) == 2
    assert any("临时增开座位" in line for line in report.late_replies)
    assert any("春节排班方案" in line and "待答复" in line for line in report.late_replies)
    assert len(report.replacement_lines) == 1 and "两次有效投诉" in report.replacement_lines[0]
    assert len(report.swap_lines) == 1 and "加班" in report.swap_lines[0]
    assert report.meeting_lines[0].startswith("早班会（早班）")
    assert "复核 A05 耳麦" in report.meeting_lines[1] and "未完成" in report.meeting_lines[1]
    # Submitted at 16:40, after the early shift's end: no reason asked. Signed by the
    # manager, with nobody on the rota for the middle shift: the reason is printed.
    assert len(report.handover_lines) == 2 and "签收" in report.handover_lines[0]
    assert report.handover_lines[1] == "  非排班接班人代签，原因：中班值班长未排班，由项目经理代签"
    titles = [s.title for s in report.sections()]
    assert "紧急问题：3 件：按时 1，超时 2" in titles
    assert "请示报告：本日提出 3 件，逾期答复 2 件" in titles


def _name(store, no: str) -> str:
    from hotline_tui.domain.people.roster import staff_by_no

    return staff_by_no(store, no).name


def test_an_open_escalation_is_carried_on_the_handover_with_its_clock(demo_store, clock, day_built):
    with demo_store.read() as session:
        entries = session.execute(
            sa.text("SELECT source, text FROM handover_entry WHERE handover_id = :h"),
            {"h": day_built["handover"]},
        ).all()
    carried = [text for source, text in entries if source == "请示报告"]
    # At 16:40 only the 14:00 请示 was waiting (due 16:00: 40 minutes over).
    assert len(carried) == 1
    assert "春节排班方案" in carried[0] and "已超时 40:00" in carried[0]
    # Answered: no longer carried, and its clock stops.
    clock.set(at(9, 0, DAY + timedelta(days=1)))
    escalations.record_reply(
        demo_store, manager(demo_store), day_built["esc_open"], "项目经理", "按方案"
    )
    shifts = list_shifts(demo_store)
    ctx = carry.context(demo_store, DAY + timedelta(days=1), shifts[0], clock.now())
    assert carry.escalations(demo_store, ctx) == []
    assert not [c for c in open_clocks(demo_store) if c.kind == "escalation"]


def test_escalation_clocks_count_down_to_the_reply_deadline(demo_store, clock):
    _quiet_demo(demo_store, clock)
    clock.set(at(9))
    boss = chief(demo_store)
    escalation_id = escalations.raise_escalation(
        demo_store, boss, SLA, "请示", "增开座位", "", "运营主管", "特急"
    )
    (escalation,) = [c for c in open_clocks(demo_store) if c.kind == "escalation"]
    assert escalation.id == escalation_id and escalation.state == "待答复"
    assert escalation.remaining(clock.now()) == 30 * 60  # 特急: 30 minutes
    clock.set(at(9, 25))
    assert escalation.remaining(clock.now()) == 5 * 60
    # A deadline given by hand wins over the urgency's.
    due = at(17)
    second = escalations.raise_escalation(
        demo_store, boss, SLA, "报告", "知识库更新", "", "项目经理", "一般", due
    )
    clocks = {c.id: c for c in open_clocks(demo_store) if c.kind == "escalation"}
    assert clocks[second].deadline == due


BAD_ESCALATIONS = [
        (lambda s, a, n: escalations.raise_escalation(s, a, SLA, "请示", "  ", "", "运营主管", "紧急"), "请填写事由"),
        (lambda s, a, n: escalations.raise_escalation(s, a, SLA, "请示", "事由", "", "运营主管", "紧急", n.subtract(minutes=1)), "已经过去"),
        (lambda s, a, n: escalations.raise_escalation(s, a, SLA, "请示", "事由", "", "局长", "紧急"), "只能报给"),
        (lambda s, a, n: escalations.raise_escalation(s, a, SLA, "通知", "事由", "", "运营主管", "紧急"), "没有“通知”这一类"),
    ]  # fmt: skip


def test_bad_escalations_are_refused_and_nothing_is_written(demo_store, clock):
    before = _count(demo_store, Escalation)
    for call, says in BAD_ESCALATIONS:  # every case on one database
        with pytest.raises(DomainError, match=says):
            call(demo_store, chief(demo_store), clock.now())
        assert _count(demo_store, Escalation) == before, says


def test_a_reply_before_the_question_is_refused(demo_store, clock):
    boss = chief(demo_store)
    escalation_id = escalations.raise_escalation(
        demo_store, boss, SLA, "请示", "事由", "", "运营主管", "紧急"
    )
    with pytest.raises(DomainError, match="答复不能在请示之前"):
        escalations.record_reply(
            demo_store, boss, escalation_id, "运营主管", "同意", clock.now().subtract(minutes=5)
        )
    with pytest.raises(DomainError, match="答复时间“25:99”无法识别"):
        escalations.parse_time("25:99", clock.now(), "答复时间")
    with pytest.raises(DomainError, match="请写明答复"):
        escalations.record_reply(demo_store, boss, escalation_id, "运营主管", " ")
    escalations.record_reply(demo_store, boss, escalation_id, "运营主管", "同意")
    with pytest.raises(DomainError, match="已于"):
        escalations.withdraw(demo_store, boss, escalation_id, "不需要了")


def test_escalations_are_found_by_date_person_and_words(demo_store, clock, day_built):
    found = escalations.search(demo_store, escalations.EscalationSearch.parse("2027-03-01"))
    assert {r.id for r in found} == {day_built[k] for k in ("esc_late", "esc_ok", "esc_open")}
    assert found[0].id == day_built["esc_open"]  # the one still waiting first
    words = escalations.EscalationSearch.parse("2027-03 王科长")
    assert [r.id for r in escalations.search(demo_store, words)] == [day_built["esc_ok"]]
    by_person = escalations.search(
        demo_store, escalations.EscalationSearch.parse(f"2027-03 {chief(demo_store).name}")
    )
    assert len(by_person) == 3
    with pytest.raises(DomainError, match="不存在"):
        escalations.EscalationSearch.parse("2027-02-30")
    # Every change is in the audit trail.
    with demo_store.read() as session:
        actions = session.execute(
            sa.text(
                "SELECT action FROM audit_log WHERE entity = 'escalation' AND entity_key = :k"
                " ORDER BY id"
            ),
            {"k": str(day_built["esc_late"])},
        ).scalars()
        assert list(actions) == ["escalation.raise", "escalation.reply"]


def _count(store, table) -> int:
    with store.read() as session:
        return session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_a_report_is_submitted_sealed_amended_and_read(demo_store, clock, day_built, tmp_path):
    shifts = list_shifts(demo_store)
    boss, head = chief(demo_store), manager(demo_store)
    period = ReportPeriod.day(DAY)
    version = filing.save_remarks(demo_store, boss, period, "午间话务高峰", None)
    with pytest.raises(DomainError, match="另一个终端"):
        filing.save_remarks(demo_store, boss, period, "旧稿", version - 1)
    digest = filing.submit(
        demo_store, boss, shifts, period, "午间话务高峰，已增开座位", version, "10:00"
    )
    stored = filing.stored_report(demo_store, period)
    assert stored is not None and stored.digest == digest and len(digest) == 64
    assert stored.remarks == "午间话务高峰，已增开座位"
    assert stored.sections is not None
    assert "紧急问题：3 件：按时 1，超时 2" in [s.title for s in stored.sections]
    # Submitted: never edited again, and not submitted twice.
    for attempt in (
        lambda: filing.save_remarks(demo_store, boss, period, "改", None),
        lambda: filing.submit(demo_store, boss, shifts, period, "再交", None, "10:00"),
    ):
        with pytest.raises(DomainError, match="不能再修改"):
            attempt()
    # The frozen text stays as it was when the records change afterwards.
    clock.set(at(9, 0, DAY + timedelta(days=1)))
    urgent.resolve(demo_store, boss, day_built["open_issue"], "已恢复供暖", "夜间无人接单")
    again = filing.stored_report(demo_store, period)
    assert again is not None and again.sections == stored.sections
    filing.amend(demo_store, boss, stored.id, "补充：停暖问题 09:00 已办结")
    with pytest.raises(DomainError, match="本人提交"):
        filing.mark_read(demo_store, _as_manager(boss), stored.id)
    filing.mark_read(demo_store, head, stored.id)
    with pytest.raises(DomainError, match="已由"):
        filing.mark_read(demo_store, head, stored.id)
    doc = document(demo_store, shifts, period, clock.now(), "10:00")
    assert doc.submitted and "已阅" in doc.status and not doc.late  # 08:00 < 10:00 due
    assert doc.all_sections()[-1].lines[0].endswith("补充：停暖问题 09:00 已办结")


def _as_manager(person):
    """The chief, as if promoted: a manager may not confirm a report they submitted."""
    from dataclasses import replace

    return replace(person, post="运营主管")


def test_a_changed_report_fails_the_check(demo_store, clock, day_built):
    if server_db.on_server():
        pytest.skip("the check of a database file: the SQLite run covers it")
    shifts = list_shifts(demo_store)
    period = ReportPeriod.day(DAY)
    filing.submit(demo_store, chief(demo_store), shifts, period, "", None, "10:00")
    path = demo_store.path
    assert check_database(path, None).ok
    # Someone edits the file outside the desk: one figure of the frozen text.
    with sqlite3.connect(path) as conn:
        (content,) = conn.execute(
            "SELECT content FROM work_report WHERE period_start = ?", (DAY.isoformat(),)
        ).fetchone()
        sections = json.loads(content)
        sections[0]["lines"][0] = "排班 3 人，到岗 3 人"
        conn.execute(
            "UPDATE work_report SET content = ? WHERE period_start = ?",
            (json.dumps(sections, ensure_ascii=False), DAY.isoformat()),
        )
    conn.close()
    report = check_database(path, None)
    assert any("内容与提交时的摘要不符" in p for p in report.problems)
    # Recomputing the digest after the edit does not hide it: the chain recorded the first.
    with sqlite3.connect(path) as conn:
        (report_id,) = conn.execute(
            "SELECT id FROM work_report WHERE period_start = ?", (DAY.isoformat(),)
        ).fetchone()
        conn.execute("UPDATE work_report SET digest = ? WHERE id = ?", ("0" * 64, report_id))
    conn.close()
    problems = check_database(path, None).problems
    assert any(f"工作汇报 #{report_id} 的提交摘要与操作记录链中的不符" in p for p in problems)


def test_bad_reports_are_refused(demo_store, clock):
    shifts = list_shifts(demo_store)
    boss = chief(demo_store)
    today = ReportPeriod.day(clock.now().date())  # 11-30 at 09:00: not over
    with pytest.raises(DomainError, match="还没有结束"):
        filing.submit(demo_store, boss, shifts, today, "", None, "10:00")
    with pytest.raises(DomainError, match="不超过"):
        filing.save_remarks(demo_store, boss, today, "很" * 2001, None)
    for text, parse in (("2026-W60", parse_week), ("2026-13", parse_month)):
        with pytest.raises(DomainError, match="无效"):
            parse(text)
    assert filing.stored_report(demo_store, today) is None  # nothing written


def test_a_late_daily_report_shows_until_it_is_submitted(demo_store, clock):
    shifts = list_shifts(demo_store)
    now = clock.now()  # 11-30 09:00: 11-29's report is due at 10:00, not late yet
    assert filing.late_daily_reports(demo_store, shifts, now, "10:00") == []
    later = now.replace(hour=10, minute=1)
    assert filing.late_daily_reports(demo_store, shifts, later, "10:00") == [date(2026, 11, 29)]
    assert filing.late_daily_reports(demo_store, shifts, later, "11:00") == []  # the setting
    assert filing.late_alert([date(2026, 11, 29)]) == ("日报逾期未提交：11-29", "日报逾期1份")
    clock.set(later)
    yesterday = ReportPeriod.day(date(2026, 11, 29))
    filing.submit(demo_store, chief(demo_store), shifts, yesterday, "", None, "10:00")
    assert filing.late_daily_reports(demo_store, shifts, later, "10:00") == []
    stored = filing.stored_report(demo_store, yesterday)
    assert stored is not None and stored.status("10:00").endswith("提交（逾期）")


def test_a_week_rolls_up_its_days(demo_store, clock, day_built):
    shifts = list_shifts(demo_store)
    week = ReportPeriod.week_of(DAY)
    assert week.key == "2027-W09" and (week.first, week.last) == (DAY, DAY + timedelta(days=6))
    clock.set(at(12, 0, week.last + timedelta(days=1)))
    rolled = compose_period(demo_store, shifts, week, clock.now(), "10:00")
    assert rolled.ended and len(rolled.days) == 7
    monday = rolled.days[0]
    # The same figures as the day: 3 of 4 arrived; 3 issues, 2 late; 1 fault; 3 raised.
    assert (monday.arrival.scheduled, monday.arrival.arrived) == (4, 3)
    assert (monday.urgent.total, monday.urgent.late, monday.faults.total) == (3, 2, 1)
    assert (monday.escalations, monday.late_replies, monday.report) == (3, 1, "未提交")
    assert (rolled.arrival.scheduled, rolled.arrival.arrived) == (4, 3)
    assert (rolled.urgent.total, rolled.urgent.on_time, rolled.urgent.late) == (3, 1, 2)
    assert len(rolled.late_lines) == 2 + 2  # two late issues, two late escalations
    summary = rolled.sections()[0]
    assert summary.lines[0] == "人员到达率：3/4 = 75.0%（未达标）"
    assert summary.lines[1] == "人工接通率：本期尚未导入话务数据"  # 2027: past the demo's year
    assert summary.lines[2] == "紧急问题：3 件：按时 1，超时 2（及时率 33.3%）"


def test_exports_read_back(demo_store, clock, day_built, tmp_path):
    from openpyxl import load_workbook

    shifts = list_shifts(demo_store)
    boss = chief(demo_store)
    period = ReportPeriod.day(DAY)
    filing.submit(demo_store, boss, shifts, period, '=HYPERLINK("x")\x1b[31m', None, "10:00")
    doc = document(demo_store, shifts, period, clock.now(), "10:00")
    book, text = tmp_path / "day.xlsx", tmp_path / "day.md"
    write_report(doc, book, demo_store.chain_head())
    write_report(doc, text, demo_store.chain_head())
    sheet = load_workbook(book).active
    cells = [row for row in sheet.iter_rows(values_only=True)]
    assert cells[0][0] == "西城区政务服务热线 运营日报 2027-03-01"
    assert ("提交摘要（SHA-256）", doc.digest) in [tuple(c[:2]) for c in cells]
    chain = next(c[1] for c in cells if c[0] == "操作记录校验链")
    # The label once: the cell holds the head itself ("第 N 条，…"), not the label again.
    assert chain.startswith(demo_store.chain_head().removeprefix("操作记录校验链："))
    assert chain.startswith("第 ") and "操作记录校验链" not in chain
    values = [c[1] for c in cells if c[1]]
    assert "紧急问题：3 件：按时 1，超时 2" in [c[0] for c in cells]
    remark = next(v for v in values if "HYPERLINK" in v)
    assert remark.startswith("=HYPERLINK") and "\x1b" not in remark  # text, not a formula
    assert sheet.cell(row=[c[1] for c in cells].index(remark) + 1, column=2).data_type == "s"
    markdown = text.read_text(encoding="utf-8")
    assert markdown.startswith("# 西城区政务服务热线 运营日报 2027-03-01")
    assert "## 紧急问题：3 件：按时 1，超时 2" in markdown
    assert "\x1b" not in markdown and "\\x1b" in markdown


def test_the_workbook_holds_the_figures_as_numbers_frozen_when_submitted(
    demo_store, clock, day_built, tmp_path
):
    """#34: a report's workbook has its figures as tables a reader can sum and chart,
    counted here by hand from day_built; a submitted report keeps them as submitted."""
    from openpyxl import load_workbook

    from hotline_tui.domain.reports.body import ReportBody
    from hotline_tui.domain.reports.compose import compose

    shifts = list_shifts(demo_store)
    boss = chief(demo_store)
    period = ReportPeriod.day(DAY)
    filing.submit(demo_store, boss, shifts, period, "", None, "10:00")
    # Afterwards the sick 1021 is marked present: the draft would say 3/3, the report 2/3.
    clock.set(at(9, 0, DAY + timedelta(days=1)))
    mark(demo_store, boss, DAY, shifts[0], "1021", "出勤")
    doc = document(demo_store, shifts, period, clock.now(), "10:00")
    path = tmp_path / "day.xlsx"
    write_report(doc, path, demo_store.chain_head())
    book = load_workbook(path)
    assert book.sheetnames == ["日报", "各班次到岗", "各工作组到岗", "时效"]

    def rows(name: str) -> list[tuple]:
        return list(book[name].iter_rows(values_only=True))

    header, early, middle, late = rows("各班次到岗")
    assert header == (
        "班次",
        "时间",
        "状态",
        "排班",
        "到岗",
        "未标记",
        "到达率",
        "使用座位",
        "停用座位",
    )
    # Early: 1020 出勤, 1021 病假, 1022 迟到 → 3 scheduled, 2 arrived: 2/3 cut to 66.6 %.
    assert early[:7] == ("早班", "08:00-16:30", "已开班", 3, 2, 0, 0.666)
    assert middle[3:8] == (1, 1, 0, 1, 1)  # 1023 出勤, seated at A02
    assert late[3:7] == (0, 0, 0, None)  # nobody on the night shift: no rate, an empty cell
    rate_cell = book["各班次到岗"]["G2"]
    assert rate_cell.number_format == "0.0%" and rate_cell.data_type == "n"
    groups = rows("各工作组到岗")
    assert sum(r[2] for r in groups[1:] if r[0] == "早班") == 3
    _, urgent_row, fault_row, escalation_row = rows("时效")
    # Issues 09:00 on time, 10:00 late, 23:50 overdue by morning: 1 of 3 → 33.3 %.
    assert urgent_row == ("紧急问题", 3, 1, 2, 0, 0.333)
    assert fault_row == ("故障上报", 1, 1, 0, 0, 1)
    assert escalation_row == ("请示报告", 3, None, 2, None, None)
    # The draft composed now differs; the submitted tables do not.
    draft = compose(demo_store, shifts, period, clock.now(), "10:00")
    assert draft.tables[0].rows[0][4] == 3 and doc.tables[0].rows[0][4] == 2
    # A report submitted before the tables existed (sections alone) still reads.
    old = ReportBody.from_json(json.dumps([{"title": "说明", "lines": ["旧格式"]}]))
    assert old.tables == [] and old.sections[0].lines == ("旧格式",)
    # The week: one line a day, dates as dates, the Monday as above (3 of 4 arrived).
    clock.set(at(12, 0, DAY + timedelta(days=7)))
    week = document(demo_store, shifts, ReportPeriod.week_of(DAY), clock.now(), "10:00")
    write_report(week, path, "")
    book = load_workbook(path)
    assert book.sheetnames == ["周报", "本期概况", "每日趋势"]
    days = rows("每日趋势")
    assert len(days) == 1 + 7 and days[1][0].date() == DAY
    assert book["每日趋势"]["A2"].number_format == "yyyy-mm-dd"
    assert days[1][2:6] == (4, 4, 0, 1)  # 1021 marked present since: the draft counts 4/4
    assert rows("本期概况")[1] == ("人员到达率", 4, 4, None, None, 1)
    # A month adds the nine indicators as the review judges them: its arrival row (the
    # indicators' rule) and the summary's (the days added up) agree.
    month = document(demo_store, shifts, ReportPeriod.month_of(DAY), clock.now(), "10:00")
    summary, _, nine = month.tables
    assert nine.title == "九项指标" and [r[0] for r in nine.rows] == list(range(1, 10))
    arrival = next(r for r in nine.rows if r[1] == "人员到达率")
    assert arrival[3:5] == summary.rows[0][2:0:-1] == (4, 4)


def test_export_report_from_the_command_line(demo_store, tmp_path, monkeypatch, capsys):
    from openpyxl import load_workbook

    monkeypatch.setenv("HOTLINE_CLOCK_START", "2026-11-30T09:00:00")
    db = server_db.store_text(demo_store)

    def export(*argv: str) -> tuple[int, str, str]:
        return run_command(
            capsys, "export", "report", "--db", db, *argv, "--as", "1004", stdin=DEMO_PIN
        )

    week = tmp_path / "week.xlsx"
    code, said, err = export("--week", "2026-W48", "-o", str(week))
    assert (code, err) == (0, "") and said.strip().startswith("已导出运营周报 2026-W48")
    assert said.endswith(f"） 到 {week}\n")  # a space before the path, a line's end
    rows = list(load_workbook(week).active.iter_rows(values_only=True))
    assert rows[0][0] == "西城区政务服务热线 运营周报 2026-W48（11-23 至 11-29）"
    assert rows[2][:2] == ("状态", "草稿（未提交）")  # the demo's weeks are submitted on Mondays
    trend = [r[1] for r in rows if r[1] and str(r[1]).startswith("11-2")]
    assert len(trend) == 7  # a line a day, Monday to Sunday
    day = tmp_path / "day.md"
    assert export("--day", "2026-11-28", "-o", str(day))[0] == 0
    assert "- 状态：" in day.read_text(encoding="utf-8")
    (chain_line,) = [x for x in day.read_text(encoding="utf-8").splitlines() if "校验链" in x]
    assert chain_line.startswith("- 操作记录校验链：第 ") and chain_line.count("校验链") == 1
    refusals = [
        (("--day", "2026-11-30", "-o", str(tmp_path / "today.md")), "还没有结束"),
        (("--month", "2026-13", "-o", str(tmp_path / "m.md")), "月份“2026-13”无效"),
        (("--week", "2026-W48", "--day", "2026-11-28", "-o", str(day)), "三选一"),
        (("--day", "2026-11-28", "-o", str(tmp_path / "day.txt")), ".xlsx（Excel）或 .md"),
    ]
    for argv, says in refusals:
        code, _, err = export(*argv)
        assert code != 0 and says in err, (argv, err)
    assert not (tmp_path / "today.md").exists()
