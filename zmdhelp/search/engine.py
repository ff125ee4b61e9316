"""The search engine: query planning, retrieval, ranking by coverage, highlights and snippets.

A query is never parsed with whoosh's query language: any string is plain text to look for, except
that text in quotes ("…", “…”, 「…」) must appear as it is (a phrase). The query is folded, its
pinyin runs are turned back into the content's words, and it is cut into *units* (one per word
the user typed). Each unit may match through the word itself, its synonyms, the dictionary words
inside it or, as a fallback, its characters (the ``grams`` field). Hits are ranked by BM25F
(question > similar questions > keywords > answer) scaled by *coverage*: the share of the units
that the entry matches, so a pasted sentence ranks the entry that answers most of it first.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .. import paths
from ..markers import GAP_RE, fill_window
from .text import clean_query, fold, is_cjk, is_word_char, pinyin_keys

if TYPE_CHECKING:
    from ..faq import FAQ, Entry
    from .synonyms import Synonyms

log = logging.getLogger(__name__)

DEFAULT_WINDOW_PHRASE = "每月1日—25日〔待核实〕"
SNIPPET_CHARS = 80
MAX_UNITS = 24
CANDIDATES = 60
_QUOTE_RE = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』|\'([^\']*)\'|‘([^’]*)’')
_PINYIN_RUN_RE = re.compile(r"[a-z]+(?:[ ']+[a-z]+)*")
# How much a match in each field says that the entry is about the word (for coverage).
FIELD_QUALITY = {"question": 1.0, "similar": 1.0, "keywords": 0.9, "category": 0.5, "answer": 0.6}
GRAM_QUALITY = 0.4
TITLE_CHARS = 0.8
LARGE_COLLECTION = 1000  # entries; above this, very common words are pruned from queries
COMMON_SHARE = 0.02
_QUOTE_CHARS = "\"'“”‘’「」『』"


@dataclass(frozen=True)
class Hit:
    id: str
    question: str
    category: tuple[str, ...]
    score: float
    snippet: str  # plain-text excerpt of the answer
    snippet_spans: tuple[tuple[int, int], ...] = ()  # [start, end) highlighted chars in snippet
    question_spans: tuple[tuple[int, int], ...] = ()  # [start, end) highlighted chars in question

    def snippet_marked(self, open: str = "【", close: str = "】") -> str:  # noqa: A002 (contract)
        return mark(self.snippet, self.snippet_spans, open, close)

    def question_marked(self, open: str = "【", close: str = "】") -> str:  # noqa: A002
        return mark(self.question, self.question_spans, open, close)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "question": self.question,
            "category": list(self.category),
            "score": round(self.score, 4),
            "snippet": self.snippet_marked(),
            "snippet_text": self.snippet,
            "snippet_spans": [list(s) for s in self.snippet_spans],
            "question_spans": [list(s) for s in self.question_spans],
        }


def mark(text: str, spans: Iterable[tuple[int, int]], open: str = "【", close: str = "】") -> str:  # noqa: A002
    out: list[str] = []
    pos = 0
    for a, b in sorted(spans):
        if a < pos or b <= a:
            continue
        out += [text[pos:a], open, text[a:b], close]
        pos = b
    out.append(text[pos:])
    return "".join(out)


@dataclass
class Unit:
    """One thing the user typed, and every form in which it may appear in the content."""

    text: str  # folded
    weight: float
    alts: dict[str, float] = field(default_factory=dict)  # folded word -> boost
    grams: list[str] = field(default_factory=list)  # all must be present (fallback)


@dataclass
class Plan:
    units: list[Unit]
    phrases: list[str]  # folded; each must be a substring of the entry's text
    folded: str  # the whole query, folded, without spaces
    chars: frozenset[str] = frozenset()  # the characters of the units' words


@dataclass
class _Doc:
    entry: "Entry"
    folded_question: str
    folded_all: str  # question, similar, keywords, answer, category: for phrases and exactness
    folded_similar: tuple[str, ...]
    fields: dict[str, str] = field(default_factory=dict)  # field name -> folded text


def _squash(text: str) -> str:
    return "".join(ch for ch in text if is_word_char(ch))


class SearchEngine:
    """Search over one FAQ. The constructor is cheap; :meth:`prepare` does the work."""

    def __init__(self, faq: "FAQ", data: Path | None = None, cache_dir: Path | None = None,
                 window_phrase: str = DEFAULT_WINDOW_PHRASE) -> None:
        self.faq = faq
        self.data = data
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.window_phrase = window_phrase
        self.warnings: list[str] = []
        self._lock = threading.RLock()
        self._ready = False
        self._seg = None
        self._ix = None
        self._searcher = None
        self._pinyin: dict[str, list[str]] = {}
        self._synonyms: "Synonyms | None" = None
        self._docs: dict[str, _Doc] = {}
        self._df_cache: dict[str, int] = {}
        self._scores = None
        self._entries: list[str] = []
        self.index_path: Path | None = None
        self.timings: dict[str, float] = {}

    # -- preparation ---------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self._ready

    def prepare(self) -> None:
        """Load the dictionary and open (or build) the index. Idempotent and thread-safe."""
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            try:
                self._prepare(use_disk=True)
            except Exception as exc:  # never let a broken cache stop the search
                log.exception("search preparation failed; retrying in memory")
                self.warnings.append(f"搜索索引无法使用（{exc.__class__.__name__}），已在内存中重建。")
                self._prepare(use_disk=False)
            self._ready = True

    def _prepare(self, use_disk: bool) -> None:
        import time

        from . import analyzer, index, scoring
        from .synonyms import SYNONYMS_FILE, Synonyms, load_synonyms

        t0 = time.perf_counter()
        self._synonyms = self._load_synonyms(SYNONYMS_FILE, load_synonyms, Synonyms)
        syn = self._synonyms
        entries = list(self.faq.entries)
        cache = self._cache_root() if use_disk else None
        extra = set(syn.words())
        for e in entries:
            extra.update(fold(k).text for k in e.keywords)
            extra.update(fold(t).text for t in e.category[1:])
        corpus = [" ".join((e.question, *e.similar, *e.keywords, e.answer, *e.category)) for e in entries]
        t1 = time.perf_counter()
        seg = analyzer.Segmenter.load(cache, corpus, extra)
        self._seg = seg
        t2 = time.perf_counter()
        parts = [syn.source]
        for e in entries:
            parts += [e.id, "\x1f".join(e.category), e.question, "\x1f".join(e.similar),
                      "\x1f".join(e.keywords), e.answer]
        key = index.content_key(parts)

        # Each text is cut once, for the index and for the pinyin table. In a large collection
        # the character fallback covers titles, similar questions and keywords (their character
        # pairs, and single characters other than Chinese ones), and only the letters and digits
        # of answers (numbers, codes): Chinese characters and pairs of every answer would be most
        # of the index (and of its build time) for a last-resort match. Only the question keeps
        # word positions (phrases); the other fields hold plain words.
        full_grams = len(entries) <= LARGE_COLLECTION
        cut: dict[str, list[tuple[str, int]]] = {}
        plain: dict[str, list[str]] = {}

        def terms(text: str) -> list[tuple[str, int]]:
            got = cut.get(text)
            if got is None:
                got = cut[text] = seg.terms(text)
            return got

        def words(text: str) -> list[str]:
            got = plain.get(text)
            if got is None:
                done = cut.get(text)  # a question already cut with positions (its field): reuse it
                got = plain[text] = [w for w, _ in done] if done is not None else seg.plain(text)
            return got

        def make_docs(start: int, stop: int):
            gram_words = analyzer.gram_words
            for e in entries[start:stop]:
                titles = "\n".join((e.question, *e.similar, *e.keywords))
                if full_grams:
                    grams = gram_words(titles + "\n" + e.answer)
                else:
                    grams = gram_words(titles, cjk_singles=False) + gram_words(e.answer, cjk=False)
                similar = [w for text in e.similar for w in words(text)] if len(e.similar) != 1 \
                    else words(e.similar[0])
                keywords = [w for text in e.keywords for w in words(text)]
                yield {
                    "id": e.id,
                    "question": terms(e.question),
                    "similar": similar,
                    "keywords": keywords,
                    "answer": seg.plain(e.answer),
                    "category": words(" ".join(e.category)),
                    "grams": grams,
                }

        def make_vocab(start: int, stop: int) -> set[str]:
            return _pinyin_vocab(entries[start:stop], words)

        def make_pinyin(vocab: set[str]) -> dict[str, list[str]]:
            return _pinyin_table(vocab, syn)

        content = index.Content(len(entries), make_docs, make_vocab, make_pinyin, _import_pinyin)
        with analyzer._seg_lock:
            analyzer.ACTIVE = seg
            try:
                opened = index.open_or_build(cache / "search" if cache else None, key, content)
            finally:
                analyzer.ACTIVE = None
        t3 = time.perf_counter()
        self.warnings += opened.warnings
        self._ix = opened.index
        self._pinyin = opened.pinyin
        self.index_path = opened.path
        self._searcher = self._ix.searcher()
        self._scores = scoring.TermScores(self._searcher)
        # Documents were added in entry order (one segment): docnum -> entry id. Checked at both
        # ends, so an index written any other way is read through its stored ids instead.
        self._entries = [e.id for e in entries]
        reader = self._searcher.reader()
        if entries and (reader.doc_count_all() != len(entries)
                        or reader.stored_fields(0).get("id") != entries[0].id
                        or reader.stored_fields(len(entries) - 1).get("id") != entries[-1].id):
            self._entries = [f.get("id", "") for f in reader.all_stored_fields()]
        self._df_cache = {}
        self._docs = {}
        for e in entries:
            fq = fold(e.question).text
            fs = tuple(fold(s).text for s in e.similar)
            fa = fold("\n".join((e.question, *e.similar, *e.keywords, e.answer, " ".join(e.category)))).text
            self._docs[e.id] = _Doc(e, fq, fa, fs, {
                "question": fq, "similar": "\n".join(fs), "keywords": fold("\n".join(e.keywords)).text,
                "answer": fold(e.answer).text, "category": fold(" ".join(e.category)).text})
        self.timings = {"synonyms": t1 - t0, "dictionary": t2 - t1, "index": t3 - t2,
                        "rebuilt": float(opened.rebuilt), "total": time.perf_counter() - t0}

    def _cache_root(self) -> Path | None:
        root = self.cache_dir if self.cache_dir is not None else paths.cache_dir()
        try:
            root.mkdir(parents=True, exist_ok=True)
            return root
        except OSError as exc:
            self.warnings.append(f"缓存文件夹 {root} 无法使用（{exc.strerror or exc}），搜索索引只保存在内存中。")
            return None

    def _load_synonyms(self, name, loader, empty):
        from ..content import resolve
        from ..errors import DataError

        try:
            loaded = resolve(name, loader, self.data)
            self.warnings += loaded.warnings
            return loaded.value
        except DataError as exc:
            self.warnings.append(f"同义词表无法使用，搜索不使用同义词：\n{exc}")
        except OSError as exc:
            self.warnings.append(f"同义词表无法读取（{exc}），搜索不使用同义词。")
        return empty()

    # -- query planning ------------------------------------------------------------------------

    def plan(self, query: str) -> Plan:
        text = clean_query(query)
        phrases: list[str] = []

        def take(m: re.Match) -> str:
            inner = next((g for g in m.groups() if g is not None), "")
            f = _squash(fold(inner).text)
            if f:
                phrases.append(f)
            return f" {inner} "

        text = _QUOTE_RE.sub(take, text)
        text = "".join(" " if ch in _QUOTE_CHARS else ch for ch in text)  # unbalanced quotes
        folded = fold(text).text
        units: list[Unit] = []
        seen: set[str] = set()

        def add(unit: Unit) -> None:
            if unit.text in seen or len(units) >= MAX_UNITS:
                return
            seen.add(unit.text)
            units.append(unit)

        # Pinyin runs (yanzhengma, yzm, "shouji yanzhengma") become the content's words.
        rest = []
        pos = 0
        for m in _PINYIN_RUN_RE.finditer(folded):
            run = m.group(0)
            words = self._pinyin_words(run)
            if words is None:
                continue
            rest.append(folded[pos:m.start()])
            rest.append(" ")
            pos = m.end()
            for piece, cands in words:
                u = Unit(piece, 1.0)
                for i, c in enumerate(cands):
                    u.alts[c] = 1.0 if i == 0 else 0.8
                add(u)
        rest.append(folded[pos:])
        remainder = "".join(rest)

        words = self._seg.words(remainder) if remainder.strip() else []
        if not words and not units:
            # A query made only of stopwords still searches for them.
            words = self._seg.words(remainder, keep_stops=True)
        mains = [w for w in words if not w.sub]
        subs: dict[int, list[str]] = {}
        for w in words:
            if w.sub:
                subs.setdefault(w.pos, []).append(w.text)
        # Single characters in a row are a word jieba does not know (证码, a typo like 严证码's
        # 严): one unit, found through character pairs.
        groups: list[list] = []
        for w in mains:
            single = len(w.text) == 1 and is_cjk(w.text)
            if single and groups and groups[-1][-1].end == w.start and len(groups[-1][-1].text) == 1 \
                    and is_cjk(groups[-1][-1].text):
                groups[-1].append(w)
            else:
                groups.append([w])
        for g in groups:
            if len(g) == 1:
                u = self._unit(g[0].text, subs.get(g[0].pos, []))
            else:
                u = self._unit("".join(w.text for w in g), [])
                if u is not None:
                    for w in g:
                        u.alts.setdefault(w.text, 0.3)
            if u is not None:
                add(u)
        for p in phrases:  # a phrase's words also rank the hits
            for w in self._seg.words(p):
                if not w.sub:
                    u = self._unit(w.text, [])
                    if u is not None:
                        add(u)
        chars = frozenset(ch for u in units for ch in (u.text if not u.text.isascii() else next(iter(u.alts), u.text))
                          if is_word_char(ch) and not ch.isascii())
        return Plan(units, phrases, _squash(folded), chars)

    def _unit(self, word: str, subs: list[str]) -> Unit | None:
        if not any(is_word_char(ch) for ch in word):
            return None
        n = len(word)
        weight = 1.0 if n >= 2 else 0.4
        if word.isdigit():
            weight = 0.8 if n >= 2 else 0.3
        u = Unit(word, weight)
        u.alts[word] = 1.0
        syn = self._synonyms
        for s in sorted(syn.expand(word)) if syn else ():
            u.alts.setdefault(s, 0.9)
        for s in subs:
            u.alts.setdefault(s, 0.45)
            for t in sorted(syn.expand(s)) if syn else ():
                u.alts.setdefault(t, 0.35)
        u.grams = self._grams_for(word)
        return u

    @staticmethod
    def _grams_for(word: str) -> list[str]:
        from .analyzer import query_grams

        return query_grams(word)

    def _pinyin_words(self, run: str) -> list[tuple[str, list[str]]] | None:
        """Split an all-letters run into the content's words by their pinyin, or None."""
        s = run.replace(" ", "").replace("'", "")
        if len(s) < 2 or len(s) > 60:
            return None
        table = self._pinyin
        # A word of the content written in letters (CA, UKey) is itself, not pinyin.
        if self._seg.is_word(s) and s not in table:
            return None
        n = len(s)
        best: list[tuple[int, list[str]] | None] = [None] * (n + 1)
        best[0] = (0, [])
        for i in range(n):
            if best[i] is None:
                continue
            cost, pieces = best[i]
            for j in range(i + 2, min(n, i + 30) + 1):
                if s[i:j] in table:
                    cand = (cost + 1, pieces + [s[i:j]])
                    if best[j] is None or cand[0] < best[j][0]:
                        best[j] = cand
        if best[n] is None:
            return None
        return [(p, table[p]) for p in best[n][1]]

    # -- searching -----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 10) -> list["Hit"]:
        """Best hits first; never raises (a failure is logged and gives no hits)."""
        try:
            limit = max(0, int(limit))
        except (TypeError, ValueError):
            limit = 10
        if not limit:
            return []
        try:
            self.prepare()
            with self._lock:
                return self._plan_and_run(query, limit)
        except Exception:
            log.exception("search failed for %r", str(query)[:200])
            return self._recover_and_retry(query, limit)

    def _plan_and_run(self, query: str, limit: int) -> list["Hit"]:
        """Plan and score ``query``; the caller holds the lock."""
        plan = self.plan(query)
        if not plan.units and not plan.phrases:
            return []
        return self._run(plan, limit)

    def _recover_and_retry(self, query: str, limit: int) -> list["Hit"]:
        """The index failed while searching (deleted, corrupt on disk): rebuild in memory once."""
        try:
            with self._lock:
                if self._ix is not None and self.index_path is None:
                    return []  # already in memory: the problem is not the files
                self.warnings.append("搜索索引读取出错，已在内存中重建。")
                self._close()
                self._prepare(use_disk=False)
                self._ready = True
                return self._plan_and_run(query, limit)
        except Exception:
            log.exception("search failed again for %r", str(query)[:200])
            return []

    def _close(self) -> None:
        try:
            if self._searcher is not None:
                self._searcher.close()
        except Exception:
            pass
        self._searcher = None

    def close(self) -> None:
        with self._lock:
            self._close()
            self._ready = False

    def _df(self, term: str) -> int:
        """Documents holding ``term`` in any word field (cached: the index never changes)."""
        df = self._df_cache.get(term)
        if df is None:
            from .index import WORD_FIELDS

            reader = self._searcher.reader()
            df = max(reader.doc_frequency(f, term) for f in WORD_FIELDS)
            if len(self._df_cache) > 50000:
                self._df_cache.clear()
            self._df_cache[term] = df
        return df

    def _prune(self, plan: Plan) -> list[tuple[Unit, dict[str, float], bool]]:
        """(unit, alternatives to query, query its grams?) for each unit.

        A small collection queries everything. In a large one (thousands of entries) a word found
        in more than a few percent of them costs most of the query time and barely changes the
        order, so it is left out when the query has rarer words; character pairs are looked up
        only for a unit none of whose words is in the index (part of a word, a typo)."""
        n = self._searcher.doc_count()
        if n <= LARGE_COLLECTION:
            return [(u, u.alts, bool(u.grams)) for u in plan.units]
        common = max(50, int(n * COMMON_SHARE))
        out = []
        dfs = {u.text: {a: self._df(a) for a in u.alts} for u in plan.units}
        any_rare = any(0 < df <= common for d in dfs.values() for df in d.values())
        for u in plan.units:
            d = dfs[u.text]
            alts = {a: b for a, b in u.alts.items() if 0 < d[a] <= common}
            if not alts and not any_rare:
                # Only common words: keep the closest forms the index has (a pinyin run's first
                # reading may be a misspelling from the synonym list that no entry uses).
                present = {a: b for a, b in u.alts.items() if d[a] > 0}
                floor = min(0.9, max(present.values(), default=0.0))
                alts = {a: b for a, b in present.items() if b >= floor}
            out.append((u, alts, bool(u.grams) and not any(d.values())))
        return out

    def _clauses(self, pruned) -> list[tuple]:
        """(fields, word, boost) to look for: what whoosh's ``Or`` of ``Term``s would hold after its
        normalisation (nested groups flattened, exact duplicates removed). A word is looked for in
        all word fields at once (one clause, see scoring.TermScores.combined)."""
        from .index import WORD_FIELDS

        out: list[tuple] = []
        seen: set[tuple] = set()
        for u, alts, use_grams in pruned:
            items: list[tuple] = [(WORD_FIELDS, alt, boost) for alt, boost in alts.items()]
            if u.grams and use_grams:
                items += [("grams", g, 0.25 / len(u.grams)) for g in u.grams]
            for c in items:
                if c not in seen:
                    seen.add(c)
                    out.append(c)
        return out

    def _run(self, plan: Plan, limit: int, candidates: int = CANDIDATES) -> list["Hit"]:
        from . import scoring
        from .index import WORD_FIELDS

        ts = self._scores
        clauses = self._clauses(self._prune(plan))
        acc, used = scoring.score_or(ts, clauses)
        if plan.phrases:
            # Every word of each phrase must be there (in any field); the exact order is checked
            # below. The phrase words' scores count too, and at least one other clause must match
            # when there are any (whoosh's And(words..., Or(others))).
            required: set[int] | None = set(acc) if clauses else None
            total: dict[int, float] = {}
            for p in plan.phrases:
                words = {w.text for w in self._seg.words(p, keep_stops=True) if not w.sub}
                for w in sorted(words):
                    part, part_used = scoring.score_or(ts, [(WORD_FIELDS, w, 1.0)])
                    required = set(part) if required is None else required & part.keys()
                    used += part_used
                    for d, v in part.items():
                        total[d] = total.get(d, 0.0) + v
            keep = required or set()
            acc = {d: acc.get(d, 0.0) + total.get(d, 0.0) for d in keep}
        best = scoring.top(acc, max(candidates, limit * 3))
        terms = scoring.matched((d for d, _ in best), used)
        entries = self._entries
        scored = []
        for d, base in best:
            doc = self._docs.get(entries[d]) if d < len(entries) else None
            if doc is None:
                continue
            if plan.phrases and not all(p in _squash(doc.folded_all) for p in plan.phrases):
                continue
            score, covered = self._rank(plan, doc, base, terms[d])
            scored.append((score, doc, covered))
        scored.sort(key=lambda x: (-x[0], x[1].entry.line))
        return [self._hit(doc, score, plan, covered) for score, doc, covered in scored[:limit]]

    def _rank(self, plan: Plan, doc: _Doc, base: float, matched: set[tuple[str, str]]
              ) -> tuple[float, list[tuple[Unit, list[str]]]]:
        total = sum(u.weight for u in plan.units) or 1.0
        got = 0.0
        covered: list[tuple[Unit, list[str]]] = []
        for u in plan.units:
            best = 0.0
            hits: list[str] = []
            for f, t in matched:
                boost = u.alts.get(t)
                if boost is not None and f != "grams":
                    best = max(best, boost * FIELD_QUALITY.get(f, 0.5))
                    hits.append(t)
            if not hits and u.grams:
                # Part of a word, or a word with a typo: most of its characters or pairs are there.
                present = [g for g in u.grams if ("grams", g) in matched]
                share = len(present) / len(u.grams)
                if share >= 0.5:
                    hits, best = present, GRAM_QUALITY * share
            if hits:
                got += u.weight * best
                covered.append((u, hits))
        coverage = got / total
        score = math.log1p(base) * (0.3 + coverage) + 2.0 * coverage
        # Colloquial wording shares characters with the question even where words differ
        # (在哪办证书 / 证书怎么办理): the share of the query's characters in the title counts a bit.
        chars = plan.chars
        if chars:
            overlap = max(len(chars & set(t)) for t in (doc.folded_question, *doc.folded_similar))
            score += TITLE_CHARS * overlap / len(chars)
        q = plan.folded
        if q and len(q) >= 2:
            fq = _squash(doc.folded_question)
            if q == fq or any(q == _squash(s) for s in doc.folded_similar):
                score += 3.0
            elif q in fq:
                score += 1.0
            elif any(q in _squash(s) for s in doc.folded_similar):
                score += 0.6
        return score, covered

    # -- hits, highlights, snippets ------------------------------------------------------------

    def _hit(self, doc: _Doc, score: float, plan: Plan | None, covered) -> Hit:
        e = doc.entry
        terms: set[str] = set()
        primary: set[str] = set()  # what the user typed: the snippet is centred on these first
        if plan is not None:
            terms.update(plan.phrases)
            primary.update(plan.phrases)
            for u, hits in covered:
                for h in hits:
                    if len(h) >= 2 or len(u.text) == 1 or not is_cjk(h[:1]):
                        terms.add(h)
                        if h == u.text or u.alts.get(h, 0) >= 1.0:
                            primary.add(h)
        answer = fill_window(_plain(e.answer), self.window_phrase).replace("\n", " ")
        qspans = find_spans(e.question, terms)
        aspans = find_spans(answer, terms)
        snippet, sspans = make_snippet(answer, aspans, find_spans(answer, primary))
        return Hit(e.id, e.question, tuple(e.category), float(score), snippet, sspans, qspans)

    def suggest(self, query: str, limit: int = 5) -> list[Hit]:
        """Close matches (any shared character) or, failing that, the first questions."""
        try:
            self.prepare()
            with self._lock:
                plan = self.plan(query)
                hits: list[Hit] = []
                chars = sorted({ch for u in plan.units for ch in u.text if is_word_char(ch)}
                               | {ch for p in plan.phrases for ch in p})
                pairs = sorted({g for u in plan.units for g in u.grams})
                if chars or pairs:
                    from whoosh.query import Or, Term

                    from .index import WORD_FIELDS

                    terms = [Term(f, c) for c in chars[:MAX_UNITS] for f in WORD_FIELDS]
                    terms += [Term("grams", g) for g in pairs[:MAX_UNITS]]
                    terms += [Term(f, a) for u in plan.units for a in u.alts for f in WORD_FIELDS]
                    loose = Plan([Unit(c, 1.0, {c: 1.0}, []) for c in chars[:MAX_UNITS]], [], "")
                    results = self._searcher.search(Or(terms), limit=max(limit, 10))
                    for r in results:
                        doc = self._docs.get(r["id"])
                        if doc is not None:
                            hits.append(self._hit(doc, float(r.score), loose, []))
                    hits = hits[:limit]
                seen = {h.id for h in hits}
                for e in self.faq.entries:
                    if len(hits) >= limit:
                        break
                    if e.id not in seen:
                        hits.append(self._hit(self._docs[e.id], 0.0, None, []))
                return hits
        except Exception:
            log.exception("suggest failed")
            return []

    def related(self, entry_id: str, limit: int = 5) -> list[Hit]:
        """Questions related to an entry: similar words first, then the same topic."""
        try:
            self.prepare()
            entry = self.faq.get(entry_id)
            if entry is None:
                return []
            with self._lock:
                plan = self.plan(" ".join((entry.question, *entry.keywords)))
                hits = [h for h in (self._run(plan, limit + 1) if plan.units else []) if h.id != entry_id]
                out = hits[:limit]
                seen = {h.id for h in out} | {entry_id}
                for e in self.faq.in_category(*entry.category) + self.faq.in_category(entry.category[0]):
                    if len(out) >= limit:
                        break
                    if e.id not in seen:
                        seen.add(e.id)
                        out.append(self._hit(self._docs[e.id], 0.0, None, []))
                return out
        except Exception:
            log.exception("related failed")
            return []


