"""个人档案: one person's record, opened from 人员 or from a seat on the plan."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from hotline_tui.domain.dossier import Dossier, dossier
from hotline_tui.model.percent import fraction_percent
from hotline_tui.model.text import moment, visible
from hotline_tui.screens.kit.base import DeskScreen


def dossier_text(d: Dossier) -> Text:
    p = d.person
    text = Text()

    def heading(title: str) -> None:
        text.append(f"\n{title}\n", style="bold")

    text.append(f"{visible(p.name)}（{p.staff_no}）", style="bold")
    text.append(f"  {p.group or '无组'}  {p.post}  {p.status}")
    text.append(
        f"  入职 {p.hire_date or '未填'}" + (f"  离职 {p.left_on}" if p.left_on else "") + "\n"
    )
    if len(d.status_history) > 1:  # one span says nothing the line above does not
        spans = " → ".join(f"{s.status}（{s.since_text}）" for s in d.status_history)
        text.append(f"  状态变动：{spans}\n")
    heading(f"本月考勤（{d.month:%Y-%m}）")
    if d.scheduled:
        rate = fraction_percent(d.arrived, d.scheduled)
        text.append(f"  排班 {d.scheduled} 次，到岗 {d.arrived} 次（{rate}）\n")
        text.append("  " + "、".join(f"{status} {n}" for status, n in d.statuses) + "\n")
    else:
        text.append("  本月还没有计入的排班。\n")
    heading("质检（近六个月）")
    for month, checked, passed in d.qc_months:
        shown = (
            f"{passed}/{checked} 合格（{fraction_percent(passed, checked)}）"
            if checked
            else "无记录"
        )
        text.append(f"  {month:%Y-%m}  {shown}\n")
    if d.qc_failed:
        text.append("  最近不合格的通话：\n")
        for at, score, missed, errors in d.qc_failed:
            text.append(f"    {moment(at)}  {score} 分  未达标：{missed or '无'}  {errors}\n")
    heading("考试与业务测试")
    if d.exams:
        for day, title, score, passed in d.exams:
            mark = "及格" if passed else "不及格"
            text.append(f"  {day}  {visible(title)}  {score} 分  ", style="")
            text.append(mark + "\n", style="" if passed else "bold red")
    else:
        text.append("  没有考试成绩。\n")
    attended, held = d.trainings_attended
    heading(f"培训（近十二个月：应参加 {held} 次，出席 {attended} 次）")
    if d.trainings:
        for t in d.trainings:
            mark = t.status or ("未点名" if d.today is None or t.day <= d.today else "待举行")
            text.append(f"  {t.day}  {visible(t.topic)}  {visible(t.trainer)}  ")
            text.append(mark + "\n", style="bold red" if t.status == "缺席" else "")
    else:
        text.append("  没有培训记录。\n")
    heading("撤换要求")
    if d.replacements:
        for at, reason, answer in d.replacements:
            text.append(
                f"  {moment(at)}  {visible(reason)}  {('答复：' + visible(answer)) if answer else '待答复'}\n"
            )
    else:
        text.append("  无\n")
    return text


class DossierScreen(DeskScreen[Dossier]):
    HEADER_CONTEXT = "个人档案"
    BINDINGS = [Binding("escape", "back", "返回", key_display="Esc", id="dossier.back")]

    def __init__(self, staff_no: str) -> None:
        super().__init__()
        self.staff_no = staff_no
        self.data: Dossier | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(id="dossier-scroll"):
            yield Static("正在读取……", id="dossier-body", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#dossier-scroll").focus()

    def read(self) -> Dossier:
        desk = self.desk
        return dossier(desk.store, self.staff_no, desk.clock.now(), desk.arrival_rule)

    def show(self, data: Dossier) -> None:
        self.data = data
        self.query_one("#dossier-body", Static).update(dossier_text(data))
        self.set_context(f"个人档案  {data.person.name}（{data.person.staff_no}）")

    def action_back(self) -> None:
        self.app.pop_screen()
