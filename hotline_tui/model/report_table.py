"""A report's figures as tables: counts as numbers, dates as dates, rates as the fraction
they are of. Composed with the report's text and frozen with it when it is submitted,
so that the workbook of a sealed report can be summed and charted as it was sealed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hotline_tui.model.percent import cut_fraction, fraction_percent

# What a column holds: text, a count (int), a day, or a Share.
KINDS = ("text", "count", "date", "rate")


@dataclass(frozen=True)
class Share:
    """A rate as its fraction and how it is shown: cut toward the judgement, like every
    rate of the desk (``model.percent``)."""

    numerator: int
    denominator: int
    decimals: int = 1
    up: bool = False  # a rate judged "at most" is cut up

    @property
    def value(self) -> float | None:
        """The figure a cell holds: the shown digits, cut the same way (90.9 % is 0.909)."""
        if not self.denominator:
            return None
        return cut_fraction(self.numerator, self.denominator, self.decimals, self.up)

    @property
    def text(self) -> str:
        if not self.denominator:
            return "无数据"
        return fraction_percent(self.numerator, self.denominator, self.decimals, self.up)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(self.kind)


Cell = str | int | date | Share | None


@dataclass(frozen=True)
class FigureTable:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"{self.title}: {len(row)} cells for {len(self.columns)} columns")

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "columns": [[c.name, c.kind] for c in self.columns],
            "rows": [[_cell_json(v) for v in row] for row in self.rows],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FigureTable:
        columns = tuple(Column(name, kind) for name, kind in data["columns"])
        rows = tuple(
            tuple(_cell_of(c.kind, v) for c, v in zip(columns, row, strict=True))
            for row in data["rows"]
        )
        return cls(data["title"], columns, rows)


def _cell_json(value: Cell) -> Any:
    if isinstance(value, Share):
        return [value.numerator, value.denominator, value.decimals, value.up]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _cell_of(kind: str, value: Any) -> Cell:
    if value is None:
        return None
    if kind == "rate":
        numerator, denominator, decimals, up = value
        return Share(int(numerator), int(denominator), int(decimals), bool(up))
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "count":
        return int(value)
    return str(value)
