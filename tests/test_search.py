"""Search: what front-desk staff type must find the right question, and nothing may break it."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from zmdhelp.errors import DataError
from zmdhelp.faq import load_faq
from zmdhelp.search import Hit, SearchEngine
from zmdhelp.search.synonyms import SYNONYMS_FILE, load_synonyms, parse_synonyms
from zmdhelp.search.text import fold

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def faq():
    return load_faq(REPO / "data" / "faq.toml")


@pytest.fixture(scope="module")
def engine(faq, tmp_path_factory):
    e = SearchEngine(faq, data=REPO / "data", cache_dir=tmp_path_factory.mktemp("cache"))
    e.prepare()
    return e


def ids(hits: list[Hit]) -> list[str]:
    return [h.id for h in hits]


def marked(text: str, spans) -> list[str]:
    return [text[a:b] for a, b in spans]


# -- text folding ------------------------------------------------------------------------------


def test_fold_width_case_and_traditional():
    assert fold("ＣＡ锁　ＵＫｅｙ１２").text == "ca锁 ukey12"
    assert fold("驗證碼").text == "验证码"
    assert fold("a\x00b\u200bc").text == "a b c"


def test_fold_keeps_offsets_to_the_original():
    f = fold("請輸入ＣＡ密碼")
    start = f.text.index("ca")
    assert f.orig(start, start + 2) == (3, 5)


# -- synonyms ----------------------------------------------------------------------------------


def test_bundled_synonyms_load_and_expand():
    syn = load_synonyms(REPO / "data" / SYNONYMS_FILE)
    assert "登录" in syn.expand("登陆")
    assert "登陆" in syn.expand("登录")
    assert "ca" in syn.expand("证书")  # folded: CA, ＣＡ and ca are one word


def test_synonym_oneway_and_comments():
    syn = parse_synonyms("# 说明\n登录 登陆\n等录 => 登录  # 错别字\n")
    assert syn.expand("等录") == {"登录", "登陆"}
    assert "等录" not in syn.expand("登录")


def test_synonym_errors_name_the_line(tmp_path):
    p = tmp_path / SYNONYMS_FILE
    p.write_text("登录 登陆\n孤单\n=> 登录\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_synonyms(p)
    lines = sorted(pr.line for pr in info.value.problems)
    assert lines == [2, 3]
    assert all("同义词" in pr.message or "=>" in pr.message for pr in info.value.problems)


# -- analyzer ----------------------------------------------------------------------------------


def test_positions_are_word_positions_and_offsets_point_at_the_original(engine):
    from zmdhelp.search.analyzer import Segmenter

    seg: Segmenter = engine._seg
    text = "注册时，手机收不到驗證碼"
    words = seg.words(text)
    mains = [w for w in words if not w.sub]
    assert [w.pos for w in mains] == list(range(len(mains)))
    code = next(w for w in mains if w.text == "验证码")
    assert text[code.start:code.end] == "驗證碼"
    subs = [w for w in words if w.sub and w.pos == code.pos]
    assert "验证" in [w.text for w in subs]


def test_single_digits_and_letters_are_kept(engine):
    texts = [w.text for w in engine._seg.words("1楼 A座 18位")]
    assert "1" in texts and "a" in texts and "18" in texts


# -- what must be found ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("页面空白", "blank-page"),
        ("白屏", "blank-page"),
        ("收不到短信", "sms-code"),
        ("证书密码错误", "certificate-password"),
        ("几号可以申报", "submission-time"),
        ("审核要几天", "review-duration"),
        ("外省手机号", "sms-code"),
        ("yanzhengma", "sms-code"),
        ("yzm", "sms-code"),
        ("驗證碼", "sms-code"),
        ("ＣＡ锁密码", "certificate-password"),
        ("证码", "sms-code"),  # part of a word
    ],
)
def test_colloquial_pinyin_traditional_fullwidth(engine, query, expected):
    assert ids(engine.search(query, 3))[:1] == [expected]


def test_login_spellings_find_the_same_entries(engine):
    a = set(ids(engine.search("登陆不上", 2)))
    b = set(ids(engine.search("登录不上", 2)))
    assert a == b and "certificate-password" in a


def test_pasted_sentence_ranks_by_coverage(engine):
    q = "你好，我们单位注册的时候手机一直收不到验证码，是怎么回事？"
    assert ids(engine.search(q, 3))[0] == "sms-code"


def test_highlight_through_pinyin_synonym_and_folding(engine):
    hit = engine.search("yzm", 1)[0]
    assert marked(hit.question, hit.question_spans) == ["验证码"]
    hit = engine.search("登陆", 5)
    spans = [marked(h.question, h.question_spans) for h in hit]
    assert any("登录" in s for s in spans)
    hit = engine.search("驗證碼", 1)[0]
    assert hit.question_marked() == "注册时，手机收不到【验证码】怎么办？"


def test_window_placeholder_filled_in_snippets(engine):
    hit = next(h for h in engine.search("申报时间", 5) if h.id == "submission-time")
    assert "〔申报时间〕" not in hit.snippet
    assert "每月1日—25日〔待核实〕" in hit.snippet
    assert marked(hit.snippet, hit.snippet_spans)  # the match is highlighted in the snippet


def test_quoted_text_is_a_phrase(engine):
    hits = engine.search('"证书密码"', 5)
    assert ids(hits) == ["certificate-password"]
    assert engine.search('"密码证书"', 5) == []  # same words, wrong order: no phrase


@pytest.mark.parametrize(
    "query",
    ["", "   ", "*", "AND (", 'OR NOT "', '"', "“未闭合", "title:abc", "a~2^3", "(((", "\\", "😀🙈",
     "\x00\x01\x1b[31m", "\ud800", "证书" * 5000, "x" * 10000, "?", "-", "注册 AND (证书 OR"],
)
def test_any_input_is_a_valid_query(engine, query):
    hits = engine.search(query, 5)
    assert isinstance(hits, list) and all(isinstance(h, Hit) for h in hits)
    assert isinstance(engine.suggest(query, 3), list)


def test_long_pasted_text_still_finds(engine):
    assert ids(engine.search("收不到验证码 " * 2000, 1)) == ["sms-code"]


def test_suggestions_are_never_empty(engine):
    assert len(engine.suggest("😀", 5)) == 5
    assert engine.suggest("证书呀呀", 3)[0].id.startswith("certificate")


def test_related_questions(engine):
    rel = engine.related("certificate-apply", 4)
    assert "certificate-apply" not in ids(rel) and len(rel) == 4
    assert any(i.startswith("certificate") for i in ids(rel))
    assert engine.related("no-such-id") == []


def test_hit_json(engine):
    j = engine.search("yzm", 1)[0].to_json()
    assert set(j) >= {"id", "question", "category", "score", "snippet"}
    assert isinstance(j["category"], list)
    json.dumps(j)


# -- content of an office: similar questions, title over body, synonyms --------------------------

FAQ_TOML = """
[meta]
title = "测试"
[[category]]
name = "一、测试"
topics = ["甲"]
[[faq]]
id = "alpha"
category = ["一、测试"]
question = "怎么更换经办人手机号？"
answer = "到大厅办理。"
similar = {similar}
[[faq]]
id = "beta"
category = ["一、测试"]
question = "大厅在几楼？"
answer = "大厅在三楼，房间号 3215，电话 0396-1234567。更换经办人手机号也在这里。"
"""


def make_faq(tmp_path: Path, similar: str = '["留的电话不用了怎么改"]', synonyms: str | None = None) -> Path:
    d = tmp_path / "office"
    d.mkdir(exist_ok=True)
    (d / "faq.toml").write_text(FAQ_TOML.format(similar=similar), encoding="utf-8")
    if synonyms is not None:
        (d / SYNONYMS_FILE).write_text(synonyms, encoding="utf-8")
    return d


def test_similar_questions_are_searched(tmp_path):
    d = make_faq(tmp_path)
    e = SearchEngine(load_faq(d), data=d, cache_dir=tmp_path / "c")
    assert ids(e.search("留的电话不用了", 1)) == ["alpha"]


def test_title_outranks_body(tmp_path):
    d = make_faq(tmp_path)
    e = SearchEngine(load_faq(d), data=d, cache_dir=tmp_path / "c")
    assert ids(e.search("更换经办人手机号", 2)) == ["alpha", "beta"]


def test_digits_and_room_numbers(tmp_path):
    d = make_faq(tmp_path)
    e = SearchEngine(load_faq(d), data=d, cache_dir=tmp_path / "c")
    for q in ("3215", "215", "1234567", "4567", "三楼"):
        assert ids(e.search(q, 1)) == ["beta"], q
    hit = e.search("4567", 1)[0]
    assert marked(hit.snippet, hit.snippet_spans) == ["4567"]


def test_office_synonyms_are_used_and_bad_ones_reported(tmp_path):
    d = make_faq(tmp_path, synonyms="房间号 门牌\n")
    e = SearchEngine(load_faq(d), data=d, cache_dir=tmp_path / "c")
    assert ids(e.search("门牌", 1)) == ["beta"]
    other = tmp_path / "other"
    other.mkdir()
    d2 = make_faq(other, synonyms="孤单\n")
    e2 = SearchEngine(load_faq(d2), data=d2, cache_dir=tmp_path / "c2")
    e2.prepare()
    assert any("同义词" in w or "无法使用" in w for w in e2.warnings)
    assert ids(e2.search("登陆", 2)) == ids(e2.search("登录", 2))  # bundled list used instead


# -- the index ---------------------------------------------------------------------------------


def _index_dirs(cache: Path) -> list[Path]:
    return sorted((cache / "search").glob("index-*"))


def test_index_reused_then_rebuilt_when_data_or_synonyms_change(tmp_path):
    d = make_faq(tmp_path)
    cache = tmp_path / "c"
    e = SearchEngine(load_faq(d), data=d, cache_dir=cache)
    e.prepare()
    assert e.timings["rebuilt"] == 1.0
    e2 = SearchEngine(load_faq(d), data=d, cache_dir=cache)
    e2.prepare()
    assert e2.timings["rebuilt"] == 0.0 and e2.index_path == e.index_path
    e.close()
    e2.close()
    make_faq(tmp_path, similar='["换个新号码"]')
    e3 = SearchEngine(load_faq(d), data=d, cache_dir=cache)
    assert ids(e3.search("换个新号码", 1)) == ["alpha"]
    assert e3.index_path != e.index_path and e3.timings["rebuilt"] == 1.0
    (d / SYNONYMS_FILE).write_text("房间号 门牌\n", encoding="utf-8")
    e4 = SearchEngine(load_faq(d), data=d, cache_dir=cache)
    assert ids(e4.search("门牌", 1)) == ["beta"]
    assert e4.index_path != e3.index_path
    assert len(_index_dirs(cache)) == 1  # old indexes are cleaned up


def test_index_rebuilt_when_the_analyzer_changes(tmp_path, monkeypatch):
    from zmdhelp.search import analyzer

    d = make_faq(tmp_path)
    e = SearchEngine(load_faq(d), data=d, cache_dir=tmp_path / "c")
    e.prepare()
    monkeypatch.setattr(analyzer, "ANALYZER_VERSION", analyzer.ANALYZER_VERSION + "-next")
    e2 = SearchEngine(load_faq(d), data=d, cache_dir=tmp_path / "c")
    e2.prepare()
    assert e2.timings["rebuilt"] == 1.0 and e2.index_path != e.index_path


@pytest.mark.parametrize("damage", ["truncate", "garbage", "no-ready", "empty-dir", "lock"])
def test_damaged_index_is_rebuilt(tmp_path, damage):
    d = make_faq(tmp_path)
    cache = tmp_path / "c"
    e = SearchEngine(load_faq(d), data=d, cache_dir=cache)
    e.prepare()
    path = e.index_path
    e.close()
    files = [p for p in path.iterdir() if p.suffix in (".seg", ".toc", ".trm", ".pst", ".fdt")]
    assert files
    if damage == "truncate":
        for p in files:
            p.write_bytes(p.read_bytes()[:10])
    elif damage == "garbage":
        for p in files:
            p.write_bytes(b"\x00garbage" * 10)
    elif damage == "no-ready":
        (path / "READY.json").unlink()
    elif damage == "empty-dir":
        for p in path.iterdir():
            p.unlink()
    elif damage == "lock":
        (path / "MAIN_WRITELOCK").write_text("held by another process")
    e2 = SearchEngine(load_faq(d), data=d, cache_dir=cache)
    assert ids(e2.search("门牌号 3215", 1)) == ["beta"]
    if damage != "lock":  # a lock file alone does not stop reading: nothing to rebuild
        assert e2.timings["rebuilt"] == 1.0
        assert any("重建" in w for w in e2.warnings)


def test_index_deleted_while_running_is_recovered(tmp_path):
    import shutil

    d = make_faq(tmp_path)
    e = SearchEngine(load_faq(d), data=d, cache_dir=tmp_path / "c")
    e.prepare()
    shutil.rmtree(e.index_path)
    assert ids(e.search("3215", 1)) == ["beta"]


def test_read_only_cache_uses_memory(tmp_path):
    d = make_faq(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    e = SearchEngine(load_faq(d), data=d, cache_dir=blocker / "cache")
    assert ids(e.search("3215", 1)) == ["beta"]
    assert e.index_path is None and e.warnings


def test_default_cache_is_the_user_cache_not_the_install_folder(faq, user_home):
    from zmdhelp import paths

    before = sorted(p.name for p in paths.bundled_data_dir().iterdir())
    e = SearchEngine(faq)
    e.prepare()
    assert e.index_path is not None and paths.cache_dir() in e.index_path.parents
    assert sorted(p.name for p in paths.bundled_data_dir().iterdir()) == before


def test_prepare_in_a_thread_and_concurrent_searches(tmp_path, faq):
    e = SearchEngine(faq, data=REPO / "data", cache_dir=tmp_path / "c")
    assert not e.ready
    t = threading.Thread(target=e.prepare)
    t.start()
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(5):
                results.append(ids(e.search("收不到验证码", 1)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for th in threads:
        th.start()
    t.join()
    for th in threads:
        th.join()
    assert not errors and e.ready
    assert results and all(r == ["sms-code"] for r in results)


_BUILD = """
import sys
from pathlib import Path
from zmdhelp.faq import load_faq
from zmdhelp.search import SearchEngine
d = Path(sys.argv[1])
e = SearchEngine(load_faq(d), data=d, cache_dir=Path(sys.argv[2]))
print(",".join(h.id for h in e.search("3215", 1)))
"""


def test_two_processes_building_at_once(tmp_path):
    d = make_faq(tmp_path)
    cache = tmp_path / "shared-cache"
    procs = [subprocess.Popen([sys.executable, "-c", _BUILD, str(d), str(cache)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [o[0].strip() for o in outs] == ["beta", "beta"], outs
    assert len(_index_dirs(cache)) == 1
    assert not list((cache / "search").glob(".tmp-*"))
    e = SearchEngine(load_faq(d), data=d, cache_dir=cache)
    e.prepare()
    assert e.timings["rebuilt"] == 0.0


def test_import_is_cheap():
    code = ("import sys, zmdhelp.search; "
            "print(sorted(m for m in ('jieba', 'whoosh', 'pypinyin', 'opencc_purepy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_jieba_dictionary_cached_in_cache_dir(tmp_path, faq):
    cache = tmp_path / "c"
    SearchEngine(faq, data=REPO / "data", cache_dir=cache).prepare()
    assert list(cache.glob("jieba-trimmed-*.marshal"))


# -- command line ------------------------------------------------------------------------------


def test_cli_search_json(capsys):
    from zmdhelp.cli import main

    assert main(["--data", str(REPO / "data"), "search", "--json", "--limit", "2", "yzm"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["id"] == "sms-code"
    assert len(hits) <= 2 and set(hits[0]) >= {"id", "question", "category", "score", "snippet"}


def test_cli_search_stdin(capsys, monkeypatch):
    import io

    from zmdhelp.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("收不到验证码\n\nAND (\n证书怎么办理\n"))
    assert main(["search", "--stdin", "--json", "--limit", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4
    got = [json.loads(line) for line in lines]
    assert got[0][0]["id"] == "sms-code" and got[1] == [] and got[3][0]["id"] == "certificate-apply"


def test_cli_no_result_offers_suggestions(capsys):
    from zmdhelp.cli import main

    assert main(["search", "😀"]) == 0
    out = capsys.readouterr().out
    assert "没有找到" in out and "1. " in out


def test_cli_bad_limit(capsys):
    from zmdhelp.cli import main

    assert main(["search", "--limit", "0", "证书"]) == 2
    assert "limit" in capsys.readouterr().err


# -- speed paths must give whoosh's own answers ------------------------------------------------


def test_cached_scores_equal_whoosh_search_scores(engine):
    from whoosh.query import Term

    from zmdhelp.search.scoring import TermScores

    searcher = engine._searcher
    scores = TermScores(searcher)
    checked = 0
    for field, btext in searcher.reader().all_terms():
        if field == "id":
            continue
        text = btext.decode("utf-8")
        want = {hit.docnum: hit.score for hit in searcher.search(Term(field, text), limit=None)}
        assert scores.get(field, text) == want, (field, text)
        checked += 1
    assert checked > 500


def test_direct_index_writer_equals_add_document(engine):
    from whoosh.filedb.filestore import RamStorage

    from zmdhelp.search import analyzer, index

    seg = engine._seg
    entries = list(engine.faq.entries)
    direct = RamStorage().create_index(index.schema())
    index._write(direct, [{"id": e.id, "answer": seg.terms(e.answer), "question": seg.terms(e.question),
                           "grams": analyzer.gram_terms(e.answer)} for e in entries])
    stock = RamStorage().create_index(index.schema())
    analyzer.ACTIVE = seg
    try:
        with stock.writer() as w:
            for e in entries:
                w.add_document(id=e.id, answer=e.answer, question=e.question, grams=e.answer)
    finally:
        analyzer.ACTIVE = None

    def dump(ix):
        r = ix.reader()
        out = {}
        for f, t in r.all_terms():
            m = r.postings(f, t)
            items = []
            while m.is_active():
                items.append((m.id(), m.weight(), m.value(), r.doc_field_length(m.id(), f)))
                m.next()
            out[(f, t)] = items
        return out, list(r.all_stored_fields())

    got, want = dump(direct), dump(stock)
    assert len(got[0]) > 100 and got == want


def test_direct_index_writer_writes_whoosh_own_bytes(engine):
    """Many postings per word (more than one whoosh block of 128): the segment file is byte for
    byte the one add_document writes (block statistics included), apart from its random name."""
    from whoosh.filedb.filestore import RamStorage

    from zmdhelp.search import analyzer, index

    seg = engine._seg
    entries = list(engine.faq.entries) * 13
    direct_store, stock_store = RamStorage(), RamStorage()
    direct = direct_store.create_index(index.schema())
    index._write(direct, [{"id": f"{e.id}-{i}", "answer": seg.terms(e.answer), "question": seg.terms(e.question),
                           "keywords": [w for w, _ in seg.terms(" ".join(e.keywords))],
                           "grams": analyzer.gram_terms(e.answer)} for i, e in enumerate(entries)])
    stock = stock_store.create_index(index.schema())
    analyzer.ACTIVE = seg
    try:
        with stock.writer() as w:
            for i, e in enumerate(entries):
                w.add_document(id=f"{e.id}-{i}", answer=e.answer, question=e.question,
                               keywords=" ".join(e.keywords), grams=e.answer)
    finally:
        analyzer.ACTIVE = None
    reader = direct.reader()
    assert max(reader.doc_frequency("grams", t) for t in ("的", "证", "申")) > 128
    (got_seg,), (want_seg,) = direct._segments(), stock._segments()

    def seg_bytes(store, segment) -> bytes:
        (name,) = [n for n in store.list() if n.endswith(".seg")]
        return store.open_file(name).read().replace(segment.segment_id().encode(), b"SEGMENT")

    assert seg_bytes(direct_store, got_seg) == seg_bytes(stock_store, want_seg)


def test_own_cut_equals_jieba_cut(engine):
    """Segmenter.cut re-implements jieba's dictionary cut for speed: same words, same order."""
    from zmdhelp.search.text import fold

    seg = engine._seg
    texts = [t for e in engine.faq.entries for t in (e.question, *e.similar, *e.keywords, e.answer, *e.category)]
    texts += ["验证码收不到短信怎么办", "ＣＡ证书 UKey123 登陆失败！！", "a1b2 c3 ——  \r\n 驗證碼", "证证证证证证", "",
              "社保社保社保大厅9号窗口0396-1234567", "x" * 40 + "中华人民共和国国务院"]
    checked = 0
    for text in texts:
        folded = fold(text).text
        assert seg.cut(folded) == seg.tok.lcut(folded, HMM=False), text
        checked += 1
    assert checked > 100


def test_index_terms_equal_query_words(engine):
    """Segmenter.terms (the index build's fast path) gives the words and positions of
    Segmenter.words (the query path), so what is indexed is what a query looks for."""
    seg = engine._seg
    texts = [t for e in engine.faq.entries for t in (e.question, *e.similar, *e.keywords, e.answer, *e.category)]
    texts += ["ＣＡ证书 UKey123 登陆失败！！", "a1b2 c3 ——  \r\n 驗證碼 café ㄅ 㐀㐁 カタカナ", "_-_ 1.5% c++ #3 &&", ""]
    for _ in range(2):  # the second time from the per-word cache
        for text in texts:
            assert seg.terms(text) == [(w.text, w.pos) for w in seg.words(text)], text
            assert seg.plain(text) == [w.text for w in seg.words(text)], text
    assert sum(len(seg.terms(t)) for t in texts) > 1000
