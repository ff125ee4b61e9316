"""QA: odd settings and odd input must not crash the window or stretch it off the screen."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QApplication

from zmdhelp.gui.dialogs import MAX_POINT, MIN_POINT
from zmdhelp.settings import Settings


def _write(settings_path, values: dict) -> Settings:
    settings_path.parent.mkdir(parents=True, exist_ok=True)
    settings_path.write_text(json.dumps(values), encoding="utf-8")
    return Settings(settings_path)


@pytest.mark.parametrize(
    "values",
    [
        {"views": {"sms-code": "x"}},
        {"views": {"sms-code": None}},
        {"favourites": [["a"], "sms-code"]},
        {"recent": [{"a": 1}]},
    ],
)
def test_hand_edited_settings_do_not_stop_the_window(make_window, settings_path, values):
    window = make_window(settings=_write(settings_path, values))
    window.open_entry("sms-code")  # records a view, refreshes the home page
    assert window.settings.get("views")["sms-code"] >= 1


@pytest.mark.parametrize("size", [True, -5, 3, 100000])
def test_text_size_from_settings_stays_readable(make_window, settings_path, size):
    window = make_window(settings=_write(settings_path, {"ui.font_size": size}))
    point = window.font().pointSizeF()
    assert MIN_POINT <= point <= MAX_POINT or point == window._base_point


LONG = "x" * 300


def test_long_unbroken_query_does_not_widen_the_window(qtbot, make_window):
    window = make_window()
    window.resize(1000, 680)
    QApplication.processEvents()
    before = window.minimumSizeHint().width()
    window.search_box.setText(LONG)
    window.run_search()
    assert window.no_result
    QApplication.processEvents()  # layouts are activated on the event loop
    assert window.minimumSizeHint().width() <= max(before, 1000)


def test_long_path_in_a_warning_does_not_widen_the_window(qtbot, make_window):
    window = make_window()
    window.resize(1000, 680)
    QApplication.processEvents()
    before = window.minimumSizeHint().width()
    window.add_warnings([f"/{LONG}/faq.toml 无法使用，已改用内置内容"])
    assert window.banner.isVisible()
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= max(before, 1000)
