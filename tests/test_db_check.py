"""`db check` counts every table of the book, deals and activities included."""

from __future__ import annotations

import json
import sqlite3

from salescli.textsearch import is_text_index_table
from tests.conftest import Cli


def test_db_check_counts_every_table(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Line", "--amount", "100", "--close", "2027-01-31")
    cli.ok("visit", "log", "Acme", "--type", "call", "--outcome", "they want a demo")
    report = json.loads(cli.ok("db", "check", "--json").stdout)
    with sqlite3.connect(cli.db) as connection:
        tables = {
            str(row[0])
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    indexes = {table for table in tables if is_text_index_table(table)}
    assert indexes  # the search indexes are tables of the book, but hold no records
    assert set(report["counts"]) == tables - indexes - {"alembic_version"}
    assert report["counts"]["opportunity"] == 1
    assert report["counts"]["activity"] == 1
    assert report["counts"]["stage_change"] == 1
    shown = cli.ok("db", "check").stdout
    assert "opportunity" in shown
    assert "activity" in shown
