"""人员: everyone on the staff, filtered as you type; hires, edits, group moves, probation,
leaving and replacement; the staff list in and out. Kept by the managers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Size
from textual.widgets import DataTable, Input, ProgressBar, Static

from hotline_tui.domain.attendance.swaps import person_overtime
from hotline_tui.domain.clocks.replacements import request_replacement
from hotline_tui.domain.people.manage import (
    GroupRow,
    add_person,
    clear_leftovers,
    edit_person,
    end_probation,
    group_history,
    leave,
    leftovers,
    list_groups,
    move_to_group,
    save_sheet,
    staffing,
)
from hotline_tui.domain.people.pins import pin_state, reset_pin, unlock
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.errors import DomainError
from hotline_tui.exports.staff_list import write_staff
from hotline_tui.imports.staff_file import StaffFileError, read_staff_file
from hotline_tui.imports.tabular import import_path
from hotline_tui.model.permissions import Action
from hotline_tui.model.person_fields import DATE_FORMATS, check_fields, parse_day
from hotline_tui.model.staff_row import StaffRow, matches
from hotline_tui.model.states import Employment
from hotline_tui.model.text import visible
from hotline_tui.model.vocab import POSTS, STAFF_STATUSES
from hotline_tui.screens.access.first_run import StartPeople, offer_next_step
from hotline_tui.screens.kit.background_export import export_in_background
from hotline_tui.screens.kit.base import DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import Confirm, Field, FormDialog, InfoDialog, TextPrompt
from hotline_tui.screens.people.checklist import SetupChecklistScreen
from hotline_tui.screens.people.dossier import DossierScreen
from hotline_tui.screens.people.groups import GroupsScreen

COLUMNS = (
    ("工号", 8), ("姓名", 10), ("工作组", 16), ("岗位", 6), ("状态", 6), ("入职日期", 11),
    ("技能", 12), ("手机", 14), ("离职日期", 11),
)  # fmt: skip


@dataclass(frozen=True)
class PeopleData:
    people: list[StaffRow]  # everyone, those who left too
    groups: list[GroupRow]


def _day(text: str, what: str) -> date:
    try:
        return parse_day(text)
    except ValueError:
        raise DomainError(f"{what}“{text}”无效，应为 {' 或 '.join(DATE_FORMATS)}。") from None


class PeopleScreen(DeskScreen[PeopleData]):
    NEEDS = {
        "add": Action.MANAGE_PEOPLE,
        "edit": Action.MANAGE_PEOPLE,
        "move": Action.MANAGE_PEOPLE,
        "confirm": Action.MANAGE_PEOPLE,
        "leave": Action.MANAGE_PEOPLE,
        "import_staff": Action.MANAGE_PEOPLE,
        "export_staff": Action.MANAGE_PEOPLE,
        "groups": Action.MANAGE_PEOPLE,
        "checklist": Action.MANAGE_PEOPLE,
        "replace": Action.REQUEST_REPLACEMENT,
        "reset_pin": Action.RESET_PINS,
        "unlock_pin": Action.RESET_PINS,
    }
    HEADER_CONTEXT = "人员"
    BINDINGS = [
        Binding("a", "add", "新增", id="people.add"),
        Binding("e", "edit", "编辑", id="people.edit"),
        Binding("m", "move", "调组", id="people.move"),
        Binding("z", "confirm", "转正", id="people.confirm"),
        Binding("l", "leave", "离职", id="people.leave"),
        Binding("r", "replace", "待撤换", id="people.replace"),
        Binding("k", "reset_pin", "重设PIN", id="people.reset_pin"),
        Binding("u", "unlock_pin", "解锁", id="people.unlock_pin"),
        Binding("i", "import_staff", "导入名单", id="people.import"),
        Binding("x", "export_staff", "导出名单", id="people.export"),
        Binding("w", "groups", "工作组", id="people.groups"),
        Binding("o", "checklist", "开通清单", id="people.checklist"),
        Binding("v", "dossier", "个人档案", id="people.dossier"),
        Binding("f", "find", "筛选", id="people.find"),
        Binding("g", "cycle('group')", "按组", id="people.by_group"),
        Binding("p", "cycle('post')", "按岗位", id="people.by_post"),
        Binding("s", "cycle('status')", "按状态", id="people.by_status"),
        Binding("escape", "back_to_list", "回到列表", key_display="Esc", id="people.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: PeopleData | None = None
        self.shown: list[StaffRow] = []
        self.filters: dict[str, str] = {"group": "", "post": "", "status": ""}

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="people-filters"):
            yield Static("查找", classes="filter-label")
            yield Input(placeholder="工号、姓名或拼音首字母", id="people-query", max_length=20)
            yield Static("", id="people-filter-text", markup=False)
        with Horizontal(id="people-body"):
            yield DataTable(id="people-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="people-side"):
                yield Static("", id="people-person")
                yield Static("", id="people-counts")
        yield ProgressBar(id="people-progress", show_eta=False)
        yield Static("", id="people-empty", classes="empty-state", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        for title, width in COLUMNS:
            table.add_column(title, width=width)
        self.query_one(ProgressBar).display = False
        table.focus()

    def size_classes(self, size: Size) -> dict[str, bool]:
        # Below 120 columns the side panel narrows so the table keeps its hire dates.
        return {"-narrow": size.width < 120}

    # --- showing -------------------------------------------------------------------------

    def read(self) -> PeopleData:
        store = self.desk.store
        return PeopleData(list_staff(store, include_left=True), list_groups(store))

    def show(self, data: PeopleData) -> None:
        self.data = data
        self._fill()
        self.set_context("人员")

    def _fill(self) -> None:
        if self.data is None:
            return
        query = self.query_one("#people-query", Input).value
        group, post, status = (self.filters[k] for k in ("group", "post", "status"))
        self.shown = [
            p
            for p in self.data.people
            if matches(p, query)
            and (not group or (p.group or "管理人员") == group)
            and (not post or p.post == post)
            and (status == "" and p.status != Employment.LEFT or status and p.status == status)
        ]
        table = self.query_one(DataTable)
        keep = self._selected()
        table.clear()
        for p in self.shown:
            style = "dim" if p.status == Employment.LEFT else ""
            cells = (
                p.staff_no, visible(p.name), visible(p.group) or "管理人员", p.post, p.status,
                p.hire_date.isoformat() if p.hire_date else "", "、".join(p.skills.split(",")),
                visible(p.phone), p.left_on.isoformat() if p.left_on else "",
            )  # fmt: skip
            table.add_row(*(Text(c, style=style) for c in cells), key=p.staff_no)
        if keep is not None:
            index = next((i for i, p in enumerate(self.shown) if p.staff_no == keep.staff_no), 0)
            table.move_cursor(row=index)
        words = [v for v in (group, post) if v] + [status or "不含离职"]
        self.query_one("#people-filter-text", Static).update(
            f"  显示 {len(self.shown)} 人（{'，'.join(words)}）    g 按组  p 按岗位  s 按状态"
        )
        self._show_counts()
        empty = self.query_one("#people-empty", Static)
        empty.display = not self.shown
        empty.update("没有符合条件的人员。按 Esc 回到列表，清空查找框或按 g/p/s 换条件。")

    def _show_counts(self) -> None:
        assert self.data is not None
        counts = staffing(self.data.people)
        text = Text()
        for line in counts.lines:
            text.append(line + "\n", style="bold")
        text.append("\n各组\n", style="bold")
        leaders = {g.name: g.leader for g in self.data.groups}
        for name, n in counts.by_group:
            leader = f"（组长 {visible(leaders[name])}）" if leaders.get(name) else ""
            text.append(f"  {visible(name)} {n}{leader}\n")
        text.append("\n各岗位\n", style="bold")
        for post, n in counts.by_post:
            text.append(f"  {post} {n}\n")
        self.query_one("#people-counts", Static).update(text)

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        person = self._selected()
        if person is not None:
            self.run_worker(self._show_person(person), group="person", exclusive=True)

    async def _show_person(self, person: StaffRow) -> None:
        history = await self.fetch(group_history, self.desk.store, person.staff_no)
        pin = await self.fetch(pin_state, self.desk.store, person.staff_no)
        overtime = await self.fetch(
            person_overtime, self.desk.store, person.staff_no, self.desk.clock.now().date()
        )
        if isinstance(history, Failed) or isinstance(pin, Failed) or isinstance(overtime, Failed):
            return
        text = Text(f"{visible(person.name)}（{person.staff_no}）\n", style="bold")
        text.append(f"{person.post}，{person.status}")
        if person.left_on:
            text.append(f"，{person.left_on} 离职")
        if person.may_sign_in:
            text.append(f"\nPIN：{pin.text}")
        hours, records = overtime
        if records:
            text.append(f"\n本月加班 {hours:g} 小时\n")
            for line in records[:3]:
                text.append(f"  {line}\n")
        text.append("\n组别历史\n" if history else "\n")
        for group, since, until in history:
            text.append(f"  {visible(group)} {since}–{until or '至今'}\n")
        self.query_one("#people-person", Static).update(text)

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._fill()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def action_find(self) -> None:
        self.query_one("#people-query", Input).focus()

    def action_back_to_list(self) -> None:
        self.query_one(DataTable).focus()

    def action_cycle(self, what: str) -> None:
        assert self.data is not None
        options = {
            "group": ["", *[g.name for g in self.data.groups], "管理人员"],
            "post": ["", *POSTS],
            "status": ["", *STAFF_STATUSES],
        }[what]
        current = self.filters[what]
        self.filters[what] = options[(options.index(current) + 1) % len(options)]
        self._fill()

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.focused, Input)
        if action == "back_to_list":
            return typing
        return not typing  # letters belong to the filter while it has the focus

    def action_dossier(self) -> None:
        person = self._selected()
        if person is not None:
            self.app.push_screen(DossierScreen(person.staff_no))

    def _selected(self) -> StaffRow | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _form(self, title: str, fields: list[Field], save: Any, done: str) -> None:
        def closed(saved: bool | None) -> None:
            self.reload()
            if saved:
                self.notify(done, markup=False)

        self.app.push_screen(FormDialog(title, fields, save), closed)

    # --- changing ---------------------------------------------------------------------------

    def on_start_people(self, _message: StartPeople) -> None:
        self.run_worker(self._start(), group="flow", exclusive=True)

    async def _start(self) -> None:
        step = await offer_next_step(self)
        if step == "import":
            self.action_import_staff()
        elif step == "add":
            self.action_add()

    def action_add(self) -> None:
        desk = self.desk
        today = desk.clock.now().date()

        def save(values: dict[str, str]) -> None:
            fields, problems = check_fields(dict(values), today)
            if fields is None:
                raise DomainError("；".join(problems) + "。")
            add_person(desk.store, desk.actor, fields)

        self._form(
            "新增人员",
            [
                Field("staff_no", "工号", "字母、数字或短横线", 16),
                Field("name", "姓名", "", 20),
                Field("group", "工作组", "如 综合坐席；项目经理、运营主管、值班长可不填", 20),
                Field("post", "岗位", "、".join(POSTS), 6),
                Field("status", "状态", "在职 或 试用", 4, "在职"),
                Field("hire_date", "入职日期", "YYYY-MM-DD", 10, today.isoformat()),
                Field("skills", "技能", "综合、社保、医保，可填多个", 20, "综合"),
                Field("phone", "手机", "可不填", 20),
            ],
            save,
            "已新增人员。",
        )

    def action_edit(self) -> None:
        person = self._selected()
        if person is None:
            return
        desk = self.desk

        def save(values: dict[str, str]) -> None:
            edit_person(
                desk.store, desk.actor, person.staff_no, name=values["name"], post=values["post"],
                skills=values["skills"], phone=values["phone"],
            )  # fmt: skip

        self._form(
            f"编辑 {person.name}（{person.staff_no}）",
            [
                Field("name", "姓名", "", 20, person.name),
                Field("post", "岗位", "、".join(POSTS), 6, person.post),
                Field(
                    "skills", "技能", "综合、社保、医保", 20, "、".join(person.skills.split(","))
                ),
                Field("phone", "手机", "可不填", 20, person.phone),
            ],
            save,
            "已保存。",
        )

    def action_move(self) -> None:
        person = self._selected()
        if person is None:
            return
        desk = self.desk

        def save(values: dict[str, str]) -> None:
            on = _day(values["since"], "调组日期")
            move_to_group(desk.store, desk.actor, person.staff_no, values["group"].strip(), on)

        self._form(
            f"调组：{person.name}（现在 {person.group or '不在组中'}）",
            [
                Field("group", "调到哪个组", "工作组名称，如 专业坐席（社保）", 20),
                Field(
                    "since",
                    "从哪天起",
                    "YYYY-MM-DD，今天或更早",
                    10,
                    desk.clock.now().date().isoformat(),
                ),  # fmt: skip
            ],
            save,
            f"已调组；{person.name} 以前的考勤仍计入原来的组。",
        )

    @work(group="flow", exclusive=True)
    async def action_confirm(self) -> None:
        person = self._selected()
        if person is None:
            return
        body = f"{person.name}（{person.staff_no}）试用期满，转为在职。"
        if await self.app.push_screen_wait(Confirm("转正", body)):
            self.change(f"{person.name} 已转正。", end_probation, person.staff_no)

    @work(group="flow", exclusive=True)
    async def action_leave(self) -> None:
        person = self._selected()
        if person is None:
            return
        app = self.app
        desk = self.desk
        chosen: dict[str, date] = {}

        def save(values: dict[str, str]) -> None:
            on = _day(values["on"], "离职日期")
            leave(desk.store, desk.actor, person.staff_no, on, values["reason"])
            chosen["on"] = on

        form = FormDialog(
            f"离职：{person.name}（{person.staff_no}）",
            [
                Field("on", "离职日期（不再上班的第一天）", "YYYY-MM-DD", 10,
                      (desk.clock.now().date() + timedelta(days=1)).isoformat()),
                Field("reason", "原因", "如：个人原因辞职、合同到期", 60),
            ],
            save,
        )  # fmt: skip
        if not await app.push_screen_wait(form):
            return
        self.reload()
        self.notify(f"已登记 {person.name} 离职；以前的记录都保留。", markup=False)
        left = await self.fetch(leftovers, desk.store, person.staff_no, chosen["on"])
        if isinstance(left, Failed) or left.empty:
            return
        lines = [*(f"座位 {s}" for s in left.seats[:8]), *(f"排班 {r}" for r in left.rota[:8])]
        more = len(left.seats) + len(left.rota) - len(lines)
        body = (
            f"从 {chosen['on']} 起仍安排了 {person.name}：\n"
            + "\n".join(lines)
            + (f"\n另有 {more} 条。" if more > 0 else "")
            + "\n\n要把这些座位安排和排班移除吗？"
        )
        if await app.push_screen_wait(Confirm("离职后的安排", body)):
            self.change(
                lambda counts: f"已移除 {counts[0]} 个座位安排和 {counts[1]} 条排班。",
                clear_leftovers,
                person.staff_no,
            )

    def action_replace(self) -> None:
        person = self._selected()
        if person is None:
            return
        desk = self.desk

        def save(values: dict[str, str]) -> None:
            request_replacement(
                desk.store, desk.actor, desk.calendar, desk.settings.sla, person.staff_no,
                values["reason"],
            )  # fmt: skip

        days = desk.settings.sla.replacement_workdays
        self._form(
            f"待撤换：{person.name}（{person.staff_no}）",
            [Field("reason", "采购人要求撤换的原因", "如：一个月内两次有效投诉", 60)],
            save,
            f"已登记撤换要求，{days} 个工作日内答复（计时见“时效” F5）。",
        )

    @work(group="flow", exclusive=True)
    async def action_reset_pin(self) -> None:
        person = self._selected()
        if person is None:
            return
        sure = await self.app.push_screen_wait(
            Confirm(
                f"重设 PIN：{person.name}（{person.staff_no}）",
                "生成一个临时 PIN：原来的 PIN 作废，锁定解除。临时 PIN 只显示这一次，"
                "请当面告诉本人；本人登录时须先改成自己的 PIN。",
            )
        )
        if not sure:
            return
        pin = await self.attempt(reset_pin, self.desk.store, self.desk.actor, person.staff_no)
        if isinstance(pin, Failed):
            return
        text = Text(f"{visible(person.name)}（{person.staff_no}）的临时 PIN：\n\n", style="bold")
        text.append(f"    {pin}\n\n", style="bold reverse")
        text.append("只显示这一次。本人登录时须先改成自己的 PIN。")
        self.reload()
        await self.app.push_screen_wait(InfoDialog("临时 PIN", text))

    def action_unlock_pin(self) -> None:
        """Wrong PINs cleared and the lock lifted, the PIN kept (a manager for anyone
        else, the 项目经理 for anyone)."""
        person = self._selected()
        if person is None:
            return
        name = f"{visible(person.name)}（{person.staff_no}）"
        self.change(
            lambda was_locked: f"已为{name}解除锁定。" if was_locked else f"{name}没有被锁定。",
            unlock,
            person.staff_no,
        )

    # --- the staff list in and out -------------------------------------------------------------

    @work(group="flow", exclusive=True)
    async def action_import_staff(self) -> None:
        app = self.app
        desk = self.desk
        path = await app.push_screen_wait(
            TextPrompt(
                "导入人员名单（CSV 或 XLSX：工号,姓名,组,岗位,状态,入职日期[,技能,手机,状态生效日期]）",
                "文件路径",
                "请填写文件路径。",
                200,
                import_path,
            )
        )
        if not path:
            return
        checked = await self.fetch_with_progress(self._read_sheet, path, True)
        if isinstance(checked, Failed):
            return
        people, new_groups = checked
        if new_groups:
            ask = Confirm(
                "新建工作组？",
                f"名单中有 {len(new_groups)} 个还没有的工作组：{'、'.join(new_groups)}。\n"
                "确定新建它们并导入吗？（如是笔误，请按 Esc 取消，改正文件后再导入。）",
            )
            if not await app.push_screen_wait(ask):
                return

        summary = await self.attempt(save_sheet, desk.store, desk.actor, people, new_groups)
        self.reload()
        if not isinstance(summary, Failed):
            self.notify(f"已导入人员名单：{summary.text}", markup=False, timeout=10)

    def _read_sheet(self, path: Path, create_groups: bool, progress: Any) -> Any:
        try:
            return read_staff_file(
                self.desk.store, path, create_groups=create_groups, progress=progress
            )
        except StaffFileError as exc:
            # Every bad row, in a window of its own: a toast is no place for fifty lines.
            self.app.call_from_thread(
                self.app.push_screen, InfoDialog("人员名单未导入", Text(exc.message))
            )
            raise DomainError(f"人员名单有 {len(exc.problems)} 处问题，未导入。") from None

    def action_export_staff(self) -> None:
        desk = self.desk

        def write(path: Path) -> tuple[str, int]:
            people = write_staff(list_staff(desk.store), path)
            return f"已导出 {people} 人的人员名单", people

        export_in_background(self, "导出人员名单", "~/人员名单.xlsx", (".xlsx",), write, "staff")

    def action_groups(self) -> None:
        self.app.push_screen(GroupsScreen())

    def action_checklist(self) -> None:
        self.app.push_screen(SetupChecklistScreen())
