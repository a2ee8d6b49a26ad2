"""Exports started from a screen: ask where, then write in a worker, never blocking the UI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hotline_tui.errors import DomainError
from hotline_tui.exports.files import check_target, write_whole
from hotline_tui.screens.kit.base import DeskScreen
from hotline_tui.screens.kit.dialogs import TextPrompt


def export_in_background(
    screen: DeskScreen,
    title: str,
    example: str,
    suffixes: tuple[str, ...],
    write: Callable[[Path], str],
) -> None:
    """Ask for a file path, then run ``write(temp_path)`` in a thread. It returns what
    was exported ("已导出 113 人的考勤表"); the user is told that and where. The file
    appears only when whole."""

    def run(path: Path) -> None:
        app = screen.app
        try:
            check_target(path, suffixes)
            what = write_whole(path, write)
        except DomainError as exc:
            app.call_from_thread(
                screen.notify, exc.message, severity="error", markup=False, timeout=8
            )
            return
        app.call_from_thread(screen.notify, f"{what}到 {path}", markup=False)

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
