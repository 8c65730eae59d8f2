"""`rep import` and `rep export` (issue 17 item 11): a team sheet in and out, handles made
from names one documented way, all or nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import Cli


def reps(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT * FROM rep ORDER BY id").fetchall()


TEAM = (
    "handle,name,email,role,manager,region,active\n"
    ",Moses Frase,moses@example.com,rep,Lin Wei,East,yes\n"
    "lin,Lin Wei,lin@example.com,manager,maria,East,yes\n"
    "bob,Bob Li,,rep,lin,South,no\n"
)


def test_a_team_sheet_goes_in_and_out_and_in_again(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "team.csv"
    sheet.write_text(TEAM, encoding="utf-8")
    refused = cli("rep", "import", str(sheet), rep="maria")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == (
        "line 2: handle: empty; give the rep's handle, or --create-missing to make it from the name"
    )
    imported = cli.ok("rep", "import", str(sheet), "--create-missing", rep="maria")
    assert imported.stderr == "imported 3 reps: 2 new, 1 updated\n"
    out = tmp_path / "out.csv"
    cli.ok("rep", "export", str(out))
    assert out.read_text(encoding="utf-8").splitlines() == [
        "handle,name,email,role,manager,region,active",
        "alice,Alice Chen,,rep,,,yes",
        "bob,Bob Li,,rep,lin,South,no",
        "lin,Lin Wei,lin@example.com,manager,maria,East,yes",
        "maria,Maria Gonzalez,,manager,,,yes",
        "moses-frase,Moses Frase,moses@example.com,rep,lin,East,yes",
    ]
    # The same name gives the same handle: the sheet again changes nothing.
    again = cli.ok("rep", "import", str(sheet), "--create-missing", rep="maria")
    assert again.stderr == "imported 3 reps: 0 new, 0 updated, 3 unchanged\n"
    other = Cli(tmp_path / "other.db")
    other.ok("rep", "add", "maria", "--name", "Maria Gonzalez", "--role", "manager", rep=None)
    other.ok("rep", "import", str(out), rep="maria")
    again_out = tmp_path / "again.csv"
    other.ok("rep", "export", str(again_out))
    assert again_out.read_bytes() == out.read_bytes()


def test_a_bad_team_sheet_is_refused_whole(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "handle,name,email,role,manager\n"
        "Bad Handle,X,,rep,\n"
        "carol,Carol,not-an-email,rep,\n"
        "dave,Dave,,boss,\n"
        "erin,Erin,,rep,nobody\n"
        "erin,Erin Again,,rep,\n"
        "maria,Maria Gonzalez,,rep,\n",
        encoding="utf-8",
    )
    before = reps(cli.db)
    result = cli("rep", "import", str(sheet), rep="maria")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:6] == [
        "line 2: handle: 'bad handle' is not a valid handle (use lower-case letters, digits,"
        " '.', '_' or '-', starting with a letter)",
        "line 3: email: 'not-an-email' is not one email address (give a single address like"
        " alice@example.com, with no spaces)",
        "line 4: role: 'boss' is not a role (choose one of: rep, manager)",
        "line 5: manager: no rep 'nobody' in the book or the file",
        "line 6: handle: 'erin' is on line 5 too",
        f"error: {sheet}: 5 problems, nothing imported",
    ]
    assert reps(cli.db) == before
    sheet.write_text("handle,name,role\nmaria,Maria Gonzalez,rep\n", encoding="utf-8")
    last = cli("rep", "import", str(sheet), rep="maria")
    assert last.stderr.splitlines()[0] == (
        "the file leaves the book without an active manager; keep one"
    )
    assert reps(cli.db) == before
    denied = cli("rep", "import", str(sheet))
    assert denied.stderr.splitlines()[0] == "error: only a manager may import reps; alice is a rep"


def test_a_rep_import_is_undone(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "team.csv"
    sheet.write_text(TEAM, encoding="utf-8")
    before = reps(cli.db)
    cli.ok("rep", "import", str(sheet), "--create-missing", rep="maria")
    cli.ok("import", "undo", "1", rep="maria")
    assert reps(cli.db) == before
