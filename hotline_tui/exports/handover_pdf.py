"""The handover archive as PDF (ReportLab), from the same outline as the Markdown and
the HTML. Chinese is set in STSong-Light, one of the CID fonts every PDF reader has
or substitutes: no font file is needed here and nothing is fetched."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from hotline_tui.db.store import Store
from hotline_tui.exports.handover_archive import TITLE, Block, outline
from hotline_tui.model.shifts import Shift
from hotline_tui.model.text import visible

FONT = "STSong-Light"


def _text(block: Block) -> str:
    # ReportLab's paragraphs read a little XML: every text is escaped, user text first
    # made visible (no control characters), line breaks kept.
    return "".join(
        escape(visible(text) if user else text).replace("\n", "<br/>") for text, user in block.parts
    )


def export_pdf(
    store: Store, shifts: list[Shift], since: date, until: date, now_text: str, path: Path
) -> int:
    """Write the archive to ``path`` (A4, each handover from a new page, numbered pages);
    returns how many handovers it holds."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = ParagraphStyle("base", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK")
    styles = {
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=24, alignment=1),
        "heading": ParagraphStyle("heading", parent=base, fontSize=13, leading=20, spaceBefore=4,
                                  spaceAfter=6),
        "subheading": ParagraphStyle("subheading", parent=base, fontSize=11, leading=18,
                                     spaceBefore=8),
        "paragraph": base,
        "meta": ParagraphStyle("meta", parent=base, fontSize=9.5, leftIndent=8),
        "code": ParagraphStyle("code", parent=base, fontSize=8, leftIndent=8),
        "warning": ParagraphStyle("warning", parent=base, leftIndent=8),
        "item": ParagraphStyle("item", parent=base, leftIndent=14, bulletIndent=4),
    }  # fmt: skip
    head, handovers = outline(store, shifts, since, until, now_text)
    period = f"{since.isoformat()} 至 {until.isoformat()}"

    def page(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        width, height = A4
        canvas.drawCentredString(width / 2, height - 12 * mm, f"{TITLE}  {period}")
        canvas.drawCentredString(width / 2, 10 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    story: list[object] = [Paragraph(escape(TITLE), styles["title"])]
    story += [Paragraph(_text(block), styles["meta"]) for block in head]
    for n, blocks in enumerate(handovers):
        if n:
            story.append(PageBreak())  # each handover from a new page, the first under the title
        pending: list[object] = []
        for block in blocks:
            bullet = "•" if block.kind == "item" else None
            paragraph = Paragraph(_text(block), styles[block.kind], bulletText=bullet)
            if block.kind in ("heading", "subheading"):
                pending.append(paragraph)  # a heading stays with what follows it
                continue
            story.append(KeepTogether([*pending, paragraph]) if pending else paragraph)
            pending = []
        story += pending
    doc = SimpleDocTemplate(
        str(path), pagesize=A4, title=f"{TITLE} {period}", leftMargin=18 * mm,
        rightMargin=18 * mm, topMargin=20 * mm, bottomMargin=18 * mm,
    )  # fmt: skip
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return len(handovers)
