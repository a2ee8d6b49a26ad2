"""The items a handover lists, shared by the form and the detail: show, close, history."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from hotline_tui.domain.handover.items import close_item, item_history
from hotline_tui.domain.handover.queries import HandoverView, ItemView
from hotline_tui.domain.handover.record import MAX_NOTE
from hotline_tui.model.text import moment, visible
from hotline_tui.screens.kit.base import DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import InfoDialog, TextPrompt, open_dialog
from hotline_tui.widgets import handover_text as doc


class HandoverItems(OptionList):
    """Carried entries, then items new in this handover; the highlighted one is acted on."""

    def __init__(self, empty_text: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.empty_text = empty_text
        self.view: HandoverView | None = None
        self.item_ids: list[int | None] = []

    def show(self, view: HandoverView, style) -> None:
        self.view = view
        highlighted = self.highlighted
        self.clear_options()
        self.item_ids = []
        for entry in view.entries:
            self.add_option(Option(doc.entry_line(entry, style)))
            self.item_ids.append(entry.item.id if entry.item else None)
        for item in view.new_items:
            self.add_option(Option(doc.item_line(item, style)))
            self.item_ids.append(item.id)
        if not self.item_ids:
            self.add_option(Option(Text(self.empty_text), disabled=True))
            self.item_ids.append(None)
        elif highlighted is not None:
            self.highlighted = min(highlighted, len(self.item_ids) - 1)

    def selected(self) -> ItemView | None:
        index = self.highlighted
        if self.view is None or index is None or index >= len(self.item_ids):
            return None
        return next((i for i in self.view.items if i.id == self.item_ids[index]), None)


def close_selected(screen: DeskScreen[Any], items: HandoverItems, handover_id: int) -> None:
    """Ask how the highlighted open item was settled, then close it in this handover."""
    item = items.selected()
    if item is None or not item.is_open:
        screen.notify("请先用方向键选中一条未关闭的待办事项。", severity="warning", markup=False)
        return

    def close(note: str) -> None:
        close_item(screen.desk.store, screen.desk.actor, item.id, note, handover_id)

    open_dialog(
        screen,
        TextPrompt(
            f"关闭待办：{visible(item.title)}",
            "处理结果，如：厂家已更换，测试正常",
            "关闭待办事项时请写明处理结果。",
            MAX_NOTE,
            close,
        ),
        f"已关闭待办：{item.title}",
    )


def show_history(screen: DeskScreen[Any], items: HandoverItems) -> None:
    item = items.selected()
    if item is None:
        screen.notify("请先用方向键选中一条待办事项。", severity="warning", markup=False)
        return

    async def read_and_show() -> None:
        history = await screen.fetch(item_history, screen.desk.store, item.id)
        if isinstance(history, Failed):
            return
        body = Text()
        body.append(f"负责人 {visible(item.owner)}\n\n")
        for at, who, what, handover_id, note in history:
            body.append(f"{moment(at)}  {visible(who)}  {what}")
            if handover_id:
                body.append(f"（交接班 #{handover_id}）")
            if note:
                body.append(f"：{visible(note)}")
            body.append("\n")
        body.rstrip()
        screen.app.push_screen(InfoDialog(f"待办历史：{visible(item.title)}", body))

    screen.run_worker(read_and_show(), group="flow", exclusive=True)
