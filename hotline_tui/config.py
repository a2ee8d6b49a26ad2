"""Settings: where the database lives, the shift table and the floor plan file.

Read from a TOML file (``HOTLINE_CONFIG``, else ``config.toml`` in the user's
config directory) and the environment (``HOTLINE_DB``); command-line flags win.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

APP_DIR_NAME = "hotline-tui"


class SettingsError(Exception):
    """A settings file that cannot be used; the message is for the user."""


@dataclass(frozen=True)
class ShiftSpec:
    code: str
    name: str
    start: str  # "HH:MM", Beijing time
    end: str  # "HH:MM"; an end at or before the start means the next day


DEFAULT_SHIFTS: tuple[ShiftSpec, ...] = (
    ShiftSpec("early", "早班", "08:00", "16:30"),
    ShiftSpec("middle", "中班", "12:00", "20:30"),
    ShiftSpec("late", "晚班", "16:00", "24:00"),
)


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME)) / "hotline.db"


def packaged_data_dir() -> Path:
    """`data/` beside the package in a checkout, `hotline_tui/data` in a wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / "floorplan.toml").is_file():
            return candidate
    raise SettingsError("找不到座位平面图文件 data/floorplan.toml，安装可能不完整。")


@dataclass(frozen=True)
class Settings:
    db: str = ""
    shifts: tuple[ShiftSpec, ...] = DEFAULT_SHIFTS
    floorplan: Path | None = None
    poll_seconds: float = 1.0

    @property
    def floorplan_path(self) -> Path:
        return self.floorplan or packaged_data_dir() / "floorplan.toml"

    def with_db(self, db: str | None) -> Settings:
        return replace(self, db=db) if db else self


def _parse_hhmm(value: str, where: str) -> str:
    try:
        hours, minutes = value.split(":")
        h, m = int(hours), int(minutes)
    except (ValueError, AttributeError):
        raise SettingsError(f"{where} 的时间 “{value}” 不是 HH:MM 格式。") from None
    if not (0 <= h <= 24 and 0 <= m < 60) or (h == 24 and m):
        raise SettingsError(f"{where} 的时间 “{value}” 超出范围。")
    return f"{h:02d}:{m:02d}"


def _shifts_from(raw: list) -> tuple[ShiftSpec, ...]:
    shifts = []
    for i, item in enumerate(raw, start=1):
        where = f"配置文件第 {i} 个班次"
        try:
            code, name = str(item["code"]), str(item["name"])
        except (KeyError, TypeError):
            raise SettingsError(f"{where} 缺少 code 或 name。") from None
        shifts.append(
            ShiftSpec(
                code,
                name,
                _parse_hhmm(item.get("start"), where),
                _parse_hhmm(item.get("end"), where),
            )
        )
    if not shifts:
        raise SettingsError("配置文件中的班次表为空。")
    if len({s.code for s in shifts}) != len(shifts):
        raise SettingsError("配置文件中的班次代码重复。")
    return tuple(shifts)


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    config_file = env.get("HOTLINE_CONFIG") or str(
        Path(platformdirs.user_config_dir(APP_DIR_NAME)) / "config.toml"
    )
    data: dict = {}
    path = Path(config_file)
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"无法读取配置文件 {path}：{exc}") from None
    elif env.get("HOTLINE_CONFIG"):
        raise SettingsError(f"配置文件不存在：{path}")
    shifts = _shifts_from(data["shifts"]) if "shifts" in data else DEFAULT_SHIFTS
    floorplan = Path(data["floorplan"]) if data.get("floorplan") else None
    db = env.get("HOTLINE_DB") or data.get("db") or str(default_db_path())
    return Settings(db=db, shifts=shifts, floorplan=floorplan)
