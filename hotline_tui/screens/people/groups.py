"""工作组: the groups in the order the floor lists them, their leaders and their size."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from hotline_tui.domain.people.manage import (
    GroupRow,
    add_group,
    delete_group,
    list_groups,
    merge_group,
    move_group,
    rename_group,
    set_leader,
)
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.model.permissions import Action
from hotline_tui.model.text import visible
from hotline_tui.screens.kit.base import DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import (
    Choice,
    ChoiceDialog,
    Confirm,
    StaffPicker,
    TextPrompt,
    changing,
    open_dialog,
)
from hotline_tui.widgets.prose import Prose


class GroupsScreen(DeskScreen[list[GroupRow]]):
    NEEDS = {
        "add": Action.MANAGE_PEOPLE,
        "rename": Action.MANAGE_PEOPLE,
        "order": Action.MANAGE_PEOPLE,
        "leader": Action.MANAGE_PEOPLE,
        "delete": Action.MANAGE_PEOPLE,
        "merge": Action.MANAGE_PEOPLE,
    }
    HEADER_CONTEXT = "工作组"
    BINDINGS = [
        Binding("a", "add", "新增", id="groups.add"),
        Binding("r", "rename", "改名", id="groups.rename"),
        Binding("u", "order(-1)", "上移", id="groups.up"),
        Binding("d", "order(1)", "下移", id="groups.down"),
        Binding("l", "leader", "组长", id="groups.leader"),
        Binding("m", "merge", "并入", id="groups.merge"),
        Binding("x", "delete", "删除", id="groups.delete"),
        Binding("escape", "back", "返回", key_display="Esc", id="groups.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[GroupRow] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Prose(
            "工作组按这里的顺序显示在坐席图、考勤和报表中；组长须是本组的班长。",
            classes="hint",
        )
        yield DataTable(id="groups-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="groups-empty", classes="empty-state", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        for title, width in (("顺序", 4), ("工作组", 20), ("组长", 10), ("在职人数", 8)):
            table.add_column(title, width=width)
        table.focus()

    def read(self) -> list[GroupRow]:
        return list_groups(self.desk.store)

    def show(self, data: list[GroupRow]) -> None:
        keep = self._selected()
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.groups = data
        table.clear()
        for n, g in enumerate(data, 1):
            cells = (str(n), visible(g.name), visible(g.leader) or "未指定", str(g.members))
            table.add_row(*(Text(c) for c in cells), key=g.name)
        if keep is not None:  # the same group, or the row that took a gone one's place
            near = min(row, len(data) - 1)
            index = next((i for i, g in enumerate(data) if g.name == keep.name), near)
            table.move_cursor(row=index)
        empty = self.query_one("#groups-empty", Static)
        empty.display = not data
        empty.update("还没有工作组。按 a 新增，或导入人员名单时一并新建。")

    def _selected(self) -> GroupRow | None:
        table = self.query_one(DataTable)
        if not self.groups or table.cursor_row >= len(self.groups):
            return None
        return self.groups[table.cursor_row]

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_add(self) -> None:
        open_dialog(
            self,
            TextPrompt("新增工作组", "如 专业坐席（公积金）", "请填写工作组的名称。", 20,
                       changing(self, add_group)),
            "已新增工作组。",
        )  # fmt: skip

    def action_rename(self) -> None:
        group = self._selected()
        if group is None:
            return

        open_dialog(
            self,
            TextPrompt(f"工作组“{group.name}”改名为", "新名称", "请填写新名称。", 20,
                       changing(self, rename_group, group.name)),
            "工作组已改名。",
        )  # fmt: skip

    def action_delete(self) -> None:
        group = self._selected()
        if group is None:
            return
        if group.members:  # said at once; the rule says it again, and of history too
            self.refuse(f"“{group.name}”还有 {group.members} 人，请先把他们调到别的组，再删除。")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.change(f"已删除工作组“{group.name}”。", delete_group, group.name)

        self.app.push_screen(
            Confirm("删除工作组？", f"删除“{group.name}”？它的座位区一并取消。"), answered
        )

    @work(group="flow", exclusive=True)
    async def action_merge(self) -> None:
        group = self._selected()
        if group is None:
            return
        others = [g.name for g in self.groups if g.name != group.name]
        if not others:
            self.refuse("只有一个工作组，没有可以并入的组。")
            return
        target = await self.app.push_screen_wait(
            ChoiceDialog(
                f"把“{group.name}”（{group.members} 人）并入哪个组？",
                [Choice(name, name) for name in others],
            )
        )
        if target is None:
            return
        sure = await self.app.push_screen_wait(
            Confirm(
                "合并工作组？",
                f"“{group.name}”的 {group.members} 人调到“{target}”，座位区并入；"
                "已排过班的日子仍按原组统计。",
            )
        )
        if sure:
            self.change(
                lambda merged: merged.text(group.name, target),
                merge_group,
                group.name,
                target,
            )

    def action_order(self, step: int) -> None:
        group = self._selected()
        if group is not None:
            self.change(None, move_group, group.name, step)
            table = self.query_one(DataTable)
            table.move_cursor(row=max(0, min(len(self.groups) - 1, table.cursor_row + step)))

    @work(group="flow", exclusive=True)
    async def action_leader(self) -> None:
        group = self._selected()
        if group is None:
            return
        everyone = await self.fetch(list_staff, self.desk.store)
        if isinstance(everyone, Failed):
            return
        leaders = [p for p in everyone if p.post == "班长" and p.group == group.name]
        if not leaders:
            self.refuse(f"{group.name} 还没有班长：请先在人员中把一位班长调到这个组。")
            return
        person = await self.app.push_screen_wait(StaffPicker(f"{group.name} 的组长", leaders))
        if person is not None:
            self.change(
                f"{person.name} 是{group.name}的组长。", set_leader, group.name, person.staff_no
            )
