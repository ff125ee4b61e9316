"""Item models: the category tree, the search results and the short entry lists of the home view.

Each model keeps the entry id in :data:`ENTRY_ID_ROLE` so that views, the tree and the results can
stay in step by id alone. Every model is checked with pytest-qt's ``qtmodeltester``.
"""

from __future__ import annotations

import html
from typing import Any, Iterable, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from ..faq import FAQ, Entry

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # str for a question, None for a category
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "category" | "topic" | "entry"
HTML_ROLE = Qt.ItemDataRole.UserRole + 3  # rich text for the result delegate
HIT_ROLE = Qt.ItemDataRole.UserRole + 4  # the search Hit itself

_Index = QModelIndex | QPersistentModelIndex
HIGHLIGHT_STYLE = "background-color:#ffe066;color:#000;"


def mark_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """HTML-escape ``text`` and wrap the [start, end) ``spans`` in a highlight."""
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<span style="{HIGHLIGHT_STYLE}">{html.escape(text[start:end])}</span>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


class CategoryTreeModel(QStandardItemModel):
    """Top-level categories › sub-topics › questions, with entry counts in the labels."""

    def __init__(self, faq: FAQ, parent=None) -> None:
        super().__init__(parent)
        self._items: dict[str, QStandardItem] = {}
        self.setHorizontalHeaderLabels(["问题分类"])
        self.set_faq(faq)

    def set_faq(self, faq: FAQ) -> None:
        self.clear()
        self._items.clear()
        self.setHorizontalHeaderLabels(["问题分类"])
        root = self.invisibleRootItem()
        for cat in faq.categories:
            entries = faq.in_category(cat.name)
            cat_item = self._branch(cat.name, len(entries), "category")
            root.appendRow(cat_item)
            # Questions filed directly under the category come first, then each non-empty topic.
            for e in entries:
                if len(e.category) == 1:
                    cat_item.appendRow(self._leaf(e))
            for topic in cat.topics:
                topic_entries = faq.in_category(cat.name, topic)
                if not topic_entries:
                    continue
                topic_item = self._branch(topic, len(topic_entries), "topic")
                cat_item.appendRow(topic_item)
                for e in topic_entries:
                    topic_item.appendRow(self._leaf(e))

    @staticmethod
    def _branch(name: str, count: int, kind: str) -> QStandardItem:
        item = QStandardItem(f"{name}（{count}）")
        item.setEditable(False)
        item.setData(None, ENTRY_ID_ROLE)
        item.setData(kind, KIND_ROLE)
        item.setData(f"{name}，共 {count} 个问题", Qt.ItemDataRole.AccessibleTextRole)
        return item

    def _leaf(self, entry: Entry) -> QStandardItem:
        item = QStandardItem(entry.question)
        item.setEditable(False)
        item.setData(entry.id, ENTRY_ID_ROLE)
        item.setData("entry", KIND_ROLE)
        item.setToolTip(entry.question)
        self._items[entry.id] = item
        return item

    def index_of(self, entry_id: str) -> QModelIndex:
        item = self._items.get(entry_id)
        return item.index() if item is not None else QModelIndex()


class ResultsModel(QAbstractListModel):
    """Search hits (or suggestions) in rank order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._hits: list[Any] = []

    def set_hits(self, hits: Sequence[Any]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[Any]:
        return list(self._hits)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.question
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{hit.question}\n{hit.snippet}"
        if role == ENTRY_ID_ROLE:
            return hit.id
        if role == HIT_ROLE:
            return hit
        if role == HTML_ROLE:
            category = html.escape(" › ".join(hit.category))
            return (
                f"<div style='font-weight:bold'>{mark_spans(hit.question, hit.question_spans)}</div>"
                f"<div>{mark_spans(hit.snippet, hit.snippet_spans)}</div>"
                f"<div style='color:#666'><small>{category}</small></div>"
            )
        return None

    def row_of(self, entry_id: str) -> int:
        return next((i for i, h in enumerate(self._hits) if h.id == entry_id), -1)


class EntryListModel(QAbstractListModel):
    """A short list of questions (favourites, frequent, recently viewed)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []
        self._notes: list[str] = []

    def set_entries(self, entries: Sequence[Entry], notes: Sequence[str] | None = None) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._notes = list(notes) if notes is not None else [""] * len(self._entries)
        self.endResetModel()

    def entry_ids(self) -> list[str]:
        return [e.id for e in self._entries]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        note = self._notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{entry.question}　{note}" if note else entry.question
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{entry.question}（{entry.category_path}）"
        if role == ENTRY_ID_ROLE:
            return entry.id
        return None
