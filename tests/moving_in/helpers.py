"""What the tests of moving in from another CRM share: a file written as an export wrote
it, and the deals a book holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Cli


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def deals(cli: Cli) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = json.loads(cli.ok("opp", "list", "--all", "--json").stdout)
    return listed


def by_name(cli: Cli, key: str) -> dict[str, Any]:
    """Each deal's ``key`` by its name."""
    return {deal["name"]: deal[key] for deal in deals(cli)}
