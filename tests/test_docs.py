"""The README's command reference covers every command, and its examples are real."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import typer.main

from salescli.cli.app import app

README = Path(__file__).resolve().parent.parent / "README.md"


def _command_paths() -> list[str]:
    paths: list[str] = []
    root = typer.main.get_command(app)

    def walk(command: Any, prefix: str) -> None:
        if hasattr(command, "list_commands"):
            context = click_context(command)
            for name in command.list_commands(context):
                walk(command.get_command(context, name), f"{prefix} {name}")
        else:
            paths.append(prefix)

    walk(root, "salescli")
    return sorted(paths)


def click_context(command: Any) -> Any:
    return command.make_context(command.name or "salescli", ["--help"], resilient_parsing=True)


def _reference() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("## Command reference", 1)[1].split("\n## ", 1)[0]


def test_every_command_is_in_the_readme_reference() -> None:
    reference = _reference()
    missing = [path for path in _command_paths() if f"`{path}`" not in reference]
    assert missing == []


def test_every_reference_row_names_a_real_command() -> None:
    rows = re.findall(r"^\| `(salescli [a-z ]+)` \|", _reference(), flags=re.MULTILINE)
    assert rows, "the reference table has no rows"
    assert sorted(set(rows)) == sorted(set(rows) & set(_command_paths()))


def test_every_reference_example_parses(tmp_path: Path) -> None:
    """Each example's command line is accepted by the parser (run with --help appended,
    so nothing is executed): no example names an option that does not exist."""
    from typer.testing import CliRunner

    examples = re.findall(r"\| `salescli [a-z ]+` \| `(salescli [^`]+)`", _reference())
    assert len(examples) >= len(_command_paths())
    for example in examples:
        argv = shlex.split(example)[1:]
        result = CliRunner().invoke(app, ["--db", str(tmp_path / "x.db"), *argv, "--help"])
        assert result.exit_code == 0, f"{example}\n{result.stderr}"
    assert not (tmp_path / "x.db").exists()
