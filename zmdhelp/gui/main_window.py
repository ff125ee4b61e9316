"""The main window: category tree, search, answer, home page, status bar.

The window receives the core objects (FAQ, search engine, settings, window rules) through its
constructor and only shows and wires them, so tests can hand it stand-ins. Slow work (the search
engine's ``prepare``) runs on :class:`~zmdhelp.gui.worker.PrepareWorker`; until it reports, the
tree and the answers work and a typed query waits.
"""

from __future__ import annotations

import base64
import logging
from pathlib import Path
from typing import Any, Callable, Sequence

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from .. import APP_TITLE, paths
from ..clipboard import clip_for
from ..faq import FAQ, Entry
from .answer_view import AnswerView
from .dialogs import MAX_POINT, MIN_POINT
from .home_view import HomeView
from .models import ENTRY_ID_ROLE, CategoryTreeModel, ResultsModel
from .results_view import ResultsView
from .search_box import SearchBox

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
RESULT_LIMIT = 20
RECENT_MAX = 20
FREQUENT_MAX = 8
LARGE_TEXT_FACTOR = 1.5
COPIED_MS = 1500
QUERY_SHOWN = 30  # characters of a query quoted back in the no-result message

PAGE_HOME, PAGE_RESULTS, PAGE_ANSWER = range(3)


