"""Lines broken as Chinese text is set (禁则): a closing mark never starts a line, an
opening mark never ends one, and a Latin word or a number is never split where a
shorter line would do. Used by every dialog and panel instead of the terminal's own
fold, which cuts at the last cell that fits ("不能修改／，只能补充说明。")."""

from __future__ import annotations

import re
import unicodedata

from hotline_tui.model.vocab import (
    ATTENDANCE_STATUSES,
    ESCALATION_ADDRESSEES,
    ESCALATION_KINDS,
    FAULT_SYSTEMS,
    POSTS,
    QC_ERROR_KINDS,
    SKILLS,
    TRAINING_MARKS,
)

# Marks that belong to the character before them, and ones that belong to the one after.
NO_LINE_START = frozenset("，。、；：？！）」』》〉】〕｝’”…·%％,.;:?!)]}")
NO_LINE_END = frozenset("（「『《〈【〔｛‘“([{")

# Words of the desk's own sentences that a line never splits ("业务支撑", not "业／务支撑"):
# its vocabularies and the words its dialogs and panels are made of. Longest first, so
# that 专业坐席 is taken before 坐席.
_VOCABULARY = (
    *POSTS, *SKILLS, *ATTENDANCE_STATUSES, *TRAINING_MARKS, *QC_ERROR_KINDS,
    *ESCALATION_KINDS, *ESCALATION_ADDRESSEES, *FAULT_SYSTEMS,
    "综合坐席", "专业坐席", "业务支撑", "知识库采编", "质检", "工作组", "早班", "中班", "晚班",
    "交接班", "早班会", "座位", "排班", "考勤", "到岗", "到达率", "未达标", "达标", "无数据",
    "点名", "未标记", "紧急问题", "故障", "撤换", "请示报告", "签收", "提交", "补充说明",
    "修改", "撤回", "草稿", "操作记录", "校验链", "导出", "导入", "指标", "时效", "截止",
    "答复", "原因", "值班", "人员", "工号", "姓名", "密码", "数据库", "终端", "设置",
    "运营日报", "周报", "月报", "工作汇报", "换班", "加班", "培训", "考试", "成绩", "合格",
    "·试",  # the mark after a name on probation
)  # fmt: skip
WORDS = tuple(sorted(set(_VOCABULARY), key=len, reverse=True))

# A word of the desk, a Latin word, a number, a time or a path stays whole; every other
# character stands alone.
_TOKENS = re.compile(
    "|".join(re.escape(w) for w in WORDS) + r"|[A-Za-z0-9_./:%@+#\-]+|\s+|.", re.DOTALL
)


# Between parts of a line that each stay whole where they can ("当月 2227/2322 = 95.9%"):
# written as a tab, shown as this gap, and where a line must break, it breaks there first.
PART_GAP = "    "


def break_lines(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` cells (its own line ends kept; a tab
    separates parts that a line keeps whole where it can)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if "\t" in paragraph:
            lines.extend(_break_parts(paragraph.split("\t"), width))
        else:
            lines.extend(_break(paragraph, width))
    return lines


def _break_parts(parts: list[str], width: int) -> list[str]:
    """Parts side by side, PART_GAP apart, a new line where the next does not fit; a
    part longer than a line by itself is broken by the rules."""
    lines: list[str] = []
    line = ""
    for part in parts:
        joined = f"{line}{PART_GAP}{part}" if line else part
        if cell_len(joined) <= width or width <= 0:
            line = joined
            continue
        if line:
            lines.append(line)
        *whole, line = _break(part, width)
        lines.extend(whole)
    lines.append(line)
    return lines


def _break(text: str, width: int) -> list[str]:
    if width <= 0 or cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    line: list[str] = []  # the tokens of the line being set
    for token in _TOKENS.findall(text):
        if cell_len("".join(line) + token) <= width:
            line.append(token)
            continue
        if token.isspace():  # a break at a space: the space goes
            lines.append("".join(line).rstrip())
            line = []
            continue
        carry: list[str] = []
        # The word before a closing mark comes down with it; an opening mark at the end
        # of the line goes down to what it opens. A word too long to come down whole
        # with them comes down by its last character.
        while _held(line, carry, token):
            if len(line[-1]) > 1 and (
                len(line) == 1 or cell_len(line[-1] + "".join(carry) + token) > width
            ):
                line[-1:] = list(line[-1])
            carry.insert(0, line.pop())
            if line[-1][-1] not in NO_LINE_END and carry[0][0] not in NO_LINE_START:
                break
        kept = "".join(line)
        if kept.strip():
            lines.append(kept.rstrip())
            rest = "".join(carry) + token
        else:
            rest = kept + "".join(carry) + token
        while cell_len(rest) > width:  # longer than a line by itself: folded
            cut = _fits(rest, width)
            lines.append(rest[:cut])
            rest = rest[cut:]
        line = _TOKENS.findall(rest)
    lines.append("".join(line))
    return lines


def _held(line: list[str], carry: list[str], token: str) -> bool:
    """Whether the line may not end where it does: the next line would start with a
    closing mark, or this one ends with an opening one (and there is more to move)."""
    if not line or (len(line) == 1 and len(line[0]) == 1):
        return False
    starts = carry[0][0] if carry else token[0]
    return starts in NO_LINE_START or line[-1][-1] in NO_LINE_END


def cell_len(text: str) -> int:
    """Terminal cells: two for a wide (CJK) character, none for a combining one."""
    return sum(_cells(char) for char in text)


def _cells(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _fits(text: str, width: int) -> int:
    """How many characters of ``text`` fit in ``width`` cells (at least one)."""
    used = 0
    for index, char in enumerate(text):
        used += _cells(char)
        if used > width:
            return max(index, 1)
    return len(text)
