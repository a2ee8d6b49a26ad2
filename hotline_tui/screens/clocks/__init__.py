"""Time limits: the open clocks, their month's history, and escalations."""
