"""The monthly figures entered from outside (phone platform, QC sampling, exams)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    KpiFigure,
    Staff,
)
from hotline_tui.errors import DomainError
from hotline_tui.model.indicators import FIGURE_NAMES, FIGURES, PAIRS
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.staff_row import StaffRow


@dataclass(frozen=True)
class FigureEntry:
    value: int
    entered_at: datetime
    entered_by: str


def figures(store: Store, months: list[date]) -> dict[date, dict[str, FigureEntry]]:
    with store.read() as session:
        rows = session.execute(
            sa.select(KpiFigure.month, KpiFigure.key, KpiFigure.value, KpiFigure.entered_at,
                      sa.func.coalesce(Staff.name, "导入"))
            .outerjoin(Staff, Staff.id == KpiFigure.entered_by)
            .where(KpiFigure.month.in_(months))
        ).all()  # fmt: skip
    result: dict[date, dict[str, FigureEntry]] = {m: {} for m in months}
    for month, key, value, at, who in rows:
        result[month][key] = FigureEntry(value, at, who)
    return result


def parse_figures(raw: dict[str, str]) -> dict[str, int | None]:
    """Whole numbers from the form; empty means not known yet. Pairs are checked."""
    values: dict[str, int | None] = {}
    for key, name in FIGURES:
        text = raw.get(key, "").strip().replace(",", "")
        if not text:
            values[key] = None
            continue
        if not text.isdigit():
            raise DomainError(f"“{name}”应为不小于 0 的整数，而不是“{raw[key]}”。")
        values[key] = int(text)
    for numerator, denominator in PAIRS:
        n, d = values[numerator], values[denominator]
        if (n is None) != (d is None):
            missing = FIGURE_NAMES[denominator if d is None else numerator]
            raise DomainError(
                f"“{FIGURE_NAMES[numerator]}”和“{FIGURE_NAMES[denominator]}”要一起填写，缺少“{missing}”。"
            )
        if n is not None and d is not None and n > d:
            raise DomainError(
                f"“{FIGURE_NAMES[numerator]}”（{n}）不能大于“{FIGURE_NAMES[denominator]}”（{d}）。"
            )
    return values


def save_figures(
    store: Store, actor: StaffRow | None, month: date, values: dict[str, int | None]
) -> int:
    """Store the month's figures; each change is audited with before and after. Returns changes."""
    actor = require(actor, Action.OUTSIDE_FIGURES)
    month = month.replace(day=1)
    with store.write(actor.id) as tx:
        current = {
            row.key: row
            for row in tx.session.execute(
                sa.select(KpiFigure).where(KpiFigure.month == month)
            ).scalars()
        }
        changed = 0
        for key, value in values.items():
            row = current.get(key)
            before = None if row is None else row.value
            if before == value:
                continue
            changed += 1
            if value is None:
                tx.session.delete(row)
            elif row is None:
                tx.session.add(
                    KpiFigure(
                        month=month, key=key, value=value, entered_at=tx.now, entered_by=actor.id
                    )
                )
            else:
                row.value, row.entered_at, row.entered_by = value, tx.now, actor.id
            tx.audit(
                "kpi.figure",
                "kpi_figure",
                f"{month:%Y-%m}/{key}",
                {"value": before},
                {"value": value},
            )
        if not changed:
            tx.audit("kpi.figure", "kpi_figure", f"{month:%Y-%m}", None, {"unchanged": True})
        return changed
