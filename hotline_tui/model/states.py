"""The states a record goes through, one enum each, with the words the screens show.

A state is stored as its value (a plain string column; the enum is a ``StrEnum``, so
a row read back compares equal to its member). Rules, screens and widgets name the
member, never the string: a state spelled wrong is an error where it is written.
Records whose state is a timestamp (a report submitted, an escalation replied to) get
their enum from ``of(...)``, so that every screen derives it the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum


class HandoverStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SIGNED = "signed"

    @property
    def label(self) -> str:
        return {"draft": "草稿", "submitted": "待签收", "signed": "已签收"}[self.value]

    @property
    def editable(self) -> bool:
        """Its sections may still be changed by its writer (a draft)."""
        return self is HandoverStatus.DRAFT

    @property
    def final(self) -> bool:
        """Signed: changed only by amendments appended to it."""
        return self is HandoverStatus.SIGNED


# The sections a handover cannot be submitted without (domain/handover/record.SECTIONS).
REQUIRED_SECTIONS = ("traffic", "systems", "people")


def missing_sections(sections: Mapping[str, str], titles: Mapping[str, str]) -> list[str]:
    """The titles of the required sections left empty: a handover may be submitted only
    without any (asked by the form before it asks for the reason of an early one)."""
    return [titles[k] for k in REQUIRED_SECTIONS if not sections.get(k, "").strip()]


class ItemStatus(StrEnum):
    """A handover's open item (待办事项)."""

    OPEN = "open"
    CLOSED = "closed"


class UrgentState(StrEnum):
    """An urgent issue (时效性问题): its clock runs while open or handled."""

    OPEN = "open"
    HANDLING = "handling"
    RESOLVED = "resolved"
    TRANSFERRED = "transferred"

    @property
    def label(self) -> str:
        return {"open": "待受理", "handling": "处理中", "resolved": "已办结",
                "transferred": "已转办"}[self.value]  # fmt: skip

    @property
    def running(self) -> bool:
        return self in (UrgentState.OPEN, UrgentState.HANDLING)


RUNNING_URGENT = (UrgentState.OPEN, UrgentState.HANDLING)


class SwapStatus(StrEnum):
    """A shift-swap request (换班申请)."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {"pending": "待批准", "approved": "已批准", "refused": "已驳回"}[self.value]

    @property
    def verb(self) -> str:
        """As said of a decision already made (这份申请已被驳回)."""
        return {"pending": "提交", "approved": "批准", "refused": "驳回"}[self.value]


class ReportStatus(StrEnum):
    """A work report (日报 · 周报 · 月报): a draft until submitted, then read by the manager."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    READ = "read"

    @classmethod
    def of(cls, submitted_at: datetime | None, read_at: datetime | None) -> ReportStatus:
        if submitted_at is None:
            return cls.DRAFT
        return cls.SUBMITTED if read_at is None else cls.READ

    @property
    def label(self) -> str:
        return {"draft": "草稿", "submitted": "已提交", "read": "已阅"}[self.value]


class EscalationState(StrEnum):
    """A 请示 or 报告 sent up: open until replied to or withdrawn."""

    OPEN = "open"
    REPLIED = "replied"
    WITHDRAWN = "withdrawn"

    @classmethod
    def of(cls, replied_at: datetime | None, withdrawn_at: datetime | None) -> EscalationState:
        if withdrawn_at is not None:
            return cls.WITHDRAWN
        return cls.OPEN if replied_at is None else cls.REPLIED


class AttendanceStatus(StrEnum):
    """考勤 marks, as the hotline names them (the stored value is the Chinese word)."""

    PRESENT = "出勤"
    LATE = "迟到"
    LEFT_EARLY = "早退"
    OFF_POST = "离岗"
    PERSONAL_LEAVE = "事假"
    SICK_LEAVE = "病假"
    ANNUAL_LEAVE = "年假"
    TIME_OFF = "调休"
    ABSENT = "旷工"


class Employment(StrEnum):
    """A person's standing on the staff (人员状态), as the hotline names it."""

    EMPLOYED = "在职"
    PROBATION = "试用"
    TO_REPLACE = "待撤换"
    LEFT = "离职"
