"""The floor plan: zones, rows of desks and aisles, read from ``floorplan.toml`` (the seats
table is kept in step with it by domain/floor/floorplan.py)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from hotline_tui.errors import DomainError

LABEL_RE = re.compile(r"^[A-Z]\d\d$")
AISLE = "|"


class FloorplanError(DomainError):
    pass


@dataclass(frozen=True)
class Zone:
    letter: str
    name: str
    column: int
    row: int
    # Each row is a tuple of seat labels and AISLE marks; an empty row is a walkway.
    rows: tuple[tuple[str, ...], ...]

    @property
    def labels(self) -> list[str]:
        return [item for row in self.rows for item in row if item != AISLE]


@dataclass(frozen=True)
class Floorplan:
    name: str
    front: str
    zones: tuple[Zone, ...]

    @property
    def labels(self) -> list[str]:
        return [label for zone in self.zones for label in zone.labels]

    @property
    def places(self) -> dict[str, tuple[int, int]]:
        """Each zone letter's place on the floor's grid (column, row): how near zones are."""
        return {zone.letter: (zone.column, zone.row) for zone in self.zones}


def load_floorplan(path: Path) -> Floorplan:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FloorplanError(f"座位平面图文件不存在：{path}") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FloorplanError(f"座位平面图文件无法读取：{path}（{exc}）") from None
    return parse_floorplan(data)


def parse_floorplan(data: dict) -> Floorplan:
    zones: list[Zone] = []
    seen: set[str] = set()
    places: set[tuple[int, int]] = set()
    for i, raw in enumerate(data.get("zones", []), start=1):
        letter = str(raw.get("letter", ""))
        if not re.fullmatch(r"[A-Z]", letter):
            raise FloorplanError(f"平面图第 {i} 个区域的字母“{letter}”应为一个大写字母。")
        place = (int(raw.get("column", 0)), int(raw.get("row", 0)))
        if place in places:
            raise FloorplanError(f"平面图中 {letter} 区与另一区域位置重叠。")
        places.add(place)
        rows: list[tuple[str, ...]] = []
        for text in raw.get("rows", []):
            row: list[str] = []
            for token in str(text).split():
                if token == AISLE:
                    row.append(AISLE)
                    continue
                label = f"{letter}{token}"
                if not LABEL_RE.match(label):
                    raise FloorplanError(f"平面图 {letter} 区的座位号“{token}”应为两位数字。")
                if label in seen:
                    raise FloorplanError(f"平面图中座位 {label} 出现了两次。")
                seen.add(label)
                row.append(label)
            rows.append(tuple(row))
        zones.append(
            Zone(letter, str(raw.get("name", f"{letter}区")), place[0], place[1], tuple(rows))
        )
    if not seen:
        raise FloorplanError("平面图中没有任何座位。")
    return Floorplan(str(data.get("name", "")), str(data.get("front", "")), tuple(zones))
