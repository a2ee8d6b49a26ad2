"""Settings: where the database lives, the shift table and the floor plan file.

Read from a TOML file (``HOTLINE_CONFIG``, else ``config.toml`` in the user's
config directory) and the environment (``HOTLINE_DB``); command-line flags win.
"""

from __future__ import annotations

import grp
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

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


def config_file(environ: Mapping[str, str] | None = None) -> Path:
    """The settings file: HOTLINE_CONFIG, else ``config.toml`` in the user's config directory."""
    env = os.environ if environ is None else environ
    if env.get("HOTLINE_CONFIG"):
        return Path(env["HOTLINE_CONFIG"])
    return Path(platformdirs.user_config_dir(APP_DIR_NAME)) / "config.toml"


def default_key_path(environ: Mapping[str, str] | None = None) -> Path:
    """The audit chain's key: HOTLINE_KEY_FILE, else ``chain.key`` beside the settings."""
    env = os.environ if environ is None else environ
    if env.get("HOTLINE_KEY_FILE"):
        return Path(env["HOTLINE_KEY_FILE"])
    if env.get("HOTLINE_CONFIG"):
        return Path(env["HOTLINE_CONFIG"]).parent / "chain.key"
    return Path(platformdirs.user_config_dir(APP_DIR_NAME)) / "chain.key"


