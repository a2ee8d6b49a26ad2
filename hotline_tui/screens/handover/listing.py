"""交接班: every handover, newest first, with filters; the way into writing and signing one."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from hotline_tui.domain.handover.queries import (
    HandoverFilter,
    HandoverRow,
    PageKey,
    count_handovers,
    list_handovers,
)
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.model.permissions import Action
from hotline_tui.model.shifts import describe_day
from hotline_tui.model.staff_row import filter_staff
from hotline_tui.model.states import HandoverStatus
from hotline_tui.model.text import moment
from hotline_tui.screens.handover.chooser import open_handover, start_handover
from hotline_tui.screens.kit.base import DeskScreen


class HandoverTable(DataTable):
    """The list; unsigned handovers are drawn in the warning style so they stand out."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "handover-table--pending",
        "handover-table--draft",
    }
    BINDINGS = [
        Binding("enter", "open", "查看", key_display="Enter", id="handovers.open"),
    ]

    def action_open(self) -> None:
        screen = self.screen
        if isinstance(screen, HandoverListScreen) and screen.loads_done == 0:
            # F3 Enter in one burst: open the top row once the list is there, never nothing.
            screen.open_when_loaded = True
            return
        self.action_select_cursor()


# A page: three months of shift changes. Drawing years of rows on every change from
# another terminal would stall the screen (400 ms for three years); a page costs the
# same however many years are behind it, and every page is reachable.
LIST_LIMIT = 300

COLUMNS = (
    ("日期", 16),
    ("交接", 11),
    ("交班人", 8),
    ("接班人", 8),
    ("状态", 6),
    ("未结待办", 8),
    ("提交", 11),
    ("签收", 11),
)


@dataclass(frozen=True)
class ListData:
    rows: list[HandoverRow]
    counts: dict[str, int]
    filtered: bool


