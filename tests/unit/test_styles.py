"""The stylesheet parses each source once for the same variables, and again for new ones."""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet

from hotline_tui.styles import SteadyStylesheet

CSS = "Static { color: $accent; }"


def _colour(sheet: Stylesheet) -> str:
    (rule,) = sheet.rules
    return str(rule.styles.color)


def test_a_reparse_with_the_same_sources_and_variables_keeps_the_parsed_rules():
    sheet = SteadyStylesheet(variables={"accent": "#ff0000"})
    sheet.add_source(CSS, read_from=("test", ""))
    sheet.parse()
    parsed = sheet.rules[0]
    sheet.set_variables({"accent": "#ff0000"})  # the same again, as Textual does
    sheet.reparse()
    assert sheet.rules[0] is parsed
    sheet.set_variables({"accent": "#00ff00"})  # another theme: parsed again
    sheet.reparse()
    assert sheet.rules[0] is not parsed and _colour(sheet) != str(parsed.styles.color)
    # As Textual's own stylesheet would have it.
    plain = Stylesheet(variables={"accent": "#00ff00"})
    plain.add_source(CSS, read_from=("test", ""))
    plain.parse()
    assert _colour(sheet) == _colour(plain)
