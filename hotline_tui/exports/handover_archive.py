"""Signed handovers as a printable Markdown document, for the paper archive."""

from __future__ import annotations

import re
from datetime import date

from hotline_tui.db.store import Store
from hotline_tui.domain.handover.queries import HandoverView, signed_handovers
from hotline_tui.domain.handover.record import SECTIONS
from hotline_tui.domain.shifts import Shift
from hotline_tui.domain.text import moment, visible

# Characters that turn a chief's words into Markdown anywhere in a line, and
# those that do so only at its start (headings, lists, quotes). Escaping only
# these keeps the printed file readable.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)((?:\d+(?=[.)]))?)([#>+.)-])")


def md(text: str) -> str:
    """User text as literal Markdown: escaped, control characters written out."""
    escaped = _INLINE.sub(r"\\\1", visible(text))
    return _LINE_START.sub(lambda m: f"{m[1]}{m[2]}\\{m[3]}", escaped)


def _paragraphs(text: str) -> list[str]:
    lines = [md(line) for line in text.strip().splitlines()]
    # A hard line break keeps the chief's own line breaks in print.
    return ["  \n".join(lines) if lines else "（无）", ""]


def _handover(view: HandoverView) -> list[str]:
    c = view.change
    out = [
        f"## {c.day.isoformat()} {c.shift.name} → {c.to_day.isoformat()} {c.to_shift.name}",
        "",
        f"- 交班人：{md(view.author)}　提交：{moment(view.submitted_at)}",
        f"- 接班人：{md(view.signer)}　签收：{moment(view.signed_at)}",
        f"- 签收摘要（SHA-256）：`{view.digest}`"
        + ("" if view.intact else "　**校验不符：内容在签收后被改动**"),
        f"- 座位：{md(view.plan_summary)}",
        "",
    ]
    for key, title in SECTIONS:
        out += [f"### {title}", "", *_paragraphs(view.sections[key])]
    out += ["### 待办事项与带入事项", ""]
    if not view.entries:
        out += ["（无）", ""]
    for entry in view.entries:
        line = f"- [{md(entry.source)}] {md(entry.text)}"
        item = entry.item
        if item is not None and not item.is_open:
            line += f"；已由 {md(item.closed_by)} 于 {moment(item.closed_at)} 关闭：{md(item.close_note)}"
        elif item is not None:
            line += "；尚未关闭"
        out.append(line)
    out.append("")
    for amendment in view.amendments:
        out += [
            f"### 补充说明（{md(amendment.author)}，{moment(amendment.at)}）",
            "",
            *_paragraphs(amendment.text),
        ]
    return out


def export_markdown(
    store: Store, shifts: list[Shift], since: date, until: date, now_text: str
) -> tuple[str, int]:
    """The document and how many handovers it holds."""
    rows = signed_handovers(store, shifts, since, until)  # oldest first, as the paper archive
    lines = [
        "# 西城区政务服务热线 交接班记录",
        "",
        f"时段：{since.isoformat()} 至 {until.isoformat()}　共 {len(rows)} 份已签收的交接班　导出时间：{now_text}",
        "",
        # The chain's head on paper: a later `check` that ends before it means rows were cut.
        f"{store.chain_head()}（hotline-tui check 应显示同一条或更新的）",
        "",
    ]
    if not rows:
        lines += ["本时段没有已签收的交接班。", ""]
    for view in rows:
        lines += _handover(view)
        lines += ["---", ""]
    return "\n".join(lines), len(rows)
