"""Signed handovers for the paper archive: a Markdown document, or a self-contained
HTML page that prints cleanly from any browser (its fonts are the system's).

Both are drawn from one outline of blocks, so the two files say the same things.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from hotline_tui.db.store import Store
from hotline_tui.domain.handover.queries import HandoverView, signed_handovers
from hotline_tui.domain.handover.record import SECTIONS
from hotline_tui.model.shifts import Shift
from hotline_tui.model.text import moment, visible

TITLE = "西城区政务服务热线 交接班记录"

# Characters that turn a chief's words into Markdown anywhere in a line, and
# those that do so only at its start (headings, lists, quotes). Escaping only
# these keeps the printed file readable.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)((?:\d+(?=[.)]))?)([#>+.)-])")


def md(text: str) -> str:
    """User text as literal Markdown: escaped, control characters written out."""
    escaped = _INLINE.sub(r"\\\1", visible(text))
    return _LINE_START.sub(lambda m: f"{m[1]}{m[2]}\\{m[3]}", escaped)


class Block(NamedTuple):
    """One piece of the outline. ``parts`` are (text, is_user_text) runs: user text is
    escaped by each renderer, the desk's own words are not."""

    kind: str  # heading, subheading, meta, paragraph, item, warning, rule, code
    parts: tuple[tuple[str, bool], ...]


def _b(kind: str, *parts: tuple[str, bool]) -> Block:
    return Block(kind, parts)


def _ours(text: str) -> tuple[str, bool]:
    return (text, False)


def _theirs(text: str) -> tuple[str, bool]:
    return (text, True)


def _handover(view: HandoverView) -> Iterator[Block]:
    c = view.change
    yield _b("heading", _ours(f"{c.day.isoformat()} {c.shift.name} → "
                              f"{c.to_day.isoformat()} {c.to_shift.name}"))  # fmt: skip
    yield _b("meta", _ours("交班人："), _theirs(view.author),
             _ours(f"　提交：{moment(view.submitted_at)}"))  # fmt: skip
    if view.early_reason:
        yield _b("meta", _ours("提前提交，原因："), _theirs(view.early_reason))
    yield _b("meta", _ours("接班人："), _theirs(view.signer),
             _ours(f"　签收：{moment(view.signed_at)}"))  # fmt: skip
    if view.sign_reason:
        yield _b("meta", _ours("非排班接班人代签，原因："), _theirs(view.sign_reason))
    yield _b("code", _ours("签收摘要（SHA-256）："), _ours(view.digest or ""))
    if not view.intact:
        yield _b("warning", _ours("校验不符：内容在签收后被改动"))
    yield _b("meta", _ours("座位："), _theirs(view.plan_summary))
    for key, title in SECTIONS:
        yield _b("subheading", _ours(title))
        text = view.sections[key].strip()
        yield _b("paragraph", _theirs(text)) if text else _b("paragraph", _ours("（无）"))
    yield _b("subheading", _ours("待办事项与带入事项"))
    if not view.entries:
        yield _b("paragraph", _ours("（无）"))
    for entry in view.entries:
        parts = [_ours("["), _theirs(entry.source), _ours("] "), _theirs(entry.text)]
        item = entry.item
        if item is not None and not item.is_open:
            parts += [_ours("；已由 "), _theirs(item.closed_by),
                      _ours(f" 于 {moment(item.closed_at)} 关闭："), _theirs(item.close_note)]  # fmt: skip
        elif item is not None:
            parts.append(_ours("；尚未关闭"))
        yield Block("item", tuple(parts))
    for amendment in view.amendments:
        yield _b("subheading", _ours("补充说明（"), _theirs(amendment.author),
                 _ours(f"，{moment(amendment.at)}）"))  # fmt: skip
        yield _b("paragraph", _theirs(amendment.text.strip()))


def outline(
    store: Store, shifts: list[Shift], since: date, until: date, now_text: str
) -> tuple[list[Block], list[list[Block]]]:
    """The document's head, and each signed handover's blocks, oldest first."""
    rows = signed_handovers(store, shifts, since, until)  # oldest first, as the paper archive
    head = [
        _b(
            "meta",
            _ours(
                f"时段：{since.isoformat()} 至 {until.isoformat()}　共 {len(rows)} "
                f"份已签收的交接班　导出时间：{now_text}"
            ),
        ),  # fmt: skip
        # The chain's head on paper: a later `check` that ends before it means rows were cut.
        _b("meta", _ours(f"{store.chain_head()}（hotline-tui check 应显示同一条或更新的）")),
    ]
    if not rows:
        head.append(_b("paragraph", _ours("本时段没有已签收的交接班。")))
    return head, [list(_handover(view)) for view in rows]


