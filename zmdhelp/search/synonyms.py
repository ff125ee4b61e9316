"""The synonym list (``data/synonyms.txt``): words that should find each other.

The office edits it in Notepad. Each line is a group of words that mean the same thing, separated
by spaces, commas or 、; a line ``错词 => 正确词`` makes the left words search as the right ones
without the reverse (for misspellings). ``#`` starts a comment. Words are folded like any search
text (full-width, case, traditional characters), so ＣＡ, ca and CA are one word.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Problem
from .text import fold_text, is_word_char

SYNONYMS_FILE = "synonyms.txt"
MAX_WORD = 24
_SPLIT_RE = re.compile(r"[\s,，、;；|｜/]+")
_ARROW_RE = re.compile(r"=>|＝＞|→")


@dataclass
class Synonyms:
    groups: list[tuple[str, ...]] = field(default_factory=list)  # folded words, each group >= 2
    oneway: dict[str, set[str]] = field(default_factory=dict)  # folded word -> folded targets
    source: str = ""  # the file's text, for the index's content hash
    path: Path | None = None
    _index: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        index: dict[str, set[str]] = {}
        for group in self.groups:
            for word in group:
                index.setdefault(word, set()).update(w for w in group if w != word)
        for word, targets in self.oneway.items():
            index.setdefault(word, set()).update(t for t in targets if t != word)
        # One-way targets bring their own group along (等陆 => 登录 also finds 登陆).
        for word, targets in self.oneway.items():
            for t in list(targets):
                index[word].update(w for w in index.get(t, ()) if w != word)
        self._index = index

    def expand(self, word: str) -> set[str]:
        """Folded words that ``word`` (folded) should also find; without ``word`` itself."""
        return set(self._index.get(word, ()))

    def words(self) -> set[str]:
        out = set(self._index)
        for targets in self._index.values():
            out |= targets
        return out

    def digest(self) -> str:
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    def __len__(self) -> int:
        return len(self.groups) + len(self.oneway)


def _words(part: str, path: Path | None, line: int, problems: list[Problem]) -> list[str]:
    out: list[str] = []
    for raw in _SPLIT_RE.split(part.strip()):
        if not raw:
            continue
        word = fold_text(raw).strip()
        if len(word) > MAX_WORD:
            problems.append(Problem(path, line, f"词语“{raw}”太长（最多 {MAX_WORD} 个字）"))
        elif not any(is_word_char(ch) for ch in word):
            problems.append(Problem(path, line, f"“{raw}”不是词语（只有符号）"))
        elif word not in out:
            out.append(word)
    return out


def parse_synonyms(text: str, path: Path | None = None) -> Synonyms:
    problems: list[Problem] = []
    groups: list[tuple[str, ...]] = []
    oneway: dict[str, set[str]] = {}
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        arrows = _ARROW_RE.findall(line)
        if len(arrows) > 1:
            problems.append(Problem(path, no, "一行只能有一个“=>”"))
            continue
        if arrows:
            left, right = _ARROW_RE.split(line)
            lw = _words(left, path, no, problems)
            rw = _words(right, path, no, problems)
            if not lw or not rw:
                problems.append(Problem(path, no, "“=>”两边都要写词语，例如：登陆 => 登录"))
                continue
            for w in lw:
                oneway.setdefault(w, set()).update(rw)
            continue
        words = _words(line, path, no, problems)
        if len(words) == 1:
            problems.append(
                Problem(path, no, f"这一行只有一个词“{words[0]}”：同义词至少要两个，用空格隔开")
            )
        elif len(words) >= 2:
            groups.append(tuple(words))
    if problems:
        raise DataError(problems)
    return Synonyms(groups=groups, oneway=oneway, source=text, path=path)


def load_synonyms(path: Path) -> Synonyms:
    """Load and check a synonym file; raise DataError listing every bad line."""
    from ..faq import read_text

    path = Path(path)
    if path.is_dir():
        path = path / SYNONYMS_FILE
    return parse_synonyms(read_text(path), path)
