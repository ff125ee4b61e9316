"""When a submission made today is likely to be reviewed (Qt-free).

The FAQ says online business is "一般一到两个工作日办结". Working days follow China's official
calendar: public holidays are off and the adjusted Saturdays/Sundays (调休上班) are working days.
The ``chinesecalendar`` package knows the State Council's schedule for the years it was released
with; for any other year only weekends are counted, and the estimate says so instead of pretending.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

try:  # the package is a dependency, but an estimate without it is still useful
    import chinese_calendar as _cc
except ImportError:  # pragma: no cover - only in a broken install
    _cc = None

REVIEW_DAYS = (1, 2)  # "一到两个工作日"
_WEEKDAYS = "一二三四五六日"


def _official(day: dt.date) -> bool | None:
    """True/False from the official calendar, None when the year is not known to it."""
    if _cc is None:
        return None
    try:
        return bool(_cc.is_workday(day))
    except (NotImplementedError, ValueError, KeyError):
        # chinese_calendar's own signal for a year it has no holiday table for (it covers
        # 2004 up to its release year): fall back to weekends only, and say so (see callers).
        return None


def is_workday(day: dt.date, official: Callable[[dt.date], bool | None] = _official) -> tuple[bool, bool]:
    """(working day?, known from the official calendar?) — weekends only when not known."""
    known = official(day)
    if known is None:
        return day.weekday() < 5, False
    return known, True


def nth_workday_after(day: dt.date, n: int,
                      official: Callable[[dt.date], bool | None] = _official) -> tuple[dt.date, bool]:
    """The ``n``-th working day after ``day`` and whether every step used the official calendar."""
    all_known = True
    cur = day
    count = 0
    while count < n:
        cur += dt.timedelta(days=1)
        work, known = is_workday(cur, official)
        all_known = all_known and known
        if work:
            count += 1
    return cur, all_known


@dataclass(frozen=True)
class ReviewEstimate:
    submitted: dt.date
    earliest: dt.date  # first working day after the submission
    latest: dt.date  # second working day after it
    calendar_known: bool  # False: holidays of that year unknown, only weekends counted

    def text(self, today: dt.date | None = None) -> str:
        """Chinese sentence; says "今天提交" when ``today`` is the submission day."""
        if self.submitted == today:
            head = "今天提交"
        elif today is not None and self.submitted > today:
            head = f"若{_md(self.submitted)}提交"  # e.g. on the next opening day
        else:
            head = f"{_md(self.submitted)}提交"
        text = (
            f"{head}，一般一到两个工作日办结，预计{_md(self.earliest)}（周{_WEEKDAYS[self.earliest.weekday()]}）"
            f"至{_md(self.latest)}（周{_WEEKDAYS[self.latest.weekday()]}）审核完成；业务量大时可能延迟。"
        )
        if not self.calendar_known:
            text += self.fallback_note()
        return text

    def fallback_note(self) -> str:
        years = sorted({self.earliest.year, self.latest.year, self.submitted.year})
        return f"（未收录{'、'.join(str(y) for y in years)}年的法定节假日安排，只按周末推算）"

    def to_json(self) -> dict[str, object]:
        return {
            "submitted": self.submitted.isoformat(),
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "calendar_known": self.calendar_known,
            "text": self.text(),
        }


def estimate_review(submitted: dt.date,
                    official: Callable[[dt.date], bool | None] = _official) -> ReviewEstimate:
    """Likely review dates for a submission made on ``submitted``."""
    if isinstance(submitted, dt.datetime):
        submitted = submitted.date()
    earliest, known1 = nth_workday_after(submitted, REVIEW_DAYS[0], official)
    latest, known2 = nth_workday_after(submitted, REVIEW_DAYS[1], official)
    return ReviewEstimate(submitted, earliest, latest, known1 and known2)


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"
