"""Every file salescli writes goes through salescli/files.py: whole or not at all, owner
only, and never through a link planted at the target or at a temporary name."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from salescli import files
from salescli.db import Database, backup_database, open_database
from salescli.errors import InvalidValue, Refused, StorageProblem
from tests.conftest import Cli


def mode_of(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """Another file of the user's, which no salescli command may touch."""
    path = tmp_path / "victim.txt"
    path.write_text("keep me\n")
    path.chmod(0o644)
    return path


def untouched(victim: Path) -> bool:
    return victim.read_text() == "keep me\n" and mode_of(victim) == 0o644


@pytest.mark.parametrize("command", [("lead", "export"), ("visit", "ics")])
def test_an_export_replaces_a_link_at_its_target(
    cli: Cli, tmp_path: Path, victim: Path, command: tuple[str, str]
) -> None:
    target = tmp_path / "out"
    target.symlink_to(victim)
    cli.ok(*command, str(target))
    assert untouched(victim)
    assert not target.is_symlink()
    assert mode_of(target) == 0o600
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


def test_an_export_over_a_readable_file_leaves_it_private(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "leads.csv"
    target.write_text("old\n")
    target.chmod(0o644)
    cli.ok("lead", "export", str(target))
    assert target.read_text(encoding="utf-8").startswith("id,")
    assert mode_of(target) == 0o600


def test_an_export_never_writes_through_a_link_at_a_guessable_temporary_name(
    cli: Cli, tmp_path: Path, victim: Path
) -> None:
    """Exports once wrote `.NAME.PID.tmp`; a link planted at that name redirected them."""
    target = tmp_path / "leads.csv"
    (tmp_path / f".{target.name}.{os.getpid()}.tmp").symlink_to(victim)
    cli.ok("lead", "export", str(target))
    assert untouched(victim)
    assert target.read_text(encoding="utf-8").startswith("id,")


def test_a_failed_write_leaves_the_target_as_it_was_and_nothing_beside_it(
    tmp_path: Path,
) -> None:
    target = tmp_path / "report.txt"
    target.write_text("before\n")
    with pytest.raises(RuntimeError), files.replacing(target) as handle:
        handle.write("half of it")
        raise RuntimeError("the disk is full")
    assert target.read_text() == "before\n"
    assert [path.name for path in tmp_path.iterdir()] == ["report.txt"]


def test_a_target_that_cannot_be_a_file_is_refused_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue, match="is a directory"), files.replacing(tmp_path):
        pass
    with (
        pytest.raises(InvalidValue, match="no folder"),
        files.replacing(tmp_path / "missing" / "x.csv"),
    ):
        pass
    assert list(tmp_path.iterdir()) == []


# ---- backups ---------------------------------------------------------------------------


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "book.db")
    yield database
    database.close()


def test_two_backups_in_the_same_second_each_get_their_own_file(book: Database) -> None:
    first = backup_database(book, None, label="before-upgrade-0004")
    second = backup_database(book, None, label="before-upgrade-0004")
    assert first != second
    assert second.name == first.name.replace(".db", "-2.db")
    assert mode_of(first) == mode_of(second) == 0o600
    assert sorted(path.name for path in first.parent.iterdir()) == sorted([first.name, second.name])


def test_a_backup_never_replaces_a_file_a_link_points_at(
    book: Database, tmp_path: Path, victim: Path
) -> None:
    target = tmp_path / "copy.db"
    target.symlink_to(victim)
    with pytest.raises(Refused, match="exists"):
        backup_database(book, target)
    assert untouched(victim)


