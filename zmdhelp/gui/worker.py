"""Slow start-up work (jieba's dictionary, the search index) on a worker thread.

The window is shown and usable before this finishes; the result comes back by a signal, which Qt
delivers on the GUI thread (queued connection across threads).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QThread, Signal

log = logging.getLogger(__name__)


class PrepareWorker(QThread):
    prepared = Signal(float)  # seconds taken
    failed = Signal(str)  # a Chinese sentence

    def __init__(self, engine: Any, parent=None) -> None:
        super().__init__(parent)
        self.engine = engine

    def run(self) -> None:
        start = time.perf_counter()
        try:
            self.engine.prepare()
        except Exception as exc:  # never let a worker die silently: report it to the window
            log.exception("search preparation failed")
            self.failed.emit(f"搜索功能准备失败：{exc}。可以继续从左侧分类浏览问题。")
            return
        self.prepared.emit(time.perf_counter() - start)
