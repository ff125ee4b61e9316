"""README's promises: two commands for a fresh machine, and CI runs the README's test command."""

from __future__ import annotations

import re

from conftest import REPO


def _commands() -> dict[str, str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = dict(re.findall(r"<!-- (start|test)-command -->\s*```(?:bash|sh)?\n(.+?)\n```", text, re.S))
    return found


def test_readme_gives_one_start_and_one_test_command():
    cmds = _commands()
    assert set(cmds) == {"start", "test"}
    for cmd in cmds.values():
        assert "\n" not in cmd.strip()  # one command each
    assert cmds["start"].rstrip().endswith("zmdhelp")
    assert "pytest" in cmds["test"]


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert f"TEST_COMMAND='{_commands()['test'].strip()}'" in ci


def test_ci_installs_the_system_packages_the_readme_names():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    packages = re.search(r'SYSTEM_PACKAGES="([^"]+)"', ci).group(1).split()
    assert "fonts-wqy-microhei" in packages
    for p in packages:
        assert p in readme, p
