"""开通清单: what a new floor still lacks, line by line, each saying what to press
(domain/setup_checklist.py). Opened for a manager at sign-in while something that
matters is open, and from F8 with o."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from hotline_tui.domain.setup_checklist import CheckItem, setup_checklist
from hotline_tui.model.text import visible
from hotline_tui.screens.kit.base import DeskScreen


class SetupChecklistScreen(DeskScreen[list[CheckItem]]):
    HEADER_CONTEXT = "开通清单"
    BINDINGS = [
        Binding("r", "refresh", "重新检查", id="checklist.refresh"),
        Binding("escape", "back", "返回", key_display="Esc", id="checklist.back"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="checklist-summary", markup=False)
        with VerticalScroll(id="checklist-body"):
            yield Static("", id="checklist-items")
        yield from self.compose_footer()

    def read(self) -> list[CheckItem]:
        desk = self.desk
        return setup_checklist(desk.store, desk.settings.backup_folder, desk.clock.now())

    items: list[CheckItem] = []  # as last shown

    def show(self, data: list[CheckItem]) -> None:
        self.items = data
        done = sum(item.done for item in data)
        summary = (
            f"{len(data)} 项都已完成：可以开始用值班台排班、排座、交接班。"
            if done == len(data)
            else f"{len(data)} 项中已完成 {done} 项。每一项都按数据自动检查，完成后按 r 重新检查。"
        )
        self.query_one("#checklist-summary", Static).update(summary)
        parts: list[RenderableType] = []
        # What is still to do first: on a small terminal it is what fits.
        for item in sorted(data, key=lambda item: item.done):
            # A mark and a word, not colour alone: a 16-colour terminal shows both.
            mark, style = ("✓ 已完成", "green") if item.done else ("✗ 未完成", "bold red")
            head = Text()
            head.append(f"{mark}  ", style=style)
            head.append(item.name, style="bold")
            body = Text(visible(item.text))
            if not item.done and item.todo:
                body.append(f"\n→ {item.todo}", style="yellow")
            # Indented as a block, so that a wrapped line keeps its place on 80 columns.
            parts += [head, Padding(body, (0, 0, 1, 4))]
        self.query_one("#checklist-items", Static).update(Group(*parts))

    def action_refresh(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
