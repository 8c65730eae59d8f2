"""Deleting with a trace, merging duplicates, and `salescli undo` putting either back
exactly; refusals write nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Cli

TABLES = (
    "account",
    "account_fact",
    "contact",
    "opportunity",
    "stage_change",
    "opportunity_share",
    "activity",
    "lead",
    "lead_touch",
)


def rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as connection:
        return {
            table: connection.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
            for table in TABLES
        }


def events(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM event").fetchone()[0])


@pytest.fixture
def book(cli: Cli) -> Cli:
    """Acme (alice's) with a fact, a contact, a deal co-owned by bob, a done visit on the
    deal and a follow-up, and a lead converted into it; Globex (bob's)."""
    cli.ok("account", "add", "Acme", "--region", "Berlin")
    cli.ok("account", "fact", "Acme", "family", "two kids")
    cli.ok("contact", "add", "Acme", "Dana Wu", "--phone", "+86 139 0000 1111")
    cli.ok("opp", "add", "Acme", "Retrofit", "--amount", "5000", "--close", "2027-01-31",
           "--contact", "Dana Wu")  # fmt: skip
    cli.ok("opp", "share", "1", "--with", "bob", "--split", "30")
    cli.ok("visit", "log", "Acme", "--opp", "1", "--outcome", "met", "--at", "-2d",
           "--next", "call", "--next-date", "+1w")  # fmt: skip
    cli.ok("lead", "add", "Wang Wei", "--company", "Acme", "--email", "wang@acme.cn")
    cli.ok("lead", "touch", "1", "--note", "called")
    cli.ok("account", "add", "Globex", "--owner", "bob")
    return cli


@pytest.mark.parametrize(
    "command",
    [
        ("lead", "delete", "1"),
        ("contact", "delete", "1"),
        ("visit", "delete", "1"),
        ("opp", "delete", "1"),
        ("account", "delete", "Acme", "--cascade"),
    ],
    ids=lambda command: command[0],
)
def test_a_deletion_is_undone_exactly(book: Cli, command: tuple[str, ...]) -> None:
    before = rows(book.db)
    deleted = book.ok(*command, "--yes")
    assert deleted.stderr.startswith("deleted ")
    assert deleted.stderr.endswith("(undo: 'salescli undo')\n")
    assert rows(book.db) != before
    assert book.ok("undo").stderr.startswith("undid the delete of ")
    assert rows(book.db) == before


def test_deletion_off_a_terminal_needs_yes_and_writes_nothing(book: Cli) -> None:
    before, logged = rows(book.db), events(book.db)
    refused = book("lead", "delete", "1")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "error: this deletes data\nhint: pass --yes to confirm\n",
    )
    assert (rows(book.db), events(book.db)) == (before, logged)


def test_an_account_with_deals_is_kept_unless_cascade(book: Cli) -> None:
    before, logged = rows(book.db), events(book.db)
    refused = book("account", "delete", "Acme", "--yes")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: account 1 Acme has 1 deal (1); nothing deleted\n"
        "hint: a deal entered by mistake: 'salescli opp delete ID'; --cascade deletes the"
        " account's deals with it\n"
    )
    assert (rows(book.db), events(book.db)) == (before, logged)
    deleted = book.ok("account", "delete", "Acme", "--cascade", "--yes")
    assert deleted.stderr == (
        "deleted account 1 Acme with 1 fact, 1 contact, 1 deal, 1 stage change, 1 co-owner,"
        " 2 activities; 1 other records no longer refer to it (undo: 'salescli undo')\n"
    )
    # The converted lead stays, pointing at no account.
    assert json.loads(book.ok("lead", "show", "1", "--json").stdout)["lead"]["account_id"] is None


def test_an_account_without_deals_goes_with_its_contacts_and_facts(book: Cli) -> None:
    book.ok("opp", "delete", "1", "--yes")
    deleted = book.ok("account", "delete", "Acme", "--yes", "--json")
    assert json.loads(deleted.stdout)["removed"] == {
        "account": 1, "account_fact": 1, "contact": 1, "activity": 2
    }  # fmt: skip


