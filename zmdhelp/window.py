"""The monthly submission window: rules as data and the calendar logic (Qt-free).

The provincial platform accepts business submissions only on certain days of each month. The rule
lives in ``data/window.toml`` (first and last day, whether verified, source, standing exceptions,
special closures); the office may set the official days on its machine, which then count as
verified. :meth:`WindowRules.state` answers every question the indicator and the command line ask
about one day; :meth:`WindowRules.phrase` is the text that replaces 〔申报时间〕 in FAQ answers.

Calendar rules, chosen so that every month of any year has a clear answer:
- a month's window is the days ``start_day .. min(end_day, month length)``: a last day beyond the
  month's length means "to the end of the month";
- a month shorter than ``start_day`` has no window at all (there is no 30 February to open on);
- closures are inclusive date ranges; they may span a month or year boundary and close the
  window on the days they cover.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content import Loaded, resolve
from .errors import DataError, Problem
from .faq import read_toml_file
from .markers import UNVERIFIED

WINDOW_FILE = "window.toml"

_WINDOW_KEYS = {"start_day", "end_day", "verified", "source", "exceptions"}
_CLOSURE_KEYS = {"start", "end", "reason"}
_CLOSURE_HEADER_RE = re.compile(r"^\s*\[\[\s*closure\s*\]\]\s*(#.*)?$")
_TABLE_HEADER_RE = re.compile(r"^\s*\[")
_DATE_TEXT_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
# Searching forward for the next opening never needs more than a few steps per month; the cap only
# guards against absurd data (a closure of many years) and the end of the calendar.
_MAX_STEPS = 5000

DEFAULT_START_DAY = 1
DEFAULT_END_DAY = 25


@dataclass(frozen=True)
class Closure:
    """A period when submissions are stopped (maintenance, year-end settlement…), both ends included."""

    start: dt.date
    end: dt.date
    reason: str
    line: int = 0

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def describe(self) -> str:
        return f"{fmt_date(self.start)}—{fmt_date(self.end)}：{self.reason}"

    def to_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "reason": self.reason}


@dataclass(frozen=True)
class WindowState:
    """Everything about one day. ``closes_on``/``days_left`` describe the current run of open days
    (cut short by a closure that starts before the window's end); ``next_open`` the next opening."""

    date: dt.date
    open: bool
    start_day: int
    end_day: int
    verified: bool
    window_first: dt.date | None  # this month's window (None when the month is too short)
    window_last: dt.date | None
    closes_on: dt.date | None  # last day one can submit, counting from today; None when closed
    days_left: int  # including today; 0 when closed
    is_last_day: bool
    next_open: dt.date | None  # first open day after a closed day; None when open (or unknown)
    days_until_open: int | None  # 0 when open; None when no opening was found
    closure: Closure | None  # the closure in force on this day, if any
    next_closure: Closure | None = None  # a closure that cuts the current run short

    @property
    def in_window(self) -> bool:
        """Inside the monthly days (a closure may still stop submissions)."""
        return self.window_first is not None and self.window_first <= self.date <= self.window_last  # type: ignore[operator]

    def to_json(self) -> dict[str, Any]:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "date": self.date.isoformat(),
            "open": self.open,
            "start_day": self.start_day,
            "end_day": self.end_day,
            "verified": self.verified,
            "window_first": iso(self.window_first),
            "window_last": iso(self.window_last),
            "closes_on": iso(self.closes_on),
            "days_left": self.days_left,
            "is_last_day": self.is_last_day,
            "next_open": iso(self.next_open),
            "days_until_open": self.days_until_open,
            "closure": self.closure.to_json() if self.closure else None,
            "next_closure": self.next_closure.to_json() if self.next_closure else None,
        }


