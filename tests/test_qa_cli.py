"""QA: the command line with odd --data targets and repeated warnings."""

from __future__ import annotations

import pytest

from zmdhelp.cli import main


@pytest.mark.parametrize("name", ["notes.txt", "faq", "faq.toml.bak"])
def test_data_naming_a_file_that_is_no_data_file_is_reported(tmp_path, capsys, name):
    target = tmp_path / name
    target.write_text("随便写的内容", encoding="utf-8")
    assert main(["--data", str(target), "show", "sms-code"]) == 0
    err = capsys.readouterr().err
    assert str(target) in err and "内置内容" in err
    assert target.read_text(encoding="utf-8") == "随便写的内容"  # never touched


def test_data_naming_a_window_file_is_not_a_complaint(tmp_path, data_dir, capsys):
    target = tmp_path / "window.toml"
    target.write_bytes((data_dir / "window.toml").read_bytes())
    assert main(["--data", str(target), "show", "sms-code"]) == 0
    assert capsys.readouterr().err == ""


def test_missing_data_folder_is_reported_once(tmp_path, capsys):
    missing = tmp_path / "missing"
    assert main(["--data", str(missing), "show", "sms-code"]) == 0
    err = capsys.readouterr().err
    assert err.count(str(missing)) == 1
    assert not missing.exists()
