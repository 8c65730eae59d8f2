"""`salescli init`, `rep ...` and the acting-rep rules, through the CLI and the service."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from salescli.errors import InvalidValue, NotFound, Refused
from salescli.models.enums import Role
from salescli.services.core import reps
from salescli.services.core.session import Session
from tests.conftest import Cli, acting


def query(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def events(db: Path, entity: str) -> list[tuple[object, ...]]:
    return query(db, "SELECT entity_id, action FROM event WHERE entity = ? ORDER BY id", (entity,))


# --- init and config ---------------------------------------------------------------


def test_init_creates_book_rep_and_default_rep(db_path: Path) -> None:
    cli = Cli(db_path, rep=None)
    result = cli.ok("init", "--rep", "alice", "--name", "Alice Chen")
    assert result.stdout == ""
    assert result.stderr == f"book ready at {db_path}; acting rep: alice\n"
    assert db_path.exists()
    assert query(db_path, "SELECT handle, name, role, active FROM rep") == [
        ("alice", "Alice Chen", "rep", 1)
    ]
    # No --as from now on: the config file names the rep.
    added = cli.ok("account", "add", "Acme")
    assert added.stderr == "added account 1: Acme\n"
    assert query(db_path, "SELECT r.handle FROM account a JOIN rep r ON r.id = a.owner_id") == [
        ("alice",)
    ]


def test_init_as_manager_with_json(db_path: Path) -> None:
    cli = Cli(db_path, rep=None)
    result = cli.ok("init", "--rep", "maria", "--name", "Maria G", "--role", "manager", "--json")
    shown = json.loads(result.stdout)
    assert (shown["handle"], shown["name"], shown["role"], shown["active"]) == (
        "maria",
        "Maria G",
        "manager",
        True,
    )


def test_config_show_reports_rep_from_config_after_init(db_path: Path) -> None:
    cli = Cli(db_path, rep=None)
    cli.ok("init", "--rep", "alice", "--name", "Alice Chen")
    shown = cli.ok("config", "show")
    rows = [line.split() for line in shown.stdout.splitlines()]
    assert rows[0] == ["Key", "Value", "Source"]
    assert ["rep", "alice", "config"] in rows
    as_json = json.loads(cli.ok("config", "show", "--json").stdout)
    assert {"key": "rep", "value": "alice", "source": "config"} in as_json


def test_config_show_reports_the_global_options_in_force(db_path: Path) -> None:
    """`config show` promises 'every setting in force and where it comes from (option,
    env, config, default)', so --db and --as given to this very command are in force."""
    cli = Cli(db_path, rep="bob")
    settings = json.loads(cli.ok("config", "show", "--json").stdout)
    assert {"key": "db", "value": str(db_path), "source": "option"} in settings
    assert {"key": "rep", "value": "bob", "source": "option"} in settings


def test_init_without_rep_and_no_terminal_is_a_usage_error(db_path: Path) -> None:
    result = Cli(db_path, rep=None)("init", "--name", "Alice Chen")
    assert result.exit_code == 2
    assert result.stderr == "error: missing handle\nhint: give it as --rep HANDLE\n"
    assert result.stdout == ""


def test_init_twice_keeps_the_existing_rep(db_path: Path) -> None:
    cli = Cli(db_path, rep=None)
    cli.ok("init", "--rep", "alice", "--name", "Alice Chen")
    cli.ok("init", "--rep", "alice", "--name", "Alice Chen")
    assert query(db_path, "SELECT count(*) FROM rep") == [(1,)]


# --- rep add / list / show ---------------------------------------------------------


def test_rep_list_shows_every_rep(cli: Cli) -> None:
    result = cli.ok("rep", "list")
    assert result.stdout == (
        "Handle  Name            Role     Manager  Region  Email  Active\n"
        "alice   Alice Chen      rep                              yes\n"
        "bob     Bob Li          rep                              yes\n"
        "maria   Maria Gonzalez  manager                          yes\n"
    )