def test_a_deleted_deal_counts_in_no_report(book: Cli) -> None:
    book.ok("opp", "lose", "1", "--reason", "price", "--summary", "too dear")
    assert json.loads(book.ok("report", "winloss", "--all", "--json").stdout)["lost"] == 1
    book.ok("opp", "delete", "1", "--yes")
    report = json.loads(book.ok("report", "winloss", "--all", "--json").stdout)
    assert (report["won"], report["lost"]) == (0, 0)
    # The visit on it stays with the account, about no deal.
    visit = json.loads(book.ok("visit", "show", "1", "--json").stdout)
    assert (visit["account"], visit["opportunity_id"]) == ("Acme", None)


def test_deleting_a_done_visit_moves_the_last_touch_back(book: Cli) -> None:
    with sqlite3.connect(book.db) as connection:
        touched = connection.execute("SELECT last_touch FROM account WHERE id = 1").fetchone()
    assert touched == ("2026-11-21",)
    book.ok("visit", "delete", "1", "--yes")
    with sqlite3.connect(book.db) as connection:
        assert connection.execute("SELECT last_touch FROM account WHERE id = 1").fetchone() == (
            None,
        )


def test_a_rep_deletes_only_what_they_own(book: Cli) -> None:
    before, logged = rows(book.db), events(book.db)
    for command in (("lead", "delete", "1"), ("account", "delete", "Acme", "--cascade")):
        refused = book(*command, "--yes", rep="bob")
        assert refused.exit_code == 1
        assert "belongs to alice; ask alice or a manager" in refused.stderr
    refused = book("account", "delete", "Globex", "--yes")
    assert refused.stderr.startswith("error: account 2 belongs to bob; ask bob or a manager\n")
    assert (rows(book.db), events(book.db)) == (before, logged)
    # A co-owner works the deal but does not delete it; a manager deletes anything.
    refused = book("opp", "delete", "1", "--yes", rep="bob")
    assert refused.stderr.startswith("error: deal 1 belongs to alice; ask alice or a manager\n")
    assert (rows(book.db), events(book.db)) == (before, logged)
    book.ok("opp", "delete", "1", "--yes", rep="maria")
    book.ok("account", "delete", "Globex", "--yes", rep="maria")


def test_undo_goes_back_one_deletion_at_a_time_and_only_your_own(book: Cli) -> None:
    before = rows(book.db)
    book.ok("lead", "delete", "1", "--yes")
    book.ok("contact", "delete", "1", "--yes")
    nothing = book("undo", rep="bob")
    assert nothing.exit_code == 1
    assert nothing.stderr.startswith("error: nothing to undo")
    assert book.ok("undo").stderr.startswith("undid the delete of contact 1 Dana Wu")
    assert book.ok("undo").stderr.startswith("undid the delete of lead 1 Wang Wei")
    assert rows(book.db) == before
    assert book("undo").exit_code == 1


def test_undo_refuses_when_a_new_record_took_the_deleted_id(book: Cli) -> None:
    book.ok("lead", "delete", "1", "--yes")
    book.ok("lead", "add", "Someone Else")
    after = rows(book.db)
    refused = book("undo")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: cannot undo: lead 1 is now another record\n"
        "hint: a record added since took its id; nothing was changed\n"
    )
    assert rows(book.db) == after


