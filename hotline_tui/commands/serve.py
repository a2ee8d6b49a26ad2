"""``hotline-tui serve``: the desk in a browser (textual-serve), one session per tab."""

from __future__ import annotations

import argparse
import ssl
from pathlib import Path

from hotline_tui.clock import clock_from_environment
from hotline_tui.config import Settings
from hotline_tui.domain.setup import open_store
from hotline_tui.errors import DomainError
from hotline_tui.serve import serve, tls_context

LOCAL = ("127.0.0.1", "localhost", "::1")


def main(args: argparse.Namespace, settings: Settings) -> int:
    if not 1 <= args.port <= 65535:
        raise DomainError(f"端口 {args.port} 无效，应在 1 到 65535 之间。")
    if args.host in ("0.0.0.0", "::") and not args.public_url:
        raise DomainError(
            f"监听 {args.host} 时请用 --public-url 给出浏览器访问的地址，如 https://ops-pc:{args.port}"
        )
    if bool(args.certfile) != bool(args.keyfile):
        raise DomainError("--certfile 和 --keyfile 要一起给出（证书和它的私钥）。")
    # PINs cross the network: in clear only on this machine, or when told so.
    if args.host not in LOCAL and not args.certfile and not args.insecure:
        raise DomainError(
            f"在 {args.host} 上提供服务时 PIN 会经过网络：请用 --certfile 和 --keyfile 启用 HTTPS，"
            "或在前面放一个 HTTPS 反向代理并加 --insecure（见 docs/security.md）。"
        )
    context = None
    if args.certfile:
        try:
            context = tls_context(Path(args.certfile), Path(args.keyfile))
        except (OSError, ssl.SSLError) as exc:
            raise DomainError(f"无法读取证书或私钥：{exc}") from None
    # Opened (made, brought up to date) here once: a refusal is said now, in the console,
    # not in each browser; and each session then opens a current file quickly.
    store, _ = open_store(settings, clock_from_environment())
    store.close()
    try:
        serve(settings.db, args.host, args.port, args.public_url,
              max_desks=settings.serve_max_desks, ssl_context=context)  # fmt: skip
    except OSError as exc:  # the port taken, the address not this machine's
        raise DomainError(
            f"无法在 {args.host}:{args.port} 上提供服务：{exc.strerror or exc}"
        ) from None
    return 0
