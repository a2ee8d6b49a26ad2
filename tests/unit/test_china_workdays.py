"""The packaged China calendar (data/china_workdays.toml) is the holidays package's.

The desk reads the State Council's arrangements from that file, so that no terminal
imports the package (all its countries: 0.07 s, 6 MiB, and 0.13 s and 8 MiB more for
each year's calendar) on its way to the floor. This test keeps the file true to the
package, year by year; ``python -m tests.unit.test_china_workdays`` writes it again
(after an upgrade of the package that knows a new year).
"""

from __future__ import annotations

import sys
from datetime import date, timedelta

from holidays import China
from holidays.countries.china import ChinaStaticHolidays

from hotline_tui.config import packaged_data_dir
from hotline_tui.workdays import CHINA_FILE, load_overrides

HEADER = """\
# 国家法定节假日和调休上班日：国务院办公厅公布的每年安排，取自 holidays 软件包。
#
# 随软件安装，请勿手工修改：由 python -m tests.unit.test_china_workdays 生成，
# 测试会逐年核对它与软件包一致。办公室录入的年份写在 workdays.toml 里，以那里为准。
# off 为工作日（周一至周五）中的放假日，work 为调休上班的周末。
"""


def arrangement(year: int) -> tuple[list[date], list[date]]:
    """(weekdays off, weekend days worked) of a year, as the package counts them."""
    china = China(years=year)
    off, work = [], []
    day = date(year, 1, 1)
    while day.year == year:
        working = china.is_working_day(day)
        if day.weekday() < 5 and not working:
            off.append(day)
        elif day.weekday() >= 5 and working:
            work.append(day)
        day += timedelta(days=1)
    return off, work


def expected_text() -> str:
    parts = [HEADER]
    for year in sorted(ChinaStaticHolidays.special_public_holidays):
        off, work = (", ".join(f'"{d}"' for d in days) for days in arrangement(year))
        parts.append(f"\n[{year}]\noff = [{off}]\nwork = [{work}]\n")
    return "".join(parts)


def test_the_packaged_calendar_is_the_holidays_package():
    path = packaged_data_dir() / CHINA_FILE
    assert path.read_text(encoding="utf-8") == expected_text(), (
        f"{path} differs from the holidays package: python -m tests.unit.test_china_workdays"
    )
    years = load_overrides(path)
    assert sorted(years) == sorted(ChinaStaticHolidays.special_public_holidays)
    assert date(2026, 10, 1) in years[2026].off and date(2026, 10, 10) in years[2026].work


if __name__ == "__main__":
    target = packaged_data_dir() / CHINA_FILE
    target.write_text(expected_text(), encoding="utf-8")
    print(f"written: {target}", file=sys.stderr)
