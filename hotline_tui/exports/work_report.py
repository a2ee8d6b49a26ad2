"""A work report to a file: an XLSX workbook (the report as read, then a sheet for each
table of its figures, numbers as numbers), or Markdown for printing and mail (prose)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from hotline_tui.domain.reports.document import ReportDocument
from hotline_tui.exports.cells import DATE_FORMAT, fit_widths, print_ready, save_workbook
from hotline_tui.exports.handover_archive import md
from hotline_tui.model.percent import percent_format
from hotline_tui.model.report_table import FigureTable, Share
from hotline_tui.model.text import visible

if TYPE_CHECKING:
    from openpyxl import Workbook

SUFFIXES = (".xlsx", ".md")


def _meta(doc: ReportDocument, chain_head: str) -> list[tuple[str, str]]:
    """The report's identity; ``chain_head``, the audit chain's head as the file is
    written: on paper, a later `check` that ends before it means rows were cut."""
    rows = [("报告", doc.period.title), ("状态", doc.status)]
    if doc.digest:
        rows.append(("提交摘要（SHA-256）", doc.digest))
    if chain_head:
        head = chain_head.removeprefix("操作记录校验链：")  # the label is the row's own
        rows.append(("操作记录校验链", f"{head}（hotline-tui check 应显示同一条或更新的）"))
    return rows


def _table_sheet(book: Workbook, table: FigureTable, doc: ReportDocument) -> None:
    """A table on a sheet of its own, its header on the first row: a reader sums and
    charts it as it stands. Counts are numbers, days dates, rates numbers cut as the
    text cuts them (90.9 % is 0.909 under "0.0%")."""
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(table.title)
    sheet.append([c.name for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in table.rows:
        sheet.append([_value(v) for v in row])
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=sheet.max_row, column=column)
            if isinstance(value, Share):
                cell.number_format = percent_format(value.decimals)
            elif table.columns[column - 1].kind == "date" and value is not None:
                cell.number_format = DATE_FORMAT
    fit_widths(sheet)
    sheet.freeze_panes = "A2"
    print_ready(sheet, f"运营{doc.period.name} {table.title}", doc.period.label)


def _value(value: Any) -> Any:
    if isinstance(value, Share):
        return value.value  # None (an empty cell) when there is nothing to divide by
    if isinstance(value, str):
        return visible(value)
    return value


def write_markdown(doc: ReportDocument, path: Path, chain_head: str = "") -> None:
    lines = [f"# 西城区政务服务热线 {doc.period.title}", ""]
    lines += [f"- {label}：{md(value)}" for label, value in _meta(doc, chain_head)]
    for section in doc.all_sections():
        lines += ["", f"## {md(section.title)}", ""]
        lines += [
            ("  - " if line.startswith("  ") else "- ") + md(line.strip())
            for line in section.lines
            if line.strip()
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_xlsx(doc: ReportDocument, path: Path, chain_head: str = "") -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = doc.period.name
    sheet.append([f"西城区政务服务热线 {doc.period.title}"])
    sheet["A1"].font = Font(bold=True, size=14)
    meta = _meta(doc, chain_head)
    if doc.tables:
        meta.append(("数据表", "见后面的工作表：" + "、".join(t.title for t in doc.tables)))
    for label, value in meta:
        sheet.append([label, visible(value)])
    for section in doc.all_sections():
        sheet.append([])
        sheet.append([visible(section.title)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for line in section.lines:
            sheet.append(["", visible(line.strip())])
            sheet.cell(row=sheet.max_row, column=2).alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 100
    print_ready(sheet, "运营" + doc.period.name, doc.period.label, title_rows=None)
    sheet.page_setup.orientation = "portrait"
    for table in doc.tables:
        _table_sheet(book, table, doc)
    save_workbook(book, path)


def write_report(doc: ReportDocument, path: Path, chain_head: str = "") -> None:
    """By the file's suffix: .xlsx or .md."""
    if path.suffix.lower() == ".xlsx":
        write_xlsx(doc, path, chain_head)
    else:
        write_markdown(doc, path, chain_head)
