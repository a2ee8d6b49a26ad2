"""Helpers for driving the real app by keys."""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import replace

from hotline_tui.app import make_app
from hotline_tui.widgets.seat_layout import Layout


def build_app(settings, store, clock, floorplan, actor=None):
    # Poll faster than the floor does, so a change from "another terminal" shows up quickly.
    return make_app(
        replace(settings, poll_seconds=0.05), store, clock, floorplan=floorplan, actor=actor
    )


def arrow_path(layout: Layout, start: str, goal: str) -> list[str]:
    """The arrow keys that walk the cursor from one seat to another."""
    queue, came = deque([start]), {start: None}
    while queue:
        here = queue.popleft()
        if here == goal:
            break
        for key, there in layout.neighbours[here].items():
            if there not in came:
                came[there] = (here, key)
                queue.append(there)
    keys = []
    while came[goal] is not None:
        goal, key = came[goal]
        keys.append(key)
    return keys[::-1]


def run(coro):
    return asyncio.run(coro)
