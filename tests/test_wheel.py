"""`pip install .` (a real wheel, not editable) gives a working `zmdhelp` with its data."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import REPO


@pytest.mark.slow
def test_wheel_contains_data_and_runs_outside_the_checkout(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(REPO)],
        check=True, capture_output=True, timeout=600,
    )
    (wheel,) = dist.glob("zmdhelp-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("zmdhelp/data/faq.toml", "zmdhelp/data/window.toml", "zmdhelp/data/synonyms.txt", "zmdhelp/cli.py"):
        assert required in names, required

    # A fresh venv: the wheel installed without dependencies; the dependencies come from this
    # environment's site-packages through a .pth file (that path is appended, so the fresh
    # install, not the editable checkout, provides `zmdhelp`).
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    target = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            check=True, capture_output=True, text=True).stdout.strip()
    Path(target, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    env = {**os.environ, "ZMDHELP_HOME": str(tmp_path / "home"), "PYTHONPATH": ""}
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, env=env, timeout=300)
    probe = subprocess.run(
        [str(py), "-c", "import zmdhelp, zmdhelp.paths as p; print(zmdhelp.__file__); print(p.bundled_data_dir())"],
        check=True, capture_output=True, text=True, cwd=tmp_path, env=env,
    ).stdout.splitlines()
    assert all(line.startswith(target) for line in probe), probe
    exe = py.parent / ("zmdhelp.exe" if os.name == "nt" else "zmdhelp")
    out = subprocess.run([str(exe), "list", "--json"], check=True, capture_output=True,
                         text=True, cwd=tmp_path, env=env, timeout=120).stdout
    assert len(json.loads(out)) == 24