@dataclass(frozen=True)
class WindowRules:
    start_day: int = DEFAULT_START_DAY
    end_day: int = DEFAULT_END_DAY
    verified: bool = False
    source: str = ""
    exceptions: tuple[str, ...] = ()
    closures: tuple[Closure, ...] = ()
    path: Path | None = None
    overridden: bool = False  # the days come from this machine's settings
    _sorted: tuple[Closure, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not 1 <= self.start_day <= self.end_day <= 31:
            raise ValueError(f"invalid window {self.start_day}-{self.end_day}")
        object.__setattr__(self, "_sorted", tuple(sorted(self.closures, key=lambda c: (c.start, c.end))))

    # ----- text -----
    def days_text(self) -> str:
        """``每月1日—25日``; a last day past 28 also says what happens in shorter months."""
        if self.end_day == 31:
            return f"每月{self.start_day}日—月末"
        text = f"每月{self.start_day}日—{self.end_day}日"
        if self.end_day > 28:
            text += f"（不足{self.end_day}日的月份至月末）"
        return text

    def phrase(self) -> str:
        """The text that replaces 〔申报时间〕: ``每月1日—25日〔待核实〕`` until verified."""
        return self.days_text() + ("" if self.verified else UNVERIFIED)

    def describe(self) -> list[str]:
        """Rules, source, exceptions and closures as lines of Chinese text (tooltip, CLI)."""
        lines = [f"申报时间：{self.phrase()}"]
        if not self.verified:
            lines.append("该日期尚未核实，请向养老保险中心确认后在“申报时间设置”中填写。")
        if self.overridden:
            lines.append("日期来源：本机设置（已核实）")
        elif self.source:
            lines.append(f"日期来源：{self.source}")
        if self.exceptions:
            lines.append("说明：")
            lines += [f"· {e}" for e in self.exceptions]
        if self.closures:
            lines.append("临时停办：")
            lines += [f"· {c.describe()}" for c in self._sorted]
        return lines

    # ----- calendar -----
    def month_window(self, year: int, month: int) -> tuple[dt.date, dt.date] | None:
        length = calendar.monthrange(year, month)[1]
        if self.start_day > length:
            return None
        return dt.date(year, month, self.start_day), dt.date(year, month, min(self.end_day, length))

    def in_window(self, day: dt.date) -> bool:
        length = calendar.monthrange(day.year, day.month)[1]
        return self.start_day <= day.day <= min(self.end_day, length)

    def closure_on(self, day: dt.date) -> Closure | None:
        for c in self._sorted:
            if c.covers(day):
                return c
        return None

    def is_open(self, day: dt.date) -> bool:
        return self.in_window(day) and self.closure_on(day) is None

    def next_open_after(self, day: dt.date) -> dt.date | None:
        """First open day strictly after ``day`` (None if none is found before the calendar ends)."""
        cur = _add_days(day, 1)
        for _ in range(_MAX_STEPS):
            if cur is None:
                return None
            win = self.month_window(cur.year, cur.month)
            if win is None or cur > win[1]:
                cur = _first_of_next_month(cur)
                continue
            if cur < win[0]:
                cur = win[0]
                continue
            closure = self._latest_covering(cur)
            if closure is None:
                return cur
            cur = _add_days(closure.end, 1)
        return None

    def _latest_covering(self, day: dt.date) -> Closure | None:
        covering = [c for c in self._sorted if c.covers(day)]
        return max(covering, key=lambda c: c.end) if covering else None

    def state(self, day: dt.date) -> WindowState:
        if isinstance(day, dt.datetime):  # a datetime is a date subclass: keep only the day
            day = day.date()
        win = self.month_window(day.year, day.month)
        closure = self.closure_on(day)
        is_open = win is not None and win[0] <= day <= win[1] and closure is None
        closes_on: dt.date | None = None
        next_closure: Closure | None = None
        next_open: dt.date | None = None
        if is_open:
            assert win is not None
            closes_on = win[1]
            # A closure starting later inside this window ends the run of open days early.
            for c in self._sorted:
                if day < c.start <= closes_on:
                    closes_on = _add_days(c.start, -1)  # type: ignore[assignment]
                    next_closure = c
                    break
            assert closes_on is not None
            days_left = (closes_on - day).days + 1
            days_until: int | None = 0
        else:
            days_left = 0
            next_open = self.next_open_after(day)
            days_until = (next_open - day).days if next_open else None
        return WindowState(
            date=day,
            open=is_open,
            start_day=self.start_day,
            end_day=self.end_day,
            verified=self.verified,
            window_first=win[0] if win else None,
            window_last=win[1] if win else None,
            closes_on=closes_on,
            days_left=days_left,
            is_last_day=is_open and closes_on == day,
            next_open=next_open,
            days_until_open=days_until,
            closure=closure,
            next_closure=next_closure,
        )

    def with_days(self, start_day: int, end_day: int, source: str = "本机设置") -> WindowRules:
        """The same rules with the office's official days (which count as verified)."""
        return WindowRules(
            start_day=start_day,
            end_day=end_day,
            verified=True,
            source=source,
            exceptions=self.exceptions,
            closures=self.closures,
            path=self.path,
            overridden=True,
        )


def fmt_date(day: dt.date) -> str:
    """``2026年11月25日`` (the year matters in closures and tooltips)."""
    return f"{day.year}年{day.month}月{day.day}日"


def fmt_month_day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _add_days(day: dt.date, n: int) -> dt.date | None:
    try:
        return day + dt.timedelta(days=n)
    except OverflowError:
        return None


def _first_of_next_month(day: dt.date) -> dt.date | None:
    if day.month == 12:
        return dt.date(day.year + 1, 1, 1) if day.year < dt.MAXYEAR else None
    return dt.date(day.year, day.month + 1, 1)


def check_days(start: Any, end: Any) -> str | None:
    """Chinese reason why (start, end) is not a valid window, or None when it is."""
    for name, value in (("第一天", start), ("最后一天", end)):
        if not isinstance(value, int) or isinstance(value, bool):
            return f"申报时间的{name}必须是 1 到 31 的整数"
        if not 1 <= value <= 31:
            return f"申报时间的{name}必须在 1 到 31 之间（现在是 {value}）"
    if start > end:
        return f"申报时间的第一天（{start}日）不能晚于最后一天（{end}日）"
    return None


# ----- loading -----

def _key_line(lines: list[str], start: int, end: int, key: str, default: int | None) -> int | None:
    """1-based line in [start, end) where ``key =`` is written."""
    pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for i in range(max(start - 1, 0), min(end - 1, len(lines))):
        if pat.match(lines[i]):
            return i + 1
    return default


def _section(lines: list[str], header_re: re.Pattern[str]) -> tuple[int, int] | None:
    for i, line in enumerate(lines):
        if header_re.match(line):
            j = i + 1
            while j < len(lines) and not _TABLE_HEADER_RE.match(lines[j]):
                j += 1
            return i + 1, j + 1
    return None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):  # Notepad users may quote the date or write 2026年12月28日
        m = _DATE_TEXT_RE.match(value)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def load_window_file(path: Path) -> WindowRules:
    """Load and validate a window.toml (or a folder holding one). Raises DataError with file:line."""
    path, text, data = read_toml_file(path, WINDOW_FILE)
    return parse_window(data, text, path)


