"""``zmdhelp --self-test``: the real main window offscreen, one search, open the top hit, copy it,
check the clipboard, print timings as JSON. Exit 0, or 1 with a Chinese reason on stderr.

The self-test uses a temporary settings file so that it never changes the clerk's favourites or
view counts; it does use the real search-index cache (that is part of what it checks).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

QUERY = "证书密码"
TIMEOUT_MS = 30_000


class SelfTestFailure(Exception):
    pass


def _process_age_ms() -> float | None:
    """Milliseconds since this process started (Linux only; None elsewhere)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return round((uptime - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000, 1)
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def run_self_test(data: Path | None) -> int:
    t0 = time.perf_counter()
    timings: dict[str, float | None] = {}

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        timings[name] = round((now - since) * 1000, 1)
        return now

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        with tempfile.TemporaryDirectory(prefix="zmdhelp-selftest-") as tmp:
            code = _run(data, Path(tmp), timings, lap, t0)
    except SelfTestFailure as exc:
        print(f"自检失败：{exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # any other error is a failure too, never a traceback
        print(f"自检失败：意外错误 {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1
    return code


def _run(data, tmp: Path, timings, lap, t0: float) -> int:
    from ..settings import Settings
    from .app import build_window, make_app

    t = lap("import_ms", t0)
    app = make_app(["zmdhelp"])
    t = lap("app_ms", t)
    window = build_window(data, Settings(tmp / "settings.json"))
    window.show()
    app.processEvents()
    t = lap("window_shown_ms", t)
    timings["window_shown_since_process_start_ms"] = _process_age_ms()

    from PySide6.QtCore import QEventLoop, QTimer

    if not window.engine.ready:
        loop = QEventLoop()
        window.worker.prepared.connect(loop.quit)
        window.worker.failed.connect(loop.quit)
        failure: list[str] = []
        window.worker.failed.connect(failure.append)
        QTimer.singleShot(TIMEOUT_MS, loop.quit)
        if not window.worker.isFinished():
            loop.exec()
        if failure:
            raise SelfTestFailure(failure[0])
        app.processEvents()
    if not window.engine.ready:
        raise SelfTestFailure("搜索功能在规定时间内没有准备好")
    t = lap("search_ready_wait_ms", t)

    window.search_box.setText(QUERY)
    window.run_search()
    hits = window.results_model.hits()
    if not hits or window.no_result:
        raise SelfTestFailure(f"搜索“{QUERY}”没有结果")
    t = lap("search_ms", t)

    window.open_current_result()
    if window.current is None or window.current.id != hits[0].id:
        raise SelfTestFailure("没有打开第一个搜索结果")
    t = lap("open_ms", t)

    window.copy_current(answer_only=False)
    mime = app.clipboard().mimeData()
    text = mime.text() if mime is not None else ""
    if window.current.question not in text or "来源" not in text:
        raise SelfTestFailure("剪贴板中没有复制的答复")
    if mime is None or not mime.hasHtml() or "<p>" not in mime.html():
        raise SelfTestFailure("剪贴板中缺少 HTML 格式")
    mime = None  # the clipboard owns it; keep no Python reference past release_clipboard
    t = lap("copy_ms", t)

    window.close()
    from .app import release_clipboard

    release_clipboard(app)
    timings["in_process_total_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    timings["process_age_ms"] = _process_age_ms()
    result = {"ok": True, "query": QUERY, "top_hit": hits[0].id, "timings": timings}
    if sys.stdout is not None:
        print(json.dumps(result, ensure_ascii=False))
    return 0
