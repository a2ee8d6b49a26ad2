"""The command line: run, demo, check. Bad input ends in one Chinese sentence, exit 2."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from hotline_tui.config import (
    Settings,
    SettingsError,
    config_file,
    default_db_path,
    load_settings,
    settings_places,
)
from hotline_tui.errors import DomainError
from hotline_tui.model.text import visible
from hotline_tui.workdays import WorkdaysError

if TYPE_CHECKING:
    from hotline_tui.db.store import Store
    from hotline_tui.model.staff_row import StaffRow

COMMANDS = (
    "run",
    "demo",
    "init",
    "check",
    "export",
    "import-rota",
    "import-staff",
    "set-pin",
    "wallboard",
    "backup",
    "restore",
    "config",
    "serve",
    "migrate-to",
    "seat-plan",
)
EXPORTS = ("handovers", "attendance", "kpi", "staff", "audit")

_ARGPARSE_MESSAGES = (
    (
        re.compile(r"argument \w+: invalid choice: '([^']*)'.*"),
        lambda m: f"未知的子命令：{m[1]}（可用：{'、'.join(COMMANDS)}）。",
    ),
    (re.compile(r"unrecognized arguments: (.*)"), lambda m: f"无法识别的参数：{m[1]}。"),
    (
        re.compile(r"argument (\S+): expected one argument"),
        lambda m: f"参数 {m[1]} 后面需要一个值。",
    ),
    (
        re.compile(r"argument (\S+): invalid int value: '([^']*)'"),
        lambda m: f"参数 {m[1]} 需要整数，而不是“{m[2]}”。",
    ),
    (
        re.compile(r"the following arguments are required: (.*)"),
        lambda m: f"缺少参数：{m[1]}。",
    ),
)


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with every word of its help in Chinese: the usage line, the section
    titles, -h itself, and its errors as one sentence."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出"
        )

    def format_help(self) -> str:
        # argparse ends a section title with an ASCII colon.
        return super().format_help().replace("参数:\n", "参数：\n").replace("选项:\n", "选项：\n")

    def error(self, message: str) -> None:  # type: ignore[override]
        choice = re.match(r"argument \w+: invalid choice: '([^']*)'", message)
        if choice and self.prog.endswith(" export"):
            self.exit(2, f"hotline-tui：不能导出“{choice[1]}”（可导出：{'、'.join(EXPORTS)}）。\n")
        for pattern, render in _ARGPARSE_MESSAGES:
            match = pattern.match(message)
            if match:
                message = render(match)
                break
        self.exit(2, f"hotline-tui：{message}\n用 hotline-tui --help 查看用法。\n")


def build_parser() -> argparse.ArgumentParser:
    db_help = (
        "数据库文件路径、sqlite:/// 地址或 postgresql+psycopg://用户@主机/数据库"
        "（默认取 HOTLINE_DB，否则为用户数据目录中的 hotline.db）"
    )
    parser = ChineseArgumentParser(
        prog="hotline-tui", description="西城区政务服务热线 值班台（Hotline Duty Desk）"
    )
    parser.add_argument("--db", help=db_help)
    parser.add_argument(
        "--as", dest="as_staff", metavar="STAFF_NO", help="以该工号登录（先输入 PIN），跳过身份选择"
    )
    parser.add_argument(
        "--version", action="version", version="hotline-tui 0.1.0", help="显示版本号并退出"
    )
    sub = parser.add_subparsers(
        dest="command", parser_class=ChineseArgumentParser, metavar="COMMAND"
    )

    # Subcommands take --db the same way; SUPPRESS keeps a top-level --db from being reset.
    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
        return p

    # …and --as, each with its own words for whose 工号 it is.
    def with_as(p: argparse.ArgumentParser, meaning: str) -> None:
        p.add_argument(
            "--as", dest="as_staff", default=argparse.SUPPRESS, metavar="STAFF_NO", help=meaning
        )

    run = with_db(sub.add_parser("run", help="启动值班台（默认）"))
    with_as(run, "以该工号登录")
    demo = with_db(sub.add_parser("demo", help="创建演示数据库并启动"))
    demo.add_argument(
        "--seed", type=int, default=7, help="随机种子：同一种子生成同样的数据（默认 7）"
    )
    demo.add_argument("--no-start", action="store_true", help="只创建数据库，不启动界面")
    with_as(demo, "以该工号登录（演示数据库不问 PIN）")
    with_db(
        sub.add_parser(
            "check",
            help="检查配置文件、班次表、工作日文件、平面图和数据库（完整性、架构版本、"
            "交接班摘要、操作记录校验链）",
        )
    )
    with_db(
        sub.add_parser("config", help="显示各个文件的位置：配置、数据库、密钥、工作日、备份、日志")
    )
    imp = with_db(
        sub.add_parser(
            "import-rota", help="导入排班 CSV/XLSX（工号,日期,班次），全部成功或全部不导入"
        )
    )
    imp.add_argument("file", metavar="FILE", help="CSV 或 XLSX 文件")
    with_as(imp, "导入人的工号（必填）")
    seat_plan = sub.add_parser("seat-plan", help="座位安排：seat-plan fill 按排班排座")
    plan_kinds = seat_plan.add_subparsers(
        dest="plan_action", parser_class=ChineseArgumentParser, metavar="ACTION", required=True
    )
    fill_what = "按排班排座：先显示预览（谁坐哪里、谁无座及原因），加 --yes 才保存"
    fill_cmd = with_db(plan_kinds.add_parser("fill", help=fill_what, description=fill_what))
    fill_cmd.add_argument("--date", dest="day", metavar="YYYY-MM-DD", help="日期（必填）")
    fill_cmd.add_argument("--shift", metavar="SHIFT", help="班次名称或代码，如 早班、early（必填）")
    with_as(fill_cmd, "排座的值班长或管理人员的工号（必填）")
    fill_cmd.add_argument("--yes", action="store_true", help="保存预览中的安排")
    fill_cmd.add_argument(
        "--overflow", action="store_true", help="本组座位区坐满时，把无座的人安排到最近的空闲区"
    )
    init = with_db(
        sub.add_parser("init", help="新数据库的第一步：建立第一位项目经理，之后由他导入人员")
    )
    init.add_argument("--manager", metavar="工号", required=True, help="项目经理的工号")
    init.add_argument("--name", metavar="姓名", required=True, help="项目经理的姓名")
    pin = with_db(
        sub.add_parser(
            "set-pin",
            help="给某人一个临时 PIN（用 --as 的项目经理或运营主管操作）；"
            "升级前的数据库中还没有任何 PIN 时，项目经理用它设置自己的 PIN",
        )
    )
    pin.add_argument("staff_no", metavar="STAFF_NO", help="要设置 PIN 的人的工号")
    with_as(pin, "操作人的工号（项目经理或运营主管）")
    staff = with_db(
        sub.add_parser(
            "import-staff",
            help="导入人员名单 CSV/XLSX（工号,姓名,组,岗位,状态,入职日期[,技能,手机]），"
            "按工号新增或更新，全部成功或全部不导入",
        )
    )
    staff.add_argument("file", metavar="FILE", help="CSV 或 XLSX 文件")
    with_as(staff, "导入人的工号（项目经理或运营主管，必填）")
    staff.add_argument("--check", action="store_true", help="只检查并报告，不保存")
    staff.add_argument("--create-groups", action="store_true", help="文件中新出现的工作组一并新建")
    with_db(sub.add_parser("wallboard", help="现场大屏：只读，显示时效倒计时和坐席占用，q 离开"))
    backup = with_db(
        sub.add_parser(
            "backup",
            help="备份数据库：终端照常写入时也可备份，备份后检查；"
            "默认写入备份文件夹，以日期时间命名",
        )
    )
    backup.add_argument("-o", "--output", metavar="FILE", help="写入这个文件，而不是备份文件夹")
    backup.add_argument(
        "--with-key",
        action="store_true",
        help="把操作记录的校验密钥一并复制到备份旁（FILE.key）；密钥与备份最好分开保管",
    )
    restore = with_db(
        sub.add_parser(
            "restore",
            help="从备份恢复数据库：先检查备份；有终端开着数据库时拒绝；原数据库另存一份",
        )
    )
    restore.add_argument("file", metavar="FILE", help="备份文件")
    move = with_db(
        sub.add_parser(
            "migrate-to",
            help="把 SQLite 数据库整体复制到一个空的 PostgreSQL 数据库，并逐行核对",
        )
    )
    move.add_argument("url", metavar="URL", help="postgresql+psycopg://用户@主机/数据库")
    serve = with_db(
        sub.add_parser(
            "serve",
            help="在浏览器中提供值班台：每个浏览器一个会话，各自用 PIN 登录",
        )
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="监听的地址（默认 127.0.0.1，只有本机可访问）"
    )
    serve.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="浏览器访问用的地址，如 http://ops-pc:8000（监听 0.0.0.0 时需要）",
    )
    export = sub.add_parser("export", help="导出记录：export KIND -o FILE，KIND 见下")
    kinds = export.add_subparsers(
        dest="kind", parser_class=ChineseArgumentParser, metavar="KIND", required=True
    )

    def export_kind(name: str, what: str) -> argparse.ArgumentParser:
        kind = with_db(kinds.add_parser(name, help=what, description=what))
        kind.add_argument("-o", "--output", metavar="FILE", help="写入的文件（必填）")
        return kind

    def dates(kind: argparse.ArgumentParser) -> None:
        kind.add_argument("--from", dest="since", metavar="YYYY-MM-DD", help="开始日期（含，必填）")
        kind.add_argument("--to", dest="until", metavar="YYYY-MM-DD", help="结束日期（含，必填）")

    dates(
        export_kind(
            "handovers",
            "已签收的交接班，按时间先后：.pdf 为 PDF，.html 可用浏览器直接打印"
            "（都是每份一页起），其他扩展名为 Markdown 文件",
        )
    )
    export_kind("attendance", "一个月的考勤表，Excel 文件（.xlsx）").add_argument(
        "--month", metavar="YYYY-MM", help="哪个月（必填）"
    )
    kpi = export_kind("kpi", "考核指标：一个月或一个季度，Excel（.xlsx）或 CSV 文件")
    kpi.add_argument("--month", metavar="YYYY-MM", help="哪个月（与 --quarter 二选一）")
    kpi.add_argument("--quarter", metavar="YYYY-Qn", help="哪个季度，如 2026-Q4")
    export_kind("staff", "人员名单，CSV 或 Excel 文件，可再用 import-staff 导入")
    work = export_kind(
        "report", "工作汇报（运营日报、周报、月报）：.xlsx 为 Excel，.md 为可打印的 Markdown"
    )
    work.add_argument("--day", metavar="YYYY-MM-DD", help="哪一天的日报（三选一）")
    work.add_argument("--week", metavar="YYYY-Www", help="哪一周的周报（ISO 周，如 2026-W48）")
    work.add_argument("--month", metavar="YYYY-MM", help="哪个月的月报")
    audit = export_kind("audit", "操作记录，须由项目经理或运营主管导出（--as）")
    dates(audit)
    with_as(audit, "导出人的工号（项目经理或运营主管，必填）")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "run"
    from hotline_tui.logs import logged, setup_logging

    setup_logging()
    try:
        if command == "check":  # a broken settings file is one of the things it reports
            return _check(args)
        if command == "config":
            return _config(args)
        settings = load_settings().with_db(args.db)
        if command == "demo":
            return _demo(args, settings)
        if command == "export":
            return _export(args, settings)
        if command == "wallboard":
            return _wallboard(settings)
        if command == "import-rota":
            return _import_rota(args, settings)
        if command == "seat-plan":
            return _seat_plan_fill(args, settings)
        if command == "import-staff":
            return _import_staff(args, settings)
        if command == "init":
            return _init(args, settings)
        if command == "set-pin":
            return _set_pin(args, settings)
        if command == "backup":
            return _backup(args, settings)
        if command == "restore":
            return _restore(args, settings)
        if command == "serve":
            return _serve(args, settings)
        if command == "migrate-to":
            return _migrate_to(args, settings)
        return _run(args, settings)
    except (DomainError, SettingsError, WorkdaysError) as exc:
        # Messages may quote a file's or a person's text: never an escape to the terminal.
        print(f"hotline-tui：{visible(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `hotline-tui check | head`: the reader has had enough
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # a fault of ours: the traceback in the log, one sentence here
        print(
            f"hotline-tui：意外错误：{visible(str(exc))}。{logged(command, exc)}", file=sys.stderr
        )
        return 1


def _ensure_default_dir(db: str) -> None:
    """The user's data directory is ours to create; any other missing directory is an error."""
    default_dir = default_db_path().parent
    if Path(db).parent == default_dir:
        default_dir.mkdir(parents=True, exist_ok=True)


