"""Who may change what: only a manager manages reps and roles; a rep changes only the
records they own or co-own; a manager changes anything; reading is open to all. Each
attack is attempted by a rep on a colleague's records and must be refused with the
message, nothing written; the owner, a co-owner and a manager succeed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from salescli.textsearch import is_text_index_table
from tests.conftest import Cli


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the book, to show that a refused command wrote nothing. (Not
    iterdump: it reads each table whole, and a text index can only be searched.)"""
    with sqlite3.connect(db) as connection:
        tables = [
            str(name)
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not is_text_index_table(str(name))
        ]
        return {
            table: connection.execute(f'SELECT * FROM "{table}"').fetchall() for table in tables
        }


def refused(cli: Cli, *args: str, rep: str, message: str) -> None:
    before = dump(cli.db)
    result = cli(*args, rep=rep)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert result.stderr.splitlines()[0] == f"error: {message}"
    hint = result.stderr.split("\n", 1)[1]
    assert "maria" not in hint  # a refusal's hint never names the managers
    assert dump(cli.db) == before


# --- item 3: reps and roles ----------------------------------------------------------------


def test_a_rep_cannot_make_themselves_a_manager(cli: Cli) -> None:
    refused(cli, "rep", "edit", "bob", "--role", "manager", rep="bob",
            message="only a manager may change a rep's role; bob is a rep")  # fmt: skip


def test_a_rep_cannot_add_a_manager_or_a_rep(cli: Cli) -> None:
    refused(cli, "rep", "add", "eve", "--name", "Eve", "--role", "manager", rep="bob",
            message="only a manager may add reps; bob is a rep")  # fmt: skip
    refused(cli, "rep", "add", "eve", "--name", "Eve", rep="bob",
            message="only a manager may add reps; bob is a rep")  # fmt: skip
    cli.ok("rep", "add", "eve", "--name", "Eve", "--role", "manager", rep="maria")


def test_a_rep_cannot_deactivate_activate_or_rename_a_colleague(cli: Cli) -> None:
    refused(cli, "rep", "deactivate", "alice", rep="bob",
            message="only a manager may deactivate reps; bob is a rep")  # fmt: skip
    cli.ok("rep", "deactivate", "alice", rep="maria")
    refused(cli, "rep", "activate", "alice", rep="bob",
            message="only a manager may activate reps; bob is a rep")  # fmt: skip
    refused(cli, "rep", "edit", "alice", "--email", "bob@example.com", rep="bob",
            message="only a manager may change another rep's details; bob is a rep")  # fmt: skip


def test_a_rep_edits_their_own_name_and_email(cli: Cli) -> None:
    cli.ok("rep", "edit", "bob", "--name", "Robert Li", "--email", "bob@example.com", rep="bob")
    cli.ok("rep", "edit", "bob", "--role", "rep", rep="bob")  # no change of role


def test_the_last_active_manager_stays_one(cli: Cli) -> None:
    refused(cli, "rep", "edit", "maria", "--role", "rep", rep="maria",
            message="maria is the book's last active manager and cannot be made a rep")  # fmt: skip
    refused(cli, "rep", "deactivate", "maria", rep="maria",
            message="maria is the book's last active manager and cannot be deactivated")  # fmt: skip
    cli.ok("rep", "edit", "bob", "--role", "manager", rep="maria")
    cli.ok("rep", "edit", "maria", "--role", "rep", rep="maria")
    refused(cli, "rep", "deactivate", "bob", rep="bob",
            message="bob is the book's last active manager and cannot be deactivated")  # fmt: skip


def test_a_handover_does_not_deactivate_the_last_manager(cli: Cli) -> None:
    """Else the book would have no manager, and any rep could then make themselves one."""
    for command in (("preview",), ("run", "--yes")):
        refused(cli, "handover", *command, "--from", "maria", "--to", "alice", "--deactivate",
                rep="maria",
                message="maria is the book's last active manager and cannot be deactivated",
                )  # fmt: skip
    cli.ok("handover", "run", "--from", "maria", "--to", "alice", "--yes", rep="maria")


