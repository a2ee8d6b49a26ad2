"""A seat plan as the screens draw it: no database here, so the seat map and its
side panel are imported before the ORM is loaded."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from hotline_tui.model.shifts import Shift


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


MANAGER_MARK = "管"
_QUALIFIER = re.compile(r"[（(]([^）)]+)[）)]")


def group_marks(groups: list[tuple[str, int]]) -> dict[int, str]:
    """One character per group (by its order) that tells it apart on the seat map
    without colour: 16-colour terminals, NO_COLOR and paper. The first character of
    the name's qualifier (专业坐席（社保） → 社) or else of the name, the next unused
    one when taken; managers outside the groups are 管."""
    marks: dict[int, str] = {}
    used = {MANAGER_MARK}
    for name, order in sorted(groups, key=lambda g: g[1]):
        if order < 0:
            marks[order] = MANAGER_MARK
            continue
        qualifier = _QUALIFIER.search(name)
        candidates = (qualifier[1] if qualifier else "") + _QUALIFIER.sub("", name)
        mark = next((c for c in candidates if c.strip() and c not in used), str(order % 10))
        used.add(mark)
        marks[order] = mark
    return marks


@dataclass(frozen=True)
class Unseated:
    """On the shift's rota and arrived, but without a seat."""

    staff_no: str
    name: str
    group: str


@dataclass(frozen=True)
class Plan:
    day: date
    shift: Shift
    seats: dict[str, SeatView]
    group_counts: list[tuple[str, int, int]] = field(default_factory=list)  # (group, order, n)
    # Where the plan and the rota disagree: seats of people not on the shift's rota,
    # people on it who arrived but have no seat, and seats of people marked away
    # (leave or 旷工): label -> the mark.
    off_rota: list[str] = field(default_factory=list)
    unseated: list[Unseated] = field(default_factory=list)
    away: dict[str, str] = field(default_factory=dict)

    @property
    def disagrees(self) -> bool:
        return bool(self.off_rota or self.unseated or self.away)

    @property
    def occupied(self) -> int:
        return sum(1 for s in self.seats.values() if s.occupied)

    @property
    def out_of_service(self) -> list[SeatView]:
        return [s for s in self.seats.values() if s.out_of_service]

    @property
    def marks(self) -> dict[int, str]:
        """Each seated group's mark, by group order (group_marks)."""
        return group_marks([(group, order) for group, order, _n in self.group_counts])

    def seat_of(self, staff_id: int) -> SeatView | None:
        return next((s for s in self.seats.values() if s.staff_id == staff_id), None)
