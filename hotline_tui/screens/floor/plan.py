"""坐席图: the seat plan of one date and shift over the 94-seat floor.

The seating rules are imported where they are used: the floor is drawn before the
ORM is loaded (see ``HotlineApp``), and its first plan read loads it.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Size
from textual.widgets import Static

from hotline_tui.domain.attendance.rota import rota_placing
from hotline_tui.domain.floor import fill, seating
from hotline_tui.domain.quality.exams import untested
from hotline_tui.model.permissions import Action
from hotline_tui.model.seat_plan import Plan, SeatView
from hotline_tui.model.shifts import Shift, current_shift, describe_day
from hotline_tui.model.text import visible
from hotline_tui.screens.floor.fill import FillScreen
from hotline_tui.screens.floor.zones import ZonesScreen
from hotline_tui.screens.kit.base import DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import (
    Choice,
    ChoiceDialog,
    Confirm,
    InfoDialog,
    StaffPicker,
    TextPrompt,
    open_dialog,
)
from hotline_tui.screens.people.dossier import DossierScreen
from hotline_tui.widgets.plan_panel import PlanPanel, plan_line, plan_summary
from hotline_tui.widgets.seat_layout import build_layout
from hotline_tui.widgets.seat_map import SeatMap

NARROW = 100  # columns: below, the side panel folds into one line


class FloorScreen(DeskScreen[Plan]):
    NEEDS = {
        "assign": Action.PLAN_SEATS,
        "unseat": Action.PLAN_SEATS,
        "move": Action.PLAN_SEATS,
        "toggle_service": Action.SEAT_SERVICE,
        "copy_previous": Action.PLAN_SEATS,
        "fill": Action.PLAN_SEATS,
        "reconcile": Action.PLAN_SEATS,
    }
    BINDINGS = [
        Binding("enter", "assign", "安排", key_display="Enter", id="floor.assign"),
        Binding("d", "unseat", "取消安排", id="floor.unseat"),
        Binding("m", "move", "移动/交换", id="floor.move"),
        Binding("o", "toggle_service", "停用/恢复", id="floor.service"),
        Binding("f", "fill", "按排班排座", id="floor.fill"),
        Binding("y", "reconcile", "核对排班", id="floor.reconcile"),
        Binding("y", "why_not('reconcile')", "", show=False),
        Binding("c", "copy_previous", "复制前一天同班", id="floor.copy"),
        Binding("z", "zones", "座位区", id="floor.zones"),
        Binding("p", "shift_day(-1)", "前一天", id="floor.prev_day"),
        Binding("n", "shift_day(1)", "后一天", id="floor.next_day"),
        Binding("s", "next_shift", "切换班次", id="floor.next_shift"),
        Binding("t", "today", "回到当班", id="floor.today"),
        Binding("v", "dossier", "个人档案", id="floor.dossier"),
        Binding("escape", "cancel_move", "取消移动", key_display="Esc", id="floor.cancel_move"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shifts: list[Shift] = []
        self.day: date | None = None
        self.shift: Shift | None = None
        self.plan: Plan | None = None
        self.moving: str | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="floor-body"):
            yield SeatMap(build_layout(self.desk.floorplan), id="seat-map")
            with VerticalScroll(id="plan-side"):
                yield PlanPanel(id="plan-panel")
        # Below 100 columns the side panel gives its room to the map: one line says
        # the occupancy and the seat under the cursor instead.
        yield Static("", id="plan-line", markup=False)
        yield from self.compose_footer()

    def size_classes(self, size: Size) -> dict[str, bool]:
        return {"-narrow": size.width < NARROW}

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(SeatMap).focus()
        # The first plan is loaded by DeskScreen.on_screen_resume, which follows mount.

    # --- showing ----------------------------------------------------------------

    @property
    def seat_map(self) -> SeatMap:
        return self.query_one(SeatMap)

    def ready(self) -> bool:
        if self.shift is None and self.desk.shifts:  # the shifts come with the store
            self.shifts = self.desk.shifts
            self.day, self.shift = current_shift(self.shifts, self.desk.clock.now())
        return self.shift is not None and self.day is not None

    def read(self) -> Plan:
        assert self.day is not None and self.shift is not None
        return seating.plan_for(self.desk.store, self.day, self.shift)

    def show(self, data: Plan) -> None:
        self.plan = data
        self.seat_map.show_plan(data)
        self.set_context(f"坐席图  {describe_day(data.day)}  {data.shift.name} {data.shift.hours}")
        self._show_panel()

    def _show_panel(self) -> None:
        if self.plan is None:
            return
        total = len(self.desk.floorplan.labels)
        text = plan_summary(self.plan, self.seat_map.cursor, total, self.seat_map.group_style)
        self.query_one(PlanPanel).update(text)
        self.query_one("#plan-line", Static).update(
            plan_line(self.plan, self.seat_map.cursor, total)
        )

    def on_seat_map_cursor_moved(self, _event: SeatMap.CursorMoved) -> None:
        self._show_panel()

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_move":
            return self.moving is not None
        if action == "reconcile":
            return True if self.plan is not None and self.plan.disagrees else None
        return True

    def why_not(self, action: str) -> str | None:
        if action == "reconcile":
            return "本班座位与排班一致，没有需要核对的。"
        return None

    # --- changing -----------------------------------------------------------------

    @property
    def cursor_seat(self) -> SeatView | None:
        return self.plan.seats.get(self.seat_map.cursor) if self.plan else None

    @work(group="flow", exclusive=True)
    async def action_assign(self) -> None:
        if self.moving:
            self.action_move()
            return
        seat = self.cursor_seat
        if seat is None or self.plan is None:
            return
        if seat.out_of_service:
            self.notify(
                f"座位 {seat.label} 已停用（{seat.out_reason}），按 o 恢复后才能安排。",
                severity="warning",
                markup=False,
            )
            return
        if seat.occupied:
            self.notify(
                f"座位 {seat.label} 已由 {seat.name}（{seat.staff_no}）使用。按 d 取消安排，或按 m 移动/交换。",
                severity="warning",
                markup=False,
            )
            return
        day, shift, label = self.plan.day, self.plan.shift, seat.label
        store = self.desk.store
        found = await self.fetch(seating.seat_candidates, store, day, shift)
        if isinstance(found, Failed):
            return
        people, on_rota = found
        notes = {p.id: "不在本班排班" for p in people if p.id not in on_rota}
        # A seat whose zone needs the business test of a policy now live: who has not passed.
        # Imported here: the floor is the first frame, drawn before the ORM is loaded.

        lacking = await self.fetch(untested, store, label[0], day, [p.id for p in people])
        if isinstance(lacking, Failed):
            return
        for person_id, topics in lacking.items():
            note = "未通过业务测试：" + "、".join(topics)
            notes[person_id] = f"{notes[person_id]}；{note}" if person_id in notes else note
        waiting = sum(1 for p in people if p.id in on_rota)
        rota = f"本班排班还没有座位的 {waiting} 人在前" if waiting else "本班排班的人都已有座位"
        title = f"安排座位 {label}（{describe_day(day)} {shift.name}：{rota}）"
        person = await self.app.push_screen_wait(StaffPicker(title, people, notes))
        if person is None:
            return
        placing = await self.fetch(rota_placing, store, day, shift, person.id)
        if isinstance(placing, Failed):
            return
        schedule = False
        if not placing.on_rota:
            # Not on this shift's rota: the arrival rate counts the rota, so ask.
            question = f"{person.name} 不在 {describe_day(day)} {shift.name}的排班中"
            choices = [Choice("只安排座位，不改排班", False)]
            if placing.elsewhere:
                question += f"（当天排的是{placing.elsewhere}）"
            else:
                choices.insert(0, Choice("加入本班排班，并安排座位", True))
            answer = await self.app.push_screen_wait(ChoiceDialog(question, choices))
            if answer is None:
                return
            schedule = answer
        self.change(
            f"已把 {person.name} 安排到 {label}" + ("，并加入排班。" if schedule else "。"),
            seating.assign,
            day,
            shift,
            label,
            person.staff_no,
            schedule=schedule,
        )

    def action_fill(self) -> None:
        if self.plan is not None:
            self.app.push_screen(FillScreen(self.plan.day, self.plan.shift))

    def action_zones(self) -> None:
        self.app.push_screen(ZonesScreen())

    @work(group="flow", exclusive=True)
    async def action_reconcile(self) -> None:
        """Where the plan and the rota disagree: take a seat back, or seat someone who
        arrived, by the fill's own rules."""

        plan = self.plan
        if plan is None or not plan.disagrees:
            self.notify("座位安排与排班一致。", markup=False)
            return
        choices = [
            Choice(f"{label} {plan.seats[label].name}：不在本班排班 —— 取消其座位", ("off", label))
            for label in plan.off_rota
        ] + [
            Choice(f"{p.name}（{p.staff_no}）：已到岗无座位 —— 按本组座位区安排", ("seat", p.staff_no))
            for p in plan.unseated
        ] + [
            Choice(f"{label} {plan.seats[label].name}：已标记{mark} —— 取消其座位", ("off", label))
            for label, mark in plan.away.items()
        ]  # fmt: skip
        answer = await self.app.push_screen_wait(ChoiceDialog("与排班不符：处理哪一项？", choices))
        if answer is None:
            return
        kind, key = answer
        if kind == "off":
            view = plan.seats[key]
            self.change(f"已取消 {view.name} 在 {key} 的安排。", seating.unseat, plan.day,
                        plan.shift, key, expect=view.staff_id)  # fmt: skip
            return
        preview = await self.fetch(
            fill.preview_fill, self.desk.store, plan.day, plan.shift, self.desk.floorplan.places
        )
        if isinstance(preview, Failed):
            return
        mine = preview.only(key)
        if not mine.placements:
            reason = next((s.reason for s in preview.standing if s.staff_no == key), "没有空位")
            self.refuse(f"无法按排班安排：{reason}。可在空位上按 Enter 手动安排。")
            return
        self.change(f"已把 {mine.placements[0].name} 安排到 {mine.placements[0].label}。",
                    fill.apply_fill, mine)  # fmt: skip

    def action_dossier(self) -> None:
        seat = self.cursor_seat
        if seat is None or not seat.occupied:
            self.notify("这个座位是空的：选一个有人的座位看个人档案。", markup=False)
            return
        self.app.push_screen(DossierScreen(seat.staff_no))

    def action_unseat(self) -> None:
        seat = self.cursor_seat
        if seat is None or self.plan is None:
            return
        if not seat.occupied:
            self.notify(f"座位 {seat.label} 是空的。", severity="warning", markup=False)
            return
        self.change(
            lambda name: f"已取消 {name} 在 {seat.label} 的安排。",
            seating.unseat,
            self.plan.day,
            self.plan.shift,
            seat.label,
            expect=seat.staff_id,
        )

    def action_move(self) -> None:
        seat = self.cursor_seat
        if seat is None or self.plan is None:
            return
        if self.moving is None:
            if not seat.occupied:
                self.notify(
                    "请把光标放在要移动的人所在的座位上再按 m。", severity="warning", markup=False
                )
                return
            self.moving = seat.label
            self.seat_map.set_marked(seat.label)
            self.refresh_bindings()
            self.notify(
                f"移动 {seat.name}：选好目标座位后按 m 或 Enter（有人则交换），Esc 取消。",
                markup=False,
            )
            return
        source, self.moving = self.moving, None
        self.seat_map.set_marked(None)
        self.refresh_bindings()
        if source == seat.label:
            self.notify("已取消移动。", markup=False)
            return
        source_view = self.plan.seats.get(source)
        expect = source_view.staff_id if source_view else None
        self.change(
            lambda kind: (
                f"已交换 {source} 和 {seat.label}。"
                if kind == "swap"
                else f"已从 {source} 移到 {seat.label}。"
            ),
            seating.move,
            self.plan.day,
            self.plan.shift,
            source,
            seat.label,
            expect=expect,
        )

    def action_cancel_move(self) -> None:
        if self.moving:
            self.moving = None
            self.seat_map.set_marked(None)
            self.refresh_bindings()
            self.notify("已取消移动。", markup=False)

    def action_toggle_service(self) -> None:
        seat = self.cursor_seat
        if seat is None:
            return
        if seat.out_of_service:
            self.change(f"座位 {seat.label} 已恢复使用。", seating.return_to_service, seat.label)
            return
        if seat.occupied:
            self.notify(
                f"座位 {seat.label} 正由 {seat.name} 使用，请先按 d 取消安排或按 m 移走，再停用。",
                severity="warning",
                markup=False,
            )
            return
        label = seat.label

        def take_out(reason: str) -> str:
            seating.take_out_of_service(
                self.desk.store, self.desk.actor, label, reason, self.shifts
            )
            return reason

        open_dialog(
            self,
            TextPrompt(
                f"停用座位 {label}", "停用原因，如：耳机故障、电脑无法开机", "请填写停用原因。",
                accept=take_out,
            ),
            lambda reason: f"座位 {label} 已停用：{reason}",
        )  # fmt: skip

    @work(group="flow", exclusive=True)
    async def action_copy_previous(self) -> None:
        if self.plan is None:
            return
        day, shift = self.plan.day, self.plan.shift
        source = await self.fetch(seating.previous_plan_day, self.desk.store, day, shift)
        if isinstance(source, Failed):
            return
        if source is None:
            self.notify(
                f"{day.isoformat()} 之前没有{shift.name}的座位安排可以复制。",
                severity="warning",
                markup=False,
            )
            return
        existing = self.plan.occupied
        body = f"把 {describe_day(source)} {shift.name}的座位安排复制到 {describe_day(day)} {shift.name}。"
        if existing:
            body += f"\n本班次现有的 {existing} 个安排将被替换。"
        body += "\n只复制本班排班中的人；已离职、不在本班排班的人和停用的座位会被跳过并列出。"
        if not await self.app.push_screen_wait(Confirm("复制前一天同班的座位安排", body)):
            return
        result = await self.attempt(
            seating.copy_previous, self.desk.store, self.desk.actor, day, shift,
            replace=bool(existing),
        )  # fmt: skip
        self.reload()
        if isinstance(result, Failed):
            return
        message = f"已从 {describe_day(result.source_day)} 复制 {result.copied} 个安排。"
        if not result.skipped:
            self.notify(message, markup=False)
            return
        text = Text(message + f"\n跳过 {len(result.skipped)} 个：\n\n")
        for line in result.skipped:
            text.append(f"  {visible(line)}\n")
        self.app.push_screen(InfoDialog("座位安排已复制", text))

    # --- which plan -----------------------------------------------------------------

    def _show_other(self, day: date, shift: Shift) -> None:
        self.action_cancel_move()
        self.day, self.shift = day, shift
        self.reload()

    def action_shift_day(self, days: int) -> None:
        assert self.day is not None and self.shift is not None
        self._show_other(self.day + timedelta(days=days), self.shift)

    def action_next_shift(self) -> None:
        assert self.day is not None and self.shift is not None
        index = self.shifts.index(self.shift)
        self._show_other(self.day, self.shifts[(index + 1) % len(self.shifts)])

    def action_today(self) -> None:
        self._show_other(*current_shift(self.shifts, self.desk.clock.now()))
