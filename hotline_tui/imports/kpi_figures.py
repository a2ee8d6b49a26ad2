"""A CSV of 月份,项目,数值 rows of outside figures, imported all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hotline_tui.db.store import Store
from hotline_tui.domain.indicators.figures import figures, parse_figures, save_figures
from hotline_tui.errors import DomainError
from hotline_tui.imports.tabular import read_rows
from hotline_tui.model.indicators import FIGURES
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.staff_row import StaffRow


def import_figures(store: Store, actor: StaffRow | None, path: Path) -> int:
    """A CSV of 月份,项目,数值 rows; all of it or nothing. Returns how many months."""
    require(actor, Action.OUTSIDE_FIGURES)  # told before the file is read
    if path.suffix.lower() != ".csv":
        raise DomainError(
            f"外部数据请用 CSV 文件（月份,项目,数值），而不是“{path.suffix or path.name}”。"
        )
    rows = [(n, cells) for n, cells in read_rows(path) if any(cells)]
    if not rows or [c.strip() for c in rows[0][1][:3]] != ["月份", "项目", "数值"]:
        raise DomainError("第 1 行应为表头“月份,项目,数值”。")
    by_name = {name: key for key, name in FIGURES}
    problems: list[str] = []
    months: dict[date, dict[str, str]] = {}
    for n, cells in rows[1:]:
        cells = (cells + ["", "", ""])[:3]
        month_text, name, value = cells
        try:
            year, mon = (int(x) for x in month_text.split("-"))
            month = date(year, mon, 1)
        except ValueError:
            problems.append(f"第 {n} 行：月份“{month_text}”无效，应为 YYYY-MM")
            continue
        if name not in by_name:
            problems.append(f"第 {n} 行：没有“{name}”这一项")
            continue
        if by_name[name] in months.setdefault(month, {}):
            problems.append(f"第 {n} 行：{month_text} 的“{name}”重复")
            continue
        months[month][by_name[name]] = value
    checked = {}
    for month, raw in months.items():
        current = {k: str(v.value) for k, v in figures(store, [month])[month].items()}
        try:
            checked[month] = parse_figures({**current, **raw})
        except DomainError as exc:
            problems.append(f"{month:%Y-%m}：{exc.message}")
    if problems:
        raise DomainError(f"文件有 {len(problems)} 处问题，未导入：\n" + "\n".join(problems[:30]))
    for month, values in checked.items():
        save_figures(store, actor, month, values)
    return len(checked)
