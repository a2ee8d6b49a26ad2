"""Shift handovers: the list, the form, the signed record, its items, and which shift change to write."""