def test_a_reps_manager_and_region_are_set_shown_exported_and_cleared(cli: Cli) -> None:
    cli.ok("rep", "add", "carl", "--name", "Carl Wu", "--manager", "maria", "--region", "华东", rep="maria")  # fmt: skip
    cli.ok("rep", "edit", "bob", "--manager", "MARIA", "--region", " North ", rep="maria")
    assert cli.ok("rep", "list").stdout == (
        "Handle  Name            Role     Manager  Region  Email  Active\n"
        "alice   Alice Chen      rep                              yes\n"
        "bob     Bob Li          rep      maria    North          yes\n"
        "carl    Carl Wu         rep      maria    华东           yes\n"
        "maria   Maria Gonzalez  manager                          yes\n"
    )
    assert cli.ok("rep", "show", "carl").stdout == (
        "carl — Carl Wu\n"
        "  Role     rep\n"
        "  Manager  maria\n"
        "  Region   华东\n"
        "  Active   yes\n"
        "  Since    2026-11-23\n"
    )
    assert "carl,Carl Wu,,rep,maria,华东,yes" in cli.ok("rep", "export").stdout
    cleared = cli.ok("rep", "edit", "carl", "--manager", "", "--region", "", "--json", rep="maria")
    assert json.loads(cleared.stdout) | {"created_at": ""} == {
        "id": 4, "handle": "carl", "name": "Carl Wu", "email": None, "role": "rep",
        "manager": None, "region": None, "active": True, "created_at": "",
    }  # fmt: skip
    assert query(cli.db, "SELECT changes FROM event WHERE entity = 'rep' ORDER BY id DESC LIMIT 1") == [
        ('{"manager": ["maria", null], "region": ["华东", null]}',)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("rep", "edit", "bob", "--manager", "bob"), "error: a rep cannot be their own manager\n"),
        (("rep", "add", "dan", "--name", "Dan", "--manager", "dan"), "error: a rep cannot be their own manager\n"),
        (("rep", "edit", "bob", "--manager", "zed"), "error: no rep 'zed'\nhint: see 'salescli rep list'\n"),
        (("rep", "edit", "bob", "--manager", "gone"), "error: rep 'gone' is inactive and cannot own records\n"),
    ],
)  # fmt: skip
def test_a_manager_must_be_another_active_rep_and_nothing_is_written(
    cli: Cli, args: tuple[str, ...], error: str
) -> None:
    cli.ok("rep", "add", "gone", "--name", "Gone Away", rep="maria")
    cli.ok("rep", "deactivate", "gone", rep="maria")
    result = cli(*args, rep="maria")
    assert result.exit_code == 1
    assert result.stderr.startswith(error)
    assert (
        query(cli.db, "SELECT handle FROM rep WHERE manager_id IS NOT NULL OR handle = 'dan'") == []
    )


def test_a_rep_cannot_choose_their_own_manager_or_region(cli: Cli) -> None:
    result = cli("rep", "edit", "alice", "--region", "North")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: only a manager may change whom a rep reports to or their region; alice is a rep\n"
    )
    assert query(cli.db, "SELECT region FROM rep WHERE handle = 'alice'") == [(None,)]
    # Their own email is theirs to change.
    cli.ok("rep", "edit", "alice", "--email", "alice@example.com")


def test_rep_add_with_email_then_show(cli: Cli) -> None:
    added = cli.ok(
        "rep", "add", "carl", "--name", "Carl Wu", "--email", "carl@example.com", rep="maria"
    )
    assert added.stderr == "added rep carl (Carl Wu)\n"
    shown = cli.ok("rep", "show", "carl")
    assert shown.stdout == (
        "carl — Carl Wu\n"
        "  Role    rep\n"
        "  Email   carl@example.com\n"
        "  Active  yes\n"
        "  Since   2026-11-23\n"
    )


def test_rep_show_json(cli: Cli) -> None:
    shown = json.loads(cli.ok("rep", "show", "maria", "--json").stdout)
    assert shown["handle"] == "maria"
    assert shown["role"] == "manager"
    assert shown["email"] is None


def test_rep_show_unknown(cli: Cli) -> None:
    result = cli("rep", "show", "zed")
    assert result.exit_code == 1
    assert result.stderr == "error: no rep 'zed'\nhint: see 'salescli rep list'\n"


