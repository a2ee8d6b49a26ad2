"""Who may do what: one table of posts and actions, checked by every rule that changes data.

Screens grey out what the person at the terminal may not do, but the rule lives
here: a command, a screen or a test that reaches a changing function without the
right post gets a ``PermissionDenied`` with a Chinese sentence, and nothing is
written. ``docs/permissions.md`` shows the same table; a test keeps them equal.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol, TypeVar

from hotline_tui.errors import DomainError

MANAGERS = ("项目经理", "运营主管")
CHIEF = "值班长"
LEADER = "班长"
# The posts that sign in, in the order the table is shown.
SIGNING_IN = (*MANAGERS, CHIEF, LEADER)


class Action(StrEnum):
    """Everything that changes data, grouped as the floor thinks of it."""

    PLAN_SEATS = "seats.plan"
    SEAT_SERVICE = "seats.service"
    WRITE_HANDOVER = "handover.write"
    SIGN_HANDOVER = "handover.sign"
    HANDOVER_ITEMS = "handover.items"
    MARK_ATTENDANCE = "attendance.mark"
    EDIT_ROTA = "rota.edit"
    REQUEST_SWAPS = "attendance.swap_requests"
    APPROVE_SWAPS = "attendance.swaps"
    URGENT_ISSUES = "urgent.handle"
    FAULTS = "faults.handle"
    REQUEST_REPLACEMENT = "replacements.request"
    ANSWER_REPLACEMENT = "replacements.answer"
    MEETINGS = "meetings.write"
    OUTSIDE_FIGURES = "indicators.figures"
    MANAGE_PEOPLE = "people.manage"
    RESET_PINS = "pins.reset"
    ADMINISTER = "people.admin"
    READ_AUDIT = "audit.read"
    WRITE_REPORTS = "reports.write"
    READ_REPORTS = "reports.read"
    ESCALATE = "escalations.handle"
    QC_RECORDS = "qc.record"
    EXAMS = "exams.record"
    TRAINING = "training.record"
    SEAT_ZONES = "seats.zones"
    EXPORT_RECORDS = "records.export"


LABELS: dict[Action, str] = {
    Action.PLAN_SEATS: "安排座位",
    Action.SEAT_SERVICE: "停用或恢复座位",
    Action.WRITE_HANDOVER: "写交接班",
    Action.SIGN_HANDOVER: "签收交接班",
    Action.HANDOVER_ITEMS: "登记和关闭交接事项",
    Action.MARK_ATTENDANCE: "登记考勤和点名",
    Action.EDIT_ROTA: "修改排班",
    Action.REQUEST_SWAPS: "申请换班",
    Action.APPROVE_SWAPS: "批准换班、登记加班",
    Action.URGENT_ISSUES: "登记和处置紧急问题",
    Action.FAULTS: "登记、上报和处理系统故障",
    Action.REQUEST_REPLACEMENT: "登记采购人的撤换要求",
    Action.ANSWER_REPLACEMENT: "答复撤换要求",
    Action.MEETINGS: "记录早班会",
    Action.OUTSIDE_FIGURES: "录入外部指标数据",
    Action.MANAGE_PEOPLE: "管理人员和工作组",
    Action.RESET_PINS: "重设他人的 PIN",
    Action.ADMINISTER: "设定管理岗位、重设管理人员的 PIN",
    Action.READ_AUDIT: "查看操作记录",
    Action.WRITE_REPORTS: "填写和提交工作汇报",
    Action.READ_REPORTS: "确认已阅工作汇报",
    Action.ESCALATE: "登记请示报告、记录答复",
    Action.QC_RECORDS: "录入和导入质检记录",
    Action.EXAMS: "登记考试和成绩",
    Action.TRAINING: "组织培训和培训点名",
    Action.SEAT_ZONES: "设定各组座位区和专席技能",
    Action.EXPORT_RECORDS: "导出考勤表、工作汇报和考核指标",
}

_ALL = frozenset(Action)
_CHIEF = frozenset(
    {
        Action.PLAN_SEATS,
        Action.SEAT_SERVICE,
        Action.WRITE_HANDOVER,
        Action.SIGN_HANDOVER,
        Action.HANDOVER_ITEMS,
        Action.MARK_ATTENDANCE,
        Action.EDIT_ROTA,
        Action.REQUEST_SWAPS,
        Action.APPROVE_SWAPS,
        Action.URGENT_ISSUES,
        Action.FAULTS,
        Action.REQUEST_REPLACEMENT,
        Action.MEETINGS,
        Action.WRITE_REPORTS,
        Action.ESCALATE,
        Action.QC_RECORDS,
        Action.EXAMS,
        Action.TRAINING,
        Action.SEAT_ZONES,
        Action.EXPORT_RECORDS,
    }
)
_LEADER = frozenset(
    {
        Action.HANDOVER_ITEMS,
        Action.MARK_ATTENDANCE,
        Action.REQUEST_SWAPS,
        Action.URGENT_ISSUES,
        Action.MEETINGS,
        Action.ESCALATE,
        Action.QC_RECORDS,
        Action.TRAINING,
    }
)

# The table. The 运营主管 does everything but the administration of the administrators
# (domain.md: "everything but user admin"): giving or taking a manager's post and
# resetting a manager's PIN stay with the 项目经理, so nobody can raise their own post.
MATRIX: dict[str, frozenset[Action]] = {
    "项目经理": _ALL,
    "运营主管": _ALL - {Action.ADMINISTER},
    CHIEF: _CHIEF,
    LEADER: _LEADER,
    "组员": frozenset(),
}

# Actions a post may take for its own group only; the rule names the group it touches.
OWN_GROUP_ONLY: dict[str, frozenset[Action]] = {
    LEADER: frozenset({Action.MARK_ATTENDANCE, Action.REQUEST_SWAPS})
}


class PermissionDenied(DomainError):
    """The signed-in person's post does not allow this; nothing was changed."""


