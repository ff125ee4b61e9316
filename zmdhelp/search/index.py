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

A large collection (more than 2,000 entries) is analysed, and its postings encoded, partly in a
forked child process where forking is safe (see :func:`worker_count`): the files are byte for
byte those one process writes, and a child that fails only costs the time it took.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import shutil
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
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


def _write_content(storage_index, content: Content, workers: int = 1) -> set[str]:
    """Write all of ``content``'s documents as one segment, analysed in ``workers`` processes
    (see :func:`_gather_parallel`); returns the union of ``content.vocab`` over all entries.

    The cyclic garbage collector is paused meanwhile: the build makes millions of small lists,
    tuples and strings and no reference cycles, so each collection would only walk them again
    (about a tenth of the build of 10,000 entries)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        writer = storage_index.writer(limitmb=128)
        try:
            if workers > 1:
                parts = _gather_parallel(writer.schema, content, workers)
            else:
                parts = [_gather_range(writer.schema, content, 0, content.count)]
            vocab: set[str] = set()
            for part in parts:
                vocab |= part.vocab
            _apply(writer, parts, workers)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=False)
        return vocab
    finally:
        if collecting:
            gc.enable()


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
    _apply(writer, [_gather(writer.schema, docs, writer.docnum)])


@dataclass
class Content:
    """What an index is built from, entry by entry, so that ranges of entries can be analysed
    in separate processes: ``docs(start, stop)`` the analysed documents of entries
    ``[start, stop)`` (see :func:`_add_analysed`), ``vocab(start, stop)`` the words of the same
    entries that the pinyin table needs (called right after ``docs`` in the same process, so it
    can reuse its cuts), ``pinyin(vocab)`` the pinyin table; ``warm()`` runs in the main process
    while other processes analyse (imports the pinyin library)."""

    count: int
    docs: Callable[[int, int], Iterable[dict]]
    vocab: Callable[[int, int], set[str]]
    pinyin: Callable[[set[str]], dict[str, list[str]]]
    warm: Callable[[], None] = lambda: None


@dataclass
class Gathered:
    """The postings of a run of documents, gathered per (field, word) as columns."""

    first: int  # docnum of the first document
    # field -> word -> ([docnum, ...], [count or (encoded positions, how many), ...])
    postings: dict[str, dict[str, tuple[list[int], list]]]
    lengths: dict[str, list[int]]  # field -> byte-rounded length of each document (0: none)
    rows: list[list[tuple[str, object, int]]]  # per document: (field, stored value, length)
    vocab: set[str] = field(default_factory=set)


def _field_kinds(schema) -> dict[str, type]:
    from whoosh.formats import Existence, Frequency, Positions

    kinds = {}
    for name in schema.names():
        fmt = type(schema[name].format)
        if fmt not in (Positions, Frequency, Existence):
            raise TypeError(f"unsupported whoosh format {fmt!r}")
        kinds[name] = fmt
    return kinds


def _gather(schema, docs: Iterable[dict], first: int) -> Gathered:
    """Gather the postings of ``docs`` (docnums from ``first`` on). Plain Python data, so a
    worker process can hand it back to the main one."""
    from collections import Counter

    from whoosh.formats import Positions
    from whoosh.util.numeric import byte_to_length, length_to_byte

    kinds = _field_kinds(schema)
    fields = [(n, schema[n], kinds[n], schema[n].scorable, schema[n].stored) for n in sorted(schema.names())]
    postings: dict[str, dict[str, tuple[list[int], list]]] = {n: {} for n in schema.names()}
    lengths: dict[str, list[int]] = {n: [] for n in schema.names()}
    rows: list[list[tuple[str, object, int]]] = []
    rounded = [byte_to_length(length_to_byte(i)) for i in range(256)]
    docnum = first
    for doc in docs:
        row: list[tuple[str, object, int]] = []
        for name, fld, kind, scorable, stored in fields:
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
                row.append((name, value if stored else None, 0))
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
                encode = fld.format.encode
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
            row.append((name, None, length))
        rows.append(row)
        docnum += 1
    return Gathered(first, postings, lengths, rows)


def _gather_range(schema, content: Content, start: int, stop: int) -> Gathered:
    part = _gather(schema, content.docs(start, stop), start)
    part.vocab = content.vocab(start, stop)
    return part


def _apply(writer, parts: list[Gathered], workers: int = 1) -> None:
    """Write the per-document columns of ``parts`` (consecutive runs of documents, in order) and
    install a flush that writes their merged postings (see :func:`_add_analysed`), encoded in
    ``workers`` processes (see :func:`_write_postings`)."""
    schema = writer.schema
    perdoc = writer.perdocwriter
    kinds = _field_kinds(schema)
    postings: dict[str, dict[str, tuple[list[int], list]]] = {n: {} for n in schema.names()}
    lengths: dict[str, list[int]] = {n: [] for n in schema.names()}
    for part in parts:
        if part.first != writer.docnum:
            raise ValueError("documents out of order")
        for row in part.rows:
            perdoc.start_doc(writer.docnum)
            for name, value, length in row:
                perdoc.add_field(name, schema[name], value, length)
            perdoc.finish_doc()
            writer.docnum += 1
            writer._added = True
        for name, table in part.postings.items():
            into = postings[name]
            if not into:
                postings[name] = table  # the first part's table is taken as it is
                continue
            for term, (ids, data) in table.items():  # later parts hold later docnums: append
                got = into.get(term)
                if got is None:
                    into[term] = (ids, data)
                else:
                    got[0].extend(ids)
                    got[1].extend(data)
        for name, lens in part.lengths.items():
            lengths[name] += lens

    def flush() -> None:  # replaces SegmentWriter._flush_segment (pool + length look-ups)
        writer.perdocwriter.close()
        _write_postings(writer.fieldwriter, schema, kinds, postings, lengths, workers)

    writer._flush_segment = flush


# -- analysing in several processes ----------------------------------------------------------------

PARALLEL_MIN = 2000  # entries; below this, starting a process costs more than it saves
MAX_WORKERS = 4


def worker_count(count: int) -> int:
    """How many processes may analyse ``count`` entries: 1 (this process only) unless it is safe
    and worth it to fork.

    Forking copies the loaded dictionary for free, but it copies only the calling thread: a lock
    held by any other thread (Python's, Qt's, the C library's) stays locked forever in the
    child. So this is conservative: only on Linux-like systems with ``fork`` (not macOS, where
    system frameworks are not fork-safe and Python defaults to spawn; not Windows, which has no
    fork; not a frozen bundle, whose bootloader and data are not made for it), only from the main
    thread while no other Python thread runs, and never once Qt is loaded: the GUI prepares the
    search in a worker thread and builds in one process (the bundled FAQ is small anyway).
    Spawned processes (possible everywhere) are not used: each would start a fresh interpreter,
    import jieba and whoosh, load the dictionary again and be sent the entries, about half a
    second before any work; a possible next step for the GUI, not done."""
    if count <= PARALLEL_MIN or getattr(sys, "frozen", False):
        return 1
    if os.name != "posix" or sys.platform == "darwin":
        return 1
    if threading.current_thread() is not threading.main_thread() or threading.active_count() > 1:
        return 1
    if any(m == "PySide6" or m.startswith("PySide6.") for m in sys.modules):
        return 1
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def _split(count: int, workers: int) -> list[tuple[int, int]]:
    """Consecutive ranges, the first (this process's, which also merges and warms up) a little smaller."""
    first = int(count / workers * 0.98)
    rest = count - first
    bounds = [(0, first)]
    for i in range(workers - 1):
        a = first + rest * i // (workers - 1)
        b = first + rest * (i + 1) // (workers - 1)
        bounds.append((a, b))
    return bounds


def _gather_parallel(schema, content: Content, workers: int) -> list[Gathered]:
    """The same parts as one process would gather, the later ranges gathered by forked children
    (see :func:`worker_count` for when this is safe). A child that fails or dies is replaced by
    gathering its range here: the result never depends on the children."""
    ranges = _split(content.count, workers)
    # Start every child before working on the first range here, so that they run side by side.
    waits = [(_fork_call(lambda a=start, b=stop: _gather_range(schema, content, a, b)), start, stop)
             for start, stop in ranges[1:]]
    parts = [_gather_range(schema, content, *ranges[0])]
    done = ranges[0][1]
    content.warm()
    for wait, start, stop in waits:
        part = wait()  # None: the child failed, died or could not start
        if part is None or part.first != start or len(part.rows) != stop - start:
            log.warning("analysis process for entries %d-%d failed: analysing them here", start, stop)
            part = _gather_range(schema, content, start, stop)
        parts.append(part)
        done = stop
    if done < content.count:
        parts.append(_gather_range(schema, content, done, content.count))
    return parts


def _write_postings(fw, schema, kinds, postings, lengths, workers: int = 1) -> None:
    """Write every (field, word)'s postings and the term table, in whoosh's order (fields, then
    words, by bytes), through whoosh's own field writer ``fw``.

    With ``workers`` > 1 a forked child encodes the later words (whoosh's per-block pickling and
    compression, most of the time here) into a buffer of its own; this process encodes the
    earlier ones into the postings file meanwhile, then appends the child's buffer and enters its
    words into the term table with their offsets moved by where the buffer landed: the same
    bytes as writing them all here (tested). A child that fails is replaced by doing its words
    here."""
    from whoosh.system import pack_ushort

    jobs = [(name, btext, term) for name in sorted(postings) if postings[name]
            for btext, term in sorted((t.encode("utf-8"), t) for t in postings[name])]
    cut = len(jobs)
    child = None
    if workers > 1 and len(jobs) > 1000:
        # split by work: a word costs about as much as 40 postings
        costs = [40 + len(postings[name][term][0]) for name, _, term in jobs]
        half, run, cut = sum(costs) * 0.45, 0, 0
        for cut, c in enumerate(costs):
            run += c
            if run >= half:
                break
        cut += 1
        child = _fork_call(lambda: _encode_terms(fw._codec, schema, kinds, postings, lengths, jobs[cut:]))
    field = None
    for name, btext, term in jobs[:cut]:
        if name != field:
            if field is not None:
                fw.finish_field()
            field = name
            fld = schema[name]
            fw.start_field(name, fld)
            _fast_minify(fw._postwriter)
            kind, boost, lens, table = kinds[name], fld.format.field_boost, lengths[name], postings[name]
        fw.start_term(btext)
        ids, data = table[term]
        _write_term(fw._postwriter, kind, boost, ids, data, lens)
        fw.finish_term()
    if cut < len(jobs):
        got = child() if child is not None else None
        if got is None or len(got[1]) != len(jobs) - cut:
            if child is not None:
                log.warning("postings process failed: encoding its words here")
            got = _encode_terms(fw._codec, schema, kinds, postings, lengths, jobs[cut:])
        data, infos = got
        base = fw._postfile.tell()
        fw._postfile.write(data)
        for (name, btext, _), info in zip(jobs[cut:], infos):
            if name != field:
                if field is not None:
                    fw.finish_field()
                field = name
                fw.start_field(name, schema[name])
            if info._offset is not None:
                info._offset += base
            fw._tindex.add(pack_ushort(fw._fieldid) + btext, info.to_bytes())
    if field is not None:
        fw.finish_field()
    fw.close()


def _encode_terms(codec, schema, kinds, postings, lengths, jobs) -> tuple[bytes, list]:
    """The postings of ``jobs`` (field, word bytes, word) as whoosh writes them into its postings
    file, written into a buffer starting at 0, and each word's ``W3TermInfo`` (offsets into the
    buffer)."""
    from io import BytesIO

    from whoosh.codec.whoosh3 import W3TermInfo
    from whoosh.filedb.structfile import StructFile

    buf = BytesIO()
    out = StructFile(buf)
    infos = []
    field = None
    for name, _, term in jobs:
        if name != field:
            field = name
            fld = schema[name]
            pw = codec.postings_writer(out)
            _fast_minify(pw)
            kind, boost, lens, table = kinds[name], fld.format.field_boost, lengths[name], postings[name]
        pw.start_postings(fld.format, W3TermInfo())
        ids, data = table[term]
        _write_term(pw, kind, boost, ids, data, lens)
        infos.append(pw.finish_postings())
    return buf.getvalue(), infos


def _fork_call(func: Callable[[], object]) -> Callable[[], object]:
    """Run ``func`` in a forked child (only where :func:`worker_count` allows it); the returned
    function waits for its result, None if the child failed or could not start."""
    import multiprocessing

    def child(conn) -> None:
        try:
            result = func()
        except BaseException:
            result = None
        try:
            conn.send(result)
        except BaseException:  # the main process gave up waiting: nothing to report, no traceback
            pass
        finally:
            conn.close()

    try:
        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=child, args=(send,), daemon=True)
        proc.start()
        send.close()
    except OSError as exc:
        log.info("cannot start a process (%s)", exc)
        return lambda: None

    def wait() -> object:
        try:
            result = receive.recv()
        except Exception:  # died (EOF), pipe broken, unreadable: the caller does it itself
            result = None
        finally:
            receive.close()
        proc.join()
        return result

    return wait


def _write_term(pw, kind, boost: float, ids: list[int], data: list, lens: list[int]) -> None:
    """Fill whoosh's ``W3PostingsWriter`` one block at a time with what ``add_posting`` would
    have collected one posting at a time (ids, float32 weights, values, min/max length and max
    weight of the block); its own ``_write_block``/``finish_postings`` then encode the blocks.

    A Frequency block's values are its counts packed as whoosh's ``pack_uint`` does, in one call
    for the block: whoosh joins a fixed-size format's values into one string anyway
    (``_mini_values``), so one joined item gives the same bytes."""
    from array import array
    from struct import pack

    from whoosh.formats import Existence, Frequency, Positions

    assert kind is Frequency or kind is Positions or kind is Existence
    if kind is Positions:  # data: (encoded positions, how many); weight as Positions.word_values
        counts = [n for _, n in data]
        values = [v for v, _ in data]
    else:
        counts = data
        values = []
    weights = [n * boost for n in counts] if kind is not Existence else [boost] * len(ids)
    limit = pw._blocklimit
    n = len(ids)
    for a in range(0, n, limit):
        b = min(n, a + limit)
        block = ids[a:b] if n > limit else ids
        pw._ids = array("I", block)
        w = weights[a:b] if n > limit else weights
        pw._weights = array("f", w)
        pw._maxweight = max(0, max(w))
        if kind is Frequency:
            pw._values = [pack(f"!{b - a}I", *counts[a:b])]
        else:
            pw._values = values[a:b] if values else []
        ls = [lens[d] for d in block]
        low = min(ls)
        if not low:
            nz = [x for x in ls if x]
            low = min(nz) if nz else None
        pw._minlength = low
        pw._maxlength = max(ls)
        if b < n:
            pw._write_block()
        # the last block is written by finish_postings (as the last one)


def _fast_minify(pw) -> None:
    """Give one ``W3PostingsWriter`` C-speed versions of its ``_mini_ids``/``_mini_weights``
    (same results: deltas of the ids; None, the one weight, or all weights)."""
    from itertools import chain
    from operator import sub

    def mini_ids():
        ids = pw._ids
        return tuple(map(sub, ids, chain((0,), ids)))

    def mini_weights():
        w = pw._weights
        first = w[0]
        if w.count(first) == len(w):
            return None if first == 1.0 else first
        return tuple(w)

    if not pw._byteids:
        pw._mini_ids = mini_ids
    pw._mini_weights = mini_weights


def open_or_build(
    root: Path | None,
    key: str,
    content: Content,
) -> Opened:
    """Open the index for ``key`` under ``root``, or build it (atomically) if it is not usable."""
    count = content.count
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
            built = _build_on_disk(Path(root), final, key, content)
            _cleanup(Path(root), keep=built.name)
            ix, pinyin = _check(built, key, count)
            return Opened(ix, pinyin, built, True, warnings)
        except Exception as exc:
            log.warning("cannot build the search index in %s (%s): using memory", root, exc)
            warnings.append(f"无法在缓存文件夹中保存搜索索引（{exc.__class__.__name__}），本次在内存中建立索引。")
    return _build_in_memory(content, warnings)


def _build_on_disk(root: Path, final: Path, key: str, content: Content) -> Path:
    from whoosh import index as windex

    count = content.count

    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-{key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        ix = windex.create_in(str(tmp), schema())
        vocab = _write_content(ix, content, worker_count(count))
        ix.close()
        (tmp / PINYIN).write_text(json.dumps(content.pinyin(vocab), ensure_ascii=False), encoding="utf-8")
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


def _build_in_memory(content: Content, warnings: list[str]) -> Opened:
    from whoosh.filedb.filestore import RamStorage

    ix = RamStorage().create_index(schema())
    vocab = _write_content(ix, content, worker_count(content.count))
    return Opened(ix, content.pinyin(vocab), None, True, warnings)
