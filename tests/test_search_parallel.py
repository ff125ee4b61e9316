"""Analysing a large collection in forked processes: only where it is safe, and the index it
writes is the one a single process writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from itertools import pairwise
from pathlib import Path

import pytest

from zmdhelp.search import index

REPO = Path(__file__).resolve().parent.parent

# Runs in a fresh interpreter: no Qt, no other thread, so forking there is what production does
# (the test process itself has Qt loaded by pytest-qt).
_SCRIPT = r'''
import dataclasses, json, os, sys, tempfile
from pathlib import Path
from zmdhelp.faq import FAQ, load_faq
from zmdhelp.search import SearchEngine, index

repo = Path(sys.argv[1])
base = load_faq(repo / "data" / "faq.toml")
# 13 copies: many words have more than one whoosh block (128 postings) and cross the ranges
entries = tuple(dataclasses.replace(e, id=f"{e.id}-{i}") for i in range(13) for e in base.entries)
faq = FAQ(base.meta, base.categories, entries)
queries = [e.question for e in base.entries] + ["yzm", "驗證碼", "ＣＡ锁", "登陆不上", "0396", "审核要几天",
                                                "\"证书密码\"", "单位 缴费 基数 怎么 调整"]
parent = os.getpid()
out = {"workers_10000": index.worker_count(10000), "cpus": os.cpu_count()}

def build(workers, fail_children=False):
    index.worker_count = lambda n: workers
    if fail_children:
        gather, encode = index._gather, index._encode_terms

        def failing(real):
            def call(*args):
                if os.getpid() != parent:
                    raise RuntimeError("child fails")
                return real(*args)
            return call

        index._gather, index._encode_terms = failing(gather), failing(encode)
    calls = []
    real, fork = index._gather_parallel, index._fork_call
    index._gather_parallel = lambda *a: calls.append(a[2]) or real(*a)
    index._fork_call = lambda f: calls.append("fork") or fork(f)
    cache = Path(tempfile.mkdtemp())
    e = SearchEngine(faq, data=repo / "data", cache_dir=cache)
    e.prepare()
    index._gather_parallel, index._fork_call = real, fork
    if fail_children:
        index._gather, index._encode_terms = gather, encode
    (folder,) = (cache / "search").iterdir()
    (segment,) = e._ix._segments()
    files = segment.open_compound_file(e._ix.storage)  # its order of files varies from run to run
    name = segment.make_filename("")
    seg = {n.replace(name, ""): files.open_file(n).read().hex() for n in files.list()}
    hits = [[h.to_json() for h in e.search(q)] for q in queries]
    return {"parallel_calls": calls, "seg": seg,
            "pinyin": json.loads((folder / "pinyin.json").read_text(encoding="utf-8")), "hits": hits}

one, three, failed = build(1), build(3), build(2, fail_children=True)
out["parallel_used"] = [one["parallel_calls"], three["parallel_calls"], failed["parallel_calls"]]
for name, got in (("three", three), ("failed", failed)):
    out[name] = {k: got[k] == one[k] for k in ("seg", "pinyin", "hits")}
out["sizes"] = [sum(map(len, one["seg"].values())) // 2, len(one["pinyin"]), sum(len(h) for h in one["hits"])]
print(json.dumps(out))
'''


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="fork is used on Linux only")
def test_parallel_build_writes_the_single_process_index(tmp_path):
    env = dict(os.environ, ZMDHELP_HOME=str(tmp_path))
    run = subprocess.run([sys.executable, "-c", _SCRIPT, str(REPO)], capture_output=True, text=True,
                         env=env, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    # the forked paths really ran (analysis in three processes: two forks; postings in two: one
    # fork; children that fail are replaced here)...
    assert out["parallel_used"] == [[], [3, "fork", "fork", "fork"], [2, "fork", "fork"]]
    # ...and wrote the same segment, byte for byte, the same pinyin table and the same hits
    assert out["three"] == {"seg": True, "pinyin": True, "hits": True}
    assert out["failed"] == {"seg": True, "pinyin": True, "hits": True}
    seg_len, pinyin_words, hits = out["sizes"]
    assert seg_len > 100_000 and pinyin_words > 50 and hits > 100
    # a clean process with several cores would fork for a large collection
    assert out["workers_10000"] == min(out["cpus"] or 1, index.MAX_WORKERS)


def test_parallel_analysis_only_where_fork_is_safe(monkeypatch):
    monkeypatch.delitem(sys.modules, "PySide6", raising=False)
    for name in [m for m in sys.modules if m.startswith("PySide6.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(sys, "platform", "linux")
    # conditions other than the one under test may already say no here (other threads running)
    free = threading.active_count() == 1
    assert index.worker_count(index.PARALLEL_MIN) == 1  # small collections: one process
    if free:
        assert index.worker_count(10000) == 2
    got: list[int] = []
    t = threading.Thread(target=lambda: got.append(index.worker_count(10000)))  # like the GUI's worker
    t.start()
    t.join()
    assert got == [1]
    monkeypatch.setattr(sys, "platform", "darwin")
    assert index.worker_count(10000) == 1
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert index.worker_count(10000) == 1
    monkeypatch.delattr(sys, "frozen")
    monkeypatch.setitem(sys.modules, "PySide6", object())  # Qt loaded: never fork
    assert index.worker_count(10000) == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    monkeypatch.delitem(sys.modules, "PySide6")
    assert index.worker_count(10000) == 1


def test_ranges_cover_every_entry_once():
    for count, workers in ((2001, 2), (10000, 2), (10000, 3), (4321, 4)):
        ranges = index._split(count, workers)
        assert len(ranges) == workers
        assert ranges[0][0] == 0 and ranges[-1][1] == count
        assert all(a[1] == b[0] and a[0] < a[1] for a, b in pairwise(ranges))


def test_build_restores_the_garbage_collector(tmp_path, monkeypatch):
    """The build pauses the cyclic collector (speed) and leaves it as it found it."""
    import gc

    from zmdhelp.faq import load_faq
    from zmdhelp.search import SearchEngine

    faq = load_faq(REPO / "data" / "faq.toml")
    seen: list[bool] = []
    real = index._apply
    monkeypatch.setattr(index, "_apply", lambda *a: seen.append(gc.isenabled()) or real(*a))
    was = gc.isenabled()
    try:
        for enabled, folder in ((True, "a"), (False, "b")):
            gc.enable() if enabled else gc.disable()
            SearchEngine(faq, data=REPO / "data", cache_dir=tmp_path / folder).prepare()
            assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
    assert seen == [False, False]
