"""Which data files are used: the office's own, or the bundled ones.

An office can replace the content without a rebuild by putting files in the per-user data folder
(:func:`zmdhelp.paths.office_data_dir`) or naming a folder with ``--data PATH``. Each file is
looked up there first and used when it is valid; when it is invalid the bundled file is used and
the reason is returned as a warning. Files missing from the office folder come from the bundle.
The app never writes to or deletes anything in these folders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generic, TypeVar

from . import paths
from .errors import DataError
from .faq import FAQ, FAQ_FILE, load_faq

T = TypeVar("T")


@dataclass
class Loaded(Generic[T]):
    value: T
    path: Path  # the file actually used
    warnings: list[str] = field(default_factory=list)  # Chinese, for the user


def candidate_dirs(data: Path | None = None) -> list[Path]:
    """Folders to look in, first match wins; the bundled folder is always last."""
    dirs = []
    if data is not None:
        dirs.append(Path(data))
    else:
        dirs.append(paths.office_data_dir())
    dirs.append(paths.bundled_data_dir())
    return dirs


def _other_data_files() -> tuple[str, ...]:
    # Imported here: both modules import this one.
    from .search.synonyms import SYNONYMS_FILE
    from .window import WINDOW_FILE

    return (SYNONYMS_FILE, WINDOW_FILE)


def resolve(name: str, loader: Callable[[Path], T], data: Path | None = None) -> Loaded[T]:
    """Load data file ``name`` from the first folder that has a valid one.

    ``data`` may also name a single file, which is then used for ``name`` if the names match.
    Raises DataError only when the bundled file itself is invalid (a broken build).
    """
    warnings: list[str] = []
    explicit = Path(data) if data is not None else None
    if explicit is not None and explicit.is_file():
        if explicit.name == name or (name == FAQ_FILE and explicit.suffix == ".toml" and "window" not in explicit.name):
            try:
                return Loaded(loader(explicit), explicit, warnings)
            except DataError as exc:
                warnings.append(f"{explicit} 无法使用，已改用内置内容：\n{exc}")
        elif name == FAQ_FILE and explicit.name not in _other_data_files():
            # Said once (every command loads the FAQ): a file that is no data file at all.
            warnings.append(
                f"{explicit} 不是数据文件（应为 {FAQ_FILE}、{'、'.join(_other_data_files())} 或存放它们的文件夹），已改用内置内容"
            )
        explicit = None
    if explicit is not None and not explicit.exists():
        warnings.append(f"找不到指定的数据文件夹 {explicit}，已改用内置内容")
    dirs = candidate_dirs(explicit)
    bundled = dirs[-1]
    for folder in dirs[:-1]:
        candidate = folder / name
        if not candidate.is_file():
            continue
        try:
            return Loaded(loader(candidate), candidate, warnings)
        except DataError as exc:
            warnings.append(f"{candidate} 无法使用，已改用内置内容：\n{exc}")
    return Loaded(loader(bundled / name), bundled / name, warnings)


def load_content(data: Path | None = None) -> Loaded[FAQ]:
    return resolve(FAQ_FILE, load_faq, data)
