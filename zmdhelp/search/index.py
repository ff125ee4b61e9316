"""The on-disk search index: build, open, check, rebuild.

Layout, in the per-user cache folder (never the install folder)::

    <cache>/search/index-<key>/      one complete index for one content key
        ... whoosh files ...
        READY.json                   written last: {"key", "docs", "version"}; no file, no index
        pinyin.json                  pinyin / initials -> words of the content

``key`` hashes the analyzer version, the schema version, jieba's version, every entry and the
synonym list, so any change of those gives a new folder and a rebuild. A folder is written once
and then only read: a new index is built in a private temporary folder beside it and renamed into
place (atomic on one file system), so a reader never sees a half-built index, two processes never
write the same files (whoosh's write lock is never contended) and a crash leaves only a temporary
folder that the next start removes. A folder that is missing, partial (no READY.json), does not
match its key or fails to open is replaced the same way. If the cache folder cannot be written,
the index is built in memory.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

log = logging.getLogger(__name__)

SCHEMA_VERSION = "2"
READY = "READY.json"
PINYIN = "pinyin.json"
WORD_FIELDS = ("question", "similar", "keywords", "answer", "category")
FIELD_BOOSTS = {"question": 3.0, "similar": 2.2, "keywords": 2.0, "answer": 1.0, "category": 0.6}
STALE_TMP_SECONDS = 3600  # a temporary folder older than this is a crashed build


def schema():
    from whoosh.fields import ID, TEXT, Schema

    from .analyzer import GramTokenizer, WordTokenizer

    fields = {name: TEXT(analyzer=WordTokenizer(), phrase=(name == "question"), field_boost=boost)
              for name, boost in FIELD_BOOSTS.items()}
    fields["grams"] = TEXT(analyzer=GramTokenizer(), phrase=False)
    fields["id"] = ID(stored=True, unique=True)
    return Schema(**fields)


@dataclass
class Opened:
    index: object  # whoosh.index.Index
    pinyin: dict[str, list[str]]
    path: Path | None  # None: in memory
    rebuilt: bool
    warnings: list[str]


def content_key(parts: Iterable[str]) -> str:
    import jieba

    from .analyzer import ANALYZER_VERSION

    h = hashlib.sha256()
    h.update(f"analyzer={ANALYZER_VERSION};schema={SCHEMA_VERSION};jieba={jieba.__version__}\n".encode())
    for p in parts:
        h.update(p.encode("utf-8", "replace"))
        h.update(b"\x00")
    return h.hexdigest()[:20]


def _check(folder: Path, key: str, docs: int):
    """Open ``folder`` if it is a complete index for ``key``; raise otherwise."""
    from whoosh import index as windex

    meta = json.loads((folder / READY).read_text(encoding="utf-8"))
    if meta.get("key") != key or meta.get("docs") != docs:
        raise ValueError("index does not match the content")
    # Check every file against the manifest before whoosh reads it: whoosh fails on a damaged
    # file only after opening it (and leaves it open), and may not fail at all on some damage.
    files = meta.get("files")
    if not isinstance(files, dict) or not files or _manifest(folder) != files:
        raise ValueError("index files differ from their manifest")
    ix = windex.open_dir(str(folder), readonly=True)
    if ix.doc_count() != docs:
        ix.close()
        raise ValueError("index has the wrong number of documents")
    pinyin = json.loads((folder / PINYIN).read_text(encoding="utf-8"))
    if not isinstance(pinyin, dict):
        raise ValueError("bad pinyin table")
    return ix, pinyin


def _manifest(folder: Path) -> dict[str, list]:
    """name -> [size, sha256] of the index's own files (not READY.json, not lock files)."""
    out: dict[str, list] = {}
    for p in sorted(folder.iterdir()):
        if p.name == READY or p.name.endswith("LOCK") or not p.is_file():
            continue
        data = p.read_bytes()
        out[p.name] = [len(data), hashlib.sha256(data).hexdigest()]
    return out


def _write(storage_index, docs: Iterable[dict]) -> None:
    """Write ``docs`` as one segment. A document maps field names to analysed text, a list of
    (word, position) (or, for the id, the id itself): see :func:`_add_analysed`."""
    writer = storage_index.writer(limitmb=128)
    try:
        _add_analysed(writer, docs)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)


