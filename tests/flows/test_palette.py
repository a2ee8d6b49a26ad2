"""The command palette speaks Chinese and finds the desk's commands by pinyin initials."""

from __future__ import annotations

from textual.widgets import Input

from hotline_tui.screens.kit.palette import PLACEHOLDER, score
from tests.helpers import chief
from tests.pilot import build_app, press, run, wait_until

SIZE = (160, 48)


def _prompts(app) -> list[str]:
    options = app.screen.query_one("CommandList")
    prompts = (options.get_option_at_index(i).prompt for i in range(options.option_count))
    return [str(p).split("\n")[0] for p in prompts]  # the title, without its help line


def test_score_by_name_and_by_pinyin_initials():
    assert score("交接班", "交接") == 1.0
    assert score("交接班", "接班") == 0.9
    assert score("交接班", "jjb") == 0.8
    assert score("交接班", "JJ") == 0.8  # case does not matter
    assert score("交接班", "jiaojie") == 0.8
    assert score("复制前一天同班", "qyt") == 0.6  # initials inside the name
    assert score("交接班", "kq") == 0.0
    assert score("交接班", "  ") == 0.0
    assert score("考勤", "班") == 0.0


def test_the_palette_lists_only_chinese_commands_and_finds_by_initials(
    demo_store, settings, clock, floorplan
):
    from hotline_tui.screens.handover.listing import HandoverListScreen

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "ctrl+p")
            await wait_until(pilot, lambda: app.screen.id == "--command-palette", what="palette")
            assert app.screen.query_one(Input).placeholder == PLACEHOLDER
            await wait_until(pilot, lambda: len(_prompts(app)) > 5, what="the commands")
            listed = _prompts(app)
            assert "交接班" in listed and "退出" in listed
            # Textual's own commands (English) are not offered.
            english = [p for p in listed if p.isascii()]
            assert english == [], english
            await press(pilot, *"jjb")
            await wait_until(pilot, lambda: _prompts(app)[:1] == ["交接班"], what="jjb")
            await press(pilot, "enter")
            await wait_until(
                pilot, lambda: isinstance(app.screen, HandoverListScreen), what="the handovers"
            )

    run(scenario())