def _open(settings: Settings, clock, *, create: bool = True):
    from hotline_tui.db.store import Store
    from hotline_tui.domain.setup import prepare

    if create:
        _ensure_default_dir(settings.db)
    store = Store.open(settings.db, clock, create=create)
    try:
        floorplan = prepare(store, settings)
    except BaseException:
        store.close()
        raise
    return store, floorplan


def _open_existing(settings: Settings, clock):
    """An export reads an existing database; it never creates an empty one."""
    return _open(settings, clock, create=False)


def _start(
    settings: Settings, store, floorplan, clock, as_staff: str | None, *, ask_pin: bool = True
) -> int:
    from hotline_tui.app import make_app
    from hotline_tui.domain.people.roster import sign_in
    from hotline_tui.pin_prompt import signed_in

    actor = None
    if as_staff:
        # Before anything is shown: the PIN, except in the demo, whose PINs are in the README.
        actor = signed_in(store, as_staff) if ask_pin else sign_in(store, as_staff)
    app = make_app(settings, store, clock, floorplan=floorplan, actor=actor)
    app.run()
    return _ended(app)


def _ended(app) -> int:
    if app.crash_note:  # under Textual's traceback: where the log keeps it
        print(f"hotline-tui：值班台意外退出。{app.crash_note}", file=sys.stderr)
    return app.return_code or 0


