"""A book whose file cannot be used as asked: damaged, read-only, locked, on a full disk,
or no database at all. Each says so plainly, and nothing is written.

Every book here is a real SQLite file; damage is done to its bytes, a full disk by
SQLite's own page limit, a lock by a second connection. We run as root, so a read-only
folder is also simulated by what `os.access` answers (the test with real permissions
runs where the user is not root).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from salescli import db
from salescli.errors import StorageProblem
from salescli.services.core import bulk
from salescli.services.core.session import open_session
from salescli.services.leads.leads_csv import import_leads
from tests.conftest import TODAY, Cli

LEADS = 3000


def leads_csv(path: Path, count: int, prefix: str = "Lead") -> Path:
    lines = ["name,company,phone"]
    lines += [
        f"{prefix} {number} {'x' * 100},Co {number},555-{number:05d}" for number in range(count)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def book(cli: Cli, tmp_path: Path) -> Cli:
    """The shared book with 3,000 leads, closed and checkpointed: the file is the book."""
    cli.ok("lead", "import", str(leads_csv(tmp_path / "leads.csv", LEADS)))
    assert not Path(f"{cli.db}-wal").exists()
    return cli


def lead_count(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM lead").fetchone()[0])
    finally:
        connection.close()


def damage_leads(path: Path) -> int:
    """Overwrite the root page of the lead table, a page in the middle of the file that
    every read and write of a lead goes through. Returns its number."""
    connection = sqlite3.connect(path)
    page_size, root, pages = connection.execute(
        "SELECT (SELECT page_size FROM pragma_page_size), rootpage,"
        " (SELECT page_count FROM pragma_page_count)"
        " FROM sqlite_master WHERE type = 'table' AND name = 'lead'"
    ).fetchone()
    connection.close()
    assert 1 < root < pages // 2
    with path.open("r+b") as raw:
        raw.seek(page_size * (root - 1))
        raw.write(b"\xff" * page_size)
    return int(root)


# ---- a damaged book --------------------------------------------------------------------


def test_db_check_lists_what_is_damaged(book: Cli) -> None:
    root = damage_leads(book.db)
    result = book("db", "check")
    assert result.exit_code == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert problems[0] == f"warning: table lead: Page {root}: btreeInitPage() returns error code 11"
    assert any(line.endswith(" is never used") for line in problems)  # pages only lead reached
    assert f"error: {book.db} has {len(problems)} problems" in result.stderr
    assert "unexpected" not in result.stderr


def test_db_backup_of_a_damaged_book_is_refused_and_leaves_no_file(book: Cli) -> None:
    root = damage_leads(book.db)
    folder = book.db.parent / "backups"
    result = book("db", "backup")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: the book is damaged, so no backup was made:"
        f" Page {root}: btreeInitPage() returns error code 11\n"
        f"hint: run 'salescli db check'; no backup of it was ever made (none in {folder}):"
        " copy the file aside and export what can still be read ('salescli account export"
        " FILE' and the others)\n"
    )
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_write_that_meets_damage_says_the_book_is_damaged(book: Cli) -> None:
    book.ok("db", "backup")  # a backup to restore: the hint names its folder
    damage_leads(book.db)
    before = book.db.read_bytes()
    result = book("lead", "add", "Wang Wei", "--company", "Huawei")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: the book {book.db} is damaged: database disk image is malformed\n"
        "hint: run 'salescli db check'; restore from a backup in "
        f"{book.db.parent / 'backups'}\n"
    )
    assert book.db.read_bytes() == before


# ---- not a database, or another program's --------------------------------------------


def test_a_file_that_is_no_database_is_named_so(cli: Cli, tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("Wang Wei, Huawei, call on Friday\n" * 200)
    result = Cli(notes)("lead", "list")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"error: {notes} is not a SQLite database, or it is damaged"
    )
    assert notes.read_text() == "Wang Wei, Huawei, call on Friday\n" * 200


def test_another_programs_database_is_not_called_damaged(tmp_path: Path) -> None:
    other = tmp_path / "photos.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, file TEXT)")
    connection.commit()
    connection.close()
    result = Cli(other)("lead", "list")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: {other} is another application's database"


# ---- read-only -------------------------------------------------------------------------


def refuse_writes_in(folder: Path) -> Callable[..., bool]:
    """`os.access` as it answers for a user who may read ``folder`` but not write in it."""
    real = os.access

    def access(path: os.PathLike[str] | str, mode: int, **options: object) -> bool:
        inside = Path(path) == folder or Path(path).parent == folder
        if inside and mode & os.W_OK:
            return False
        return real(path, mode)

    return access


def test_a_book_in_a_read_only_folder_is_read_but_not_written(
    book: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = book.db.read_bytes()
    monkeypatch.setattr(os, "access", refuse_writes_in(book.db.parent))

    listed = book("lead", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert '"Lead 0 ' in listed.stdout

    added = book("lead", "add", "Wang Wei", "--company", "Huawei")
    assert added.exit_code == 1
    assert added.stderr == (
        f"error: {book.db} is read-only: salescli can read it but not change it\n"
        "hint: ask for write access to the file and its folder, or work on a copy\n"
    )
    assert book.db.read_bytes() == before
    assert sorted(item.name for item in book.db.parent.glob("book.db*")) == ["book.db"]
    assert lead_count(book.db) == LEADS


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_a_book_in_a_folder_without_write_permission_is_read_but_not_written(
    book: Cli,
) -> None:
    folder = book.db.parent
    folder.chmod(0o500)
    try:
        assert book("lead", "list").exit_code == 0
        added = book("lead", "add", "Wang Wei")
        assert added.exit_code == 1
        assert "is read-only: salescli can read it but not change it" in added.stderr
    finally:
        folder.chmod(0o700)
    assert lead_count(book.db) == LEADS


def test_a_new_book_in_a_read_only_folder_is_refused_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mounted"
    folder.mkdir()
    monkeypatch.setattr(os, "access", refuse_writes_in(folder))
    result = Cli(folder / "book.db")("init", "--rep", "alice", "--name", "Alice", rep=None)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: cannot write {folder / 'book.db'}: the folder {folder} is read-only\n"
    )
    assert list(folder.iterdir()) == []


# ---- locked by another writer ---------------------------------------------------------


def test_a_book_another_writer_holds_is_reported_locked(
    book: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_SECONDS", 0.2)
    writer = sqlite3.connect(book.db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        result = book("lead", "add", "Wang Wei")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {book.db} is locked: another salescli or sqlite3 is writing\nhint: try again\n"
    )
    assert lead_count(book.db) == LEADS


# ---- a full disk -----------------------------------------------------------------------


def test_a_full_disk_is_named_and_nothing_is_half_written(book: Cli, tmp_path: Path) -> None:
    """SQLite's page limit makes the real file full, as a full disk does."""
    bigger = leads_csv(tmp_path / "more.csv", 20000, prefix="More")
    with (
        pytest.raises(StorageProblem) as raised,
        open_session(book.db, today=TODAY, acting_handle="alice") as session,
    ):
        pages = session.db.scalar("PRAGMA page_count")
        session.db.execute(f"PRAGMA max_page_count = {pages + 50}")
        import_leads(session, bulk.ImportOptions(path=bigger))
    assert raised.value.message == f"the disk is full: nothing was written to {book.db}"
    assert raised.value.hint == "free some space and try again"
    assert lead_count(book.db) == LEADS
    assert book("db", "check").exit_code == 0