class Actor(Protocol):
    @property
    def post(self) -> str: ...

    @property
    def group(self) -> str: ...


A = TypeVar("A", bound=Actor)


def allowed(actor: Actor | None, action: Action, *, group: str | None = None) -> bool:
    """Whether ``actor`` may take ``action``; for their own group only, ``group`` must be theirs."""
    if actor is None or action not in MATRIX.get(actor.post, frozenset()):
        return False
    if action in OWN_GROUP_ONLY.get(actor.post, frozenset()):
        return group is not None and group == actor.group
    return True


def permits(actor: Actor | None, action: Action) -> bool:
    """Whether ``actor``'s post allows ``action`` at all, for their own group at least."""
    return actor is not None and action in MATRIX.get(actor.post, frozenset())


def who_may(action: Action) -> list[str]:
    return [post for post in SIGNING_IN if action in MATRIX[post]]


def require_post(actor: A | None, action: Action) -> A:
    """The actor, when their post may take ``action`` at all (for some group, at least).

    The first check of a rule that learns the group it touches only from the data.
    """
    if actor is None:
        raise DomainError("请先登录：每一次修改都记在操作人名下。")
    if action not in MATRIX.get(actor.post, frozenset()):
        raise PermissionDenied(
            f"{actor.post}不能{LABELS[action]}（可以的岗位：{'、'.join(who_may(action))}）。"
        )
    return actor


def require(actor: A | None, action: Action, *, group: str | None = None) -> A:
    """The actor, when their post allows ``action`` (on ``group``, where that matters).

    ``group`` is the group of the person or record touched: every rule of an action
    that some post may take for its own group only passes it.
    """
    actor = require_post(actor, action)
    if not allowed(actor, action, group=group):
        raise PermissionDenied(
            f"{actor.post}只能为本组（{actor.group or '无'}）{LABELS[action]}，"
            f"不能为“{group or '管理人员'}”。"
        )
    return actor
