"""Cells of a spreadsheet the desk writes: user text never becomes a formula."""

from __future__ import annotations

# A cell starting with one of these is a formula, or its start (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value: str) -> str:
    """User or file text as a spreadsheet shows it and never evaluates: a leading
    formula character gets an apostrophe in front, which Excel and WPS hide."""
    return "'" + value if value.startswith(FORMULA_START) else value
