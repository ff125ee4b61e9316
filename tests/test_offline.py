"""The program never opens a network connection (a front desk may have none, and must leak none).

Three kinds of proof:
- the real ``zmdhelp --self-test`` (window, search, open, copy) runs in a child process whose every
  network call is refused by a Python audit hook, and passes;
- search, window rules and clipboard text work in this process with socket calls refused;
- no module of the package imports a networking library at all.
The guard itself is checked too, so that a broken guard cannot make these tests pass vacuously.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from zmdhelp import paths

PACKAGE = Path(__file__).resolve().parent.parent / "zmdhelp"

# Installed first in the child process; audit hooks cannot be removed afterwards, so no library
# can get around it from Python code. Creating an Internet socket, resolving a name, connecting,
# sending or binding: each is reported on stderr and refused.
GUARD = textwrap.dedent(
    """
    import socket, sys

    _EVENTS = {
        "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
        "socket.gethostbyaddr", "socket.getnameinfo", "socket.sendto", "socket.sendmsg",
        "socket.bind", "urllib.Request", "http.client.connect", "ftplib.connect",
        "smtplib.connect", "poplib.connect", "imaplib.open", "webbrowser.open",
    }

    def _refuse(event, args):
        internet = event == "socket.__new__" and len(args) > 1 and args[1] in (socket.AF_INET, socket.AF_INET6)
        if event in _EVENTS or internet:
            sys.stderr.write("NETWORK-ATTEMPT %s %r\\n" % (event, args[1:]))
            sys.stderr.flush()
            raise OSError("network access refused by the offline test: " + event)

    sys.addaudithook(_refuse)
    """
)


def run_guarded(code: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)  # ZMDHELP_HOME (per test) and QT_QPA_PLATFORM=offscreen come from conftest
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [sys.executable, "-c", GUARD + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        encoding="utf-8",
    )


def test_guard_refuses_a_connection():
    """The guard is real: a connection attempt is reported and fails."""
    proc = run_guarded(
        """
        import socket
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        except OSError as exc:
            print("refused:", exc)
        """
    )
    assert "NETWORK-ATTEMPT socket." in proc.stderr
    assert "refused: network access refused by the offline test" in proc.stdout


def test_self_test_passes_with_network_refused(user_home):
    proc = run_guarded(
        """
        import sys
        from zmdhelp.cli import main
        sys.exit(main(["--self-test"]))
        """
    )
    assert "NETWORK-ATTEMPT" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, f"stdout: {proc.stdout}\nstderr: {proc.stderr}"
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["ok"] is True
    assert result["top_hit"]
    # It really ran against this test's folders (the index lives in the per-user cache).
    assert any(paths.cache_dir().rglob("*")), "the self-test built no search index"


@pytest.fixture
def no_network(monkeypatch):
    """Refuse socket use in this process; the list collects every attempt."""
    attempts: list[str] = []

    def refuse(name):
        def _refuse(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"network access refused by the offline test: {name}")

        return _refuse

    for name in ("connect", "connect_ex", "sendto", "sendmsg", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "create_connection"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def test_no_network_fixture_refuses(no_network):
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    assert no_network == ["create_connection"]


def test_search_window_and_clipboard_offline(no_network):
    from zmdhelp.clipboard import clip_for
    from zmdhelp.content import load_content
    from zmdhelp.search import SearchEngine
    from zmdhelp.window import load_rules, status_text

    faq = load_content(None).value
    rules = load_rules(None).value
    phrase = rules.phrase()
    engine = SearchEngine(faq, window_phrase=phrase)
    engine.prepare()
    hits = engine.search("证书密码")
    assert hits, "no hit for 证书密码"
    entry = faq.get(hits[0].id)
    assert entry is not None
    clip = clip_for(entry, phrase)
    assert entry.question in clip.plain and "来源" in clip.plain
    assert status_text(rules.state(dt.date(2025, 3, 10))).strip()
    assert no_network == []


# -- static check: no networking library anywhere in the package ------------------------------

FORBIDDEN = (
    "socket", "ssl", "socketserver", "http.client", "http.server", "urllib.request", "urllib3",
    "requests", "httpx", "aiohttp", "websocket", "websockets", "ftplib", "smtplib", "poplib",
    "imaplib", "telnetlib", "xmlrpc", "PySide6.QtNetwork", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtWebSockets", "PySide6.QtHttpServer",
)


def _is_forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


def forbidden_imports(source: str, filename: str = "<source>") -> list[str]:
    """``file:line module`` for every import of a networking module in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from urllib import request" and "from PySide6 import QtNetwork" name the module last
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            names = [a.value for a in node.args[:1] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        found += [f"{filename}:{node.lineno} {n}" for n in names if _is_forbidden(n)]
    return found


def test_forbidden_imports_are_found():
    sample = textwrap.dedent(
        """
        import json
        import requests
        from urllib import request
        from PySide6 import QtWidgets, QtNetwork
        import importlib
        importlib.import_module("http.client")
        """
    )
    found = forbidden_imports(sample)
    assert [f.split(" ", 1)[1] for f in found] == ["requests", "urllib.request", "PySide6.QtNetwork", "http.client"]


def test_package_imports_no_networking_module():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    found = [hit for f in files for hit in forbidden_imports(f.read_text(encoding="utf-8"), str(f.relative_to(PACKAGE.parent)))]
    assert found == []
