"""Chinese word segmentation for the index and for queries.

Why not ``jieba.analyse.ChineseAnalyzer``: it records character offsets as token positions, cuts
queries in search mode, drops single digits and letters, stems Chinese with an English stemmer and
costs 0.4 s to import. Here:

- :func:`words` folds the text (see :mod:`.text`), cuts it with ``jieba`` and yields each word with
  its *position* (the n-th word of the text) and its character span in the ORIGINAL text. Like
  ``jieba.tokenize(mode="search")`` it also yields the dictionary words inside a long word
  (验证码 → 验证, 验证码), at the same position as the word that holds them.
- :func:`grams` yields single characters and character pairs: the fallback that finds part of a
  word or of a number.
- The jieba dictionary is trimmed to what this content can use and cached in the cache folder, so
  loading it takes tens of milliseconds instead of half a second (see :class:`Segmenter`).

The whoosh tokenizer classes at the bottom are pickled into the index's schema, so this module
must stay cheap to import: jieba is imported only when a dictionary is loaded.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from whoosh.analysis import Token, Tokenizer

from .text import fold, is_cjk, is_word_char

ANALYZER_VERSION = "8"  # bump when tokens change: every index is then rebuilt
MIN_FREQ = 30  # jieba dictionary words at least this frequent are kept in the trimmed dictionary
MAX_WORD_LEN = 12  # longer dictionary words are not looked for inside the content

log = logging.getLogger(__name__)

# Words that carry no meaning for matching; removed from index and query alike (a query made only
# of them still uses them).
STOPWORDS = frozenset(
    """的 了 吗 呢 啊 吧 呀 嘛 么 是 我 我们 你 你们 您 他 她 它 在 有 和 与 及 或 也 就 都 还 又 很 这 那 这个 那个
    怎么 怎么办 怎样 如何 什么 为什么 啥 哪 哪里 哪儿 请问 问 一下 下 个 吗？ 能 能否 可以 可 要 需要 会 该
    是否 时 时候 后 之后 以后 上 中 里 到 把 被 给 对 让 说 想 去 来 得 着 过 等 请 谢谢 你好 麻烦""".split()
)

_seg_lock = threading.RLock()
_WORDISH = re.compile(r"[^\W_]|[\u3400-\u4dbf\u4e00-\u9fff]")  # is_word_char, as a pattern


def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs every dictionary load at DEBUG/INFO
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return jieba


@dataclass(frozen=True)
class Word:
    text: str  # folded
    pos: int  # position of the word (sub-words share the position of the word holding them)
    start: int  # [start, end) in the original text
    end: int
    sub: bool = False  # a dictionary word inside a longer word


class Segmenter:
    """One jieba tokenizer with a dictionary trimmed to the content, plus its extra words.

    Trimming keeps every dictionary word that occurs in the content (so the content is cut exactly
    as with the full dictionary: jieba scores a cut only with the words inside the text, and the
    original total frequency is kept), every word at least ``MIN_FREQ`` frequent (queries in
    everyday words are cut the same way too), and the content's own keywords and synonyms.
    """

    def __init__(self, tokenizer) -> None:
        self.tok = tokenizer
        self.freq = tokenizer.FREQ
        self._logp: dict[str, float] = {}
        self._logp_total = None
        self._expanded: dict[str, tuple[str, ...]] = {}  # cut word -> its terms (see _expand)

    # jieba's own patterns (jieba/__init__.py, 0.42.1): text is cut in blocks of these characters
    _RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
    _RE_SKIP = re.compile("(\r\n|\\s)", re.U)

    def cut(self, text: str) -> list[str]:
        """``jieba.Tokenizer.lcut(text, HMM=False)``, word for word, about twice as fast: the
        same dictionary walk and route, with each word's log-probability computed once."""
        out: list[str] = []
        han = self._RE_HAN
        for blk in han.split(text):
            if not blk:
                continue
            if han.match(blk):
                out += self._cut_block(blk)
            else:
                for x in self._RE_SKIP.split(blk):
                    if self._RE_SKIP.match(x):
                        out.append(x)
                    else:
                        out += x
        return out

    def _cut_block(self, sentence: str) -> list[str]:
        # jieba's get_DAG + calc + __cut_DAG_NO_HMM, same arithmetic in the same order, in one
        # backward pass: the words starting at ``idx`` are walked while the best route from
        # ``idx`` is chosen (the route after each of them is already known). A tie goes to the
        # longer word, as jieba's max over (log-probability, end) does.
        from math import log

        tok = self.tok
        freq = self.freq
        if self._logp_total != tok.total:
            self._logp = {}
            self._logp_total = tok.total
        logp = self._logp
        logtotal = log(tok.total)
        n = len(sentence)
        route_lp = [0.0] * (n + 1)
        route_end = list(range(1, n + 2))  # end (exclusive) of the best word starting here
        get = freq.get
        for idx in range(n - 1, -1, -1):
            best = None
            i = idx + 1
            frag = sentence[idx]
            f = get(frag)
            while f is not None:
                if f:
                    lp = logp.get(frag)
                    if lp is None:
                        lp = logp[frag] = log(f) - logtotal
                    c = lp + route_lp[i]
                    if best is None or c >= best:
                        best = c
                        route_end[idx] = i
                if i >= n:
                    break
                i += 1
                frag = sentence[idx:i]
                f = get(frag)
            if best is None:  # no word starts here: the character alone, as jieba scores it
                w = sentence[idx]
                lp = logp.get(w)
                if lp is None:
                    lp = logp[w] = log(get(w) or 1) - logtotal
                best = lp + route_lp[idx + 1]
                route_end[idx] = idx + 1
            route_lp[idx] = best
        out: list[str] = []
        x = 0
        buf = ""
        while x < n:
            y = route_end[x]
            word = sentence[x:y]
            if y - x == 1 and word.isascii() and word.isalnum():  # jieba's re_eng, one character
                buf += word
            else:
                if buf:
                    out.append(buf)
                    buf = ""
                out.append(word)
            x = y
        if buf:
            out.append(buf)
        return out

    @classmethod
    def load(cls, cache_dir: Path | None, corpus: Iterable[str], extra_words: Iterable[str]) -> "Segmenter":
        jieba = _jieba()
        corpus = list(corpus)
        extra = sorted({w for w in extra_words if w and len(w) <= 24})
        digest = hashlib.sha256()
        digest.update(f"{ANALYZER_VERSION}|{jieba.__version__}|{MIN_FREQ}|{MAX_WORD_LEN}\n".encode())
        for text in corpus:
            digest.update(text.encode("utf-8", "replace") + b"\x00")
        digest.update("\x01".join(extra).encode("utf-8", "replace"))
        name = f"jieba-trimmed-{digest.hexdigest()[:16]}.marshal"
        tok = jieba.Tokenizer()
        cached = None
        if cache_dir is not None:
            try:
                with open(Path(cache_dir) / name, "rb") as f:
                    cached = marshal.load(f)
            except (OSError, EOFError, ValueError, TypeError):
                cached = None
        if isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[0], dict):
            tok.FREQ, tok.total = cached
        else:
            freq, total = cls._trim(_full_dictionary(cache_dir), corpus)
            tok.FREQ, tok.total = freq, total
            if cache_dir is not None:
                _atomic_marshal(Path(cache_dir) / name, (freq, total))
                _remove_old(Path(cache_dir), "jieba-trimmed-*.marshal", keep=name)
        tok.initialized = True
        for w in extra:  # the content's own words are never cut apart
            if all(is_word_char(ch) for ch in w) and len(w) > 1:
                tok.add_word(w, freq=max(tok.FREQ.get(w) or 0, 2000))
        return cls(tok)

    @staticmethod
    def _trim(full: tuple[dict, int], corpus: list[str]) -> tuple[dict, int]:
        freq_full, total = full
        keep: dict[str, int] = {}
        seen_blocks: set[str] = set()
        block_re = re.compile(r"[\u3400-\u9fffa-z0-9]+")
        for text in corpus:
            for block in block_re.findall(fold(text).text):
                if block in seen_blocks:
                    continue
                seen_blocks.add(block)
                n = len(block)
                for i in range(n):
                    for j in range(i + 1, min(n, i + MAX_WORD_LEN) + 1):
                        f = freq_full.get(block[i:j])
                        if f is None:
                            break  # not even a prefix of a dictionary word
                        if f:
                            keep[block[i:j]] = f
        for w, f in freq_full.items():
            if f >= MIN_FREQ:
                keep[w] = f
        out = dict(keep)
        for w in keep:  # jieba needs every prefix of a word (frequency 0) to build its DAG
            for k in range(1, len(w)):
                out.setdefault(w[:k], 0)
        return out, total

    # -- cutting -------------------------------------------------------------------------------

    def words(self, text: str, keep_stops: bool = False) -> list[Word]:
        """Every word of ``text`` (stopwords and punctuation left out), see module docs."""
        stops = frozenset() if keep_stops else STOPWORDS
        folded = fold(text)
        out: list[Word] = []
        pos = 0
        with _seg_lock:  # jieba's tokenizer is not documented as thread-safe
            pieces = list(self.tok.tokenize(folded.text, mode="default", HMM=False))
        freq = self.freq
        for w, s, e in pieces:
            if not any(is_word_char(ch) for ch in w):
                continue
            w = w.strip()
            if not w:
                continue
            if w in stops:
                continue
            # Sub-words exactly as jieba's search mode finds them, at the word's position.
            if len(w) > 2:
                for n in (2, 3):
                    if len(w) <= n:
                        continue
                    for i in range(len(w) - n + 1):
                        gram = w[i:i + n]
                        if freq.get(gram) and gram not in stops:
                            a, b = folded.orig(s + i, s + i + n)
                            out.append(Word(gram, pos, a, b, True))
            a, b = folded.orig(s, e)
            out.append(Word(w, pos, a, b, False))
            pos += 1
        return out

    def terms(self, text: str) -> list[tuple[str, int]]:
        """(word, position) of :meth:`words`, in the same order, without character spans: what the
        index stores (building an index of thousands of entries spends most of its time here).

        The text is cut block by block as :meth:`cut` does; outside jieba's blocks only word
        characters count (everything else there is punctuation or space, which
        :meth:`words` leaves out)."""
        out: list[tuple[str, int]] = []
        append = out.append
        pos = 0
        for piece in self._pieces(text):
            for t in piece:
                append((t, pos))
            pos += 1
        return out

    def plain(self, text: str) -> list[str]:
        """The words of :meth:`terms` without positions (what fields without phrases store)."""
        out: list[str] = []
        for piece in self._pieces(text):
            out += piece
        return out

    def _pieces(self, text: str) -> list[tuple[str, ...]]:
        """For each word of ``text`` that counts, the terms it gives: the dictionary words of two
        and three characters inside it, then the word itself (see :meth:`_expand`)."""
        han = self._RE_HAN
        cache = self._expanded
        expand = self._expand
        out: list[tuple[str, ...]] = []
        append = out.append
        for blk in han.split(fold(text).text):
            if not blk:
                continue
            if han.match(blk):
                with _seg_lock:
                    pieces = self._cut_block(blk)
            else:
                pieces = [ch for ch in blk if is_word_char(ch)]
            for w in pieces:
                got = cache.get(w)
                if got is None:
                    if len(cache) > 200_000:  # numbers and codes are mostly unique: stay bounded
                        cache.clear()
                    got = cache[w] = expand(w)
                if got:
                    append(got)
        return out

    def _expand(self, w: str) -> tuple[str, ...]:
        """The terms one cut word gives (the same for every occurrence, so worked out once per
        word): none for a symbol jieba keeps in its blocks (- . % …) or a stopword."""
        if not w.isalnum() and not _WORDISH.search(w):
            return ()
        stops = STOPWORDS
        if w in stops:
            return ()
        freq = self.freq
        n = len(w)
        out: list[str] = []
        if n > 2:
            for k in (2, 3):
                if n <= k:
                    continue
                for i in range(n - k + 1):
                    gram = w[i:i + k]
                    if freq.get(gram) and gram not in stops:
                        out.append(gram)
        out.append(w)
        return tuple(out)

    def is_word(self, word: str) -> bool:
        return bool(self.freq.get(word))


