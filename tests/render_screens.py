"""Render the main states of the window to PNG, offscreen, with a CJK font.

    .venv/bin/python tests/render_screens.py [FOLDER]     (default: resources/screenshots)

Writes home.png, search.png, answer.png, no-result.png and month.png. Uses the real content, the
real search engine and a fixed clock (a day inside the submission window) so that the pictures
are the same from run to run. User folders go to a temporary directory: nothing of the clerk's
settings is read or changed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

REPO = Path(__file__).resolve().parent.parent
CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC")
CLOCK = dt.datetime(2026, 11, 20, 9, 30)
SIZE = (1100, 720)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else REPO / "resources" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    os.environ["ZMDHELP_HOME"] = tempfile.mkdtemp(prefix="zmdhelp-shots-")

    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    app = QApplication(["zmdhelp"])
    family = next((f for f in CJK_FONTS if f in QFontDatabase.families()), None)
    if family is None:
        print("找不到中文字体（例如 fonts-wqy-microhei），截图会显示方框，已停止。", file=sys.stderr)
        return 1
    font = QFont(family)
    font.setPointSize(10)
    app.setFont(font)

    from zmdhelp.content import load_content
    from zmdhelp.gui.app import make_app
    from zmdhelp.gui.main_window import MainWindow
    from zmdhelp.search import SearchEngine
    from zmdhelp.settings import Settings
    from zmdhelp.window import load_rules

    make_app()  # icon and names on the existing application
    faq = load_content().value
    settings = Settings()
    # A desk that has used the app for a while: a few favourites and view counts.
    settings.set("favourites", ["certificate-password", "submission-time"])
    settings.set("views", {"sms-code": 7, "certificate-password": 5, "submission-time": 4, "wage-base": 2})
    settings.set("recent", ["sms-code", "wage-base", "certificate-password"])
    rules = load_rules(None, settings).value
    engine = SearchEngine(faq, window_phrase=rules.phrase())
    engine.prepare()
    window = MainWindow(faq, engine, settings, rules, clock=lambda: CLOCK, start_worker=False)
    window.resize(*SIZE)
    window.show()

    def shot(name: str, widget=None) -> None:
        for _ in range(3):
            app.processEvents()
        path = out / name
        (widget or window).grab().save(str(path))
        print(path)

    shot("home.png")
    window.search_box.setText("证书密码忘了")
    window.run_search()
    shot("search.png")
    window.search_box.setText("几号可以申报")  # what a clerk types before opening this answer
    window.run_search()
    window.open_entry("submission-time", record=False)
    shot("answer.png")
    window.search_box.setText("医保卡补办")
    window.run_search()
    shot("no-result.png")
    dialog = window.indicator.open_month_view()
    dialog.adjustSize()
    shot("month.png", dialog)
    dialog.close()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