def _run(args, settings: Settings) -> int:
    from hotline_tui.clock import clock_from_environment

    as_staff = getattr(args, "as_staff", None)
    # Told apart without the store's module: SQLAlchemy stays out of the first frame.
    a_file = "://" not in settings.db or settings.db.startswith("sqlite:")
    if as_staff and a_file:
        from hotline_tui.db.store import resolve_target

        path = resolve_target(settings.db)
        if not path.exists() or (path.is_file() and path.stat().st_size == 0):
            # Nobody can sign in to a database that does not exist yet: say so, create nothing.
            raise DomainError(f"工号 {as_staff} 不存在：数据库 {path} 还是空的。")
    clock = clock_from_environment()
    if not as_staff and "://" not in settings.db:
        from hotline_tui.db.revisions import at_head

        if at_head(Path(settings.db).expanduser().absolute()):
            return _start_then_open(settings, clock)
    store, floorplan = _open(settings, clock)
    try:
        return _start(settings, store, floorplan, clock, as_staff)
    finally:
        store.close()


def _start_then_open(settings: Settings, clock) -> int:
    """A current database: the sign-in screen is drawn first, the store opened behind it.

    Only a file already at the newest schema comes here; a new, older or damaged one
    is opened before the app starts, where a refusal is one sentence and nothing drawn.
    """
    from hotline_tui.app import make_app

    def open_store() -> Store:
        return _open(settings, clock, create=False)[0]

    app = make_app(settings, open_store, clock)
    try:
        app.run()
    finally:
        store = app.store_if_open
        if store is not None:
            store.close()
    if app.open_error is not None:
        raise app.open_error  # main() says a DomainError in one sentence
    return _ended(app)


