"""时效: every open clock on one list; open, take, resolve and transfer urgent issues,
report and resolve faults, record and answer replacement requests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pendulum
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from hotline_tui.domain.clocks import faults, replacements, urgent
from hotline_tui.domain.clocks.countdown import open_clocks
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.model import backdating
from hotline_tui.model.countdown import BAND_MARKS, OpenClock, band
from hotline_tui.model.permissions import Action
from hotline_tui.model.shifts import describe_day
from hotline_tui.model.text import moment
from hotline_tui.model.timeliness import tally
from hotline_tui.screens.clocks.escalations import EscalationsScreen, reply_form
from hotline_tui.screens.clocks.history import ClockHistoryScreen
from hotline_tui.screens.kit.base import DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import Choice, ChoiceDialog, Field, StaffPicker, open_form
from hotline_tui.widgets.countdown_list import CountdownList


@dataclass(frozen=True)
class ClocksData:
    clocks: list[OpenClock]
    month_rates: str


def _real_time(text: str, now: pendulum.DateTime) -> pendulum.DateTime | None:
    """A back-dated record's real time as typed; None (now) when left empty."""
    return urgent.parse_opened(text, now) if text.strip() else None


class ClocksScreen(DeskScreen[ClocksData]):
    NEEDS = {
        "new_urgent": Action.URGENT_ISSUES,
        "take": Action.URGENT_ISSUES,
        "transfer": Action.URGENT_ISSUES,
        "new_fault": Action.FAULTS,
        "reported": Action.FAULTS,
        "fault_fixed": Action.FAULTS,
        "new_replacement": Action.REQUEST_REPLACEMENT,
    }
    HEADER_CONTEXT = "时效"
    BINDINGS = [
        Binding("n", "new_urgent", "登记紧急问题", id="clocks.new_urgent"),
        Binding("g", "new_fault", "故障上报", id="clocks.new_fault"),
        Binding("r", "new_replacement", "撤换要求", id="clocks.new_replacement"),
        Binding("t", "take", "受理", id="clocks.take"),
        Binding("d", "resolve", "办结/答复", id="clocks.resolve"),
        Binding("z", "transfer", "转办", id="clocks.transfer"),
        Binding("b", "reported", "已上报", id="clocks.reported"),
        Binding("x", "fault_fixed", "故障恢复", id="clocks.fault_fixed"),
        Binding("h", "history", "历史与及时率", id="clocks.history"),
        Binding("e", "escalations", "请示报告", id="clocks.escalations"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.month_rates = ""  # this month's timeliness, read on reload, shown every second

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="clock-summary", markup=False)
        yield CountdownList(
            id="clock-list",
            empty_text="没有正在计时的事项。按 n 登记紧急问题，g 上报故障，e 请示报告。",
        )
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(CountdownList).focus()

    @property
    def countdowns(self) -> CountdownList:
        return self.query_one(CountdownList)

    def _show_time(self, value: str) -> None:
        super()._show_time(value)
        self.countdowns.tick(self.desk.clock.now())
        self._summarise()

    def read(self) -> ClocksData:
        store, now = self.desk.store, self.desk.clock.now()
        month = now.date().replace(day=1)
        urgent_rate = tally(i.outcome(now) for i in urgent.issues_in_month(store, month))
        fault_rate = tally(f.outcome(now) for f in faults.faults_in_month(store, month))
        return ClocksData(
            open_clocks(store),
            f"本月及时率：紧急问题 {urgent_rate.text}，故障上报 {fault_rate.text}（目标 100%）",
        )

    def show(self, data: ClocksData) -> None:
        now = self.desk.clock.now()
        self.desk.take_clocks(data.clocks)  # the header follows what this screen just read
        self.countdowns.show(data.clocks, now, self.desk.calendar)
        self.set_context(f"时效  {describe_day(now.date())}")
        self.month_rates = data.month_rates
        self._summarise()

    def _summarise(self) -> None:
        now = self.desk.clock.now()
        clocks = self.countdowns.clocks
        counts = {b: 0 for b in BAND_MARKS}
        for clock in clocks:
            counts[band(clock, clock.remaining(now, self.desk.calendar))] += 1
        bands = "，".join(f"{BAND_MARKS[b]} {n}" for b, n in counts.items() if n)
        text = f"计时中 {len(clocks)} 项" + (f"（{bands}）" if bands else "")
        # A line of its own: beside the count it was broken inside a figure at 80 columns
        # ("8/10 =" then "80.0%").
        text += f"\n{self.month_rates}"
        unknown = sorted({y for c in clocks if c.unknown_years for y in c.unknown_years.split(",")})
        if unknown:
            # Never a silent guess: the office must enter the State Council's dates.
            text += (
                f"\n带 ? 的撤换期限涉及 {'、'.join(unknown)} 年，假日安排未知，暂按普通周计算；"
                "请在 data/workdays.toml 录入当年的放假和调休安排。"
            )
        self.query_one("#clock-summary", Static).update(text)

    def on_countdown_list_moved(self, _event: CountdownList.Moved) -> None:
        self.refresh_bindings()

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        selected = self.countdowns.selected
        kind = selected.kind if selected is not None else None
        return {
            "take": kind == "urgent",
            "resolve": (kind == "urgent" and self.may(Action.URGENT_ISSUES))
            or (kind == "replacement" and self.may(Action.ANSWER_REPLACEMENT))
            or (kind == "escalation" and self.may(Action.ESCALATE)),
            "transfer": kind == "urgent",
            "reported": kind == "fault",
        }.get(action, True)

    # --- changes ----------------------------------------------------------------------

    def _form(
        self, title: str, fields: list[Field], save: Callable[[dict[str, str]], object], done: str
    ) -> None:
        open_form(self, title, fields, save, done)

    def action_new_urgent(self) -> None:
        app = self.app
        desk = self.desk
        sla = desk.settings.sla

        def category_chosen(category: str | None) -> None:
            if category is None:
                return

            def save(values: dict[str, str]) -> None:
                opened = urgent.parse_opened(values["opened"], desk.clock.now())
                urgent.open_issue(
                    desk.store, desk.actor, sla, desk.shifts, category,
                    values["summary"], values["reference"], opened, values["late"],
                )  # fmt: skip

            self._form(
                f"登记紧急问题：{category}（时限 {sla.urgent_limit(category)} 分钟）",
                [
                    Field(
                        "summary", "问题摘要", "一句话，如：某小区燃气泄漏报警", urgent.MAX_SUMMARY
                    ),
                    Field("reference", "工单号或来电参考", "可不填", 40),
                    Field("opened", "发生时间", "HH:MM 或 YYYY-MM-DD HH:MM，留空为现在", 16),
                    Field(
                        "late", "补录原因", "发生在本班开始前时必填（补录）", backdating.MAX_REASON
                    ),
                ],
                save,
                "紧急问题已登记，按发生时间计时。",
            )

        choices = [Choice(f"{c}（{sla.urgent_limit(c)} 分钟）", c) for c in sla.categories]
        app.push_screen(ChoiceDialog("紧急问题类别", choices), category_chosen)

    def action_new_fault(self) -> None:
        app = self.app
        desk = self.desk

        def system_chosen(system: str | None) -> None:
            if system is None:
                return

            def save(values: dict[str, str]) -> None:
                detected = urgent.parse_opened(values["detected"], desk.clock.now())
                faults.open_fault(
                    desk.store, desk.actor, desk.settings.sla, system, values["description"],
                    detected, faults.parse_seats(values["seats"]), values["late"],
                )  # fmt: skip

            self._form(
                f"故障上报：{system}（{desk.settings.sla.fault_report_minutes} 分钟内上报）",
                [
                    Field("description", "故障现象", "如：呼入无振铃", 60),
                    Field("detected", "发现时间", "HH:MM 或 YYYY-MM-DD HH:MM，留空为现在", 16),
                    Field(
                        "seats", "受影响座位", "如 B07 B08，受影响的座位在修复前停用；可不填", 60
                    ),
                    Field(
                        "late", "补录原因", "发现于 24 小时前时必填（补录）", backdating.MAX_REASON
                    ),
                ],
                save,
                "故障已登记，上报计时开始。",
            )

        app.push_screen(
            ChoiceDialog("哪个系统出了故障？", [Choice(s, s) for s in faults.SYSTEMS]),
            system_chosen,
        )

    @work(group="flow", exclusive=True)
    async def action_new_replacement(self) -> None:
        app = self.app
        desk = self.desk
        everyone = await self.fetch(list_staff, desk.store)
        if isinstance(everyone, Failed):
            return
        people = [p for p in everyone if p.post in ("组员", "班长")]
        person = await app.push_screen_wait(StaffPicker("要求撤换谁？", people))
        if person is not None:

            def save(values: dict[str, str]) -> None:
                replacements.request_replacement(
                    desk.store,
                    desk.actor,
                    desk.calendar,
                    desk.settings.sla,
                    person.staff_no,
                    values["reason"],
                )

            self._form(
                f"采购人要求撤换：{person.name}（{person.staff_no}）",
                [Field("reason", "原因", "如：一个月内两次有效投诉", 60)],
                save,
                f"已登记，{desk.settings.sla.replacement_workdays} 个工作日内答复。",
            )

    def action_take(self) -> None:
        clock = self.countdowns.selected
        if clock is not None:
            self.change(f"已受理：{clock.title}", urgent.take, clock.id)

    @work(group="flow", exclusive=True)
    async def _close_urgent(self, transfer: bool) -> None:
        desk = self.desk
        clock = self.countdowns.selected
        if clock is None:
            return
        state = await self.fetch(urgent.closing_state, desk.store, clock.id)
        if isinstance(state, Failed):
            return
        verb = "转办" if transfer else "办结"
        fields = []
        if transfer:
            fields.append(Field("to", "转给", "部门或人员，如：区住建委", 40))
        fields.append(Field("note", "转办原因" if transfer else "处理结果", "", urgent.MAX_NOTE))
        if state.back_dated:
            # Registered late (补录): counted by when it was really handled.
            fields.append(Field("at", f"实际{verb}时间", "YYYY-MM-DD HH:MM，留空为现在", 16))
            fields.append(Field("delay", "延误原因（超过时限时必填）", "", urgent.MAX_NOTE))
        elif state.late:
            fields.append(Field("delay", "延误原因（已超时，必填）", "", urgent.MAX_NOTE))

        def save(values: dict[str, str]) -> None:
            delay = values.get("delay", "")
            at = _real_time(values.get("at", ""), desk.clock.now())
            if transfer:
                urgent.transfer(
                    desk.store, desk.actor, clock.id, values["to"], values["note"], delay, at
                )
            else:
                urgent.resolve(desk.store, desk.actor, clock.id, values["note"], delay, at)

        self._form(f"{verb}：{clock.title}", fields, save, f"已{verb}。")

    def action_resolve(self) -> None:
        clock = self.countdowns.selected
        if clock is None:
            return
        if clock.kind == "escalation":
            self._form(*reply_form(self.desk, clock.id, clock.title, clock.who))
            return
        if clock.kind == "replacement":
            desk = self.desk

            def save(values: dict[str, str]) -> None:
                replacements.respond(desk.store, desk.actor, clock.id, values["response"])

            self._form(
                f"答复撤换要求：{clock.who}",
                [Field("response", "答复内容", "如：已调离坐席岗位，由某某接替", 60)],
                save,
                "已答复。",
            )
            return
        self._close_urgent(transfer=False)

    def action_transfer(self) -> None:
        self._close_urgent(transfer=True)

    @work(group="flow", exclusive=True)
    async def action_reported(self) -> None:
        desk = self.desk
        clock = self.countdowns.selected
        if clock is None:
            return
        back_dated = await self.fetch(faults.is_back_dated, desk.store, clock.id)
        if isinstance(back_dated, Failed):
            return
        fields = [Field("to", "上报给谁", "如：采购人值班室 王科长", 40)]
        if back_dated:
            # Registered late (补录): counted by when it was really reported.
            fields.append(Field("at", "实际上报时间", "YYYY-MM-DD HH:MM，留空为现在", 16))

        def save(values: dict[str, str]) -> None:
            at = _real_time(values.get("at", ""), desk.clock.now())
            faults.mark_reported(desk.store, desk.actor, clock.id, values["to"], at)

        self._form(f"已上报故障：{clock.title}", fields, save, "已记录上报。")

    @work(group="flow", exclusive=True)
    async def action_fault_fixed(self) -> None:
        app = self.app
        desk = self.desk
        open_faults = await self.fetch(faults.unresolved_faults, desk.store)
        if isinstance(open_faults, Failed):
            return
        if not open_faults:
            self.notify("没有未恢复的故障。", markup=False)
            return
        choices = [
            Choice(f"{f.system} {f.description}（{moment(f.detected_at)} 发现）", f)
            for f in open_faults
        ]
        fault = await app.push_screen_wait(ChoiceDialog("哪个故障已恢复？", choices))
        if fault is not None:

            def save(values: dict[str, str]) -> None:
                faults.resolve_fault(desk.store, desk.actor, fault.id, values["resolution"])

            self._form(
                f"故障恢复：{fault.system} {fault.description}",
                [Field("resolution", "如何恢复", "如：厂商重启交换机后恢复", 60)],
                save,
                "故障已恢复，受影响座位恢复使用。",
            )

    def action_escalations(self) -> None:
        self.app.push_screen(EscalationsScreen())

    def action_history(self) -> None:
        self.app.push_screen(ClockHistoryScreen())
