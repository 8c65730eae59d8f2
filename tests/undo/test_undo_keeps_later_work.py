"""`salescli undo` restores only what is unchanged since the deletion or merge it takes
back: what changed since is named and refused (nothing written) unless --force, which
restores it and says what it overwrote; what cannot be put back is refused in words.
Each test here but the ones that check what is kept failed before its fix."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.undo.test_delete_and_merge import book, events, rows

__all__ = ["book"]  # the fixture, shared


def refused(cli: Cli, *args: str, rep: str | None = "") -> str:
    """Run a command that must be refused, writing nothing; returns what it said."""
    before = (rows(cli.db), events(cli.db))
    result = cli(*args, rep=rep)
    assert result.exit_code == 1, result.stderr
    assert (rows(cli.db), events(cli.db)) == before
    return result.stderr


def value(db: Path, sql: str) -> object:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchone()[0]


# A merge's undo and later edits to the kept record.


def merged(book: Cli) -> None:
    book.ok("account", "add", "ACME Corporation", "--phone", "555", "--industry", "tools")
    book.ok("account", "merge", "Acme", "ACME Corporation", "--yes")


def test_undoing_a_merge_refuses_to_overwrite_a_later_edit_of_a_field_it_filled(
    book: Cli,
) -> None:
    merged(book)
    book.ok("account", "edit", "Acme", "--phone", "556")
    assert refused(book, "undo") == (
        "error: cannot undo the merge of account 3 ACME Corporation into 1 Acme: changed"
        " since: account 1 phone is now '556', the merge left '555'\n"
        "hint: --force undoes it anyway, overwriting that; nothing was changed\n"
    )
    forced = book.ok("undo", "--force")
    assert forced.stderr == (
        "undid the merge of account 3 ACME Corporation into 1 Acme: 1 row restored;"
        " overwrote account 1 phone '556' with ''\n"
    )
    assert value(book.db, "SELECT phone FROM account WHERE id = 1") is None
    assert value(book.db, "SELECT phone FROM account WHERE id = 3") == "555"


def test_undoing_a_merge_keeps_later_edits_of_fields_it_did_not_fill(book: Cli) -> None:
    merged(book)
    book.ok("account", "edit", "Acme", "--region", "Hamburg", "--address", "Elbchaussee 1")
    book.ok("undo")
    shown = json.loads(book.ok("account", "show", "Acme", "--json").stdout)["account"]
    assert (shown["region"], shown["address"], shown["phone"], shown["industry"]) == (
        "Hamburg",
        "Elbchaussee 1",
        None,
        None,
    )


# A deletion's undo and references set again since.


def test_undoing_a_delete_refuses_to_overwrite_a_reference_set_again_since(book: Cli) -> None:
    book.ok("contact", "add", "Acme", "Li Na")
    book.ok("contact", "delete", "1", "--yes")
    book.ok("opp", "edit", "1", "--contact", "Li Na")
    assert refused(book, "undo") == (
        "error: cannot undo the delete of contact 1 Dana Wu (Acme): changed since:"
        " opportunity 1 contact_id is now '2', the delete left ''\n"
        "hint: --force undoes it anyway, overwriting that; nothing was changed\n"
    )
    forced = book.ok("undo", "--force")
    assert forced.stderr.endswith("; overwrote opportunity 1 contact_id '2' with '1'\n")
    assert json.loads(book.ok("opp", "show", "1", "--json").stdout)["opportunity"]["contact"] == (
        "Dana Wu"
    )


# A visit delete's undo and the last touch.


@pytest.mark.parametrize(("later", "touch"), [("-1d", "2026-11-22"), ("-5d", "2026-11-21")])
def test_undoing_a_visit_delete_recalculates_the_last_touch(
    book: Cli, later: str, touch: str
) -> None:
    book.ok("visit", "delete", "1", "--yes")
    book.ok("visit", "log", "Acme", "--opp", "1", "--outcome", "called", "--at", later)
    book.ok("undo")
    for table in ("account", "opportunity"):
        assert value(book.db, f"SELECT last_touch FROM {table} WHERE id = 1") == touch


# What a restored record belongs to, deleted since.


def test_undo_refuses_in_words_when_a_parent_was_deleted_since(book: Cli) -> None:
    book.ok("contact", "delete", "1", "--yes")
    book.ok("account", "delete", "Acme", "--cascade", "--yes", rep="maria")
    assert refused(book, "undo") == (
        "error: cannot undo the delete of contact 1 Dana Wu (Acme): contact 1 refers to"
        " account 1, which is gone\n"
        "hint: put that back first (its deletion is undone by whoever made it); nothing"
        " was changed\n"
    )
    book.ok("undo", rep="maria")
    book.ok("undo")
    assert json.loads(book.ok("contact", "show", "1", "--json").stdout)["name"] == "Dana Wu"


# Row ids used again by a record added since.


def test_undo_does_not_relink_a_record_that_took_a_deleted_ones_id(book: Cli) -> None:
    book.ok("contact", "delete", "1", "--yes")
    book.ok("opp", "delete", "1", "--yes", rep="maria")
    book.ok("opp", "add", "Acme", "Other deal", "--amount", "10", "--close", "+1m")
    assert value(book.db, "SELECT name FROM opportunity WHERE id = 1") == "Other deal"
    assert refused(book, "undo") == (
        "error: cannot undo the delete of contact 1 Dana Wu (Acme): changed since:"
        " opportunity 1 is now another record (the one the delete changed was deleted"
        " since)\n"
        "hint: --force undoes it anyway, overwriting that; nothing was changed\n"
    )
    forced = book.ok("undo", "--force")
    assert forced.stderr == (
        "undid the delete of contact 1 Dana Wu (Acme): 1 row restored; overwrote nothing"
        " of opportunity 1 (now another record)\n"
    )
    assert value(book.db, "SELECT contact_id FROM opportunity WHERE id = 1") is None
