"""#34: lines broken as Chinese is set, in every dialog (model/line_break)."""

from __future__ import annotations

import pytest

from hotline_tui.model.line_break import NO_LINE_END, NO_LINE_START, break_lines, cell_len


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # The three sentences the terminal's own fold broke before their punctuation.
        # No word of the desk is split where a shorter line would do.
        ("提交后不能修改，只能补充说明。", 12, ["提交后不能", "修改，只能", "补充说明。"]),
        ("已签收的交接班撤回修改。", 11, ["已签收的", "交接班撤回", "修改。"]),
        ("已安排到业务支撑的座位区", 12, ["已安排到", "业务支撑的", "座位区"]),
        # A word too long to come down with its closing mark gives a character instead.
        ("未标记）均算", 6, ["未标", "记）均", "算"]),
        ("（可在设置中改为计入）。目标", 10, ["（可在设置", "中改为计", "入）。目标"]),
        # An opening mark goes down with what it opens.
        ("请写明原因（如：漏登记）", 12, ["请写明原因", "（如：漏登", "记）"]),
        # A time, a number and a path stay whole where a line can take them.
        ("截止 12-09 24:00 前答复", 12, ["截止 12-09", "24:00 前答复"]),
        ("共 2195/2290 人次", 8, ["共", "2195/229", "0 人次"]),
        # Its own line ends are kept.
        ("第一行\n第二行", 20, ["第一行", "第二行"]),
    ],
)
def test_lines_break_by_the_chinese_rules(text, width, lines):
    assert break_lines(text, width) == lines


def test_no_line_starts_with_a_closing_mark_nor_ends_with_an_opening_one():
    text = (
        "到岗：出勤、迟到、早退、离岗；事假、病假、年假、调休、旷工（班次结束仍未标记）均算未到岗。"
        * 3
    )
    for width in range(6, 60):
        lines = break_lines(text, width)
        assert "".join(lines) == text  # nothing lost, nothing added
        assert all(cell_len(line) <= width for line in lines)
        assert not any(line[0] in NO_LINE_START for line in lines[1:]), width
        assert not any(line[-1] in NO_LINE_END for line in lines[:-1]), width


def test_parts_of_a_line_stay_whole_and_break_at_their_gap():
    """The board's rate line at 100 columns: 当月 kept with its figure, 当季 goes down."""
    text = "本班 点名中 20/20，未标记 26 人\t当日 点名中 20/20\t当月 2227/2322 = 95.9%（达标）\t当季 4589/4784 = 95.9%（达标）"
    assert break_lines(text, 98) == [
        "本班 点名中 20/20，未标记 26 人    当日 点名中 20/20    当月 2227/2322 = 95.9%（达标）",
        "当季 4589/4784 = 95.9%（达标）",
    ]
    # Wide enough, one line; a part wider than a line is broken by the rules.
    assert break_lines("甲\t乙", 20) == ["甲    乙"]
    assert break_lines("当月\t提交后不能修改，只能补充说明。", 12) == [
        "当月",
        "提交后不能",
        "修改，只能",
        "补充说明。",
    ]
