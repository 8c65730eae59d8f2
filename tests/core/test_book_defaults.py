"""`init` on a second book does not change who acts in the first: the default rep (and
database) belongs to the first book set up, unless --set-default; a missing acting rep's
error names the book and where the rep came from."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomllib
from typer.testing import CliRunner, Result

from salescli.cli.app import app


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["--today", "2026-11-23", *args])


def config_file(tmp_path: Path) -> dict:  # type: ignore[type-arg]
    with (tmp_path / "config" / "config.toml").open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture
def main_book(tmp_path: Path) -> Path:
    """alice's own book, set up first at the default location."""
    result = run("init", "--rep", "alice", "--name", "Alice Chen")
    assert result.exit_code == 0, result.stderr
    return tmp_path / "data" / "salescli.db"


def test_init_on_a_scratch_book_leaves_the_main_book_working(
    main_book: Path, tmp_path: Path
) -> None:
    scratch = tmp_path / "scratch.db"
    result = run("--db", str(scratch), "init", "--rep", "zed", "--name", "Zed")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"book ready at {scratch}; acting rep: zed (in this book; the default rep is"
        " unchanged); not the default book (--set-default makes it so)\n"
    )
    # The main book still acts as alice, and is still the default book.
    added = run("account", "add", "Acme")
    assert added.exit_code == 0, added.stderr
    assert run("account", "show", "Acme", "--json").stdout.count('"owner": "alice"') == 1
    # The scratch book acts as zed.
    assert run("--db", str(scratch), "account", "add", "Scratch Co").exit_code == 0
    shown = run("--db", str(scratch), "account", "show", "Scratch Co", "--json").stdout
    assert '"owner": "zed"' in shown
    settings = config_file(tmp_path)
    assert settings["rep"] == "alice"
    assert "db" not in settings
    assert settings["books"] == {str(scratch.resolve()): {"rep": "zed"}}


def test_set_default_makes_the_new_book_and_rep_the_defaults(
    main_book: Path, tmp_path: Path
) -> None:
    other = tmp_path / "team.db"
    result = run("--db", str(other), "init", "--rep", "zed", "--name", "Zed", "--set-default")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"book ready at {other}; acting rep: zed\n"
    settings = config_file(tmp_path)
    assert (settings["rep"], settings["db"]) == ("zed", str(other.resolve()))
    assert "books" not in settings
    assert run("rep", "show", "zed").exit_code == 0  # plain commands now use team.db


def test_the_first_book_set_up_with_db_becomes_the_default(tmp_path: Path) -> None:
    first = tmp_path / "mine.db"
    assert run("--db", str(first), "init", "--rep", "alice", "--name", "A").exit_code == 0
    settings = config_file(tmp_path)
    assert (settings["rep"], settings["db"]) == ("alice", str(first.resolve()))


def test_a_missing_acting_rep_names_the_book_and_the_config(
    main_book: Path, tmp_path: Path
) -> None:
    scratch = tmp_path / "scratch.db"
    run("--db", str(scratch), "init", "--rep", "zed", "--name", "Zed")
    run("--db", str(scratch), "rep", "add", "bob", "--name", "Bob")
    # zed leaves the scratch book behind its config's back: the book no longer has zed
    import sqlite3

    with sqlite3.connect(scratch) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM rep WHERE handle = 'zed'")
    result = run("--db", str(scratch), "account", "add", "Acme")
    assert result.exit_code == 1
    config = tmp_path / "config" / "config.toml"
    assert result.stderr.splitlines()[0] == (
        f"error: acting rep 'zed' does not exist in {scratch}, named by"
        f' books."{scratch.resolve()}".rep in {config}'
    )
    assert "salescli init --rep HANDLE" in result.stderr.splitlines()[1]
    main = run("--as", "nobody", "account", "add", "Acme")
    assert main.stderr.splitlines()[0] == (
        f"error: acting rep 'nobody' does not exist in {main_book}, named by --as"
    )


def test_the_default_rep_named_by_the_config_file(main_book: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    result = run("--db", str(other), "rep", "list")
    assert result.exit_code == 1  # no such book: reading creates nothing
    run("--db", str(other), "--as", "carol", "rep", "add", "carol", "--name", "Carol")
    result = run("--db", str(other), "account", "add", "Acme")
    assert result.stderr.splitlines()[0] == (
        f"error: acting rep 'alice' does not exist in {other}, named by rep in"
        f" {tmp_path / 'config' / 'config.toml'}"
    )