class MainWindow(QMainWindow):
    copied = Signal(str)  # the plain text put on the clipboard
    entry_opened = Signal(str)
    search_done = Signal(str, int)  # query, number of hits (0 = the no-result state is shown)

    def __init__(
        self,
        faq: FAQ,
        engine: Any,
        settings: Any,
        rules: Any,
        *,
        content_path: Path | None = None,
        reload_rules: Callable[[], Any] | None = None,
        warnings: Sequence[str] = (),
        clock: Callable[[], Any] | None = None,
        start_worker: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.faq = faq
        self.engine = engine
        self.settings = settings
        self.rules = rules
        self.content_path = content_path
        self.reload_rules = reload_rules
        self.clock = clock
        self.current: Entry | None = None
        self.no_result = False  # the results page shows suggestions, not hits
        self.worker = None
        self._syncing = False  # set while the tree follows the results, so it opens nothing
        self._shown_warnings: set[str] = set()
        self._base_point = QGuiApplication.font().pointSizeF() or 10.0

        self.setWindowTitle(APP_TITLE)
        self._build_widgets()
        self._build_actions()
        self._wire()
        self.apply_text_size()
        self.refresh_home()
        self._restore_geometry()
        self.add_warnings(list(warnings) + ([settings.warning] if getattr(settings, "warning", "") else []))
        if start_worker:
            self.start_prepare()
        elif getattr(engine, "ready", False):
            self.search_state.hide()

    # ------------------------------------------------------------------ building
    def _build_widgets(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 8, 8, 4)

        self.banner = QFrame(central)
        self.banner.setStyleSheet("QFrame{background:#fff3bf;border:1px solid #e0a800;border-radius:4px}")
        banner_layout = QHBoxLayout(self.banner)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setWordWrap(True)
        self.banner_label.setStyleSheet("border:none")
        self.banner_label.setAccessibleName("数据提示")
        # Warnings quote file paths, which cannot wrap: let the label clip a long one rather than
        # widen the whole window beyond the screen.
        self.banner_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.banner_details = QPushButton("详情…", self.banner)
        self.banner_details.setAccessibleName("查看数据提示详情")
        self.banner_close = QPushButton("知道了", self.banner)
        self.banner_close.setAccessibleName("关闭数据提示")
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.banner_details)
        banner_layout.addWidget(self.banner_close)
        self._warning_details: list[str] = []
        self.details_box: QMessageBox | None = None
        self.banner.hide()
        outer.addWidget(self.banner)

        self.search_box = SearchBox(central)
        outer.addWidget(self.search_box)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.tree_model = CategoryTreeModel(self.faq, self)
        self.tree = QTreeView(self.splitter)
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("问题分类")
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setUniformRowHeights(True)
        for row in range(self.tree_model.rowCount()):
            self.tree.expand(self.tree_model.index(row, 0))

        self.stack = QStackedWidget(self.splitter)
        self.home = HomeView(self.stack)
        self.stack.addWidget(self.home)

        results_page = QWidget(self.stack)
        rl = QVBoxLayout(results_page)
        rl.setContentsMargins(0, 0, 0, 0)
        self.results_label = QLabel(results_page)
        self.results_label.setWordWrap(True)
        self.results_label.setAccessibleName("搜索状态")
        self.results_model = ResultsModel(self)
        self.results_view = ResultsView(results_page)
        self.results_view.setModel(self.results_model)
        rl.addWidget(self.results_label)
        rl.addWidget(self.results_view, 1)
        self.stack.addWidget(results_page)

        answer_page = QWidget(self.stack)
        al = QVBoxLayout(answer_page)
        al.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.back_button = QPushButton("← 返回搜索结果", answer_page)
        self.back_button.setAccessibleName("返回搜索结果")
        self.copy_button = QPushButton("复制答案", answer_page)
        self.copy_button.setAccessibleName("复制答案")
        self.copy_button.setToolTip("复制问题、答复和来源（Ctrl+Shift+C）")
        self.favourite_button = QPushButton("☆ 收藏", answer_page)
        self.favourite_button.setCheckable(True)
        self.favourite_button.setAccessibleName("收藏此问题")
        self.print_button = QPushButton("打印…", answer_page)
        self.print_button.setAccessibleName("打印答复")
        self.pdf_button = QPushButton("导出 PDF…", answer_page)
        self.pdf_button.setAccessibleName("导出 PDF")
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        for b in (self.copy_button, self.favourite_button, self.print_button, self.pdf_button):
            bar.addWidget(b)
        al.addLayout(bar)
        self.answer_view = AnswerView(answer_page)
        al.addWidget(self.answer_view, 1)
        self.stack.addWidget(answer_page)

        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([360, 600])
        outer.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        # Status bar: search state, the submission-window indicator and its settings button.
        self.search_state = QLabel("正在准备搜索…", self)
        self.search_state.setAccessibleName("搜索准备状态")
        self.statusBar().addPermanentWidget(self.search_state)
        self.indicator = self._make_indicator()
        self.statusBar().addPermanentWidget(self.indicator)
        self.window_button = QToolButton(self)
        self.window_button.setText("申报日期…")
        self.window_button.setAccessibleName("设置申报日期")
        self.window_button.setToolTip("设置本单位核实过的每月申报起止日")
        self.statusBar().addPermanentWidget(self.window_button)

        # Keyboard order: search, tree, the page on the right, then its buttons.
        QWidget.setTabOrder(self.search_box, self.tree)
        QWidget.setTabOrder(self.tree, self.results_view)
        QWidget.setTabOrder(self.results_view, self.answer_view)
        QWidget.setTabOrder(self.answer_view, self.copy_button)
        QWidget.setTabOrder(self.copy_button, self.favourite_button)
        QWidget.setTabOrder(self.favourite_button, self.print_button)
        QWidget.setTabOrder(self.print_button, self.pdf_button)
        QWidget.setTabOrder(self.pdf_button, self.back_button)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self._copied_timer = QTimer(self)
        self._copied_timer.setSingleShot(True)
        self._copied_timer.setInterval(COPIED_MS)

    def _make_indicator(self) -> QWidget:
        from .window_status import WindowIndicator

        indicator = WindowIndicator(self.rules, clock=self.clock, parent=self)
        indicator.setAccessibleName("申报时间状态（回车查看月历）")
        return indicator

    def _action(self, text: str, slot: Callable, shortcuts: Sequence[Any] = (), checkable: bool = False) -> QAction:
        act = QAction(text, self)
        if shortcuts:
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
        act.setCheckable(checkable)
        act.triggered.connect(slot)
        self.addAction(act)  # shortcuts work wherever the focus is
        return act

    def _build_actions(self) -> None:
        self.act_find = self._action("查找(&F)", self.focus_search, ["Ctrl+F", "Ctrl+K"])
        self.act_home = self._action("首页(&H)", self.show_home, ["Alt+Home"])
        self.act_copy = self._action("复制答案(&C)", self.copy_current, ["Ctrl+Shift+C"])
        self.act_copy_only = self._action("仅复制答复正文(&O)", lambda: self.copy_current(answer_only=True))
        self.act_answer_only = self._action("“复制答案”只复制正文(&A)", self.set_copy_answer_only, checkable=True)
        self.act_answer_only.setChecked(bool(self.settings.get("ui.copy_answer_only")))
        self.act_favourite = self._action("收藏 / 取消收藏(&D)", self.toggle_favourite, ["Ctrl+D"])
        self.act_print = self._action("打印(&P)…", self.print_current, [QKeySequence.StandardKey.Print])
        self.act_pdf = self._action("导出 PDF(&E)…", self.export_pdf_current, ["Ctrl+E"])
        self.act_quit = self._action("退出(&Q)", self.close, [QKeySequence.StandardKey.Quit])
        self.act_bigger = self._action("放大文字(&I)", lambda: self.change_text_size(1), ["Ctrl+=", "Ctrl++"])
        self.act_smaller = self._action("缩小文字(&S)", lambda: self.change_text_size(-1), ["Ctrl+-"])
        self.act_reset = self._action("默认文字大小(&R)", self.reset_text_size, ["Ctrl+0"])
        self.act_large = self._action("大字模式(&L)", self.set_large_text, checkable=True)
        self.act_large.setChecked(bool(self.settings.get("ui.large_text")))
        self.act_settings = self._action("设置(&T)…", self.open_settings)
        self.act_window = self._action("申报日期设置(&W)…", self.open_window_settings)
        self.act_about = self._action("关于(&A)", self.open_about, [QKeySequence.StandardKey.HelpContents])

        mb = self.menuBar()
        m = mb.addMenu("文件(&F)")
        for a in (self.act_print, self.act_pdf):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu("编辑(&E)")
        for a in (self.act_find, self.act_copy, self.act_copy_only, self.act_answer_only, self.act_favourite):
            m.addAction(a)
        m = mb.addMenu("查看(&V)")
        for a in (self.act_home, self.act_bigger, self.act_smaller, self.act_reset, self.act_large):
            m.addAction(a)
        m = mb.addMenu("工具(&T)")
        m.addAction(self.act_window)
        m.addAction(self.act_settings)
        m = mb.addMenu("帮助(&H)")
        m.addAction(self.act_about)

    def _wire(self) -> None:
        self.search_box.textChanged.connect(self.handle_text_changed)
        self.search_box.move_requested.connect(self.move_result)
        self.search_box.open_requested.connect(self.open_current_result)
        self.search_box.cleared.connect(self.handle_search_cleared)
        self.debounce.timeout.connect(self.run_search)
        self.results_view.activated.connect(self.handle_result_activated)
        self.results_view.clicked.connect(self.handle_result_activated)
        self.results_view.customContextMenuRequested.connect(self.handle_result_menu)
        self.results_view.selectionModel().currentChanged.connect(self.handle_result_current)
        self.tree.selectionModel().currentChanged.connect(self.handle_tree_current)
        self.tree.activated.connect(self.handle_tree_activated)
        self.tree.clicked.connect(self.handle_tree_activated)
        self.home.entry_activated.connect(self.open_entry)
        self.answer_view.entry_clicked.connect(self.open_entry)
        self.back_button.clicked.connect(self.show_results)
        self.copy_button.clicked.connect(self.copy_current)
        self.favourite_button.clicked.connect(self.toggle_favourite)
        self.print_button.clicked.connect(self.print_current)
        self.pdf_button.clicked.connect(self.export_pdf_current)
        self.banner_close.clicked.connect(self.banner.hide)
        self.banner_details.clicked.connect(self.show_warning_details)
        self.window_button.clicked.connect(self.open_window_settings)
        self._copied_timer.timeout.connect(lambda: self.copy_button.setText("复制答案"))
        self._update_answer_buttons()

    # ------------------------------------------------------------------ background preparation
    def start_prepare(self) -> None:
        from .worker import PrepareWorker

        self.worker = PrepareWorker(self.engine, self)
        self.worker.prepared.connect(self.handle_prepared)
        self.worker.failed.connect(self.handle_prepare_failed)
        self.worker.start()

    def handle_prepared(self, seconds: float) -> None:
        log.info("search ready in %.0f ms", seconds * 1000)
        self.search_state.setText("")
        self.search_state.hide()
        self.add_warnings(list(getattr(self.engine, "warnings", []) or []))
        if self.current is not None:
            self._show_answer(self.current)  # now with related questions
        if self.search_box.text().strip():
            self.run_search()

    def handle_prepare_failed(self, message: str) -> None:
        self.search_state.setText("搜索不可用")
        self.add_warnings([message])

    # ------------------------------------------------------------------ warnings
    def add_warnings(self, warnings: Sequence[str]) -> None:
        """Show data warnings once each, in a banner that never blocks the window."""
        new = [w for w in warnings if w and w not in self._shown_warnings]
        if not new:
            return
        self._shown_warnings.update(new)
        for w in new:
            log.warning("data warning: %s", w)
        if not self.banner.isVisible():
            self._warning_details = []
        self._warning_details += new
        # One line per warning for the clerk (the file-and-line details are one click away).
        lines = ["提示：" + w.strip().splitlines()[0].rstrip("：:") for w in self._warning_details]
        self.banner_label.setText("\n".join(lines))
        self.banner_details.setVisible(any("\n" in w.strip() for w in self._warning_details))
        self.banner.show()

    def show_warning_details(self) -> None:
        """The full warnings (each problem with file and line), in a window that does not block."""
        if self.details_box is None:
            self.details_box = QMessageBox(QMessageBox.Icon.Information, "数据提示", "",
                                           QMessageBox.StandardButton.Close, self)
            self.details_box.setWindowModality(Qt.WindowModality.NonModal)
        self.details_box.setText(self.banner_label.text())
        self.details_box.setDetailedText("\n\n".join(self._warning_details))
        self.details_box.show()

    # ------------------------------------------------------------------ search
    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def handle_text_changed(self, text: str) -> None:
        if not text.strip():
            self.debounce.stop()
            self.results_model.set_hits([])
            self.stack.setCurrentIndex(PAGE_ANSWER if self.current is not None else PAGE_HOME)
            self._update_answer_buttons()
            return
        self.stack.setCurrentIndex(PAGE_RESULTS)
        self.debounce.start()

    def handle_search_cleared(self) -> None:
        self.handle_text_changed("")

    def run_search(self) -> None:
        query = self.search_box.text().strip()
        if not query:
            return
        self.debounce.stop()
        self.stack.setCurrentIndex(PAGE_RESULTS)
        if not getattr(self.engine, "ready", True):
            # Searching now would load the dictionary on the GUI thread; wait for the worker.
            self.results_label.setText("正在准备搜索，请稍候…（可以先从左侧分类浏览）")
            return
        hits = self.engine.search(query, limit=RESULT_LIMIT)
        self.no_result = not hits
        if hits:
            self.results_label.setText(f"找到 {len(hits)} 个相关问题（↑↓ 选择，回车打开）：")
        else:
            hits = self.engine.suggest(query, limit=5)
            tip = "您可以看看下面这些问题：" if hits else "请换个说法，或从左侧分类中查找。"
            shown = query if len(query) <= QUERY_SHOWN else query[:QUERY_SHOWN] + "…"  # a pasted line must not widen the window
            self.results_label.setText(
                f"<b>没有找到与“{_escape(shown)}”相关的问题。</b><br/>请检查错别字或换一种说法（例如“密码”“验证码”“申报”）。{tip}"
            )
        self.results_model.set_hits(hits)
        if hits:
            self.results_view.setCurrentIndex(self.results_model.index(0, 0))
        self.search_done.emit(query, 0 if self.no_result else len(hits))

    def move_result(self, step: int) -> None:
        if self.stack.currentIndex() != PAGE_RESULTS and self.search_box.text().strip():
            self.show_results()
            return
        rows = self.results_model.rowCount()
        if not rows:
            if self.stack.currentIndex() == PAGE_ANSWER:
                self.answer_view.setFocus()
            return
        row = self.results_view.currentIndex().row()
        row = 0 if row < 0 else max(0, min(rows - 1, row + step))
        self.results_view.setCurrentIndex(self.results_model.index(row, 0))

    def open_current_result(self) -> None:
        if self.debounce.isActive():
            self.run_search()  # Enter right after typing: search now rather than open a stale hit
        index = self.results_view.currentIndex()
        if index.isValid():
            self.open_entry(index.data(ENTRY_ID_ROLE))

    def show_results(self) -> None:
        if self.search_box.text().strip():
            self.stack.setCurrentIndex(PAGE_RESULTS)
            self._update_answer_buttons()

    def handle_result_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_entry(index.data(ENTRY_ID_ROLE))

    def handle_result_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.select_in_tree(current.data(ENTRY_ID_ROLE))

    def handle_result_menu(self, pos: QPoint) -> None:
        index = self.results_view.indexAt(pos)
        if not index.isValid():
            return
        entry_id = index.data(ENTRY_ID_ROLE)
        menu = self.result_menu(entry_id)
        menu.popup(self.results_view.viewport().mapToGlobal(pos))

    def result_menu(self, entry_id: str) -> QMenu:
        """The context menu of a result (built separately so tests can trigger its actions)."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction("打开", lambda: self.open_entry(entry_id))
        menu.addAction("复制答案", lambda: self.copy_entry(entry_id))
        menu.addAction("仅复制答复正文", lambda: self.copy_entry(entry_id, answer_only=True))
        fav = entry_id in self.settings.get("favourites")
        menu.addAction("取消收藏" if fav else "收藏", lambda: self.toggle_favourite(entry_id=entry_id))
        return menu

    # ------------------------------------------------------------------ tree
    def select_in_tree(self, entry_id: str) -> None:
        index = self.tree_model.index_of(entry_id)
        if not index.isValid():
            return
        self._syncing = True
        try:
            self.tree.expand(index.parent())
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        finally:
            self._syncing = False

    def handle_tree_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        entry_id = current.data(ENTRY_ID_ROLE)
        if entry_id:
            self.open_entry(entry_id, record=False)  # browsing with arrows: show, don't count

    def handle_tree_activated(self, index: QModelIndex) -> None:
        entry_id = index.data(ENTRY_ID_ROLE)
        if entry_id:
            if self.current is None or self.current.id != entry_id:
                self.open_entry(entry_id, record=False)
            self.record_view(entry_id)

    # ------------------------------------------------------------------ answers
    @property
    def window_phrase(self) -> str:
        return self.rules.phrase()

    def open_entry(self, entry_id: str, record: bool = True) -> None:
        entry = self.faq.get(entry_id)
        if entry is None:
            self.statusBar().showMessage(f"找不到问题“{entry_id}”", 3000)
            return
        self.current = entry
        self._show_answer(entry)
        self.stack.setCurrentIndex(PAGE_ANSWER)
        self.select_in_tree(entry.id)
        self._update_answer_buttons()
        if record:
            self.record_view(entry.id)
        self.entry_opened.emit(entry.id)

    def _show_answer(self, entry: Entry) -> None:
        related: list[Any] = []
        if getattr(self.engine, "ready", True):
            try:
                related = list(self.engine.related(entry.id, limit=5))
            except Exception:  # related questions are a nicety; the answer must show regardless
                log.exception("related() failed for %s", entry.id)
        self.answer_view.show_entry(entry, self.window_phrase, related, self.faq.meta)

    def show_home(self) -> None:
        self.current = None
        self.search_box.clear()
        self.refresh_home()
        self.stack.setCurrentIndex(PAGE_HOME)
        self._update_answer_buttons()

    def _update_answer_buttons(self) -> None:
        has = self.current is not None
        for w in (self.copy_button, self.favourite_button, self.print_button, self.pdf_button):
            w.setEnabled(has)
        for a in (self.act_copy, self.act_copy_only, self.act_favourite, self.act_print, self.act_pdf):
            a.setEnabled(has)
        self.back_button.setVisible(bool(self.search_box.text().strip()))
        fav = has and self.current.id in self.settings.get("favourites")  # type: ignore[union-attr]
        self.favourite_button.setChecked(bool(fav))
        self.favourite_button.setText("★ 已收藏" if fav else "☆ 收藏")

    # ------------------------------------------------------------------ favourites, history
    def record_view(self, entry_id: str) -> None:
        views = self.settings.get("views")
        views[entry_id] = int(views.get(entry_id, 0)) + 1
        recent = [entry_id] + [i for i in self.settings.get("recent") if i != entry_id]
        self.settings.set("views", views)
        self.settings.set("recent", recent[:RECENT_MAX])
        self._save_settings()
        self.refresh_home()

    def toggle_favourite(self, checked: bool = False, *, entry_id: str | None = None) -> None:
        entry_id = entry_id or (self.current.id if self.current else None)
        if entry_id is None:
            return
        favs = self.settings.get("favourites")
        if entry_id in favs:
            favs.remove(entry_id)
            message = "已取消收藏"
        else:
            favs.append(entry_id)
            message = "已收藏"
        self.settings.set("favourites", favs)
        self._save_settings()
        self.statusBar().showMessage(message, 2000)
        self._update_answer_buttons()
        self.refresh_home()

    def refresh_home(self) -> None:
        def entries(ids: Sequence[str]) -> list[Entry]:
            return [e for e in (self.faq.get(i) for i in ids) if e is not None]

        self.home.favourites.set_entries(entries(self.settings.get("favourites")))
        views = self.settings.get("views")
        ranked = sorted((i for i in views if self.faq.get(i)), key=lambda i: (-int(views[i]), i))[:FREQUENT_MAX]
        self.home.frequent.set_entries(entries(ranked), [f"（{views[i]} 次）" for i in ranked])
        self.home.recent.set_entries(entries(self.settings.get("recent"))[:FREQUENT_MAX])
        self.home.refresh_visibility()

    def _save_settings(self) -> None:
        if not self.settings.save():
            self.add_warnings([self.settings.warning])

    # ------------------------------------------------------------------ copy
    def copy_current(self, checked: bool = False, *, answer_only: bool | None = None) -> None:
        if self.current is not None:
            self.copy_entry(self.current.id, answer_only=answer_only)

    def copy_entry(self, entry_id: str, answer_only: bool | None = None) -> None:
        entry = self.faq.get(entry_id)
        if entry is None:
            return
        if answer_only is None:
            answer_only = bool(self.settings.get("ui.copy_answer_only"))
        clip = clip_for(entry, self.window_phrase, self.faq.meta, answer_only=answer_only)
        mime = QMimeData()
        mime.setText(clip.plain)
        mime.setHtml(clip.html)
        QGuiApplication.clipboard().setMimeData(mime)
        self.statusBar().showMessage("已复制" + ("答复正文" if answer_only else "问题、答复和来源"), 2500)
        self.copy_button.setText("✓ 已复制")
        self._copied_timer.start()
        self.copied.emit(clip.plain)

    def set_copy_answer_only(self, checked: bool) -> None:
        self.settings.set("ui.copy_answer_only", bool(checked))
        self._save_settings()

    # ------------------------------------------------------------------ text size
    def effective_point_size(self) -> float:
        size = self.settings.get("ui.font_size") or self._base_point
        if self.settings.get("ui.font_size"):  # a hand-edited size: keep it in the dialog's range
            size = max(MIN_POINT, min(MAX_POINT, size))
        if self.settings.get("ui.large_text"):
            size *= LARGE_TEXT_FACTOR
        return float(size)

    def apply_text_size(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(self.effective_point_size())
        self.setFont(font)
        # A widget with its own style sheet (banner, status-bar indicator, hint labels), and the
        # widgets inside it, stop inheriting the window's font once polished: size them explicitly.
        styled = [w for w in self.findChildren(QWidget) if w.styleSheet()]
        for child in {id(w): w for s in styled for w in (s, *s.findChildren(QWidget))}.values():
            child_font = QFont(child.font())
            child_font.setPointSizeF(font.pointSizeF())
            child.setFont(child_font)
        self.answer_view.document().setDefaultFont(font)
        self.results_view.doItemsLayout()  # rows are measured with the font: measure again

    def change_text_size(self, step: int) -> None:
        current = self.settings.get("ui.font_size") or round(self._base_point)
        self.settings.set("ui.font_size", max(MIN_POINT, min(MAX_POINT, int(current) + step)))
        self._save_settings()
        self.apply_text_size()

    def reset_text_size(self) -> None:
        self.settings.set("ui.font_size", 0)
        self._save_settings()
        self.apply_text_size()

    def set_large_text(self, checked: bool) -> None:
        self.settings.set("ui.large_text", bool(checked))
        self._save_settings()
        self.apply_text_size()

    # ------------------------------------------------------------------ dialogs
    def open_settings(self) -> None:
        from .dialogs import SettingsDialog, UiPrefs

        prefs = UiPrefs(
            int(self.settings.get("ui.font_size")),
            bool(self.settings.get("ui.large_text")),
            bool(self.settings.get("ui.copy_answer_only")),
        )
        dialog = SettingsDialog(prefs, round(self._base_point), self)
        self._settings_dialog = dialog
        dialog.accepted.connect(lambda: self.apply_prefs(dialog.prefs()))
        dialog.open()  # window-modal, never blocks the event loop

    def apply_prefs(self, prefs: Any) -> None:
        self.settings.set("ui.font_size", prefs.font_size)
        self.settings.set("ui.large_text", prefs.large_text)
        self.settings.set("ui.copy_answer_only", prefs.copy_answer_only)
        self.act_large.setChecked(prefs.large_text)
        self.act_answer_only.setChecked(prefs.copy_answer_only)
        self._save_settings()
        self.apply_text_size()

    def about_info(self) -> Any:
        from .dialogs import AboutInfo

        meta = self.faq.meta
        cache = getattr(self.engine, "cache_dir", None) or paths.cache_dir()
        return AboutInfo(
            content_title=meta.title,
            content_version=meta.content_version,
            content_updated=meta.updated,
            content_path=self.content_path,
            config_path=Path(getattr(self.settings, "path", paths.settings_file())),
            index_path=Path(cache),
            log_path=paths.log_file(),
        )

    def open_about(self) -> None:
        from .dialogs import AboutDialog

        dialog = AboutDialog(self.about_info(), self)
        self._about_dialog = dialog
        dialog.open()

    def open_window_settings(self) -> None:
        from .window_status import WindowSettingsDialog

        dialog = WindowSettingsDialog(self.settings, self, rules=self.rules)
        self._window_dialog = dialog
        dialog.accepted.connect(self.handle_window_settings_changed)
        dialog.open()

    def handle_window_settings_changed(self) -> None:
        if self.reload_rules is None:
            return
        loaded = self.reload_rules()
        rules = getattr(loaded, "value", loaded)
        self.add_warnings(list(getattr(loaded, "warnings", []) or []))
        self.set_rules(rules)

    def set_rules(self, rules: Any) -> None:
        self.rules = rules
        if hasattr(self.engine, "window_phrase"):
            self.engine.window_phrase = rules.phrase()  # snippets quote the window too
        setter = getattr(self.indicator, "set_rules", None)
        if setter is not None:
            setter(rules)
        if self.current is not None:
            self._show_answer(self.current)  # answers quote the window: show the new days

    # ------------------------------------------------------------------ print / PDF
    def _handout(self):
        from .printing import handout_document

        assert self.current is not None
        return handout_document(self.current, self.window_phrase, self.faq.meta, self.font())

    def print_current(self) -> None:
        if self.current is None:
            return
        from .printing import print_dialog

        print_dialog(self._handout(), self)

    def ask_pdf_path(self, suggested: str) -> str:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "导出 PDF", suggested, "PDF 文件 (*.pdf)")
        return path

    def export_pdf_current(self) -> Path | None:
        if self.current is None:
            return None
        from .printing import export_pdf

        suggested = str(Path.home() / f"{self.current.id}.pdf")
        chosen = self.ask_pdf_path(suggested)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            export_pdf(self._handout(), path)
        except OSError as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, "导出失败", f"无法导出 PDF：{exc}", parent=self)
            box.open()
            return None
        self.statusBar().showMessage(f"已导出：{path}", 4000)
        return path

    # ------------------------------------------------------------------ geometry
    def _restore_geometry(self) -> None:
        geometry = self.settings.get("ui.geometry")
        state = self.settings.get("ui.state")
        try:
            if geometry:
                self.restoreGeometry(QByteArray(base64.b64decode(geometry)))
            else:
                self.resize(1000, 680)
            if state:
                self.splitter.restoreState(QByteArray(base64.b64decode(state)))
        except ValueError:  # a hand-edited settings file: ignore, use the defaults
            self.resize(1000, 680)

    def save_state(self) -> None:
        self.settings.set("ui.geometry", base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii"))
        self.settings.set("ui.state", base64.b64encode(bytes(self.splitter.saveState().data())).decode("ascii"))
        self._save_settings()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if self.worker is not None and self.worker.isRunning():
            self.worker.wait(5000)  # prepare() cannot be interrupted; it is short
        close = getattr(self.engine, "close", None)
        if close is not None:
            close()  # release index files (Windows keeps open files locked)
        super().closeEvent(event)


def _escape(text: str) -> str:
    import html

    return html.escape(text)
