"""Replacement requests (撤换): the customer asks for an agent to be replaced; the
contractor answers within a number of China working days."""

from __future__ import annotations

import pendulum
import sqlalchemy as sa

from hotline_tui.clock import BEIJING
from hotline_tui.config import SlaSpec
from hotline_tui.db.store import Store
from hotline_tui.db.tables import ReplacementRequest, Staff
from hotline_tui.domain.people.roster import has_left
from hotline_tui.domain.people.status import change_status
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.states import Employment
from hotline_tui.model.text import moment, one_line, required_line
from hotline_tui.workdays import Calendar


def deadline_for(
    calendar: Calendar, requested: pendulum.DateTime, workdays: int
) -> tuple[pendulum.DateTime, list[int]]:
    """The end (24:00) of the ``workdays``-th working day after the request's date,
    and any years on the way that the calendar does not know."""
    local = requested.in_timezone(BEIJING)
    day, unknown = calendar.add_workdays(local.date(), workdays)
    if not calendar.knows(local.year):
        unknown.add(local.year)
    end = pendulum.datetime(day.year, day.month, day.day, tz=BEIJING).add(days=1)
    return end, sorted(unknown)


def request_replacement(
    store: Store,
    actor: StaffRow | None,
    calendar: Calendar,
    sla: SlaSpec,
    staff_no: str,
    reason: str,
) -> int:
    """The customer asks for an agent to be replaced: the person is 待撤换 and the
    working-day clock runs. An open request for them is linked, not doubled.

    Returns the request's id.
    """
    actor = require(actor, Action.REQUEST_REPLACEMENT)
    reason = required_line(reason, 60, "请写明采购人要求撤换的原因。", "撤换原因")
    now = store.clock.now()
    deadline, unknown = deadline_for(calendar, now, sla.replacement_workdays)
    with store.write(actor.id) as tx:
        person = tx.session.execute(sa.select(Staff).where(Staff.staff_no == staff_no)).scalar()
        if person is None:
            raise DomainError(f"工号 {staff_no} 不存在。")
        if has_left(person.status, person.left_on, tx.now.date()):
            raise DomainError(f"{person.name}（{staff_no}）已离职。")
        if person.post not in ("组员", "班长"):
            raise DomainError(f"{person.name} 是{person.post}，撤换要求针对坐席人员。")
        request_id = tx.session.execute(
            sa.select(ReplacementRequest.id).where(
                ReplacementRequest.staff_id == person.id,
                ReplacementRequest.responded_at.is_(None),
            )
        ).scalar()
        if request_id is None:
            row = ReplacementRequest(
                staff_id=person.id,
                reason=reason,
                requested_at=now,
                deadline=deadline,
                calendar_unknown=",".join(map(str, unknown)),
                created_by=actor.id,
            )
            tx.session.add(row)
            tx.session.flush()
            request_id = row.id
            tx.audit(
                "replacement.request",
                "replacement_request",
                str(row.id),
                None,
                {
                    "staff_no": staff_no,
                    "reason": reason,
                    "deadline": deadline,
                    "unknown_years": unknown,
                },
            )
        # Audited even when it only links the open request: the customer asked again.
        tx.audit(
            "people.replace",
            "staff",
            staff_no,
            {"status": person.status},
            {"status": Employment.TO_REPLACE, "request": request_id, "reason": reason},
        )
        change_status(tx, person, Employment.TO_REPLACE, tx.now.date())
        return request_id


def respond(store: Store, actor: StaffRow | None, request_id: int, response: str) -> None:
    actor = require(actor, Action.ANSWER_REPLACEMENT)
    response = one_line(response)
    if not response:
        raise DomainError("请写明答复内容（如：已调离坐席岗位，由某某接替）。")
    with store.write(actor.id) as tx:
        row = tx.session.get(ReplacementRequest, request_id)
        if row is None:
            raise DomainError(f"撤换要求 #{request_id} 不存在。")
        if row.responded_at is not None:
            raise ConflictError(f"撤换要求 #{request_id} 已于 {moment(row.responded_at)} 答复。")
        row.responded_at, row.response = tx.now, response
        tx.audit(
            "replacement.respond",
            "replacement_request",
            str(request_id),
            None,
            {"response": response},
        )
