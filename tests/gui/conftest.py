"""Stand-ins for the core objects the main window receives (dangerzone style), and a factory that
builds the real main window around them. No test here opens a modal dialog with exec()."""

from __future__ import annotations

from pathlib import Path

import pytest

from zmdhelp.content import load_content
from zmdhelp.faq import FAQ
from zmdhelp.search.engine import Hit  # the real result type: importing it loads no jieba/whoosh
from zmdhelp.settings import Settings


class StubEngine:
    """Substring search over question and answer: enough to drive the window predictably."""

    def __init__(self, faq: FAQ, ready: bool = True) -> None:
        self.faq = faq
        self.ready = ready
        self.warnings: list[str] = []
        self.prepare_calls = 0
        self.queries: list[str] = []

    def prepare(self) -> None:
        self.prepare_calls += 1
        self.ready = True

    def _hit(self, e, query: str = "") -> Hit:
        snippet = e.answer.replace("\n", "")[:60]
        qs = e.question.find(query) if query else -1
        ss = snippet.find(query) if query else -1
        return Hit(
            e.id, e.question, e.category, 1.0, snippet,
            ((ss, ss + len(query)),) if ss >= 0 else (),
            ((qs, qs + len(query)),) if qs >= 0 else (),
        )

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        assert self.ready, "search() before prepare() would load the dictionary on the GUI thread"
        self.queries.append(query)
        q = query.strip()
        return [self._hit(e, q) for e in self.faq if q and (q in e.question or q in e.answer)][:limit]

    def suggest(self, query: str, limit: int = 5) -> list[Hit]:
        return [self._hit(e) for e in self.faq][:limit]

    def related(self, entry_id: str, limit: int = 5) -> list[Hit]:
        entry = self.faq.get(entry_id)
        same = [e for e in self.faq if e.category == entry.category and e.id != entry_id]
        return [self._hit(e) for e in same][:limit]


@pytest.fixture(scope="session", autouse=True)
def _release_clipboard(qapp):
    """Offscreen, the clipboard outlives the interpreter: empty it so the process exits cleanly."""
    yield
    from zmdhelp.gui.app import release_clipboard

    release_clipboard(qapp)


@pytest.fixture
def faq() -> FAQ:
    return load_content().value


@pytest.fixture
def settings_path(user_home: Path) -> Path:
    return user_home / "config" / "settings.json"


@pytest.fixture
def make_window(qtbot, faq, settings_path):
    """make_window(engine=None, rules=None, **kw) -> MainWindow around stand-ins, shown."""
    from zmdhelp.gui.main_window import MainWindow

    from zmdhelp.window import load_rules

    def make(engine=None, rules=None, settings=None, **kw):
        kw.setdefault("start_worker", False)
        settings = settings if settings is not None else Settings(settings_path)
        window = MainWindow(
            faq,
            engine if engine is not None else StubEngine(faq),
            settings,
            rules if rules is not None else load_rules(None, settings).value,
            reload_rules=kw.pop("reload_rules", lambda: load_rules(None, settings)),
            **kw,
        )
        qtbot.addWidget(window)
        window.show()
        return window

    return make


def ime_type(widget, text: str) -> None:
    """Type Chinese as an input method does: one committed string per character.

    QTest.keyClicks only knows ASCII keys (it aborts on 汉字); a real clerk's IME delivers
    QInputMethodEvent commits, which is what the search box receives here.
    """
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        event = QInputMethodEvent("", [])
        event.setCommitString(ch)
        QApplication.sendEvent(widget, event)