def test_duplicate_handle_refused_in_any_case(cli: Cli) -> None:
    result = cli("rep", "add", "Bob", "--name", "Another Bob", rep="maria")
    assert result.exit_code == 1
    assert result.stderr == "error: rep 'bob' already exists\n"
    assert query(cli.db, "SELECT name FROM rep WHERE handle = 'bob'") == [("Bob Li",)]
    assert query(cli.db, "SELECT count(*) FROM event WHERE entity = 'rep'") == [(3,)]


@pytest.mark.parametrize("handle", ["9lives", "bob smith", "al!ce", "x" * 40])
def test_bad_handle_refused(cli: Cli, handle: str) -> None:
    result = cli("rep", "add", handle, "--name", "Someone", rep="maria")
    assert result.exit_code == 1
    assert "is not a valid handle" in result.stderr
    assert result.stderr.startswith("error: ")
    assert "hint: use lower-case letters" in result.stderr
    assert query(cli.db, "SELECT count(*) FROM rep") == [(3,)]


BAD_EMAILS = [
    "carl@example.com\nstranger@example.com",  # a second recipient on a line of its own
    "carl@example.com,stranger@example.com",
    "carl@example.com; stranger@example.com",
    "-E touch-me@example.com",  # an option to the mail program
    "carl",
    "carl@@example.com",
    # An ESC is refused before the command runs, as in any typed value (test_controls.py).
]


@pytest.mark.parametrize("email", BAD_EMAILS)
def test_an_email_that_is_not_one_plain_address_is_refused(cli: Cli, email: str) -> None:
    added = cli("rep", "add", "carl", "--name", "Carl Wu", "--email", email, rep="maria")
    assert added.exit_code == 1
    assert added.stderr == (
        f"error: {email!r} is not one email address\n"
        "hint: give a single address like alice@example.com, with no spaces\n"
    )
    edited = cli("rep", "edit", "bob", "--email", email, rep="maria")
    assert edited.exit_code == 1
    assert query(cli.db, "SELECT handle, email FROM rep ORDER BY handle") == [
        ("alice", None), ("bob", None), ("maria", None),
    ]  # fmt: skip
    assert query(cli.db, "SELECT count(*) FROM event WHERE entity = 'rep'") == [(3,)]


def test_plain_addresses_are_kept_and_an_empty_one_clears(cli: Cli) -> None:
    for email in ("carl@example", "o'neil@example.com", "王@例子.中国", " bob@example.com "):
        cli.ok("rep", "edit", "bob", "--email", email, rep="maria")
        assert query(cli.db, "SELECT email FROM rep WHERE handle = 'bob'") == [(email.strip(),)]
    cli.ok("rep", "edit", "bob", "--email", "", rep="maria")
    assert query(cli.db, "SELECT email FROM rep WHERE handle = 'bob'") == [(None,)]


def test_rep_add_without_name_and_no_terminal(cli: Cli) -> None:
    result = cli("rep", "add", "carl", rep="maria")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "error: missing name"
    assert "--name NAME" in result.stderr
    assert result.stdout == ""
    assert query(cli.db, "SELECT count(*) FROM rep WHERE handle = 'carl'") == [(0,)]


def test_rep_add_bad_role_is_usage_error(cli: Cli) -> None:
    result = cli("rep", "add", "carl", "--name", "Carl", "--role", "boss", rep="maria")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "'boss'" in result.stderr


# --- acting rep --------------------------------------------------------------------


def test_command_needing_a_rep_without_one_hints_at_init(cli: Cli) -> None:
    result = cli("lead", "add", "Wang Wei", rep=None)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "error: no acting rep"
    assert "salescli init" in lines[1]
    assert "--as" in lines[1]
    assert query(cli.db, "SELECT count(*) FROM lead") == [(0,)]


def test_unknown_acting_rep(cli: Cli) -> None:
    result = cli("account", "add", "Acme", rep="zed")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"error: acting rep 'zed' does not exist in {cli.db}, named by --as"
    )


# --- deactivate --------------------------------------------------------------------


