"""操作记录: every change, newest first, for the managers and the customer's auditors."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from hotline_tui.domain.audit_trail import (
    DEFAULT_LIMIT,
    KIND_LABELS,
    AuditFilter,
    AuditRow,
    current_record,
    describe_change,
    list_audit,
)
from hotline_tui.exports.audit_log import write_audit
from hotline_tui.model.person_fields import DATE_FORMATS, parse_day
from hotline_tui.model.text import visible
from hotline_tui.screens.kit.background_export import export_in_background
from hotline_tui.screens.kit.base import DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import InfoDialog

COLUMNS = (("时间", 12), ("操作人", 16), ("操作", 14), ("类别", 8), ("记录", 16), ("变更", 60))


class AuditScreen(DeskScreen[tuple[list[AuditRow], bool]]):
    HEADER_CONTEXT = "操作记录"
    BINDINGS = [
        Binding("enter", "open", "查看", key_display="Enter", id="audit.open"),
        Binding("f", "find", "筛选", id="audit.find"),
        Binding("k", "cycle_kind", "类别", id="audit.kind"),
        Binding("c", "clear", "清除筛选", id="audit.clear"),
        Binding("x", "export", "导出 Excel", id="audit.export"),
        Binding("escape", "back_to_list", "回到列表", key_display="Esc", id="audit.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.where = AuditFilter()
        self.rows: list[AuditRow] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="audit-filters"):
            yield Static("操作人", classes="filter-label")
            yield Input(placeholder="工号、姓名或拼音首字母", id="audit-person", max_length=20)
            yield Static("从", classes="filter-label")
            yield Input(placeholder="YYYY-MM-DD", id="audit-since", max_length=10)
            yield Static("到", classes="filter-label")
            yield Input(placeholder="YYYY-MM-DD", id="audit-until", max_length=10)
            yield Static("", id="audit-kind", markup=False)
        yield Static("", id="audit-summary", markup=False)
        yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="audit-empty", classes="empty-state", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        for title, width in COLUMNS:
            table.add_column(title, width=width)
        self._show_kind()
        table.focus()

    # --- filters -------------------------------------------------------------------------

    def _day(self, input_id: str, what: str) -> date | None:
        text = self.query_one(input_id, Input).value.strip()
        if not text:
            return None
        try:
            return parse_day(text)
        except ValueError:
            raise ValueError(
                f"{what}“{visible(text)}”无效，应为 {' 或 '.join(DATE_FORMATS)}。"
            ) from None

    def reload(self) -> None:
        summary = self.query_one("#audit-summary", Static)
        try:
            since = self._day("#audit-since", "开始日期")
            until = self._day("#audit-until", "结束日期")
            if since and until and since > until:
                raise ValueError("开始日期晚于结束日期。")
        except ValueError as exc:
            summary.update(str(exc))
            summary.add_class("error")
            return
        summary.remove_class("error")
        person = self.query_one("#audit-person", Input).value
        self.where = replace(self.where, person=person, since=since, until=until)
        super().reload()

    def _show_kind(self) -> None:
        self.query_one("#audit-kind", Static).update(
            f"  类别：{self.where.kind or '全部'}    k 换类别  c 清除"
        )

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.reload()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def action_find(self) -> None:
        self.query_one("#audit-person", Input).focus()

    def action_back_to_list(self) -> None:
        self.query_one(DataTable).focus()

    def action_cycle_kind(self) -> None:
        kinds = ["", *KIND_LABELS]
        self.where = replace(
            self.where, kind=kinds[(kinds.index(self.where.kind) + 1) % len(kinds)]
        )
        self._show_kind()
        self.reload()

    def action_clear(self) -> None:
        for field in self.query(Input):
            field.value = ""
        self.where = AuditFilter()
        self._show_kind()
        self.reload()

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.focused, Input)
        if action == "back_to_list":
            return typing
        if typing:
            return False  # letters belong to the filter
        if action == "open":
            return bool(self.rows)
        return True

    # --- showing -------------------------------------------------------------------------

    def read(self) -> tuple[list[AuditRow], bool]:
        return list_audit(self.desk.store, self.desk.actor, self.where)

    def show(self, data: tuple[list[AuditRow], bool]) -> None:
        rows, more = data
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(
                row.at.format("MM-DD HH:mm"),
                row.actor,
                row.action,
                row.kind,
                row.key,
                Text(row.changes, no_wrap=True, overflow="ellipsis"),
                key=str(row.id),
            )
        newest = (
            f"最近的 {DEFAULT_LIMIT} 条（更早的请缩小日期范围）" if more else f"共 {len(rows)} 条"
        )
        self.query_one("#audit-summary", Static).update(
            f"{newest}，最新的在上。Enter 查看详情和记录现状。"
        )
        empty = self.query_one("#audit-empty", Static)
        empty.display = not rows
        empty.update("没有符合条件的操作记录。按 c 清除筛选。")
        self.set_context("操作记录")
        self.refresh_bindings()

    def _selected(self) -> AuditRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    async def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        await self.action_open()

    async def action_open(self) -> None:
        row = self._selected()
        if row is None:
            return
        now = await self.fetch(current_record, self.desk.store, row.entity, row.key)
        if isinstance(now, Failed):
            return
        text = Text()
        text.append(f"{row.at.format('YYYY-MM-DD HH:mm:ss')}  {row.actor}\n", style="bold")
        text.append(f"{row.action}：{row.kind} {row.key}\n\n")
        change = describe_change(row.before, row.after, limit=None, entity=row.entity)
        text.append("变更\n", style="bold")
        text.append((change.replace("；", "\n") or "（没有记录前后内容）") + "\n\n")
        text.append("这条记录现在\n", style="bold")
        if now:
            for label, value in now:
                text.append(f"  {label}：{value}\n")
        else:
            text.append("  没有可单独显示的现状（批量操作、登录，或记录已不存在）。\n")
        self.app.push_screen(InfoDialog("操作记录", text))

    def action_export(self) -> None:
        _app, desk, where = self.app, self.desk, self.where

        def write(path: Path) -> tuple[str, int]:
            rows, _ = list_audit(desk.store, desk.actor, where, limit=1_000_000)
            count = write_audit(rows, path)
            return f"已导出 {count} 条操作记录", count

        today = desk.clock.now()
        export_in_background(
            self, "导出操作记录", f"~/操作记录-{today:%Y%m%d}.xlsx", (".xlsx",), write, "audit"
        )
