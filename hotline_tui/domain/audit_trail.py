"""Reading the audit trail: every change, newest first, said in words, and the record as it is now.

Every write stores an ``audit_log`` row in its own transaction (see db/store.py);
this module only reads them, for the managers' 操作记录 screen, its export and
``hotline-tui check``.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import Session

from hotline_tui.clock import BEIJING
from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Attendance,
    AuditLog,
    Base,
    Escalation,
    Fault,
    Handover,
    KpiFigure,
    Meeting,
    OpenItem,
    Overtime,
    ReplacementRequest,
    RotaEntry,
    Seat,
    SeatOutage,
    ShiftDef,
    ShiftSwap,
    Staff,
    UrgentIssue,
    WorkGroup,
)
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.model.indicators import FIGURE_NAMES
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.staff_row import StaffRow, filter_staff
from hotline_tui.model.states import HandoverStatus, UrgentState
from hotline_tui.model.text import moment, one_line, visible

# What kind of record a row is about, as the floor calls it.
KINDS: dict[str, str] = {
    "staff": "人员",
    "work_group": "工作组",
    "handover": "交接班",
    "open_item": "交接事项",
    "seat_assignment": "座位安排",
    "seat_plan": "座位安排",
    "seat": "座位",
    "attendance": "考勤",
    "rota_entry": "排班",
    "rota_pattern": "排班",
    "shift_swap": "换班",
    "swap_request": "换班",
    "overtime": "加班",
    "urgent_issue": "紧急问题",
    "fault": "系统故障",
    "replacement_request": "撤换要求",
    "meeting": "早班会",
    "kpi_figure": "外部指标",
    "call_traffic": "话务数据",
    "work_report": "工作汇报",
    "escalation": "请示报告",
    "qc_record": "质检",
    "exam": "考试",
    "training": "培训",
    "shift_def": "班次",
    "database": "系统",
    "export": "导出",
}
KIND_LABELS = tuple(dict.fromkeys(KINDS.values()))

ACTIONS: dict[str, str] = {
    "swap.request": "申请换班",
    "swap.approve": "批准换班",
    "swap.refuse": "驳回换班",
    "attendance.mark": "登记考勤",
    "attendance.rest_present": "其余出勤",
    "integrity.baseline": "封存现有记录（校验链）",
    "demo.attendance": "生成演示考勤",
    "demo.clocks": "生成演示时效",
    "demo.kpi": "生成演示指标",
    "demo.reports": "生成演示工作汇报",
    "demo.quality": "生成演示质检记录",
    "qc.add": "录入质检记录",
    "exam.add": "登记考试",
    "exam.score": "登记考试成绩",
    "demo.exams": "生成演示考试",
    "training.add": "登记培训",
    "training.edit": "修改培训",
    "training.invite": "增加参训人员",
    "training.uninvite": "移出参训名单",
    "training.mark": "培训点名",
    "training.rest": "其余出席",
    "demo.training": "生成演示培训",
    "zone.seats": "设定座位区",
    "zone.skill": "设定专席技能",
    "seat.fill": "按排班排座",
    "qc.import": "导入质检记录",
    "demo.escalations": "生成演示请示报告",
    "report.save": "保存汇报备注",
    "report.submit": "提交工作汇报",
    "report.amend": "补充汇报",
    "report.read": "确认已阅",
    "escalation.raise": "登记请示报告",
    "escalation.reply": "记录答复",
    "escalation.withdraw": "撤回请示报告",
    "demo.people": "生成演示人员",
    "demo.pins": "设置演示 PIN",
    "demo.traffic": "生成演示话务数据",
    "demo.plans": "生成演示座位安排",
    "fault.open": "登记故障",
    "export.attendance": "导出考勤表",
    "export.audit": "导出操作记录",
    "export.kpi": "导出考核指标",
    "export.report": "导出工作汇报",
    "export.staff": "导出人员名单",
    "fault.report": "故障已上报",
    "fault.resolve": "故障恢复",
    "group.add": "新增工作组",
    "group.delete": "删除工作组",
    "group.merge": "合并工作组",
    "group.leader": "设定组长",
    "group.order": "调整工作组顺序",
    "group.rename": "工作组改名",
    "handover.amend": "补充说明",
    "handover.refresh": "重新带入",
    "handover.save": "保存草稿",
    "handover.sign": "签收",
    "handover.start": "开始写交接班",
    "handover.submit": "提交",
    "handover.withdraw": "撤回",
    "item.close": "关闭待办",
    "item.open": "新增待办",
    "kpi.figure": "录入外部数据",
    "traffic.import": "导入话务数据",
    "traffic.replace": "更正话务时段",
    "meeting.open": "开始早班会",
    "meeting.save": "保存早班会",
    "overtime.add": "登记加班",
    "people.add": "新增人员",
    "people.clear_after_leaving": "清除离职后的安排",
    "people.confirm": "转正",
    "people.edit": "编辑人员",
    "people.import": "导入人员名单",
    "people.init": "首次使用：建立项目经理",
    "people.leave": "离职",
    "people.move": "调组",
    "people.replace": "待撤换",
    "people.update": "按名单更新",
    "pin.change": "修改 PIN",
    "pin.first": "设置第一个 PIN",
    "pin.lock": "PIN 锁定",
    "pin.refused": "锁定中再试 PIN",
    "pin.reset": "重设 PIN",
    "pin.unlock": "解除 PIN 锁定",
    "pin.wrong": "PIN 错误",
    "plan.copy": "复制上一班",
    "replacement.request": "登记撤换要求",
    "replacement.respond": "答复撤换要求",
    "rota.add": "加入排班",
    "rota.generate": "生成排班",
    "rota.import": "导入排班",
    "rota.pattern": "设定周模式",
    "rota.remove": "移出排班",
    "rota.swap": "换班",
    "seat.assign": "安排座位",
    "seat.move": "移动座位",
    "seat.out_of_service": "停用座位",
    "seat.return_to_service": "恢复座位",
    "seat.swap": "交换座位",
    "seat.sync": "同步座位图",
    "seat.unseat": "取消安排",
    "session.sign_in": "登录",
    "session.unlock": "解锁",
    "shift.sync": "同步班次",
    "urgent.open": "登记紧急问题",
    "urgent.take": "受理",
    "urgent.resolved": "办结",
    "urgent.transferred": "转办",
}

FIELDS: dict[str, str] = {
    "name": "姓名",
    "post": "岗位",
    "group": "组",
    "status": "状态",
    "hire_date": "入职日期",
    "left_on": "离职日期",
    "skills": "技能",
    "phone": "手机",
    "reason": "原因",
    "leader": "组长",
    "order": "顺序",
    "since": "起始",
    "status_since": "状态生效日期",
    "status_changed": "状态变动",
    "opened": "发生时间",
    "detected": "发现时间",
    "from": "自",
    "version": "版本",
    "changed": "修改的部分",
    "traffic": "话务情况",
    "systems": "系统运行",
    "people": "人员情况",
    "other": "其他",
    "carried": "带入事项",
    "digest": "摘要",
    "late": "迟到分钟",
    "count": "人数",
    "failures": "连续错误次数",
    "locked_until": "锁定到",
    "temporary": "临时 PIN",
    "seats": "座位",
    "rota": "排班",
    "rows": "行数",
    "replaced": "替换",
    "cleared": "改为休息",
    "period": "期间",
    "file": "文件",
    "sha256": "文件摘要（SHA-256）",
    "added": "新增",
    "groups": "新工作组",
    "staff": "人员",
    "label": "座位",
    "seat": "座位",
    "text": "内容",
    "title": "事项",
    "owner": "负责人",
    "note": "说明",
    "value": "数值",
    "unchanged": "未变",
    "kept": "保留",
    "skipped": "不排班的日期",
    "id": "编号",
    "category": "类别",
    "summary": "摘要",
    "system": "系统",
    "to": "接收方",
    "response": "答复",
    "state": "状态",
    "start": "开始",
    "end": "结束",
    "due": "期限",
    "amendment": "更正",
    "handler": "处理人",
    "delay_reason": "超时原因",
    "late_reason": "补录原因",
    "day": "日期",
    "giver": "原排班人",
    "taker": "接班人",
    "other_day": "换回日期",
    "swap": "换班记录",
    "kind": "方式",
    # What the demo loader and the bulk changes count.
    "figures": "指标数据",
    "urgent": "紧急问题",
    "faults": "故障",
    "replacements": "撤换要求",
    "assignments": "座位安排",
    "attendance": "考勤",
    "meetings": "早班会",
    "pin": "PIN",
    "seed": "随机种子",
    "remarks": "备注",
    "reports": "工作汇报",
    "qc_records": "质检记录",
    "exams": "考试",
    "results": "成绩",
    "topic": "名称",
    "pass_mark": "及格分",
    "resit_of": "补考自",
    "call": "通话",
    "agent": "坐席",
    "score": "得分",
    "passed": "合格",
    "errors": "错误类型",
    "escalations": "请示报告",
    "subject": "事由",
    "urgency": "紧急程度",
    "decision": "答复",
    "by": "答复人",
    "at": "时间",
    "read": "已阅",
    "trainer": "培训人",
    "invited": "应参加",
    "materials": "资料",
    "trainings": "培训",
    "removed": "移出",
    "skill": "技能",
    "offered": "人工呼入量",
    "answered": "人工接通量",
    "abandoned": "放弃量",
    "answered_in_time": "及时接通量",
    "service_seconds": "及时接通秒数",
    "talk_seconds": "平均通话时长（秒）",
    "wrap_seconds": "平均话后处理（秒）",
    "transfers": "转接量",
    "transfers_ok": "转接及时准确量",
    "first": "起",
    "last": "止",
}
# Where a record's "name" is not a person's.
NAMED_THINGS = {"shift_def", "work_group", "seat"}

# The stored states of handovers, open items and urgent issues, as the screens name them.
STATE_WORDS: dict[str, str] = {
    "pending": "待批准",
    "approved": "已批准",
    "refused": "已驳回",
    "take": "顶班",
    "exchange": "互换",
    **{status.value: status.label for status in HandoverStatus},
    **{state.value: state.label for state in UrgentState},
    "closed": "已关闭",
}

SHOWN_CHARS = 40  # of one value in the list; the whole value is in the detail
DEFAULT_LIMIT = 500
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$")


@dataclass(frozen=True)
class AuditFilter:
    person: str = ""  # 工号, name or pinyin initials of who made the change
    since: date | None = None
    until: date | None = None  # inclusive
    kind: str = ""  # one of KIND_LABELS, or every kind


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: pendulum.DateTime
    actor: str  # 姓名（工号）, or 系统
    actor_no: str
    action: str  # in words
    kind: str
    entity: str
    key: str
    changes: str  # before → after, in words, on one line
    before: str | None  # the stored JSON
    after: str | None


def _value(value: Any, limit: int | None) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        text = "、".join(_value(v, None) for v in value) or "（无）"
    elif isinstance(value, dict):
        text = "，".join(f"{FIELDS.get(k, k)} {_value(v, None)}" for k, v in value.items())
    else:
        text = str(value)
        if _ISO_MOMENT.match(text):
            with contextlib.suppress(ValueError):  # pendulum's ParserError is a ValueError
                parsed = pendulum.parse(text)
                if isinstance(parsed, pendulum.DateTime):
                    text = moment(parsed)
    text = visible(one_line(text) if limit is not None else text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _load(raw: str | None) -> Any:
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def describe_change(
    before: str | None,
    after: str | None,
    limit: int | None = SHOWN_CHARS,
    entity: str = "",
) -> str:
    """Before → after in words: 岗位：组员 → 班长；手机：（空）→ 138…"""
    old, new = _load(before), _load(after)
    if not isinstance(old, dict) and not isinstance(new, dict):
        if old is None and new is None:
            return ""
        if old is None:
            return _value(new, limit)
        return f"{_value(old, limit)} → {_value(new, limit)}"
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    parts = []
    for key in dict.fromkeys([*old, *new]):
        label = FIELDS.get(key, key)
        # States and section keys are stored as codes; they are read as the screens name them.
        words = (
            STATE_WORDS if key in ("status", "state", "kind")
            else FIELDS if key == "changed" else {}
        )  # fmt: skip
        if key == "name" and entity in NAMED_THINGS:
            label = "名称"

        def shown(value: Any, words: dict[str, str] = words) -> str:
            if isinstance(value, str) and value in words:
                return words[value]
            if isinstance(value, list) and words:
                value = [words.get(v, v) if isinstance(v, str) else v for v in value]
            return _value(value, limit)

        if key not in old:
            parts.append(f"{label}：{shown(new[key])}")
        elif key not in new:
            parts.append(f"{label}：{shown(old[key])} →（无）")
        elif old[key] != new[key]:
            parts.append(f"{label}：{shown(old[key])} → {shown(new[key])}")
    return "；".join(parts)


def _utc_bounds(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    """Beijing days as UTC instants: [since 00:00, the day after until 00:00)."""

    def start_of(day: date) -> datetime:
        return pendulum.instance(datetime.combine(day, time()), tz=BEIJING).in_timezone("UTC")

    return (
        start_of(since) if since else None,
        start_of(until + timedelta(days=1)) if until else None,
    )


def people_matching(store: Store, text: str) -> list[StaffRow]:
    return filter_staff(list_staff(store, include_left=True), text)


# Report periods are keyed by their kind's code ("day/2026-12-07").
_PERIOD_WORDS = {"day": "日报", "week": "周报", "month": "月报"}
# Records keyed "date/shift code[/工号]": the shift and the person are said in words.
_DAY_SHIFT_KEYED = frozenset({"attendance", "rota_entry", "meeting", "seat_assignment", "handover"})
# Records of the whole floor, keyed by a word of the program's own.
_WHOLE_KEYS = {("database", "demo"): "演示数据", ("seat", "floorplan"): "座位图（全部座位）"}


@dataclass(frozen=True)
class _KeyWords:
    """A record's key as the screens say it: 2026-12-07 早班 张三（1023）, not
    2026-12-07/early/1023; 日报 2026-12-07, not day/2026-12-07."""

    shifts: dict[str, str]
    people: dict[str, str]

    @classmethod
    def read(cls, session: Session, keys: list[str]) -> _KeyWords:
        numbers = {k.split("/")[2] for k in keys if k.count("/") == 2}
        people = (
            dict(
                session.execute(
                    sa.select(Staff.staff_no, Staff.name).where(Staff.staff_no.in_(numbers))
                ).all()
            )
            if numbers
            else {}
        )
        shifts = dict(session.execute(sa.select(ShiftDef.code, ShiftDef.name)).all())
        return cls(shifts, people)

    def of(self, entity: str, key: str) -> str:
        if (entity, key) in _WHOLE_KEYS:
            return _WHOLE_KEYS[entity, key]
        if entity == "shift_def":
            return self.shifts.get(key, key)
        parts = key.split("/")
        if entity == "work_report" and len(parts) == 2:
            return f"{_PERIOD_WORDS.get(parts[0], parts[0])} {parts[1]}"
        if entity not in _DAY_SHIFT_KEYED or len(parts) not in (2, 3):
            return key
        said = [parts[0], self.shifts.get(parts[1], parts[1])]
        if len(parts) == 3:
            no = parts[2]
            said.append(f"{self.people[no]}（{no}）" if no in self.people else no)
        return " ".join(said)


def list_audit(
    store: Store, actor: StaffRow | None, where: AuditFilter, limit: int = DEFAULT_LIMIT
) -> tuple[list[AuditRow], bool]:
    """The changes that match, newest first, at most ``limit``; and whether there are more.

    The trail is the managers' to read: it names who did what to whom.
    """
    require(actor, Action.READ_AUDIT)
    query = (
        sa.select(AuditLog, Staff.name, Staff.staff_no)
        .outerjoin(Staff, Staff.id == AuditLog.actor_id)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
    )
    if where.person.strip():
        ids = [p.id for p in people_matching(store, where.person)]
        query = query.where(AuditLog.actor_id.in_(ids))
    start, end = _utc_bounds(where.since, where.until)
    if start is not None:
        query = query.where(AuditLog.at >= start)
    if end is not None:
        query = query.where(AuditLog.at < end)
    if where.kind:
        query = query.where(AuditLog.entity.in_([e for e, k in KINDS.items() if k == where.kind]))
    with store.read() as session:
        found = session.execute(query.limit(limit + 1)).all()
        words = _KeyWords.read(session, [log.entity_key for log, _, _ in found])
    rows = [
        AuditRow(
            id=log.id,
            at=pendulum.instance(log.at).in_timezone(BEIJING),
            actor=f"{visible(name)}（{no}）"
            if name
            else ("系统" if log.actor_id is None else "未知人员"),
            actor_no=no or "",
            action=ACTIONS.get(log.action, log.action),
            kind=KINDS.get(log.entity, log.entity),
            entity=log.entity,
            key=visible(words.of(log.entity, log.entity_key)),
            changes=describe_change(log.before, log.after, entity=log.entity),
            before=log.before,
            after=log.after,
        )
        for log, name, no in found[:limit]
    ]
    return rows, len(found) > limit


# --- the record as it is now -----------------------------------------------------------------

# Records kept by number: their row, read as it is.
_BY_ID: dict[str, type[Base]] = {
    "handover": Handover,
    "open_item": OpenItem,
    "urgent_issue": UrgentIssue,
    "fault": Fault,
    "replacement_request": ReplacementRequest,
    "shift_swap": ShiftSwap,
    "overtime": Overtime,
    "meeting": Meeting,
    "escalation": Escalation,
}
_COLUMN_LABELS: dict[str, str] = {
    **FIELDS,
    "day": "日期",
    "to_day": "接班日期",
    "from_shift_id": "交班班次",
    "to_shift_id": "接班班次",
    "shift_id": "班次",
    "other_shift_id": "换回班次",
    "other_day": "换回日期",
    "author_id": "填写人",
    "signed_by": "签收人",
    "signed_at": "签收时间",
    "submitted_at": "提交时间",
    "created_at": "创建时间",
    "saved_at": "保存时间",
    "plan_summary": "座位安排",
    "owner_id": "负责人",
    "opened_at": "开始时间",
    "opened_by": "登记人",
    "opened_in": "登记于交接班",
    "closed_at": "关闭时间",
    "closed_by": "关闭人",
    "closed_in": "关闭于交接班",
    "close_note": "关闭说明",
    "meeting_id": "早班会",
    "due": "期限",
    "reference": "工单号",
    "deadline": "时限",
    "handler_id": "经手人",
    "created_by": "登记人",
    "transferred_to": "转办单位",
    "delay_reason": "超时原因",
    "late_reason": "补录原因",
    "entered_at": "登记时间",
    "description": "描述",
    "detected_at": "发现时间",
    "report_deadline": "上报时限",
    "reported_at": "上报时间",
    "reported_to": "上报对象",
    "resolved_at": "恢复时间",
    "resolution": "处理结果",
    "staff_id": "人员",
    "requested_at": "要求时间",
    "calendar_unknown": "日历未知的日期",
    "responded_at": "答复时间",
    "kind": "类型",
    "giver_id": "原排班人",
    "taker_id": "接班人",
    "approved_by": "批准人",
    "at": "时间",
    "start": "开始",
    "end": "结束",
    "host_id": "主持人",
    "held_at": "召开时间",
    "review": "昨日回顾",
    "policy": "政策与知识库更新",
    "qc": "质检通报",
    "notices": "注意事项",
    "updated_at": "更新时间",
    "updated_by": "更新人",
    "late_minutes": "迟到分钟",
    "marked_at": "标记时间",
    "marked_by": "标记人",
    "changed_at": "修改时间",
    "pin_hash": "PIN 散列值",
    "addressed_to": "报送对象",
    "content": "内容",
    "raised_at": "提出时间",
    "raised_by": "提出人",
    "recorded_by": "登记人",
    "replied_at": "答复时间",
    "replied_by": "答复人",
    "reply_due": "答复期限",
    "withdraw_reason": "撤回原因",
    "withdrawn_at": "撤回时间",
    "withdrawn_by": "撤回人",
    "full_mark": "满分",
    "live_from": "上线日期",
    "zone": "座位区",
    "entered_by": "录入人",
    "exam_id": "考试",
    "key": "项目",
    "month": "月份",
    "agent_id": "坐席",
    "call_at": "通话时间",
    "call_ref": "通话编号",
    "checker_id": "质检员",
    "full_score": "满分",
    "missed": "未达标项",
    "source": "来源",
    "code": "代码",
    "sort_order": "顺序",
    "group_id": "工作组",
    "pinyin_full": "拼音",
    "pinyin_initials": "拼音首字母",
    "staff_no": "工号",
    "until": "截止（不含）",
    "probation": "试用期",
    "session_id": "培训",
    "leader_id": "组长",
}
_SKIPPED_COLUMNS = {"id", "version"}


def column_label(name: str) -> str:
    """A stored column's name in words (check names the field a change outside reached)."""
    return _COLUMN_LABELS.get(name) or FIELDS.get(name) or name


