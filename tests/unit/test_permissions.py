"""Every rule that changes data, called by every post: refused with nothing written, or let through.

The table below names each changing function of ``domain/`` and ``imports/`` with the
action it needs and a real call of it; a scan of the source checks that none is missing.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pendulum
import pytest
import sqlalchemy as sa

from hotline_tui.config import QcSpec, SlaSpec, TrafficSpec
from hotline_tui.db.tables import AuditLog, RotaEntry
from hotline_tui.domain import audit_trail, export_record, meetings
from hotline_tui.domain.attendance import marking, rota, swaps
from hotline_tui.domain.clocks import escalations, faults, replacements, urgent
from hotline_tui.domain.floor import fill, seating, zones
from hotline_tui.domain.handover import items, lifecycle
from hotline_tui.domain.handover.queries import find_handover
from hotline_tui.domain.indicators import figures, traffic
from hotline_tui.domain.people import manage, pins
from hotline_tui.domain.people.roster import list_staff, staff_by_no
from hotline_tui.domain.quality import exams, training
from hotline_tui.domain.quality import records as quality_records
from hotline_tui.domain.reports import filing
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from hotline_tui.imports import kpi_figures, qc_file, rota_file, staff_file, traffic_file
from hotline_tui.model.permissions import (
    LABELS,
    MATRIX,
    OWN_GROUP_ONLY,
    SIGNING_IN,
    Action,
    PermissionDenied,
)
from hotline_tui.model.person_fields import PersonFields
from hotline_tui.model.report_period import ReportPeriod
from hotline_tui.model.shift_changes import change_after
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.workdays import Calendar
from tests.conftest import REPO, TODAY
from tests.helpers import EARLY

POSTS = (*SIGNING_IN, "组员")
LEADER_NO = "1009"  # the demo's 班长 of 综合坐席
ONE_SEAT = "A01"


@dataclass
class Ctx:
    """What a call needs, prepared by the 项目经理 before the posts take their turns."""

    store: Any
    tmp: Path
    people: dict[str, StaffRow]
    agent: StaffRow  # a 组员 of the 班长's group
    other_agent: StaffRow  # a 组员 of the same group, not on duty today
    ids: dict[str, int]

    @property
    def shifts(self):
        return list_shifts(self.store)

    @property
    def early(self):
        return self.shifts[0]


def _people(store) -> dict[str, StaffRow]:
    staff = list_staff(store)
    leader = staff_by_no(store, LEADER_NO)
    found = {
        "项目经理": staff_by_no(store, "1001"),
        "运营主管": next(p for p in staff if p.post == "运营主管"),
        "值班长": staff_by_no(store, "1004"),
        "班长": leader,
        "组员": next(p for p in staff if p.post == "组员" and p.group == leader.group),
    }
    assert [found[p].post for p in POSTS] == list(POSTS)
    return found


def _scheduled_today(store, shift_id: int) -> set[int]:
    with store.read() as session:
        return set(
            session.execute(
                sa.select(RotaEntry.staff_id).where(
                    RotaEntry.day == TODAY, RotaEntry.shift_id == shift_id
                )
            ).scalars()
        )


def _make_ctx(store, tmp: Path) -> Ctx:
    people = _people(store)
    boss = people["项目经理"]
    early = list_shifts(store)[0]
    on_duty = _scheduled_today(store, early.id)
    group = [p for p in list_staff(store) if p.post == "组员" and p.group == people["班长"].group]
    agent = next(p for p in group if p.id in on_duty)
    other = next(p for p in group if p.id not in on_duty and p.id != agent.id)
    ids: dict[str, int] = {}
    sla = SlaSpec()
    ids["fault"] = faults.open_fault(store, boss, sla, "工单系统", "卡顿", None, ())
    ids["issue"] = urgent.open_issue(
        store, boss, sla, list_shifts(store), "群体性诉求", "租户反映断电", "", None
    )
    ids["replacement"] = replacements.request_replacement(
        store, boss, Calendar(), sla, other.staff_no, "采购人要求撤换"
    )
    ids["item"] = items.add_item(store, boss, "D12 电脑待更换", "1004", None)
    return Ctx(store, tmp, people, agent, other, ids)


def _draft_by(ctx: Ctx, author: StaffRow, submitted: bool = False) -> int:
    shifts = ctx.shifts
    h = lifecycle.start(ctx.store, author, change_after(shifts, TODAY, shifts[0]), 94)
    text = {"traffic": "平稳", "systems": "正常", "people": "齐"}
    lifecycle.save_draft(ctx.store, author, h, text, None)
    if submitted:
        lifecycle.submit(ctx.store, author, h, text, None, 94, EARLY)
    return h


def _night(ctx: Ctx) -> int:
    """The demo's last night handover, submitted by 1008 and waiting to be signed."""
    return find_handover(ctx.store, TODAY - timedelta(days=1), ctx.shifts[2])