def _add_analysed(writer, docs: Iterable[dict]) -> None:
    """Add already analysed documents to a whoosh ``SegmentWriter``, straight into its codec.

    A document maps field names to a list of (word, position), or, for a field without phrases,
    simply a list of words; the id is the id itself.

    Why not ``add_document``: whoosh runs each value through the field's analyzer and format,
    puts every posting into a sorting pool and, at commit, looks up each posting's field length
    in the column it has just written: about 15 µs per posting, 35 s for 10,000 entries. Here the
    postings are gathered per (field, word) as columns (documents and counts) and handed to the
    codec's postings writer a whole block at a time (:func:`_write_term`), with the same weights,
    values and (byte-rounded) lengths whoosh itself would store, so the index files are the ones
    ``add_document`` writes and read by whoosh as usual.
    """
    from collections import Counter

    from whoosh.formats import Existence, Frequency, Positions
    from whoosh.util.numeric import byte_to_length, length_to_byte

    schema = writer.schema
    perdoc = writer.perdocwriter
    kinds = {}
    for name in schema.names():
        fmt = type(schema[name].format)
        if fmt not in (Positions, Frequency, Existence):
            raise TypeError(f"unsupported whoosh format {fmt!r}")
        kinds[name] = fmt
    fields = [(n, schema[n], kinds[n], schema[n].scorable, schema[n].stored) for n in sorted(schema.names())]
    # field -> word -> ([docnum, ...], [count or encoded positions, ...]); field -> docnum -> length
    postings: dict[str, dict[str, tuple[list[int], list]]] = {n: {} for n in schema.names()}
    lengths: dict[str, list[int]] = {n: [] for n in schema.names()}
    rounded = [byte_to_length(length_to_byte(i)) for i in range(256)]
    for doc in docs:
        docnum = writer.docnum
        perdoc.start_doc(docnum)
        for name, field, kind, scorable, stored in fields:
            value = doc.get(name)
            lens = lengths[name]
            if value is None:
                lens.append(0)
                continue
            table = postings[name]
            if isinstance(value, str):  # an ID: the whole value is the one term, stored
                got = table.get(value)
                if got is None:
                    table[value] = ([docnum], [1])
                else:
                    got[0].append(docnum)
                    got[1].append(1)
                lens.append(0)
                perdoc.add_field(name, field, value if stored else None, 0)
                continue
            length = len(value) if scorable else 0
            lens.append((rounded[length] if length < 256 else byte_to_length(length_to_byte(length))) if length else 0)
            if kind is Positions:
                by_term: dict[str, list[int]] = {}
                for term, pos in value:
                    got = by_term.get(term)
                    if got is None:
                        by_term[term] = [pos]
                    else:
                        got.append(pos)
                encode = field.format.encode
                for term, poslist in by_term.items():
                    got = table.get(term)
                    item = (encode(poslist), len(poslist))
                    if got is None:
                        table[term] = ([docnum], [item])
                    else:
                        got[0].append(docnum)
                        got[1].append(item)
            else:
                counts = Counter(value if not value or isinstance(value[0], str) else [t for t, _ in value])
                for term, n in counts.items():
                    got = table.get(term)
                    if got is None:
                        table[term] = ([docnum], [n])
                    else:
                        got[0].append(docnum)
                        got[1].append(n)
            perdoc.add_field(name, field, None, length)
        perdoc.finish_doc()
        writer.docnum += 1
        writer._added = True

    def flush() -> None:  # replaces SegmentWriter._flush_segment (pool + length look-ups)
        writer.perdocwriter.close()
        fw = writer.fieldwriter
        for name in sorted(postings):  # fields, then terms, in whoosh's (byte) order
            table = postings[name]
            if not table:
                continue
            field = schema[name]
            fw.start_field(name, field)
            kind = kinds[name]
            boost = field.format.field_boost
            lens = lengths[name]
            for btext, term in sorted((t.encode("utf-8"), t) for t in table):
                fw.start_term(btext)
                ids, data = table[term]
                _write_term(fw._postwriter, kind, boost, ids, data, lens)
                fw.finish_term()
            fw.finish_field()
        fw.close()

    writer._flush_segment = flush


