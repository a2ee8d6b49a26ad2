"""A work report to a file: an XLSX workbook, or Markdown for printing and mail."""

from __future__ import annotations

from pathlib import Path

from hotline_tui.domain.reports.document import ReportDocument
from hotline_tui.exports.cells import print_ready, save_workbook
from hotline_tui.exports.handover_archive import md
from hotline_tui.model.text import visible

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
    for label, value in _meta(doc, chain_head):
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
    save_workbook(book, path)


def write_report(doc: ReportDocument, path: Path, chain_head: str = "") -> None:
    """By the file's suffix: .xlsx or .md."""
    if path.suffix.lower() == ".xlsx":
        write_xlsx(doc, path, chain_head)
    else:
        write_markdown(doc, path, chain_head)
