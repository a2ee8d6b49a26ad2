"""System faults (系统故障上报): reported to the customer within a limit from detection.

The seats a fault affects are out of service on the floor from detection until
the fault is resolved: they get seat outages of their own, tied to the fault.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import Session

from hotline_tui.config import SlaSpec
from hotline_tui.db.store import Store
from hotline_tui.db.tables import Fault, Seat, SeatOutage
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model import backdating
from hotline_tui.model.periods import month_bounds
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.text import moment, one_line
from hotline_tui.model.vocab import FAULT_SYSTEMS

SYSTEMS = FAULT_SYSTEMS


def parse_seats(text: str) -> list[str]:
    """Seat labels typed as "B07 B08" or "B07,B08"; upper-cased."""
    return [label.upper() for label in text.replace(",", " ").replace("，", " ").split()]


def open_fault(
    store: Store,
    actor: StaffRow | None,
    sla: SlaSpec,
    system: str,
    description: str,
    detected_at: pendulum.DateTime | None = None,
    seats: Sequence[str] = (),
    late_reason: str = "",
) -> int:
    """Register a fault; one detected more than 24 hours ago is a back-dated
    registration (补录) and needs ``late_reason``; its report limit runs from the real
    detection time either way."""
    actor = require(actor, Action.FAULTS)
    description = one_line(description)
    if system not in SYSTEMS:
        raise DomainError(f"没有“{system}”这个系统（可选：{'、'.join(SYSTEMS)}）。")
    if len(description) > 60:
        raise DomainError("故障描述不超过 60 字。")
    now = store.clock.now()
    detected = now if detected_at is None else detected_at
    if detected > now:
        raise DomainError(
            f"发现时间 {detected.format('MM-DD HH:mm')} 在将来，请填写已经发生的时间。"
        )
    late = ""
    if detected < now.subtract(days=1):
        rule = f"发现时间 {detected.format('MM-DD HH:mm')} 早于 24 小时前"
        late = backdating.late_reason(late_reason, detected, now, rule)
    with store.write(actor.id) as tx:
        seat_ids = {}
        for label in (s.strip().upper() for s in seats):
            seat_id = tx.session.execute(sa.select(Seat.id).where(Seat.label == label)).scalar()
            if seat_id is None:
                raise DomainError(f"没有座位 {label}。")
            seat_ids[label] = seat_id
        fault = Fault(
            system=system,
            description=description,
            detected_at=detected,
            report_deadline=detected.add(minutes=sla.fault_report_minutes),
            created_by=actor.id,
            late_reason=late,
            entered_at=now,
        )
        tx.session.add(fault)
        tx.session.flush()
        reason = f"故障：{system}" + (f" {description}" if description else "")
        for seat_id in seat_ids.values():
            tx.session.add(
                SeatOutage(
                    seat_id=seat_id,
                    reason=reason[:60],
                    started_at=detected,
                    started_by=actor.id,
                    fault_id=fault.id,
                )
            )
        after: dict[str, object] = {
            "system": system, "description": description, "seats": list(seat_ids),
            "detected": detected,
        }  # fmt: skip
        if late:
            after["late_reason"] = late
        tx.audit("fault.open", "fault", str(fault.id), None, after)
        return fault.id


def _fault(session: Session, fault_id: int) -> Fault:
    fault = session.get(Fault, fault_id)
    if fault is None:
        raise DomainError(f"故障 #{fault_id} 不存在。")
    return fault


def is_back_dated(store: Store, fault_id: int) -> bool:
    """Registered late (补录): its real report time may be given."""
    with store.read() as session:
        reason = session.execute(sa.select(Fault.late_reason).where(Fault.id == fault_id)).scalar()
    return bool(reason)


def mark_reported(
    store: Store,
    actor: StaffRow | None,
    fault_id: int,
    to_whom: str,
    at: pendulum.DateTime | None = None,
) -> None:
    """Reported now, or for a back-dated fault at ``at``, the real time."""
    actor = require(actor, Action.FAULTS)
    to_whom = one_line(to_whom)
    if not to_whom:
        raise DomainError("请写明上报给了谁（如：采购人值班室 王科长）。")
    with store.write(actor.id) as tx:
        fault = _fault(tx.session, fault_id)
        if fault.reported_at is not None:
            raise ConflictError(
                f"故障 #{fault_id} 已于 {moment(fault.reported_at)} 上报给 {fault.reported_to}。"
            )
        reported = tx.now
        if at is not None:
            if not fault.late_reason:
                raise DomainError("只有补录的故障可以填写实际上报时间；其他的按现在计。")
            reported = backdating.real_time(at, fault.detected_at, tx.now, "上报时间")
        fault.reported_at, fault.reported_to = reported, to_whom
        tx.audit("fault.report", "fault", str(fault_id), None, {"to": to_whom, "at": reported})


def resolve_fault(store: Store, actor: StaffRow | None, fault_id: int, resolution: str) -> int:
    """Close the fault and return its seats to service; returns how many seats came back."""
    actor = require(actor, Action.FAULTS)
    resolution = one_line(resolution)
    if not resolution:
        raise DomainError("请写明故障如何恢复。")
    with store.write(actor.id) as tx:
        fault = _fault(tx.session, fault_id)
        if fault.resolved_at is not None:
            raise ConflictError(f"故障 #{fault_id} 已于 {moment(fault.resolved_at)} 恢复。")
        fault.resolved_at, fault.resolution = tx.now, resolution
        ended = tx.changed(
            sa.update(SeatOutage)
            .where(SeatOutage.fault_id == fault_id, SeatOutage.ended_at.is_(None))
            .values(ended_at=tx.now, ended_by=actor.id)
        )
        tx.audit(
            "fault.resolve",
            "fault",
            str(fault_id),
            None,
            {"resolution": resolution, "seats": ended},
        )
        return ended


@dataclass(frozen=True)
class FaultRow:
    id: int
    system: str
    description: str
    detected_at: datetime
    report_deadline: datetime
    reported_at: datetime | None
    reported_to: str
    resolved_at: datetime | None
    resolution: str
    late_reason: str = ""  # registered late (补录), and why
    entered_at: datetime | None = None

    def outcome(self, now: pendulum.DateTime) -> str:
        """Report timeliness, stated once: a fault detected in the month is on time when it
        was reported at or before its deadline, late when after it or still unreported
        past it, and not counted while unreported and not yet due."""
        if self.reported_at is not None:
            return "on_time" if self.reported_at <= self.report_deadline else "late"
        return "late" if now > self.report_deadline else "pending"


_FAULT_COLUMNS = (
    Fault.id,
    Fault.system,
    Fault.description,
    Fault.detected_at,
    Fault.report_deadline,
    Fault.reported_at,
    Fault.reported_to,
    Fault.resolved_at,
    Fault.resolution,
    Fault.late_reason,
    Fault.entered_at,
)


def faults_in_month(store: Store, month: date) -> list[FaultRow]:
    start, end = month_bounds(month)
    with store.read() as session:
        rows = session.execute(
            sa.select(*_FAULT_COLUMNS)
            .where(Fault.detected_at >= start, Fault.detected_at < end)
            .order_by(Fault.detected_at, Fault.id)
        ).all()
    return [FaultRow(*row) for row in rows]


def unresolved_faults(store: Store) -> list[FaultRow]:
    with store.read() as session:
        rows = session.execute(
            sa.select(*_FAULT_COLUMNS)
            .where(Fault.resolved_at.is_(None))
            .order_by(Fault.detected_at)
        ).all()
    return [FaultRow(*row) for row in rows]
