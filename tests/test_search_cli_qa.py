"""Search findings from QA: empty input, repeated warnings, highlights inside gap markers."""

from __future__ import annotations

import json

import pytest

from zmdhelp.cli import main
from zmdhelp.markers import GAP_RE


@pytest.mark.parametrize("query", ["", "   ", "\x00", "\x01\x02"])
def test_empty_or_invisible_query_is_a_usage_error(capsys, query):
    assert main(["search", query]) == 2
    captured = capsys.readouterr()
    assert "请输入要搜索的文字" in captured.err and captured.out == ""


def test_missing_data_folder_is_reported_once(capsys, tmp_path):
    assert main(["--data", str(tmp_path / "missing"), "search", "--json", "验证码"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("找不到指定的数据文件夹") == 1
    assert json.loads(captured.out)[0]["id"] == "sms-code"


def test_highlights_never_fall_inside_gap_markers(capsys):
    assert main(["search", "--json", "--limit", "24", "证书 初始密码 网址 电话"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert any(GAP_RE.search(h["snippet_text"]) for h in hits)  # the case is really exercised
    for h in hits:
        text = h["snippet_text"]
        gaps = [(m.start(), m.end()) for m in GAP_RE.finditer(text)]
        for a, b in h["snippet_spans"]:
            assert not any(a < ge and b > gs for gs, ge in gaps), (h["id"], text[a:b])
    first = next(h for h in hits if h["id"] == "certificate-password")
    assert first["snippet_spans"]  # words outside the marker are still highlighted
