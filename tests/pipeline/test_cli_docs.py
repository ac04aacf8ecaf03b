"""Docs are tested: every CLI command has help text and appears in the README."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main

from pipeline.cli._app import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _is_group(command: Any) -> bool:
    return hasattr(command, "commands")


def _commands(group: Any, prefix: str = "distillgate") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    if _is_group(group):
        for name, command in sorted(group.commands.items()):
            found.append((f"{prefix} {name}", command))
            found.extend(_commands(command, f"{prefix} {name}"))
    return found


def test_every_command_has_help_and_is_in_the_readme() -> None:
    root = typer.main.get_command(app)
    commands = _commands(root)
    expected = {
        "distillgate run",
        "distillgate scan",
        "distillgate policy lint",
        "distillgate audit verify",
    }
    assert expected <= {name for name, _ in commands}
    for name, command in commands:
        assert (command.help or command.short_help or "").strip(), f"{name} has no help text"
        if not _is_group(command):
            assert f"`{name}" in README, f"{name} is not documented in README.md"
