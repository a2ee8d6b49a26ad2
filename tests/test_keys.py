"""The key bar never cuts a key, and F1 (or ?) lists every key of the screen."""

from __future__ import annotations

from rich.cells import cell_len

from hotline_tui.screens.floor import FloorScreen
from hotline_tui.screens.help import KeysHelp
from hotline_tui.widgets.key_bar import KeyBar, KeyItem, fit, item_width
from tests.helpers import chief
from tests.pilot import build_app, press, run, settle, wait_until


def _items(n: int) -> list[KeyItem]:
    return [KeyItem(str(k), str(k), "动作", True) for k in range(n)]  # " 0 动作 " is 8 cells


def test_all_keys_that_fit_then_help():
    items = _items(5)
    shown, last = fit(items, 80)
    assert shown == items and last.description == "帮助"


def test_keys_that_do_not_fit_are_left_whole_for_the_help_screen():
    items = _items(20)  # 160 cells
    for width in range(10, 120):
        shown, last = fit(items, width)
        assert last.description == "更多"
        used = sum(item_width(i) for i in shown) + item_width(last)
        assert used <= width  # nothing cut
        assert shown == items[: len(shown)]  # the first ones, in order
        # one more would not have fitted
        assert used + item_width(items[len(shown)]) > width


def _bar_text(app) -> str:
    bar = app.screen.query_one(KeyBar)
    return "".join(seg.text for seg in bar.render_line(0)).rstrip()


def test_f1_and_question_mark_list_the_keys_the_bar_could_not_show(
    demo_store, settings, clock, floorplan
):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            bar = _bar_text(app)
            assert bar.endswith("F1 更多") and "切换班次" not in bar
            await press(pilot, "f1")
            await wait_until(pilot, lambda: isinstance(app.screen, KeysHelp), what="help")
            listed = str(app.screen.body)
            assert "本屏按键" in listed and "任何时候" in listed
            for words in ("切换班次", "回到当班", "F12", "换人", "F5", "时效"):
                assert words in listed, words
            assert "Scroll" not in listed  # Textual's own keys, in English
            assert "F9" not in listed  # the audit trail is not a duty chief's
            await press(pilot, "escape")
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen), what="back")
            await press(pilot, "question_mark")
            await wait_until(pilot, lambda: isinstance(app.screen, KeysHelp), what="? help")
            await press(pilot, "f1")  # F1 closes it again
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen), what="closed")
            # A click on the bar's last key is that key.
            await pilot.click(KeyBar, offset=(cell_len(bar) - 2, 0))
            await wait_until(pilot, lambda: isinstance(app.screen, KeysHelp), what="clicked")

    run(scenario())
