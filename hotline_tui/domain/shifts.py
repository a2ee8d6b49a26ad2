"""The shift table: kept in step with the settings, and read (model/shifts.py holds the
shift itself and its arithmetic)."""

from __future__ import annotations

import sqlalchemy as sa

from hotline_tui.config import ShiftSpec
from hotline_tui.db.store import Store
from hotline_tui.db.tables import ShiftDef
from hotline_tui.model.shifts import Shift


def sync_shifts(store: Store, specs: tuple[ShiftSpec, ...]) -> None:
    """Make the shift table match the settings; shifts in use are never deleted."""
    with store.read() as session:
        current = {
            r.code: r
            for r in session.execute(
                sa.select(
                    ShiftDef.code, ShiftDef.name, ShiftDef.start, ShiftDef.end, ShiftDef.sort_order
                )
            )
        }
    wanted = {s.code: (s.name, s.start, s.end, i) for i, s in enumerate(specs)}
    if all(
        code in current and tuple(current[code][1:]) == values for code, values in wanted.items()
    ):
        return
    with store.write(None) as tx:
        for code, (name, start, end, order) in wanted.items():
            row = tx.session.execute(
                sa.select(ShiftDef).where(ShiftDef.code == code)
            ).scalar_one_or_none()
            before = None if row is None else {"name": row.name, "start": row.start, "end": row.end}
            if row is None:
                row = ShiftDef(code=code, name=name, start=start, end=end, sort_order=order)
                tx.session.add(row)
            else:
                row.name, row.start, row.end, row.sort_order = name, start, end, order
            tx.audit(
                "shift.sync", "shift_def", code, before, {"name": name, "start": start, "end": end}
            )


def list_shifts(store: Store) -> list[Shift]:
    with store.read() as session:
        rows = session.execute(
            sa.select(
                ShiftDef.id, ShiftDef.code, ShiftDef.name, ShiftDef.start, ShiftDef.end
            ).order_by(ShiftDef.sort_order, ShiftDef.id)
        ).all()
    return [Shift(*row) for row in rows]