def grams(text: str) -> Iterator[tuple[str, int, int, int]]:
    """(gram, position, start, end): each word character (CJK, letter, digit) and each pair of
    adjacent ones."""
    folded = fold(text)
    t = folded.text
    pos = 0
    prev = -2
    for i, ch in enumerate(t):
        if not is_word_char(ch):
            continue
        a, b = folded.orig(i, i + 1)
        yield ch, pos, a, b
        if prev == i - 1:
            a, _ = folded.orig(i - 1, i)
            yield t[i - 1:i + 1], pos, a, b
        prev = i
        pos += 1


def gram_terms(text: str, cjk: bool = True) -> list[tuple[str, int]]:
    """(gram, position) of :func:`grams` for the index; ``cjk=False`` keeps only the grams made of
    letters and digits (numbers, codes), the part of the fallback a large collection keeps for
    answers."""
    t = fold(text).text
    out: list[tuple[str, int]] = []
    pos = 0
    prev = -2
    for i, ch in enumerate(t):
        if not is_word_char(ch):
            continue
        if cjk or ch.isascii():
            out.append((ch, pos))
            if prev == i - 1 and (cjk or t[i - 1].isascii()):
                out.append((t[i - 1:i + 1], pos))
        prev = i
        pos += 1
    return out


_WORD_RUN = re.compile(r"(?:[^\W_]|[\u3400-\u4dbf\u4e00-\u9fff])+")  # runs of is_word_char
_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")
_NON_CJK_WORD_CHAR = re.compile(r"[^\W_\u3400-\u4dbf\u4e00-\u9fff]")


