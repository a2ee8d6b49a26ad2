"""Exports started from a screen: ask where, then write in a worker, never blocking the UI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hotline_tui.domain.export_record import may_export, record_export
from hotline_tui.errors import DomainError
from hotline_tui.exports.files import check_target, write_whole
from hotline_tui.screens.kit.base import DeskScreen
from hotline_tui.screens.kit.dialogs import TextPrompt


def export_in_background(
    screen: DeskScreen,
    title: str,
    example: str,
    suffixes: tuple[str, ...],
    write: Callable[[Path], tuple[str, int]],
    kind: str,
    period: str = "",
) -> None:
    """Ask for a file path, then run ``write(temp_path)`` in a thread. It returns what
    was exported ("已导出 113 人的考勤表") and how many rows; the user is told that and
    where. The file appears only when whole, and leaves its audit row
    (domain/export_record.py: ``kind`` names the export, ``period`` what it covers)."""
    desk = screen.desk
    try:
        may_export(desk.actor, kind)
    except DomainError as exc:
        screen.notify(exc.message, severity="error", markup=False, timeout=8)
        return

    def run(path: Path) -> None:
        app = screen.app
        try:
            check_target(path, suffixes)
            what, rows = write_whole(path, write)
            said = record_export(desk.store, desk.actor, kind, period, path, rows)
        except DomainError as exc:
            app.call_from_thread(
                screen.notify, exc.message, severity="error", markup=False, timeout=8
            )
            return
        text = f"{what}到 {path}" + (f"；{said}" if said else "")
        app.call_from_thread(screen.notify, text, markup=False)

    def target(text: str) -> Path:
        path = Path(text).expanduser()
        check_target(path, suffixes)  # said in the dialog, where the path can be corrected
        return path

    def given(path: Path | None) -> None:
        if path is None:
            return
        screen.notify("正在导出，完成后会提示。", markup=False, timeout=3)
        screen.run_worker(
            lambda: run(path), thread=True, exclusive=True, exit_on_error=False, group="export"
        )

    screen.app.push_screen(
        TextPrompt(title, f"文件路径，如 {example}", "请填写文件路径。", 200, target), given
    )
