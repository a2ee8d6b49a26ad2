"""Who is at the terminal: chosen from the staff who may sign in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from hotline_tui.domain.people.roster import StaffRow, list_staff, nobody_yet
from hotline_tui.domain.shifts import describe_day
from hotline_tui.screens.base import DeskScreen
from hotline_tui.widgets.staff_finder import StaffFinder


class SignInScreen(DeskScreen[list[StaffRow] | None]):
    HEADER_CONTEXT = "登录"

    def on_mount(self) -> None:
        super().on_mount()
        self.set_context(f"登录  {describe_day(self.app.clock.now().date())}")

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Vertical(id="sign-in"):
            yield Static("请选择您的身份", classes="dialog-title")
            yield Static(
                "值班长、班长、运营主管和项目经理可以登录。\n登录后的每一次修改都记在您的名下。",
                classes="dialog-body",
            )
            # The people arrive from a worker; typing (and Enter) may start before they do.
            yield StaffFinder(
                None,
                placeholder="输入工号、姓名或拼音首字母筛选（如 zs 找张三）",
                empty_text="没有符合的人员，请修改筛选条件。",
            )
            yield Static(
                "数据库中还没有可以登录的人员（值班长、班长、运营主管或项目经理）。\n"
                "请项目经理用 hotline-tui import-staff 导入人员名单；"
                "运行 hotline-tui demo 可以用演示数据体验。",
                id="sign-in-nobody",
                classes="empty-state",
            )
        yield from self.compose_footer()

    def read(self) -> list[StaffRow] | None:
        """The people who may sign in; None on a new database with nobody at all."""
        if nobody_yet(self.app.store):
            return None
        return list_staff(self.app.store, sign_in_only=True)

    def show(self, data: list[StaffRow] | None) -> None:
        if data is None:
            from hotline_tui.screens.first_run import FirstRunScreen

            self.app.switch_screen(FirstRunScreen())
            return
        finder = self.query_one(StaffFinder)
        finder.display = bool(data)
        self.query_one("#sign-in-nobody").display = not data
        finder.set_people(data)

    def on_staff_finder_chosen(self, event: StaffFinder.Chosen) -> None:
        self.app.sign_in(event.person)