def test_deactivate_then_list(cli: Cli) -> None:
    result = cli.ok("rep", "deactivate", "bob", rep="maria")
    assert result.stderr == "deactivated rep bob\n"
    assert cli.ok("rep", "list").stdout.splitlines()[2].split() == ["bob", "Bob", "Li", "rep", "no"]
    active = cli.ok("rep", "list", "--active").stdout
    assert "bob" not in active
    assert "alice" in active
    assert events(cli.db, "rep")[-1] == (2, "deactivate")


def test_deactivate_twice_refused(cli: Cli) -> None:
    cli.ok("rep", "deactivate", "bob", rep="maria")
    result = cli("rep", "deactivate", "bob", rep="maria")
    assert result.exit_code == 1
    assert result.stderr == "error: rep 'bob' is already inactive\n"


def test_deactivate_unknown(cli: Cli) -> None:
    result = cli("rep", "deactivate", "zed", rep="maria")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no rep 'zed'")


def test_deactivated_rep_cannot_own_new_account(cli: Cli) -> None:
    cli.ok("rep", "deactivate", "bob", rep="maria")
    result = cli("account", "add", "Acme", "--owner", "bob")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: rep 'bob' is inactive and cannot own records\n"
        "hint: bring them back with 'salescli rep activate bob', or choose another rep\n"
    )
    assert query(cli.db, "SELECT count(*) FROM account") == [(0,)]


def test_deactivated_rep_cannot_own_new_lead(cli: Cli) -> None:
    cli.ok("rep", "deactivate", "bob", rep="maria")
    result = cli("lead", "add", "Wang Wei", "--owner", "bob")
    assert result.exit_code == 1
    assert "inactive" in result.stderr
    assert query(cli.db, "SELECT count(*) FROM lead") == [(0,)]


def test_deactivated_rep_acting_as_themselves_cannot_own_new_records(cli: Cli) -> None:
    """Without --owner the new record belongs to the acting rep; a deactivated rep still
    cannot own it."""
    cli.ok("rep", "deactivate", "bob", rep="maria")
    account = cli("account", "add", "BobCo", rep="bob")
    lead = cli("lead", "add", "Wang Wei", rep="bob")
    assert (account.exit_code, lead.exit_code) == (1, 1)
    assert "inactive" in account.stderr
    assert query(cli.db, "SELECT count(*) FROM account") == [(0,)]
    assert query(cli.db, "SELECT count(*) FROM lead") == [(0,)]


# --- the service -------------------------------------------------------------------


def test_service_add_and_deactivate_record_events(session: Session) -> None:
    carl = reps.add_rep(session, handle=" Carl ", name=" Carl Wu ", role=Role.MANAGER)
    assert (carl.handle, carl.name, carl.role, carl.active) == ("carl", "Carl Wu", "manager", True)
    with acting(session, "carl"):
        # The book keeps an active manager: carl names another before he goes.
        reps.add_rep(session, handle="dora", name="Dora Li", role=Role.MANAGER)
        gone = reps.deactivate_rep(session, handle="carl")
    assert gone.active is False
    rows = session.db.rows(
        "SELECT action, changes FROM event WHERE entity = 'rep' AND entity_id = ? ORDER BY id",
        (carl.id,),
    )
    assert [row["action"] for row in rows] == ["add", "deactivate"]
    assert json.loads(rows[0]["changes"]) == {
        "handle": "carl",
        "name": "Carl Wu",
        "role": "manager",
    }


def test_service_rules(session: Session) -> None:
    with pytest.raises(Refused):
        reps.add_rep(session, handle="alice", name="Again")
    with pytest.raises(InvalidValue):
        reps.add_rep(session, handle="carl", name="  ")
    with pytest.raises(NotFound):
        reps.get_rep(session, "zed")
    reps.deactivate_rep(session, handle="bob")
    with pytest.raises(Refused, match="inactive"):
        reps.active_rep(session, "bob")
    assert [rep.handle for rep in reps.list_reps(session, include_inactive=False)] == ["alice"]
    assert [rep.handle for rep in reps.list_reps(session)] == ["alice", "bob"]
