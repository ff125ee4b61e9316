"""QA: a hand-edited settings.json with wrong element types must never reach the app as such."""

from __future__ import annotations

import json

import pytest

from zmdhelp.settings import Settings


def _settings(tmp_path, values: dict) -> Settings:
    p = tmp_path / "settings.json"
    p.write_text(json.dumps(values), encoding="utf-8")
    return Settings(p)


@pytest.mark.parametrize("key", ["favourites", "recent"])
def test_id_lists_keep_only_text_ids(tmp_path, key):
    s = _settings(tmp_path, {key: [["a"], {"b": 1}, 3, None, True, "sms-code"]})
    assert s.get(key) == ["sms-code"]


def test_view_counts_keep_only_whole_non_negative_numbers(tmp_path):
    s = _settings(tmp_path, {"views": {"a": "x", "b": None, "c": True, "d": 2.5, "e": -1, "f": 3}})
    assert s.get("views") == {"f": 3}


def test_a_boolean_is_not_a_font_size(tmp_path):
    s = _settings(tmp_path, {"ui.font_size": True})
    assert s.get("ui.font_size") == 0


def test_valid_values_pass_unchanged(tmp_path):
    s = _settings(tmp_path, {"favourites": ["a", "b"], "views": {"a": 0, "b": 7}, "ui.font_size": 14})
    assert s.get("favourites") == ["a", "b"]
    assert s.get("views") == {"a": 0, "b": 7}
    assert s.get("ui.font_size") == 14
