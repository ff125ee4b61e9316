"""BM25F over the index's postings, without whoosh's query and matcher objects.

Why: whoosh scores a query by walking a tree of matcher objects, several Python calls per posting
and per clause; a pasted sentence becomes a few hundred (field, word) clauses and, in a collection
of thousands of entries, common words bring thousands of postings (about 200 ms per query). The
index never changes once written, so each (field, word) is read from whoosh once, scored once
(whoosh's own BM25F formula, statistics and stored lengths, so the scores are the same as
``searcher.search`` gives), and kept: a query is then a few dictionary sums.
"""

from __future__ import annotations

import heapq
import threading
from typing import Iterable

B = 0.75  # whoosh.scoring.BM25F defaults (the engine's searcher uses them)
K1 = 1.2
MAX_CACHED = 1_000_000  # postings kept in memory (about 100 MB at most) before the cache is emptied


class TermScores:
    """(field, word) -> {docnum: BM25F score}, read from a whoosh searcher and cached."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], dict[int, float]] = {}
        self._cached_postings = 0
        self._avg: dict[str, float] = {}
        self._field_lengths: dict[str, list] = {}

    def get(self, field: str, text: str) -> dict[int, float]:
        key = (field, text)
        got = self._cache.get(key)
        if got is not None:
            return got
        got = self._read(field, text)
        with self._lock:
            if self._cached_postings > MAX_CACHED:
                self._cache.clear()
                self._cached_postings = 0
            self._cache[key] = got
            self._cached_postings += len(got) + 1
        return got

    def combined(self, fields: tuple[str, ...], text: str) -> dict[int, float]:
        """Sum over ``fields`` of the word's scores: one dictionary to add per word instead of one
        per field (a common word is in several fields of most of its documents)."""
        key = (fields, text)
        got = self._cache.get(key)
        if got is not None:
            return got
        got = {}
        for f in fields:
            posting = self.get(f, text)
            if not got:
                got = dict(posting)
            else:
                for d, v in posting.items():
                    got[d] = got.get(d, 0.0) + v
        with self._lock:
            self._cache[key] = got
            self._cached_postings += len(got) + 1
        return got

    def _read(self, field: str, text: str) -> dict[int, float]:
        reader = self.reader
        try:
            if not reader.doc_frequency(field, text):
                return {}
        except Exception:  # a field the index does not have
            return {}
        searcher = self.searcher
        idf = searcher.idf(field, text)
        avgfl = self._avg.get(field)
        if avgfl is None:
            avgfl = self._avg[field] = searcher.avg_field_length(field) or 1
        ids, weights = _postings(reader, field, text)
        lengths = self._lengths(field)
        out: dict[int, float] = {}
        for d, w in zip(ids, weights):
            # whoosh.scoring.bm25(idf, w, fl, avgfl, B, K1), written out (same rounding)
            out[d] = idf * ((w * (K1 + 1)) / (w + K1 * ((1 - B) + B * lengths[d] / avgfl)))
        return out

    def _lengths(self, field: str):
        """Every document's stored (byte-rounded) length of ``field``, as whoosh's scorer reads it."""
        got = self._field_lengths.get(field)
        if got is None:
            got = _read_lengths(self.searcher, self.reader, field)
            self._field_lengths[field] = got
        return got


def _read_lengths(searcher, reader, field: str) -> list:
    n = reader.doc_count_all()
    try:  # the whole length column at once (whoosh's own column reader)
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
        from whoosh.util.numeric import byte_to_length

        col = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        raw = list(col) if col is not None else None
        if raw is not None and len(raw) == n:
            return [byte_to_length(b) if b else 1 for b in raw]
    except Exception:  # another codec or reader type: ask document by document
        pass
    dfl = searcher.doc_field_length
    return [dfl(d, field, 1) for d in range(n)]


def _postings(reader, field: str, text: str) -> tuple[list[int], list[float]]:
    """All (docnum, weight) of one term: block by block where whoosh's matcher allows it."""
    m = reader.postings(field, text)
    ids: list[int] = []
    weights: list[float] = []
    block = all(hasattr(m, a) for a in ("_read_ids", "_read_weights", "_next_block", "_i"))
    while m.is_active():
        if block and m._i == 0:
            m._read_ids()
            m._read_weights()
            ids.extend(m._ids)
            weights.extend(m._weights)
            m._next_block()
        else:
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
    return ids, weights


def score_or(scores: TermScores, clauses: Iterable[tuple[str | tuple[str, ...], str, float]]
             ) -> tuple[dict[int, float], list]:
    """Sum of boost × score over the clauses a document matches (whoosh's ``Or`` of ``Term``s),
    and the (field, word, postings) it used (for matched terms). A clause's field may be a tuple
    of fields: the word in any of them, scores added."""
    acc: dict[int, float] = {}
    used = []
    get = acc.get
    for field, text, boost in clauses:
        if isinstance(field, tuple):
            posting = scores.combined(field, text)
            used += [(f, text, p) for f in field if (p := scores.get(f, text))]
        else:
            posting = scores.get(field, text)
            if posting:
                used.append((field, text, posting))
        if not posting:
            continue
        if boost == 1.0:
            for d, s in posting.items():
                acc[d] = get(d, 0.0) + s
        else:
            for d, s in posting.items():
                acc[d] = get(d, 0.0) + s * boost
    return acc, used


def top(acc: dict[int, float], n: int) -> list[tuple[int, float]]:
    """The n best (docnum, score), ties by docnum (as whoosh's collector orders them)."""
    best = heapq.nsmallest(n, acc.items(), key=lambda item: (-item[1], item[0]))
    return best


def matched(docs: Iterable[int], used: list) -> dict[int, set[tuple[str, str]]]:
    """docnum -> the (field, word) clauses it matches, for the given documents only."""
    want = set(docs)
    out: dict[int, set[tuple[str, str]]] = {d: set() for d in want}
    for f, t, posting in used:
        hits = [d for d in want if d in posting] if len(posting) > len(want) else [d for d in posting if d in want]
        for d in hits:
            out[d].add((f, t))
    return out
