"""Screens: one module a screen of the desk. They call the domain; never SQL, never a rule."""