def parse_window(data: dict[str, Any], text: str, path: Path | None) -> WindowRules:
    lines = text.splitlines()
    n = len(lines) + 1
    problems: list[Problem] = []

    def bad(line: int | None, message: str, detail: str = "") -> None:
        problems.append(Problem(path, line, message, detail))

    for key in sorted(set(data) - {"window", "closure"}):
        bad(_key_line(lines, 1, n, key, None) or _key_line(lines, 1, n, f"[{key}", None),
            f"未知的项目“{key}”（只允许 [window] 和 [[closure]]）")

    win_span = _section(lines, re.compile(r"^\s*\[\s*window\s*\]"))
    w_start, w_end = win_span or (1, n)
    win = data.get("window")
    start = end = None
    verified = False
    source = ""
    exceptions: list[str] = []
    if not isinstance(win, dict):
        bad(w_start if win_span else None, "缺少 [window]（申报时间的第一天 start_day 和最后一天 end_day）")
        win = {}
    else:
        for key in sorted(set(win) - _WINDOW_KEYS):
            bad(_key_line(lines, w_start, w_end, key, w_start), f"[window] 中有未知的项目“{key}”（是否拼错了？）")
        start, end = win.get("start_day"), win.get("end_day")
        ok_days = True
        for key, value in (("start_day", start), ("end_day", end)):
            line = _key_line(lines, w_start, w_end, key, w_start)
            name = "第一天" if key == "start_day" else "最后一天"
            if value is None:
                bad(w_start, f"[window] 缺少 {key}（每月申报的{name}）")
                ok_days = False
            elif not isinstance(value, int) or isinstance(value, bool):
                bad(line, f"{key}（申报的{name}）必须是 1 到 31 的整数，不要加引号")
                ok_days = False
            elif not 1 <= value <= 31:
                bad(line, f"{key}（申报的{name}）必须在 1 到 31 之间（现在是 {value}）")
                ok_days = False
        if ok_days and start > end:  # type: ignore[operator]
            bad(_key_line(lines, w_start, w_end, "start_day", w_start),
                f"申报时间的第一天（{start}日）不能晚于最后一天（{end}日）")
        verified = win.get("verified", False)
        if not isinstance(verified, bool):
            bad(_key_line(lines, w_start, w_end, "verified", w_start), "verified 只能是 true（已核实）或 false（待核实）")
            verified = False
        source = win.get("source", "")
        if not isinstance(source, str):
            bad(_key_line(lines, w_start, w_end, "source", w_start), "source（日期来源）必须是文字，用英文双引号括起来")
            source = ""
        exceptions = win.get("exceptions", [])
        if not isinstance(exceptions, list) or not all(isinstance(e, str) for e in exceptions):
            bad(_key_line(lines, w_start, w_end, "exceptions", w_start),
                "exceptions 必须是文字列表，如 [\"第一条\", \"第二条\"]")
            exceptions = []

    closures: list[Closure] = []
    raw = data.get("closure", [])
    headers = [i + 1 for i, line in enumerate(lines) if _CLOSURE_HEADER_RE.match(line)]
    if not isinstance(raw, list):
        bad(_key_line(lines, 1, n, "closure", None), "closure 必须写成 [[closure]] 段落")
        raw = []
    for i, c in enumerate(raw):
        line = headers[i] if i < len(headers) else None
        c_end = next((h for h in range(line + 1, n) if _TABLE_HEADER_RE.match(lines[h - 1])), n) if line else n
        label = f"第 {i + 1} 个停办安排"
        if not isinstance(c, dict):
            bad(line, f"{label}格式不对")
            continue
        for key in sorted(set(c) - _CLOSURE_KEYS):
            bad(_key_line(lines, line or 1, c_end, key, line), f"{label}中有未知的项目“{key}”（只允许 start、end、reason）")
        days: dict[str, dt.date] = {}
        for key, name in (("start", "开始日期"), ("end", "结束日期")):
            value = c.get(key)
            kline = _key_line(lines, line or 1, c_end, key, line)
            if value is None:
                bad(line, f"{label}缺少 {key}（{name}，如 2026-12-28）")
                continue
            d = _as_date(value)
            if d is None:
                bad(kline, f"{label}的 {key}（{name}）不是有效日期，应写成 年-月-日，如 2026-12-28", str(value))
            else:
                days[key] = d
        reason = c.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            bad(_key_line(lines, line or 1, c_end, "reason", line), f"{label}缺少 reason（停办原因，用英文双引号括起来）")
            reason = ""
        if len(days) == 2:
            if days["start"] > days["end"]:
                bad(_key_line(lines, line or 1, c_end, "start", line),
                    f"{label}的开始日期（{days['start'].isoformat()}）晚于结束日期（{days['end'].isoformat()}）")
            elif reason:
                closures.append(Closure(days["start"], days["end"], reason.strip(), line or 0))
    if problems:
        raise DataError(problems)
    assert isinstance(start, int) and isinstance(end, int)
    return WindowRules(
        start_day=start,
        end_day=end,
        verified=verified,
        source=source.strip(),
        exceptions=tuple(e.strip() for e in exceptions if e.strip()),
        closures=tuple(closures),
        path=path,
    )


