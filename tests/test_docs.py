"""The documentation stays true: every command and every setting is documented (like datasette's test_docs)."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from laborwatch.cli.main import app
from laborwatch.settings import SETTINGS
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def all_command_paths() -> list[str]:
    root = typer.main.get_command(app)
    paths: list[str] = []

    def walk(command: Any, prefix: str) -> None:
        # typer vendors its own click, so test for a group by shape rather than by class
        for name, sub in getattr(command, "commands", {}).items():
            if not sub.hidden:
                paths.append(f"{prefix} {name}")
                walk(sub, f"{prefix} {name}")

    walk(root, "laborwatch")
    return paths


def documented_headings() -> set[str]:
    headings: set[str] = set()
    for page in DOCS.glob("*.md"):
        for match in re.finditer(r"^#{2,4} `?(laborwatch[^`\n]*?)`?\s*$", page.read_text(encoding="utf-8"), re.M):
            headings.add(match.group(1).strip())
    return headings


@pytest.mark.parametrize("command", all_command_paths())
def test_every_command_is_documented(command: str) -> None:
    assert command in documented_headings(), f"add a '## {command}' section to a page in docs/"


@pytest.mark.parametrize("setting", [s.env for s in SETTINGS])
def test_every_setting_is_documented(setting: str) -> None:
    assert f"`{setting}`" in (DOCS / "settings.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", all_command_paths())
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(app, [*command.split()[1:], "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_version_from_python_dash_m() -> None:
    from laborwatch import __version__

    result = subprocess.run([sys.executable, "-m", "laborwatch", "--version"], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == f"laborwatch {__version__}"


def test_readme_quick_start_has_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", quick, re.S)
    commands = [line for block in blocks for line in block.strip().splitlines() if line.strip()]
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci, ".ci/run must call the README's test command"