def _demo(args, settings: Settings) -> int:
    from hotline_tui.clock import clock_from_environment
    from hotline_tui.db import presence
    from hotline_tui.db.store import StoreError, resolve_target, server_url
    from hotline_tui.demo.generate import STEPS, load_demo

    explicit = args.db
    if not explicit:
        path = default_db_path().parent / "demo.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        # The default demo database is ours to rebuild (same seed, same data), but never
        # under a terminal, browser session or command that has it open: they would go
        # on writing into a deleted file. The restore lock keeps new ones out meanwhile.
        with presence.restoring(path) as others:
            presence.refuse_while_open(others, "重建演示数据库")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        settings = settings.with_db(str(path))
    elif server_url(explicit) is not None:
        _refuse_a_used_server(explicit, "演示数据")
    else:
        path = resolve_target(explicit)
        if path.exists() and path.is_file() and path.stat().st_size > 0:
            raise StoreError(f"{path} 已存在；演示数据只写入新的数据库文件，请换一个路径。")
        presence.refuse_while_open(presence.holders(path), "写入演示数据")
    clock = clock_from_environment()
    store, floorplan = _open(settings, clock)
    try:
        steps = iter(range(1, STEPS + 1))
        load_demo(
            store,
            floorplan,
            clock.now().date(),
            seed=args.seed,
            # A few seconds of work: say what is being written, step by step.
            progress=lambda step: print(
                f"正在生成演示数据（{next(steps)}/{STEPS}）：{step}", flush=True
            ),
        )
        print(f"演示数据库已创建：{store.where}")
        if args.no_start:
            return 0
        return _start(
            settings, store, floorplan, clock, getattr(args, "as_staff", None), ask_pin=False
        )
    finally:
        store.close()


def _refuse_a_used_server(target: str, what: str) -> None:
    """Demo data, or a floor moved from a file, goes into an empty PostgreSQL database
    only, as demo data into a new file."""
    import sqlalchemy as sa

    from hotline_tui.db.store import safe_text, server_url

    url = server_url(target)
    assert url is not None
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            tables = sa.inspect(conn).get_table_names()
    except sa.exc.OperationalError as exc:
        raise DomainError(f"无法连接 PostgreSQL 数据库 {safe_text(url)}：{exc.orig}") from None
    finally:
        engine.dispose()
    if tables:
        raise DomainError(
            f"{safe_text(url)} 中已有数据表；{what}只写入空的数据库，请换一个，或先清空它。"
        )


def _check(args) -> int:
    """The settings, the shift table, the workday files, the floor plan, then the database:
    each said to be right or what is wrong with it."""

    from hotline_tui.db.store import preflight, resolve_target, safe_text, server_url
    from hotline_tui.domain.health import check_database, check_server
    from hotline_tui.model.floorplan import FloorplanError, load_floorplan
    from hotline_tui.workdays import load_overrides

    problems: list[str] = []

    def problem(text: str) -> None:
        problems.append(text)
        print(f"问题：{visible(text)}")

    path = config_file()
    try:
        settings = load_settings().with_db(args.db)
        print(f"配置文件：{path}（{'正常' if path.is_file() else '不存在，用默认设置'}）")
    except SettingsError as exc:
        problem(f"配置文件 {path}：{exc}")
        settings = settings_places().with_db(args.db)
    shifts = "，".join(f"{s.name} {s.start}–{s.end}" for s in settings.shifts)
    print(f"班次表：{shifts}")
    for workdays in settings.workdays_paths:
        try:
            years = sorted(load_overrides(workdays))
        except WorkdaysError as exc:
            problem(str(exc))
            continue
        if not workdays.is_file():
            print(f"工作日文件：{workdays}（没有这个文件，不影响使用）")
        else:
            entered = "、".join(str(y) for y in years) or "无"
            print(f"工作日文件：{workdays}（正常；录入的年份：{entered}）")
    try:
        floorplan = load_floorplan(settings.floorplan_path)
    except FloorplanError as exc:
        problem(f"平面图：{exc}")
        floorplan = None
    try:
        url = server_url(settings.db)
        if url is None:
            db = resolve_target(settings.db)
            preflight(db, create=False, need_write=False)
    except DomainError as exc:
        # No database to look at: as every command says it, one sentence, exit 2.
        print(f"hotline-tui：{visible(exc.message)}", file=sys.stderr)
        return 2
    if url is None:
        report = check_database(db, floorplan)
        print(f"数据库：{db}")
    else:
        report = check_server(url, floorplan)
        print(f"数据库：{safe_text(url)}")
    for line in report.lines:
        print(line)
    for line in report.problems:
        problem(line)
    print("结论：正常" if not problems else f"结论：发现 {len(problems)} 个问题")
    return 0 if not problems else 1


