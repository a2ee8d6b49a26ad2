"""The command line: its arguments, and each command run from its own module
(hotline_tui/commands/). Bad input ends in one Chinese sentence, exit 2."""

from __future__ import annotations

import argparse
import os
import re
import sys

from hotline_tui import seam
from hotline_tui.config import SettingsError, load_settings
from hotline_tui.errors import DomainError
from hotline_tui.logs import logged, setup_logging
from hotline_tui.model.text import visible
from hotline_tui.private_files import share_with
from hotline_tui.workdays import WorkdaysError

COMMANDS = (
    "run",
    "demo",
    "init",
    "check",
    "export",
    "import-rota",
    "import-staff",
    "import-traffic",
    "set-pin",
    "unlock",
    "wallboard",
    "backup",
    "restore",
    "config",
    "serve",
    "migrate-to",
    "seat-plan",
)
EXPORTS = ("handovers", "attendance", "kpi", "staff", "audit", "rota", "report")
# check reports a broken settings file, config says where it is: they read it themselves.
OWN_SETTINGS = ("check", "config")

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

    # An import of a CSV/XLSX file: the file, whose import it is, and (where asked) a
    # dry run that only checks.
    def file_import(
        name: str, what: str, who: str, *, check: bool = True
    ) -> argparse.ArgumentParser:
        p = with_db(sub.add_parser(name, help=what))
        p.add_argument("file", metavar="FILE", help="CSV 或 XLSX 文件")
        with_as(p, who)
        if check:
            p.add_argument("--check", action="store_true", help="只检查并报告，不保存")
        return p

    run = with_db(sub.add_parser("run", help="启动值班台（默认）"))
    with_as(run, "以该工号登录")
    # serve's own: each browser session runs ``run --served`` (closed when left idle).
    run.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
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
    file_import(
        "import-rota",
        "导入排班 CSV/XLSX：一行一人、一列一天（工号,姓名,12-07,…，早/中/晚/休），"
        "或一行一人一天（工号,日期,班次）；全部成功或全部不导入",
        "导入人的工号（必填）",
        check=False,
    )
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
    unlock = with_db(
        sub.add_parser(
            "unlock",
            help="解除某人因 PIN 连续错误而被锁定（由能写入数据库文件的运维账户操作，记入操作记录）",
        )
    )
    unlock.add_argument("staff_no", metavar="STAFF_NO", help="要解锁的人的工号")
    staff = file_import(
        "import-staff",
        "导入人员名单 CSV/XLSX（工号,姓名,组,岗位,状态,入职日期[,技能,手机]），"
        "按工号新增或更新，全部成功或全部不导入",
        "导入人的工号（项目经理或运营主管，必填）",
    )
    staff.add_argument("--create-groups", action="store_true", help="文件中新出现的工作组一并新建")
    file_import(
        "import-traffic",
        "导入电话平台的话务报表 CSV/XLSX：按半小时（日期,时段 08:00-08:30,…）或按天"
        "（只有日期）；人工接通率按它计算；更正的文件替换同一时段；全部成功或全部不导入",
        "导入人的工号（项目经理或运营主管，必填）",
    )
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
    serve.add_argument("--certfile", metavar="FILE", help="HTTPS 证书文件（PEM）")
    serve.add_argument("--keyfile", metavar="FILE", help="HTTPS 证书的私钥文件（PEM）")
    serve.add_argument(
        "--insecure",
        action="store_true",
        help="不在本机监听时也不用 HTTPS（只在前面有 HTTPS 反向代理时使用）",
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
    # Exports of personal data name who made them (domain/export_record.py).
    exporter = "导出人的工号（必填；{}）"
    chiefs = exporter.format("项目经理、运营主管或值班长")
    managers = exporter.format("项目经理或运营主管")
    attendance = export_kind("attendance", "一个月的考勤表，Excel 文件（.xlsx）")
    attendance.add_argument("--month", metavar="YYYY-MM", help="哪个月（必填）")
    with_as(attendance, chiefs)
    kpi = export_kind("kpi", "考核指标：一个月或一个季度，Excel（.xlsx）或 CSV 文件")
    with_as(kpi, chiefs)
    kpi.add_argument("--month", metavar="YYYY-MM", help="哪个月（与 --quarter 二选一）")
    kpi.add_argument("--quarter", metavar="YYYY-Qn", help="哪个季度，如 2026-Q4")
    with_as(export_kind("staff", "人员名单，Excel 文件，可再用 import-staff 导入"), managers)
    work = export_kind(
        "report", "工作汇报（运营日报、周报、月报）：.xlsx 为 Excel，.md 为可打印的 Markdown"
    )
    work.add_argument("--day", metavar="YYYY-MM-DD", help="哪一天的日报（三选一）")
    work.add_argument("--week", metavar="YYYY-Www", help="哪一周的周报（ISO 周，如 2026-W48）")
    work.add_argument("--month", metavar="YYYY-MM", help="哪个月的月报")
    with_as(work, chiefs)
    dates(
        export_kind(
            "rota",
            "排班表：一行一人、一列一天（早/中/晚/休），Excel 文件（.xlsx），"
            "改好后可再用 import-rota 导入",
        )
    )
    audit = export_kind("audit", "操作记录，须由项目经理或运营主管导出（--as）")
    dates(audit)
    with_as(audit, managers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "run"
    setup_logging()
    try:
        module = seam.command(command.replace("-", "_"))
        if command in OWN_SETTINGS:
            return int(module.main(args))
        settings = load_settings().with_db(args.db)
        share_with(settings.files_group)  # what this process writes: whose to read
        return int(module.main(args, settings))
    except (DomainError, SettingsError, WorkdaysError) as exc:
        # Messages may quote a file's or a person's text: never an escape to the terminal.
        print(f"hotline-tui：{visible(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `hotline-tui check | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # a fault of ours: the traceback in the log, one sentence here
        print(
            f"hotline-tui：意外错误：{visible(str(exc))}。{logged(command, exc)}", file=sys.stderr
        )
        return 1
