"""Demo swap requests (换班申请), through the real rules: one a chief has approved and
one still waiting, so that the request → approve flow can be seen on F4."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hotline_tui.db.store import Store
from hotline_tui.domain.attendance.rota import rota_between
from hotline_tui.domain.attendance.swaps import approve_swap, request_swap
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.errors import DomainError

# (days ahead, approved by a chief, why the 班长 asked)
REQUESTS = (
    (1, True, "家中老人就医，需陪同"),
    (3, False, "孩子学校开家长会"),
)


def load_demo_swap_requests(store: Store, today: date, seed: int = 7) -> int:
    """Ask, as a 班长 for two of their own group, for one to take the other's shift on a
    coming day; the first request approved by a 值班长. Returns how many were asked."""
    rng = random.Random(seed * 7919 + 5)
    people = list_staff(store)
    chief = next(p for p in people if p.post == "值班长")
    leaders = sorted((p for p in people if p.post == "班长" and p.group), key=lambda p: p.staff_no)
    rng.shuffle(leaders)
    asked = 0
    for (ahead, approved, note), leader in zip(REQUESTS, leaders, strict=False):
        day = today + timedelta(days=ahead)
        on_rota = {staff_id for staff_id, _day in rota_between(store, day, day)}
        group = sorted(
            (
                p
                for p in people
                if p.group == leader.group and p.post == "组员" and p.status == "在职"
            ),
            key=lambda p: p.staff_no,
        )
        givers = [p for p in group if p.id in on_rota]
        takers = [p for p in group if p.id not in on_rota]
        if not givers or not takers:
            continue
        giver, taker = rng.choice(givers), rng.choice(takers)
        try:
            request = request_swap(store, leader, day, giver.staff_no, taker.staff_no, note=note)
        except DomainError:  # the demo's rota did not allow it: shown without it
            continue
        asked += 1
        if approved:
            approve_swap(store, chief, request)
    return asked
