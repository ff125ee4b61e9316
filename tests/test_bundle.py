"""The offline bundle: build files that can be checked quickly, and (slow) the real build.

The slow tests build the one-folder bundle with ``.ci/bundle.sh`` (which itself fails on a failed
self-test, a write into the bundle folder or a folder over the size goal) and then look inside
the result and run the bundled program a few more ways. They are skipped only when PyInstaller
is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from zmdhelp import __version__

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "resources" / "bundle"
LIMIT_MB = 130


# -- fast: the files the build uses ------------------------------------------------------------


def test_windowed_streams_go_to_a_log_file(monkeypatch, user_home):
    """A windowed Windows build starts with sys.stdout/sys.stderr = None: printing must work."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    runpy.run_path(str(BUNDLE / "rthook_streams.py"))
    print("自检输出")
    print("错误信息", file=sys.stderr)
    assert sys.stdout is sys.stderr  # one shared file, opened on the first write
    sys.stdout.close()
    text = (user_home / "logs" / "console.log").read_text(encoding="utf-8")
    assert text == "自检输出\n错误信息\n"


def test_windowed_streams_survive_an_unwritable_log_folder(monkeypatch, user_home):
    blocker = user_home / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ZMDHELP_HOME", str(blocker))  # logs/ cannot be created under a file
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    runpy.run_path(str(BUNDLE / "rthook_streams.py"))
    print("无处可写也不能崩溃")
    assert sys.stdout is not None and sys.stdout.write("再写一次") == 4
    assert not (blocker / "logs").exists()


def test_console_streams_are_left_alone(monkeypatch):
    before = (sys.stdout, sys.stderr)
    runpy.run_path(str(BUNDLE / "rthook_streams.py"))
    assert (sys.stdout, sys.stderr) == before


def test_version_resource_carries_the_package_version():
    sys.path.insert(0, str(BUNDLE))
    try:
        import version_info
    finally:
        sys.path.remove(str(BUNDLE))
    assert version_info.read_version(REPO) == __version__
    assert version_info.version_tuple("1.2.3") == (1, 2, 3, 0)
    assert version_info.version_tuple("0.4.0rc1+local.7") == (0, 4, 0, 1)
    text = version_info.version_text(__version__)

    # PyInstaller evaluates this text with its version classes (Windows only); any stand-in that
    # records its arguments shows the expression is well formed and holds what Explorer shows.
    def record(name):
        return lambda *a, **k: (name, a, k)

    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo", "VarStruct"]
    value = eval(text, {n: record(n) for n in names})  # noqa: S307  (our own generated text)
    flat = repr(value)
    assert value[0] == "VSVersionInfo"
    assert f"('StringStruct', ('ProductVersion', '{__version__}')" in flat
    assert "zmdhelp.exe" in flat and "驻马店" in flat


