"""`salescli import list` and `import undo`: an import is undone exactly, and refused when
later changes touched its records."""

from __future__ import annotations

import sqlite3
from datetime import time
from pathlib import Path

import pytest

from salescli import dates
from tests.conftest import Cli

TABLES = ("lead", "account", "contact", "opportunity", "stage_change", "opportunity_share")


def rows(db: Path, *tables: str) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as connection:
        return {
            table: connection.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
            for table in tables
        }


def sheet(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_undo_removes_what_an_import_added_and_restores_what_it_changed(
    cli: Cli, tmp_path: Path
) -> None:
    first = sheet(tmp_path, "a.csv", "name,phone,external_id\nWang Wei,139,E1\nLi Na,138,E2\n")
    cli.ok("lead", "import", first)
    before = rows(cli.db, *TABLES)
    second = sheet(
        tmp_path, "b.csv", "name,phone,external_id\nWang Wei Jr,139,E1\nZhao Lei,137,E3\n"
    )
    assert cli.ok("lead", "import", second).stderr == (
        "imported 2 leads: 1 new, 1 updated\n"
        "1 new lead assigned to alice (the file has no owner column)\n"
    )
    listed = cli.ok("import", "list").stdout.splitlines()
    assert listed[0].split() == [
        "ID", "When", "Who", "Entity", "File", "Rows", "Created", "Updated", "Undone"
    ]  # fmt: skip
    assert [line.split()[3:] for line in listed[1:]] == [
        ["alice", "lead", first, "2", "2", "0"],
        ["alice", "lead", second, "2", "1", "1"],
    ]
    undone = cli.ok("import", "undo", "2")
    assert undone.stderr == f"undid import 2 (lead, {second}): 1 records removed, 1 restored\n"
    assert rows(cli.db, *TABLES) == before
    # The undone import shows when it was undone (a date and a time of day).
    relisted = cli.ok("import", "list").stdout.splitlines()
    assert relisted[2].split()[-2] == "2026-11-23"
    assert relisted[1].split()[-1] == "0"
    again = cli("import", "undo", "2")
    assert again.exit_code == 1
    assert again.stderr.startswith("error: import 2 was undone on 2026-11-23")


def test_a_later_edit_refuses_the_undo_and_names_the_record_unless_forced(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("lead", "import", sheet(tmp_path, "a.csv", "name,external_id\nWang Wei,E1\n"))
    cli.ok("lead", "import", sheet(tmp_path, "b.csv", "name,external_id\nWang Wu,E1\nLi,E2\n"))
    cli.ok("lead", "edit", "2", "--note", "called back")
    after_edit = rows(cli.db, "lead", "event")
    refused = cli("import", "undo", "2")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: import 2 cannot be undone: later changes touched its records: lead 2 (edit)\n"
        "hint: --force undoes it anyway, losing those later changes\n"
    )
    assert rows(cli.db, "lead", "event") == after_edit
    forced = cli.ok("import", "undo", "2", "--force")
    assert forced.stderr.endswith("1 records removed, 1 restored; 1 later changes overridden\n")
    assert [row[2] for row in rows(cli.db, "lead")["lead"]] == ["Wang Wei"]


def test_a_record_added_later_that_refers_to_an_imported_one_blocks_even_a_forced_undo(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("account", "import", sheet(tmp_path, "a.csv", "name,region\nAcme,Berlin\n"))
    cli.ok("contact", "add", "Acme", "Dana Wu")
    before = rows(cli.db, *TABLES)
    for force in ((), ("--force",)):
        refused = cli("import", "undo", "1", *force)
        assert refused.exit_code == 1
        assert refused.stderr == (
            "error: import 1 cannot be undone: later records refer to what it added:"
            " contact 1 refers to a account it added\n"
            "hint: remove those records first; nothing was changed\n"
        )
        assert rows(cli.db, *TABLES) == before


def test_undoing_a_deal_import_restores_stages_history_and_co_owners(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok(
        "opp",
        "import",
        sheet(
            tmp_path,
            "a.csv",
            "external_id,name,account,amount,close_date,stage,shares\n"
            "D1,Retrofit,Acme,5000,2027-02-01,prospect,bob:30\n",
        ),
    )
    before = rows(cli.db, *TABLES)
    cli.ok(
        "opp",
        "import",
        sheet(
            tmp_path,
            "b.csv",
            "external_id,name,account,amount,close_date,stage,shares\n"
            "D1,Retrofit,Acme,6000,2027-02-01,proposal,maria:20\n"
            "D2,Spare parts,Acme,900,2027-03-01,prospect,\n",
        ),
    )
    assert rows(cli.db, *TABLES) != before
    cli.ok("import", "undo", "2")
    assert rows(cli.db, *TABLES) == before


def test_only_the_importer_or_a_manager_may_undo_an_import(cli: Cli, tmp_path: Path) -> None:
    cli.ok("lead", "import", sheet(tmp_path, "a.csv", "name\nWang Wei\n"))
    refused = cli("import", "undo", "1", rep="bob")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: import 1 belongs to alice; ask alice or a manager\n")
    assert len(rows(cli.db, "lead")["lead"]) == 1
    cli.ok("import", "undo", "1", rep="maria")
    assert rows(cli.db, "lead")["lead"] == []


def test_a_dry_run_or_an_import_that_changes_nothing_is_not_kept(cli: Cli, tmp_path: Path) -> None:
    file = sheet(tmp_path, "a.csv", "name,external_id\nWang Wei,E1\n")
    cli.ok("lead", "import", file, "--dry-run")
    cli.ok("lead", "import", file)
    cli.ok("lead", "import", file)
    assert len(cli.ok("import", "list").stdout.splitlines()) == 2
    missing = cli("import", "undo", "2")
    assert (missing.exit_code, missing.stderr.splitlines()[0]) == (1, "error: no import 2")


def test_an_undo_records_an_event(cli: Cli, tmp_path: Path) -> None:
    cli.ok("lead", "import", sheet(tmp_path, "a.csv", "name\nWang Wei\nLi Na\n"))
    cli.ok("import", "undo", "1")
    with sqlite3.connect(cli.db) as connection:
        event = connection.execute(
            "SELECT entity, entity_id, action, changes FROM event ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert event == ("import", 1, "undo", '{"forced": false, "removed": 2, "restored": 0}')


def test_undoing_an_activity_import_puts_the_last_touch_back(cli: Cli, tmp_path: Path) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Retrofit", "--amount", "5000", "--close", "2027-02-01")
    before = rows(cli.db, *TABLES, "activity")
    visits = "account,type,done_on,outcome,opportunity\nAcme,call,2026-11-20,demo,1\n"
    cli.ok("visit", "import", sheet(tmp_path, "v.csv", visits))
    with sqlite3.connect(cli.db) as connection:
        touched = connection.execute("SELECT last_touch FROM account").fetchone()[0]
    assert touched == "2026-11-20"
    assert cli.ok("import", "undo", "1").stderr.endswith("1 records removed, 2 restored\n")
    assert rows(cli.db, *TABLES, "activity") == before


def test_undoing_a_deal_import_removes_the_accounts_it_created(cli: Cli, tmp_path: Path) -> None:
    cli.ok("account", "add", "Acme")
    before = rows(cli.db, *TABLES)
    deals = (
        "name,account,contact,amount,close_date,stage\nNew,NewCo,Zhou Xun,5,2027-01-01,proposal\n"
    )
    cli.ok("opp", "import", sheet(tmp_path, "o.csv", deals), "--create-missing")
    assert len(rows(cli.db, "account")["account"]) == 2
    cli.ok("import", "undo", "1")
    assert rows(cli.db, *TABLES) == before


@pytest.fixture
def one_second(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command runs at the same second of the day, as a script's quick succession
    of commands may."""
    stamp = dates.stamp
    monkeypatch.setattr(dates, "stamp", lambda today, time_of_day=None: stamp(today, time(9, 0, 0)))


# Two imports in the same second (import events name no records).


def test_import_undo_sees_a_later_import_in_the_same_second(
    cli: Cli, tmp_path: Path, one_second: None
) -> None:
    cli.ok("lead", "import", sheet(tmp_path, "a.csv", "name,external_id\nWang Wei,E1\n"))
    cli.ok("lead", "import", sheet(tmp_path, "b.csv", "name,external_id\nWang Wu,E1\n"))
    after = rows(cli.db, *TABLES)
    refused = cli("import", "undo", "1")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: import 1 cannot be undone: later changes touched its records:"
        " lead 1 (import 2)\n"
        "hint: --force undoes it anyway, losing those later changes\n"
    )
    assert rows(cli.db, *TABLES) == after


def test_import_undo_sees_a_change_that_left_no_event(
    cli: Cli, tmp_path: Path, one_second: None
) -> None:
    cli.ok("lead", "import", sheet(tmp_path, "a.csv", "name,external_id\nWang Wei,E1\n"))
    cli.ok("lead", "import", sheet(tmp_path, "b.csv", "name,external_id\nWang Wu,E1\n"))
    with sqlite3.connect(cli.db) as connection:
        # A change that left no event: only the row itself tells.
        connection.execute("UPDATE lead SET phone = '139' WHERE id = 1")
    refused = cli("import", "undo", "2")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        "error: import 2 cannot be undone: later changes touched its records:"
        " lead 1 phone is now '139', the import left ''\n"
    )


# Undoing a later import after an earlier one was undone since.


def test_undoing_an_import_does_not_bring_back_an_earlier_undone_one(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("lead", "add", "Wang Wei", "--email", "wang@acme.cn")
    for name, new in (("a.csv", "Wang A"), ("b.csv", "Wang B")):
        cli.ok("lead", "import", sheet(tmp_path, name, f"id,name\n1,{new}\n"))
    cli.ok("import", "undo", "1", "--force")
    assert rows(cli.db, "lead")["lead"][0][2] == "Wang Wei"
    refused = cli("import", "undo", "2")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        "error: import 2 cannot be undone: later changes touched its records:"
        " lead 1 name is now 'Wang Wei', the import left 'Wang B'\n"
    )
    assert rows(cli.db, "lead")["lead"][0][2] == "Wang Wei"
