"""The command line: JSON shapes, exit codes, Chinese errors, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from zmdhelp import __version__
from zmdhelp.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_shape(capsys):
    code, out, _ = run(capsys, "list", "--json")
    items = json.loads(out)
    assert code == 0 and len(items) == 24
    for item in items:
        assert {"id", "category", "question", "answer", "keywords", "updated"} <= set(item)
        assert isinstance(item["category"], list) and item["category"][0].startswith(("一、", "二、"))
        assert item["question"] and item["answer"]
    by_id = {i["id"]: i for i in items}
    assert "〔待补充：证书初始密码〕" in by_id["certificate-password"]["answer"]  # gap kept
    assert "〔申报时间〕" not in by_id["submission-time"]["answer"]  # placeholder filled
    assert "每月" in by_id["submission-time"]["answer"]
    assert by_id["credit-code-not-found"]["reconstructed"] is True


def test_list_plain_groups_by_category(capsys):
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert out.index("【一、注册登录类问题") < out.index("register-platform") < out.index("【二、")


def test_show_and_unknown_id(capsys):
    code, out, _ = run(capsys, "show", "sms-code", "--json")
    assert code == 0 and json.loads(out)["question"] == "注册时，手机收不到验证码怎么办？"
    code, out, err = run(capsys, "show", "no-such-id")
    assert code == 2 and "没有编号为“no-such-id”的问题" in err and out == ""


def test_check_data_bundled_is_valid_and_lists_gaps(capsys):
    code, out, _ = run(capsys, "check-data")
    assert code == 0
    assert "结果：数据有效" in out
    assert "〔待补充：证书初始密码〕" in out and "certificate-password" in out


def test_check_data_invalid_file(capsys, tmp_path):
    bad = tmp_path / "faq.toml"
    bad.write_text('[meta]\ntitle = "x"\n[[category]]\nname = "甲"\n[[faq]]\nid = "a"\ncategory = ["乙"]\nquestion = "?"\nanswer = "!"\n', encoding="utf-8")
    code, out, _ = run(capsys, "check-data", str(bad))
    assert code == 2
    assert f"{bad}:7:" in out and "未知分类“乙”" in out  # the category line and "结果：数据无效" in out


def test_check_data_missing_path(capsys, tmp_path):
    code, out, _ = run(capsys, "check-data", str(tmp_path / "nope"))
    assert code == 2 and "找不到文件或文件夹" in out


def test_version_and_help_in_chinese(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "用法：" in out and "列出全部问题" in out


def test_bad_usage_exit_2_in_chinese(capsys):
    with pytest.raises(SystemExit) as info:
        main(["show"])
    assert info.value.code == 2
    assert "错误：缺少参数" in capsys.readouterr().err


def test_subprocess_never_prints_a_traceback(tmp_path):
    """A broken --data folder and an unknown id: messages, exit codes, no Python traceback."""
    broken = tmp_path / "office"
    broken.mkdir()
    (broken / "faq.toml").write_bytes(b"\xff\xfe not utf-8")
    env = {**os.environ, "ZMDHELP_HOME": str(tmp_path / "home")}
    proc = subprocess.run(
        [sys.executable, "-m", "zmdhelp", "--data", str(broken), "show", "nothing"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "UTF-8" in proc.stderr and "已改用内置内容" in proc.stderr  # the office file's reason
    assert "没有编号为" in proc.stderr


def test_unknown_id_is_echoed_safely(capsys):
    code, _, err = run(capsys, "show", "a\x1b[31mb" + "x" * 200)
    assert code == 2
    assert "\x1b" not in err and "a\\x1b[31mb" in err  # an escape sequence is shown, not run
    assert "x" * 100 not in err and "…" in err  # long input is shortened


def test_list_starts_with_its_first_category(capsys):
    _, out, _ = run(capsys, "list")
    assert out.startswith("【一、注册登录类问题")
