"""The floor: the seat layout and the seat plans."""