def test_account_merge_moves_everything_and_is_undone_exactly(book: Cli) -> None:
    book.ok("account", "add", "ACME Corporation", "--phone", "555", "--industry", "tools",
            "--region", "Munich")  # fmt: skip
    book.ok("account", "fact", "ACME Corporation", "family", "other")
    book.ok("account", "fact", "ACME Corporation", "hobby", "golf")
    book.ok("contact", "add", "ACME Corporation", "Li Na")
    book.ok("opp", "add", "ACME Corporation", "Spares", "--amount", "90", "--close", "+1m")
    before = rows(book.db)
    merged = book.ok("account", "merge", "Acme", "ACME Corporation", "--yes")
    assert merged.stderr == (
        "merged account 3 ACME Corporation into 1 Acme: moved 1 fact, 1 contact, 1 deal;"
        " took industry, phone; kept its own answer to family (undo: 'salescli undo')\n"
    )
    shown = json.loads(book.ok("account", "show", "Acme", "--json").stdout)
    assert (shown["account"]["region"], shown["account"]["industry"]) == ("Berlin", "tools")
    assert {fact["key"]: fact["value"] for fact in shown["facts"]} == {
        "family": "two kids",
        "hobby": "golf",
    }
    assert sorted(c["name"] for c in shown["contacts"]) == ["Dana Wu", "Li Na"]
    assert book("account", "show", "ACME Corporation").exit_code == 1
    with sqlite3.connect(book.db) as connection:
        event = connection.execute(
            "SELECT entity, entity_id, action, changes FROM event ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert event[:3] == ("account", 1, "merge")
    assert json.loads(event[3])["rows"]["account"][0]["name"] == "ACME Corporation"
    undone = book.ok("undo").stderr
    assert rows(book.db) == before
    # The duplicate and the fact left with it come back; the fact, contact and deal the
    # merge moved go back: every row counted.
    assert undone == "undid the merge of account 3 ACME Corporation into 1 Acme: 5 rows restored\n"


def test_contact_merge_moves_deals_and_visits_and_is_undone_exactly(book: Cli) -> None:
    book.ok("contact", "add", "Acme", "Dana W.", "--email", "dana@acme.com", "--title", "CTO")
    book.ok("opp", "add", "Acme", "Spares", "--amount", "90", "--close", "+1m",
            "--contact", "Dana W.")  # fmt: skip
    before = rows(book.db)
    merged = book.ok("contact", "merge", "1", "2", "--yes")
    assert merged.stderr == (
        "merged contact 2 Dana W. into 1 Dana Wu: moved 1 deal; took title, email"
        " (undo: 'salescli undo')\n"
    )
    assert json.loads(book.ok("opp", "show", "2", "--json").stdout)["opportunity"]["contact"] == (
        "Dana Wu"
    )
    book.ok("undo")
    assert rows(book.db) == before


def test_merges_are_refused_without_writing(book: Cli) -> None:
    book.ok("contact", "add", "Globex", "Zhou Xun", rep="bob")
    before, logged = rows(book.db), events(book.db)
    elsewhere = book("contact", "merge", "1", "2", "--yes")
    assert elsewhere.exit_code == 1
    assert elsewhere.stderr.startswith(
        "error: contact 2 is at Globex, contact 1 at Acme; only contacts at one account merge"
    )
    same = book("account", "merge", "Acme", "1", "--yes")
    assert (same.exit_code, same.stderr.splitlines()[0]) == (
        2,
        "error: Acme and 1 are the same account (1 Acme)",
    )
    not_yours = book("account", "merge", "Acme", "Globex", "--yes")
    assert not_yours.exit_code == 1
    assert "belongs to bob" in not_yours.stderr
    assert (rows(book.db), events(book.db)) == (before, logged)


@pytest.mark.parametrize(
    ("setup", "command"),
    [
        (
            ("opp", "add", "ACME Corporation", "Spares", "--amount", "90", "--close", "+1m",
             "--owner", "bob"),
            ("account", "merge", "Acme", "ACME Corporation", "--yes"),
        ),
        (
            ("opp", "add", "Acme", "Spares", "--amount", "90", "--close", "+1m",
             "--contact", "Dana W.", "--owner", "bob"),
            ("contact", "merge", "1", "2", "--yes"),
        ),
    ],
    ids=["account", "contact"],
)  # fmt: skip
def test_a_merge_moves_no_other_reps_deal_without_them_or_a_manager(
    book: Cli, setup: tuple[str, ...], command: tuple[str, ...]
) -> None:
    book.ok("account", "add", "ACME Corporation")
    book.ok("contact", "add", "Acme", "Dana W.")
    book.ok(*setup)
    before, logged = rows(book.db), events(book.db)
    refused = book(*command)
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: deal 2 belongs to bob; ask bob or a manager\n")
    assert (rows(book.db), events(book.db)) == (before, logged)
    book.ok(*command, rep="maria")
