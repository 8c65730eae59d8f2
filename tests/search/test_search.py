"""`salescli search`: real books, Chinese and Latin, with and without the text index."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from salescli import textsearch
from salescli.services.core import finding
from tests.conftest import Cli


def searched(cli: Cli, *args: str, rep: str | None = "") -> list[dict[str, Any]]:
    result = cli.ok("search", *args, "--json", rep=rep)
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def hits(cli: Cli, *args: str) -> set[tuple[str, int]]:
    return {(hit["kind"], hit["id"]) for hit in searched(cli, *args)}


def test_search_finds_every_kind_grouped_with_its_command(book: Cli) -> None:
    result = book.ok("search", "华联")
    out = result.stdout
    # Groups in a fixed order, each row with the command that opens it.
    assert out.index("Accounts (1)") < out.index("Leads (1)") < out.index("Deals (1)")
    assert "salescli account show 1" in out
    assert "salescli lead show 1" in out
    assert "salescli opp show 1" in out
    assert "\x1b[" not in out  # a pipe gets plain text
    assert hits(book, "华联") == {("account", 1), ("lead", 1), ("deal", 1)}


def test_search_json_is_one_list_with_stable_keys(book: Cli) -> None:
    found = searched(book, "Miller")
    assert found == [
        {
            "kind": "contact",
            "id": 2,
            "title": "Dana Miller",
            "detail": "Acme Corp",
            "matched": "name",
            "value": "Dana Miller",
            "command": "salescli contact show 2",
        }
    ]


def test_search_ignores_latin_case(book: Cli) -> None:
    assert hits(book, "dana MILLER") == {("contact", 2)}
    assert hits(book, "ACME.example") == {("contact", 2)}
    assert hits(book, "canton FAIR") == {("lead", 1)}


def test_a_two_character_chinese_word_is_found_without_the_index(book: Cli) -> None:
    """Two characters have no trigram: the tables are read, with the same answer."""
    assert hits(book, "王伟") == {("contact", 1)}
    assert hits(book, "报价") == {("activity", 1)}
    assert searched(book, "报价")[0]["matched"] == "outcome"


def test_every_word_must_match_somewhere(book: Cli) -> None:
    assert hits(book, "Dana acme") == {("contact", 2)}
    assert hits(book, "Dana Globex") == set()


@pytest.mark.parametrize(
    "typed", ["138 0013 8000", "13800138000", "+86 138-0013-8000", "0086 138 0013 8000", "0013 80"]
)
def test_a_phone_is_found_whatever_its_spacing_or_country_code(book: Cli, typed: str) -> None:
    found = searched(book, typed)
    assert [(hit["kind"], hit["id"], hit["matched"]) for hit in found] == [("contact", 3, "phone")]
    assert found[0]["value"] == "138 0013 8000"


def test_a_phone_typed_with_the_country_code_finds_one_stored_without(book: Cli) -> None:
    assert hits(book, "+86 139 0000 1111") == {("contact", 1)}
    assert hits(book, "+86 21 62345678") == {("account", 1)}
    assert hits(book, "186 1234 5678") == {("lead", 1)}


def test_search_is_everyones_book_and_mine_narrows_it(book: Cli) -> None:
    assert hits(book, "Wang") == {("contact", 3), ("contact", 1)}  # bob's Wang Wei, wangwei@
    assert hits(book, "Wang", "--mine") == {("contact", 1)}
    assert hits(book, "Wang", "--owner", "bob") == {("contact", 3)}
    result = book("search", "Wang", "--mine", "--owner", "bob")
    assert result.exit_code == 2
    assert "--mine and --owner" in result.stderr


def test_limit_caps_each_group_and_says_there_is_more(cli: Cli) -> None:
    for number in range(1, 5):
        cli.ok("lead", "add", f"Fairfax {number}")
    assert [hit["id"] for hit in searched(cli, "fairfax", "--limit", "2")] == [4, 3]
    out = cli.ok("search", "fairfax", "--limit", "2").stdout
    assert "Leads (2; more with a higher --limit)" in out


def test_nothing_found_is_a_plain_note_and_exit_0(book: Cli) -> None:
    result = book("search", "nobody-here")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "nothing matches 'nobody-here'\n"
    assert searched(book, "nobody-here") == []


def test_search_without_text_is_a_usage_error(book: Cli) -> None:
    result = book("search", "  ")
    assert result.exit_code == 2
    assert "give something to search for" in result.stderr


def test_wildcards_and_quotes_are_plain_characters(book: Cli) -> None:
    assert hits(book, "%") == set()
    assert hits(book, "_") == set()
    assert hits(book, 'O"Brien') == set()
    book.ok("contact", "add", "Acme Corp", 'Pat "Ace" O\'Brien')
    assert hits(book, '"Ace"') == {("contact", 4)}


def test_the_index_follows_edits_and_new_records(book: Cli, db_path: Path) -> None:
    book.ok("contact", "edit", "2", "--name", "Dana Schulz")
    assert hits(book, "Miller") == set()
    assert hits(book, "Schulz") == {("contact", 2)}
    book.ok("lead", "import", str(_lead_file(db_path.parent)))
    assert ("lead", 2) in hits(book, "Hangzhou Tea")
    with sqlite3.connect(db_path) as connection:  # a write by hand is followed too
        connection.execute("UPDATE account SET name = 'Initech' WHERE id = 2")
    assert hits(book, "Initech") == {("account", 2)}
    assert ("account", 2) not in hits(book, "Acme")
    with sqlite3.connect(db_path) as connection:
        connection.execute("DELETE FROM lead WHERE id = 2")
    assert hits(book, "Hangzhou Tea") == set()


def _lead_file(folder: Path) -> Path:
    path = folder / "leads.csv"
    path.write_text("name,company,phone\nZhou Min,Hangzhou Tea Co,+86 571 8888 0000\n")
    return path


def test_search_reads_the_tables_where_sqlite_has_no_fts5(book: Cli, db_path: Path) -> None:
    """A book without text indexes (SQLite built without FTS5) gives the same answers."""
    expected = {text: hits(book, text) for text in ("华联超市", "Miller", "138 0013 8000")}
    with sqlite3.connect(db_path) as connection:
        for table in textsearch.TEXT_INDEXED_TABLES:
            for statement in textsearch.drop_text_index_statements(table):
                connection.execute(statement)
    assert {text: hits(book, text) for text in expected} == expected


def test_the_searched_fields_are_those_the_index_holds() -> None:
    from importlib import import_module

    migration = import_module("salescli.migrations.versions.0008_text_search")
    for searchable in (
        finding.ACCOUNT,
        finding.CONTACT,
        finding.LEAD,
        finding.OPPORTUNITY,
        finding.ACTIVITY,
    ):
        columns, phones = migration.INDEXED[searchable.table]
        assert set(columns) == {column for _, column in searchable.fields}
        assert phones == searchable.phones


def test_an_existing_book_gets_its_index_on_upgrade(tmp_path: Path) -> None:
    from salescli.migrations import upgrade

    path = tmp_path / "old.db"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN")
    upgrade(connection, "0006")
    connection.execute(
        "INSERT INTO account (name, phone, status, created_at, updated_at)"
        " VALUES ('杭州西湖茶业', '0571-8888 0000', 'prospect', '2026-01-01', '2026-01-01')"
    )
    connection.execute("COMMIT")
    connection.close()
    cli = Cli(path, rep=None)
    cli.ok("rep", "add", "alice", "--name", "Alice Chen")
    assert {(hit["kind"], hit["id"]) for hit in searched(cli, "西湖茶", rep="alice")} == {
        ("account", 1)
    }
    assert searched(cli, "+86 571 88880000", rep="alice")[0]["matched"] == "phone"


def test_an_import_reaches_the_index_once_and_keeps_it_in_step(book: Cli, db_path: Path) -> None:
    """Imports fill the index at the end (not a row at a time): new rows, rows they
    update, and the triggers afterwards are as before; a dry run changes nothing."""
    path = db_path.parent / "update.csv"
    path.write_text(
        "external_id,name,company\nL-1,Chen Jing,Suzhou Silk\nL-2,Zhou Min,Hangzhou Tea Co\n"
    )
    book.ok("lead", "import", str(path))
    path.write_text("external_id,name,company\nL-1,Chen Jing,Ningbo Port\n")
    book.ok("lead", "import", str(path), "--dry-run")
    assert hits(book, "Ningbo") == set()
    book.ok("lead", "import", str(path), "--on-conflict", "update")
    assert hits(book, "Ningbo") == {("lead", 2)}
    assert hits(book, "Suzhou") == set()
    assert hits(book, "Hangzhou Tea") == {("lead", 3)}
    book.ok("lead", "edit", "3", "--company", "Xiamen Tea")
    assert hits(book, "Hangzhou") == set()
    assert hits(book, "Xiamen") == {("lead", 3)}
    with sqlite3.connect(db_path) as connection:
        triggers = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'lead_text_%'"
        ).fetchone()
    assert triggers == (3,)


def test_a_deal_import_indexes_its_deals_and_the_accounts_it_creates(
    book: Cli, db_path: Path
) -> None:
    path = db_path.parent / "deals.csv"
    path.write_text(
        "name,account,amount,close_date,stage\n"
        "Cold store retrofit,宁波港务集团,50000,2027-01-31,prospect\n"
    )
    book.ok("opp", "import", str(path), "--create-missing")
    assert hits(book, "宁波港务") == {("account", 4)}
    assert hits(book, "Cold store") == {("deal", 2)}