def _db_text(db: str) -> str:
    """The database as it may be printed: a file's full path, a server without password."""
    from hotline_tui.db.store import resolve_target, safe_text, server_url

    url = server_url(db)
    return safe_text(url) if url is not None else str(resolve_target(db))


def _config(args) -> int:
    """Where each file is, for the operator: what to back up, what survives an upgrade."""
    from hotline_tui.config import default_key_path
    from hotline_tui.logs import log_file

    path = config_file()
    settings = load_settings().with_db(args.db)
    rows = [
        ("配置文件", path, "" if path.is_file() else "（不存在，用默认设置）"),
        ("数据库", _db_text(settings.db), ""),
        ("校验密钥", default_key_path(), "（与数据库分开保管；恢复到别的电脑时一起带上）"),
        ("平面图", settings.floorplan_path, ""),
    ]
    for n, workdays in enumerate(settings.workdays_paths):
        note = "（随软件安装，升级时替换）" if n == 0 else "（办公室录入，升级不影响）"
        exists = "" if workdays.is_file() else "（尚未建立）"
        rows.append(("工作日文件", workdays, note + exists))
    auto = (
        f"（本终端每天 {settings.backup_time} 自动备份，保留 {settings.backup_keep_days} 天、"
        f"{settings.backup_keep_months} 个月）"
        if settings.backup_here
        else "（本终端不自动备份）"
    )
    rows.append(("备份文件夹", settings.backup_folder, auto))
    rows.append(("日志文件", log_file(), ""))
    for title, where, note in rows:
        print(f"{title}：{where}{note}")
    return 0


def _date_arg(value: str | None, flag: str):
    from datetime import date

    if not value:
        raise DomainError(f"请用 {flag} 给出日期，格式为 YYYY-MM-DD。")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DomainError(
            f"{flag} 的日期“{value}”无效，格式应为 YYYY-MM-DD，如 2026-11-30。"
        ) from None


def _output_path(value: str | None) -> Path:
    if not value:
        raise DomainError("请用 -o 给出要写入的文件。")
    path = Path(value).expanduser().absolute()
    if path.is_dir():
        raise DomainError(f"-o 指向的是目录，请给出文件名：{path}")
    if not path.parent.is_dir():
        raise DomainError(f"要写入的目录不存在：{path.parent}")
    return path


def _export_file(settings: Settings, clock, path: Path, write):
    """Run ``write(store, temp)`` on the database and put the result in place whole."""
    from hotline_tui.exports.files import write_whole

    store, _ = _open_existing(settings, clock)
    try:
        return write_whole(path, lambda temp: write(store, temp))
    finally:
        store.close()


def _export(args, settings: Settings) -> int:
    if args.kind == "attendance":
        return _export_attendance(args, settings)
    if args.kind == "kpi":
        return _export_kpi(args, settings)
    if args.kind == "staff":
        return _export_staff(args, settings)
    if args.kind == "audit":
        return _export_audit(args, settings)
    if args.kind == "report":
        return _export_report(args, settings)
    since = _date_arg(args.since, "--from")
    until = _date_arg(args.until, "--to")
    if since > until:
        raise DomainError(f"开始日期 {since} 晚于结束日期 {until}。")
    path = _output_path(args.output)
    from hotline_tui.clock import clock_from_environment
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.exports.files import write_whole
    from hotline_tui.exports.handover_archive import export_html, export_markdown

    clock = clock_from_environment()
    now_text = clock.now().format("YYYY-MM-DD HH:mm")
    store, _ = _open_existing(settings, clock)
    try:
        shifts = list_shifts(store)
        if path.suffix.lower() == ".pdf":
            from hotline_tui.exports.handover_pdf import export_pdf

            count = write_whole(
                path, lambda temp: export_pdf(store, shifts, since, until, now_text, temp)
            )
        else:
            # An .html file prints from any browser; anything else is the Markdown document.
            html = path.suffix.lower() in (".html", ".htm")
            export = export_html if html else export_markdown
            text, count = export(store, shifts, since, until, now_text)
            write_whole(path, lambda temp: temp.write_text(text, encoding="utf-8"))
    finally:
        store.close()
    print(f"已导出 {count} 份已签收的交接班到 {path}")
    return 0


def _wallboard(settings: Settings) -> int:
    from hotline_tui.clock import clock_from_environment
    from hotline_tui.db.store import Store
    from hotline_tui.model.arrival import ArrivalRule
    from hotline_tui.model.floorplan import load_floorplan
    from hotline_tui.wallboard import WallboardApp
    from hotline_tui.workdays import load_calendar

    clock = clock_from_environment()
    floorplan = load_floorplan(settings.floorplan_path)
    calendar = load_calendar(*settings.workdays_paths)
    store = Store.open(settings.db, clock, create=False)  # the big screen never makes a database
    try:
        WallboardApp(
            store, clock, len(floorplan.labels), calendar, settings.poll_seconds,
            ArrivalRule.of(settings),
        ).run()  # fmt: skip
    finally:
        store.close()
    return 0