class HandoverListScreen(DeskScreen[ListData]):
    NEEDS = {
        "new": Action.WRITE_HANDOVER,
    }
    HEADER_CONTEXT = "交接班"
    BINDINGS = [
        Binding("n", "new", "写交接班", id="handovers.new"),
        Binding("f", "filters", "筛选", id="handovers.filters"),
        Binding("s", "cycle_shift", "班次", id="handovers.shift"),
        Binding("c", "clear", "清除筛选", id="handovers.clear"),
        Binding("[", "page(-1)", "上一页", id="handovers.newer"),
        Binding("]", "page(1)", "下一页", id="handovers.older"),
        Binding("escape", "back_to_list", "回到列表", key_display="Esc", id="handovers.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[HandoverRow] = []
        self.shift_codes: list[str] = []
        self.shift_filter = ""  # "" is every shift
        # The filters as typed, checked on the UI; names are looked up in the worker.
        self.where = HandoverFilter()
        self.person = ""
        self.open_when_loaded = False  # Enter came before the first rows did
        self.page = 0  # 0 is the newest LIST_LIMIT handovers
        self.pages = 1
        # Where each page visited so far starts (None: the newest).
        self.page_starts: list[PageKey | None] = [None]
        self._filters_shown: tuple[HandoverFilter, str] = (self.where, self.person)

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="handover-filters"):
            yield Static("从", classes="filter-label")
            yield Input(placeholder="YYYY-MM-DD", id="filter-since", max_length=10)
            yield Static("到", classes="filter-label")
            yield Input(placeholder="YYYY-MM-DD", id="filter-until", max_length=10)
            yield Static("人员", classes="filter-label")
            yield Input(placeholder="工号/姓名/拼音", id="filter-person", max_length=12)
            yield Static("内容", classes="filter-label")
            yield Input(placeholder="搜索交接内容", id="filter-text", max_length=40)
        yield Static("", id="handover-summary", markup=False)
        yield HandoverTable(id="handover-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="handover-empty", classes="empty-state", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(HandoverTable)
        for title, width in COLUMNS:
            table.add_column(title, width=width)
        self.shift_codes = [s.code for s in self.desk.shifts]
        table.focus()

    # --- filters ---------------------------------------------------------------------

    def _date(self, input_id: str, name: str) -> date | None:
        value = self.query_one(f"#{input_id}", Input).value.strip()
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(
                f"{name}“{value}”不是有效日期，格式为 YYYY-MM-DD，如 2026-11-30。"
            ) from None

    def _filters(self) -> HandoverFilter:
        since = self._date("filter-since", "开始日期")
        until = self._date("filter-until", "结束日期")
        if since and until and since > until:
            raise ValueError(f"开始日期 {since} 晚于结束日期 {until}。")
        return HandoverFilter(
            since=since,
            until=until,
            shift_code=self.shift_filter or None,
            text=self.query_one("#filter-text", Input).value,
        )

    def _filter_text(self) -> str:
        parts = []
        if self.shift_filter:
            parts.append(
                next(s.name for s in self.desk.shifts if s.code == self.shift_filter) + "交班"
            )
        for input_id in ("filter-since", "filter-until", "filter-person", "filter-text"):
            if self.query_one(f"#{input_id}", Input).value.strip():
                parts.append("已筛选")
                break
        return "（" + "，".join(parts) + "）" if parts else ""

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.reload()
        if not self.query_one("#handover-summary", Static).has_class("error"):
            self.query_one(HandoverTable).focus()

    def action_filters(self) -> None:
        self.query_one("#filter-since", Input).focus()

    def action_back_to_list(self) -> None:
        self.query_one(HandoverTable).focus()

    def action_cycle_shift(self) -> None:
        options = ["", *self.shift_codes]
        self.shift_filter = options[(options.index(self.shift_filter) + 1) % len(options)]
        self.reload()

    def action_clear(self) -> None:
        for field in self.query(Input):
            field.value = ""
        self.shift_filter = ""
        self.reload()
        self.query_one(HandoverTable).focus()

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.focused, Input)
        if action == "back_to_list":
            return typing
        if action == "page" and not typing:
            step = int(str(parameters[0]))
            return 0 <= self.page + step < self.pages
        return not typing

    def action_page(self, step: int) -> None:
        if not 0 <= self.page + step < self.pages or (step > 0 and not self.rows):
            return
        if step > 0:
            del self.page_starts[self.page + 1 :]
            self.page_starts.append(self.rows[-1].key)
        self.page += step
        self.query_one(HandoverTable).move_cursor(row=0)
        super().reload()

    # --- showing -----------------------------------------------------------------------

    def reload(self) -> None:
        summary = self.query_one("#handover-summary", Static)
        try:
            self.where = self._filters()
        except ValueError as exc:
            summary.update(str(exc))
            summary.add_class("error")
            return
        summary.remove_class("error")
        person = self.query_one("#filter-person", Input).value.strip()
        if (self.where, person) != self._filters_shown:
            # Other filters: from the newest again (a change elsewhere keeps the page).
            self.page, self.page_starts = 0, [None]
            self._filters_shown = (self.where, person)
        self.person = person
        super().reload()

    def read(self) -> ListData:
        where, store = self.where, self.desk.store
        if self.person:
            people = list_staff(store, sign_in_only=True, include_left=True)
            ids = frozenset(p.id for p in filter_staff(people, self.person))
            where = replace(where, person_ids=ids)
        return ListData(
            list_handovers(store, where, limit=LIST_LIMIT, after=self.page_starts[self.page]),
            count_handovers(store, where),
            where.active,
        )

    def show(self, data: ListData) -> None:
        table = self.query_one(HandoverTable)
        keep = (
            self.rows[table.cursor_row].id
            if self.rows and table.cursor_row < len(self.rows)
            else None
        )
        self.rows = data.rows
        # Partial: the cursor's and the stripes' backgrounds must still show through.
        pending = table.get_component_rich_style("handover-table--pending", partial=True)
        draft = table.get_component_rich_style("handover-table--draft", partial=True)
        table.clear()
        for row in self.rows:
            style = (
                pending
                if row.status == HandoverStatus.SUBMITTED
                else draft
                if row.status == HandoverStatus.DRAFT
                else ""
            )
            cells = (
                f"{row.day.isoformat()} {describe_day(row.day)[-2:]}",
                f"{row.from_shift}交{row.to_shift}",
                row.author,
                row.signer,
                row.status_name,
                str(row.open_items) if row.open_items else "",
                moment(row.submitted_at),
                moment(row.signed_at),
            )
            table.add_row(*(Text(c, style=style) for c in cells), key=str(row.id))
        if keep is not None:
            index = next((i for i, r in enumerate(self.rows) if r.id == keep), 0)
            table.move_cursor(row=index)
        if self.open_when_loaded:
            self.open_when_loaded = False
            if self.rows:
                self.run_worker(open_handover(self, self.rows[0].id), group="flow", exclusive=True)
        counts = data.counts
        total = sum(counts.values())
        text = (
            f"共 {total} 份{self._filter_text()}：待签收 {counts['submitted']}，"
            f"草稿 {counts['draft']}，已签收 {counts['signed']}"
        )
        self.pages = max(1, -(-total // LIST_LIMIT))
        if self.pages > 1:
            first = self.page * LIST_LIMIT + 1
            text += (
                f"。第 {self.page + 1}/{self.pages} 页（第 {first}–{first + len(self.rows) - 1} 份，"
                "[ 较新，] 较早）"
            )
        self.refresh_bindings()
        self.query_one("#handover-summary", Static).update(text)
        empty = self.query_one("#handover-empty", Static)
        if self.rows:
            empty.update("")
            empty.display = False
        else:
            empty.update(
                "没有符合筛选条件的交接班。按 c 清除筛选。"
                if data.filtered
                else "还没有交接班记录。按 n 开始写本班的交接班。"
            )
            empty.display = True
        self.set_context(f"交接班  {describe_day(self.desk.clock.now().date())}")

    # --- acting --------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        assert event.row_key.value is not None
        self.run_worker(open_handover(self, int(event.row_key.value)), group="flow", exclusive=True)

    @work(group="flow", exclusive=True)
    async def action_new(self) -> None:
        await start_handover(self)
