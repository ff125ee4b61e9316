"""The bundled FAQ against the seed: every question there, every answer faithful."""

from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import SEED
from zmdhelp.faq import load_faq
from zmdhelp.markers import GAP_RE, WINDOW_PLACEHOLDER, gaps

# Artefacts FACTS.md lists, and the one spelling the data standardises (the seed mixes 登陆/登录).
INJECTED = ("营业执照怎么在网上注册", "发布评论")
CORRECTIONS = (("提示提示", "提示"), ("登陆", "登录"))


def norm(text: str) -> str:
    """Keep only CJK characters: the seed lost digits and Latin letters; punctuation may differ."""
    for old, new in CORRECTIONS:
        text = text.replace(old, new)
    out = []
    for ch in text:
        if ch.isascii() or ch.isspace():
            continue
        cat = unicodedata.category(ch)
        if cat.startswith(("P", "S", "Z", "N")):
            continue
        out.append(ch)
    return "".join(out)


def seed_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """[(section title, [(question, answer)])] as the seed has them."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    current_q: str | None = None
    body: list[str] = []

    def flush() -> None:
        nonlocal current_q
        if current_q is not None:
            sections[-1][1].append((current_q, "".join(body)))
        current_q = None
        body.clear()

    for line in lines[3:]:
        for junk in INJECTED:
            line = line.replace(junk, "")
        if re.match(r"^[一二三四五六七八九十]、", line):
            flush()
            sections.append((line, []))
        elif line.startswith("、"):
            flush()
            current_q = line[1:]
        elif current_q is not None:
            body.append(line)
    flush()
    return sections


@pytest.fixture(scope="module")
def faq(data_dir=None):
    from conftest import REPO

    return load_faq(REPO / "data")


def test_seed_has_the_known_shape():
    sections = seed_sections()
    assert [len(qs) for _, qs in sections] == [16, 7]  # FACTS.md: 16 and 7 visible questions


def test_categories_are_the_seeds_two_in_order(faq):
    seed_titles = [norm(title) for title, _ in seed_sections()]
    assert [norm(c.name) for c in faq.categories] == seed_titles
    assert all(e.category[0] in {c.name for c in faq.categories} for e in faq)


def test_every_seed_question_is_an_entry_in_order(faq):
    questions = [(norm(c), norm(q)) for c, qs in seed_sections() for q, _ in qs]
    entries = [(norm(e.category[0]), norm(e.question)) for e in faq if not e.reconstructed]
    assert entries == questions


def _faithful_answer(entry) -> str:
    text = GAP_RE.sub("", entry.answer).replace(WINDOW_PLACEHOLDER, "每月日—日")
    return norm(text)


def test_answers_are_faithful_to_the_seed(faq):
    """Each seed answer equals the entry's answer, modulo digits/letters/punctuation and gaps.

    The seed's answer of "单位办事通道点开后是空白" also holds the lost question's answer
    (FACTS.md), so that one seed answer is the concatenation of two entries' answers.
    """
    seed_answers = [norm(a) for _, qs in seed_sections() for _, a in qs]
    ours: list[str] = []
    for e in faq:
        if e.reconstructed:
            ours[-1] += _faithful_answer(e)
        else:
            ours.append(_faithful_answer(e))
    assert len(ours) == len(seed_answers)
    for i, (mine, seed) in enumerate(zip(ours, seed_answers, strict=True)):
        assert mine == seed, f"answer {i + 1} differs from the seed"


def test_the_lost_question_is_restored_and_marked(faq):
    lost = [e for e in faq if e.reconstructed]
    assert len(lost) == 1
    entry = lost[0]
    assert "未查询到单位信息" in entry.question
    assert entry.note  # says the title is editorial
    ids = [e.id for e in faq]
    # It sits between the blank-page question and the "仍然提示" question, as in the seed.
    pos = ids.index(entry.id)
    assert "空白" in faq.entries[pos - 1].question and "仍然提示" in faq.entries[pos + 1].question


def test_artefacts_are_gone(faq):
    for e in faq:
        for text in (e.question, e.answer):
            assert "发布评论" not in text
            assert "营业执照怎么在网上注册" not in text
            assert "提示提示" not in text
            assert "\n" not in e.question


def test_only_verified_facts_are_filled(faq):
    """18位 is verified (GB 32100-2015). Every other digit in the text is forbidden: no guesses."""
    digits = {e.id: re.findall(r"\d+", GAP_RE.sub("", e.answer + e.question)) for e in faq}
    assert {k: v for k, v in digits.items() if v} == {"credit-code-not-found": ["18"]}


def test_every_unknown_fact_is_a_visible_gap(faq):
    labels = " ".join(g.label for e in faq for g in gaps(e.answer)) + faq.meta.updated
    for needed in ("网址", "操作系统", "浏览器", "初始密码", "电话", "楼号", "距离", "更新日期"):
        assert needed in labels, needed
    assert sum(WINDOW_PLACEHOLDER in e.answer for e in faq) == 2


def test_ids_are_unique_and_stable_shape(faq):
    ids = [e.id for e in faq]
    assert len(ids) == len(set(ids)) == 24
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)
