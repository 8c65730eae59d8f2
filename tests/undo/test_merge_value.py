"""A merge carries customer value: an account's pinned class, VIP flag and nomination,
and lost reason; a contact's profile answers. The kept record's value wins where both
have one, and the merge says which; `salescli undo` still puts everything back exactly."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import Cli

TABLES = ("account", "account_fact", "contact", "contact_fact")


def rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as connection:
        return {
            table: connection.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
            for table in TABLES
        }


def marks(cli: Cli, account: str) -> tuple[object, ...]:
    with sqlite3.connect(cli.db) as connection:
        found = connection.execute(
            "SELECT abc_class, class_pinned, vip, vip_reason, lost_reason, lost_note"
            " FROM account WHERE name = ?",
            (account,),
        ).fetchone()
    return tuple(found)


def test_the_kept_account_takes_the_duplicates_marks_where_it_has_none(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("account", "edit", "Acme", "--class", "C")
    cli.ok("account", "add", "ACME Corp")
    cli.ok("account", "edit", "ACME Corp", "--class", "A", "--pin")
    cli.ok("account", "vip", "ACME Corp", "--reason", "strategic", rep="maria")
    cli.ok("account", "edit", "ACME Corp", "--lost-reason", "price", "--lost-note", "cheaper")
    with sqlite3.connect(cli.db) as connection:  # as `account classify --apply` leaves it
        connection.execute("UPDATE account SET vip = 1 WHERE name = 'ACME Corp'")
    before = rows(cli.db)
    merged = cli.ok("account", "merge", "Acme", "ACME Corp", "--yes")
    assert merged.stderr == (
        "merged account 2 ACME Corp into 1 Acme: moved nothing; took pinned class A, VIP,"
        " VIP nomination, lost reason (undo: 'salescli undo')\n"
    )
    assert marks(cli, "Acme") == ("A", 1, 1, "strategic", "price", "cheaper")
    cli.ok("undo")
    assert rows(cli.db) == before


def test_where_both_have_marks_the_kept_accounts_win_and_are_named(cli: Cli) -> None:
    for name, rank, nomination, lost, children in (
        ("Acme", "B", "board member", "service", "two"),
        ("ACME Corp", "A", "strategic", "price", "three"),
    ):
        cli.ok("account", "add", name)
        cli.ok("account", "edit", name, "--class", rank, "--pin", "--lost-reason", lost)
        cli.ok("account", "vip", name, "--reason", nomination, rep="maria")
        cli.ok("account", "fact", name, "family.children", children)
        cli.ok("account", "fact", name, "interests.sports", "golf")
    cli.ok("account", "fact", "ACME Corp", "career.previous", "Siemens")
    before = rows(cli.db)
    merged = cli.ok("account", "merge", "Acme", "ACME Corp", "--yes")
    assert merged.stderr == (
        "merged account 2 ACME Corp into 1 Acme: moved 1 fact; kept its own pinned class B"
        " (not A), VIP nomination, lost reason, answer to family.children"
        " (undo: 'salescli undo')\n"
    )
    assert marks(cli, "Acme") == ("B", 1, 0, "board member", "service", None)
    facts = json.loads(cli.ok("account", "show", "Acme", "--json").stdout)["facts"]
    assert {fact["key"]: fact["value"] for fact in facts} == {
        "career.previous": "Siemens",
        "family.children": "two",
        "interests.sports": "golf",
    }
    cli.ok("undo")
    assert rows(cli.db) == before


def test_a_contact_merge_keeps_both_profiles_the_kept_answer_winning(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("contact", "add", "Acme", "Dana Wu")
    cli.ok("contact", "add", "Acme", "Dana W.")
    cli.ok("contact", "profile", "1", "--set", "family.children", "two")
    cli.ok("contact", "profile", "1", "--set", "interests.sports", "golf")
    cli.ok("contact", "profile", "2", "--set", "family.children", "three")
    cli.ok("contact", "profile", "2", "--set", "career.previous", "Siemens")
    cli.ok("contact", "profile", "2", "--set", "education.school", "Tongji")
    before = rows(cli.db)
    merged = cli.ok("contact", "merge", "1", "2", "--yes")
    assert merged.stderr == (
        "merged contact 2 Dana W. into 1 Dana Wu: moved 2 profile answers; kept its own"
        " answer to family.children (undo: 'salescli undo')\n"
    )
    with sqlite3.connect(cli.db) as connection:
        answers = connection.execute(
            "SELECT contact_id, key, value FROM contact_fact ORDER BY key"
        ).fetchall()
    assert answers == [
        (1, "career.previous", "Siemens"),
        (1, "education.school", "Tongji"),
        (1, "family.children", "two"),
        (1, "interests.sports", "golf"),
    ]
    undone = cli.ok("undo").stderr
    assert rows(cli.db) == before
    # The contact, its answer that stayed behind, and the two answers that moved.
    assert undone == "undid the merge of contact 2 Dana W. into 1 Dana Wu: 4 rows restored\n"
