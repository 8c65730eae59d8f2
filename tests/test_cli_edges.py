"""Edges a real user hits: mistyped paths, conflicting flags, closed pipes, odd values."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TODAY, Cli

SALESCLI = str(Path(sys.executable).parent / "salescli")


@pytest.mark.parametrize(
    "args",
    [
        ("lead", "list"),
        ("account", "show", "1"),
        ("db", "check"),
        ("db", "backup"),
        ("lead", "export"),
        ("rep", "list"),
    ],
)
def test_reading_a_mistyped_database_path_creates_nothing(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    typo = tmp_path / "nope" / "typo.db"
    result = Cli(typo)(*args)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: no database at {typo}"
    assert result.stderr.splitlines()[1].startswith("hint: run 'salescli init'")
    assert not typo.exists()
    assert not typo.parent.exists()


@pytest.mark.parametrize("args", [("lead", "list"), ("rep", "list"), ("db", "check")])
def test_reading_an_empty_file_leaves_it_empty(tmp_path: Path, args: tuple[str, ...]) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = Cli(empty)(*args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {empty} is empty, not a salescli database\n"
        "hint: run 'salescli init' to make it a book, or check --db and SALESCLI_DB\n"
    )
    assert empty.stat().st_size == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["empty.db"]


def test_a_command_that_writes_creates_the_book_on_first_use(tmp_path: Path) -> None:
    book = tmp_path / "new" / "book.db"
    Cli(book, rep=None).ok("rep", "add", "alice", "--name", "Alice Chen")
    assert book.exists()


def test_config_db_cannot_be_set_empty_and_can_be_unset(db_path: Path) -> None:
    cli = Cli(db_path, rep=None)
    refused = cli("config", "set", "db", "")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: db cannot be empty\nhint: use 'salescli config unset db' to go back to the default\n"
    )
    cli.ok("config", "set", "db", str(db_path))
    unset = cli.ok("config", "unset", "db", "--json")
    assert '"source": "default"' in unset.stdout


def test_export_dash_writes_to_standard_output(cli: Cli, tmp_path: Path) -> None:
    cli.ok("lead", "add", "Wang Wei")
    result = cli.ok("lead", "export", "-")
    assert result.stdout.startswith("id,external_id,name,")
    assert "Wang Wei" in result.stdout
    assert not Path("-").exists()


def test_exports_are_readable_by_their_owner_only(cli: Cli, tmp_path: Path) -> None:
    cli.ok("lead", "add", "Wang Wei")
    target = tmp_path / "leads.csv"
    cli.ok("lead", "export", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("lead", "show", "99999999999999999999999"), "Invalid value for 'ID'"),
        (
            ("lead", "import", "x.csv", "--on-conflict", "merge"),
            "Invalid value for '--on-conflict'",
        ),
        (("lead", "list", "--json", "--csv"), "--json and --csv cannot be used together"),
        (("lead", "list", "--owner", "bob", "--all"), "--owner and --all cannot be used together"),
    ],
)
def test_bad_usage_exits_2_with_one_error_line(
    cli: Cli, args: tuple[str, ...], message: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert message in result.stderr.splitlines()[0]


def test_a_bad_today_names_where_it_came_from(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from salescli.cli.app import app

    option = CliRunner().invoke(app, ["--db", str(db_path), "--today", "2026-13-01", "rep", "list"])
    assert option.exit_code == 2
    assert option.stderr.startswith("error: --today: '2026-13-01' is not a date")
    monkeypatch.setenv("SALESCLI_TODAY", "someday")
    env = CliRunner().invoke(app, ["--db", str(db_path), "rep", "list"])
    assert env.exit_code == 2
    assert env.stderr.startswith("error: SALESCLI_TODAY: 'someday' is not a date")


def test_accounts_sort_whatever_their_case(cli: Cli) -> None:
    for name in ("NoCo", "acme", "Acme Corp", "北京科技"):
        cli.ok("account", "add", name)
    names = [line.split()[1] for line in cli.ok("account", "list").stdout.splitlines()[1:]]
    assert names == ["acme", "Acme", "NoCo", "北京科技"]


def test_an_ambiguous_prefix_counts_every_match(cli: Cli) -> None:
    for number in range(1, 13):
        cli.ok("account", "add", f"Acme {number:02d}")
    result = cli("account", "show", "acme")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("error: account 'acme' is ambiguous: 1 Acme 01, 2 Acme 02,")
    assert first.endswith("10 Acme 10 and 2 more")


def test_a_reader_closing_the_pipe_early_is_not_a_failure(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "many.csv"
    sheet.write_text("name,note\n" + "".join(f"Lead {n},{'x' * 60}\n" for n in range(3000)))
    cli.ok("lead", "import", str(sheet))
    env = {**os.environ, "SALESCLI_TODAY": TODAY.isoformat()}
    process = subprocess.Popen(
        [SALESCLI, "--db", str(cli.db), "--as", "alice", "lead", "list", "--csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"id,name,")
    process.stdout.close()
    assert process.wait(timeout=20) == 0
    assert process.stderr.read() == b""
