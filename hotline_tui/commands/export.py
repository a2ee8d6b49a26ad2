"""``hotline-tui export KIND``: each kind of export is its own module (export_<kind>.py),
loaded alone: a staff list does not import the PDF maker."""

from __future__ import annotations

import argparse

from hotline_tui import seam
from hotline_tui.config import Settings


def main(args: argparse.Namespace, settings: Settings) -> int:
    return int(seam.command(f"export_{args.kind}").main(args, settings))
