"""A handover as text: its heading, sections, carried entries and amendments.

User text goes through ``visible()`` into ``rich.text.Text`` and is never
parsed as markup. Styles come from the widget's component classes.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from hotline_tui.domain.handover.queries import EntryView, HandoverView, ItemView
from hotline_tui.domain.handover.record import SECTIONS
from hotline_tui.model.shifts import describe_day
from hotline_tui.model.states import HandoverStatus
from hotline_tui.model.text import moment, visible


class HandoverDoc(Static):
    """Static text whose styles for titles, muted lines and digest state come from the theme."""

    COMPONENT_CLASSES = {
        "handover-doc--title",
        "handover-doc--muted",
        "handover-doc--good",
        "handover-doc--bad",
        "handover-doc--pending",
    }

    def style_of(self, name: str) -> Style:
        # Partial: an option list's highlight must show through the text styles.
        return self.get_component_rich_style(f"handover-doc--{name}", partial=True)


def heading(view: HandoverView, style) -> Text:
    c = view.change
    text = Text()
    text.append(f"{describe_day(c.day)} {c.shift.name} 交 ", style("title"))
    text.append(f"{describe_day(c.to_day)} {c.to_shift.name}", style("title"))
    text.append("    ")
    state = style("pending") if view.status != HandoverStatus.SIGNED else style("good")
    text.append(f" {view.status_name} ", state)
    text.append("\n")
    text.append(f"交班人 {visible(view.author)}", style("muted"))
    text.append(
        f"    开始 {moment(view.created_at)}    保存 {moment(view.saved_at)}", style("muted")
    )
    if view.submitted_at:
        text.append(f"    提交 {moment(view.submitted_at)}", style("muted"))
    text.append("\n")
    if view.early_reason:
        text.append(f"提前提交，原因：{visible(view.early_reason)}\n", style("pending"))
    if view.signer:
        text.append(
            f"接班人 {visible(view.signer)}    签收 {moment(view.signed_at)}\n", style("muted")
        )
    if view.sign_reason:
        text.append(f"非排班接班人代签，原因：{visible(view.sign_reason)}\n", style("pending"))
    if view.status != HandoverStatus.DRAFT:
        text.append(digest_line(view, style))
        text.append("\n")
    text.append(f"座位：{visible(view.plan_summary)}")
    return text


def digest_line(view: HandoverView, style) -> Text:
    if view.intact is None:
        return Text("签收摘要：尚未签收", style("muted"))
    if view.intact and view.digest:
        return Text(f"签收摘要：一致（SHA-256 {view.digest[:16]}）", style("good"))
    return Text("签收摘要：不一致！签收后的内容在程序之外被改动过", style("bad"))


def sections(view: HandoverView, style) -> Text:
    text = Text()
    for key, title in SECTIONS:
        text.append(f"{title}\n", style("title"))
        body = view.sections[key].strip()
        text.append(visible(body) if body else "（无）", "" if body else style("muted"))
        text.append("\n\n")
    text.rstrip()
    return text


def entry_line(entry: EntryView, style) -> Text:
    text = Text()
    text.append(f"[{entry.source}] ", style("muted"))
    text.append(visible(entry.text))
    if entry.item is not None:
        text.append("\n    ")
        text.append(item_state(entry.item, style))
    return text


def item_line(item: ItemView, style) -> Text:
    text = Text()
    text.append("[新增待办] ", style("muted"))
    text.append(f"{visible(item.title)}（负责人 {visible(item.owner)}）")
    text.append("\n    ")
    text.append(item_state(item, style))
    return text


def item_state(item: ItemView, style) -> Text:
    if item.is_open:
        return Text("未关闭", style("pending"))
    return Text(
        f"已关闭：{visible(item.closed_by)} {moment(item.closed_at)}，{visible(item.close_note)}",
        style("good"),
    )


def amendments(view: HandoverView, style) -> Text:
    text = Text()
    for a in view.amendments:
        text.append(f"补充说明  {visible(a.author)}  {moment(a.at)}", style("title"))
        if not a.intact:
            text.append("  与摘要不符，可能被改动过", style("bad"))
        text.append("\n")
        text.append(visible(a.text))
        text.append("\n\n")
    text.rstrip()
    return text