def test_desktop_file_and_installer_script_are_consistent():
    desktop = (BUNDLE / "zmdhelp.desktop").read_text(encoding="utf-8")
    assert desktop.startswith("[Desktop Entry]") or "\n[Desktop Entry]\n" in desktop
    keys = dict(line.split("=", 1) for line in desktop.splitlines() if "=" in line and not line.startswith("#"))
    assert keys["Type"] == "Application" and keys["Terminal"] == "false"
    assert keys["Exec"] == "@BUNDLE_DIR@/zmdhelp"  # filled in by install-desktop.sh
    iss = (BUNDLE / "zmdhelp.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss  # per user, no administrator
    assert re.search(r'^Name: "\{autodesktop\}.*Tasks: desktopicon', iss, re.M)
    assert "SetupIconFile=zmdhelp.ico" in iss and (BUNDLE / "zmdhelp.ico").is_file()


def test_install_desktop_script_fills_in_absolute_paths(tmp_path):
    folder = tmp_path / "程序 文件夹"  # a path with a space and Chinese characters
    folder.mkdir()
    for name in ("install-desktop.sh", "zmdhelp.desktop", "zmdhelp.png"):
        (folder / name).write_bytes((BUNDLE / name).read_bytes())
    exe = folder / "zmdhelp"
    exe.write_text("#!/bin/sh\n", encoding="utf-8")
    exe.chmod(0o755)
    data_home = tmp_path / "share"
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "HOME": str(tmp_path)}
    proc = subprocess.run(["sh", str(folder / "install-desktop.sh")], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    entry = (data_home / "applications" / "zmdhelp.desktop").read_text(encoding="utf-8")
    assert f'Exec="{folder}/zmdhelp"' in entry
    assert f"Icon={data_home}/icons/hicolor/256x256/apps/zmdhelp.png" in entry
    assert "@" not in entry.split("[Desktop Entry]", 1)[1]


# -- slow: the real bundle -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if importlib.util.find_spec("PyInstaller") is None:
        if os.environ.get("CI"):  # CI must build the bundle: a skip there would hide a broken build
            pytest.fail("PyInstaller 未安装：CI 必须打包（pyproject 的 test 依赖中应包含 pyinstaller）")
        pytest.skip("PyInstaller 未安装，无法打包（安装：pip install -e '.[bundle]'）")
    out = tmp_path_factory.mktemp("bundle")
    env = {**os.environ, "ZMDHELP_BUNDLE_OUT": str(out), "PYTHON": sys.executable}
    proc = subprocess.run(
        ["bash", str(REPO / ".ci" / "bundle.sh")], capture_output=True, text=True, env=env, timeout=1800
    )
    return out / "dist" / "zmdhelp", proc


def _run(app: Path, home: Path, *args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", ZMDHELP_HOME=str(home))
    return subprocess.run([str(app / "zmdhelp"), *args], capture_output=True, text=True, env=env, timeout=120, **kwargs)


@pytest.mark.slow
def test_bundle_builds_passes_self_test_and_size_goal(built):
    app, proc = built
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.strip().startswith("{")]
    assert len(results) == 2 and all(r["ok"] for r in results)
    size = int(re.search(r"size (\d+) MB", proc.stdout).group(1))
    assert size <= LIMIT_MB


@pytest.mark.slow
def test_bundle_holds_only_what_the_app_uses(built):
    app, _ = built
    internal = app / "_internal"
    files = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    assert {"zmdhelp/data/faq.toml", "zmdhelp/data/window.toml", "zmdhelp/data/synonyms.txt"} <= files
    assert "jieba/dict.txt" in files
    assert not any("lac_small" in f or f.endswith(".p") for f in files)
    assert not any("__pycache__" in f or f.endswith(".pyi") for f in files)
    translations = {f.rsplit("/", 1)[1] for f in files if "/translations/" in f}
    assert translations and all(t.endswith("_zh_CN.qm") for t in translations)
    platforms = {f.rsplit("/", 1)[1] for f in files if "/plugins/platforms/" in f}
    assert "libqoffscreen.so" in platforms and "libqxcb.so" in platforms
    assert not platforms & {"libqwayland.so", "libqeglfs.so", "libqvnc.so", "libqlinuxfb.so"}
    forbidden = re.compile(r"Qt6(Network|Qml|Quick|OpenGL|Pdf|WaylandClient)\b|libssl|libcrypto|libgtk")
    assert not [f for f in files if forbidden.search(f)]
    assert not [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]  # no dangling links


@pytest.mark.slow
def test_bundled_cli_lists_the_faq(built, tmp_path):
    app, _ = built
    proc = _run(app, tmp_path, "list", "--json")
    assert proc.returncode == 0, proc.stderr
    from zmdhelp.content import load_content

    ids = [e["id"] for e in json.loads(proc.stdout)]
    assert ids == [e.id for e in load_content(None).value]


@pytest.mark.slow
def test_bundled_self_test_without_console_streams(built, tmp_path):
    """Closed stdout/stderr (as in a windowed build): no crash, the output lands in console.log."""

    def close_streams():
        os.close(1)
        os.close(2)

    proc = _run(app := built[0], tmp_path, "--self-test", preexec_fn=close_streams)
    assert proc.returncode == 0, app
    lines = (tmp_path / "logs" / "console.log").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["ok"] is True


@pytest.mark.slow
def test_bundled_app_takes_the_office_content(built, tmp_path):
    """Content in the office folder (paths.office_data_dir) replaces the bundled one, no rebuild."""
    app, _ = built
    office = tmp_path / "data" / "data"  # paths.office_data_dir() under ZMDHELP_HOME
    office.mkdir(parents=True)
    text = (REPO / "data" / "faq.toml").read_text(encoding="utf-8")
    first = re.search(r'^question = "([^"]+)"', text, re.M)
    assert first
    (office / "faq.toml").write_text(text.replace(first.group(0), 'question = "办公室改过的问题？"', 1), encoding="utf-8")
    proc = _run(app, tmp_path, "list", "--json")
    assert proc.returncode == 0, proc.stderr
    questions = [e["question"] for e in json.loads(proc.stdout)]
    assert "办公室改过的问题？" in questions and first.group(1) not in questions


@pytest.mark.slow
def test_bundled_app_survives_broken_office_files(built, tmp_path):
    """A broken file in the office folder is reported and the bundled one used: never fatal."""
    app, _ = built
    office = tmp_path / "data" / "data"
    office.mkdir(parents=True)
    (office / "faq.toml").write_text("这不是 TOML [[[", encoding="utf-8")
    (office / "window.toml").write_text("[window\n", encoding="utf-8")
    proc = _run(app, tmp_path, "--self-test")
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    assert json.loads(proc.stdout.strip().splitlines()[-1])["ok"] is True
    listing = _run(app, tmp_path, "list")
    assert listing.returncode == 0 and "无法使用" in listing.stderr
