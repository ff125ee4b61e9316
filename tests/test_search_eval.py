"""Search quality on the bundled data, measured on the held-out part of the evaluation set."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "eval"))

from evaluate import PARTS, engine_search, evaluate, load_cases  # noqa: E402


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    return evaluate(engine_search(tmp_path_factory.mktemp("cache")), load_cases())


def test_evaluation_set_is_big_enough_and_labelled():
    from zmdhelp.faq import load_faq

    cases = load_cases()
    held = [c for c in cases if c.part == "held"]
    assert len(cases) >= 150 and len(held) * 3 >= len(cases)
    known = {e.id for e in load_faq(Path(__file__).resolve().parent.parent / "data" / "faq.toml")}
    assert all(c.accept and c.accept <= known for c in cases)
    assert len({c.query for c in cases}) == len(cases)


def test_held_out_quality(scores):
    held = scores["held"]
    assert held.rate(1) >= 0.95, f"top-1 {held.top1}/{held.n}"
    assert held.rate(3) >= 0.99, f"top-3 {held.top3}/{held.n}"


def test_tune_quality(scores):
    assert set(scores) == set(PARTS)
    assert scores["tune"].rate(1) >= 0.95 and scores["tune"].rate(3) >= 0.99
