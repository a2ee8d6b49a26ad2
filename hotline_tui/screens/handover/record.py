"""One handover, read-only: sign it, amend it, close its open items."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from hotline_tui.domain.handover.lifecycle import (
    MAX_REASON,
    amend,
    sign,
    signing_for_another,
    withdraw,
)
from hotline_tui.domain.handover.queries import HandoverView, get_handover
from hotline_tui.domain.handover.record import MAX_AMENDMENT
from hotline_tui.model.permissions import Action
from hotline_tui.model.states import HandoverStatus
from hotline_tui.screens.handover.items import HandoverItems, close_selected, show_history
from hotline_tui.screens.handover.show import ShowHandover
from hotline_tui.screens.kit.base import DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import Confirm, NotePrompt, TextPrompt, changing, open_dialog
from hotline_tui.widgets import handover_text as doc
from hotline_tui.widgets.handover_text import HandoverDoc


class HandoverDetailScreen(DeskScreen[HandoverView]):
    NEEDS = {
        "sign": Action.SIGN_HANDOVER,
        "amend": Action.WRITE_HANDOVER,
        "edit": Action.WRITE_HANDOVER,
        "withdraw": Action.WRITE_HANDOVER,
        "close_item": Action.HANDOVER_ITEMS,
    }
    BINDINGS = [
        Binding("s", "sign", "签收", id="handover.sign"),
        Binding("a", "amend", "补充说明", id="handover.amend"),
        Binding("x", "close_item", "关闭待办", id="handover.close_item"),
        Binding("h", "item_history", "待办历史", id="handover.item_history"),
        Binding("e", "edit", "编辑", id="handover.edit"),
        Binding("w", "withdraw", "撤回", id="handover.withdraw"),
        Binding("escape", "back", "返回列表", key_display="Esc", id="handover.back"),
    ]

    def __init__(self, handover_id: int, view: HandoverView | None = None) -> None:
        super().__init__()
        self.handover_id = handover_id
        self.view: HandoverView | None = None
        self._first = view

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(id="handover-detail"):
            yield HandoverDoc(id="detail-heading")
            yield HandoverDoc(id="detail-sections")
            yield Static("待办事项与带入事项", classes="section-title")
            yield HandoverItems("（没有待办事项，也没有带入事项）", id="detail-items")
            yield HandoverDoc(id="detail-amendments")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        # Reading starts at the top, with the heading and its digest state in view.
        self.query_one(HandoverItems).focus(scroll_visible=False)
        if self._first is not None:
            self.show(self._first)

    # --- showing ---------------------------------------------------------------------

    def read(self) -> HandoverView:
        return get_handover(self.desk.store, self.handover_id, self.desk.shifts)

    def show(self, data: HandoverView) -> None:
        self.view = view = data
        heading = self.query_one("#detail-heading", HandoverDoc)
        heading.update(doc.heading(view, heading.style_of))
        body = self.query_one("#detail-sections", HandoverDoc)
        body.update(doc.sections(view, body.style_of))
        self.query_one(HandoverItems).show(view, body.style_of)
        amend = self.query_one("#detail-amendments", HandoverDoc)
        amend.update(doc.amendments(view, amend.style_of))
        amend.display = bool(view.amendments)
        self.set_context(f"交接班  {view.change.short_label}")
        self.refresh_bindings()

    def _mine(self) -> bool:
        return bool(self.view and self.desk.actor and self.view.author_id == self.desk.actor.id)

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if view is None:
            return action == "back"
        return {
            "sign": view.status == HandoverStatus.SUBMITTED
            and not self._mine(),  # the author never signs
            "amend": view.status == HandoverStatus.SIGNED,
            "close_item": any(i.is_open for i in view.items),
            "item_history": bool(view.items),
            "edit": view.status == HandoverStatus.DRAFT and self._mine(),
            "withdraw": view.status == HandoverStatus.SUBMITTED and self._mine(),
        }.get(action, True)

    # --- acting ----------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    @work(group="flow", exclusive=True)
    async def action_sign(self) -> None:
        view = self.view
        if view is None:
            return
        _app, desk, handover_id = self.app, self.desk, self.handover_id
        another = await self.fetch(signing_for_another, desk.store, desk.actor, handover_id)
        if isinstance(another, Failed):
            return
        if another is not None:  # a stand-in signs with the reason, printed beside the name
            open_dialog(
                self,
                TextPrompt(
                    f"代为签收 {view.author} 的交接班：{another}",
                    "代签的原因，如：接班值班长病假，由运营主管指定代班",
                    "不是排班中的接班值班长，签收请写明原因（印在交接班上）。",
                    MAX_REASON,
                    lambda reason: sign(desk.store, desk.actor, handover_id, reason),
                ),
                "已签收，由您接班。",
            )
            return
        body = (
            f"签收 {view.author} 的交接班：{view.change.label}。\n"
            "签收后由您接班，其中未关闭的待办事项转由本班跟进；交接班内容从此不能修改，只能补充说明。"
        )
        open_dialog(
            self,
            Confirm("签收交接班", body, lambda _yes: sign(desk.store, desk.actor, handover_id)),
            "已签收，由您接班。",
        )

    def action_amend(self) -> None:
        open_dialog(
            self,
            NotePrompt(
                "补充说明",
                "已签收的交接班不能修改。写下更正或补充，会附在原文之后并记下您的姓名和时间。",
                "补充说明不能为空。",
                MAX_AMENDMENT,
                accept=changing(self, amend, self.handover_id),
            ),
            "补充说明已添加。",
        )

    def action_close_item(self) -> None:
        close_selected(self, self.query_one(HandoverItems), self.handover_id)

    def action_item_history(self) -> None:
        show_history(self, self.query_one(HandoverItems))

    def action_edit(self) -> None:
        self.post_message(ShowHandover(self.handover_id, form=True, replace=True))

    @work(group="flow", exclusive=True)
    async def action_withdraw(self) -> None:
        confirm = Confirm("撤回交接班", "撤回后交接班回到草稿状态，修改后需要重新提交。")
        if not await self.app.push_screen_wait(confirm):
            return
        done = await self.attempt(withdraw, self.desk.store, self.desk.actor, self.handover_id)
        if not isinstance(done, Failed):
            self.notify("已撤回为草稿，可以继续修改。", markup=False)
            self.action_edit()