def _pinyin_vocab(entries: "Iterable[Entry]", words) -> set[str]:
    """The content's words that pinyin may stand for: words of two or more Chinese characters in
    questions, similar questions, keywords and sub-topics (``words(text)`` cuts a text)."""
    vocab: set[str] = set()
    seen: set[str] = set()
    for e in entries:
        for text in (e.question, *e.similar, *e.keywords, *e.category[1:]):
            for w in words(text):
                if w not in seen:
                    seen.add(w)
                    if len(w) >= 2 and all(is_cjk(c) for c in w):
                        vocab.add(w)
    return vocab


def _pinyin_table(vocab: set[str], syn: "Synonyms") -> dict[str, list[str]]:
    """pinyin and initials -> the content's words that sound like them (yzm -> 验证码)."""
    vocab = vocab | {w for w in syn.words() if all(is_cjk(c) for c in w)}
    table: dict[str, set[str]] = {}
    for w in vocab:
        full, initials = pinyin_keys(w)
        if full:
            table.setdefault(full, set()).add(w)
        if initials and len(initials) >= 2:
            table.setdefault(initials, set()).add(w)
    return {k: sorted(v, key=lambda w: (-len(w), w))[:8] for k, v in table.items()}


def _import_pinyin() -> None:
    """Import pypinyin (about 0.5 s, its phrase table) while other processes analyse entries."""
    import pypinyin  # noqa: F401


