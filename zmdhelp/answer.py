"""The light structure of an answer: paragraphs, bullet lists, links, gap markers.

An answer is written in the data file as plain text: a blank line separates paragraphs and a line
starting with ``- `` is a list item. This module turns it into blocks, plain text for the clipboard
and HTML for the answer view and the clipboard's HTML flavour. No Qt here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .markers import GAP_RE, UNVERIFIED

URL_RE = re.compile(r"https?://[^\s（）()<>“”，。；、〔〕]+")


@dataclass(frozen=True)
class Block:
    kind: str  # "p" or "ul"
    items: tuple[str, ...]  # one item for "p"; the list items for "ul"


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            out.append(Block("p", ("".join(para),)))
            para.clear()
        if items:
            out.append(Block("ul", tuple(items)))
            items.clear()

    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith(("- ", "－ ", "• ")):
            if para:
                out.append(Block("p", ("".join(para),)))
                para.clear()
            items.append(line[2:].strip())
        else:
            if items:
                out.append(Block("ul", tuple(items)))
                items.clear()
            para.append(line)
    flush()
    return out


def plain_text(text: str) -> str:
    """Clean plain text: paragraphs separated by a blank line, list items as "• item"."""
    parts = []
    for b in blocks(text):
        if b.kind == "p":
            parts.append(b.items[0])
        else:
            parts.append("\n".join(f"• {item}" for item in b.items))
    return "\n\n".join(parts)


GAP_STYLE = "background-color:#fff3bf;color:#8a4b00;border:1px dashed #e0a800;"
LINK_STYLE = ""


def inline_html(text: str, *, style_gaps: bool = True) -> str:
    """Escape ``text`` and style gap markers, the unverified mark and links."""
    pieces: list[str] = []
    pos = 0
    pattern = re.compile(f"{GAP_RE.pattern}|{re.escape(UNVERIFIED)}|{URL_RE.pattern}")
    for m in pattern.finditer(text):
        pieces.append(html.escape(text[pos:m.start()]))
        token = m.group(0)
        if token.startswith("http"):
            url = html.escape(token, quote=True)
            pieces.append(f'<a href="{url}">{url}</a>')
        elif style_gaps:
            pieces.append(f'<span class="gap" style="{GAP_STYLE}">{html.escape(token)}</span>')
        else:
            pieces.append(html.escape(token))
        pos = m.end()
    pieces.append(html.escape(text[pos:]))
    return "".join(pieces)


def to_html(text: str, *, style_gaps: bool = True) -> str:
    parts = []
    for b in blocks(text):
        if b.kind == "p":
            parts.append(f"<p>{inline_html(b.items[0], style_gaps=style_gaps)}</p>")
        else:
            lis = "".join(f"<li>{inline_html(i, style_gaps=style_gaps)}</li>" for i in b.items)
            parts.append(f"<ul>{lis}</ul>")
    return "\n".join(parts)