def test_the_first_rep_of_an_empty_book_and_a_book_without_a_manager(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "solo.db", rep=None)
    cli.ok("init", "--rep", "sam", "--name", "Sam Solo")
    # No manager yet: the book's reps can make one (else none could ever be made).
    cli.ok("rep", "add", "tina", "--name", "Tina", rep="sam")
    cli.ok("rep", "edit", "sam", "--role", "manager", rep="sam")
    result = cli("rep", "edit", "tina", "--role", "manager", rep="tina")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: only a manager may change a rep's role; tina is a rep\n"
        "hint: ask a manager of this book, or act as one with --as HANDLE\n"
    )


def test_init_on_a_book_with_reps_adds_one_only_for_a_manager(cli: Cli) -> None:
    refused(cli, "init", "--rep", "eve", "--name", "Eve", "--role", "manager", rep="bob",
            message="only a manager may add reps; bob is a rep")  # fmt: skip


def test_stages_are_the_managers(cli: Cli) -> None:
    message = "only a manager may change the funnel's stages; bob is a rep"
    refused(cli, "opp", "stages", "set", "proposal", "--days", "9", rep="bob", message=message)
    refused(cli, "opp", "stages", "add", "demo", "--name", "Demo", "--first", rep="bob",
            message=message)  # fmt: skip
    refused(cli, "opp", "stages", "move", "proposal", "--first", rep="bob", message=message)
    refused(cli, "opp", "stages", "remove", "proposal", rep="bob", message=message)
    cli.ok("opp", "stages", "set", "proposal", "--days", "9", rep="maria")


