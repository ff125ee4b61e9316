"""The text put on the clipboard when a clerk copies an answer (Qt-free).

Two flavours of the same content: clean plain text (for chat windows and plain mail) and HTML
(so that Word or a mail program keeps paragraphs and lists). Gap markers stay readable as they
are (〔待补充：…〕): a copied answer must never look complete when a fact is missing.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from .answer import plain_text, to_html
from .faq import Entry, Meta
from .markers import fill_window


@dataclass(frozen=True)
class ClipText:
    plain: str
    html: str


def source_line(entry: Entry, meta: Meta | None = None) -> str:
    """"来源：<FAQ name>（更新：<date>）": the date may itself be a gap marker, kept as is."""
    source = entry.source or (meta.source if meta else "") or (meta.title if meta else "")
    updated = entry.updated or (meta.updated if meta else "")
    line = f"来源：{source}" if source else "来源：驻马店社保网上服务平台常见问题"
    if updated:
        line += f"（更新：{updated}）"
    return line


def clip_for(entry: Entry, window_phrase: str, meta: Meta | None = None, *, answer_only: bool = False) -> ClipText:
    """Plain text and HTML for ``entry``; ``answer_only`` leaves out the question and source."""
    answer = fill_window(entry.answer, window_phrase)
    body_plain = plain_text(answer)
    # Gap markers are not styled in the HTML flavour: a pasted document should not carry a
    # yellow highlight, the 〔待补充：…〕 text itself says what is missing.
    body_html = to_html(answer, style_gaps=False)
    if answer_only:
        return ClipText(body_plain, f"<html><body>{body_html}</body></html>")
    src = source_line(entry, meta)
    plain = f"{entry.question}\n\n{body_plain}\n\n{src}"
    rich = (
        "<html><body>"
        f"<p><b>{html.escape(entry.question)}</b></p>\n{body_html}\n"
        f"<p><small>{html.escape(src)}</small></p>"
        "</body></html>"
    )
    return ClipText(plain, rich)
