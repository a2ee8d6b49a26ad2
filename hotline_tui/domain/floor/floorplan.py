"""The seats table kept in step with the floor plan (model/floorplan.py reads the plan)."""

from __future__ import annotations

import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import Seat
from hotline_tui.model.floorplan import Floorplan


def sync_seats(store: Store, floorplan: Floorplan) -> int:
    """Add the plan's seats that the database lacks; returns how many were added.

    Seats are never deleted: past plans refer to them.
    """
    with store.read() as session:
        known = set(session.execute(sa.select(Seat.label)).scalars())
    missing = [label for label in floorplan.labels if label not in known]
    if not missing:
        return 0
    with store.write(None) as tx:
        known = set(tx.session.execute(sa.select(Seat.label)).scalars())
        rows = [{"label": label, "zone": label[0]} for label in missing if label not in known]
        if rows:
            tx.session.execute(sa.insert(Seat), rows)
        tx.audit("seat.sync", "seat", "floorplan", after={"added": [r["label"] for r in rows]})
    return len(rows)
