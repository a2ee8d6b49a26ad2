"""A month's timeliness: how many counted, how many on time, the rate, or no data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hotline_tui.model.percent import fraction_percent


@dataclass(frozen=True)
class Timeliness:
    counted: int
    on_time: int

    @property
    def rate(self) -> float | None:
        """None when nothing counted: a month without data is neither 0 % nor 100 %."""
        return None if not self.counted else self.on_time / self.counted

    @property
    def text(self) -> str:
        if self.rate is None:
            return "本月无数据"
        # Cut down, never rounded up: 2999/3000 is 99.9 %, not 100.0 % (the target).
        return f"{self.on_time}/{self.counted} = {fraction_percent(self.on_time, self.counted)}"


def tally(outcomes: Iterable[str]) -> Timeliness:
    counted = on_time = 0
    for outcome in outcomes:
        if outcome == "pending":
            continue
        counted += 1
        on_time += outcome == "on_time"
    return Timeliness(counted, on_time)
