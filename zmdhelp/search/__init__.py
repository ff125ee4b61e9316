"""Chinese full-text search over the FAQ (whoosh + jieba, with pinyin, 繁体, width and synonym folding).

``from zmdhelp.search import SearchEngine, Hit``. Importing this package is cheap: jieba, whoosh,
pypinyin and opencc are imported only when the engine prepares or searches, so the GUI can start
first and call :meth:`SearchEngine.prepare` from a worker thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import Hit, SearchEngine

__all__ = ["SearchEngine", "Hit"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import engine

        return getattr(engine, name)
    raise AttributeError(name)
