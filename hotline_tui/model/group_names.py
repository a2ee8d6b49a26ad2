"""Work group names as a sheet writes them: brackets and spaces made one way, and a new
name that is an existing one mistyped told apart from a real new group."""

from __future__ import annotations

from hotline_tui.model.staff_row import pinyin_keys

# Half-width brackets and any space become the floor's own form: 专业坐席（医保）.
_ONE_WAY = str.maketrans({"(": "（", ")": "）", " ": "", "\u3000": "", "\t": ""})


def normalised(name: str) -> str:
    return name.strip().translate(_ONE_WAY)


def _one_edit_apart(a: str, b: str) -> bool:
    """One character changed, added or taken away (综合座席 / 综合坐席)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def looks_like(name: str, existing: list[str]) -> str | None:
    """The existing group a new name most likely means: one character away, or read
    the same in pinyin; None when it is a new name of its own."""
    sound = pinyin_keys(name)[1]
    for group in existing:
        if _one_edit_apart(name, group) or (sound and pinyin_keys(group)[1] == sound):
            return group
    return None
