"""Qt speaks Chinese and keeps its diagnostics in the log."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from zmdhelp.gui.app import make_app


def test_qt_standard_texts_are_chinese(qapp):
    app = make_app()
    assert app is qapp
    assert app.property("zmdhelp_translator") is True
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_qt_warnings_go_to_the_log_not_the_console(qapp, caplog, capfd):
    import logging

    from PySide6.QtCore import qInstallMessageHandler, qWarning

    from zmdhelp.gui.app import route_qt_messages

    qt_log = logging.getLogger("zmdhelp.qt")
    qt_log.addHandler(caplog.handler)  # the app's "zmdhelp" logger may not propagate to the root
    route_qt_messages()
    try:
        qWarning("zmdhelp test warning")
    finally:
        qInstallMessageHandler(None)
        qt_log.removeHandler(caplog.handler)
    messages = {(r.levelno, r.getMessage()) for r in caplog.records if r.name == "zmdhelp.qt"}
    assert messages == {(logging.WARNING, "zmdhelp test warning")}
    assert "zmdhelp test warning" not in capfd.readouterr().err