def test_a_read_only_folder_with_an_empty_wal_file_is_read(
    book: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A -wal file left empty beside a book on a read-only mount holds nothing: the book
    is read from its file alone."""
    (book.db.parent / "book.db-wal").write_bytes(b"")
    monkeypatch.setattr(os, "access", refuse_writes_in(book.db.parent))
    listed = book("lead", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert not (book.db.parent / "book.db-shm").exists()


def test_changes_waiting_in_a_wal_file_of_a_read_only_folder_are_named(
    book: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (book.db.parent / "book.db-wal").write_bytes(b"\0" * 64)
    monkeypatch.setattr(os, "access", refuse_writes_in(book.db.parent))
    listed = book("lead", "list")
    assert listed.exit_code == 1
    assert listed.stderr == (
        f"error: {book.db} has changes waiting in book.db-wal, which cannot be read in a"
        " read-only folder\n"
        "hint: copy the book with its -wal file to a folder you can write\n"
    )


def test_a_newer_book_is_named_so_before_it_is_called_read_only(
    book: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite3.connect(book.db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.close()
    monkeypatch.setattr(os, "access", refuse_writes_in(book.db.parent))
    listed = book("lead", "list")
    assert listed.exit_code == 1
    assert "has schema revision 0099, which this salescli does not know" in listed.stderr


def test_a_backup_into_a_read_only_folder_says_so(
    book: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    monkeypatch.setattr(os, "access", refuse_writes_in(shelf))
    result = book("db", "backup", str(shelf / "copy.db"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: cannot write {shelf / 'copy.db'}: the folder {shelf} is read-only\n"
    )
    assert list(shelf.iterdir()) == []


def test_db_check_of_a_book_damaged_on_its_first_page_points_to_the_backups(book: Cli) -> None:
    """The book cannot be opened: db check says so, and does not send the rep back to
    db check."""
    book.ok("db", "backup")
    with book.db.open("r+b") as handle:
        handle.seek(0)
        handle.write(b"\xff" * 4096)
    result = book("db", "check")
    assert result.exit_code == 1
    error, hint = result.stderr.splitlines()[:2]
    assert error.endswith("; it cannot be opened to be checked")
    assert hint == f"hint: restore from a backup in {book.db.parent / 'backups'}"
