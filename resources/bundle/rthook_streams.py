"""PyInstaller runtime hook: give a windowed build somewhere to print to.

A Windows build made with ``console=False`` starts with ``sys.stdout`` and ``sys.stderr`` set to
None, so the first ``print()`` (argparse's ``--help``, a warning, the self-test's JSON, a
library's log handler) would raise and end the program without a word. Such output goes instead
to ``console.log`` in the per-user log folder. It is a separate file from ``zmdhelp.log``: on
Windows a file that two handles keep open cannot be rotated. The file is opened on the first
write only, so a normal start creates nothing; if the folder cannot be written, output is dropped.
"""

from __future__ import annotations

import io
import sys

_MAX_BYTES = 1_000_000  # start afresh beyond this: the file is a last resort, not an archive


class _LateFileStream(io.TextIOBase):
    """A text stream that opens its file on first use; every failure degrades to silence."""

    def __init__(self) -> None:
        super().__init__()
        self._file: io.TextIOBase | None = None
        self._failed = False

    def _target(self) -> io.TextIOBase | None:
        if self._file is None and not self._failed:
            try:
                from zmdhelp import paths  # pure Python and tiny: safe this early

                folder = paths.log_dir()
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / "console.log"
                too_big = path.exists() and path.stat().st_size > _MAX_BYTES
                self._file = open(path, "w" if too_big else "a", encoding="utf-8", buffering=1)
            except Exception:  # read-only or strange home: run on without output
                self._failed = True
        return self._file

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def write(self, text: str) -> int:
        target = self._target()
        if target is not None:
            try:
                target.write(text)
            except Exception:
                self._failed = True
                self._file = None
        return len(text)

    def flush(self) -> None:
        if self._file is not None:
            try:
                self._file.flush()
            except Exception:
                pass

    def isatty(self) -> bool:
        return False

    def close(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except Exception:
                pass
            self._file = None
        super().close()


def _install() -> None:
    if sys.stdout is not None and sys.stderr is not None:
        return  # a console build, or started from a terminal: leave the real streams alone
    stream = _LateFileStream()
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream


_install()
