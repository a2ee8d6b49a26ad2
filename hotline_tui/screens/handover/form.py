"""Writing a handover: the sections, saved as the chief types, and the items carried over."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static, TextArea

from hotline_tui.domain.handover.items import add_item
from hotline_tui.domain.handover.lifecycle import (
    MAX_REASON,
    refresh_carried,
    save_draft,
    submission_early,
    submit,
)
from hotline_tui.domain.handover.queries import HandoverView, get_handover
from hotline_tui.domain.handover.record import (
    MAX_TITLE,
    SECTION_TITLES,
    SECTIONS,
)
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.permissions import Action
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.states import REQUIRED_SECTIONS, HandoverStatus, missing_sections
from hotline_tui.model.text import moment
from hotline_tui.screens.handover.items import HandoverItems, close_selected, show_history
from hotline_tui.screens.handover.show import ShowHandover
from hotline_tui.screens.kit.base import (
    FOCUS_KEYS,
    DeskScreen,
    Failed,
    keys_taken,
    off_loop,
)
from hotline_tui.screens.kit.dialogs import Confirm, StaffPicker, TextPrompt, open_dialog
from hotline_tui.widgets import handover_text as doc
from hotline_tui.widgets.handover_text import HandoverDoc
from hotline_tui.widgets.pane import Pane
from hotline_tui.widgets.plain_text_area import PlainTextArea

# A draft is saved once typing pauses for a tick, and at least every few ticks
# while it goes on, so a killed terminal loses only the last few seconds.
AUTOSAVE_TICK_SECONDS = 1.0
AUTOSAVE_MAX_TICKS = 4


class Sections(Vertical):
    """The four sections share the height, so all of them show at any terminal size."""


class HandoverFormScreen(DeskScreen[HandoverView]):
    NEEDS = {
        "save": Action.WRITE_HANDOVER,
        "submit": Action.WRITE_HANDOVER,
        "refresh_carried": Action.WRITE_HANDOVER,
        "add_item": Action.HANDOVER_ITEMS,
        "close_item": Action.HANDOVER_ITEMS,
    }
    BINDINGS = [
        *FOCUS_KEYS,
        Binding("ctrl+s", "save", "保存", key_display="Ctrl+S", id="form.save"),
        Binding("ctrl+t", "submit", "提交", key_display="Ctrl+T", id="form.submit"),
        Binding("ctrl+n", "add_item", "新增待办", key_display="Ctrl+N", id="form.add_item"),
        Binding("ctrl+r", "refresh_carried", "重新带入", key_display="Ctrl+R", id="form.refresh"),
        Binding("x", "close_item", "关闭待办", id="form.close_item"),
        Binding("h", "item_history", "待办历史", id="form.item_history"),
        Binding("escape", "leave", "保存并返回", key_display="Esc", id="form.leave"),
    ]

    def __init__(self, handover_id: int, view: HandoverView | None = None) -> None:
        super().__init__()
        self.handover_id = handover_id
        self.view: HandoverView | None = None
        self._first = view
        self.version: int | None = None  # None until the text is loaded, and once it is handed in
        self.saved: dict[str, str] = {}
        # One save at a time; a save asked for meanwhile (Esc, Ctrl+S) waits its turn.
        self._save_lock = asyncio.Lock()
        self.conflict = False
        self._last_seen: dict[str, str] = {}
        self._ticks_dirty = 0
        self._last_error = ""
        self._submitted_here = False  # this terminal handed it in: no "another terminal" note
        self._loaded = False

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="form-body"):
            with Sections(id="form-main"):
                for key, title in SECTIONS:
                    required = "（必填）" if key in REQUIRED_SECTIONS else "（选填）"
                    yield Static(f"{title}{required}", classes="section-title")
                    yield PlainTextArea(
                        id=f"section-{key}",
                        soft_wrap=True,
                        highlight_cursor_line=False,
                        classes="section-text",
                    )
            with Pane(id="form-side"):
                yield HandoverDoc(id="form-plan")
                yield Static("待办事项与带入事项", classes="section-title")
                yield Static("Tab 移到这里，选中后 x 关闭、h 看历史", classes="hint")
                yield HandoverItems("（暂无。按 Ctrl+N 新增待办事项）", id="form-items")
                yield Static("", id="form-status", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(f"#section-{SECTIONS[0][0]}", TextArea).focus()
        self.set_interval(AUTOSAVE_TICK_SECONDS, self._autosave_tick)
        if self._first is not None:
            self.show(self._first)  # read a moment ago: the text is there from the first frame
        else:
            for area in self.query(TextArea):
                area.read_only = True  # nothing typed before the stored text arrives is lost

    def _take_text(self, view: HandoverView) -> None:
        """Show the stored text: on opening, or when another terminal saved and nothing here changed."""
        for key, _ in SECTIONS:
            self.query_one(f"#section-{key}", TextArea).load_text(view.sections[key])
        self.saved = dict(view.sections)
        self._last_seen = dict(view.sections)
        self.version = view.version

    def sections(self) -> dict[str, str]:
        return {key: self.query_one(f"#section-{key}", TextArea).text for key, _ in SECTIONS}

    @property
    def dirty(self) -> bool:
        return self.version is not None and self.sections() != self.saved

    # --- showing -------------------------------------------------------------------

    def read(self) -> HandoverView:
        return get_handover(self.desk.store, self.handover_id, self.desk.shifts)

    def show(self, data: HandoverView) -> None:
        view = data
        if view.status != HandoverStatus.DRAFT and self._submitted_here:
            return  # this form submitted it; the record opens from there
        if view.status != HandoverStatus.DRAFT:
            # Submitted or signed from another terminal: the form no longer applies.
            self.notify(
                f"这份交接班已在其他终端{view.status_name}，改为只读查看。",
                severity="warning",
                markup=False,
            )
            self._show_detail()
            return
        if not self._loaded:
            self._loaded = True
            self._take_text(view)
            for area in self.query(TextArea):
                area.read_only = False
            self.desk.open_forms.add(self)
        elif view.version != self.version and not self.dirty and not self._save_lock.locked():
            self._take_text(view)
        self.view = view
        plan = self.query_one("#form-plan", HandoverDoc)
        plan.update(doc.heading(view, plan.style_of))
        self.query_one(HandoverItems).show(view, plan.style_of)
        self.set_context(f"写交接班  {view.change.short_label}")
        self._show_status()

    def _show_status(self, text: str | None = None) -> None:
        if text is None:
            if self.conflict:
                text = "另一个终端保存了更新的草稿，本窗口已停止自动保存。\n本窗口的内容仍在：Ctrl+S 用它覆盖保存，Esc 放弃并返回。"
            elif self.view is not None:
                state = "有未保存的修改" if self.dirty else "已保存"
                text = f"{state}（最近保存 {moment(self.view.saved_at)}，第 {self.version} 版）\n输入时每隔几秒自动保存。"
            else:
                text = ""
        self.query_one("#form-status", Static).update(text)

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._show_status()

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("close_item", "item_history"):
            # Letters belong to the text while a section has the focus.
            return isinstance(self.focused, HandoverItems)
        return True

    # --- saving ------------------------------------------------------------------------

    async def _save(self, *, overwrite: bool = False, quiet: bool = True) -> bool:
        """Save the sections as a draft; False when it could not be saved.

        What is typed while the save runs stays unsaved and is saved next time.
        """
        await keys_taken(self)
        async with self._save_lock:
            if self.version is None:
                return False
            if not self.dirty and not overwrite:
                return True  # saved meanwhile by the save this one waited for
            text = self.sections()
            expect = None if overwrite else self.version
            try:
                self.version = await off_loop(
                    self.app, save_draft, self.desk.store, self.desk.actor, self.handover_id, text,
                    expect,
                )  # fmt: skip
            except ConflictError as exc:
                self.conflict = True
                self._show_status()
                self.notify(exc.message, severity="error", markup=False, timeout=10)
                return False
            except DomainError as exc:
                if exc.message != self._last_error or not quiet:
                    self.notify(exc.message, severity="error", markup=False, timeout=8)
                self._last_error = exc.message
                self._show_status(exc.message)
                return False
        self._last_error = ""
        self.conflict = False
        self.saved = text
        self._ticks_dirty = 0
        self.reload()
        return True

    def _autosave_tick(self) -> None:
        if self.conflict or self._save_lock.locked() or not self.dirty:
            self._ticks_dirty = 0
            return
        now = self.sections()
        typing = now != self._last_seen
        self._last_seen = now
        self._ticks_dirty += 1
        if not typing or self._ticks_dirty >= AUTOSAVE_MAX_TICKS:
            self.run_worker(self._save(), group="save")
        else:
            self._show_status()

    @work(group="save")
    async def action_save(self) -> None:
        if await self._save(overwrite=self.conflict, quiet=False):
            self.notify("草稿已保存。", markup=False)

    def on_screen_suspend(self) -> None:
        # Leaving for another area (F2) or a dialog: keep what is typed.
        if self.dirty and not self.conflict:
            self.run_worker(self._save(), group="save")

    def last_save(self) -> Callable[[], None] | None:
        """What is typed and not saved yet, as a save to run before the app closes (Ctrl+Q)."""
        if not self.dirty or self.conflict:
            return None
        store, actor, text = self.desk.store, self.desk.actor, self.sections()

        def save() -> None:
            with contextlib.suppress(DomainError):  # the last autosave stands
                save_draft(store, actor, self.handover_id, text, self.version)

        return save

    def on_unmount(self) -> None:
        self.desk.open_forms.discard(self)

    @work(group="flow", exclusive=True)
    async def action_leave(self) -> None:
        if self.conflict:
            drop = Confirm(
                "放弃本窗口的内容？",
                "另一个终端保存了更新的草稿。返回将放弃本窗口未保存的内容。\n"
                "如要保留本窗口的内容，请按 Esc 取消，再按 Ctrl+S 覆盖保存。",
            )
            if await self.app.push_screen_wait(drop):
                self.conflict = False
                self.saved = self.sections()  # dropped on purpose
                self.app.pop_screen()
            return
        if self.dirty and not await self._save(quiet=False):
            return
        self.app.pop_screen()

    def _show_detail(self) -> None:
        self.version = None  # nothing left to save from here
        self.post_message(ShowHandover(self.handover_id, form=False, replace=True))

    @work(group="flow", exclusive=True)
    async def action_submit(self) -> None:
        await keys_taken(self)
        # The rule's own check, asked before the reason of an early submission is.
        missing = missing_sections(self.sections(), SECTION_TITLES)
        if missing:
            self.refuse(f"请填写：{'、'.join(missing)}。这几项不能为空。")
            return
        limit = self.desk.settings.handover_early_minutes
        early = await self.fetch(submission_early, self.desk.store, self.handover_id, limit)
        if isinstance(early, Failed):
            return
        reason = ""
        if early is not None:  # the reason is the confirmation: it goes on the record
            asked = await self.app.push_screen_wait(
                TextPrompt(
                    f"提前提交交接班：{early}",
                    "提前的原因，如：提前下班已报运营主管同意",
                    f"提前 {limit} 分钟以上提交，请写明原因（印在交接班上）。",
                    MAX_REASON,
                )
            )
            if not asked:
                return
            reason = asked
        else:
            confirm = Confirm(
                "提交交接班",
                "提交后由接班的值班长签收，带入事项按此刻的情况更新。签收前您可以撤回修改。",
            )
            if not await self.app.push_screen_wait(confirm):
                return
        # After the save that putting the dialog up set off: it raised the version.
        self._submitted_here = True
        async with self._save_lock:
            result = await self.attempt(
                submit,
                self.desk.store,
                self.desk.actor,
                self.handover_id,
                self.sections(),
                None if self.conflict else self.version,
                len(self.desk.floorplan.labels),
                reason,
                limit,
            )
        if isinstance(result, Failed):
            self._submitted_here = False
            return
        self.notify("您的交接班已提交，等待接班的值班长签收。", markup=False)
        self._show_detail()

    # --- items --------------------------------------------------------------------------

    @work(group="flow", exclusive=True)
    async def action_add_item(self) -> None:
        app = self.app
        desk = self.desk
        title = await app.push_screen_wait(
            TextPrompt(
                "新增待办事项",
                "一句话写明要跟进的事，如：B07 耳机报修待厂家上门",
                "请写明待办事项的内容。",
                MAX_TITLE,
            )
        )
        if not title:
            return
        people = await self.fetch(list_staff, desk.store)
        if isinstance(people, Failed):
            return

        def add(person: StaffRow) -> StaffRow:
            add_item(desk.store, desk.actor, title, person.staff_no, self.handover_id)
            return person

        open_dialog(
            self,
            StaffPicker(f"待办“{title}”由谁负责？", people, accept=add),
            lambda person: f"已新增待办：{title}（负责人 {person.name}）",
        )

    def action_close_item(self) -> None:
        close_selected(self, self.query_one(HandoverItems), self.handover_id)

    def action_item_history(self) -> None:
        show_history(self, self.query_one(HandoverItems))

    @work(group="flow", exclusive=True)
    async def action_refresh_carried(self) -> None:
        async with self._save_lock:
            version = await self.attempt(
                refresh_carried,
                self.desk.store,
                self.desk.actor,
                self.handover_id,
                len(self.desk.floorplan.labels),
            )
            if isinstance(version, Failed):
                return
            # The refresh raised the version; what is typed here is still to be saved on top.
            self.version = version
        self.reload()
        self.notify("已按此刻的情况重新带入座位和待办事项。", markup=False)