def _signed_night(ctx: Ctx) -> int:
    h = _night(ctx)
    lifecycle.sign(ctx.store, ctx.people["值班长"], h)
    return h


def _meeting(ctx: Ctx) -> int:
    return meetings.open_meeting(ctx.store, ctx.people["项目经理"], TODAY, ctx.early)


def _write(ctx: Ctx, name: str, text: str) -> Path:
    path = ctx.tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def _person(no: str, post: str = "组员", group: str = "") -> PersonFields:
    return PersonFields(no, "新人", group, post, "在职", date(2026, 11, 2), "", "")


def _group(ctx: Ctx) -> str:
    return ctx.people["班长"].group


Call = Callable[[Ctx, StaffRow], Any]
Prepare = Callable[[Ctx], Any]


@dataclass(frozen=True)
class Rule:
    function: Callable[..., Any]
    action: Action
    call: Callable[[Ctx, StaffRow, Any], Any]
    prepare: Prepare | None = None  # run once by the 项目经理 before the calls


def _t(hour: int, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(2026, 11, 30, hour, minute, tz="Asia/Shanghai")


RULES: list[Rule] = [
    # --- seats
    Rule(seating.assign, Action.PLAN_SEATS,
         lambda c, a, _: seating.assign(c.store, a, TODAY + timedelta(days=1), c.early, ONE_SEAT,
                                        c.agent.staff_no, schedule=True)),
    Rule(seating.unseat, Action.PLAN_SEATS,
         lambda c, a, p: seating.unseat(c.store, a, p[0], c.early, p[1], None),
         lambda c: _seated(c)),
    Rule(seating.move, Action.PLAN_SEATS,
         lambda c, a, p: seating.move(c.store, a, p[0], c.early, p[1], "F10", None),
         lambda c: _seated(c)),
    Rule(seating.copy_previous, Action.PLAN_SEATS,
         lambda c, a, _: seating.copy_previous(c.store, a, TODAY + timedelta(days=2), c.early,
                                               replace=True)),
    Rule(seating.take_out_of_service, Action.SEAT_SERVICE,
         lambda c, a, p: seating.take_out_of_service(c.store, a, p, "坏了", c.shifts),
         lambda c: _free_seat(c)),
    Rule(seating.return_to_service, Action.SEAT_SERVICE,
         lambda c, a, _: seating.return_to_service(c.store, a, "D12")),
    # --- handover
    Rule(lifecycle.start, Action.WRITE_HANDOVER,
         lambda c, a, _: lifecycle.start(c.store, a, change_after(c.shifts, TODAY, c.early), 94)),
    Rule(lifecycle.save_draft, Action.WRITE_HANDOVER,
         lambda c, a, h: lifecycle.save_draft(c.store, a, h, {"traffic": "又一版"}, None),
         lambda c: _draft_by(c, c.people["值班长"])),
    Rule(lifecycle.refresh_carried, Action.WRITE_HANDOVER,
         lambda c, a, h: lifecycle.refresh_carried(c.store, a, h, 94),
         lambda c: _draft_by(c, c.people["值班长"])),
    Rule(lifecycle.submit, Action.WRITE_HANDOVER,
         lambda c, a, h: lifecycle.submit(
             c.store, a, h, {"traffic": "平稳", "systems": "正常", "people": "齐"}, None, 94,
             EARLY),
         lambda c: _draft_by(c, c.people["值班长"])),
    Rule(lifecycle.withdraw, Action.WRITE_HANDOVER,
         lambda c, a, h: lifecycle.withdraw(c.store, a, h),
         lambda c: _draft_by(c, c.people["值班长"], submitted=True)),
    Rule(lifecycle.sign, Action.SIGN_HANDOVER,
         lambda c, a, h: lifecycle.sign(c.store, a, h, "代签：测试"), _night),
    Rule(lifecycle.amend, Action.WRITE_HANDOVER,
         lambda c, a, h: lifecycle.amend(c.store, a, h, "更正：病假应为事假。"), _signed_night),
    Rule(items.add_item, Action.HANDOVER_ITEMS,
         lambda c, a, _: items.add_item(c.store, a, "空调报修", "1004", None)),
    Rule(items.close_item, Action.HANDOVER_ITEMS,
         lambda c, a, _: items.close_item(c.store, a, c.ids["item"], "已更换", None)),
    # --- attendance and rota
    Rule(marking.mark, Action.MARK_ATTENDANCE,
         lambda c, a, _: marking.mark(c.store, a, TODAY, c.early, c.agent.staff_no, "迟到",
                                      _t(8, 20))),
    Rule(marking.mark_rest_present, Action.MARK_ATTENDANCE,
         lambda c, a, _: marking.mark_rest_present(c.store, a, TODAY, c.early)),
    Rule(rota.schedule, Action.EDIT_ROTA,
         lambda c, a, _: rota.schedule(c.store, a, TODAY + timedelta(days=60), c.early,
                                       c.other_agent.staff_no)),
    Rule(rota.unschedule, Action.EDIT_ROTA,
         lambda c, a, _: rota.unschedule(c.store, a, TODAY, c.early, c.agent.staff_no)),
    Rule(rota.set_patterns, Action.EDIT_ROTA,
         lambda c, a, _: rota.set_patterns(c.store, a, [c.other_agent.staff_no],
                                           [c.early] * 5 + [None, None])),
    Rule(rota.set_pattern, Action.EDIT_ROTA,
         lambda c, a, _: rota.set_pattern(c.store, a, c.other_agent.staff_no,
                                          [c.early] * 5 + [None, None])),
    Rule(rota.generate, Action.EDIT_ROTA,
         lambda c, a, _: rota.generate(c.store, a, TODAY + timedelta(days=40),
                                       TODAY + timedelta(days=41))),
    Rule(rota.replace_entries, Action.EDIT_ROTA,
         lambda c, a, _: rota.replace_entries(
             c.store, a, [(TODAY + timedelta(days=3), c.early, c.other_agent.id)], "测试")),
    Rule(rota_file.import_rota, Action.EDIT_ROTA,
         lambda c, a, _: rota_file.import_rota(c.store, a, _write(
             c, "rota.csv", f"工号,日期,班次\n{c.other_agent.staff_no},2026-12-20,早班\n"), c.shifts)),
    Rule(swaps.request_swap, Action.REQUEST_SWAPS,
         lambda c, a, _: swaps.request_swap(c.store, a, TODAY, c.agent.staff_no,
                                            c.other_agent.staff_no)),
    Rule(swaps.approve_swap, Action.APPROVE_SWAPS,
         lambda c, a, r: swaps.approve_swap(c.store, a, r), lambda c: _swap_request(c)),
    Rule(swaps.refuse_swap, Action.APPROVE_SWAPS,
         lambda c, a, r: swaps.refuse_swap(c.store, a, r, "人手不足"), lambda c: _swap_request(c)),
    Rule(swaps.record_overtime, Action.APPROVE_SWAPS,
         lambda c, a, _: swaps.record_overtime(c.store, a, c.agent.staff_no, _t(16, 30),
                                               _t(18, 30), "话务高峰")),
    # --- time limits
    Rule(urgent.open_issue, Action.URGENT_ISSUES,
         lambda c, a, _: urgent.open_issue(c.store, a, SlaSpec(), c.shifts, "群体性诉求",
                                           "又一起", "", None)),
    Rule(urgent.take, Action.URGENT_ISSUES,
         lambda c, a, _: urgent.take(c.store, a, c.ids["issue"])),
    Rule(urgent.resolve, Action.URGENT_ISSUES,
         lambda c, a, _: urgent.resolve(c.store, a, c.ids["issue"], "已处理")),
    Rule(urgent.transfer, Action.URGENT_ISSUES,
         lambda c, a, _: urgent.transfer(c.store, a, c.ids["issue"], "区住建委", "转办")),
    Rule(faults.open_fault, Action.FAULTS,
         lambda c, a, _: faults.open_fault(c.store, a, SlaSpec(), "网络", "掉线", None, ())),
    Rule(faults.mark_reported, Action.FAULTS,
         lambda c, a, _: faults.mark_reported(c.store, a, c.ids["fault"], "IT 值班")),
    Rule(faults.resolve_fault, Action.FAULTS,
         lambda c, a, _: faults.resolve_fault(c.store, a, c.ids["fault"], "已恢复")),
    Rule(replacements.request_replacement, Action.REQUEST_REPLACEMENT,
         lambda c, a, _: replacements.request_replacement(
             c.store, a, Calendar(), SlaSpec(), c.agent.staff_no, "采购人要求")),
    Rule(replacements.respond, Action.ANSWER_REPLACEMENT,
         lambda c, a, _: replacements.respond(c.store, a, c.ids["replacement"], "已安排接替")),
    # --- meetings and figures
    Rule(meetings.open_meeting, Action.MEETINGS,
         lambda c, a, _: meetings.open_meeting(c.store, a, TODAY, c.early)),
    Rule(meetings.save_meeting, Action.MEETINGS,
         lambda c, a, m: meetings.save_meeting(c.store, a, m, {"review": "强调来电规范"}, "08:15",
                                               None), _meeting),
    Rule(meetings.add_action, Action.MEETINGS,
         lambda c, a, m: meetings.add_action(c.store, a, m, "复盘投诉", "1004", None), _meeting),
    Rule(figures.save_figures, Action.OUTSIDE_FIGURES,
         lambda c, a, _: figures.save_figures(c.store, a, date(2026, 11, 1),
                                              {"qc_sampled": 600, "qc_passed": 580})),
    Rule(kpi_figures.import_figures, Action.OUTSIDE_FIGURES,
         lambda c, a, _: kpi_figures.import_figures(c.store, a, _write(
             c, "figures.csv", "月份,项目,数值\n2026-10,质检抽检量,600\n2026-10,质检合格量,580\n"))),
    Rule(traffic.save_traffic, Action.OUTSIDE_FIGURES,
         lambda c, a, _: traffic.save_traffic(c.store, a, [traffic.TrafficRow(
             date(2025, 11, 2), "08:00", 100, 95, 5, 90, 20, 180)], "t")),
    Rule(traffic_file.import_traffic, Action.OUTSIDE_FIGURES,
         lambda c, a, _: traffic_file.import_traffic(c.store, a, _write(
             c, "traffic.csv", "日期,人工呼入量,人工接通量,放弃量,20秒内接通量,平均通话时长（秒）\n"
             "2025-11-03,1000,940,60,900,190\n"), TrafficSpec())),
    # --- people
    Rule(manage.add_person, Action.MANAGE_PEOPLE,
         lambda c, a, _: manage.add_person(c.store, a, _person("3001", group=_group(c)))),
    Rule(manage.edit_person, Action.MANAGE_PEOPLE,
         lambda c, a, _: manage.edit_person(c.store, a, c.agent.staff_no, name="改名",
                                            post="组员", skills="", phone="")),
    Rule(manage.move_to_group, Action.MANAGE_PEOPLE,
         lambda c, a, g: manage.move_to_group(c.store, a, c.agent.staff_no, g, TODAY),
         lambda c: next(g for g in _groups(c) if g != _group(c))),
    Rule(manage.end_probation, Action.MANAGE_PEOPLE,
         lambda c, a, no: manage.end_probation(c.store, a, no), lambda c: _on_probation(c)),
    Rule(manage.leave, Action.MANAGE_PEOPLE,
         lambda c, a, _: manage.leave(c.store, a, c.other_agent.staff_no,
                                      TODAY + timedelta(days=5), "辞职")),
    Rule(manage.clear_leftovers, Action.MANAGE_PEOPLE,
         lambda c, a, no: manage.clear_leftovers(c.store, a, no), lambda c: _leaver(c)),
    Rule(manage.add_group, Action.MANAGE_PEOPLE,
         lambda c, a, _: manage.add_group(c.store, a, "夜间专席")),
    Rule(manage.rename_group, Action.MANAGE_PEOPLE,
         lambda c, a, _: manage.rename_group(c.store, a, _group(c), "综合一组")),
    Rule(manage.move_group, Action.MANAGE_PEOPLE,
         lambda c, a, _: manage.move_group(c.store, a, _groups(c)[0], 1)),
    Rule(manage.delete_group, Action.MANAGE_PEOPLE,
         lambda c, a, _: manage.delete_group(c.store, a, "空组"),
         prepare=lambda c: manage.add_group(c.store, c.people["项目经理"], "空组")),
    Rule(manage.merge_group, Action.MANAGE_PEOPLE,
         lambda c, a, _: manage.merge_group(c.store, a, "错组", _group(c)),
         prepare=lambda c: manage.add_group(c.store, c.people["项目经理"], "错组")),
    Rule(manage.set_leader, Action.MANAGE_PEOPLE,
         lambda c, a, _: manage.set_leader(c.store, a, _group(c), LEADER_NO)),
    Rule(manage.save_sheet, Action.MANAGE_PEOPLE,
         lambda c, a, _: manage.save_sheet(c.store, a, [_person("3002", group=_group(c))], [])),
    Rule(staff_file.import_staff, Action.MANAGE_PEOPLE,
         lambda c, a, _: staff_file.import_staff(c.store, a, _write(
             c, "staff.csv", f"工号,姓名,组,岗位,状态,入职日期\n3003,新人丙,{_group(c)},组员,在职,2026-11-02\n"))),
    Rule(pins.reset_pin, Action.RESET_PINS,
         lambda c, a, _: pins.reset_pin(c.store, a, "1005")),
    Rule(pins.unlock, Action.RESET_PINS,
         lambda c, a, _: pins.unlock(c.store, a, "1005")),
    Rule(audit_trail.list_audit, Action.READ_AUDIT,
         lambda c, a, _: audit_trail.list_audit(c.store, a, audit_trail.AuditFilter(), 5)),
    # --- work reports and escalations
    Rule(filing.save_remarks, Action.WRITE_REPORTS,
         lambda c, a, _: filing.save_remarks(c.store, a, YESTERDAY_REPORT, "平稳", None)),
    Rule(filing.submit, Action.WRITE_REPORTS,
         lambda c, a, _: filing.submit(c.store, a, c.shifts, YESTERDAY_REPORT, "平稳", None, "10:00")),
    Rule(filing.amend, Action.WRITE_REPORTS,
         lambda c, a, report_id: filing.amend(c.store, a, report_id, "更正：紧急问题 1 件"),
         prepare=lambda c: _stored_report_id(c, 10)),
    Rule(filing.mark_read, Action.READ_REPORTS,
         lambda c, a, report_id: filing.mark_read(c.store, a, report_id),
         prepare=lambda c: _stored_report_id(c, 2)),
    Rule(quality_records.add_record, Action.QC_RECORDS,
         lambda c, a, _: quality_records.add_record(
             c.store, a, QcSpec(), _t(8), f"P{_no(a)}", c.agent.staff_no, "1093")),
    Rule(quality_records.save_records, Action.QC_RECORDS,
         lambda c, a, _: quality_records.save_records(c.store, a, [_qc_entry(c, f"S{_no(a)}")], "t")),
    Rule(qc_file.import_qc, Action.QC_RECORDS,
         lambda c, a, _: qc_file.import_qc(c.store, a, _write(
             c, f"qc{_no(a)}.csv",
             f"通话时间,通话编号,坐席工号,质检员工号\n2026-11-30 08:10,I{_no(a)},{c.agent.staff_no},1093\n"),
             QcSpec())),
    Rule(exams.add_exam, Action.EXAMS,
         lambda c, a, _: exams.add_exam(c.store, a, "exam", "政策考试", TODAY, 60)),
    Rule(exams.record_score, Action.EXAMS,
         lambda c, a, exam_id: exams.record_score(c.store, a, exam_id, c.agent.staff_no, 80),
         prepare=lambda c: exams.add_exam(c.store, c.people["项目经理"], "exam", "政策考试", TODAY, 60)),
    Rule(training.add_training, Action.TRAINING,
         lambda c, a, _: training.add_training(c.store, a, "话术培训", TODAY, "业务培训组",
                                               groups=["质检"])),
    Rule(training.edit_training, Action.TRAINING,
         lambda c, a, t: training.edit_training(c.store, a, t, 1, "话术培训（改）", TODAY, "王老师", ""),
         prepare=lambda c: _training(c)),
    Rule(training.invite, Action.TRAINING,
         lambda c, a, t: training.invite(c.store, a, t, "1093"), prepare=lambda c: _training(c)),
    Rule(training.uninvite, Action.TRAINING,
         lambda c, a, t: training.uninvite(c.store, a, t, c.agent.staff_no),
         prepare=lambda c: _training(c)),
    Rule(training.mark, Action.TRAINING,
         lambda c, a, t: training.mark(c.store, a, t, c.agent.staff_no, "迟到"),
         prepare=lambda c: _training(c)),
    Rule(training.rest_present, Action.TRAINING,
         lambda c, a, t: training.rest_present(c.store, a, t), prepare=lambda c: _training(c)),
    Rule(zones.set_zone_seats, Action.SEAT_ZONES,
         lambda c, a, _: zones.set_zone_seats(c.store, a, _group(c), ["D01"], member=True)),
    Rule(zones.set_seat_skill, Action.SEAT_ZONES,
         lambda c, a, _: zones.set_seat_skill(c.store, a, ["D02"], "社保")),
    Rule(fill.apply_fill, Action.PLAN_SEATS,
         lambda c, a, preview: fill.apply_fill(c.store, a, preview),
         prepare=lambda c: fill.preview_fill(c.store, TODAY + timedelta(days=1), c.early)),
    Rule(escalations.raise_escalation, Action.ESCALATE,
         lambda c, a, _: escalations.raise_escalation(
             c.store, a, SlaSpec(), "请示", "临时增开座位", "", "运营主管", "紧急")),
    Rule(escalations.record_reply, Action.ESCALATE,
         lambda c, a, e: escalations.record_reply(c.store, a, e, "运营主管", "同意"),
         prepare=lambda c: _escalation(c)),
    Rule(escalations.withdraw, Action.ESCALATE,
         lambda c, a, e: escalations.withdraw(c.store, a, e, "已当面决定"),
         prepare=lambda c: _escalation(c)),
    # --- exports of personal data
    Rule(export_record.record_export, Action.EXPORT_RECORDS,
         lambda c, a, f: export_record.record_export(c.store, a, "kpi", "2026-11", f, 9),
         prepare=lambda c: _write(c, "指标.csv", "序号,指标\n")),
]  # fmt: skip

YESTERDAY_REPORT = ReportPeriod.day(TODAY - timedelta(days=1))


def _no(actor: StaffRow | None) -> str:
    """A call number of each post's own: each post's call is a new one."""
    return actor.staff_no if actor is not None else "0"


def _qc_entry(ctx: Ctx, ref: str) -> quality_records.QcEntry:
    people = quality_records.people_by_no(ctx.store)
    return quality_records.check_entry(
        people, QcSpec(), ctx.store.clock.now(), _t(8), ref, ctx.agent.staff_no, "1093", "", "", ""
    )


def _stored_report_id(ctx: Ctx, days_back: int) -> int:
    """The demo's submitted daily report of that many days ago."""
    stored = filing.stored_report(ctx.store, ReportPeriod.day(TODAY - timedelta(days=days_back)))
    assert stored is not None and stored.submitted
    return stored.id


def _training(ctx: Ctx) -> int:
    return training.add_training(
        ctx.store,
        ctx.people["项目经理"],
        "话术培训",
        TODAY,
        "业务培训组",
        staff_nos=[ctx.agent.staff_no],
    )


def _escalation(ctx: Ctx) -> int:
    return escalations.raise_escalation(
        ctx.store, ctx.people["项目经理"], SlaSpec(), "报告", "系统卡顿", "", "项目经理", "特急"
    )


# Changing functions that need no post: the sign-in itself, the first run, and the
# data the program keeps in step with its own files.
EXEMPT = {
    "pins.verify", "pins.confirm", "pins.change_pin", "pins.first_pin",
    "manage.init_floor", "floorplan.sync_seats", "shifts.sync_shifts",
}  # fmt: skip


def _swap_request(ctx: Ctx) -> int:
    return swaps.request_swap(
        ctx.store, ctx.people["项目经理"], TODAY, ctx.agent.staff_no, ctx.other_agent.staff_no
    )


def _seated(ctx: Ctx) -> tuple[date, str]:
    """A seat planned for tomorrow's early shift by the 项目经理."""
    day = TODAY + timedelta(days=1)
    seating.assign(ctx.store, ctx.people["项目经理"], day, ctx.early, ONE_SEAT,
                   ctx.agent.staff_no, schedule=True)  # fmt: skip
    return day, ONE_SEAT


def _free_seat(ctx: Ctx) -> str:
    plan = seating.plan_for(ctx.store, TODAY, ctx.early)
    return next(s.label for s in plan.seats.values() if not s.occupied and not s.out_of_service)


def _groups(ctx: Ctx) -> list[str]:
    return [g.name for g in manage.list_groups(ctx.store)]


def _on_probation(ctx: Ctx) -> str:
    manage.add_person(ctx.store, ctx.people["项目经理"],
                      PersonFields("3009", "试用者", _group(ctx), "组员", "试用",
                                   date(2026, 11, 2), "", ""))  # fmt: skip
    return "3009"


def _leaver(ctx: Ctx) -> str:
    manage.leave(ctx.store, ctx.people["项目经理"], ctx.agent.staff_no, TODAY, "辞职")
    return ctx.agent.staff_no


def _audit_count(store) -> int:
    with store.read() as session:
        return session.execute(sa.select(sa.func.count()).select_from(AuditLog)).scalar_one()


def _name(rule: Rule) -> str:
    return f"{rule.function.__module__.rsplit('.', 1)[-1]}.{rule.function.__name__}"


@pytest.mark.parametrize("rule", RULES, ids=_name)
def test_each_post_may_do_exactly_what_the_table_says(rule, demo_store, tmp_path):
    ctx = _make_ctx(demo_store, tmp_path)
    prepared = rule.prepare(ctx) if rule.prepare else None
    before = _audit_count(demo_store)
    with pytest.raises(DomainError, match="请先登录"):
        rule.call(ctx, None, prepared)  # nobody signed in
    assert _audit_count(demo_store) == before
    # The posts that may not: refused in words, nothing written, not even an audit row.
    for post in POSTS:
        if rule.action in MATRIX[post]:
            continue
        before = _audit_count(demo_store)
        with pytest.raises(PermissionDenied) as refused:
            rule.call(ctx, ctx.people[post], prepared)
        assert refused.value.message.startswith(f"{post}不能{LABELS[rule.action]}")
        assert _audit_count(demo_store) == before, post
    # The posts that may: never refused for their post. The first one that does it at
    # all proves the call is a real one; the others may meet a rule of the data instead
    # ("already signed"), never the post.
    done, met = [], []
    for post in POSTS:
        if rule.action not in MATRIX[post]:
            continue
        try:
            rule.call(ctx, ctx.people[post], prepared)
        except PermissionDenied as exc:
            pytest.fail(f"{post} was refused {_name(rule)}: {exc.message}")
        except DomainError as exc:
            met.append(f"{post}: {exc.message}")
            continue
        done.append(post)
    assert done, f"no post could {_name(rule)}, the call is not a real one: {met}"


def _changing_functions() -> set[str]:
    """Public functions of the rules and the imports that write, or call one that does."""
    found = set()
    for root in ("domain", "imports"):
        for path in (REPO / "hotline_tui" / root).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            writers = {
                node.name
                for node in tree.body
                if isinstance(node, ast.FunctionDef) and ".write(" in ast.unparse(node)
            }
            for node in tree.body:
                if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                    continue
                called = {
                    n.func.id
                    for n in ast.walk(node)
                    if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                }
                args = [a.arg for a in node.args.args]
                if node.name in writers or (called & writers and "actor" in args):
                    found.add(f"{path.stem}.{node.name}")
    return found


def test_the_table_names_every_changing_function():
    tabled = {_name(rule) for rule in RULES}
    missing = _changing_functions() - tabled - EXEMPT
    assert not missing, f"changing functions without a row in RULES: {sorted(missing)}"


def test_a_team_leader_marks_their_own_group_only(demo_store, tmp_path):
    ctx = _make_ctx(demo_store, tmp_path)
    leader = ctx.people["班长"]
    early = ctx.early
    on_duty = _scheduled_today(demo_store, early.id)
    stranger = next(
        p for p in list_staff(demo_store)
        if p.post == "组员" and p.group and p.group != leader.group and p.id in on_duty
    )  # fmt: skip
    before = _audit_count(demo_store)
    with pytest.raises(PermissionDenied, match=f"班长只能为本组（{leader.group}）登记考勤和点名"):
        marking.mark(demo_store, leader, TODAY, early, stranger.staff_no, "迟到", _t(8, 20))
    assert _audit_count(demo_store) == before
    marking.mark(demo_store, leader, TODAY, early, ctx.agent.staff_no, "迟到", _t(8, 20))
    # "The rest present" touches the 班长's own group only.
    marking.mark_rest_present(demo_store, leader, TODAY, early)
    with demo_store.read() as session:
        marked = set(
            session.execute(
                sa.text(
                    "SELECT staff_id FROM attendance WHERE day = :day AND shift_id = :shift"
                    " AND marked_by = :by"
                ),
                {"day": TODAY.isoformat(), "shift": early.id, "by": leader.id},
            ).scalars()
        )
    groups = {p.id: p.group for p in list_staff(demo_store)}
    assert marked and {groups[i] for i in marked} == {leader.group}


def test_only_the_project_manager_gives_or_takes_a_managers_post(demo_store):
    supervisor = _people(demo_store)["运营主管"]
    boss = _people(demo_store)["项目经理"]
    with pytest.raises(PermissionDenied):
        manage.edit_person(demo_store, supervisor, "1004", name="钟嘉", post="运营主管",
                           skills="", phone="")  # fmt: skip
    with pytest.raises(PermissionDenied):
        manage.add_person(demo_store, supervisor, _person("3005", post="项目经理"))
    with pytest.raises(PermissionDenied):
        manage.leave(demo_store, supervisor, "1001", TODAY, "调离")
    manage.edit_person(demo_store, boss, "1004", name="钟嘉", post="运营主管", skills="",
                       phone="")  # fmt: skip
    assert staff_by_no(demo_store, "1004").post == "运营主管"


def test_the_document_shows_the_same_table():
    text = (REPO / "docs" / "permissions.md").read_text(encoding="utf-8")
    rows = {
        cells[0]: cells[1:]
        for line in text.splitlines()
        if line.startswith("| ") and not line.startswith("| 操作") and "---" not in line
        for cells in [[c.strip() for c in line.strip("|").split("|")]]
    }
    assert set(rows) == set(LABELS.values())
    for action, label in LABELS.items():
        marks = [
            ("本组" if action in OWN_GROUP_ONLY.get(post, ()) else "✓")
            if action in MATRIX[post] else ""
            for post in POSTS
        ]  # fmt: skip
        assert rows[label] == marks, label
