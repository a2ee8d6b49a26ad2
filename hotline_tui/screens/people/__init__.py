"""People: the staff list, the groups, a person's record."""