def _month_arg(value: str | None):
    from datetime import date

    if not value:
        raise DomainError("请用 --month 给出月份，格式为 YYYY-MM。")
    try:
        year, month = (int(x) for x in value.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise DomainError(f"--month 的月份“{value}”无效，格式应为 YYYY-MM，如 2026-11。") from None


def _export_attendance(args, settings: Settings) -> int:
    month = _month_arg(args.month)
    path = _output_path(args.output)
    if path.suffix.lower() != ".xlsx":
        raise DomainError(f"月考勤表导出为 Excel 文件，请用 .xlsx 结尾：{path.name}")
    from hotline_tui.clock import clock_from_environment
    from hotline_tui.exports.attendance_sheet import write_sheet
    from hotline_tui.model.arrival import ArrivalRule

    clock = clock_from_environment()
    rule = ArrivalRule.of(settings)
    people = _export_file(
        settings,
        clock,
        path,
        lambda store, temp: write_sheet(store, month, temp, clock.now(), rule),
    )
    print(f"已导出 {month:%Y-%m} 月考勤表（{people} 人）到 {path}")
    return 0


@contextmanager
def _signed_in(args, settings: Settings, missing: str) -> Iterator[tuple[Store, StaffRow]]:
    """The database and the person of ``--as``, once their PIN is right; ``missing`` says
    why ``--as`` is needed when it is not given."""
    from hotline_tui.clock import clock_from_environment
    from hotline_tui.pin_prompt import signed_in

    staff_no = getattr(args, "as_staff", None)
    if not staff_no:
        raise DomainError(missing)
    store, _ = _open_existing(settings, clock_from_environment())
    try:
        yield store, signed_in(store, staff_no)
    finally:
        store.close()


def _import_rota(args, settings: Settings) -> int:
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.imports.rota_file import import_rota

    # A bad file's every row is in the error, said by main() like any refusal.
    why = "请用 --as 给出导入人的工号：排班的每一次修改都记在操作人名下。"
    with _signed_in(args, settings, why) as (store, actor):
        result = import_rota(store, actor, Path(args.file).expanduser(), list_shifts(store))
    print(f"已导入排班：新增 {result.added} 条，替换 {result.replaced} 条。")
    return 0


def _seat_plan_fill(args, settings: Settings) -> int:
    from hotline_tui.domain.floor.fill import apply_fill, preview_fill, preview_lines
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.model.floorplan import load_floorplan
    from hotline_tui.model.shifts import describe_day

    day = _date_arg(args.day, "--date")
    if not args.shift:
        raise DomainError("请用 --shift 给出班次，如 早班。")
    why = "请用 --as 给出排座人的工号：每一次排座都记在操作人名下。"
    with _signed_in(args, settings, why) as (store, actor):
        shifts = list_shifts(store)
        shift = next((x for x in shifts if args.shift in (x.name, x.code)), None)
        if shift is None:
            names = "、".join(x.name for x in shifts)
            raise DomainError(f"没有班次“{args.shift}”（可用：{names}）。")
        floorplan = load_floorplan(settings.floorplan_path)
        preview = preview_fill(store, day, shift, floorplan.places, overflow=args.overflow)
        print(f"{describe_day(day)} {shift.name}")
        for line in preview_lines(preview):
            print(line)
        if not preview.placements:  # filled already: a second run is not an error
            print("没有要安排的人，未作改动。")
            return 0
        if not args.yes:
            print("以上为预览，未保存；加 --yes 保存。")
            return 0
        count = apply_fill(store, actor, preview)
    print(f"已安排 {count} 人。")
    return 0


def _init(args, settings: Settings) -> int:
    from hotline_tui.clock import clock_from_environment
    from hotline_tui.domain.people.manage import init_floor
    from hotline_tui.domain.people.roster import nobody_yet
    from hotline_tui.pin_prompt import ask_twice

    store, _ = _open(settings, clock_from_environment())
    try:
        if not nobody_yet(store):  # before asking for a PIN that could not be used
            raise DomainError("数据库中已经有人员，不需要再初始化；请由项目经理登录后添加。")
        pin, again = ask_twice(f"项目经理 {args.manager} 的 PIN（6 到 12 位数字）：")
        init_floor(store, args.manager, args.name, pin, again)
    finally:
        store.close()
    print(
        f"已建立项目经理 {args.name}（{args.manager}）。下一步：用 import-staff 导入人员名单，"
        f"或用 --as {args.manager} 登录后在“人员”（F8）中逐个添加。"
    )
    return 0


def _set_pin(args, settings: Settings) -> int:
    from hotline_tui.clock import clock_from_environment
    from hotline_tui.domain.people.pins import first_pin, nobody_has_a_pin, reset_pin
    from hotline_tui.pin_prompt import ask_twice, signed_in

    store, _ = _open_existing(settings, clock_from_environment())
    try:
        if nobody_has_a_pin(store):
            # A database from before PINs: its 项目经理 chooses theirs, at the server's shell.
            pin, again = ask_twice(f"工号 {args.staff_no} 的新 PIN（6 到 12 位数字）：")
            person = first_pin(store, args.staff_no, pin, again)
            print(
                f"{person.name}（{person.staff_no}）的 PIN 已设置，请用它登录后为其他人设置临时 PIN。"
            )
            return 0
        staff_no = getattr(args, "as_staff", None)
        if not staff_no:
            raise DomainError("请用 --as 给出操作人的工号（项目经理或运营主管）。")
        actor = signed_in(store, staff_no)
        temporary = reset_pin(store, actor, args.staff_no)
    finally:
        store.close()
    print(
        f"工号 {args.staff_no} 的临时 PIN：{temporary}（只显示这一次；本人登录后须改为自己的 PIN）"
    )
    return 0


def _import_staff(args, settings: Settings) -> int:
    from hotline_tui.imports.staff_file import import_staff

    why = "请用 --as 给出导入人的工号：人员的每一次修改都记在操作人名下。"
    with _signed_in(args, settings, why) as (store, actor):
        summary = import_staff(
            store,
            actor,
            Path(args.file).expanduser(),
            create_groups=args.create_groups,
            check_only=args.check,
        )
    if args.check:
        print(f"检查通过，未保存。导入后将{summary.text}")
    else:
        print(f"已导入人员名单：{summary.text}")
    return 0


def _export_audit(args, settings: Settings) -> int:
    since = _date_arg(args.since, "--from")
    until = _date_arg(args.until, "--to")
    if since > until:
        raise DomainError(f"开始日期 {since} 晚于结束日期 {until}。")
    path = _output_path(args.output)
    if path.suffix.lower() != ".xlsx":
        raise DomainError(f"操作记录导出为 Excel 文件，请用 .xlsx 结尾：{path.name}")
    from hotline_tui.domain.audit_trail import AuditFilter, list_audit
    from hotline_tui.exports.audit_log import write_audit
    from hotline_tui.exports.files import write_whole

    why = "请用 --as 给出导出人的工号（项目经理或运营主管）：操作记录只给管理人员看。"
    with _signed_in(args, settings, why) as (store, actor):
        rows, _ = list_audit(store, actor, AuditFilter(since=since, until=until), limit=10_000_000)
    count = write_whole(path, lambda temp: write_audit(rows, temp))
    print(f"已导出 {count} 条操作记录（{since} 至 {until}）到 {path}")
    return 0


def _export_staff(args, settings: Settings) -> int:
    path = _output_path(args.output)
    if path.suffix.lower() != ".xlsx":
        raise DomainError(f"人员名单导出为 Excel 文件，请用 .xlsx 结尾：{path.name}")
    from hotline_tui.clock import clock_from_environment
    from hotline_tui.domain.people.roster import list_staff
    from hotline_tui.exports.staff_list import write_staff

    people = _export_file(
        settings,
        clock_from_environment(),
        path,
        lambda store, temp: write_staff(list_staff(store), temp),
    )
    print(f"已导出人员名单（{people} 人）到 {path}")
    return 0


def _export_kpi(args, settings: Settings) -> int:
    if bool(args.month) == bool(args.quarter):
        raise DomainError("请用 --month YYYY-MM 或 --quarter YYYY-Qn 给出期间（二选一）。")
    from hotline_tui.model.periods import parse_quarter

    month = _month_arg(args.month) if args.month else parse_quarter(args.quarter)
    path = _output_path(args.output)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise DomainError(f"考核指标导出为 .xlsx（工作簿）或 .csv（汇总），而不是：{path.name}")
    from hotline_tui.clock import clock_from_environment
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.exports.kpi_review import write_review
    from hotline_tui.model.arrival import ArrivalRule

    clock = clock_from_environment()
    _export_file(
        settings,
        clock,
        path,
        lambda store, temp: write_review(
            store,
            month,
            temp,
            clock.now(),
            list_shifts(store),
            quarter=bool(args.quarter),
            sla=settings.sla,
            rule=ArrivalRule.of(settings),
        ),
    )
    print(f"已导出考核指标（{args.month or args.quarter}）到 {path}")
    return 0


def _export_report(args, settings: Settings) -> int:
    from hotline_tui.model.report_period import ReportPeriod, parse_day, parse_month, parse_week

    given = [name for name in ("day", "week", "month") if getattr(args, name)]
    if len(given) != 1:
        raise DomainError(
            "请用 --day YYYY-MM-DD、--week YYYY-Www 或 --month YYYY-MM 给出期间（三选一）。"
        )
    if args.day:
        period = ReportPeriod.day(parse_day(args.day))
    elif args.week:
        period = parse_week(args.week)
    else:
        period = parse_month(args.month)
    path = _output_path(args.output)
    from hotline_tui.exports.work_report import SUFFIXES, write_report

    if path.suffix.lower() not in SUFFIXES:
        raise DomainError(f"工作汇报导出为 .xlsx（Excel）或 .md（Markdown），而不是：{path.name}")
    from hotline_tui.clock import clock_from_environment
    from hotline_tui.domain.reports.document import document
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.model.arrival import ArrivalRule

    clock = clock_from_environment()

    def write(store, temp: Path) -> None:
        doc = document(
            store, list_shifts(store), period, clock.now(), settings.report_due,
            ArrivalRule.of(settings),
        )  # fmt: skip
        if not doc.ended:
            raise DomainError(f"{period.title}的时段还没有结束，结束后才能导出。")
        write_report(doc, temp, store.chain_head())

    _export_file(settings, clock, path, write)
    print(f"已导出{period.title}到 {path}")
    return 0


def _backup(args, settings: Settings) -> int:
    import shutil

    from hotline_tui.clock import clock_from_environment
    from hotline_tui.config import default_key_path
    from hotline_tui.db.store import preflight, resolve_target
    from hotline_tui.domain.backups import backup_into, take_backup

    path = resolve_target(settings.db)
    preflight(path, create=False, need_write=False)
    now = clock_from_environment().now()
    if args.output:
        target = _output_path(args.output)
        if target.exists():
            raise DomainError(f"{target} 已存在；备份不覆盖已有文件，请换一个文件名。")
        report = take_backup(path, target)
    else:
        target, report = backup_into(path, settings.backup_folder, now)
    print(f"已备份数据库 {path}")
    print(f"到 {target}（{target.stat().st_size / 1_048_576:.1f} MB），检查通过：")
    for line in report.passed.values():  # what the check found, not every table's rows
        print(f"  {line}")
    if args.with_key:
        key = default_key_path()
        if not key.is_file():
            raise DomainError(f"找不到校验密钥 {key}，备份已完成但没有复制密钥。")
        copy = target.with_name(target.name + ".key")
        shutil.copyfile(key, copy)
        copy.chmod(0o600)
        print(f"校验密钥已复制到 {copy}")
    return 0


def _restore(args, settings: Settings) -> int:
    from hotline_tui.clock import clock_from_environment
    from hotline_tui.db.store import resolve_target
    from hotline_tui.domain.backups import restore

    path = resolve_target(settings.db)
    result = restore(path, Path(args.file), clock_from_environment().now())
    for line in result.lines:
        print(line)
    return 0


def _serve(args, settings: Settings) -> int:
    from hotline_tui.clock import clock_from_environment
    from hotline_tui.serve import serve

    if not 1 <= args.port <= 65535:
        raise DomainError(f"端口 {args.port} 无效，应在 1 到 65535 之间。")
    if args.host in ("0.0.0.0", "::") and not args.public_url:
        raise DomainError(
            f"监听 {args.host} 时请用 --public-url 给出浏览器访问的地址，如 http://ops-pc:{args.port}"
        )
    # Opened (made, brought up to date) here once: a refusal is said now, in the console,
    # not in each browser; and each session then opens a current file quickly.
    store, _ = _open(settings, clock_from_environment())
    store.close()
    try:
        serve(settings.db, args.host, args.port, args.public_url)
    except OSError as exc:  # the port taken, the address not this machine's
        raise DomainError(
            f"无法在 {args.host}:{args.port} 上提供服务：{exc.strerror or exc}"
        ) from None
    return 0


def _migrate_to(args, settings: Settings) -> int:
    """Copy the floor's SQLite file into an empty PostgreSQL database, then prove it:
    every row the same, every digest and the audit chain checked on the server."""
    from hotline_tui.clock import clock_from_environment
    from hotline_tui.db.store import Store, safe_text, server_url
    from hotline_tui.db.transfer import compare_tables, copy_tables
    from hotline_tui.domain.health import check_server

    url = server_url(args.url)
    if url is None:
        raise DomainError(f"目标应是 PostgreSQL 地址（postgresql+psycopg://…），而不是：{args.url}")
    if server_url(settings.db) is not None:
        raise DomainError("--db 应是要迁出的 SQLite 数据库文件。")
    _refuse_a_used_server(args.url, "迁移的数据")
    from hotline_tui.db.presence import holders, refuse_while_open
    from hotline_tui.db.store import resolve_target

    # What they wrote during the copy would be left behind in the file.
    refuse_while_open(holders(resolve_target(settings.db)), "迁移")
    clock = clock_from_environment()
    source, _ = _open_existing(settings, clock)  # checked on open: quick check, chain head
    try:
        target = Store.open(args.url, clock)  # the schema, by the same migrations
        try:
            print(f"正在把 {source.where} 复制到 {safe_text(url)}：")
            with source.engine.connect() as read, target.write_engine.begin() as write:
                copied = copy_tables(
                    read, write, lambda table, rows: print(f"  {table}：{rows} 行", flush=True)
                )
            print("正在逐行核对……", flush=True)
            with source.engine.connect() as read, target.engine.connect() as written:
                differences = compare_tables(read, written)
            head_before, head_after = source.chain_head(), target.chain_head()
        finally:
            target.close()
    finally:
        source.close()
    report = check_server(url, None)
    problems = differences + report.problems
    if head_before != head_after:
        problems.append(f"操作记录校验链的末端不同：{head_before} / {head_after}")
    total = sum(copied.values())
    if problems:
        for line in problems:
            print(f"问题：{visible(line)}")
        print(f"结论：复制了 {total} 行，但核对发现 {len(problems)} 个问题；请不要改用这个数据库。")
        return 1
    digests = report.passed.get("digests", "")
    print(f"已复制 {len(copied)} 张表、{total} 行，逐行核对一致。")
    print(f"{digests}；{head_after}。")
    print(f"以后请用 --db '{safe_text(url)}'（或在配置文件中写 db = \"…\"）。")
    return 0
