"""Upgrading an older book: one transaction under the write lock, one backup.

Old books are made by the real revisions, stopped at an earlier one; nothing is mocked.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from salescli import migrations
from salescli.db import SCHEMA_REVISION, open_database
from salescli.errors import InvalidValue, SalesError


def old_book(path: Path, revision: str, reps: int = 50) -> Path:
    """A book at ``revision`` holding ``reps`` reps, as an earlier salescli left it."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("BEGIN IMMEDIATE")
    migrations.upgrade(connection, revision)
    connection.executemany(
        "INSERT INTO rep (handle, name, role, active, created_at)"
        " VALUES (?, ?, 'rep', 1, '2026-11-01T09:00:00Z')",
        [(f"rep{number}", f"Rep {number}") for number in range(reps)],
    )
    connection.execute("COMMIT")
    connection.close()
    return path


def state(path: Path) -> tuple[str, list[str], list[tuple[Any, ...]], str]:
    """Revision, tables, reps and integrity, read by a plain sqlite3 connection."""
    connection = sqlite3.connect(path)
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        reps = connection.execute("SELECT * FROM rep ORDER BY id").fetchall()
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    return revision, tables, reps, integrity


def backups(path: Path) -> list[str]:
    folder = path.parent / "backups"
    return sorted(item.name for item in folder.iterdir()) if folder.exists() else []


def test_an_old_book_is_upgraded_after_one_backup(tmp_path: Path) -> None:
    path = old_book(tmp_path / "book.db", "0001")
    open_database(path).close()
    revision, tables, reps, integrity = state(path)
    assert (revision, len(reps), integrity) == (SCHEMA_REVISION, 50, "ok")
    assert {"opportunity", "quota", "handover"} <= set(tables)
    [backup] = backups(path)
    assert backup.startswith("book-") and backup.endswith("-before-upgrade-0001.db")


def test_a_book_from_0022_gains_book_settings_and_keeps_its_reps(tmp_path: Path) -> None:
    """0023: the book keeps settings of its own (its currency), empty at first."""
    path = old_book(tmp_path / "book.db", "0022")
    open_database(path).close()
    revision, tables, reps, integrity = state(path)
    assert (revision, len(reps), integrity) == (SCHEMA_REVISION, 50, "ok")
    assert "book_setting" in tables
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT * FROM book_setting").fetchall() == []
    connection.close()


def test_a_book_from_0024_gains_the_won_deal_version_and_its_triggers(tmp_path: Path) -> None:
    """0025: the book's retention, kept right by triggers on opportunity, none kept yet;
    and a version of the won deals the triggers bump."""
    path = old_book(tmp_path / "book.db", "0024")
    open_database(path).close()
    revision, tables, reps, integrity = state(path)
    assert "won_deal_version" in tables
    assert (revision, len(reps), integrity) == (SCHEMA_REVISION, 50, "ok")
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT * FROM won_deal_version").fetchall() == [
        (1, 0, None, None, None, None, None)
    ]
    triggers = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'opportunity'"
        " AND name LIKE 'tr_opportunity_won_%' ORDER BY name"
    ).fetchall()
    connection.close()
    assert triggers == [
        ("tr_opportunity_won_delete",),
        ("tr_opportunity_won_delete_before",),
        ("tr_opportunity_won_insert",),
        ("tr_opportunity_won_insert_before",),
        ("tr_opportunity_won_update",),
        ("tr_opportunity_won_update_before",),
    ]


def test_an_upgrade_that_fails_midway_leaves_the_book_at_its_old_revision(
    tmp_path: Path,
) -> None:
    """0002 and 0003 apply, then 0004 fails on a table that is in its way: the book must
    not stay at 0003 with half the new schema."""
    path = old_book(tmp_path / "book.db", "0001")
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE quota (note TEXT)")  # 0004 creates a table 'quota'
    connection.execute("INSERT INTO quota VALUES ('kept by hand')")
    connection.commit()
    connection.close()
    before = state(path)

    with pytest.raises(SalesError) as raised:
        open_database(path)

    assert raised.value.message.startswith(f"cannot upgrade {path}: ")
    assert "table quota already exists" in raised.value.message
    assert raised.value.hint == "the book was left as it was, at schema revision 0001"
    assert state(path) == before
    assert "stage" not in before[1]  # 0002's table was made and undone
    check = sqlite3.connect(path)
    assert check.execute("SELECT note FROM quota").fetchall() == [("kept by hand",)]
    check.close()


def _open_at_once(path: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        database = open_database(Path(path))
        results.put(("ok", database.scalar("SELECT version_num FROM alembic_version")))
        database.close()
    except Exception as err:  # reported to the test, which shows it
        results.put(("failed", f"{type(err).__name__}: {err}"))


def test_concurrent_first_opens_of_an_old_book_all_succeed_with_one_backup(
    tmp_path: Path,
) -> None:
    path = old_book(tmp_path / "book.db", "0003", reps=2000)
    context = multiprocessing.get_context("spawn")
    openers = 6
    barrier = context.Barrier(openers)
    results = context.Queue()
    processes = [
        context.Process(target=_open_at_once, args=(str(path), barrier, results))
        for _ in range(openers)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=60)

    assert outcomes == [("ok", SCHEMA_REVISION)] * openers
    assert len(backups(path)) == 1
    revision, _tables, reps, integrity = state(path)
    assert (revision, len(reps), integrity) == (SCHEMA_REVISION, 2000, "ok")


def test_an_upgrade_whose_backups_folder_cannot_be_made_says_so(tmp_path: Path) -> None:
    """A file where backups/ should be: the upgrade stops before any change, plainly."""
    path = old_book(tmp_path / "book.db", "0003")
    (tmp_path / "backups").write_text("not a folder")
    before = state(path)
    with pytest.raises(InvalidValue) as refused:
        open_database(path)
    assert (
        refused.value.message
        == f"cannot write {tmp_path / 'backups'}: no folder {tmp_path / 'backups'}"
    )
    assert state(path) == before
