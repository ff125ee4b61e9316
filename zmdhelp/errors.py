"""Errors that are shown to people: Chinese first, with the file and line where it applies."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file: where it is and what is wrong, in Chinese."""

    path: Path | None
    line: int | None
    message: str
    detail: str = ""

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.detail:
            text += f"（{self.detail}）"
        return text


class ZmdError(Exception):
    """Base class for errors whose message is fit to show to a user (Chinese)."""


class DataError(ZmdError):
    """A data file is invalid. Carries every problem found, never a half-loaded result."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class NotFound(ZmdError):
    """An id or a thing the user named does not exist."""
