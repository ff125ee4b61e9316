"""The real pieces together: content, settings, window rules, the real search engine and worker."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from zmdhelp.gui.app import build_window, install_excepthook, run_gui
from zmdhelp.settings import Settings

from .conftest import ime_type


@pytest.fixture
def real_window(qtbot, settings_path):
    window = build_window(None, Settings(settings_path))
    qtbot.addWidget(window)
    window.show()
    # the window is usable before the engine is ready: the tree works at once
    assert window.tree_model.rowCount() == 2
    with qtbot.waitSignal(window.worker.prepared, timeout=30_000, raising=False):
        pass
    qtbot.waitUntil(lambda: window.engine.ready, timeout=30_000)
    return window


def test_real_search_open_copy(qtbot, real_window):
    window = real_window
    with qtbot.waitSignal(window.search_done, timeout=5000):
        ime_type(window.search_box, "验证码")
    assert not window.no_result
    top = window.results_model.hits()[0]
    assert top.id == "sms-code"
    assert top.question_spans or top.snippet_spans
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.current.id == "sms-code"
    assert "相关问题" in window.answer_view.toPlainText()
    window.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text.startswith(window.current.question) and "来源：" in text


def test_real_no_result_offers_suggestions(qtbot, real_window):
    window = real_window
    with qtbot.waitSignal(window.search_done, timeout=5000) as blocker:
        ime_type(window.search_box, "医保卡补办")
    assert blocker.args[1] == 0 and window.no_result
    assert window.results_model.rowCount() > 0


@pytest.fixture(autouse=True)
def _keep_pkg_resources(monkeypatch):
    # run_gui hides pkg_resources from jieba for the whole process; not in the test process.
    monkeypatch.setattr("zmdhelp.gui.app.skip_pkg_resources", lambda: None)


def test_self_test_prints_timings_and_exits_zero(capsys, monkeypatch):
    class Args:
        data = None
        self_test = True

    assert run_gui(Args()) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["ok"] is True and out["top_hit"]
    assert {"window_shown_ms", "search_ms", "open_ms", "copy_ms", "in_process_total_ms"} <= set(out["timings"])


def test_self_test_reports_a_failure_in_chinese(capsys, monkeypatch):
    import zmdhelp.gui.self_test as st

    monkeypatch.setattr(st, "QUERY", "医保卡补办")  # a query with no hit must fail the self-test

    class Args:
        data = None
        self_test = True

    assert run_gui(Args()) == 1
    assert "自检失败：搜索“医保卡补办”没有结果" in capsys.readouterr().err


def test_unexpected_errors_are_logged_and_shown(qtbot, monkeypatch, caplog):
    shown: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.critical", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook()
    logger = logging.getLogger("zmdhelp")
    monkeypatch.setattr(logger, "propagate", True)
    try:
        raise ValueError("坏了")
    except ValueError:
        with caplog.at_level(logging.ERROR, logger="zmdhelp"):
            sys.excepthook(*sys.exc_info())
    assert shown and "ValueError: 坏了" in shown[0] and "日志" in shown[0]
    assert any("unexpected error" in r.message for r in caplog.records)


def test_start_up_failure_is_logged_and_shown(qtbot, monkeypatch, capsys):
    import zmdhelp.gui.app as app_module

    shown: list[str] = []
    monkeypatch.setattr(app_module, "_message", lambda title, text: shown.append(text))

    def boom(args):
        raise RuntimeError("模拟故障")

    monkeypatch.setattr(app_module, "run_gui", boom)
    assert app_module.main([]) == 1
    assert "模拟故障" in capsys.readouterr().err
    assert shown and "日志" in shown[0]
