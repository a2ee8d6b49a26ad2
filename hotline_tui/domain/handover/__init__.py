"""Shift handovers (交接班): lifecycle, queries, items, digest, carry-over."""
