"""A closed deal shows the day it closed as its close date, and 0 % (lost) or 100 % (won),
in every view: opp list, opp show, account show and --json."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from tests.conftest import Cli


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Acme")
    for name in ("Won deal", "Lost deal"):
        cli.ok(
            "opp", "add", "Acme", name, "--amount", "1000", "--close", "2027-03-31",
            "--probability", "70",
        )  # fmt: skip
    later = replace(cli, today=date(2026, 12, 10))
    later.ok("opp", "win", "1", "--summary", "best service")
    later.ok("opp", "lose", "2", "--reason", "price", "--summary", "15% cheaper elsewhere")
    return later


def test_closed_deals_show_the_day_they_closed_everywhere(book: Cli) -> None:
    listed = json.loads(book.ok("opp", "list", "--status", "all", "--json").stdout)
    assert {(d["name"], d["close_date"], d["probability"]) for d in listed} == {
        ("Won deal", "2026-12-10", 100),
        ("Lost deal", "2026-12-10", 0),
    }
    table = book.ok("opp", "list", "--status", "all").stdout
    assert "2027-03-31" not in table
    assert "70%" not in table
    shown = book.ok("opp", "show", "2").stdout
    assert "Close date  2026-12-10" in shown
    account = book.ok("account", "show", "Acme").stdout
    assert "2027-03-31" not in account
    assert "70%" not in account
    assert "0%" in account


def test_closing_records_the_expected_date_it_replaced(book: Cli) -> None:
    import sqlite3

    with sqlite3.connect(book.db) as connection:
        changes = [
            json.loads(row[0])["close_date"]
            for row in connection.execute(
                "SELECT changes FROM event WHERE entity = 'opportunity' AND action IN ('win', 'lose')"
                " ORDER BY id"
            )
        ]
    assert changes == [["2027-03-31", "2026-12-10"], ["2027-03-31", "2026-12-10"]]
