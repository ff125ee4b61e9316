"""Logging to a file in the per-user log folder (a windowed build has no console)."""

from __future__ import annotations

import logging
import logging.handlers

from . import paths

_done = False


def setup_logging(level: int = logging.INFO) -> None:
    global _done
    if _done:
        return
    _done = True
    root = logging.getLogger("zmdhelp")
    root.setLevel(level)
    root.propagate = False
    try:
        paths.log_dir().mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.log_file(), maxBytes=512_000, backupCount=2, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()  # a read-only home: run without a log, never fail
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    logging.getLogger("jieba").setLevel(logging.WARNING)
