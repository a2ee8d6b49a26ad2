"""Attendance (考勤): who was due, who came, and the arrival rate the customer pays on.

THE ARRIVAL RULE, stated once (人员到达率, target ≥ 90 % per quarter):
- scheduled: every rota entry (person, date, shift) in the period;
- arrived: those marked 出勤, 迟到, 早退 or 离岗 — they came to the floor,
  however the shift went;
- every other status (事假, 病假, 年假, 调休, 旷工) and a scheduled person not
  marked at all count as not arrived;
- only shifts that have begun count: the rest of a month or quarter is not
  yet scheduled-and-missed;
- only formal staff (正式人员) count: a person on probation (试用) on the day of the
  entry does not, unless the settings say the customer counts them
  (``arrival_counts_probation``); a person's status is kept in dated spans
  (people/status.py), so a month's rate stays what it was whatever their status
  becomes later;
- rate = arrived ÷ scheduled; a period with nobody scheduled has no rate.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotline_tui.config import Settings
from hotline_tui.model.percent import fraction_percent

ARRIVED = frozenset({"出勤", "迟到", "早退", "离岗"})
# Marked, and not on the floor: leave of any kind, or absent without leave. Nobody so
# marked is given a seat by the fill, and one still seated is named on the plan.
LEAVE = frozenset({"事假", "病假", "年假", "调休"})
AWAY = LEAVE | {"旷工"}

TARGET = 0.90


@dataclass(frozen=True)
class ArrivalRule:
    """Whom the arrival rate counts: formal staff only (the contract's 正式人员), or
    people on probation as well where the customer counts them (a setting)."""

    count_probation: bool = False

    @classmethod
    def of(cls, settings: Settings) -> ArrivalRule:
        """The rule the settings choose (``arrival_counts_probation``)."""
        return cls(settings.arrival_counts_probation)

    def counts_person(self, probation: bool) -> bool:
        return self.count_probation or not probation

    @property
    def text(self) -> str:
        who = (
            "计入全部排班人员（含试用期人员，按设置）"
            if self.count_probation
            else "只计正式人员，排班当日在试用期的人员不计入（可在设置中改为计入）"
        )
        return (
            "到达率为到岗人次除以排班人次。到岗：出勤、迟到、早退、离岗；"
            "事假、病假、年假、调休、旷工和班次结束仍未标记的排班均算未到岗；尚未开始的班次不计，"
            "进行中的班次未标记的人（点名中）暂不计；"
            f"{who}。目标不低于 90%（按季度考核）。"
        )


FORMAL_ONLY = ArrivalRule()

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
    # People of a shift still under way not marked yet: the roll call is not over, so
    # they are not counted (neither way) until it is, or until the shift ends.
    calling: int = 0

    @property
    def people(self) -> int:
        """Everyone on the rota the rate is of, the ones still being called too."""
        return self.scheduled + self.calling

    @property
    def settled(self) -> Rate:
        """The rate of those counted so far, judged: a month's or a quarter's, where a
        roll call under way does not hold back the verdict on the days before."""
        return Rate(self.scheduled, self.arrived)

    @property
    def value(self) -> float | None:
        return None if not self.scheduled else self.arrived / self.scheduled

    @property
    def text(self) -> str:
        if self.calling:  # those marked so far, and no verdict yet
            return f"点名中 {self.arrived}/{self.scheduled}，未标记 {self.calling} 人"
        if self.value is None:
            return "无排班"
        mark = "达标" if self.value >= TARGET else "未达标"
        # Cut toward the judgement: 89.97 % shows as 89.9 %, never as 90.0 % beside 未达标.
        shown = fraction_percent(self.arrived, self.scheduled)
        return f"{self.arrived}/{self.scheduled} = {shown}（{mark}）"


def shift_rate(statuses: list[str], running: bool) -> Rate:
    """The rate of one shift's counted people from their marks ("" for none yet): while
    the shift runs, the unmarked are still being called; after it, they did not arrive."""
    marked = [s for s in statuses if s] if running else statuses
    arrived = sum(s in ARRIVED for s in marked)
    return Rate(len(marked), arrived, len(statuses) - len(marked))
