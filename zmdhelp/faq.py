"""FAQ records and the loader that validates them.

The content lives in a TOML file (``data/faq.toml``) that office staff can edit in Notepad. Loading
is all or nothing: either every entry is valid and a :class:`FAQ` comes back, or
:class:`~zmdhelp.errors.DataError` lists every problem with its file and line, in Chinese.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DataError, Problem
from .markers import gaps, malformed

FAQ_FILE = "faq.toml"
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_HEADER_RE = re.compile(r"^\s*\[\[\s*(faq|category)\s*\]\]\s*(#.*)?$")
_TOML_POS_RE = re.compile(r"\(at line (\d+), column (\d+)\)")

_ENTRY_KEYS = {
    "id", "category", "question", "answer", "keywords", "similar",
    "source", "updated", "reconstructed", "note",
}
_META_KEYS = {"title", "source", "updated", "content_version"}


@dataclass(frozen=True)
class Meta:
    title: str
    source: str
    updated: str
    content_version: str


@dataclass(frozen=True)
class Category:
    name: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    id: str
    category: tuple[str, ...]  # top level first, e.g. ("一、注册登录类问题", "数字证书")
    question: str
    answer: str  # as written: paragraphs, "- " list items, gap markers and placeholders kept
    keywords: tuple[str, ...] = ()
    similar: tuple[str, ...] = ()  # how callers ask the same thing (相似问法)
    source: str = ""
    updated: str = ""
    reconstructed: bool = False  # the wording is editorial, not from the source
    note: str = ""
    line: int = 0  # line of the entry's [[faq]] header in its file

    @property
    def category_path(self) -> str:
        return " › ".join(self.category)


@dataclass(frozen=True)
class FAQ:
    meta: Meta
    categories: tuple[Category, ...]
    entries: tuple[Entry, ...]
    path: Path | None = None
    _by_id: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({e.id: e for e in self.entries})

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def in_category(self, *path: str) -> list[Entry]:
        n = len(path)
        return [e for e in self.entries if e.category[:n] == tuple(path)]

    def gap_list(self) -> list[tuple[Entry | None, str]]:
        """Every gap marker still to fill: (entry or None for the file header, label)."""
        out: list[tuple[Entry | None, str]] = []
        for text in (self.meta.title, self.meta.source, self.meta.updated):
            out += [(None, g.label) for g in gaps(text)]
        for e in self.entries:
            for text in (e.question, e.answer):
                out += [(e, g.label) for g in gaps(text)]
        return out


def read_text(path: Path) -> str:
    """Read a UTF-8 data file (a BOM from Notepad is fine) or raise a DataError with the line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(Problem(path, None, "找不到文件")) from None
    except IsADirectoryError:
        raise DataError(Problem(path, None, "这是一个文件夹，不是数据文件")) from None
    except OSError as exc:
        raise DataError(Problem(path, None, "无法读取文件", str(exc))) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            Problem(path, line, "文件不是 UTF-8 编码，请用记事本“另存为”并选择 UTF-8 编码", str(exc))
        ) from None


def parse_toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_POS_RE.search(str(exc))
        line = int(m.group(1)) if m else None
        raise DataError(
            Problem(path, line, "文件格式错误（TOML 语法），请检查引号、括号和等号", str(exc))
        ) from None


def _line_of(lines: list[str], start: int, end: int, needle: str, default: int) -> int:
    """1-based line number of the first line in [start, end) containing needle."""
    for i in range(max(start - 1, 0), min(end - 1, len(lines))):
        if needle and needle in lines[i]:
            return i + 1
    return default


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def read_toml_file(path: Path, default_name: str) -> tuple[Path, str, dict[str, Any]]:
    """(file, text, parsed) for ``path`` or, when it is a folder, its ``default_name``."""
    path = Path(path)
    if path.is_dir():
        path = path / default_name
    text = read_text(path)
    return path, text, parse_toml(path, text)


def load_faq(path: Path) -> FAQ:
    """Load and validate ``path`` (a faq.toml, or a folder holding one)."""
    path, text, data = read_toml_file(path, FAQ_FILE)
    return parse_faq(data, text, path)


