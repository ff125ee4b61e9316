"""Per-machine settings in one JSON file in the user's config folder (Qt-free).

One table of typed defaults; unknown keys are kept, wrong types fall back to the default. A broken
file is set aside as ``settings.json.bad`` (never deleted) and the defaults are used. Writes are
atomic (temporary file, then rename) so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from . import paths

log = logging.getLogger(__name__)

# key -> default. The type of the default is the type a value must have.
DEFAULTS: dict[str, Any] = {
    # The official submission window set by the office; None = use data/window.toml.
    "window.start_day": None,
    "window.end_day": None,
    "ui.font_size": 0,  # 0 = platform default point size
    "ui.large_text": False,
    "ui.geometry": "",  # base64 of QWidget.saveGeometry()
    "ui.state": "",  # base64 of QMainWindow/QSplitter state
    "ui.copy_answer_only": False,
    "favourites": [],  # entry ids
    "recent": [],  # entry ids, most recent first
    "views": {},  # entry id -> times opened (for "frequent questions")
}
_NULLABLE_INT = {"window.start_day", "window.end_day"}


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else paths.settings_file()
        self.warning = ""  # Chinese, set when the file could not be used
        self._values: dict[str, Any] = {}
        self.load()

    def load(self) -> None:
        self._values = {}
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except OSError as exc:
            self.warning = f"无法读取设置文件 {self.path}，使用默认设置（{exc}）"
            return
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            backup = self.path.with_name(self.path.name + ".bad")
            try:
                os.replace(self.path, backup)
                self.warning = f"设置文件已损坏，已另存为 {backup}，现使用默认设置"
            except OSError:
                self.warning = f"设置文件已损坏（{exc}），现使用默认设置"
            log.warning("settings file %s unreadable: %s", self.path, exc)
            return
        self._values = data

    def get(self, key: str) -> Any:
        default = DEFAULTS.get(key)
        value = self._values.get(key, default)
        if key in _NULLABLE_INT:
            return value if (value is None or (isinstance(value, int) and not isinstance(value, bool))) else None
        if default is not None and not isinstance(value, type(default)):
            return default
        if isinstance(value, bool) and not isinstance(default, bool):
            return default  # JSON true is a Python int: never a font size
        if isinstance(value, list):
            # Lists hold entry ids; a hand-edited [1, ["x"]] must not reach dict lookups.
            return [v for v in value if isinstance(v, str)]
        if isinstance(value, dict):
            # "views": entry id -> times opened; drop counts that are not whole numbers >= 0.
            return {k: v for k, v in value.items() if type(v) is int and v >= 0}
        return value

    def set(self, key: str, value: Any) -> None:
        self._values[key] = value

    def save(self) -> bool:
        """Write atomically. Returns False (and sets ``warning``) when the folder is not writable."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self._values, fh, ensure_ascii=False, indent=2, sort_keys=True)
            os.replace(tmp, self.path)
            return True
        except OSError as exc:
            self.warning = f"无法保存设置到 {self.path}（{exc}）"
            log.warning("cannot save settings: %s", exc)
            return False
