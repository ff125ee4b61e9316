"""``zmdhelp window [--date YYYY-MM-DD] [--json]``: is the submission window open on a day?"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from .window import fmt_date, load_rules, status_text
from .workdays import estimate_review

_WEEKDAYS = "一二三四五六日"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("window", help="查看某天能否提交业务（申报时间）")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="要查看的日期（默认：今天）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=run)


def parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def run(args: argparse.Namespace) -> int:
    day = dt.date.today()
    if args.date is not None:
        parsed = parse_day(args.date) if len(args.date.strip()) == 10 else None
        if parsed is None:
            print(f"错误：日期“{args.date}”无效，请写成 年-月-日，如 2026-11-25", file=sys.stderr)
            return 2
        day = parsed
    loaded = load_rules(getattr(args, "data", None))
    for w in loaded.warnings:
        print(f"提示：{w}", file=sys.stderr)
    rules = loaded.value
    state = rules.state(day)
    # A submission is possible today, or else on the next opening day: estimate from that day.
    submit_day = day if state.open else state.next_open
    estimate = estimate_review(submit_day) if submit_day else None
    if args.json:
        out = state.to_json()
        out["status"] = status_text(state)
        out["phrase"] = rules.phrase()
        out["review_estimate"] = estimate.to_json() if estimate else None
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"{fmt_date(day)}（周{_WEEKDAYS[day.weekday()]}）：{status_text(state)}")
    if estimate:
        print(f"审核预计：{estimate.text(today=day)}")
    print()
    for line in rules.describe():
        print(line)
    return 0