def parse_faq(data: dict[str, Any], text: str, path: Path) -> FAQ:
    lines = text.splitlines()
    headers: dict[str, list[int]] = {"faq": [], "category": []}
    for no, line in enumerate(lines, start=1):
        m = _HEADER_RE.match(line)
        if m:
            headers[m.group(1)].append(no)
    all_headers = sorted(headers["faq"] + headers["category"]) + [len(lines) + 1]

    def span(start: int) -> tuple[int, int]:
        nxt = next((h for h in all_headers if h > start), len(lines) + 1)
        return start, nxt

    problems: list[Problem] = []

    def bad(line: int | None, message: str, detail: str = "") -> None:
        problems.append(Problem(path, line, message, detail))

    unknown_top = set(data) - {"meta", "category", "faq"}
    for key in sorted(unknown_top):
        bad(_line_of(lines, 1, len(lines) + 1, key, 1), f"未知的项目“{key}”（只允许 meta、category、faq）")

    # meta
    meta_raw = data.get("meta", {})
    meta_line = _line_of(lines, 1, len(lines) + 1, "[meta]", 1)
    if not isinstance(meta_raw, dict):
        bad(meta_line, "[meta] 必须是一个表")
        meta_raw = {}
    for key in sorted(set(meta_raw) - _META_KEYS):
        bad(meta_line, f"[meta] 中有未知的项目“{key}”")
    for key in _META_KEYS:
        if key in meta_raw and not isinstance(meta_raw[key], str):
            bad(meta_line, f"[meta] 的 {key} 必须是文字（用引号括起来）")
    title = meta_raw.get("title")
    if not isinstance(title, str) or not title.strip():
        bad(meta_line, "[meta] 缺少 title（问答集名称）")
    meta = Meta(
        title=str(title or "").strip(),
        source=str(meta_raw.get("source", "")).strip(),
        updated=str(meta_raw.get("updated", "")).strip(),
        content_version=str(meta_raw.get("content_version", "")).strip(),
    )
    for key in ("title", "source", "updated"):
        for _, reason in malformed(str(meta_raw.get(key, ""))):
            bad(meta_line, reason)

    # categories
    cats_raw = data.get("category", [])
    categories: list[Category] = []
    if not isinstance(cats_raw, list) or not cats_raw:
        bad(None, "缺少分类：至少需要一个 [[category]]")
        cats_raw = []
    for i, c in enumerate(cats_raw):
        line = headers["category"][i] if i < len(headers["category"]) else None
        if not isinstance(c, dict):
            bad(line, "[[category]] 格式不对")
            continue
        name = c.get("name")
        topics = c.get("topics", [])
        for key in sorted(set(c) - {"name", "topics"}):
            bad(line, f"分类中有未知的项目“{key}”")
        if not isinstance(name, str) or not name.strip():
            bad(line, "分类缺少名称 name")
            continue
        if not _str_list(topics):
            bad(line, f"分类“{name}”的 topics 必须是文字列表，如 [\"注册开通\", \"数字证书\"]")
            topics = []
        if any(cat.name == name.strip() for cat in categories):
            bad(line, f"分类名称重复：“{name}”")
            continue
        if len(set(topics)) != len(topics):
            bad(line, f"分类“{name}”的小类有重复")
        categories.append(Category(name.strip(), tuple(t.strip() for t in topics)))
    cat_by_name = {c.name: c for c in categories}

    # entries
    faq_raw = data.get("faq", [])
    if not isinstance(faq_raw, list) or not faq_raw:
        bad(None, "没有任何问题：至少需要一个 [[faq]]")
        faq_raw = []
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for i, e in enumerate(faq_raw):
        line = headers["faq"][i] if i < len(headers["faq"]) else None
        start, end = span(line) if line else (1, len(lines) + 1)
        where = line
        if not isinstance(e, dict):
            bad(where, "[[faq]] 格式不对")
            continue
        eid = e.get("id")
        label = f"问题 {eid}" if isinstance(eid, str) else f"第 {i + 1} 个问题"
        for key in sorted(set(e) - _ENTRY_KEYS):
            bad(_line_of(lines, start, end, key, where or 0) or None, f"{label}：未知的项目“{key}”（是否拼错了？）")
        ok = True
        if not isinstance(eid, str) or not eid.strip():
            bad(where, f"{label}：缺少 id")
            ok = False
        elif not ID_RE.match(eid):
            bad(where, f"{label}：id 只能由英文字母、数字、- 和 _ 组成（最长 64 个字符）")
            ok = False
        elif eid in seen:
            bad(where, f"id 重复：“{eid}”已在第 {seen[eid]} 行使用")
            ok = False
        else:
            seen[eid] = where or 0
        question = e.get("question")
        answer = e.get("answer")
        for key, value in (("question", question), ("answer", answer)):
            name = "问题" if key == "question" else "答复"
            if not isinstance(value, str):
                bad(where, f"{label}：缺少{name}（{key}）" if value is None else f"{label}：{name}必须是文字")
                ok = False
            elif not value.strip():
                bad(_line_of(lines, start, end, key, where or 0) or None, f"{label}：{name}是空的")
                ok = False
            else:
                for off, reason in malformed(value):
                    snippet = value[off:].split("\n", 1)[0][:8]
                    bad(_line_of(lines, start, end, snippet, where or 0) or None, f"{label}：{reason}")
                    ok = False
        cat = e.get("category")
        cline = _line_of(lines, start, end, "category", where or 0) or None
        if not _str_list(cat) or not 1 <= len(cat) <= 2:
            bad(cline, f"{label}：category 必须是 1 到 2 项的文字列表，如 [\"一、注册登录类问题\", \"数字证书\"]")
            ok = False
        elif cat[0] not in cat_by_name:
            bad(cline, f"{label}：未知分类“{cat[0]}”（已有：{'、'.join(cat_by_name) or '无'}）")
            ok = False
        elif len(cat) == 2 and cat[1] not in cat_by_name[cat[0]].topics:
            bad(cline, f"{label}：分类“{cat[0]}”下没有小类“{cat[1]}”")
            ok = False
        for key in ("keywords", "similar"):
            if key in e and not _str_list(e[key]):
                bad(_line_of(lines, start, end, key, where or 0) or None, f"{label}：{key} 必须是文字列表")
                ok = False
        for key in ("source", "updated", "note"):
            if key in e and not isinstance(e[key], str):
                bad(where, f"{label}：{key} 必须是文字")
                ok = False
        if "reconstructed" in e and not isinstance(e["reconstructed"], bool):
            bad(where, f"{label}：reconstructed 只能是 true 或 false")
            ok = False
        if not ok:
            continue
        entries.append(
            Entry(
                id=eid,
                category=tuple(cat),
                question=question.strip(),
                answer=answer.strip(),
                keywords=tuple(k.strip() for k in e.get("keywords", []) if k.strip()),
                similar=tuple(s.strip() for s in e.get("similar", []) if s.strip()),
                source=e.get("source", meta.source).strip(),
                updated=e.get("updated", meta.updated).strip(),
                reconstructed=e.get("reconstructed", False),
                note=e.get("note", "").strip(),
                line=where or 0,
            )
        )
    if problems:
        raise DataError(problems)
    return FAQ(meta=meta, categories=tuple(categories), entries=tuple(entries), path=path)
