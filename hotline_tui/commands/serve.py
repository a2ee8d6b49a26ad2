"""``hotline-tui serve``: the desk in a browser (textual-serve), one session per tab."""

from __future__ import annotations

import argparse

from hotline_tui.clock import clock_from_environment
from hotline_tui.config import Settings
from hotline_tui.domain.setup import open_store
from hotline_tui.errors import DomainError
from hotline_tui.serve import serve


def main(args: argparse.Namespace, settings: Settings) -> int:
    if not 1 <= args.port <= 65535:
        raise DomainError(f"端口 {args.port} 无效，应在 1 到 65535 之间。")
    if args.host in ("0.0.0.0", "::") and not args.public_url:
        raise DomainError(
            f"监听 {args.host} 时请用 --public-url 给出浏览器访问的地址，如 http://ops-pc:{args.port}"
        )
    # Opened (made, brought up to date) here once: a refusal is said now, in the console,
    # not in each browser; and each session then opens a current file quickly.
    store, _ = open_store(settings, clock_from_environment())
    store.close()
    try:
        serve(settings.db, args.host, args.port, args.public_url)
    except OSError as exc:  # the port taken, the address not this machine's
        raise DomainError(
            f"无法在 {args.host}:{args.port} 上提供服务：{exc.strerror or exc}"
        ) from None
    return 0
