"""Review estimate ("一般一到两个工作日办结") over China's official working-day calendar."""

from __future__ import annotations

import datetime as dt

from zmdhelp.workdays import estimate_review, is_workday, nth_workday_after

D = dt.date


def weekends_only(day: dt.date) -> bool | None:
    return None  # a calendar that knows no year


def test_plain_week() -> None:
    e = estimate_review(D(2026, 11, 23))  # Monday, no holiday nearby
    assert (e.earliest, e.latest, e.calendar_known) == (D(2026, 11, 24), D(2026, 11, 25), True)
    friday = estimate_review(D(2026, 11, 27))
    assert (friday.earliest, friday.latest) == (D(2026, 11, 30), D(2026, 12, 1))


def test_national_day_2025_and_adjusted_working_days() -> None:
    # State Council 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are working days.
    assert is_workday(D(2025, 10, 3)) == (False, True)
    assert is_workday(D(2025, 9, 28)) == (True, True)
    before = estimate_review(D(2025, 9, 30))
    assert (before.earliest, before.latest) == (D(2025, 10, 9), D(2025, 10, 10))
    saturday = estimate_review(D(2025, 9, 27))
    assert (saturday.earliest, saturday.latest) == (D(2025, 9, 28), D(2025, 9, 29))
    # Spring Festival 2026 (15–23 February off, 14 and 28 February working days)
    spring = estimate_review(D(2026, 2, 13))
    assert spring.earliest == D(2026, 2, 14) and spring.latest == D(2026, 2, 24)


def test_unknown_year_counts_weekends_only_and_says_so() -> None:
    e = estimate_review(D(2030, 10, 1))  # a Tuesday; the package has no 2030 schedule
    assert not e.calendar_known
    assert (e.earliest, e.latest) == (D(2030, 10, 2), D(2030, 10, 3))
    assert "只按周末推算" in e.text() and "2030" in e.text()
    known = estimate_review(D(2026, 11, 23))
    assert "只按周末推算" not in known.text()


def test_fallback_calendar_injected() -> None:
    day, known = nth_workday_after(D(2026, 10, 2), 1, weekends_only)  # Friday; 5 October is a holiday really
    assert day == D(2026, 10, 5) and not known
    assert nth_workday_after(D(2026, 10, 2), 1)[0] == D(2026, 10, 8)  # 1–7 October off


def test_text_says_today_only_for_today() -> None:
    e = estimate_review(D(2026, 11, 23))
    assert e.text(today=D(2026, 11, 23)).startswith("今天提交")
    assert e.text().startswith("11月23日提交")
    assert "11月24日（周二）" in e.text() and "一到两个工作日" in e.text()
    assert e.to_json()["earliest"] == "2026-11-24"
