"""Every rate the desk shows or writes, in one way: cut toward its judgement.

A rate is never rounded across its target: 2849/3000 (94.97 %) is 94.9 %, not 95.0 %
beside 未达标, on the screen, the wall, the strips, the reports and in a spreadsheet cell
alike. Integers only, so that no float rounding decides a payment.
"""

from __future__ import annotations


def cut_units(numerator: int, denominator: int, decimals: int = 1, up: bool = False) -> int:
    """The percent in units of its last digit, cut down, or up for a rate judged "at
    most" (``up``: 3.4 in 10,000 is 0.035 %, over a 0.030 % limit)."""
    scale = 100 * 10**decimals
    if up:
        return -((-numerator * scale) // denominator)
    return (numerator * scale) // denominator


def percent_figure(numerator: int, denominator: int, decimals: int = 1, up: bool = False) -> str:
    """The digits alone, "94.9", where the % is written once above a column or beside."""
    whole, part = divmod(cut_units(numerator, denominator, decimals, up), 10**decimals)
    return f"{whole}.{part:0{decimals}d}" if decimals else f"{whole}"


def fraction_percent(numerator: int, denominator: int, decimals: int = 1, up: bool = False) -> str:
    """numerator/denominator as "94.9%": cut to ``decimals`` toward the judgement."""
    return percent_figure(numerator, denominator, decimals, up) + "%"


def cut_fraction(numerator: int, denominator: int, decimals: int = 1, up: bool = False) -> float:
    """The same figure as a number for a spreadsheet cell formatted with ``decimals``
    (0.949 under "0.0%"): the cell shows what the screen shows, and sums as a number."""
    return cut_units(numerator, denominator, decimals, up) / (100 * 10**decimals)


def percent_format(decimals: int) -> str:
    """The spreadsheet number format that shows ``decimals`` digits of a percent."""
    return f"0.{'0' * decimals}%" if decimals else "0%"
