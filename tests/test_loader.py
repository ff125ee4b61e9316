"""Validation of the FAQ file: every error names the file and line, in Chinese; nothing half-loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from zmdhelp.errors import DataError
from zmdhelp.faq import load_faq

HEADER = """[meta]
title = "测试问答"
source = "测试"
updated = "〔待补充：更新日期〕"

[[category]]
name = "一、注册登录类问题"
topics = ["注册开通"]
"""

GOOD_ENTRY = """
[[faq]]
id = "{id}"
category = ["一、注册登录类问题", "注册开通"]
question = "{q}"
answer = \"\"\"
{a}
\"\"\"
"""


def write(tmp_path: Path, body: str, name: str = "faq.toml") -> Path:
    p = tmp_path / name
    p.write_text(HEADER + body, encoding="utf-8")
    return p


def entry(id: str = "a", q: str = "怎么注册？", a: str = "按说明注册。") -> str:
    return GOOD_ENTRY.format(id=id, q=q, a=a)


def problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_faq(path)
    return [str(p) for p in info.value.problems]


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    count = 0
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            count += 1
            if count == nth:
                return no
    raise AssertionError(needle)


def test_a_valid_file_loads(tmp_path):
    faq = load_faq(write(tmp_path, entry("a") + entry("b", "第二个？")))
    assert [e.id for e in faq] == ["a", "b"]
    assert faq.get("b").question == "第二个？"
    assert faq.get("a").updated == "〔待补充：更新日期〕"  # inherits the file's date
    assert [label for _, label in faq.gap_list()] == ["更新日期"]


def test_loading_a_folder_reads_its_faq_toml(tmp_path):
    write(tmp_path, entry())
    assert len(load_faq(tmp_path)) == 1


def test_duplicate_id_names_both_lines(tmp_path):
    p = write(tmp_path, entry("same") + entry("same", "又一个？"))
    (msg,) = problems(p)
    second = line_of(p, "[[faq]]", 2)
    first = line_of(p, "[[faq]]", 1)
    assert msg.startswith(f"{p}:{second}: ")
    assert "id 重复" in msg and f"第 {first} 行" in msg


def test_empty_question_and_answer(tmp_path):
    p = write(tmp_path, entry("a", q="  ", a=""))
    msgs = problems(p)
    assert any("问题是空的" in m for m in msgs)
    assert any("答复是空的" in m for m in msgs)
    assert all(m.startswith(f"{p}:") for m in msgs)


def test_missing_answer(tmp_path):
    body = '\n[[faq]]\nid = "a"\ncategory = ["一、注册登录类问题"]\nquestion = "问？"\n'
    p = write(tmp_path, body)
    (msg,) = problems(p)
    assert "缺少答复" in msg and f":{line_of(p, '[[faq]]')}:" in msg


def test_unknown_category_and_topic(tmp_path):
    body = entry("a").replace('["一、注册登录类问题", "注册开通"]', '["三、不存在的分类"]')
    body += entry("b").replace('"注册开通"]', '"没有的小类"]')
    p = write(tmp_path, body)
    msgs = problems(p)
    assert any("未知分类“三、不存在的分类”" in m and f":{line_of(p, '三、不存在的分类')}:" in m for m in msgs)
    assert any("没有小类“没有的小类”" in m and f":{line_of(p, '没有的小类')}:" in m for m in msgs)


@pytest.mark.parametrize(
    "answer, reason",
    [
        ("电话〔待补充电话〕。", "待补充标记格式不对"),
        ("电话〔待补充：〕。", "缺少说明"),
        ("电话〔待补充：电话。", "缺少结尾"),
        ("电话待补充：电话〕。", "多余的"),
        ("电话〔随便写的〕。", "无法识别的标记"),
    ],
)
def test_malformed_markers(tmp_path, answer, reason):
    p = write(tmp_path, entry("a", a="第一行\n" + answer))
    msgs = problems(p)
    assert any(reason in m for m in msgs), msgs
    assert any(f":{line_of(p, answer[:4])}:" in m for m in msgs), msgs


def test_bad_encoding_names_the_line(tmp_path):
    p = tmp_path / "faq.toml"
    text = HEADER + entry("a", a="单位名称")
    p.write_bytes(text.encode("gbk"))
    (msg,) = problems(p)
    assert "UTF-8" in msg and f"{p}:" in msg
    assert ":2:" in msg  # the first non-UTF-8 byte is in the title, line 2


def test_notepad_bom_is_fine(tmp_path):
    p = tmp_path / "faq.toml"
    p.write_bytes(("\ufeff" + HEADER + entry()).encode("utf-8"))
    assert len(load_faq(p)) == 1


def test_toml_syntax_error_names_the_line(tmp_path):
    p = write(tmp_path, entry() + '\n[[faq]]\nid = "b\n')
    (msg,) = problems(p)
    line = line_of(p, 'id = "b')
    assert "TOML" in msg and f":{line}:" in msg


def test_misspelt_key_and_bad_id(tmp_path):
    p = write(tmp_path, entry("a").replace("answer =", "anwser =") + entry("坏 id"))
    msgs = problems(p)
    assert any("未知的项目“anwser”" in m for m in msgs)
    assert any("id 只能由" in m for m in msgs)


def test_all_problems_reported_at_once_and_nothing_half_loaded(tmp_path):
    p = write(tmp_path, entry("a") + entry("a") + entry("b", q=""))
    assert len(problems(p)) == 2


def test_missing_file_and_folder(tmp_path):
    (msg,) = problems(tmp_path / "nope.toml")
    assert "找不到文件" in msg
    (msg,) = problems(tmp_path)  # a folder without faq.toml
    assert "找不到文件" in msg