def test_an_import_by_a_rep_adds_no_rep(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(
        "name,account,owner,close_date,stage\nBig one,Acme,Eve Stranger,2027-01-31,prospect\n"
    )
    result = cli("opp", "import", str(path), "--create-missing", rep="bob")
    assert result.exit_code == 1
    assert "no rep 'Eve Stranger', and only a manager may add reps" in result.stdout + result.stderr
    assert "eve" not in cli.ok("rep", "list").stdout


# --- item 4: records -----------------------------------------------------------------------


@pytest.fixture
def book(cli: Cli) -> Cli:
    """alice's account Acme with contact 1, lead 1, deal 1 (bob co-owns 20 %) and planned
    visit 1; carol is a rep with nothing of her own."""
    cli.ok("rep", "add", "carol", "--name", "Carol Wu", rep="maria")
    cli.ok("account", "add", "Acme")
    cli.ok("contact", "add", "Acme", "Dana Wu")
    cli.ok("lead", "add", "Wang Wei", "--company", "Initech")
    cli.ok("opp", "add", "Acme", "Press line", "--amount", "1000", "--close", "2027-01-31")
    cli.ok("opp", "share", "1", "--with", "bob", "--split", "20")
    cli.ok("visit", "plan", "Acme", "--at", "2026-11-25 10:00", "--opp", "1")
    return cli


DEAL = "deal 1 belongs to alice; ask alice or a manager"
ACCOUNT = "account 1 belongs to alice; ask alice or a manager"
LEAD = "lead 1 belongs to alice; ask alice or a manager"
ACTIVITY = "activity 1 belongs to alice; ask alice or a manager"

DEAL_WRITES = [
    ("opp", "edit", "1", "--amount", "5"),
    ("opp", "advance", "1"),
    ("opp", "win", "1", "--summary", "mine now"),
    ("opp", "lose", "1", "--reason", "price", "--summary", "x"),
    ("opp", "suspend", "1", "--reason", "x"),
]
OTHER_WRITES = [
    (("account", "edit", "Acme", "--region", "Mars"), ACCOUNT),
    (("account", "edit", "Acme", "--owner", "carol"), ACCOUNT),
    (("account", "fact", "Acme", "family", "none"), ACCOUNT),
    (("contact", "add", "Acme", "Eve"), ACCOUNT),
    (("contact", "edit", "1", "--title", "nobody"), ACCOUNT),
    (("lead", "edit", "1", "--phone", "1"), LEAD),
    (("lead", "touch", "1", "--note", "x"), LEAD),
    (("lead", "qualify", "1", "--money", "yes"), LEAD),
    (("lead", "disqualify", "1", "--reason", "x"), LEAD),
    (("lead", "convert", "1", "--force"), LEAD),
    (("visit", "plan", "Acme", "--at", "fri"), ACCOUNT),
    (("visit", "log", "Acme", "--outcome", "met"), ACCOUNT),
    (("visit", "plan", "Acme", "--at", "fri", "--opp", "1"), DEAL),
    (("visit", "done", "1", "--outcome", "x"), ACTIVITY),
    (("visit", "cancel", "1"), ACTIVITY),
    (("visit", "move", "1", "--at", "fri"), ACTIVITY),
    (("opp", "transfer", "1", "--to", "carol"), DEAL),
    (("opp", "share", "1", "--with", "carol", "--split", "5"), DEAL),
    (("opp", "unshare", "1", "--with", "bob"), DEAL),
]


@pytest.mark.parametrize("args", DEAL_WRITES, ids=lambda args: " ".join(args[:2]))
def test_a_rep_cannot_change_a_colleagues_deal(book: Cli, args: tuple[str, ...]) -> None:
    refused(book, *args, rep="carol", message=DEAL)


@pytest.mark.parametrize("rep", ["alice", "bob", "maria"])  # owner, co-owner, manager
@pytest.mark.parametrize("args", DEAL_WRITES, ids=lambda args: " ".join(args[:2]))
def test_the_owner_a_co_owner_and_a_manager_change_a_deal(
    book: Cli, args: tuple[str, ...], rep: str
) -> None:
    book.ok(*args, rep=rep)


@pytest.mark.parametrize(("args", "message"), OTHER_WRITES, ids=lambda v: " ".join(v[:2]))
def test_a_rep_cannot_change_a_colleagues_records(
    book: Cli, args: tuple[str, ...], message: str
) -> None:
    refused(book, *args, rep="carol", message=message)


@pytest.mark.parametrize("rep", ["alice", "maria"])
@pytest.mark.parametrize(("args", "message"), OTHER_WRITES, ids=lambda v: " ".join(v[:2]))
def test_the_owner_and_a_manager_may(
    book: Cli, args: tuple[str, ...], message: str, rep: str
) -> None:
    book.ok(*args, rep=rep)


def test_a_co_owner_works_the_deal_but_does_not_give_it_away(book: Cli) -> None:
    book.ok("opp", "advance", "1", rep="bob")
    book.ok("visit", "log", "Acme", "--opp", "1", "--outcome", "demo done", rep="bob")
    refused(book, "opp", "transfer", "1", "--to", "bob", rep="bob", message=DEAL)
    refused(book, "opp", "unshare", "1", "--with", "bob", rep="bob", message=DEAL)
    book.ok("opp", "transfer", "1", "--to", "carol", rep="alice")


def test_archive_and_purge_change_only_ones_own_deals(book: Cli) -> None:
    book.ok("opp", "win", "1", "--summary", "fit", rep="alice")
    refused(book, "opp", "archive", "1", rep="carol", message=DEAL)
    book.ok("opp", "archive", "1", rep="alice")
    refused(book, "opp", "purge", "--archived-before", "+1d", "--yes", rep="carol",
            message=DEAL)  # fmt: skip
    book.ok("opp", "purge", "--archived-before", "+1d", "--yes", rep="maria")


def test_reading_stays_open(book: Cli) -> None:
    for args in (("opp", "show", "1"), ("account", "show", "Acme"), ("lead", "show", "1"),
                 ("visit", "show", "1"), ("opp", "list", "--all")):  # fmt: skip
        book.ok(*args, rep="carol")


def test_a_record_without_an_owner_is_open_to_every_rep(book: Cli) -> None:
    with sqlite3.connect(book.db) as connection:
        connection.execute("UPDATE account SET owner_id = NULL")
    book.ok("account", "edit", "Acme", "--region", "Berlin", rep="carol")


# --- imports ---------------------------------------------------------------------------------


def test_an_import_changes_only_ones_own_records(book: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "deals.csv"
    sheet.write_text("id,amount\n1,1\n")
    before = dump(book.db)
    result = book("opp", "import", str(sheet), rep="carol")
    assert result.exit_code == 1
    assert "line 2: deal 1 belongs to alice; ask alice or a manager" in result.stderr
    assert dump(book.db) == before
    # Taking it over by a file is changing it too.
    sheet.write_text("id,owner\n1,carol\n")
    assert book("opp", "import", str(sheet), rep="carol").exit_code == 1
    assert dump(book.db) == before
    # The same file, unchanged rows of others included, imports for the owner.
    sheet.write_text("id,amount\n1,1\n")
    book.ok("opp", "import", str(sheet), rep="bob")  # a co-owner


@pytest.mark.parametrize(
    ("entity", "sheet", "message"),
    [
        ("account", "id,region\n1,Mars\n", "line 2: " + ACCOUNT),
        ("lead", "id,phone\n1,1\n", "line 2: " + LEAD),
        ("visit", "id,purpose\n1,x\n", "line 2: " + ACTIVITY),
    ],
)
def test_imports_of_other_records_follow_the_rule(
    book: Cli, tmp_path: Path, entity: str, sheet: str, message: str
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(sheet)
    before = dump(book.db)
    result = book(entity, "import", str(path), rep="carol")
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert dump(book.db) == before
    book.ok(entity, "import", str(path), rep="alice")


def test_a_co_owner_cannot_take_a_deal_over_by_a_file(book: Cli, tmp_path: Path) -> None:
    """bob co-owns deal 1: a file that makes him its owner, or drops its shares, is
    refused, as `opp transfer` is."""
    book.ok("opp", "share", "1", "--with", "carol", "--split", "10")
    sheet = tmp_path / "deals.csv"
    for content in ("id,owner,shares\n1,bob,\n", "id,owner\n1,bob\n"):
        sheet.write_text(content)
        before = dump(book.db)
        result = book("opp", "import", str(sheet), rep="bob")
        assert result.exit_code == 1, result.stdout + result.stderr
        assert "line 2: " + DEAL in result.stderr
        assert dump(book.db) == before
    book.ok("opp", "import", str(sheet), rep="alice")  # the owner gives it away


@pytest.mark.parametrize(
    ("entity", "sheet", "message"),
    [
        # A contact at alice's account, as `contact add Acme` would be.
        ("contact", "account,name\nAcme,Mallory\n", "line 2: " + ACCOUNT),
        # carol's own call on alice's deal, or at her account.
        ("visit", "account,opportunity,type,status,planned_on,owner\n"
                  "Acme,1,call,planned,2026-11-24,carol\n", "line 2: " + DEAL),
        ("visit", "account,type,status,planned_on,owner\n"
                  "Acme,call,planned,2026-11-24,carol\n", "line 2: " + ACCOUNT),
    ],
)  # fmt: skip
def test_a_file_adds_nothing_at_another_reps_account_or_deal(
    book: Cli, tmp_path: Path, entity: str, sheet: str, message: str
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(sheet)
    before = dump(book.db)
    result = book(entity, "import", str(path), rep="carol")
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert dump(book.db) == before
    book.ok(entity, "import", str(path), rep="alice")


def test_a_file_moves_nothing_onto_another_reps_account(book: Cli, tmp_path: Path) -> None:
    book.ok("account", "add", "Carolco", rep="carol")
    book.ok("contact", "add", "Carolco", "Cara", rep="carol")
    path = tmp_path / "contacts.csv"
    path.write_text("id,account\n2,Acme\n")
    before = dump(book.db)
    result = book("contact", "import", str(path), rep="carol")
    assert result.exit_code == 1 and "line 2: " + ACCOUNT in result.stderr, result.stderr
    assert dump(book.db) == before


def test_a_follow_up_on_another_reps_deal_is_refused(book: Cli) -> None:
    """A planned call of carol's on alice's deal (planned by a manager): carol may record
    it, but its follow-up would set the deal's next step, which is alice's."""
    book.ok("visit", "plan", "Acme", "--at", "2026-11-26 10:00", "--opp", "1", "--owner",
            "carol", rep="maria")  # fmt: skip
    refused(book, "visit", "done", "2", "--outcome", "talked", "--next", "close it",
            "--next-date", "2026-12-20", rep="carol", message=DEAL)  # fmt: skip
    book.ok("visit", "done", "2", "--outcome", "talked", rep="carol")
    # A plan that is the deal's next step moves the deal's date with it: alice's too.
    book.ok("opp", "edit", "1", "--next", "call", "--next-date", "2026-11-30")
    book.ok("visit", "plan", "Acme", "--at", "2026-11-30 10:00", "--opp", "1", "--owner",
            "carol", rep="maria")  # fmt: skip
    refused(book, "visit", "move", "3", "--at", "2026-12-02", rep="carol", message=DEAL)


def test_a_file_may_add_records_for_anyone(book: Cli, tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_text("name,owner\nNew One,alice\n")
    book.ok("lead", "import", str(path), rep="carol")