def gram_words(text: str, cjk: bool = True, cjk_singles: bool = True) -> list[str]:
    """The grams of :func:`gram_terms` without positions (the ``grams`` field keeps none), in a
    different order, found run by run at C speed: what the index build uses.

    ``cjk=False``: only letters and digits (see :func:`gram_terms`). ``cjk_singles=False`` leaves
    out single Chinese characters but keeps their pairs: a query looks a Chinese character up
    alone in ``grams`` only when the word fields do not hold it, which in a collection of
    thousands of entries does not happen; the pairs (part of a word, a typo) are what is used."""
    t = fold(text).text
    runs = (_WORD_RUN if cjk else _ASCII_RUN).findall(t)
    out: list[str] = []
    if not cjk or cjk_singles:
        for run in runs:
            out += run
    else:
        out += _NON_CJK_WORD_CHAR.findall(t)
    for run in runs:
        if len(run) > 1:
            out += map(str.__add__, run[:-1], run[1:])
    return out


def query_grams(word: str) -> list[str]:
    """Characters (one) or character pairs (more) to look for when ``word`` is not in the index."""
    joined = "".join(ch for ch in word if is_word_char(ch))
    if len(joined) < 2:
        return list(joined)
    return sorted({joined[i:i + 2] for i in range(len(joined) - 1)})


