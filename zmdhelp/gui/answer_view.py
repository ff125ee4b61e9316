"""The answer of one question: question, category path, answer, date, source, related questions.

Links to the web are shown and opened in the user's browser on click (QDesktopServices); the app
itself never fetches anything. Links to other questions use the internal ``entry:`` scheme.
"""

from __future__ import annotations

import html
from typing import Any, Sequence

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser

from ..answer import inline_html, to_html
from ..clipboard import source_line
from ..faq import Entry, Meta
from ..markers import fill_window, gaps

ENTRY_SCHEME = "entry"


def answer_html(entry: Entry, window_phrase: str, related: Sequence[Any] = (), meta: Meta | None = None) -> str:
    answer = fill_window(entry.answer, window_phrase)
    parts = [
        f"<h2 style='margin-bottom:2px'>{html.escape(entry.question)}</h2>",
        f"<p style='color:#555;margin-top:0'>{html.escape(entry.category_path)}</p>",
    ]
    if entry.reconstructed:
        note = entry.note or "此问题的标题由编辑根据上下文重拟，答复为来源原文。"
        parts.append(f"<p style='color:#7a5b00'>说明：{html.escape(note)}</p>")
    parts.append(to_html(answer))
    if gaps(answer):
        parts.append(
            "<p style='color:#8a4b00'><small>黄色标出的〔待补充：…〕是来源中缺失、尚待本单位补充的内容，"
            "请勿向来访者猜测。</small></p>"
        )
    parts.append(f"<p style='color:#555'><small>{inline_html(source_line(entry, meta))}</small></p>")
    if related:
        items = "".join(
            f"<li><a href='{ENTRY_SCHEME}:{html.escape(h.id, quote=True)}'>{html.escape(h.question)}</a></li>"
            for h in related
        )
        parts.append(f"<h3>相关问题</h3><ul>{items}</ul>")
    return "\n".join(parts)


class AnswerView(QTextBrowser):
    entry_clicked = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # we decide: internal entry, or the system browser
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self.handle_anchor)
        self.setAccessibleName("答复内容")
        self.entry_id: str | None = None

    def show_entry(self, entry: Entry, window_phrase: str, related: Sequence[Any] = (), meta: Meta | None = None) -> None:
        self.entry_id = entry.id
        self.setHtml(answer_html(entry, window_phrase, related, meta))

    def handle_anchor(self, url: QUrl) -> None:
        if url.scheme() == ENTRY_SCHEME:
            self.entry_clicked.emit(url.path())
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