def _plain(answer: str) -> str:
    from ..answer import plain_text

    return plain_text(answer)


def find_spans(text: str, terms: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Where any of ``terms`` (folded) occurs in ``text``, as merged spans of the ORIGINAL text."""
    terms = [t for t in terms if t]
    if not terms or not text:
        return ()
    folded = fold(text)
    ft = folded.text
    raw: list[tuple[int, int]] = []
    for t in sorted(set(terms), key=len, reverse=True):
        start = ft.find(t)
        while start >= 0:
            raw.append(folded.orig(start, start + len(t)))
            start = ft.find(t, start + len(t))
    # Never inside a gap marker: 〔待补充：证书初始密码〕 is a missing fact, not a match to show.
    gaps = [(m.start(), m.end()) for m in GAP_RE.finditer(text)]
    raw = [(a, b) for a, b in raw if not any(a < ge and b > gs for gs, ge in gaps)]
    raw.sort()
    merged: list[list[int]] = []
    for a, b in raw:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


def make_snippet(text: str, spans: tuple[tuple[int, int], ...], primary: tuple[tuple[int, int], ...] = (),
                 width: int = SNIPPET_CHARS) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of ``text`` around the most highlights (what the user typed counts most), with
    the spans moved into it."""
    if len(text) <= width:
        return text, spans
    start = 0
    if spans:
        best = (-1, 0)
        for a, _ in spans:
            s = max(0, min(a - 12, len(text) - width))
            n = sum(1 for x, y in spans if x >= s and y <= s + width)
            n += 3 * sum(1 for x, y in primary if x >= s and y <= s + width)
            if n > best[0]:
                best = (n, s)
        start = best[1]
    end = min(len(text), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    moved = tuple((a - start + len(prefix), b - start + len(prefix)) for a, b in spans if a >= start and b <= end)
    return prefix + text[start:end] + suffix, moved
