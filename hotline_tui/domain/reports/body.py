"""What a report holds: its sections of text and its tables of figures, frozen together
as one JSON text on submission (the digest covers both)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from hotline_tui.domain.reports.day import Section
from hotline_tui.model.report_table import FigureTable


@dataclass(frozen=True)
class ReportBody:
    sections: list[Section]
    tables: list[FigureTable] = field(default_factory=list)

    def to_json(self) -> str:
        """A list: each section, then each table under its own key (a report submitted
        before the tables existed is a list of sections alone, and reads the same)."""
        entries: list[dict[str, Any]] = [s.as_json() for s in self.sections]
        entries += [{"table": t.as_json()} for t in self.tables]
        return json.dumps(entries, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ReportBody:
        sections, tables = [], []
        for entry in json.loads(text):
            if "table" in entry:
                tables.append(FigureTable.from_json(entry["table"]))
            else:
                sections.append(Section(entry["title"], tuple(entry["lines"])))
        return cls(sections, tables)
