"""The log file: warnings and errors, tracebacks included, where an operator finds them.

A traceback on an SSH session's screen goes with the session; the log file stays:
``hotline-tui.log`` in the user's log directory (or ``HOTLINE_LOG_DIR``), rotated at
1 MB, five kept.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs

from hotline_tui.config import APP_DIR_NAME
from hotline_tui.private_files import make_private

LOGGER = "hotline_tui"
FILE_NAME = "hotline-tui.log"
MAX_BYTES = 1_000_000
KEEP = 5

log = logging.getLogger(LOGGER)


class _LogFile(RotatingFileHandler):
    """Made (folder and all) by the first line written, not by every start."""

    def _open(self):
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        stream = super()._open()
        # What went wrong, with names and file paths in it: private, whatever the umask.
        make_private(self.baseFilename)
        return stream


def log_file(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    folder = env.get("HOTLINE_LOG_DIR") or platformdirs.user_log_dir(APP_DIR_NAME)
    return Path(folder) / FILE_NAME


def setup_logging(environ: Mapping[str, str] | None = None) -> Path:
    """Send the desk's warnings and errors to the log file (once per file; again when
    the place changes). Returns the file."""
    path = log_file(environ)
    for handler in list(log.handlers):
        if isinstance(handler, RotatingFileHandler):
            if Path(handler.baseFilename) == path.absolute():
                return path
            log.removeHandler(handler)
            handler.close()
    handler = _LogFile(path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8", delay=True)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s")
    )
    log.addHandler(handler)
    log.setLevel(logging.WARNING)
    log.propagate = False  # never onto the terminal the app is drawing on
    return path


def logged(what: str, exc: BaseException) -> str:
    """Write ``exc`` with its traceback to the log; the sentence that says where."""
    path = setup_logging()
    log.error("%s: %r", what, exc, exc_info=(type(exc), exc, exc.__traceback__))
    return f"详情已写入 {path}"
