"""``export handovers``: the signed handovers of a span of days, as Markdown, HTML or PDF."""

from __future__ import annotations

import argparse

from hotline_tui.clock import clock_from_environment
from hotline_tui.commands.arguments import date_span, output_path
from hotline_tui.commands.common import say_if_reading
from hotline_tui.config import Settings
from hotline_tui.domain.setup import open_existing
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.exports.files import write_whole
from hotline_tui.exports.handover_archive import export_html, export_markdown
from hotline_tui.exports.handover_pdf import export_pdf


def main(args: argparse.Namespace, settings: Settings) -> int:
    since, until = date_span(args.since, args.until)
    path = output_path(args.output)
    clock = clock_from_environment()
    now_text = clock.now().format("YYYY-MM-DD HH:mm")
    store = open_existing(settings, clock)
    try:
        say_if_reading(store)
        shifts = list_shifts(store)
        if path.suffix.lower() == ".pdf":
            count = write_whole(
                path, lambda temp: export_pdf(store, shifts, since, until, now_text, temp)
            )
        else:
            # An .html file prints from any browser; anything else is the Markdown document.
            html = path.suffix.lower() in (".html", ".htm")
            export = export_html if html else export_markdown
            text, count = export(store, shifts, since, until, now_text)
            write_whole(path, lambda temp: temp.write_text(text, encoding="utf-8"))
    finally:
        store.close()
    print(f"已导出 {count} 份已签收的交接班到 {path}")
    return 0
