"""salescli.db and salescli.migrations: the file on disk, its pragmas, its schema, backups,
integrity, transactions, and the promise that --help and --version never touch a database.

Every test uses a real SQLite file in tmp_path.
"""

from __future__ import annotations

import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import salescli.migrations
from salescli import textsearch
from salescli.cli.app import app
from salescli.db import (
    SCHEMA_REVISION,
    Database,
    backup_database,
    integrity_problems,
    open_database,
    schema_revision,
)
from salescli.errors import NotFound, Refused, StorageProblem

SALESCLI = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "salescli"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(tmp_path / "book.db")
    yield opened
    opened.close()


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def add_event(database: Database, action: str) -> None:
    database.execute(
        "INSERT INTO event (at, entity, action) VALUES ('2026-11-23 09:00:00', 'rep', ?)",
        (action,),
    )


def actions(path: Path) -> list[str]:
    """The event actions as a separate connection sees them (i.e. what was committed)."""
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT action FROM event ORDER BY id")]
    finally:
        connection.close()


# ---------------------------------------------------------------------------------------
# Creating and opening


def test_open_creates_a_private_file_and_its_directory(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "book.db"
    database = open_database(path)
    try:
        assert path.is_file()
        assert mode_of(path) == 0o600
        assert mode_of(path.parent) == 0o700
        assert schema_revision(database) == SCHEMA_REVISION
    finally:
        database.close()


def test_wal_file_is_private_too(database: Database) -> None:
    with database.transaction():
        add_event(database, "add")
    wal = database.path.with_name(database.path.name + "-wal")
    assert wal.exists()
    assert mode_of(wal) == 0o600


def test_pragmas_are_in_force(database: Database) -> None:
    assert database.scalar("PRAGMA journal_mode") == "wal"
    assert database.scalar("PRAGMA foreign_keys") == 1
    assert database.scalar("PRAGMA busy_timeout") >= 5000


def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), database.transaction():
        database.execute(
            "INSERT INTO contact (account_id, name, created_at, updated_at) "
            "VALUES (999, 'Wang', '2026-11-23 00:00:00', '2026-11-23 00:00:00')"
        )


def test_reopening_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    first = open_database(path)
    with first.transaction():
        add_event(first, "kept")
    first.close()
    second = open_database(path)
    try:
        assert [row["action"] for row in second.rows("SELECT action FROM event")] == ["kept"]
    finally:
        second.close()


def test_open_without_create_refuses_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    with pytest.raises(NotFound) as raised:
        open_database(path, create=False)
    assert raised.value.message == f"no database at {path}"
    assert not path.exists()


def test_open_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(Refused, match="is a directory, not a database file"):
        open_database(tmp_path)


def test_open_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Wang Wei, Huawei, call on Friday\n" * 20)
    with pytest.raises(StorageProblem) as raised:
        open_database(path)
    assert raised.value.message == f"{path} is not a SQLite database, or it is damaged"
    assert raised.value.hint is not None
    assert f"no backup of it was ever made (none in {tmp_path / 'backups'})" in raised.value.hint
    assert path.read_text() == "Wang Wei, Huawei, call on Friday\n" * 20


