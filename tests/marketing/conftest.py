"""The marketing tests' books. Today is pinned to Monday 2026-11-23."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Cli


def state(db: Path) -> list[list[tuple[object, ...]]]:
    with sqlite3.connect(db) as connection:
        return [
            connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("expense", "event")
        ]


@pytest.fixture
def ledger(cli: Cli) -> Cli:
    """alice: 380 entertainment at Acme (Nov 12), 120 travel on deal 1 (Nov 20, through
    visit 1), 50 gifts (Oct 2); bob: 200 meals at Globex (Nov 5)."""
    cli.ok("account", "add", "Acme")
    cli.ok("account", "add", "Globex", "--owner", "bob")
    cli.ok("opp", "add", "Acme", "Line upgrade", "--amount", "10000", "--close", "+1m")
    cli.ok("visit", "log", "Acme", "--opp", "1", "--outcome", "demo done")
    cli.ok("expense", "add", "380", "--on", "2026-11-12", "--category", "招待", "--account", "Acme",
           "--note", "dinner with the CTO", "--receipt", "F-2211")  # fmt: skip
    cli.ok("expense", "add", "120", "--on", "2026-11-20", "--category", "差旅", "--visit", "1")
    cli.ok("expense", "add", "50", "--on", "2026-10-02", "--category", "gifts")
    cli.ok("expense", "add", "200", "--on", "2026-11-05", "--category", "meals", "--account",
           "Globex", rep="bob")  # fmt: skip
    return cli