def load_rules(data: Path | None = None, settings: Any = None) -> Loaded[WindowRules]:
    """The rules in force: the window file (office folder / ``--data`` / bundled) and, on top, the
    official days this machine's settings hold (``window.start_day``/``window.end_day``).

    Never raises: when even the bundled file is broken the built-in default (1–25, unverified) is
    used and the reason is returned as a warning.
    """
    from .paths import bundled_data_dir

    try:
        loaded = resolve(WINDOW_FILE, load_window_file, data)
    except DataError as exc:
        fallback = WindowRules(source="内置默认值（数据文件无法使用）")
        loaded = Loaded(fallback, bundled_data_dir() / WINDOW_FILE, [f"申报时间规则文件无法使用，已改用默认值：\n{exc}"])
    if settings is None:
        from .settings import Settings

        settings = Settings()
    if getattr(settings, "warning", ""):
        loaded.warnings.append(settings.warning)
    s_start, s_end = settings.get("window.start_day"), settings.get("window.end_day")
    if s_start is None and s_end is None:
        return loaded
    rules = loaded.value
    start = rules.start_day if s_start is None else s_start
    end = rules.end_day if s_end is None else s_end
    reason = check_days(start, end)
    if reason:
        loaded.warnings.append(f"本机设置的申报时间无效，已忽略：{reason}")
        return loaded
    return Loaded(rules.with_days(start, end), loaded.path, loaded.warnings)


def status_text(state: WindowState) -> str:
    """One line for the status bar and the command line, e.g. ``可提交业务 · 剩余3天（截至11月25日）``."""

    def when(day: dt.date) -> str:
        return fmt_date(day) if day.year != state.date.year else fmt_month_day(day)

    if state.open:
        assert state.closes_on is not None
        if state.is_last_day:
            return f"可提交业务 · 今天是最后一天（截至{when(state.closes_on)}）"
        return f"可提交业务 · 剩余{state.days_left}天（截至{when(state.closes_on)}）"
    head = "今日不可提交"
    if state.closure is not None:
        head += f"（{state.closure.reason}）"
    if state.next_open is None:
        return f"{head} · 开放日期未知"
    days = state.days_until_open
    after = "明天" if days == 1 else f"{days}天后"
    return f"{head} · {when(state.next_open)}开放（{after}）"
