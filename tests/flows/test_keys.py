"""The key bar never cuts a key, and F1 (or ?) lists every key of the screen."""

from __future__ import annotations

from rich.cells import cell_len

from hotline_tui.screens.floor.plan import FloorScreen
from hotline_tui.screens.kit.help import KeysHelp
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
            app.clear_notifications()  # the demo's clocks announce themselves at sign-in
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


def test_notice_lines_put_the_most_urgent_first_and_never_hide_it():
    from hotline_tui.widgets.key_bar import Notice, notice_lines

    one = [Notice("已保存。" * 30, "information")]  # 120 characters: three lines, the last cut
    lines = notice_lines(one, 40)
    assert len(lines) == 3 and lines[-1][0].endswith("…")
    assert all(cell_len(text) <= 40 for text, _ in lines)
    many = [Notice("超时", "error"), Notice("第二", "warning"), Notice("已保存", "information"),
            Notice("第四", "warning"), Notice("第五", "information")]  # fmt: skip
    # Errors first, then what answers the person (information), then the clocks'
    # warnings; the newest first within each.
    assert notice_lines(many, 40) == [
        ("超时", "error"), ("第五", "information"), ("另有 3 条提示", "warning"),
    ]  # fmt: skip
    assert notice_lines(many[1:4], 40) == [
        ("已保存", "information"), ("第四", "warning"), ("第二", "warning"),
    ]  # fmt: skip
    assert notice_lines([], 40) == []


def test_a_notice_takes_a_line_of_its_own_and_goes(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.clear_notifications()
            await settle(pilot)
            bar = app.screen.query_one(KeyBar)
            assert bar.size.height == 1
            app.notify("座位 A01 已安排给 张三。", timeout=2)
            await wait_until(pilot, lambda: bar.size.height == 2, what="the notice")
            assert "".join(s.text for s in bar.render_line(0)).strip() == "座位 A01 已安排给 张三。"
            assert "F1" in "".join(s.text for s in bar.render_line(1))  # the keys stay
            await wait_until(pilot, lambda: bar.size.height == 1, what="gone again")

    run(scenario())


def test_a_terminal_too_small_is_told_the_size_the_desk_needs(
    demo_store, settings, clock, floorplan
):
    from textual.widgets import Static

    from hotline_tui.screens.kit.too_small import TooSmallScreen

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(70, 20)) as pilot:
            await wait_until(
                pilot, lambda: isinstance(app.screen, TooSmallScreen), what="the size notice"
            )
            said = str(app.screen.query_one("#too-small", Static).render())
            assert "70×20" in said and "80×24" in said
            await press(pilot, "f3", "f1")  # nothing under it moves
            assert isinstance(app.screen, TooSmallScreen) and app.current_mode == "floor"
            await pilot.resize_terminal(80, 24)
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen), what="the floor")

    run(scenario())


def test_every_area_key_answers(demo_store, settings, clock, floorplan):
    """#34: F9 pressed by a 值班长 says why it does not open; an area's own key from a
    screen opened over it (QC under F7) goes back to the area."""
    from hotline_tui.screens.indicators.indicators import IndicatorsScreen
    from hotline_tui.screens.quality.checks import QualityScreen

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen))
            await press(pilot, "f9")
            await wait_until(pilot, lambda: any("值班长不能查看操作记录（可以的岗位：" in n.message
                                                for n in app.notices), what="the refusal")  # fmt: skip
            assert isinstance(app.screen, FloorScreen)
            await press(pilot, "f7")
            await wait_until(pilot, lambda: isinstance(app.screen, IndicatorsScreen))
            await press(pilot, "q")
            await wait_until(pilot, lambda: isinstance(app.screen, QualityScreen))
            await press(pilot, "f7")
            await wait_until(pilot, lambda: isinstance(app.screen, IndicatorsScreen),
                             what="back to the indicators")  # fmt: skip
            assert len(app.screen_stack) == 1

    run(scenario())
