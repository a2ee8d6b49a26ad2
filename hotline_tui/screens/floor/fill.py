"""按排班排座: the fill's preview for one date and shift, changed by the chief and saved
in one go (domain/floor/fill.py). Nothing is written until 保存."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from hotline_tui.domain.floor import fill
from hotline_tui.domain.floor.fill import FillPreview
from hotline_tui.model.permissions import Action
from hotline_tui.model.shifts import Shift, describe_day
from hotline_tui.model.text import visible
from hotline_tui.screens.kit.base import DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import TextPrompt

COLUMNS = (("座位", 6), ("工号", 6), ("姓名", 10), ("工作组", 18), ("说明", 30))


class FillScreen(DeskScreen[FillPreview]):
    NEEDS = {"save": Action.PLAN_SEATS}
    HEADER_CONTEXT = "按排班排座"
    BINDINGS = [
        Binding("ctrl+s", "save", "保存", key_display="Ctrl+S", id="fill.save"),
        Binding("enter", "move", "换座位", key_display="Enter", id="fill.move"),
        Binding("x", "drop", "不安排", id="fill.drop"),
        Binding("o", "overflow", "安排到最近空闲区", id="fill.overflow"),
        Binding("ctrl+s", "why_not('save')", "", show=False),
        Binding("x", "why_not('drop')", "", show=False),
        Binding("o", "why_not('overflow')", "", show=False),
        Binding("r", "refresh", "刷新预览", id="fill.refresh"),
        Binding("escape", "back", "放弃", key_display="Esc", id="fill.back"),
    ]

    def __init__(self, day, shift: Shift) -> None:
        super().__init__()
        self.day, self.shift = day, shift
        self.overflow = False
        self.preview: FillPreview | None = None
        self.changed = False  # the chief changed the preview: a reload must not undo it

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("正在计算……", id="fill-summary", markup=False)
        yield DataTable(id="fill-table", cursor_type="row", zebra_stripes=True)
        # The highlighted row in full: a reason is never cut by its column's width.
        yield Static("", id="fill-detail", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        for title, width in COLUMNS:
            table.add_column(title, width=width)
        table.focus()

    def on_data_changed(self, _message: object) -> None:
        """Another terminal's change does not redo the preview under the chief's hands:
        the save checks it, and r reads it again."""

    def read(self) -> FillPreview:
        floorplan = self.desk.floorplan
        return fill.preview_fill(
            self.desk.store, self.day, self.shift, floorplan.places, self.overflow
        )

    def show(self, data: FillPreview) -> None:
        if self.changed and self.preview is not None:
            return
        self.preview = data
        self._draw()

    def _draw(self) -> None:
        p = self.preview
        if p is None:
            return
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for x in p.placements:
            table.add_row(x.label, x.staff_no, visible(x.name), x.group, x.why, key=x.staff_no)
        for s in p.standing:
            table.add_row(Text("无座", style="bold red"), s.staff_no, visible(s.name),
                          s.group or "无组", s.reason, key=f"-{s.staff_no}")  # fmt: skip
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._detail()
        key = None if self.overflow else "按 o "
        lines = [fill.overflow_text(o, key) for o in p.overflows if o.standing]
        head = (
            f"{describe_day(self.day)} {self.shift.name}：已就座 {p.kept} 人（不动），"
            f"将安排 {len(p.placements)} 人，无座 {len(p.standing)} 人。"
        )
        if not p.placements and not p.standing and not p.kept:
            head += (
                "本班还没有排班：先在考勤（F4）按 i 导入排班表，或按 w 设每周排班、g 生成，"
                "再回来按 r 刷新预览。"
            )
        elif not p.placements and not p.standing:
            head += "本班排班的人都已有座位，不需要排座。"
        if any(fill.NO_ZONE in s.reason for s in p.standing):
            lines.append("有工作组还没有座位区：先在座位图按 z 给各组划座位区，再按 r 刷新预览。")
        hint = "Enter 换座位，x 不安排，Ctrl+S 保存；保存前什么都不会写入。"
        self.query_one("#fill-summary", Static).update("\n".join([head, *lines, hint]))
        self.set_context(f"按排班排座  {describe_day(self.day)}  {self.shift.name}")
        self.refresh_bindings()

    @property
    def selected(self) -> fill.Placement | None:
        table = self.query_one(DataTable)
        if self.preview is None or table.cursor_row >= len(self.preview.placements):
            return None
        return self.preview.placements[table.cursor_row]

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._detail()
        self.refresh_bindings()

    def _detail(self) -> None:
        p, row = self.preview, self.query_one(DataTable).cursor_row
        text = ""
        if p is not None and 0 <= row < len(p.placements):
            x = p.placements[row]
            text = f"{x.label}  {visible(x.name)}（{x.staff_no}）{x.group}：{x.why}"
        elif p is not None and 0 <= row - len(p.placements) < len(p.standing):
            s = p.standing[row - len(p.placements)]
            text = f"无座  {visible(s.name)}（{s.staff_no}）{s.group or '无组'}：{s.reason}"
        self.query_one("#fill-detail", Static).update(text)

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("move", "drop"):
            return True if self.selected is not None else None
        if action == "save":
            return True if self.preview is not None and self.preview.placements else None
        if action == "overflow":
            p = self.preview
            asked = not self.overflow and p is not None and any(o.zone for o in p.overflows)
            return True if asked else None
        return True

    def why_not(self, action: str) -> str | None:
        p = self.preview
        if action == "save":
            return "预览中没有要安排的人，不需要保存。"
        if action == "drop":
            return "请先把光标移到一位将安排的人。"
        if action == "overflow":
            if self.overflow:
                return "已经按 o 安排到最近的空闲区；仍无座的人见表中原因。"
            if p is not None and p.standing:
                return "无座的人在其他区也没有他们能坐的空位，见上方说明。"
            return "没有无座的人，不需要安排到其他区。"
        return None

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh(self) -> None:
        self.changed = False
        self.reload()

    def action_overflow(self) -> None:
        self.overflow, self.changed = True, False
        self.reload()

    def action_drop(self) -> None:
        chosen = self.selected
        if chosen is None or self.preview is None:
            return
        self.preview, self.changed = self.preview.without(chosen.staff_no), True
        self._draw()

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_move()

    @work(group="flow", exclusive=True)
    async def action_move(self) -> None:
        chosen = self.selected
        preview = self.preview
        if chosen is None or preview is None:
            return
        shown = "、".join(preview.free[:12]) + ("……" if len(preview.free) > 12 else "")
        moved = await self.app.push_screen_wait(
            TextPrompt(
                f"{chosen.name} 改坐哪个座位？（现为 {chosen.label}）",
                f"空位：{shown or '无'}",
                "请填写座位编号，如 C05。",
                4,
                lambda label: preview.moved(chosen.staff_no, label.strip().upper()),
            )
        )
        if moved is None:
            return
        self.preview, self.changed = moved, True
        self._draw()

    @work(group="flow", exclusive=True)
    async def action_save(self) -> None:
        preview = self.preview
        if preview is None:
            return
        count = await self.attempt(fill.apply_fill, self.desk.store, self.desk.actor, preview)
        if isinstance(count, Failed):
            return
        self.app.pop_screen()
        self.app.notify(f"已按排班安排 {count} 人。", markup=False)
