"""Qt's own dialogs and buttons speak Chinese."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from zmdhelp.gui.app import make_app


def test_qt_standard_texts_are_chinese(qapp):
    app = make_app()
    assert app is qapp
    assert app.property("zmdhelp_translator") is True
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