def other_apps_database(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.execute("INSERT INTO notes VALUES ('hello')")
    connection.commit()
    connection.close()
    return path


def test_open_refuses_another_applications_database(tmp_path: Path) -> None:
    path = other_apps_database(tmp_path / "other.db")
    with pytest.raises(Refused) as raised:
        open_database(path)
    assert raised.value.message == f"{path} is another application's database"


def test_refusing_another_applications_database_leaves_it_untouched(tmp_path: Path) -> None:
    """Refusing must not switch the other app's file to WAL or leave -wal/-shm files."""
    path = other_apps_database(tmp_path / "other.db")
    before = path.read_bytes()
    with pytest.raises(Refused):
        open_database(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_open_refuses_an_unknown_schema_revision(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_database(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    with pytest.raises(Refused) as raised:
        open_database(path)
    assert raised.value.message == (
        f"{path} has schema revision 9999, which this salescli does not know"
    )
    assert raised.value.hint == "upgrade salescli"


def test_open_refuses_salescli_tables_without_a_revision(tmp_path: Path) -> None:
    path = tmp_path / "orphan.db"
    open_database(path).close()
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE alembic_version")
    connection.commit()
    connection.close()
    with pytest.raises(Refused, match="has salescli tables but no schema revision"):
        open_database(path)


# ---------------------------------------------------------------------------------------
# Schema: migrations produce exactly what the models declare


def test_schema_revision_is_the_head_of_the_migrations() -> None:
    assert salescli.migrations.head_revision() == SCHEMA_REVISION
    assert SCHEMA_REVISION in salescli.migrations.known_revisions()


def test_migrated_database_matches_the_models(database: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from salescli.models.tables import metadata

    def include_object(obj: Any, name: str | None, kind: str, *_: Any) -> bool:
        # Alembic cannot reflect an expression index and reports it as removed and added
        # again; test_indexes_match_the_models checks it from sqlite_master instead.
        # The text indexes are FTS5 tables, which SQLAlchemy does not describe: db.py makes
        # them (test_search checks what they hold).
        if kind == "table" and name is not None and textsearch.is_text_index_table(name):
            return False
        return not (
            kind == "index" and name in {"ux_account_name", "ux_product_code", "ux_campaign_name"}
        )

    engine = create_engine(f"sqlite:///{database.path}")
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_object": include_object, "compare_type": True}
            )
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_indexes_match_the_models(database: Database) -> None:
    from salescli.models.tables import metadata

    declared = {
        index.name: (table.name, bool(index.unique))
        for table in metadata.tables.values()
        for index in table.indexes
    }
    found = {
        row["name"]: (row["tbl_name"], row["sql"].startswith("CREATE UNIQUE INDEX"))
        for row in database.rows(
            "SELECT name, tbl_name, sql FROM sqlite_master "
            "WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'"
        )
    }
    assert found == declared


def test_index_definitions_match_the_models(database: Database) -> None:
    """The expression and the partial condition that alembic does not compare."""
    from salescli.models.tables import metadata

    sql = {
        row["name"]: row["sql"]
        for row in database.rows("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
    }
    assert sql["ux_account_name"] == (
        "CREATE UNIQUE INDEX ux_account_name ON account (name COLLATE NOCASE)"
    )
    assert sql["ux_product_code"] == (
        "CREATE UNIQUE INDEX ux_product_code ON product (code COLLATE NOCASE)"
    )
    assert sql["ux_campaign_name"] == (
        "CREATE UNIQUE INDEX ux_campaign_name ON campaign (name COLLATE NOCASE)"
    )
    lead_index = next(i for i in metadata.tables["lead"].indexes if i.name == "ix_lead_open_due")
    where = str(lead_index.dialect_options["sqlite"]["where"])
    assert sql["ix_lead_open_due"].endswith(f"WHERE {where}")


def test_account_names_are_unique_whatever_their_case(database: Database) -> None:
    insert = (
        "INSERT INTO account (name, status, created_at, updated_at) "
        "VALUES (?, 'prospect', '2026-11-23 00:00:00', '2026-11-23 00:00:00')"
    )
    with database.transaction():
        database.execute(insert, ("Huawei",))
    with pytest.raises(sqlite3.IntegrityError), database.transaction():
        database.execute(insert, ("HUAWEI",))
    assert database.scalar("SELECT count(*) FROM account") == 1


# ---------------------------------------------------------------------------------------
# Backup and integrity


def test_backup_is_a_private_copy_with_the_same_rows(database: Database, tmp_path: Path) -> None:
    with database.transaction():
        add_event(database, "first")
        add_event(database, "second")
    destination = tmp_path / "backups" / "copy.db"
    assert backup_database(database, destination) == destination
    assert mode_of(destination) == 0o600
    copy = open_database(destination, create=False)
    try:
        assert [row["action"] for row in copy.rows("SELECT action FROM event ORDER BY id")] == [
            "first",
            "second",
        ]
        assert schema_revision(copy) == SCHEMA_REVISION
        assert integrity_problems(copy) == []
    finally:
        copy.close()


def test_backup_into_a_directory_names_the_file(database: Database, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    written = backup_database(database, folder)
    assert written.parent == folder
    assert written.name.startswith("book-")
    assert written.suffix == ".db"
    assert mode_of(written) == 0o600


def test_backup_refuses_an_existing_destination(database: Database, tmp_path: Path) -> None:
    destination = tmp_path / "taken.db"
    destination.write_bytes(b"something precious")
    with pytest.raises(Refused) as raised:
        backup_database(database, destination)
    assert raised.value.message == f"{destination} exists"
    assert raised.value.hint == "choose another file or remove it first"
    assert destination.read_bytes() == b"something precious"


def test_backup_refuses_the_database_itself(database: Database) -> None:
    with pytest.raises(Refused, match="a backup cannot overwrite the database itself"):
        backup_database(database, database.path)
    with pytest.raises(Refused, match="a backup cannot overwrite the database itself"):
        backup_database(database, database.path.parent / "." / database.path.name)


def test_integrity_problems_is_empty_on_a_good_database(database: Database) -> None:
    with database.transaction():
        add_event(database, "add")
    assert integrity_problems(database) == []


def test_integrity_problems_reports_a_dangling_reference(database: Database) -> None:
    database.execute("PRAGMA foreign_keys=OFF")
    database.execute(
        "INSERT INTO contact (account_id, name, created_at, updated_at) "
        "VALUES (999, 'Wang', '2026-11-23 00:00:00', '2026-11-23 00:00:00')"
    )
    database.execute("PRAGMA foreign_keys=ON")
    assert integrity_problems(database) == ["contact row 1 points to a missing account"]


# ---------------------------------------------------------------------------------------
# Transactions


def test_transaction_commits(database: Database) -> None:
    with database.transaction():
        add_event(database, "add")
    assert actions(database.path) == ["add"]


def test_transaction_rolls_back_on_an_exception(database: Database) -> None:
    with pytest.raises(RuntimeError, match="boom"), database.transaction():
        add_event(database, "doomed")
        raise RuntimeError("boom")
    assert not database.connection.in_transaction
    assert database.scalar("SELECT count(*) FROM event") == 0
    assert actions(database.path) == []


def test_nested_transaction_joins_the_outer_one(database: Database) -> None:
    with pytest.raises(RuntimeError), database.transaction():
        add_event(database, "outer")
        with database.transaction():
            add_event(database, "inner")
        raise RuntimeError("undo both")
    assert actions(database.path) == []


def test_savepoint_rolls_back_only_its_part(database: Database) -> None:
    with database.transaction():
        add_event(database, "kept")
        with pytest.raises(RuntimeError), database.savepoint("part"):
            add_event(database, "undone")
            raise RuntimeError("bad row")
        add_event(database, "after")
    assert actions(database.path) == ["kept", "after"]


def test_savepoint_that_succeeds_is_kept(database: Database) -> None:
    with database.transaction():
        with database.savepoint():
            add_event(database, "inside")
        add_event(database, "outside")
    assert actions(database.path) == ["inside", "outside"]


def test_a_reader_does_not_see_uncommitted_writes(database: Database) -> None:
    with database.transaction():
        add_event(database, "pending")
        assert actions(database.path) == []
    assert actions(database.path) == ["pending"]


# ---------------------------------------------------------------------------------------
# --help and --version never open a database


@pytest.mark.parametrize(
    "args",
    [["--help"], ["-h"], ["lead", "--help"], ["lead", "add", "--help"], ["db", "backup", "-h"]],
)
def test_help_does_not_create_a_database(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "x.db"
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    assert "Usage: salescli" in result.stdout
    assert result.stderr == ""
    assert not db.exists()
    assert not (tmp_path / "data").exists()


def test_version_does_not_create_a_database(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = CliRunner().invoke(app, ["--db", str(db), "--version"])
    assert result.exit_code == 0
    assert result.stdout == "salescli 0.1.0\n"
    assert not db.exists()
    assert not (tmp_path / "data").exists()


def test_no_arguments_shows_help_without_an_empty_error(tmp_path: Path) -> None:
    """`salescli` alone shows the help; stderr must not carry a blank 'error: ' line."""
    result = CliRunner().invoke(app, [])
    assert "Usage: salescli" in result.stdout
    assert "error: \n" not in result.stderr
    assert not (tmp_path / "data").exists()


def test_version_in_process() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == "salescli 0.1.0\n"


def test_installed_salescli_prints_its_version(tmp_path: Path) -> None:
    completed = subprocess.run(
        [str(SALESCLI), "--db", str(tmp_path / "x.db"), "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "salescli 0.1.0\n"
    assert completed.stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------
# A write worth making but not worth waiting for


def test_a_write_if_free_is_made_when_the_book_is_free(database: Database) -> None:
    assert database.write_if_free("UPDATE won_deal_version SET retention_on = '2026-11-23'")
    assert database.scalar("SELECT retention_on FROM won_deal_version") == "2026-11-23"
    assert database.scalar("PRAGMA busy_timeout") == 10_000  # as it was


def test_a_write_if_free_is_skipped_while_another_process_writes(database: Database) -> None:
    writer = sqlite3.connect(database.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        assert not database.write_if_free("UPDATE won_deal_version SET retention_on = 'x'")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert database.scalar("SELECT retention_on FROM won_deal_version") is None
    assert database.scalar("PRAGMA busy_timeout") == 10_000


def test_a_write_if_free_is_skipped_inside_a_transaction(database: Database) -> None:
    with database.transaction():
        assert not database.write_if_free("UPDATE won_deal_version SET retention_on = 'x'")
    assert database.scalar("SELECT retention_on FROM won_deal_version") is None


def test_a_write_if_free_with_a_wrong_statement_is_an_error(database: Database) -> None:
    with pytest.raises(sqlite3.OperationalError, match="no such column"):
        database.write_if_free("UPDATE won_deal_version SET no_such = 1")
