"""Back-dated registrations (补录): an urgent issue from before the current shift or a
fault detected more than 24 hours ago is entered late with a reason, marked as such
in every record, and counted by its real times, never left out of the indicator."""

from __future__ import annotations

from datetime import datetime

import pendulum

from hotline_tui.errors import DomainError
from hotline_tui.model.text import moment, required_line

# How far back a registration may reach: the monthly review looks at last month too.
MAX_BACK_DAYS = 62
MAX_REASON = 200


def late_reason(reason: str, happened: pendulum.DateTime, now: pendulum.DateTime, rule: str) -> str:
    """The required reason of a back-dated registration, checked; ``rule`` says why
    this one counts as back-dated (shown when the reason is missing)."""
    if happened < now.subtract(days=MAX_BACK_DAYS):
        raise DomainError(
            f"时间 {happened.format('YYYY-MM-DD HH:mm')} 早于 {MAX_BACK_DAYS} 天前，不能补录；"
            "请与项目经理联系。"
        )
    missing = f"{rule}，属于补录：请写明补录原因（如：上一班漏登记）。"
    return required_line(reason, MAX_REASON, missing, "补录原因")


def real_time(
    at: pendulum.DateTime, since: datetime, now: pendulum.DateTime, what: str
) -> pendulum.DateTime:
    """A real time typed for a back-dated record (when it was in fact reported or
    closed): not before ``since``, not in the future."""
    if at > now:
        raise DomainError(f"{what} {at.format('MM-DD HH:mm')} 在将来，请填写已经发生的时间。")
    if at < since:
        raise DomainError(f"{what} {at.format('MM-DD HH:mm')} 早于发生时间 {moment(since)}。")
    return at


def late_text(reason: str, entered_at: datetime | None) -> str:
    """How a back-dated record is marked in lists, the drill-down and the workbook."""
    if not reason:
        return ""
    return f"补录（{moment(entered_at)} 登记）：{reason}"
