"""Screens at fixed terminal sizes with the demo data and a fixed clock."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.helpers import chief
from tests.pilot import build_app

SIZES = [(160, 48), (100, 30)]


async def no_blink(pilot) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sign_in(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan)
    assert snap_compare(app, terminal_size=size, run_before=no_blink)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sign_in_filtered_by_pinyin(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan)

    async def type_initials(pilot) -> None:
        await pilot.press(*chief(demo_store).pinyin_initials)
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=type_initials)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_floor(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
    assert snap_compare(app, terminal_size=size, run_before=no_blink)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_floor_marking_a_move(snap_compare, demo_store, settings, clock, floorplan, size):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def mark(pilot) -> None:
        await pilot.press("right", "m", "down")
        app.clear_notifications()
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=mark)


def test_staff_picker(snap_compare, demo_store, settings, clock, floorplan):
    app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))

    async def open_picker(pilot) -> None:
        await pilot.press("down", "down", "down", "right", "right", "right", "right", "right")
        await pilot.press("right", "right", "right", "right", "enter")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=open_picker)