def _write_term(pw, kind, boost: float, ids: list[int], data: list, lens: list[int]) -> None:
    """Fill whoosh's ``W3PostingsWriter`` one block at a time with what ``add_posting`` would
    have collected one posting at a time (ids, float32 weights, values, min/max length and max
    weight of the block); its own ``_write_block``/``finish_postings`` then encode the blocks."""
    from array import array

    from whoosh.formats import Existence, Frequency, Positions
    from whoosh.system import pack_uint

    if kind is Frequency:
        weights = [n * boost for n in data]
        values = [pack_uint(n) for n in data]
    elif kind is Positions:  # data: (encoded positions, how many); weight as Positions.word_values
        weights = [n * boost for _, n in data]
        values = [v for v, _ in data]
    else:
        assert kind is Existence
        weights = [boost] * len(ids)
        values = []
    limit = pw._blocklimit
    n = len(ids)
    for a in range(0, n, limit):
        b = min(n, a + limit)
        pw._ids = array("I", ids[a:b])
        w = weights[a:b]
        pw._weights = array("f", w)
        pw._maxweight = max(0, max(w))
        pw._values = values[a:b] if values else []
        ls = [lens[d] for d in ids[a:b]]
        nz = [x for x in ls if x]
        pw._minlength = min(nz) if nz else None
        pw._maxlength = max(ls)
        if b < n:
            pw._write_block()
        # the last block is written by finish_postings (as the last one)


def open_or_build(
    root: Path | None,
    key: str,
    count: int,
    make_docs: Callable[[], Iterable[dict]],
    make_pinyin: Callable[[], dict[str, list[str]]],
) -> Opened:
    """Open the index for ``key`` under ``root``, or build it (atomically) if it is not usable."""
    warnings: list[str] = []
    if root is not None:
        final = Path(root) / f"index-{key}"
        existed = final.exists()
        if existed:
            try:
                ix, pinyin = _check(final, key, count)
                return Opened(ix, pinyin, final, False, warnings)
            except Exception as exc:  # partial, corrupt, locked, foreign: build a fresh one
                log.warning("search index %s unusable (%s): rebuilding", final, exc)
                warnings.append("搜索索引已损坏或不完整，已自动重建。")
        try:
            built = _build_on_disk(Path(root), final, key, count, make_docs, make_pinyin)
            _cleanup(Path(root), keep=built.name)
            ix, pinyin = _check(built, key, count)
            return Opened(ix, pinyin, built, True, warnings)
        except Exception as exc:
            log.warning("cannot build the search index in %s (%s): using memory", root, exc)
            warnings.append(f"无法在缓存文件夹中保存搜索索引（{exc.__class__.__name__}），本次在内存中建立索引。")
    return _build_in_memory(make_docs, make_pinyin, warnings)


def _build_on_disk(root: Path, final: Path, key: str, count: int, make_docs, make_pinyin) -> Path:
    from whoosh import index as windex

    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-{key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        ix = windex.create_in(str(tmp), schema())
        _write(ix, make_docs())
        ix.close()
        (tmp / PINYIN).write_text(json.dumps(make_pinyin(), ensure_ascii=False), encoding="utf-8")
        ready = {"key": key, "docs": count, "built": time.time(), "files": _manifest(tmp)}
        (tmp / READY).write_text(json.dumps(ready), encoding="utf-8")
        # Swap into place. If a usable index appeared meanwhile (another process), keep that one.
        for attempt in range(3):
            if final.exists():
                try:
                    _check(final, key, count)[0].close()
                    shutil.rmtree(tmp, ignore_errors=True)
                    return final
                except Exception:
                    broken = root / f".old-{final.name}-{uuid.uuid4().hex[:8]}"
                    try:
                        os.replace(final, broken)
                        shutil.rmtree(broken, ignore_errors=True)
                    except OSError:
                        # Windows keeps open files locked: use a new name beside the broken one.
                        final = root / f"{final.name}-{uuid.uuid4().hex[:6]}"
            try:
                os.replace(tmp, final)
                return final
            except OSError:
                if attempt == 2:
                    return tmp  # usable where it is; cleaned up by a later start
        return tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _cleanup(root: Path, keep: str) -> None:
    """Remove other indexes and crashed builds (best effort: files in use stay)."""
    now = time.time()
    for p in root.iterdir():
        if p.name == keep or not p.is_dir():
            continue
        if p.name.startswith(".tmp-"):
            try:
                if now - p.stat().st_mtime < STALE_TMP_SECONDS:
                    continue  # maybe another process building right now
            except OSError:
                continue
        elif not (p.name.startswith("index-") or p.name.startswith(".old-")):
            continue
        shutil.rmtree(p, ignore_errors=True)


def _build_in_memory(make_docs, make_pinyin, warnings: list[str]) -> Opened:
    from whoosh.filedb.filestore import RamStorage

    ix = RamStorage().create_index(schema())
    _write(ix, make_docs())
    return Opened(ix, make_pinyin(), None, True, warnings)
