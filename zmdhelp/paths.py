"""Every path the application uses, in one place.

Bundled, read-only content ships inside the package (``zmdhelp/data``, ``zmdhelp/resources``) in a
wheel and in a frozen build; in a source checkout it is the repository's top-level ``data/`` and
``resources/``. Per-user state goes to the platform's user folders (platformdirs) and never into
the install folder, which may be read-only.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

import platformdirs

from . import APP_NAME

_PKG_DIR = Path(__file__).resolve().parent

# Environment overrides, mainly for tests and for portable set-ups.
ENV_HOME = "ZMDHELP_HOME"  # one folder holding data/, cache/, config/ and logs/ for this user


def _bundled(name: str) -> Path:
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "zmdhelp" / name)
    candidates.append(_PKG_DIR / name)  # wheel / installed package
    candidates.append(_PKG_DIR.parent / name)  # source checkout or editable install
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[-1]


@lru_cache(maxsize=None)
def bundled_data_dir() -> Path:
    """The folder with the FAQ, synonyms and window rules that ship with the program."""
    return _bundled("data")


@lru_cache(maxsize=None)
def resources_dir() -> Path:
    """Icons and other read-only resources."""
    return _bundled("resources")


def _user_dir(kind: str) -> Path:
    home = os.environ.get(ENV_HOME)
    if home:
        return Path(home) / kind
    if kind == "data":
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if kind == "cache":
        return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    if kind == "config":
        return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    if kind == "logs":
        return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    raise ValueError(kind)


def user_data_dir() -> Path:
    """Per-user data. An office puts its own content in ``<this>/data`` (see content.py)."""
    return _user_dir("data")


def office_data_dir() -> Path:
    """Where an office may place its own faq.toml / synonyms.txt / window.toml."""
    return user_data_dir() / "data"


def cache_dir() -> Path:
    """Rebuildable things: the search index, jieba's dictionary cache."""
    return _user_dir("cache")


def config_dir() -> Path:
    """Settings (settings.json)."""
    return _user_dir("config")


def log_dir() -> Path:
    return _user_dir("logs")


def settings_file() -> Path:
    return config_dir() / "settings.json"


def log_file() -> Path:
    return log_dir() / "zmdhelp.log"
