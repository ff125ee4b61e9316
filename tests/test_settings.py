from __future__ import annotations

import json

from zmdhelp.settings import Settings


def test_defaults_and_round_trip(tmp_path):
    s = Settings(tmp_path / "s.json")
    assert s.get("favourites") == [] and s.get("window.start_day") is None
    s.set("favourites", ["sms-code"])
    s.set("window.start_day", 6)
    assert s.save()
    again = Settings(tmp_path / "s.json")
    assert again.get("favourites") == ["sms-code"] and again.get("window.start_day") == 6


def test_returned_lists_are_copies(tmp_path):
    s = Settings(tmp_path / "s.json")
    s.get("favourites").append("x")
    assert s.get("favourites") == []


def test_wrong_types_fall_back_to_defaults(tmp_path):
    p = tmp_path / "s.json"
    p.write_text(json.dumps({"ui.font_size": "big", "window.end_day": True, "favourites": "a"}), encoding="utf-8")
    s = Settings(p)
    assert s.get("ui.font_size") == 0 and s.get("window.end_day") is None and s.get("favourites") == []


def test_corrupt_file_is_set_aside_not_deleted(tmp_path):
    p = tmp_path / "s.json"
    p.write_text("{not json", encoding="utf-8")
    s = Settings(p)
    assert "已损坏" in s.warning
    assert (tmp_path / "s.json.bad").read_text(encoding="utf-8") == "{not json"
    assert s.get("recent") == []


def test_read_only_folder_reports_instead_of_raising(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    s = Settings(blocker / "sub" / "s.json")  # parent "folder" is a file: cannot be created
    s.set("ui.font_size", 14)
    assert s.save() is False
    assert "无法保存设置" in s.warning