def _staff_name(session: Session, staff_id: int) -> str:
    person = session.get(Staff, staff_id)
    return f"{person.name}（{person.staff_no}）" if person else f"未知人员 #{staff_id}"


def _cell(session: Session, column: sa.ColumnElement[Any], value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    targets = {fk.column.table.name for fk in getattr(column, "foreign_keys", ())}
    if "staff" in targets:
        return _staff_name(session, value)
    if "shift_def" in targets:
        shift = session.get(ShiftDef, value)
        return shift.name if shift else str(value)
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if column.name in ("status", "state") and isinstance(value, str):
        return STATE_WORDS.get(value, visible(value))
    return visible(str(value))


def _row_fields(session: Session, row: Base) -> list[tuple[str, str]]:
    table = row.__table__
    return [
        (
            _COLUMN_LABELS.get(column.name, column.name),
            _cell(session, column, getattr(row, column.key)),
        )
        for column in table.columns
        if column.name not in _SKIPPED_COLUMNS
    ]


def current_record(store: Store, entity: str, key: str) -> list[tuple[str, str]]:
    """The record an audit row is about, as it is now: (label, value) pairs; [] when none."""
    with store.read() as session:
        model = _BY_ID.get(entity)
        if model is not None and key.isdigit():
            row = session.get(model, int(key))
            return _row_fields(session, row) if row is not None else []
        if entity == "staff":
            person = session.execute(sa.select(Staff).where(Staff.staff_no == key)).scalar()
            if person is None:
                return []
            group = session.get(WorkGroup, person.group_id) if person.group_id else None
            return [
                ("工号", person.staff_no),
                ("姓名", visible(person.name)),
                ("组", group.name if group else "（管理人员）"),
                ("岗位", person.post),
                ("状态", person.status),
                ("入职日期", str(person.hire_date or "（空）")),
                ("离职日期", str(person.left_on or "（空）")),
                ("技能", person.skills or "（空）"),
                ("手机", person.phone or "（空）"),
            ]
        if entity == "work_group":
            where = WorkGroup.id == int(key) if key.isdigit() else WorkGroup.name == key
            group = session.execute(sa.select(WorkGroup).where(where)).scalar()
            if group is None:
                return []
            leader = _staff_name(session, group.leader_id) if group.leader_id else "（未设）"
            return [("工作组", group.name), ("顺序", str(group.sort_order + 1)), ("组长", leader)]
        if entity in ("attendance", "rota_entry"):
            return _day_record(session, entity, key)
        if entity == "seat":
            return _seat_record(session, key)
        if entity == "kpi_figure":
            return _figures_record(session, key)
    return []


def _day_shift_person(session: Session, key: str) -> tuple[date, ShiftDef, Staff] | None:
    parts = key.split("/")
    if len(parts) != 3:
        return None
    try:
        day = date.fromisoformat(parts[0])
    except ValueError:
        return None
    shift = session.execute(sa.select(ShiftDef).where(ShiftDef.code == parts[1])).scalar()
    person = session.execute(sa.select(Staff).where(Staff.staff_no == parts[2])).scalar()
    if shift is None or person is None:
        return None
    return day, shift, person


def _day_record(session: Session, entity: str, key: str) -> list[tuple[str, str]]:
    found = _day_shift_person(session, key)
    if found is None:
        return []
    day, shift, person = found
    head = [
        ("日期", str(day)),
        ("班次", shift.name),
        ("人员", f"{person.name}（{person.staff_no}）"),
    ]
    on_rota = session.execute(
        sa.select(RotaEntry.id).where(
            RotaEntry.day == day, RotaEntry.shift_id == shift.id, RotaEntry.staff_id == person.id
        )
    ).first()
    head.append(("排班", "在排班中" if on_rota else "不在排班中"))
    if entity == "attendance":
        mark = session.execute(
            sa.select(Attendance).where(
                Attendance.day == day,
                Attendance.shift_id == shift.id,
                Attendance.staff_id == person.id,
            )
        ).scalar()
        if mark is None:
            head.append(("考勤", "未登记"))
        else:
            late = f"（迟到 {mark.late_minutes} 分）" if mark.late_minutes else ""
            head += [
                ("考勤", mark.status + late),
                ("登记人", _staff_name(session, mark.marked_by) if mark.marked_by else "（空）"),
                ("登记时间", moment(mark.marked_at)),
            ]
    return head


def _seat_record(session: Session, label: str) -> list[tuple[str, str]]:
    seat = session.execute(sa.select(Seat).where(Seat.label == label)).scalar()
    if seat is None:
        return []
    outage = session.execute(
        sa.select(SeatOutage).where(SeatOutage.seat_id == seat.id, SeatOutage.ended_at.is_(None))
    ).scalar()
    state = (
        f"停用中：{visible(outage.reason)}（{moment(outage.started_at)} 起）" if outage else "在用"
    )
    return [("座位", seat.label), ("区域", seat.zone), ("状态", state)]


def _figures_record(session: Session, key: str) -> list[tuple[str, str]]:
    try:
        month = date.fromisoformat(key[:7] + "-01")
    except ValueError:
        return []
    query = sa.select(KpiFigure.key, KpiFigure.value).where(KpiFigure.month == month)
    if "/" in key:
        query = query.where(KpiFigure.key == key.split("/", 1)[1])
    return [(FIGURE_NAMES.get(k, k), str(v)) for k, v in session.execute(query).all()]
