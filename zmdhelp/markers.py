"""Gap markers and placeholders inside FAQ text.

- ``〔待补充：说明〕`` marks a fact lost from the source; the office fills it in. Never guessed.
- ``〔申报时间〕`` stands for the monthly submission window and is replaced by the configured days
  (e.g. ``每月1日—25日〔待核实〕``) so that every answer quotes the same rule.
- ``〔待核实〕`` marks a value that is in use but not verified.
Any other text in 〔 〕 is a malformed marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GAP_PREFIX = "待补充："
GAP_RE = re.compile(r"〔待补充：([^〔〕\n]+?)〕")
WINDOW_PLACEHOLDER = "〔申报时间〕"
UNVERIFIED = "〔待核实〕"
_ANY_BRACKET_RE = re.compile(r"〔([^〔〕\n]*)〕")


@dataclass(frozen=True)
class Gap:
    label: str
    start: int
    end: int


def gaps(text: str) -> list[Gap]:
    """Every gap marker in ``text`` with its character span."""
    return [Gap(m.group(1).strip(), m.start(), m.end()) for m in GAP_RE.finditer(text)]


def gap_marker(label: str) -> str:
    return f"〔{GAP_PREFIX}{label}〕"


def malformed(text: str) -> list[tuple[int, str]]:
    """(offset, Chinese reason) for each malformed marker in ``text``."""
    problems: list[tuple[int, str]] = []
    # Brackets must pair up without nesting.
    depth = 0
    open_at = -1
    for i, ch in enumerate(text):
        if ch == "〔":
            if depth:
                problems.append((i, "标记〔〕不能嵌套"))
            depth += 1
            open_at = i
        elif ch == "〕":
            if not depth:
                problems.append((i, "多余的“〕”，缺少对应的“〔”"))
            else:
                depth -= 1
    if depth:
        problems.append((open_at, "标记缺少结尾的“〕”"))
    for m in _ANY_BRACKET_RE.finditer(text):
        inner = m.group(1)
        if m.group(0) in (WINDOW_PLACEHOLDER, UNVERIFIED):
            continue
        if inner.startswith(GAP_PREFIX):
            if not inner[len(GAP_PREFIX):].strip():
                problems.append((m.start(), "待补充标记缺少说明，应写成〔待补充：说明〕"))
            continue
        if inner.startswith("待补充"):
            problems.append((m.start(), f"待补充标记格式不对：{m.group(0)}，应写成〔待补充：说明〕（全角冒号）"))
        else:
            problems.append((m.start(), f"无法识别的标记：{m.group(0)}"))
    return problems


def fill_window(text: str, phrase: str) -> str:
    """Replace the window placeholder with the configured phrase (e.g. ``每月1日—25日``)."""
    return text.replace(WINDOW_PLACEHOLDER, phrase)
