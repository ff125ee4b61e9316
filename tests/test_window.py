"""Submission-window logic checked day by day against a deliberately naive oracle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zmdhelp.errors import DataError
from zmdhelp.markers import UNVERIFIED, WINDOW_PLACEHOLDER, fill_window
from zmdhelp.settings import Settings
from zmdhelp.window import (
    WINDOW_FILE,
    Closure,
    WindowRules,
    load_rules,
    load_window_file,
    status_text,
)

ONE = dt.timedelta(days=1)


# ----- the oracle: no calendar module, no clamping arithmetic, just walking day by day -----

def o_month_length(year: int, month: int) -> int:
    day = dt.date(year, month, 28)
    while (day + ONE).month == month:
        day += ONE
    return day.day


def o_open(rules: WindowRules, day: dt.date) -> bool:
    if any(c.start <= day <= c.end for c in rules.closures):
        return False
    return rules.start_day <= day.day <= rules.end_day and day.day <= o_month_length(day.year, day.month)


def o_days_left(rules: WindowRules, day: dt.date) -> int:
    """Open days from ``day`` on, within this month (a window never runs into the next month)."""
    n = 0
    while o_open(rules, day + ONE * n) and (day + ONE * n).month == day.month:
        n += 1
    return n


def o_next_open(rules: WindowRules, day: dt.date) -> dt.date:
    cur = day + ONE
    while not o_open(rules, cur):
        cur += ONE
    return cur


def check_day(rules: WindowRules, day: dt.date) -> None:
    s = rules.state(day)
    is_open = o_open(rules, day)
    assert s.open is is_open, day
    assert s.date == day
    if is_open:
        left = o_days_left(rules, day)
        assert s.days_left == left, day
        assert s.closes_on == day + ONE * (left - 1), day
        assert s.is_last_day is (left == 1), day
        assert s.next_open is None and s.days_until_open == 0
    else:
        nxt = o_next_open(rules, day)
        assert s.days_left == 0 and s.closes_on is None and not s.is_last_day
        assert s.next_open == nxt, day
        assert s.days_until_open == (nxt - day).days
    covering = [c for c in rules.closures if c.start <= day <= c.end]
    assert (s.closure is not None) is bool(covering), day
    # this month's window as the rule says, clamped to the month's end
    length = o_month_length(day.year, day.month)
    if rules.start_day > length:
        assert s.window_first is None and s.window_last is None
    else:
        assert s.window_first == dt.date(day.year, day.month, rules.start_day)
        assert s.window_last == dt.date(day.year, day.month, min(rules.end_day, length))


def every_day(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += ONE


SPANNING = Closure(dt.date(2026, 11, 24), dt.date(2026, 12, 3), "年终结算")
RULE_SETS = [
    WindowRules(1, 25),
    WindowRules(1, 31),  # always open: clamped to every month's end
    WindowRules(6, 29),  # February of common years ends early
    WindowRules(10, 30),
    WindowRules(30, 31),  # no window at all in February
    WindowRules(15, 15),
    WindowRules(1, 25, closures=(
        SPANNING,
        Closure(dt.date(2025, 3, 10), dt.date(2025, 3, 12), "系统维护"),
        Closure(dt.date(2025, 3, 11), dt.date(2025, 4, 2), "重叠的停办"),
        Closure(dt.date(2027, 12, 20), dt.date(2028, 1, 5), "跨年停办"),
        Closure(dt.date(2026, 5, 25), dt.date(2026, 5, 25), "最后一天维护"),
        Closure(dt.date(2024, 7, 1), dt.date(2024, 7, 1), "第一天维护"),
    )),
]


@pytest.mark.parametrize("rules", RULE_SETS, ids=lambda r: f"{r.start_day}-{r.end_day}-{len(r.closures)}")
def test_every_day_2024_to_2028_matches_oracle(rules: WindowRules) -> None:
    for day in every_day(dt.date(2024, 1, 1), dt.date(2028, 12, 31)):
        check_day(rules, day)


def test_every_month_end_and_start_1900_to_2100() -> None:
    for rules in (WindowRules(1, 25), WindowRules(5, 31), WindowRules(29, 30)):
        for year in range(1900, 2101):
            for month in range(1, 13):
                length = o_month_length(year, month)
                for d in {1, 2, 25, 26, 28, length - 1, length}:
                    check_day(rules, dt.date(year, month, d))


def test_extremes_do_not_fail() -> None:
    rules = WindowRules(1, 25)
    assert rules.state(dt.date(9999, 12, 31)).next_open is None  # the calendar ends: no crash
    assert rules.state(dt.date(1, 1, 1)).open


# ----- named cases (what a reader would check by hand) -----

def test_example_from_issue_text() -> None:
    rules = WindowRules(1, 25)
    assert status_text(rules.state(dt.date(2026, 11, 23))) == "可提交业务 · 剩余3天（截至11月25日）"
    assert status_text(rules.state(dt.date(2026, 11, 26))) == "今日不可提交 · 12月1日开放（5天后）"
    assert "最后一天" in status_text(rules.state(dt.date(2026, 11, 25)))
    assert "明天" in status_text(rules.state(dt.date(2026, 11, 30)))
    assert "2027年1月1日" in status_text(rules.state(dt.date(2026, 12, 31)))


@pytest.mark.parametrize(
    "year, last", [(2024, 29), (2025, 28), (2000, 29), (1900, 28), (2100, 28)]
)
def test_february_leap_and_common_years(year: int, last: int) -> None:
    rules = WindowRules(1, 30)
    s = rules.state(dt.date(year, 2, 1))
    assert s.window_last == dt.date(year, 2, last)
    assert s.days_left == last
    assert rules.state(dt.date(year, 2, last)).is_last_day


@pytest.mark.parametrize("end", [29, 30, 31])
def test_windows_ending_on_29_30_31(end: int) -> None:
    rules = WindowRules(20, end)
    april = rules.state(dt.date(2026, 4, 20))  # 30 days
    assert april.closes_on == dt.date(2026, 4, min(end, 30))
    jan = rules.state(dt.date(2026, 1, 20))
    assert jan.closes_on == dt.date(2026, 1, end)
    feb = rules.state(dt.date(2026, 2, 28))
    assert feb.open and feb.is_last_day
    # the day after the window's end opens again on the 20th of the next month
    after = rules.state(dt.date(2026, 1, end) + ONE) if end < 31 else rules.state(dt.date(2026, 2, 1))
    assert not after.open and after.next_open == dt.date(2026, 2, 20)


def test_start_day_missing_in_short_month_skips_that_month() -> None:
    rules = WindowRules(30, 31)
    s = rules.state(dt.date(2026, 2, 10))
    assert not s.open and s.window_first is None
    assert s.next_open == dt.date(2026, 3, 30)


def test_closure_spanning_month_boundary() -> None:
    rules = WindowRules(1, 25, closures=(SPANNING,))
    before = rules.state(dt.date(2026, 11, 23))
    assert before.open and before.is_last_day and before.days_left == 1
    assert before.closes_on == dt.date(2026, 11, 23) and before.next_closure == SPANNING
    inside = rules.state(dt.date(2026, 11, 24))
    assert not inside.open and inside.closure == SPANNING
    assert inside.next_open == dt.date(2026, 12, 4) and inside.days_until_open == 10
    december = rules.state(dt.date(2026, 12, 2))
    assert not december.open and december.in_window and december.closure == SPANNING
    assert "年终结算" in status_text(december)
    assert rules.state(dt.date(2026, 12, 4)).days_left == 22


def test_datetime_is_accepted_as_its_day() -> None:
    s = WindowRules(1, 25).state(dt.datetime(2026, 11, 25, 23, 59, 59))
    assert s.date == dt.date(2026, 11, 25) and s.is_last_day


def test_invalid_rules_in_code_are_refused() -> None:
    for start, end in ((0, 25), (26, 25), (1, 32)):
        with pytest.raises(ValueError):
            WindowRules(start, end)


# ----- phrase and the FAQ placeholder -----

def test_phrase_marks_unverified_and_fills_faq_answers(data_dir: Path) -> None:
    assert WindowRules(1, 25).phrase() == "每月1日—25日" + UNVERIFIED
    assert WindowRules(6, 20, verified=True).phrase() == "每月6日—20日"
    assert WindowRules(6, 31, verified=True).phrase() == "每月6日—月末"
    assert "不足30日" in WindowRules(1, 30, verified=True).phrase()
    from zmdhelp.faq import load_faq

    faq = load_faq(data_dir)
    quoting = [e for e in faq if WINDOW_PLACEHOLDER in e.answer]
    assert len(quoting) >= 2
    phrase = load_rules(data_dir).value.phrase()
    for e in quoting:
        filled = fill_window(e.answer, phrase)
        assert WINDOW_PLACEHOLDER not in filled and phrase in filled


# ----- the data file -----

def test_bundled_file_is_valid_and_unverified(data_dir: Path) -> None:
    rules = load_window_file(data_dir / WINDOW_FILE)
    assert (rules.start_day, rules.end_day, rules.verified) == (1, 25, False)
    assert rules.source and len(rules.exceptions) >= 3
    assert any("中人" in e for e in rules.exceptions)
    assert any("退回" in e for e in rules.exceptions)
    assert any("节假日" in e and "维护" in e for e in rules.exceptions)
    text = "\n".join(rules.describe())
    assert "待核实" in text and "中人" in text


GOOD = """\
# comment
[window]
start_day = 6
end_day = 20
verified = true
source = "市养老保险中心通知"
exceptions = ["中人待遇核算不受限制"]

