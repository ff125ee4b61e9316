"""Text folding for search: width, case, control characters and traditional characters.

Every fold keeps a map from each folded character back to its character in the original text, so
a match found in folded text is highlighted at the right place in what the user sees. All folds
here are one character for one character, except a traditional→simplified phrase conversion that
changes length, which is then redone character by character to keep the map exact.

Heavy libraries (opencc, pypinyin) are imported on first use, never at import time.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_lock = threading.Lock()
_t2s_chars: frozenset[str] | None = None
_converter = None


@dataclass(frozen=True)
class Folded:
    text: str  # folded text, compared with index terms
    offsets: tuple[int, ...] | None  # folded index -> original index; None means the identity

    def orig(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded [start, end) span back to the original text."""
        if self.offsets is None or start >= end:
            return start, end
        return self.offsets[start], self.offsets[end - 1] + 1


def _fold_char(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII: ＣＡ -> CA, ０ -> 0
        ch = chr(code - 0xFEE0)
        code = ord(ch)
    elif code == 0x3000:  # ideographic space
        return " "
    if 0x41 <= code <= 0x5A:
        return chr(code + 32)
    if code < 0x20 or code == 0x7F or (code >= 0x80 and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn")):
        return " "  # control, format, surrogate, unassigned: never part of a word
    return ch


# One str.translate table (C speed) for everything that folds: ASCII, C1 controls, the usual
# invisible format characters, full-width forms. Every entry is one character for one.
_TABLE = {i: _fold_char(chr(i)) for i in range(0xA0)}
_TABLE.update({i: _fold_char(chr(i)) for i in range(0xFF01, 0xFF5F)})
_TABLE.update({i: " " for i in (*range(0x200B, 0x2010), *range(0x2028, 0x202F), *range(0x2060, 0x2065), 0xFEFF, 0x3000)})
_TABLE = {k: v for k, v in _TABLE.items() if v != chr(k)}
_IDENTITY_OK = re.compile(r"[\ud800-\udfff\ue000-\uf8ff]")  # surrogates, private use: not words


def _traditional_chars() -> frozenset[str]:
    """Characters that opencc's t2s would change (read once from its character table)."""
    global _t2s_chars
    if _t2s_chars is None:
        with _lock:
            if _t2s_chars is None:
                from importlib import resources

                chars: set[str] = set()
                try:
                    table = resources.files("opencc_purepy") / "dicts" / "TSCharacters.txt"
                    for line in table.read_text(encoding="utf-8").splitlines():
                        key, _, value = line.partition("\t")
                        if len(key) == 1 and value and value.split(" ")[0] != key:
                            chars.add(key)
                except (OSError, ModuleNotFoundError):
                    chars = set()
                _t2s_chars = frozenset(chars)
    return _t2s_chars


def _t2s(text: str) -> str:
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                from opencc_purepy import OpenCC

                _converter = OpenCC("t2s")
    try:
        return _converter.convert(text)
    except Exception:  # a conversion bug must never break a search
        return text


def to_simplified(text: str) -> tuple[str, bool]:
    """(text in simplified characters, same length as ``text``?)"""
    trad = _traditional_chars()
    if not trad or trad.isdisjoint(text):  # C-speed scan: most text has no traditional character
        return text, True
    out = _t2s(text)
    return out, len(out) == len(text)


def fold(text: str) -> Folded:
    """Fold ``text`` for matching: full-width→half-width, lower case, controls→space, 繁→简."""
    folded = text.translate(_TABLE)
    if _IDENTITY_OK.search(folded):
        folded = _IDENTITY_OK.sub(" ", folded)
    simplified, same_length = to_simplified(folded)
    if same_length:
        return Folded(simplified, None)
    # A phrase conversion changed the length: convert each character alone (always 1:1 for
    # the character table), so the offset map stays exact.
    chars = [to_simplified(ch)[0] for ch in folded]
    offsets: list[int] = []
    out: list[str] = []
    for i, c in enumerate(chars):
        out.append(c)
        offsets.extend([i] * len(c))
    return Folded("".join(out), tuple(offsets))


def fold_text(text: str) -> str:
    return fold(text).text


def clean_query(text: str, max_chars: int = 1000) -> str:
    """A query as typed or pasted, made safe: controls become spaces, length is capped."""
    if not isinstance(text, str):
        text = str(text or "")
    text = text[:max_chars]
    return "".join(" " if (ord(ch) < 0x20 or unicodedata.category(ch) in ("Cc", "Cs")) else ch for ch in text)


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or is_cjk(ch)


@lru_cache(maxsize=65536)
def pinyin_keys(word: str) -> tuple[str, str]:
    """(full pinyin, initials) of ``word``, e.g. 验证码 -> ("yanzhengma", "yzm"); "" if none."""
    from pypinyin import Style, lazy_pinyin

    if not word or not all(is_cjk(ch) for ch in word):
        return "", ""
    full = lazy_pinyin(word, errors="ignore")
    initials = lazy_pinyin(word, style=Style.FIRST_LETTER, errors="ignore")
    if len(full) != len(word) or len(initials) != len(word):
        return "", ""
    return "".join(full), "".join(initials)