def test_a_damaged_book_gives_no_backup_and_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    database = open_database(path)
    with database.transaction():
        database.executemany(
            "INSERT INTO event (at, entity, entity_id, action) VALUES ('2026-11-23', 'x', ?, ?)",
            [(number, "x" * 200) for number in range(2000)],
        )
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    page_size = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as raw:
        raw.seek(page_size * (path.stat().st_size // page_size - 3))
        raw.write(b"\xff" * page_size)
    damaged = open_database(path, create=False)
    try:
        with pytest.raises(StorageProblem, match="the book is damaged, so no backup was made"):
            backup_database(damaged, tmp_path / "copy.db")
    finally:
        damaged.close()
    assert not (tmp_path / "copy.db").exists()
    assert sorted(item.name for item in tmp_path.iterdir() if item.name.startswith(".")) == []


# ---- every other file: pictures, reports, settings; folders under any umask -------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A shell with `umask 000`, under which every new file and folder would be open to
    all."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def test_a_picture_replaces_a_link_at_its_target_and_is_private(
    cli: Cli, tmp_path: Path, victim: Path
) -> None:
    target = tmp_path / "funnel.svg"
    target.symlink_to(victim)
    cli.ok("opp", "funnel", "--svg", str(target))
    assert untouched(victim)
    assert not target.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("<svg")
    assert mode_of(target) == 0o600


def test_a_picture_into_a_missing_folder_is_refused_and_makes_none(
    cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "typo" / "funnel.svg"
    result = cli("report", "customers", "--all", "--svg", str(target))
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: cannot write {target}: no folder {target.parent}\n",
    )
    assert not target.parent.exists()


def test_a_handover_report_replaces_a_link_at_its_target_and_is_private(
    cli: Cli, tmp_path: Path, victim: Path
) -> None:
    target = tmp_path / "handover.md"
    target.symlink_to(victim)
    cli.ok("handover", "preview", "--from", "alice", "--to", "bob", "--report", str(target),
           rep="maria")  # fmt: skip
    assert untouched(victim)
    assert target.read_text(encoding="utf-8").startswith("# Handover of alice to bob")
    assert mode_of(target) == 0o600


def test_settings_and_folders_are_private_under_any_umask(tmp_path: Path, open_umask: None) -> None:
    """With umask 000 the settings file was 0666 and the folders made for it 0777."""
    Cli(tmp_path / "deep" / "er" / "book.db").ok(
        "init", "--rep", "maria", "--name", "Maria", rep=None
    )
    Cli(tmp_path / "deep" / "er" / "book.db").ok("config", "set", "rep", "maria", rep=None)
    config = tmp_path / "config" / "config.toml"
    assert mode_of(config) == 0o600
    assert mode_of(config.parent) == 0o700
    assert mode_of(tmp_path / "deep") == mode_of(tmp_path / "deep" / "er") == 0o700
    assert mode_of(tmp_path / "deep" / "er" / "book.db") == 0o600
    exported = tmp_path / "leads.csv"
    Cli(tmp_path / "deep" / "er" / "book.db").ok("lead", "export", str(exported), rep="maria")
    assert mode_of(exported) == 0o600


def test_a_settings_file_made_readable_by_hand_is_private_again_after_a_change(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("config", "set", "rep", "alice")
    config = tmp_path / "config" / "config.toml"
    config.chmod(0o644)
    cli.ok("config", "set", "rep", "bob")
    assert mode_of(config) == 0o600
    assert 'rep = "bob"' in config.read_text(encoding="utf-8")


def test_a_private_folder_leaves_folders_that_exist_alone(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    files.private_folder(tmp_path / "a" / "b")
    assert mode_of(tmp_path) == 0o755
    assert mode_of(tmp_path / "a") == mode_of(tmp_path / "a" / "b") == 0o700


def test_a_long_file_name_still_gets_a_temporary_name_within_the_limit(tmp_path: Path) -> None:
    """A 250-character name is legal; the temporary one beside it must be too."""
    target = tmp_path / ("x" * 246 + ".csv")
    files.write_text(target, "id\n")
    assert target.read_text() == "id\n"
    assert [path.name for path in tmp_path.iterdir()] == [target.name]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_a_read_only_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    with pytest.raises(Refused, match=r"the folder .*locked is read-only"):
        files.check_target(folder / "new" / "report.md", make_folder=True)
