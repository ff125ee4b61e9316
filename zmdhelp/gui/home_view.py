"""The page shown when no question is open: favourites, frequent and recently viewed questions."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from .models import ENTRY_ID_ROLE, EntryListModel


class HomeView(QWidget):
    entry_activated = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.favourites = EntryListModel(self)
        self.frequent = EntryListModel(self)
        self.recent = EntryListModel(self)
        layout = QVBoxLayout(self)
        intro = QLabel("在上方输入问题搜索，或从左侧分类中选择。常用的问题可以按 Ctrl+D 收藏。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.lists: dict[str, QListView] = {}
        self.empty_labels: dict[str, QLabel] = {}
        for key, title, model, empty in (
            ("favourites", "★ 收藏的问题", self.favourites, "还没有收藏。打开一个问题后点“收藏”或按 Ctrl+D。"),
            ("frequent", "常用问题（本机查看次数）", self.frequent, "还没有查看记录。"),
            ("recent", "最近查看", self.recent, "还没有查看记录。"),
        ):
            header = QLabel(f"<b>{title}</b>")
            layout.addSpacing(10)
            layout.addWidget(header)
            view = QListView(self)
            view.setModel(model)
            view.setAccessibleName(title)
            view.setUniformItemSizes(True)
            view.activated.connect(self._activated)
            view.clicked.connect(self._activated)
            header.setBuddy(view)
            empty_label = QLabel(empty)
            empty_label.setStyleSheet("color:#666")
            layout.addWidget(empty_label)
            layout.addWidget(view, 1)
            self.lists[key] = view
            self.empty_labels[key] = empty_label
        # Takes the spare height only while every list is hidden (the lists have stretch 1), so an
        # empty home page stays compact at the top instead of spreading its headings apart.
        layout.addStretch(0)
        self.refresh_visibility()

    def refresh_visibility(self) -> None:
        for key, view in self.lists.items():
            has_rows = view.model().rowCount() > 0
            view.setVisible(has_rows)
            self.empty_labels[key].setVisible(not has_rows)

    def _activated(self, index: QModelIndex) -> None:
        entry_id = index.data(ENTRY_ID_ROLE)
        if entry_id:
            self.entry_activated.emit(entry_id)
