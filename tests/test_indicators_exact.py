"""The indicators, exact to the last record (#15): figures counted by hand in the tests.

docs/indicators.md states each rule these tests hold the code to.
"""

from __future__ import annotations

from hotline_tui.domain.attendance.arrival import Rate
from hotline_tui.domain.indicators.definitions import INDICATORS, Value, fraction_percent
from hotline_tui.domain.indicators.report import Line, met_text, rate_text


def test_a_shown_rate_never_contradicts_its_judgement():
    # 2849/3000 = 94.9666… %: below 95 %, so it may not show as 95.0 %.
    assert fraction_percent(2849, 3000) == "94.9%"
    assert fraction_percent(2850, 3000) == "95.0%"  # exactly the target: met
    assert fraction_percent(1, 3) == "33.3%" and fraction_percent(2, 3) == "66.6%"
    # At most 0.03 %: 7 complaints in 20,001 calls is 0.034998… %, shown over the target.
    assert fraction_percent(7, 20_001, 3, up=True) == "0.035%"
    assert fraction_percent(6, 20_000, 3, up=True) == "0.030%"  # exactly: met
    assert fraction_percent(0, 5) == "0.0%" and fraction_percent(5, 5) == "100.0%"


def test_the_indicator_and_arrival_texts_agree_with_the_judgement():
    answered = next(i for i in INDICATORS if i.name == "人工接通率")
    complaints = next(i for i in INDICATORS if i.lower_is_better)
    cases = [
        (answered, Value(2849, 3000), "94.9%", "未达标"),
        (answered, Value(2850, 3000), "95.0%", "达标"),
        (complaints, Value(7, 20_001), "0.035%", "未达标"),
        (complaints, Value(6, 20_000), "0.030%", "达标"),
    ]
    for indicator, value, shown, judged in cases:
        line = Line(indicator, value, value)
        assert (rate_text(line, value), met_text(line, value)) == (shown, judged)
    # 899 of 1,000 arrived is 89.9 %; 8999 of 10,000 is 89.99 %: both short of 90 %.
    assert Rate(1000, 899).text == "899/1000 = 89.9%（未达标）"
    assert Rate(10_000, 8999).text == "8999/10000 = 89.9%（未达标）"
    assert Rate(10, 9).text == "9/10 = 90.0%（达标）"