# -- the full dictionary, loaded once per process when a trimmed one must be made -------------------

_full: tuple[dict, int] | None = None


def _full_dictionary(cache_dir: Path | None) -> tuple[dict, int]:
    global _full
    with _seg_lock:
        if _full is None:
            jieba = _jieba()
            tok = jieba.Tokenizer()
            if cache_dir is not None:
                tok.tmp_dir = str(cache_dir)  # jieba's own cache, never the system temp folder
                tok.cache_file = "jieba-full.cache"
            tok.initialize()
            _full = (tok.FREQ, tok.total)
        return _full


def _atomic_marshal(path: Path, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".marshal")
        with os.fdopen(fd, "wb") as f:
            marshal.dump(value, f)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only cache only costs time
        log.info("could not cache the jieba dictionary: %s", exc)


def _remove_old(folder: Path, pattern: str, keep: str) -> None:
    for p in folder.glob(pattern):
        if p.name != keep:
            try:
                p.unlink()
            except OSError:
                pass


# -- whoosh side -----------------------------------------------------------------------------------
# The index is written while :data:`ACTIVE` holds the segmenter for the content being indexed
# (see index.build). Queries never go through whoosh's analysis: the engine builds them itself.

ACTIVE: Segmenter | None = None


class WordTokenizer(Tokenizer):
    """Whoosh tokenizer over :meth:`Segmenter.words` (positions and original character spans)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        seg = ACTIVE
        if seg is None:
            raise RuntimeError("no active segmenter")
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for w in seg.words(value):
            t.text = w.text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = w.text
            if positions:
                t.pos = start_pos + w.pos
            if chars:
                t.startchar = start_char + w.start
                t.endchar = start_char + w.end
            yield t


class GramTokenizer(Tokenizer):
    """Whoosh tokenizer over :func:`grams`: the fallback for part of a word or of a number."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for g, pos, a, b in grams(value):
            t.text = g
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = g
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + a
                t.endchar = start_char + b
            yield t


def is_pinyin_candidate(word: str) -> bool:
    return bool(word) and word.isascii() and word.isalpha()


def has_cjk(text: str) -> bool:
    return any(is_cjk(ch) for ch in text)
