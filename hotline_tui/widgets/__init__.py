"""Reusable pieces of the screens; the big ones draw with the line API, one widget each."""
