"""`hotline-tui serve`: the desk in the office's browsers (textual-serve).

Each browser gets a process of its own running the desk on the same database, and
signs in with a PIN like any terminal (there is no ``--as`` here); the idle lock is
the app's own. The page is ours (``web/app_index.html``): textual-serve's fetches a
web font from Google, and nothing on this page may leave the machine.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from textual_serve.server import Server

TEMPLATES = Path(__file__).resolve().parent / "web"
TITLE = "西城热线值班台"


class DeskServer(Server):
    async def on_startup(self, app: object) -> None:
        # In place of the English banner and logo: where to point the browsers.
        self.console.print(f"值班台已在 {self.public_url} 上提供浏览器访问，按 Ctrl+C 停止。")


def desk_command() -> str:
    """The command each browser's session runs: this Python, this package. Its database
    comes in HOTLINE_DB (a server's address and password stay off the process list)."""
    return shlex.join([sys.executable, "-m", "hotline_tui", "run"])


def serve(db: str, host: str, port: int, public_url: str | None = None) -> None:
    os.environ["HOTLINE_DB"] = db  # each session's process inherits it
    server = DeskServer(
        desk_command(),
        host=host,
        port=port,
        title=TITLE,
        public_url=public_url,
        templates_path=TEMPLATES,
    )
    server.serve()
