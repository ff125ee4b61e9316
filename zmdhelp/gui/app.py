"""Start the desktop app: ``run_gui(args)`` (from the ``zmdhelp`` command) and ``main()`` (the
``zmdhelp-gui`` windowed entry point).

Start-up order matters for speed: Qt, then the FAQ and window rules (a few ms), then the search
engine, whose slow ``prepare`` (dictionary, index) starts on a background thread at once, while Qt
builds and shows the window. The window's PrepareWorker reports readiness by a signal. Modules
only needed later (printing, dialogs) are imported when first used.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path
from typing import Any, Sequence

from .. import APP_NAME, APP_TITLE, paths

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAIL, EXIT_DATA = 0, 1, 2


def skip_pkg_resources() -> None:
    """Make ``import pkg_resources`` fail in this process, before jieba is imported.

    jieba 0.42 only uses pkg_resources to locate its own dictionary and falls back to a plain path
    next to its module when the import fails; importing it costs about 70 ms of start-up (measured),
    and nothing else in the desktop app uses it. Done only in the GUI process.
    """
    sys.modules.setdefault("pkg_resources", None)  # type: ignore[arg-type]


def install_excepthook() -> None:
    """Unexpected errors go to the log and a message box: a windowed build has no console, and a
    silent death would leave the clerk with a vanished window."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        try:
            from PySide6.QtWidgets import QApplication, QMessageBox

            if QApplication.instance() is not None:
                QMessageBox.critical(
                    None,
                    "意外错误",
                    f"程序遇到意外错误：{exc_type.__name__}: {exc}\n\n程序会尽量继续运行。"
                    f"详细信息已写入日志：\n{paths.log_file()}",
                )
        except Exception:  # the message box itself failed: the log still has it
            log.exception("could not show the error message box")

    sys.excepthook = hook


IN_PROCESS_CLIPBOARDS = ("offscreen", "minimal")


def release_clipboard(app: Any) -> None:
    """Drop our clipboard data before Python shuts down, where the clipboard is in-process only.

    Offscreen Qt keeps the clipboard in a C++ static that outlives the interpreter; destroying a
    QMimeData made from Python at that point crashes the process at exit. Real platforms hand the
    data to the system clipboard, so there we leave it alone: the clerk may paste after closing.
    """
    if app.platformName() in IN_PROCESS_CLIPBOARDS:
        app.clipboard().clear()


def icon_path() -> Path | None:
    # One icon for the window and the bundle: drawn by resources/bundle/make_icon.py.
    for name in ("icon.png", "bundle/zmdhelp.png"):
        p = paths.resources_dir() / name
        if p.is_file():
            return p
    return None


def install_qt_translations(app: Any) -> bool:
    """Qt's own texts (standard buttons, file and print dialogs, context menus) in Chinese."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if app.property("zmdhelp_translator"):
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder):
        log.info("Qt's Chinese translation not found in %s", folder)
        return False
    app.installTranslator(translator)
    app.setProperty("zmdhelp_translator", True)
    return True


def make_app(argv: Sequence[str] | None = None) -> Any:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv or [APP_NAME]))
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    icon = icon_path()
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    install_qt_translations(app)
    if not app.property("zmdhelp_clipboard_hook"):
        app.aboutToQuit.connect(lambda: release_clipboard(app))
        app.setProperty("zmdhelp_clipboard_hook", True)
    return app


def build_window(data: Path | None, settings: Any = None, *, start_worker: bool = True) -> Any:
    """Load content, settings and window rules and create the real main window (not shown)."""
    from ..content import load_content
    from ..search import SearchEngine
    from ..settings import Settings
    from ..window import load_rules
    from .main_window import MainWindow

    loaded = load_content(data)
    settings = settings if settings is not None else Settings()
    rules = load_rules(data, settings)
    engine = SearchEngine(loaded.value, data=data, window_phrase=rules.value.phrase())
    if start_worker:
        # Begin the slow part now, while Qt builds the window; the window's PrepareWorker then
        # only waits for it (prepare() is idempotent and thread-safe) and reports by a signal.
        threading.Thread(target=_prepare_quietly, args=(engine,), name="zmdhelp-prepare", daemon=True).start()
    return MainWindow(
        loaded.value,
        engine,
        settings,
        rules.value,
        content_path=loaded.path,
        reload_rules=lambda: load_rules(data, settings),
        warnings=loaded.warnings + rules.warnings,
        start_worker=start_worker,
    )


def _prepare_quietly(engine: Any) -> None:
    try:
        engine.prepare()
    except Exception:  # the PrepareWorker calls prepare() again and reports the error
        log.info("early prepare failed; the worker will retry and report", exc_info=True)


def _message(title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, title, text)


def route_qt_messages() -> None:
    """Qt's own diagnostics go to the log file, not to the user's console."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    qt_log = logging.getLogger("zmdhelp.qt")

    def handler(msg_type: Any, context: Any, message: str) -> None:
        qt_log.log(levels.get(msg_type, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def run_gui(args: Any) -> int:
    data = getattr(args, "data", None)
    skip_pkg_resources()
    route_qt_messages()
    if getattr(args, "self_test", False):
        from .self_test import run_self_test

        return run_self_test(data)
    from ..errors import DataError

    app = make_app(sys.argv[:1])
    install_excepthook()
    try:
        window = build_window(data)
    except DataError as exc:  # only when even the bundled content is broken (a bad build)
        log.error("content unusable: %s", exc)
        _message("内容无法读取", f"问答内容文件有错误，程序无法启动：\n\n{exc}")
        return EXIT_DATA
    window.show()
    window.search_box.setFocus()
    code = int(app.exec())
    release_clipboard(app)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the windowed build: a small parser (no subcommand plugins to import)."""
    from ..logs import setup_logging

    setup_logging()
    parser = argparse.ArgumentParser(prog="zmdhelp-gui", add_help=False)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--self-test", action="store_true")
    args, _unknown = parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))
    try:
        return run_gui(args)
    except Exception as exc:
        log.exception("unexpected error at start-up")
        text = f"程序启动失败：{exc.__class__.__name__}: {exc}\n详细信息见日志：{paths.log_file()}"
        if sys.stderr is not None:
            print(text, file=sys.stderr)
        try:  # a windowed build has no console: say it in a message box too
            from PySide6.QtWidgets import QApplication

            if QApplication.instance() is not None:
                _message("程序无法启动", text)
        except Exception:
            log.exception("could not show the start-up error")
        return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