[[closure]]
start = 2026-12-28
end = "2027-01-03"
reason = "年终结算"
"""


def write(tmp_path: Path, text: str, bom: bool = False) -> Path:
    p = tmp_path / WINDOW_FILE
    p.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return p


def test_good_file_with_bom_and_quoted_date(tmp_path: Path) -> None:
    rules = load_window_file(write(tmp_path, GOOD, bom=True))
    assert (rules.start_day, rules.end_day, rules.verified) == (6, 20, True)
    assert rules.closures == (Closure(dt.date(2026, 12, 28), dt.date(2027, 1, 3), "年终结算", 9),)


@pytest.mark.parametrize(
    "old, new, line, words",
    [
        ("start_day = 6", "start_day = 21", 3, "不能晚于"),
        ("start_day = 6", "start_day = 0", 3, "1 到 31"),
        ("end_day = 20", "end_day = 32", 4, "1 到 31"),
        ("end_day = 20", 'end_day = "20"', 4, "整数"),
        ("verified = true", 'verified = "是"', 5, "verified"),
        ("start = 2026-12-28", "start = 2027-01-04", 10, "晚于结束日期"),
        ('end = "2027-01-03"', 'end = "2027-02-30"', 11, "不是有效日期"),
        ('reason = "年终结算"', 'reasn = "年终结算"', 12, "reasn"),
        ("source =", "sauce =", 6, "sauce"),
        ("end_day = 20", "end_day = ", 4, "TOML"),
    ],
)
def test_invalid_file_reports_line(tmp_path: Path, old: str, new: str, line: int, words: str) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(DataError) as err:
        load_window_file(path)
    problems = err.value.problems
    assert any(p.line == line and words in str(p) for p in problems), [str(p) for p in problems]
    assert all(p.path == path for p in problems)
    assert f"{path}:{line}:" in str(err.value)


def test_missing_window_table_and_not_utf8(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="缺少 \\[window\\]"):
        load_window_file(write(tmp_path, "[[closure]]\nstart = 2026-01-01\nend = 2026-01-02\nreason = \"x\"\n"))
    p = tmp_path / "gbk" / WINDOW_FILE
    p.parent.mkdir()
    p.write_bytes("[window]\nsource = \"测试\"\n".encode("gbk"))
    with pytest.raises(DataError, match="UTF-8") as err:
        load_window_file(p)
    assert err.value.problems[0].line == 2


# ----- rules in force: file, office folder, this machine's settings -----

def test_settings_override_counts_as_verified(user_home: Path) -> None:
    settings = Settings()
    settings.set("window.start_day", 5)
    settings.set("window.end_day", 22)
    loaded = load_rules(settings=settings)
    rules = loaded.value
    assert (rules.start_day, rules.end_day, rules.verified, rules.overridden) == (5, 22, True, True)
    assert rules.phrase() == "每月5日—22日"
    assert rules.exceptions  # the standing exceptions come along
    assert not loaded.warnings


def test_saved_settings_are_used_without_passing_them(user_home: Path) -> None:
    settings = Settings()
    settings.set("window.start_day", 3)
    settings.set("window.end_day", 18)
    assert settings.save()
    assert load_rules().value.phrase() == "每月3日—18日"


def test_invalid_settings_are_ignored_with_warning(user_home: Path) -> None:
    settings = Settings()
    settings.set("window.start_day", 26)
    settings.set("window.end_day", 25)
    loaded = load_rules(settings=settings)
    assert loaded.value.phrase() == "每月1日—25日" + UNVERIFIED
    assert any("无效" in w for w in loaded.warnings)


def test_office_file_used_and_broken_one_falls_back(user_home: Path, tmp_path: Path) -> None:
    from zmdhelp import paths

    office = paths.office_data_dir()
    office.mkdir(parents=True)
    (office / WINDOW_FILE).write_text(GOOD, encoding="utf-8")
    loaded = load_rules(settings=Settings())
    assert loaded.value.phrase() == "每月6日—20日" and loaded.path == office / WINDOW_FILE
    (office / WINDOW_FILE).write_text(GOOD.replace("end_day = 20", "end_day = 2"), encoding="utf-8")
    loaded = load_rules(settings=Settings())
    assert loaded.value.start_day == 1 and loaded.warnings
    assert f"{office / WINDOW_FILE}:3:" in loaded.warnings[0]


def test_every_day_1900_to_2100_default_rule() -> None:
    rules = WindowRules(1, 25)
    for day in every_day(dt.date(1900, 1, 1), dt.date(2100, 12, 31)):
        check_day(rules, day)
