"""Writing a handover: the sections, saved as the chief types, and the items carried over."""

from __future__ import annotations

import contextlib

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static, TextArea

from hotline_tui.domain.handover.items import add_item
from hotline_tui.domain.handover.lifecycle import refresh_carried, save_draft, submit
from hotline_tui.domain.handover.queries import HandoverView, get_handover
from hotline_tui.domain.handover.record import (
    MAX_TITLE,
    REQUIRED_SECTIONS,
    SECTION_TITLES,
    SECTIONS,
)
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.text import moment
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.screens.base import FAILED, DeskScreen, ShowHandover
from hotline_tui.screens.dialogs import Confirm, StaffPicker, TextPrompt
from hotline_tui.screens.handover_items import HandoverItems, close_selected, show_history
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


class HandoverFormScreen(DeskScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "保存", key_display="Ctrl+S", id="form.save"),
        Binding("ctrl+t", "submit", "提交", key_display="Ctrl+T", id="form.submit"),
        Binding("ctrl+n", "add_item", "新增待办", key_display="Ctrl+N", id="form.add_item"),
        Binding("ctrl+r", "refresh_carried", "重新带入", key_display="Ctrl+R", id="form.refresh"),
        Binding("x", "close_item", "关闭待办", id="form.close_item"),
        Binding("h", "item_history", "待办历史", id="form.item_history"),
        Binding("escape", "leave", "保存并返回", key_display="Esc", id="form.leave"),
    ]

    def __init__(self, handover_id: int) -> None:
        super().__init__()
        self.handover_id = handover_id
        self.view: HandoverView | None = None
        self.version: int | None = None
        self.saved: dict[str, str] = {}
        self.conflict = False
        self._last_seen: dict[str, str] = {}
        self._ticks_dirty = 0
        self._last_error = ""

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
        view = self.attempt(get_handover, self.app.store, self.handover_id, self.app.shifts)
        if view is FAILED:
            return
        self._take_text(view)
        self.app.open_forms.add(self)
        self.query_one(f"#section-{SECTIONS[0][0]}", TextArea).focus()
        self.set_interval(AUTOSAVE_TICK_SECONDS, self._autosave_tick)

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

    def reload(self) -> None:
        view = self.attempt(get_handover, self.app.store, self.handover_id, self.app.shifts)
        if view is FAILED:
            return
        if view.status != "draft":
            # Submitted or signed from another terminal: the form no longer applies.
            self.notify(
                f"这份交接班已在其他终端{view.status_name}，改为只读查看。",
                severity="warning",
                markup=False,
            )
            self._show_detail()
            return
        if self.version is not None and view.version != self.version and not self.dirty:
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("close_item", "item_history"):
            # Letters belong to the text while a section has the focus.
            return isinstance(self.focused, HandoverItems)
        return True

    # --- saving ------------------------------------------------------------------------

    def _save(self, *, overwrite: bool = False, quiet: bool = True) -> bool:
        """Save the sections as a draft; False when it could not be saved."""
        if self.version is None:
            return False
        text = self.sections()
        try:
            self.version = save_draft(
                self.app.store,
                self.app.actor,
                self.handover_id,
                text,
                None if overwrite else self.version,
            )
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
        if self.conflict or not self.dirty:
            self._ticks_dirty = 0
            return
        now = self.sections()
        typing = now != self._last_seen
        self._last_seen = now
        self._ticks_dirty += 1
        if not typing or self._ticks_dirty >= AUTOSAVE_MAX_TICKS:
            self._save()
        else:
            self._show_status()

    def action_save(self) -> None:
        if self._save(overwrite=self.conflict, quiet=False):
            self.notify("草稿已保存。", markup=False)

    def on_screen_suspend(self) -> None:
        # Leaving for another area (F2) or a dialog: keep what is typed.
        if self.dirty and not self.conflict:
            self._save()

    def flush(self) -> None:
        """Save what is typed, without a word: the app is closing (Ctrl+Q)."""
        if self.dirty and not self.conflict:
            with contextlib.suppress(DomainError):  # the last autosave stands
                save_draft(
                    self.app.store, self.app.actor, self.handover_id, self.sections(), self.version
                )

    def on_unmount(self) -> None:
        self.app.open_forms.discard(self)

    def action_leave(self) -> None:
        if self.conflict:

            def confirmed(ok: bool | None) -> None:
                if ok:
                    self.conflict = False
                    self.saved = self.sections()  # dropped on purpose
                    self.app.pop_screen()

            self.app.push_screen(
                Confirm(
                    "放弃本窗口的内容？",
                    "另一个终端保存了更新的草稿。返回将放弃本窗口未保存的内容。\n"
                    "如要保留本窗口的内容，请按 Esc 取消，再按 Ctrl+S 覆盖保存。",
                ),
                confirmed,
            )
            return
        if self.dirty and not self._save(quiet=False):
            return
        self.app.pop_screen()

    def _show_detail(self) -> None:
        self.version = None  # nothing left to save from here
        self.post_message(ShowHandover(self.handover_id, form=False, replace=True))

    def action_submit(self) -> None:
        missing = [SECTION_TITLES[k] for k in REQUIRED_SECTIONS if not self.sections()[k].strip()]
        if missing:
            self.notify(
                f"请填写：{'、'.join(missing)}。这几项不能为空。", severity="error", markup=False
            )
            return

        def confirmed(ok: bool | None) -> None:
            if not ok:
                return
            result = self.attempt(
                submit,
                self.app.store,
                self.app.actor,
                self.handover_id,
                self.sections(),
                None if self.conflict else self.version,
                len(self.app.floorplan.labels),
            )
            if result is FAILED:
                return
            self.notify("交接班已提交，等待接班值班长签收。", markup=False)
            self._show_detail()

        self.app.push_screen(
            Confirm(
                "提交交接班",
                "提交后由接班的值班长签收，带入事项按此刻的情况更新。签收前您可以撤回修改。",
            ),
            confirmed,
        )

    # --- items --------------------------------------------------------------------------

    def action_add_item(self) -> None:
        def titled(title: str | None) -> None:
            if not title:
                return

            def owned(person) -> None:
                if person is None:
                    return
                result = self.attempt(
                    add_item,
                    self.app.store,
                    self.app.actor,
                    title,
                    person.staff_no,
                    self.handover_id,
                )
                self.reload()
                if result is not FAILED:
                    self.notify(f"已新增待办：{title}（负责人 {person.name}）", markup=False)

            self.app.push_screen(
                StaffPicker(f"待办“{title}”由谁负责？", list_staff(self.app.store)), owned
            )

        self.app.push_screen(
            TextPrompt(
                "新增待办事项",
                "一句话写明要跟进的事，如：B07 耳机报修待厂家上门",
                "请写明待办事项的内容。",
                MAX_TITLE,
            ),
            titled,
        )

    def action_close_item(self) -> None:
        close_selected(self, self.query_one(HandoverItems), self.handover_id)

    def action_item_history(self) -> None:
        show_history(self, self.query_one(HandoverItems))

    def action_refresh_carried(self) -> None:
        version = self.attempt(
            refresh_carried,
            self.app.store,
            self.app.actor,
            self.handover_id,
            len(self.app.floorplan.labels),
        )
        if version is FAILED:
            return
        # The refresh bumped the version; what is typed here is still to be saved on top.
        self.version = version
        self.reload()
        self.notify("已按此刻的情况重新带入座位和待办事项。", markup=False)
