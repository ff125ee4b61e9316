"""``zmdhelp window``: JSON shape, plain text, bad dates."""

from __future__ import annotations

import json

import pytest

from zmdhelp import window_cli
from zmdhelp.settings import Settings

KEYS = {"date", "open", "start_day", "end_day", "verified", "closes_on", "days_left",
        "next_open", "days_until_open", "closure"}


def window(capsys, *argv: str, data: str | None = None) -> tuple[int, str, str]:
    """Run the subcommand through a parser holding only it (the full CLI has other plugins)."""
    from zmdhelp.cli import ChineseArgumentParser

    parser = ChineseArgumentParser(prog="zmdhelp")
    parser.add_argument("--data")
    sub = parser.add_subparsers(dest="command", parser_class=ChineseArgumentParser)
    window_cli.register(sub)
    args = parser.parse_args((["--data", data] if data else []) + ["window", *argv])
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_open_day(capsys) -> None:
    code, out, _ = window(capsys, "--date", "2026-11-23", "--json")
    data = json.loads(out)
    assert code == 0 and KEYS <= set(data)
    assert data["date"] == "2026-11-23" and data["open"] is True
    assert (data["start_day"], data["end_day"], data["verified"]) == (1, 25, False)
    assert data["closes_on"] == "2026-11-25" and data["days_left"] == 3
    assert data["next_open"] is None and data["closure"] is None
    assert data["status"] == "可提交业务 · 剩余3天（截至11月25日）"
    assert data["review_estimate"]["earliest"] == "2026-11-24"


def test_json_closed_day_across_year(capsys) -> None:
    code, out, _ = window(capsys, "--date", "2026-12-28", "--json")
    data = json.loads(out)
    assert code == 0 and data["open"] is False
    assert data["closes_on"] is None and data["days_left"] == 0
    assert data["next_open"] == "2027-01-01" and data["days_until_open"] == 4
    # a submission made on the opening day: 1 January is a holiday, so review starts later
    assert data["review_estimate"]["submitted"] == "2027-01-01"


def test_closure_in_json(capsys, tmp_path) -> None:
    (tmp_path / "window.toml").write_text(
        '[window]\nstart_day = 1\nend_day = 25\n\n[[closure]]\nstart = 2026-11-24\nend = 2026-12-03\nreason = "年终结算"\n',
        encoding="utf-8",
    )
    code, out, _ = window(capsys, "--date", "2026-12-01", "--json", data=str(tmp_path))
    data = json.loads(out)
    assert data["open"] is False
    assert data["closure"] == {"start": "2026-11-24", "end": "2026-12-03", "reason": "年终结算"}
    assert data["next_open"] == "2026-12-04"


def test_settings_make_it_verified(capsys) -> None:
    s = Settings()
    s.set("window.start_day", 10)
    s.set("window.end_day", 20)
    assert s.save()
    _, out, _ = window(capsys, "--date", "2026-11-09", "--json")
    data = json.loads(out)
    assert data["verified"] is True and data["open"] is False and data["next_open"] == "2026-11-10"
    assert data["phrase"] == "每月10日—20日"


def test_plain_text(capsys) -> None:
    code, out, _ = window(capsys, "--date", "2026-11-26")
    assert code == 0
    first = out.splitlines()[0]
    assert first == "2026年11月26日（周四）：今日不可提交 · 12月1日开放（5天后）"
    assert "中人" in out and "待核实" in out


@pytest.mark.parametrize("bad", ["2026-13-01", "2026-02-30", "tomorrow", "2026-1-1", ""])
def test_bad_date_is_chinese_error_exit_2(capsys, bad: str) -> None:
    code, out, err = window(capsys, "--date", bad)
    assert code == 2 and not out
    assert "日期" in err and "无效" in err and "Traceback" not in err


def test_through_main(capsys) -> None:
    pytest.importorskip("zmdhelp.search.cli")  # the full CLI loads every plugin
    from zmdhelp.cli import main

    assert main(["window", "--date", "2026-11-25", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["is_last_day"] is True
    assert main(["window", "--date", "2026/11/25"]) == 2
    assert "无效" in capsys.readouterr().err


def test_window_cli_says_when_the_settings_file_was_broken(capsys, user_home):
    from zmdhelp import paths
    from zmdhelp.cli import main

    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text("{broken", encoding="utf-8")
    assert main(["window", "--date", "2026-11-02"]) == 0
    err = capsys.readouterr().err
    assert "设置文件已损坏" in err and "settings.json.bad" in err