def packaged_data_dir() -> Path:
    """`data/` beside the package in a checkout, `hotline_tui/data` in a wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / "floorplan.toml").is_file():
            return candidate
    raise SettingsError("找不到座位平面图文件 data/floorplan.toml，安装可能不完整。")


# Urgent issue categories (时效性问题) and their limits in minutes; the contract says 30.
DEFAULT_URGENT_LIMITS: tuple[tuple[str, int], ...] = (
    ("涉及人身安全", 30),
    ("突发事件", 30),
    ("群体性诉求", 30),
    ("水电气热中断", 30),
    ("其他紧急", 30),
)


DEFAULT_ESCALATION_LIMITS: tuple[tuple[str, int], ...] = (
    ("特急", 30),
    ("紧急", 120),
    ("一般", 1440),
)


@dataclass(frozen=True)
class SlaSpec:
    """Time limits: per urgent category, fault reporting, replacement response."""

    urgent_minutes: tuple[tuple[str, int], ...] = DEFAULT_URGENT_LIMITS
    fault_report_minutes: int = 15
    replacement_workdays: int = 3
    # 请示报告: the reply deadline per urgency, most urgent first.
    escalation_minutes: tuple[tuple[str, int], ...] = DEFAULT_ESCALATION_LIMITS

    def escalation_limit(self, urgency: str) -> int:
        return dict(self.escalation_minutes)[urgency]

    @property
    def urgencies(self) -> list[str]:
        return [name for name, _ in self.escalation_minutes]

    def urgent_limit(self, category: str) -> int:
        return dict(self.urgent_minutes).get(category, 30)

    @property
    def categories(self) -> list[str]:
        return [name for name, _ in self.urgent_minutes]


# 质检制度: the project's checklist, each item with its points (a call meeting every item
# scores their sum, 100), and the score a call must reach to pass.
DEFAULT_QC_ITEMS: tuple[tuple[str, int], ...] = (
    ("开场白与结束语", 10),
    ("身份与诉求核实", 10),
    ("业务解答准确", 40),
    ("转接转办正确", 15),
    ("服务态度与用语", 15),
    ("工单记录完整", 10),
)


@dataclass(frozen=True)
class QcSpec:
    items: tuple[tuple[str, int], ...] = DEFAULT_QC_ITEMS
    pass_score: int = 85

    @property
    def full_score(self) -> int:
        return sum(points for _, points in self.items)


# The phone platform's statistics report (话务数据, imports/traffic_file.py): each field and
# the header it has in the report by default. Platforms name their columns their own
# way: [traffic.columns] maps a header of theirs to one of these fields.
TRAFFIC_FIELDS = {
    "day": "日期",
    "slot": "时段",
    "offered": "人工呼入量",
    "answered": "人工接通量",
    "abandoned": "放弃量",
    "answered_in_time": "N秒内接通量",
    "talk_seconds": "平均通话时长（秒）",
    "wrap_seconds": "平均话后处理（秒）",
    "transfers": "转接量",
    "transfers_ok": "转接及时准确量",
}
TRAFFIC_REQUIRED = ("day", "offered", "answered", "abandoned", "answered_in_time", "talk_seconds")


@dataclass(frozen=True)
class TrafficSpec:
    # The N of "answered within N seconds" (服务水平), as the platform counts it.
    service_seconds: int = 20
    # (header, field): the report's own headers; by default TRAFFIC_FIELDS' with N filled in.
    columns: tuple[tuple[str, str], ...] = ()

    @property
    def headers(self) -> dict[str, str]:
        """Header → field, as a report is read."""
        if self.columns:
            return dict(self.columns)
        return {self.default_header(field): field for field in TRAFFIC_FIELDS}

    def default_header(self, field: str) -> str:
        return TRAFFIC_FIELDS[field].replace("N", str(self.service_seconds))

    def header_of(self, field: str) -> str:
        """The header a field is read from, for a refusal that names a column."""
        return next((h for h, f in self.headers.items() if f == field), self.default_header(field))


def _traffic_from(raw: object) -> TrafficSpec:
    if not isinstance(raw, dict):
        raise SettingsError("配置文件中的 [traffic] 应为一个表。")
    seconds = raw.get("service_seconds", TrafficSpec.service_seconds)
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 1 <= seconds <= 600:
        raise SettingsError(
            f"[traffic] service_seconds（多少秒内接通算及时）应为 1 到 600 之间的整数，而不是“{seconds}”。"
        )
    columns: tuple[tuple[str, str], ...] = ()
    if "columns" in raw:
        table = raw["columns"]
        if not isinstance(table, dict) or not table:
            raise SettingsError(
                "[traffic.columns] 应为“电话平台报表的表头 = 字段”的表，且不能为空。"
            )
        for header, field in table.items():
            if field not in TRAFFIC_FIELDS:
                raise SettingsError(
                    f"[traffic.columns] 表头“{header}”对应的字段“{field}”未知；"
                    f"可用：{'、'.join(TRAFFIC_FIELDS)}。"
                )
        fields = list(table.values())
        twice = sorted({f for f in fields if fields.count(f) > 1})
        if twice:
            raise SettingsError(f"[traffic.columns] 字段 {'、'.join(twice)} 对应了不止一个表头。")
        missing = [f for f in TRAFFIC_REQUIRED if f not in fields]
        if missing:
            raise SettingsError(f"[traffic.columns] 缺少必需的字段：{'、'.join(missing)}。")
        columns = tuple((str(h), str(f)) for h, f in table.items())
    return TrafficSpec(seconds, columns)


def _qc_from(raw: object) -> QcSpec:
    if not isinstance(raw, dict):
        raise SettingsError("配置文件中的 [qc] 应为一个表。")
    items = DEFAULT_QC_ITEMS
    if "items" in raw:
        items = _named_numbers(
            raw["items"], "[qc] items", "检查项 = 分值", "[qc] 检查项“{}”的分值",
            "分值为 0 的检查项未达标也不扣分，不如删去",
        )  # fmt: skip
    full = sum(points for _, points in items)
    pass_score = raw.get("pass_score", QcSpec.pass_score)
    if (
        isinstance(pass_score, bool)
        or not isinstance(pass_score, int)
        or not 0 < pass_score <= full
    ):
        raise SettingsError(
            f"[qc] pass_score（合格分）应为 1 到 {full}（检查项分值之和）之间的整数，而不是“{pass_score}”。"
        )
    return QcSpec(items, pass_score)


HANDOVER_EARLY_MINUTES = 30


@dataclass(frozen=True)
class Settings:
    db: str = ""
    shifts: tuple[ShiftSpec, ...] = DEFAULT_SHIFTS
    floorplan: Path | None = None
    poll_seconds: float = 1.0
    sla: SlaSpec = SlaSpec()
    workdays_file: Path | None = None  # hand-entered State Council dates
    # A signed-in terminal left alone this long locks and asks for the PIN again.
    lock_minutes: int = 10
    # Wrong PINs in a row that lock a person for 15 minutes on every terminal; long
    # before that the terminal typing them slows down (model/pin_rules.WrongTries).
    pin_lock_after: int = 20
    # hotline-tui serve: browser sessions (one desk process each) running at once.
    serve_max_desks: int = 8
    # Exports, backups and the log: the writing account's alone (0600), or also readable
    # by this group's members (0640), e.g. the ops team's (hotline_tui/private_files.py).
    files_group: str = ""
    # 加班管理制度: the most overtime one person may have in a month; None when not set.
    overtime_month_hours: int | None = None
    # 全部出勤 (mark everyone not yet marked) from this many minutes before a shift starts.
    bulk_mark_minutes: int = 15
    # 交接班: submitting earlier than this many minutes before the outgoing shift ends
    # needs a reason, printed on the record.
    handover_early_minutes: int = HANDOVER_EARLY_MINUTES
    # 正式人员到达率: people on probation (试用) count only where the customer says so
    # (domain/attendance/arrival.ArrivalRule takes this flag).
    arrival_counts_probation: bool = False
    # Backups (domain/backups.py): where they go; whether this terminal, the ops PC's,
    # takes them by itself, at what time each day; how many daily and monthly to keep.
    backup_dir: Path | None = None
    backup_here: bool = False
    backup_time: str = "02:00"
    backup_keep_days: int = 14
    backup_keep_months: int = 12
    # 工作汇报制度: a day's report not submitted by this time of the next morning is late.
    report_due: str = "10:00"
    qc: QcSpec = QcSpec()
    traffic: TrafficSpec = TrafficSpec()
    # A still cursor in every field: over a slow SSH link a blinking one is a redraw
    # twice a second; a still one also makes every picture of a screen the same.
    cursor_blink: bool = True

    @property
    def backup_folder(self) -> Path:
        return self.backup_dir or Path(platformdirs.user_data_dir(APP_DIR_NAME)) / "backups"

    @property
    def floorplan_path(self) -> Path:
        return self.floorplan or packaged_data_dir() / "floorplan.toml"

    @property
    def workdays_paths(self) -> tuple[Path, ...]:
        """The packaged workday file, then the office's (its years win): the office's
        lives with the settings, so an upgrade of the package never takes it away."""
        packaged = packaged_data_dir() / "workdays.toml"
        return (packaged, self.workdays_file) if self.workdays_file else (packaged,)

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
        start, end = _parse_hhmm(item.get("start"), where), _parse_hhmm(item.get("end"), where)
        if start == end or {start, end} == {"00:00", "24:00"}:
            raise SettingsError(
                f"{where}（{name}）的开始和结束都是 {start}：一个班次不能长达一整天。"
            )
        shifts.append(ShiftSpec(code, name, start, end))
    if not shifts:
        raise SettingsError("配置文件中的班次表为空。")
    if len({s.code for s in shifts}) != len(shifts):
        raise SettingsError("配置文件中的班次代码重复。")
    if len({s.name for s in shifts}) != len(shifts):
        raise SettingsError("配置文件中的班次名称重复：排班导入和考勤都按名称认班次。")
    return tuple(shifts)


# Why a time limit must be above 0, said when one is not.
LIMIT_ABOVE_ZERO = "时限为 0 或负数时所有事项一开始就超时"


def _positive(value, where: str, why: str = LIMIT_ABOVE_ZERO) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(f"{where} 应为正整数，而不是“{value}”。")
    if value <= 0:
        raise SettingsError(f"{where} 必须大于 0（现为 {value}）：{why}。")
    return value


def _named_numbers(
    table: object, where: str, meaning: str, each: str, why: str = LIMIT_ABOVE_ZERO
) -> tuple[tuple[str, int], ...]:
    """A settings table of ``name = positive number`` (limits, points), not empty; ``each``
    names one entry in a refusal, e.g. "[sla] 紧急问题类别“{}”的时限（分钟）"."""
    if not isinstance(table, dict) or not table:
        raise SettingsError(f"{where} 应为“{meaning}”的表，且不能为空。")
    return tuple(
        (str(name), _positive(value, each.format(name), why)) for name, value in table.items()
    )


def _sla_from(raw: dict) -> SlaSpec:
    if not isinstance(raw, dict):
        raise SettingsError("配置文件中的 [sla] 应为一个表。")
    urgent = DEFAULT_URGENT_LIMITS
    if "urgent_minutes" in raw:
        urgent = _named_numbers(
            raw["urgent_minutes"], "[sla] urgent_minutes", "类别 = 分钟数",
            "[sla] 紧急问题类别“{}”的时限（分钟）",
        )  # fmt: skip
    escalation = DEFAULT_ESCALATION_LIMITS
    if "escalation_minutes" in raw:
        escalation = _named_numbers(
            raw["escalation_minutes"], "[sla] escalation_minutes", "紧急程度 = 答复时限分钟数",
            "[sla] 请示报告“{}”的答复时限（分钟）",
        )  # fmt: skip
    return SlaSpec(
        urgent_minutes=urgent,
        fault_report_minutes=_positive(
            raw.get("fault_report_minutes", 15), "[sla] fault_report_minutes（故障上报时限，分钟）"
        ),
        replacement_workdays=_positive(
            raw.get("replacement_workdays", 3), "[sla] replacement_workdays（撤换响应，工作日）"
        ),
        escalation_minutes=escalation,
    )


def _whole(value: object, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(f"{what}应为整数，而不是“{value}”。")
    if not low <= value <= high:
        raise SettingsError(f"{what}应在 {low} 到 {high} 之间（现为 {value}）。")
    return value


def settings_places(
    environ: Mapping[str, str] | None = None, data: Mapping[str, Any] | None = None
) -> Settings:
    """Where the database and the office's workday file are, from the environment and
    the settings file's ``data`` (none: as if the file were empty); everything else as
    by default. ``check`` goes on with these when the file itself cannot be used."""
    env = os.environ if environ is None else environ
    data = data or {}
    # The office's workday file: where the settings say, else beside the settings file.
    workdays = Path(data["workdays"]).expanduser() if data.get("workdays") else None
    return Settings(
        db=env.get("HOTLINE_DB") or data.get("db") or str(default_db_path()),
        workdays_file=workdays or config_file(env).parent / "workdays.toml",
    )


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    path = config_file(env)
    data: dict[str, Any] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"无法读取配置文件 {path}：{exc}") from None
    elif env.get("HOTLINE_CONFIG"):
        raise SettingsError(f"配置文件不存在：{path}")
    shifts = _shifts_from(data["shifts"]) if "shifts" in data else DEFAULT_SHIFTS
    floorplan = Path(data["floorplan"]) if data.get("floorplan") else None
    places = settings_places(env, data)
    sla = _sla_from(data["sla"]) if "sla" in data else SlaSpec()
    lock_minutes = data.get("lock_minutes", 10)
    if isinstance(lock_minutes, bool) or not isinstance(lock_minutes, int):
        raise SettingsError(
            f"lock_minutes（无操作多少分钟后锁屏）应为整数，而不是“{lock_minutes}”。"
        )
    if not 1 <= lock_minutes <= 240:
        raise SettingsError(
            f"lock_minutes（无操作多少分钟后锁屏）应在 1 到 240 之间（现为 {lock_minutes}）。"
        )
    overtime = data.get("overtime_month_hours")
    if overtime is not None:
        overtime = _whole(overtime, "overtime_month_hours（每人每月加班上限，小时）", 1, 300)
    bulk = _whole(
        data.get("bulk_mark_minutes", 15), "bulk_mark_minutes（开班前多少分钟起可全部出勤）", 0, 240
    )
    early = _whole(
        data.get("handover_early_minutes", HANDOVER_EARLY_MINUTES),
        "handover_early_minutes（交班前多少分钟内提交交接班不需说明原因）",
        0,
        24 * 60,
    )
    counts_probation = data.get("arrival_counts_probation", False)
    if not isinstance(counts_probation, bool):
        raise SettingsError(
            "arrival_counts_probation（到达率是否计入试用期人员）应为 true 或 false，"
            f"而不是“{counts_probation}”。"
        )
    blink = data.get("cursor_blink", True)
    if not isinstance(blink, bool):
        raise SettingsError(f"cursor_blink（光标是否闪烁）应为 true 或 false，而不是“{blink}”。")
    files_group = data.get("files_group", "")
    if not isinstance(files_group, str):
        raise SettingsError(
            f"files_group（可读取导出和备份的用户组）应为组名，而不是“{files_group}”。"
        )
    if files_group:
        try:
            grp.getgrnam(files_group)
        except KeyError:
            raise SettingsError(
                f"files_group（可读取导出和备份的用户组）“{files_group}”在本机不存在。"
            ) from None
    backup_here = data.get("backup_here", False)
    if not isinstance(backup_here, bool):
        raise SettingsError(
            f"backup_here（本终端是否每天自动备份）应为 true 或 false，而不是“{backup_here}”。"
        )
    return Settings(
        db=places.db,
        shifts=shifts,
        floorplan=floorplan,
        sla=sla,
        workdays_file=places.workdays_file,
        lock_minutes=lock_minutes,
        serve_max_desks=_whole(
            data.get("serve_max_desks", 8), "serve_max_desks（浏览器会话最多同时几个）", 1, 64
        ),
        pin_lock_after=_whole(
            data.get("pin_lock_after", 20), "pin_lock_after（连续多少次 PIN 错误锁定本人）", 5, 100
        ),
        files_group=files_group,
        overtime_month_hours=overtime,
        bulk_mark_minutes=bulk,
        handover_early_minutes=early,
        arrival_counts_probation=counts_probation,
        backup_dir=Path(data["backup_dir"]).expanduser() if data.get("backup_dir") else None,
        backup_here=backup_here,
        backup_time=_parse_hhmm(data.get("backup_time", "02:00"), "backup_time（每天自动备份）"),
        backup_keep_days=_whole(
            data.get("backup_keep_days", 14), "backup_keep_days（保留最近多少天的备份）", 1, 3660
        ),
        backup_keep_months=_whole(
            data.get("backup_keep_months", 12),
            "backup_keep_months（保留最近多少个月的备份）",
            1,
            1200,
        ),
        report_due=_parse_hhmm(data.get("report_due", "10:00"), "report_due（日报提交截止时间）"),
        cursor_blink=blink,
        qc=_qc_from(data["qc"]) if "qc" in data else QcSpec(),
        traffic=_traffic_from(data["traffic"]) if "traffic" in data else TrafficSpec(),
    )