# --- Markdown ----------------------------------------------------------------------------


def _md_text(parts: tuple[tuple[str, bool], ...]) -> str:
    return "".join(md(text) if user else text for text, user in parts)


def _md_block(block: Block) -> list[str]:
    if block.kind == "paragraph":
        # A hard line break keeps the chief's own line breaks in print.
        lines = [_md_text(((line, user),)) for text, user in block.parts
                 for line in text.splitlines()]  # fmt: skip
        return ["  \n".join(lines) or "（无）", ""]
    if block.kind == "code":
        (label, _), (digest, _) = block.parts
        return [f"- {label}`{digest}`"]
    text = _md_text(block.parts)
    return {
        "heading": [f"## {text}", ""],
        "subheading": [f"### {text}", ""],
        "meta": [f"- {text}"],
        "warning": [f"- **{text}**"],
        "item": [f"- {text}"],
    }[block.kind]


def export_markdown(
    store: Store, shifts: list[Shift], since: date, until: date, now_text: str
) -> tuple[str, int]:
    """The Markdown document and how many handovers it holds."""
    head, handovers = outline(store, shifts, since, until, now_text)
    lines = [f"# {TITLE}", ""]
    for block in head:
        lines += [_md_text(block.parts), ""]
    for blocks in handovers:
        previous = ""
        for block in blocks:
            if previous in ("meta", "code", "warning", "item") and block.kind not in (
                "meta",
                "code",
                "warning",
                "item",
            ):
                lines.append("")  # a list ends before the next heading or paragraph
            lines += _md_block(block)
            previous = block.kind
        lines += ["", "---", ""]
    return "\n".join(lines), len(handovers)


# --- HTML --------------------------------------------------------------------------------

_STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif;
       font-size: 11pt; line-height: 1.55; color: #000; max-width: 48em; margin: 2em auto; }
h1 { font-size: 17pt; text-align: center; margin-bottom: .3em; }
h2 { font-size: 13pt; border-bottom: 1px solid #000; padding-bottom: .2em; margin-top: 0; }
h3 { font-size: 11pt; margin: .9em 0 .2em; }
p { margin: 0 0 .4em; white-space: pre-wrap; }
ul { margin: .2em 0; padding-left: 1.2em; }
.meta { color: #333; }
.warning { font-weight: bold; }
code { font-family: monospace; font-size: 9pt; }
section.handover { page-break-before: always; break-before: page; }
section.handover:first-of-type { page-break-before: auto; break-before: auto; }
h3, li { page-break-inside: avoid; break-inside: avoid; }
h2, h3 { page-break-after: avoid; break-after: avoid; }
"""


def _html_text(parts: tuple[tuple[str, bool], ...]) -> str:
    # Everything escaped: the desk's words hold no markup either.
    return "".join(html.escape(visible(text) if user else text) for text, user in parts)


def _html_block(block: Block) -> str:
    text = _html_text(block.parts)
    if block.kind == "code":
        (label, _), (digest, _) = block.parts
        return f'<li class="meta">{html.escape(label)}<code>{html.escape(digest)}</code></li>'
    return {
        "heading": f"<h2>{text}</h2>",
        "subheading": f"<h3>{text}</h3>",
        "meta": f'<li class="meta">{text}</li>',
        "warning": f'<li class="warning">{text}</li>',
        "item": f"<li>{text}</li>",
        "paragraph": f"<p>{text}</p>",
    }[block.kind]


def _html_blocks(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    in_list = False
    for block in blocks:
        listed = block.kind in ("meta", "code", "warning", "item")
        if listed != in_list:
            out.append("<ul>" if listed else "</ul>")
            in_list = listed
        out.append(_html_block(block))
    if in_list:
        out.append("</ul>")
    return out


def export_html(
    store: Store, shifts: list[Shift], since: date, until: date, now_text: str
) -> tuple[str, int]:
    """A self-contained HTML page (no scripts, no outside files) and its handover count:
    each handover starts a printed page."""
    head, handovers = outline(store, shifts, since, until, now_text)
    page = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{html.escape(TITLE)} {since.isoformat()} 至 {until.isoformat()}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(TITLE)}</h1>",
        *(f'<p class="meta">{_html_text(b.parts)}</p>' for b in head),
    ]
    for blocks in handovers:
        page += ['<section class="handover">', *_html_blocks(blocks), "</section>"]
    page.append("</body></html>")
    return "\n".join(page), len(handovers)
