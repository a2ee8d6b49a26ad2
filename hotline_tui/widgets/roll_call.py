"""Roll calls as a table; a key a status marks the highlighted person.

``RollCall`` is the attendance board of one shift, used by the attendance screen and
as the morning meeting's roll call: both mark the same attendance rows, so there is
one truth. A training session's roll call (screens/training.py) is the same table
with the training's marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Protocol

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from hotline_tui.domain.attendance.board import Board, BoardRow
from hotline_tui.model.text import moment, visible
from hotline_tui.model.vocab import ATTENDANCE_STATUSES


class RollRow(Protocol):
    """One person on a roll call: the attendance board's row, or a training's."""

    @property
    def staff_no(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def arrived(self) -> bool: ...


class RollTable(DataTable):
    """A roll call: one row a person, a number key marks the highlighted one, and a key
    marks everyone not yet marked as there. The subclasses name the marks and columns."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "roll-call--absent",
        "roll-call--unmarked",
    }
    COLUMNS: ClassVar[tuple[tuple[str, int], ...]] = ()

    # Handled as on_roll_call_mark / on_roll_call_rest_present, whichever roll call sent it.
    class Mark(Message, namespace="roll_call"):
        def __init__(self, staff_no: str, name: str, status: str) -> None:
            super().__init__()
            self.staff_no, self.name, self.status = staff_no, name, status

    class RestPresent(Message, namespace="roll_call"):
        """Everyone not marked yet is present."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.people: Sequence[RollRow] = ()

    def on_mount(self) -> None:
        for title, width in self.COLUMNS:
            self.add_column(title, width=width)

    def cells(self, row: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def show_rows(self, rows: Sequence[RollRow]) -> None:
        keep = self.cursor_row
        self.people = rows
        absent = self.get_component_rich_style("roll-call--absent", partial=True)
        unmarked = self.get_component_rich_style("roll-call--unmarked", partial=True)
        self.clear()
        for row in rows:
            style = "" if row.arrived else unmarked if not row.status else absent
            self.add_row(*(Text(c, style=style) for c in self.cells(row)), key=row.staff_no)
        if rows:
            self.move_cursor(row=min(keep, len(rows) - 1))

    def action_mark(self, status: str) -> None:
        if not self.people:
            return
        row = self.people[self.cursor_row]
        self.post_message(self.Mark(row.staff_no, row.name, status))

    def action_rest_present(self) -> None:
        self.post_message(self.RestPresent())


def mark_keys(statuses: Sequence[str], prefix: str) -> list[BindingType]:
    """1, 2, … for the marks in order: the order of the statuses is the order of the keys."""
    return [
        Binding(str(n), f"mark('{status}')", status, id=f"{prefix}.{n}")
        for n, status in enumerate(statuses, 1)
    ]


class RollCall(RollTable):
    """The attendance board of one shift: the attendance screen's and the morning meeting's."""

    # 标记: who marked, and when (the time alone on the board's own day): whole on the
    # meeting's half of a 160-column screen.
    COLUMNS = (("工号", 6), ("姓名", 10), ("工作组", 16), ("座位", 4), ("状态", 10), ("标记", 12))
    BINDINGS: ClassVar[list[BindingType]] = [
        *mark_keys(ATTENDANCE_STATUSES, "roll_call"),
        Binding("a", "rest_present", "其余出勤", id="roll_call.rest"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.board: Board | None = None

    def cells(self, row: BoardRow) -> tuple[str, ...]:
        marked = ""
        if row.status:
            day = self.board.day if self.board is not None else None
            marked = f"{visible(row.marked_by)} {moment(row.marked_at, day)}".strip()
        name = visible(row.name) + ("·试" if row.probation else "")  # on probation (试用)
        return (row.staff_no, name, row.group, row.seat, row.status_text, marked)

    def show(self, board: Board) -> None:
        self.board = board
        self.show_rows(board.rows)


def counts(
    rows: Sequence[RollRow], statuses: Sequence[str] = ATTENDANCE_STATUSES, empty: str = "无排班"
) -> str:
    """出勤 40，迟到 2，……，未标记 22: the marks in the order of their keys."""
    tally: dict[str, int] = {}
    for row in rows:
        tally[row.status or "未标记"] = tally.get(row.status or "未标记", 0) + 1
    order = [*statuses, "未标记"]
    return "，".join(f"{s} {tally[s]}" for s in order if s in tally) or empty
