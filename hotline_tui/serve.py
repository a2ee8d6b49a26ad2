"""`hotline-tui serve`: the desk in the office's browsers (textual-serve).

Each browser gets a process of its own running the desk on the same database, and
signs in with a PIN like any terminal (there is no ``--as`` here); the idle lock is
the app's own. The page is ours (``web/app_index.html``): textual-serve's fetches a
web font from Google, and nothing on this page may leave the machine.

Each desk is a process of some 70 MB: a WebSocket starts one only when it comes from
this server's own page (its Origin), and only while fewer than ``max_desks`` are
running, and fewer than ``PER_ADDRESS`` for the address asking. A refused page says
why, in Chinese.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import socket
import ssl
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

TEMPLATES = Path(__file__).resolve().parent / "web"
TITLE = "西城热线值班台"
MAX_DESKS = 8
PER_ADDRESS = 3  # tabs one office PC may keep open at once


def refusal_page(text: str, status: int) -> web.Response:
    body = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{TITLE}</title></head><body><p>{text}</p></body></html>"
    )
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


class DeskServer(Server):
    def __init__(
        self,
        command: str,
        *,
        max_desks: int = MAX_DESKS,
        ssl_context: ssl.SSLContext | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(command, **kwargs)
        self.max_desks = max_desks
        self.ssl_context = ssl_context
        self.live: Counter[str] = Counter()  # running desks by the address that asked

    async def on_startup(self, app: object) -> None:
        # In place of the English banner and logo: where to point the browsers.
        self.console.print(f"值班台已在 {self.public_url} 上提供浏览器访问，按 Ctrl+C 停止。")

    def own_origin(self, request: web.Request) -> bool:
        """A browser's WebSocket from this server's own page: its Origin is this server."""
        origin = request.headers.get("Origin", "")
        ours = {urlsplit(self.public_url).netloc, request.host}
        return urlsplit(origin).netloc in ours and urlsplit(origin).scheme in ("http", "https")

    def full(self, address: str) -> str:
        """Why no desk may start for ``address`` now; "" when one may."""
        if sum(self.live.values()) >= self.max_desks:
            return f"值班台已有 {self.max_desks} 个浏览器会话在使用，请关闭不用的页面后再试。"
        if self.live[address] >= PER_ADDRESS:
            return f"这台电脑已打开 {PER_ADDRESS} 个值班台页面，请先关闭不用的页面。"
        return ""

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        said = self.full(request.remote or "")
        if said:
            return refusal_page(said, 503)
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        if not self.own_origin(request):
            return refusal_page("只接受本服务器页面的连接。", 403)
        address = request.remote or ""
        said = self.full(address)
        if said:
            return refusal_page(said, 503)
        self.live[address] += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.live[address] -= 1

    async def web_app(self) -> web.Application:
        """The aiohttp application: textual-serve's routes, with the checks above."""
        return await self._make_app()

    def serve(self, debug: bool = False) -> None:
        """Textual-serve's own, with TLS when a certificate is given."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.request_exit)
        web.run_app(
            self.web_app(),
            host=self.host,
            port=self.port,
            ssl_context=self.ssl_context,
            handle_signals=False,
            loop=loop,
            print=lambda *args: None,
        )


def desk_command() -> str:
    """The command each browser's session runs: this Python, this package. Its database
    comes in HOTLINE_DB (a server's address and password stay off the process list)."""
    return shlex.join([sys.executable, "-m", "hotline_tui", "run", "--served"])


def port_free(host: str, port: int) -> None:
    """Raises OSError when the port cannot be had: said before anything says it serves."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def tls_context(certfile: Path, keyfile: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certfile, keyfile)
    return context


def serve(
    db: str,
    host: str,
    port: int,
    public_url: str | None = None,
    *,
    max_desks: int = MAX_DESKS,
    ssl_context: ssl.SSLContext | None = None,
    command: str | None = None,
) -> None:
    os.environ["HOTLINE_DB"] = db  # each session's process inherits it
    port_free(host, port)
    server = DeskServer(
        command or desk_command(),
        host=host,
        port=port,
        title=TITLE,
        public_url=public_url,
        templates_path=TEMPLATES,
        max_desks=max_desks,
        ssl_context=ssl_context,
    )
    if ssl_context is not None and public_url is None:
        server.public_url = f"https://{host}:{port}"
    server.serve()
