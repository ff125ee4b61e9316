"""Test set-up shared by every test: no test touches the real user folders or a real screen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "faq_seed.txt"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Per-test user folders (data, cache, config, logs) under a temporary directory."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ZMDHELP_HOME", str(home))
    return home


@pytest.fixture
def user_home(_isolated_home) -> Path:
    return _isolated_home


@pytest.fixture
def data_dir() -> Path:
    return REPO / "data"
