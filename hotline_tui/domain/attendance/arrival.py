"""Attendance (考勤): who was due, who came, and the arrival rate the customer pays on.

THE ARRIVAL RULE, stated once (人员到达率, target ≥ 90 % per quarter):
- scheduled: every rota entry (person, date, shift) in the period;
- arrived: those marked 出勤, 迟到, 早退 or 离岗 — they came to the floor,
  however the shift went;
- every other status (事假, 病假, 年假, 调休, 旷工) and a scheduled person not
  marked at all count as not arrived;
- only shifts that have begun count: the rest of a month or quarter is not
  yet scheduled-and-missed;
- rate = arrived ÷ scheduled; a period with nobody scheduled has no rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from hotline_tui.db.tables import (
    Attendance,
    RotaEntry,
)
from hotline_tui.domain.text import fraction_percent

ARRIVED = frozenset({"出勤", "迟到", "早退", "离岗"})


def marked(rota: type[RotaEntry] = RotaEntry) -> sa.ColumnElement[bool]:
    """Join condition: the attendance row of a rota entry (same day, shift and person)."""
    return sa.and_(
        Attendance.day == rota.day,
        Attendance.shift_id == rota.shift_id,
        Attendance.staff_id == rota.staff_id,
    )


TARGET = 0.90

ARRIVAL_RULE = (
    "到达率为到岗人次除以排班人次。到岗：出勤、迟到、早退、离岗；"
    "事假、病假、年假、调休、旷工和未标记的排班均算未到岗；尚未开始的班次不计。目标不低于 90%（按季度考核）。"
)

# One character a status, for the monthly sheet (考勤表).
CODES = {
    "出勤": "出", "迟到": "迟", "早退": "早", "离岗": "离", "事假": "事",
    "病假": "病", "年假": "年", "调休": "调", "旷工": "旷",
}  # fmt: skip

UNMARKED_CODE = "？"

ARRIVED_CODES = frozenset(CODES[s] for s in ARRIVED)


@dataclass(frozen=True)
class Rate:
    scheduled: int
    arrived: int

    @property
    def value(self) -> float | None:
        return None if not self.scheduled else self.arrived / self.scheduled

    @property
    def text(self) -> str:
        if self.value is None:
            return "无排班"
        mark = "达标" if self.value >= TARGET else "未达标"
        # Cut toward the judgement: 89.97 % shows as 89.9 %, never as 90.0 % beside 未达标.
        shown = fraction_percent(self.arrived, self.scheduled)
        return f"{self.arrived}/{self.scheduled} = {shown}（{mark}）"
