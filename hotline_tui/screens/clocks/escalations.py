"""请示报告: every escalation, open ones first; register one, record its reply, withdraw
it, and find them by date, person and words."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from hotline_tui.domain.clocks import escalations
from hotline_tui.domain.clocks.escalations import EscalationRow, EscalationSearch
from hotline_tui.errors import DomainError
from hotline_tui.model.permissions import Action
from hotline_tui.model.text import moment, visible
from hotline_tui.screens.kit.base import DeskScreen
from hotline_tui.screens.kit.desk import Desk
from hotline_tui.screens.kit.dialogs import Choice, ChoiceDialog, Field, open_form

# (title, width); the subject (None) takes what the others leave.
COLUMNS = (("编号", 4), ("类别", 4), ("事由", None), ("报给", 12), ("紧急", 4), ("提出", 11),
           ("提出人", 6), ("答复期限", 11), ("状态", 8))  # fmt: skip


class EscalationsScreen(DeskScreen[list[EscalationRow]]):
    NEEDS = {
        "new": Action.ESCALATE,
        "reply": Action.ESCALATE,
        "withdraw": Action.ESCALATE,
    }
    HEADER_CONTEXT = "请示报告"
    BINDINGS = [
        Binding("n", "new", "登记", id="escalations.new"),
        Binding("d", "reply", "记录答复", id="escalations.reply"),
        Binding("w", "withdraw", "撤回", id="escalations.withdraw"),
        Binding("f", "find", "查找", id="escalations.find"),
        Binding("escape", "back", "返回", key_display="Esc", id="escalations.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[EscalationRow] = []
        self.where = EscalationSearch()

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="escalation-filters"):
            yield Static("查找", classes="filter-label")
            yield Input(placeholder="日期（2026-11-28 或 2026-11）、姓名、关键词，空格分隔",
                        id="escalation-search", max_length=60)  # fmt: skip
        yield Static("", id="escalation-summary", markup=False)
        yield DataTable(id="escalation-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="escalation-empty", classes="empty-state", markup=False)
        yield Static("", id="escalation-detail", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        fixed = sum(w for _, w in COLUMNS if w is not None)
        # Two cells of padding a column, the margins and the scroll bar around the table.
        rest = max(12, self.app.size.width - fixed - 2 * len(COLUMNS) - 4)
        for title, width in COLUMNS:
            table.add_column(title, width=width if width is not None else min(rest, 40))
        table.focus()

    # --- finding -----------------------------------------------------------------------

    def reload(self) -> None:
        summary = self.query_one("#escalation-summary", Static)
        try:
            self.where = EscalationSearch.parse(self.query_one(Input).value)
        except DomainError as exc:
            summary.update(visible(exc.message))
            summary.add_class("error")
            return
        summary.remove_class("error")
        super().reload()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.reload()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def action_find(self) -> None:
        self.query_one(Input).focus()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(DataTable).focus()
        else:
            self.app.pop_screen()

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input):
            return action == "back"  # letters belong to the search
        row = self._selected()
        if action in ("reply", "withdraw"):
            return row is not None and row.is_open
        return True

    # --- showing -----------------------------------------------------------------------

    def read(self) -> list[EscalationRow]:
        return escalations.search(self.desk.store, self.where)

    def show(self, data: list[EscalationRow]) -> None:
        now = self.desk.clock.now()
        keep = self._selected()
        self.rows = data
        table = self.query_one(DataTable)
        table.clear()
        for row in data:
            state = row.state(now)
            style = "bold" if row.is_open else ""
            if row.late or (row.is_open and now > row.reply_due):
                style = "bold red"
            table.add_row(
                str(row.id), row.kind, Text(visible(row.subject), no_wrap=True, overflow="ellipsis"),
                row.addressed_to, row.urgency, moment(row.raised_at), visible(row.raised_by),
                moment(row.reply_due), Text(state, style=style), key=str(row.id),
            )  # fmt: skip
        if keep is not None:
            index = next((n for n, r in enumerate(data) if r.id == keep.id), None)
            if index is not None:
                table.move_cursor(row=index)
        waiting = sum(1 for r in data if r.is_open)
        self.query_one("#escalation-summary", Static).update(
            f"共 {len(data)} 件，待答复 {waiting} 件；待答复的在前，其余按提出时间从新到旧。"
        )
        empty = self.query_one("#escalation-empty", Static)
        empty.display = not data
        empty.update(
            "没有符合条件的请示报告。" if self.where.words or self.where.first
            else "还没有请示报告。按 n 登记一件请示或报告。"
        )  # fmt: skip
        self._show_detail()
        self.refresh_bindings()

    def _selected(self) -> EscalationRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()
        self.refresh_bindings()

    def _show_detail(self) -> None:
        row = self._selected()
        detail = self.query_one("#escalation-detail", Static)
        if row is None:
            detail.update("")
            return
        lines = [
            f"{row.kind} #{row.id}：{row.subject}（{row.raised_by} {moment(row.raised_at)} 报{row.addressed_to}，{row.urgency}）"
        ]
        if row.content:
            lines.append(f"内容：{row.content}")
        if row.replied_at is not None:
            late = "（逾期答复）" if row.late else ""
            lines.append(f"答复：{row.replied_by} {moment(row.replied_at)}{late}：{row.decision}")
        elif row.withdrawn_at is not None:
            lines.append(f"撤回：{moment(row.withdrawn_at)}，{row.withdraw_reason}")
        else:
            lines.append(f"待答复，{moment(row.reply_due)} 前。")
        detail.update(visible("\n".join(lines)))

    # --- acting ------------------------------------------------------------------------

    @work(group="flow", exclusive=True)
    async def action_new(self) -> None:
        app = self.app
        desk = self.desk
        sla = desk.settings.sla
        kind = await app.push_screen_wait(
            ChoiceDialog("请示还是报告？", [Choice("请示（需要对方作出决定）", "请示"),
                                          Choice("报告（向上报告情况）", "报告")])
        )  # fmt: skip
        if kind is None:
            return
        to = await app.push_screen_wait(
            ChoiceDialog("报给谁？", [Choice(a, a) for a in escalations.ADDRESSEES])
        )
        if to is None:
            return
        urgency = await app.push_screen_wait(
            ChoiceDialog(
                "紧急程度",
                [
                    Choice(f"{u}（{_limit_text(sla.escalation_limit(u))}内答复）", u)
                    for u in sla.urgencies
                ],
            )
        )
        if urgency is None:
            return

        def save(values: dict[str, str]) -> None:
            due = escalations.parse_time(values["due"], desk.clock.now(), "答复期限")
            escalations.raise_escalation(
                desk.store, desk.actor, sla, kind, values["subject"], values["content"], to,
                urgency, due,
            )  # fmt: skip

        open_form(
            self,
            f"登记{kind}：报{to}（{urgency}）",
            [
                Field("subject", "事由", "一句话，如：临时增开 4 个座位", escalations.MAX_SUBJECT),
                Field("content", "内容", "情况和请求，可不填", escalations.MAX_CONTENT),
                Field(
                    "due",
                    "答复期限",
                    f"留空为 {_limit_text(sla.escalation_limit(urgency))}后；或 HH:MM、YYYY-MM-DD HH:MM",
                    16,
                ),
            ],
            save,
            f"{kind}已登记，等待答复的倒计时开始。",
        )

    def action_reply(self) -> None:
        row = self._selected()
        if row is not None and row.is_open:
            open_form(self, *reply_form(self.desk, row.id, row.title, row.addressed_to))

    def action_withdraw(self) -> None:
        row = self._selected()
        if row is None or not row.is_open:
            return
        desk = self.desk

        def save(values: dict[str, str]) -> None:
            escalations.withdraw(desk.store, desk.actor, row.id, values["reason"])

        open_form(
            self,
            f"撤回：{row.kind} {row.subject}",
            [Field("reason", "撤回原因", "如：已在早班会当面决定", escalations.MAX_REPLY)],
            save,
            "已撤回。",
        )


def reply_form(
    desk: Desk, escalation_id: int, title: str, addressed_to: str
) -> tuple[str, list[Field], Callable[[dict[str, str]], object], str]:
    """The form that records a reply: (title, fields, save, done), here and on the 时效 screen."""
    replier = addressed_to.removesuffix("联系人")  # 采购人: the name is added by hand

    def save(values: dict[str, str]) -> None:
        at = escalations.parse_time(values["at"], desk.clock.now(), "答复时间")
        escalations.record_reply(
            desk.store, desk.actor, escalation_id, values["by"], values["decision"], at
        )

    fields = [
        Field("by", "答复人", "如：运营主管 李娜", escalations.MAX_WHO, value=replier),
        Field("decision", "答复或决定", "如：同意，按方案执行", escalations.MAX_REPLY),
        Field("at", "答复时间", "留空为现在；或 HH:MM、YYYY-MM-DD HH:MM", 16),
    ]
    return f"记录答复：{title}", fields, save, "答复已记录，倒计时结束。"


def _limit_text(minutes: int) -> str:
    if minutes % 1440 == 0:
        return f"{minutes // 1440} 天"
    if minutes % 60 == 0:
        return f"{minutes // 60} 小时"
    return f"{minutes} 分钟"
