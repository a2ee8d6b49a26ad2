"""A seat plan as the screens draw it: no database here, so the seat map and its
side panel are imported before the ORM is loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from hotline_tui.domain.shifts import Shift


@dataclass(frozen=True)
class SeatView:
    label: str
    staff_id: int | None = None
    staff_no: str = ""
    name: str = ""
    group: str = ""
    group_order: int = -1
    assigned_at: datetime | None = None
    assigned_by: str = ""
    out_reason: str = ""
    out_since: datetime | None = None

    @property
    def occupied(self) -> bool:
        return self.staff_id is not None

    @property
    def out_of_service(self) -> bool:
        return bool(self.out_reason)


@dataclass(frozen=True)
class Plan:
    day: date
    shift: Shift
    seats: dict[str, SeatView]
    group_counts: list[tuple[str, int, int]] = field(default_factory=list)  # (group, order, n)

    @property
    def occupied(self) -> int:
        return sum(1 for s in self.seats.values() if s.occupied)

    @property
    def out_of_service(self) -> list[SeatView]:
        return [s for s in self.seats.values() if s.out_of_service]

    def seat_of(self, staff_id: int) -> SeatView | None:
        return next((s for s in self.seats.values() if s.staff_id == staff_id), None)
