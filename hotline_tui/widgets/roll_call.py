"""The attendance board of one shift as a table; a key a status marks the highlighted person.

Used by the attendance screen and as the morning meeting's roll call: both
mark the same attendance rows, so there is one truth.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from hotline_tui.db.tables import ATTENDANCE_STATUSES
from hotline_tui.domain.attendance.board import Board
from hotline_tui.domain.text import moment, visible

# 1 出勤 … 9 旷工: the order of the statuses is the order of the keys.
STATUS_KEYS = {str(n): status for n, status in enumerate(ATTENDANCE_STATUSES, 1)}


class RollCall(DataTable):
    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "roll-call--absent",
        "roll-call--unmarked",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"mark('{status}')", status, id=f"roll_call.{key}")
            for key, status in STATUS_KEYS.items()
        ),
        Binding("a", "rest_present", "其余出勤", id="roll_call.rest"),
    ]

    class Mark(Message):
        def __init__(self, staff_no: str, name: str, status: str) -> None:
            super().__init__()
            self.staff_no, self.name, self.status = staff_no, name, status

    class RestPresent(Message):
        """Everyone not marked yet is present."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.board: Board | None = None

    def on_mount(self) -> None:
        for title, width in (
            ("工号", 6),
            ("姓名", 10),
            ("工作组", 16),
            ("座位", 5),
            ("状态", 10),
            ("标记", 18),
        ):
            self.add_column(title, width=width)

    def show(self, board: Board) -> None:
        keep = self.cursor_row
        self.board = board
        absent = self.get_component_rich_style("roll-call--absent", partial=True)
        unmarked = self.get_component_rich_style("roll-call--unmarked", partial=True)
        self.clear()
        for row in board.rows:
            style = "" if row.arrived else unmarked if not row.status else absent
            marked = f"{visible(row.marked_by)} {moment(row.marked_at)}" if row.status else ""
            name = visible(row.name) + ("·试" if row.probation else "")  # on probation (试用)
            cells = (row.staff_no, name, row.group, row.seat, row.status_text, marked)
            self.add_row(*(Text(c, style=style) for c in cells), key=row.staff_no)
        if board.rows:
            self.move_cursor(row=min(keep, len(board.rows) - 1))

    def action_mark(self, status: str) -> None:
        if self.board is None or not self.board.rows:
            return
        row = self.board.rows[self.cursor_row]
        self.post_message(self.Mark(row.staff_no, row.name, status))

    def action_rest_present(self) -> None:
        self.post_message(self.RestPresent())


def counts(board: Board) -> str:
    """出勤 40，迟到 2，……，未标记 22"""
    tally: dict[str, int] = {}
    for row in board.rows:
        tally[row.status or "未标记"] = tally.get(row.status or "未标记", 0) + 1
    order = [*ATTENDANCE_STATUSES, "未标记"]
    return "，".join(f"{s} {tally[s]}" for s in order if s in tally) or "无排班"
