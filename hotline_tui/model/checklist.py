"""The project's QC checklist: which items a call missed, its score, passed or not."""

from __future__ import annotations

import re

from hotline_tui.config import QcSpec
from hotline_tui.errors import DomainError
from hotline_tui.model.vocab import QC_ERROR_KINDS

ERROR_KINDS = QC_ERROR_KINDS
ANSWER_ERROR = QC_ERROR_KINDS[0]
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def _pick(text: str, names: list[str], what: str) -> list[str]:
    """Names typed as their numbers (1 3) or in full, separated by spaces or 、; in the
    list's own order, each once."""
    chosen: set[str] = set()
    for token in _SEPARATORS.split(text.strip()):
        if not token:
            continue
        if token.isdigit() and 1 <= int(token) <= len(names):
            chosen.add(names[int(token) - 1])
        elif token in names:
            chosen.add(token)
        else:
            listed = "、".join(f"{n} {name}" for n, name in enumerate(names, 1))
            raise DomainError(f"没有“{token}”这个{what}（可写编号或名称：{listed}）。")
    return [name for name in names if name in chosen]


def missed_items(text: str, qc: QcSpec) -> list[str]:
    return _pick(text, [name for name, _ in qc.items], "检查项")


def error_kinds(text: str) -> list[str]:
    return _pick(text, list(ERROR_KINDS), "错误类型")


def score(qc: QcSpec, missed: list[str]) -> tuple[int, bool]:
    """The call's score (the full score less the points of each item missed), and
    whether it reaches the pass score."""
    points = dict(qc.items)
    value = qc.full_score - sum(points[item] for item in missed)
    return value, value >= qc.pass_score
