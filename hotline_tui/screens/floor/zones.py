"""座位区: which seats each group uses, and the skill a specialist seat needs, set over
the floor map. The fill from the rota seats each group in its zone (domain/floor/zones.py)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from hotline_tui.domain.floor import zones
from hotline_tui.model.permissions import Action
from hotline_tui.model.seat_plan import Plan
from hotline_tui.model.text import visible
from hotline_tui.model.vocab import SKILLS
from hotline_tui.screens.kit.base import FOCUS_KEYS, DeskScreen
from hotline_tui.screens.kit.dialogs import TextPrompt, open_dialog
from hotline_tui.widgets.seat_layout import build_layout
from hotline_tui.widgets.seat_map import SeatMap


@dataclass(frozen=True)
class ZonesData:
    zones: zones.Zones
    plan: Plan


class ZonesScreen(DeskScreen[ZonesData]):
    NEEDS = {
        "toggle_seat": Action.SEAT_ZONES,
        "letter": Action.SEAT_ZONES,
        "skill": Action.SEAT_ZONES,
    }
    HEADER_CONTEXT = "座位区"
    BINDINGS = [
        *FOCUS_KEYS,
        Binding("space", "toggle_seat", "本座位加入/移出", key_display="空格", id="zones.toggle"),
        Binding("a", "letter(True)", "整区加入", id="zones.add_letter"),
        Binding("d", "letter(False)", "整区移出", id="zones.remove_letter"),
        Binding("k", "skill", "专席技能", id="zones.skill"),
        Binding("escape", "back", "返回", key_display="Esc", id="zones.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: ZonesData | None = None
        self.group: str | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="zones-body"):
            with Vertical(id="zones-side"):
                yield Static("工作组（↑↓ 选择，Tab 到座位图）", classes="section-title")
                yield DataTable(id="zones-groups", cursor_type="row", zebra_stripes=True)
                yield Static("", id="zones-info", markup=False)
            yield SeatMap(build_layout(self.desk.floorplan), id="zones-map")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#zones-groups", DataTable)
        for title, width in (("工作组", 18), ("座位", 5)):
            table.add_column(title, width=width)
        table.focus()

    @property
    def seat_map(self) -> SeatMap:
        return self.query_one(SeatMap)

    def read(self) -> ZonesData:
        found = zones.read_zones(self.desk.store)
        plan = zones.zone_plan(found, self.desk.floorplan.labels, self.desk.shifts[0])
        return ZonesData(found, plan)

    def show(self, data: ZonesData) -> None:
        self.data = data
        table = self.query_one("#zones-groups", DataTable)
        keep = table.cursor_row
        table.clear()
        for name, _order in data.zones.groups:
            seats = len(data.zones.seats_of.get(name, ()))
            table.add_row(visible(name), str(seats) if seats else "未设定", key=name)
        if data.zones.groups:
            table.move_cursor(row=min(keep, len(data.zones.groups) - 1))
            self.group = data.zones.groups[table.cursor_row][0]
        self.seat_map.show_plan(data.plan)
        self._show_info()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.data is not None and event.cursor_row < len(self.data.zones.groups):
            self.group = self.data.zones.groups[event.cursor_row][0]
            self._show_info()

    def on_seat_map_cursor_moved(self, _event: SeatMap.CursorMoved) -> None:
        self._show_info()

    def _show_info(self) -> None:
        if self.data is None:
            return
        z, label = self.data.zones, self.seat_map.cursor
        text = Text()
        if self.group:
            mine = sorted(z.seats_of.get(self.group, ()))
            letters = "、".join(sorted({x[0] for x in mine}))
            text.append(f"\n{self.group}\n", "bold")
            text.append(
                f"  {len(mine)} 个座位（{letters} 区）\n" if mine else "  还没有座位区：按排班排座时无法安排本组。\n"
            )  # fmt: skip
        owners = z.groups_of(label)
        need = z.skill_of.get(label, "")
        text.append(f"\n座位 {label}\n", "bold")
        text.append(f"  属于：{'、'.join(owners) or '无'}\n")
        text.append(f"  需要技能：{need or '不需要'}\n")
        text.append(
            "\n空格 本座位加入/移出所选组；a/d 整区（同字母）加入/移出；k 设定整区需要的技能。"
        )
        self.query_one("#zones-info", Static).update(text)

    def _letter_seats(self) -> list[str]:
        letter = self.seat_map.cursor[0]
        return [label for label in self.desk.floorplan.labels if label[0] == letter]

    def action_toggle_seat(self) -> None:
        if self.data is None or self.group is None:
            return
        label = self.seat_map.cursor
        inside = label in self.data.zones.seats_of.get(self.group, frozenset())
        word = "移出" if inside else "加入"
        self.change(f"{label} 已{word}{self.group}的座位区。", zones.set_zone_seats, self.group,
                    [label], not inside)  # fmt: skip

    def action_letter(self, member: bool) -> None:
        if self.group is None:
            return
        seats = self._letter_seats()
        word = "加入" if member else "移出"
        self.change(lambda n: f"{seats[0][0]} 区 {n} 个座位已{word}{self.group}的座位区。",
                    zones.set_zone_seats, self.group, seats, member)  # fmt: skip

    def action_skill(self) -> None:
        seats = self._letter_seats()
        letter = seats[0][0]

        def set_skill(text: str) -> str:
            skill = "" if text.strip() in ("", "无", "不需要") else text.strip()
            zones.set_seat_skill(self.desk.store, self.desk.actor, seats, skill)
            return skill

        open_dialog(
            self,
            TextPrompt(f"{letter} 区 {len(seats)} 个座位需要的技能", f"{'、'.join(SKILLS)}；写“无”为不需要",
                       "请填写技能，或写“无”。", 4, set_skill),
            lambda skill: f"{letter} 区的座位" + (f"需要{skill}技能。" if skill else "不再需要技能。"),
        )  # fmt: skip

    def action_back(self) -> None:
        self.app.pop_screen()
