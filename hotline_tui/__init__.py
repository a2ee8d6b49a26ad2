"""Hotline Duty Desk: the duty chief's terminal for the Xicheng hotline floor."""

__version__ = "0.1.0"
