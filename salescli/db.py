"""The database: connection, pragmas, transactions, migrations, backup, integrity check.

Everything specific to SQLite lives here, and the text index in textsearch.py. Services
talk to a `Database`, which wraps one DBAPI connection in autocommit mode and opens
explicit write transactions with ``BEGIN IMMEDIATE`` so cron and an interactive session
never deadlock on a lock upgrade.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from salescli import files
from salescli.errors import NotFound, Refused, SalesError, StorageProblem
from salescli.textsearch import (
    TEXT_INDEX_EVENTS,
    TEXT_INDEXED_TABLES,
    deferred_trigger,
    is_text_index_table,
    text_index,
)

# The alembic revision this code expects; tests check it is the head of migrations/.
SCHEMA_REVISION = "0025"
BUSY_TIMEOUT_SECONDS = 10.0
# Reads go through a memory map of the file instead of a read() call per page: the daily
# reads visit pages all over a big book (a rep's deals, then each one's account and
# contact). Measured on a 1.1 GB book of 1,000,000 deals: every active rep's live deals
# with their accounts and contacts in 0.66 s instead of 1.47 s. SQLite caps the size at
# its compile-time limit (2 GB by default) and reads past the map as before.
MMAP_BYTES = 1 << 31
FILE_MODE = 0o600
# The order `db check` lists tables in; a table not named here follows, by name.
ENTITY_TABLES = (
    "rep",
    "account",
    "account_fact",
    "contact",
    "lead",
    "lead_touch",
    "stage",
    "opportunity",
    "opportunity_share",
    "stage_change",
    "activity",
    "quota",
    "handover",
    "handover_successor",
    "handover_item",
    "event",
)

Params = Sequence[Any] | dict[str, Any]

# SQLite's primary result codes for the file's own problems (sqlite3 exports them from
# Python 3.11, but the type stubs do not yet).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26


# The SQL the services write is standard but for the few pieces below: they ask this module
# for them, so that a second backend (PostgreSQL, when a team outgrows one file) changes
# this module and not the services.

# Placeholders are positional ``?`` and named ``:name``, sqlite3's two styles; a backend
# whose driver wants ``%s`` or ``%(name)s`` translates them in `Database`, not the services.
# A write transaction that takes the write lock at once: a deferred one that reads, then
# writes, can fail to upgrade its lock while cron writes (SQLITE_BUSY despite the timeout).
BEGIN_WRITE = "BEGIN IMMEDIATE"
# Two tables joined in the order written: SQLite's planner never reorders the sides of a
# CROSS JOIN. Elsewhere it means the same as an inner join whose condition is in WHERE.
JOINED_IN_ORDER = "CROSS JOIN"


def index_hint(table: str, index: str) -> str:
    """``table`` read through ``index`` (``opportunity o INDEXED BY ix``). SQLite without
    ANALYZE statistics, which no rep's book has, can pick a plan 5-25x slower; each caller
    keeps the measurement that justifies its hint. Other databases plan with statistics:
    the table alone."""
    return f"{table} INDEXED BY {index}"


def days_between(later: str, earlier: str) -> str:
    """Whole days from the ISO date ``earlier`` to ``later`` (SQL expressions)."""
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def days_before(day: str, days: str) -> str:
    """The ISO date ``days`` days before ``day`` (SQL expressions)."""
    return f"date({day}, '-' || ({days}) || ' days')"


def day_number(day: str) -> str:
    """A number that grows by one a day, to sort and add days by (a SQL expression)."""
    return f"julianday({day})"


def refusing_trigger(name: str, event: str, table: str, when: str, message: str) -> str:
    """A trigger, gone with the connection, that refuses ``event`` (INSERT, UPDATE or
    DELETE) on ``table`` where ``when`` holds (over OLD and NEW), failing the statement
    with ``message``: a rule checked by the database row by row, as a bulk write goes."""
    return (
        f"CREATE TEMP TRIGGER {name} BEFORE {event} ON main.{table} WHEN {when}"
        f" BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


def drop_trigger(name: str) -> str:
    """The statement that drops a `refusing_trigger`."""
    return f"DROP TRIGGER IF EXISTS temp.{name}"


def recording_trigger(name: str, event: str, table: str, when: str, statement: str) -> str:
    """A trigger, gone with the connection, that runs ``statement`` after each ``event``
    on ``table`` where ``when`` holds: how a bulk write keeps what it changed."""
    return (
        f"CREATE TEMP TRIGGER {name} AFTER {event} ON main.{table} WHEN {when}"
        f" BEGIN {statement}; END"
    )


def row_as_json(row: str, columns: Sequence[str]) -> str:
    """A SQL expression: the trigger row ``row`` (OLD or NEW) as a JSON object."""
    return "json_object(" + ", ".join(f"'{c}', {row}.{c}" for c in columns) + ")"


def json_value(document: str, key: str) -> str:
    """A SQL expression: the value under ``key`` in the JSON object ``document``."""
    return f"json_extract({document}, '$.{key}')"


ROW_ID = "rowid"


def table_columns(database: Database, table: str) -> list[str]:
    return [str(row[1]) for row in database.tuples(f"PRAGMA table_info({table})")]


def references_to(database: Database, table: str) -> list[tuple[str, str, bool]]:
    """(table, column, cascades) for each column of the book that refers to ``table``."""
    found = []
    for other in _user_tables(database.connection):
        for key in database.rows(f"PRAGMA foreign_key_list({other})"):
            if key["table"] == table:
                found.append((other, str(key["from"]), key["on_delete"] == "CASCADE"))
    return found


def references_from(database: Database, table: str) -> list[tuple[str, str]]:
    """(column, table it refers to) for each column of ``table`` that refers to a record."""
    return [
        (str(key["from"]), str(key["table"]))
        for key in database.rows(f"PRAGMA foreign_key_list({table})")
    ]


def defer_foreign_keys(database: Database) -> None:
    """Check foreign keys at commit rather than statement by statement, for the rest of
    the current transaction (a bulk undo removes and restores rows in any order)."""
    database.execute("PRAGMA defer_foreign_keys = ON")


# Figures kept right by triggers that look rows up through a table's indexes (the book's
# retention: services/value/book_retention.py). A load that drops the table's indexes
# forgets them first (`Database.forget_kept`), so that its triggers look nothing up:
# without the indexes each look-up would read the whole table (a 100,000-row load into a
# small book ran for over 12 minutes before it was stopped). The next command that needs
# them counts. Other imports keep them right as they go: 50,000 won deals into a book of
# 100,000 took 2.66-2.76 s of CPU kept, 2.44-2.77 s forgotten.
FORGET_KEPT = {
    "opportunity": "UPDATE won_deal_version SET retention_on = NULL, retention_before = NULL,"
    " retention_now = NULL, retained = NULL, active = NULL",
}


class Database:
    """One connection to one book, with helpers for queries and transactions."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.connection = connection

    def rows(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        return self.connection.execute(sql, params).fetchall()

    def tuples(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """Rows as plain tuples, for reads of many rows: building a tuple costs a third
        less than a `sqlite3.Row` (measured: 237,000 rows of 14 columns in 0.61 s
        instead of 0.84 s)."""
        cursor = self.connection.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params).fetchall()

    def row(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        result: sqlite3.Row | None = self.connection.execute(sql, params).fetchone()
        return result

    def scalar(self, sql: str, params: Params = ()) -> Any:
        found = self.connection.execute(sql, params).fetchone()
        return None if found is None else found[0]

    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        return self.connection.executemany(sql, rows)

    def write_if_free(self, sql: str, params: Params = ()) -> bool:
        """Make a write worth making but not worth waiting for (a figure kept for the next
        command) at once, in a transaction of its own; skip it, returning False, when the
        caller is inside a transaction, the book is open to read only, or another process
        holds the write lock (an import): a read never waits for, nor fails on, it."""
        if self.connection.in_transaction:
            return False
        waits = int(self.scalar("PRAGMA busy_timeout"))
        self.execute("PRAGMA busy_timeout = 0")
        try:
            self.execute(sql, params)
        except sqlite3.OperationalError as err:
            # Read only, locked, a full disk: the file's doing, not the statement's (an
            # error in the statement is raised; Python 3.10 does not tell them apart).
            code = getattr(err, "sqlite_errorcode", None)
            if code is None or code & 0xFF in STORAGE_MESSAGES:
                return False
            raise
        finally:
            self.execute(f"PRAGMA busy_timeout = {waits}")
        return True

    def forget_kept(self, table: str) -> None:
        """Before ``table``'s indexes are dropped: forget the figures its triggers keep
        right (`FORGET_KEPT`), inside the caller's transaction."""
        statement = FORGET_KEPT.get(table)
        if statement is not None:
            self.execute(statement)

    def has_table(self, name: str) -> bool:
        """Whether the book has this table (a revenue basis needs contracts or receipts)."""
        return bool(
            self.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        )

    @property
    def total_changes(self) -> int:
        return self.connection.total_changes

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A write transaction: all of it commits, or none of it does."""
        if self.connection.in_transaction:
            yield self
            return
        self.connection.execute(BEGIN_WRITE)
        try:
            yield self
        except BaseException:
            # SQLite may have rolled the transaction back itself (a full disk does): a
            # second ROLLBACK would fail and hide why.
            self.rollback()
            raise
        self.connection.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One consistent view of the book for a read made of several statements (inside a
        write transaction, that transaction already is one)."""
        if self.connection.in_transaction:
            yield
            return
        self.connection.execute("BEGIN")
        try:
            yield
        finally:
            self.rollback()

    @contextmanager
    def savepoint(self, name: str = "sp") -> Iterator[None]:
        """A nested unit inside a transaction that can be undone alone."""
        self.connection.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if self.connection.in_transaction:  # not if SQLite ended the transaction itself
                self.connection.execute(f"ROLLBACK TO {name}")
                self.connection.execute(f"RELEASE {name}")
            raise
        self.connection.execute(f"RELEASE {name}")

    @contextmanager
    def indexes_suspended(self, table: str) -> Iterator[None]:
        """Drop the table's non-unique indexes and build them again at the end, inside the
        current transaction. For a bulk load one sort beats a million random inserts
        (measured on 1M leads: 6.8 s with the index kept up, 4.5 s rebuilt). Unique
        indexes stay: conflict handling needs them."""
        if not self.connection.in_transaction:
            raise RuntimeError("indexes can only be suspended inside a transaction")
        self.forget_kept(table)
        indexes = self.rows(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
            " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
            (table,),
        )
        for index in indexes:
            self.execute(f'DROP INDEX "{index["name"]}"')
        yield
        for index in indexes:
            self.execute(index["sql"])

    @contextmanager
    def text_index_deferred(self) -> Iterator[None]:
        """Inside a write transaction: rows added meanwhile reach the text indexes in one
        statement per table at the end, not one a row. FTS5 writes out what it holds at
        every statement that changes it, so an import's row-by-row inserts cost ~70 us
        each (measured: 100,000 leads in 7.5 s, in 1.4 s with the index filled at the
        end). Meanwhile a temporary trigger notes each new row, and the index follows
        changes to the rows it already holds."""
        if not self.connection.in_transaction:
            raise RuntimeError("the text index can only be deferred inside a transaction")
        kept = {}
        for table in TEXT_INDEXED_TABLES:
            names = [f"{text_index(table)}_{event}" for event in TEXT_INDEX_EVENTS]
            triggers = self.rows(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?, ?)",
                names,
            )
            if triggers:
                kept[table] = triggers
        for table, triggers in kept.items():
            # Unqualified: a trigger may not name a schema where it writes.
            pending = f"{text_index(table)}_pending"
            self.execute(f"CREATE TEMP TABLE {pending} (id INTEGER PRIMARY KEY)")
            for trigger in triggers:
                self.execute(f'DROP TRIGGER main."{trigger["name"]}"')
                self.execute(deferred_trigger(table, trigger["name"], trigger["sql"], pending))
        yield
        for table, triggers in kept.items():
            pending = f"temp.{text_index(table)}_pending"
            added = next(t["sql"] for t in triggers if t["name"].endswith("_insert"))
            text = added.split("VALUES (new.id, ", 1)[1].rsplit(");", 1)[0]
            # The rows are read as "new", the name the trigger's expression gives them.
            self.execute(
                f"INSERT INTO {text_index(table)}(rowid, body) SELECT new.id, {text}"
                f" FROM main.{table} AS new WHERE new.id IN (SELECT id FROM {pending})"
            )
            for trigger in triggers:
                self.execute(f'DROP TRIGGER temp."{trigger["name"]}"')
                self.execute(trigger["sql"])
            self.execute(f"DROP TABLE {pending}")

    def rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

    def close(self) -> None:
        self.connection.close()


IntegrityError = sqlite3.IntegrityError


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    target, uri = str(path), False
    if read_only:
        # Without a writable folder SQLite cannot make the -shm file a WAL book is read
        # through; with no -wal file beside it the file alone is the whole book, and
        # "immutable" reads it without one (a backup on a read-only mount, say).
        wal = Path(f"{path}-wal")
        waiting = wal.exists() and wal.stat().st_size > 0
        immutable = not _folder_writable(path) and not waiting
        if waiting and not _folder_writable(path) and not Path(f"{path}-shm").exists():
            raise StorageProblem(
                f"{path} has changes waiting in {wal.name}, which cannot be read in a"
                " read-only folder",
                hint="copy the book with its -wal file to a folder you can write",
            )
        target = f"{path.absolute().as_uri()}?mode=ro{'&immutable=1' if immutable else ''}"
        uri = True
    connection = sqlite3.connect(
        target,
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=None,
        check_same_thread=False,
        uri=uri,
    )
    connection.row_factory = sqlite3.Row
    return connection


def _folder_writable(path: Path) -> bool:
    return os.access(path.parent, os.W_OK | os.X_OK)


def _read_only(path: Path) -> bool:
    """Whether this user can only read the book: the file, or the folder SQLite keeps its
    -wal and -shm files in, is not writable."""
    return not (os.access(path, os.W_OK) and _folder_writable(path))


def _configure(connection: sqlite3.Connection, *, read_only: bool = False) -> None:
    """The pragmas every salescli connection runs with (WAL changes the file: only once the
    file is known to be ours, and never in one opened to read only)."""
    if not read_only:
        connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(f"PRAGMA mmap_size={MMAP_BYTES}")


def _create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only (it holds personal data).

    SQLite gives its -wal and -shm files the same mode as the database.
    """
    files.check_folder(path.parent, make=True, writing=path)
    files.private_folder(path.parent)
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
    os.close(descriptor)


def open_database(path: Path, *, create: bool = True) -> Database:
    """Open a book, creating it and applying migrations (after a backup) as needed. A book
    this user cannot write is opened to read only: reads work, writes are refused."""
    path = path.expanduser()
    if not path.exists():
        if not create:
            raise NotFound(
                f"no database at {path}",
                hint="run 'salescli init', or check --db, SALESCLI_DB and 'salescli config show'",
            )
        _create_private_file(path)
    elif path.is_dir():
        raise Refused(f"{path} is a directory, not a database file")
    elif not create and path.stat().st_size == 0:
        # An empty file is no book yet; a command that only reads must not make it one.
        raise NotFound(
            f"{path} is empty, not a salescli database",
            hint="run 'salescli init' to make it a book, or check --db and SALESCLI_DB",
        )
    read_only = _read_only(path)
    connection: sqlite3.Connection | None = None
    try:
        connection = _connect(path, read_only=read_only)
        revision = _current_revision(connection)
        _refuse_foreign(connection, path, revision)
        _configure(connection, read_only=read_only)
        database = Database(path, connection)
        if revision != SCHEMA_REVISION:
            _refuse_unknown(path, revision)
            if read_only:
                raise StorageProblem(
                    f"{path} is read-only and needs an upgrade to this salescli's schema",
                    hint="copy it to a folder you can write and open the copy",
                )
            _migrate(database)
    except sqlite3.Error as err:
        if connection is not None:
            connection.close()
        raise storage_problem(err, path) or Refused(
            f"{path} is not a salescli database: {err}"
        ) from err
    except BaseException:
        if connection is not None:
            connection.close()
        raise
    return database


# What each of SQLite's errors about the file itself tells the user: message and hint,
# with {path}, {err} and {restore} (where the backups are) filled in.
STORAGE_MESSAGES = {
    SQLITE_BUSY: ("{path} is locked: another salescli or sqlite3 is writing", "try again"),
    SQLITE_READONLY: (
        "{path} is read-only: salescli can read it but not change it",
        "ask for write access to the file and its folder, or work on a copy",
    ),
    SQLITE_FULL: (
        "the disk is full: nothing was written to {path}",
        "free some space and try again",
    ),
    SQLITE_IOERR: (
        "the disk failed while salescli used {path}: {err}; nothing was written",
        "check the disk and try again",
    ),
    SQLITE_CANTOPEN: (
        "cannot open {path}: {err}",
        "check that you may read the file and write in its folder",
    ),
    SQLITE_CORRUPT: ("the book {path} is damaged: {err}", "run 'salescli db check'; {restore}"),
    SQLITE_NOTADB: (
        "{path} is not a SQLite database, or it is damaged",
        "check --db and SALESCLI_DB; if it was your book, {restore}",
    ),
}
STORAGE_MESSAGES[SQLITE_LOCKED] = STORAGE_MESSAGES[SQLITE_BUSY]


def storage_problem(err: sqlite3.Error, path: Path) -> StorageProblem | None:
    """What an SQLite error about the file itself means to the user, or None for an
    error about the data (a constraint, a bad statement)."""
    code = getattr(err, "sqlite_errorcode", None)
    # Extended codes (SQLITE_READONLY_DBMOVED...) keep the primary one in the low byte.
    found = None if code is None else STORAGE_MESSAGES.get(code & 0xFF)
    if found is None:
        return None
    message, hint = found
    restore = _restore(path) if "{restore}" in hint else ""
    return StorageProblem(message.format(path=path, err=err), hint=hint.format(restore=restore))


def _restore(path: Path) -> str:
    return restore_hint(path)


def restore_hint(path: Path) -> str:
    """What to do with a damaged book: restore a backup, or, when none was ever made, keep
    the file and export what can still be read."""
    from salescli.config import backups_dir

    folder = backups_dir(path.absolute())
    if folder.is_dir() and any(folder.glob("*.db")):
        return f"restore from a backup in {folder}"
    return (
        f"no backup of it was ever made (none in {folder}): copy the file aside and export"
        " what can still be read ('salescli account export FILE' and the others)"
    )


@contextmanager
def storage_errors(path: Path) -> Iterator[None]:
    """Report SQLite's errors about the book's file (locked, read-only, full disk, damaged)
    as the `StorageProblem` each one is; any other error passes unchanged."""
    try:
        yield
    except sqlite3.Error as err:
        problem = storage_problem(err, path)
        if problem is None:
            raise
        raise problem from err


def _refuse_foreign(connection: sqlite3.Connection, path: Path, revision: str | None) -> None:
    """Refuse, before changing anything, a file that is not a salescli book."""
    if revision is not None:
        return
    tables = _user_tables(connection)
    if "rep" in tables:
        raise Refused(f"{path} has salescli tables but no schema revision")
    if tables:
        raise Refused(f"{path} is another application's database")


def _current_revision(connection: sqlite3.Connection) -> str | None:
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).fetchone()
    if not exists:
        return None
    found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if found is None else str(found[0])


def _user_tables(connection: sqlite3.Connection) -> list[str]:
    return [
        str(row[0])
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]


def _migrate(database: Database) -> None:
    """Bring an older book up to SCHEMA_REVISION under the write lock, in one transaction:
    a second process opening it at the same moment waits, then finds it upgraded; a kill
    or a failure leaves it at its old revision, as it was. The backup is taken inside the
    lock, so there is one per upgrade."""
    from salescli.migrations import upgrade

    connection = database.connection
    # Batch mode copies tables to change them; the pragma is a no-op inside a transaction.
    connection.execute("PRAGMA foreign_keys=OFF")
    try:
        with database.transaction():
            revision = _current_revision(connection)
            if revision == SCHEMA_REVISION:
                return  # upgraded by another process while this one waited for the lock
            _refuse_unknown(database.path, revision)
            if _user_tables(connection):
                _backup_before_upgrade(database.path, revision)
            try:
                upgrade(connection)
            except Exception as err:
                cause = getattr(err, "orig", err)  # SQLAlchemy wraps the driver's error
                problem = (
                    storage_problem(cause, database.path)
                    if isinstance(cause, sqlite3.Error)
                    else None
                )
                raise problem or SalesError(
                    f"cannot upgrade {database.path}: {cause}",
                    hint=f"the book was left as it was, at schema revision {revision}",
                ) from err
    finally:
        connection.execute("PRAGMA foreign_keys=ON")


def _refuse_unknown(path: Path, revision: str | None) -> None:
    """Refuse a book made by a newer salescli: this one cannot read or upgrade it."""
    from salescli.migrations import known_revisions

    if revision is not None and revision not in known_revisions():
        raise Refused(
            f"{path} has schema revision {revision}, which this salescli does not know",
            hint="upgrade salescli",
        )


def _backup_before_upgrade(path: Path, revision: str | None) -> None:
    """Back up what the upgrade will change, through a second connection: the upgrading
    one holds the write lock, which a reader does not need."""
    reader = Database(path, _connect(path))
    try:
        backup_database(reader, None, label=f"before-upgrade-{revision}")
    finally:
        reader.close()


def backup_database(database: Database, destination: Path | None, *, label: str = "") -> Path:
    """Copy the live database consistently (SQLite's online backup) into a new private
    file, checked before it is given its name: a failed or damaged copy leaves nothing
    behind. Without ``destination`` (or with a folder) the file is named after the book and
    the moment, with ``-2``, ``-3``... when another backup took that name the same second."""
    from salescli.config import backups_dir

    moment = datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = f"{database.path.stem}-{moment}"
    explicit: Path | None = None
    if destination is None:
        folder = backups_dir(database.path)
        stem += f"-{label}" if label else ""
    elif destination.is_dir():
        folder = destination
    else:
        explicit, folder = destination, destination.parent
        if destination.resolve() == database.path.resolve():
            raise Refused("a backup cannot overwrite the database itself")
        if destination.exists():
            raise Refused(f"{destination} exists", hint="choose another file or remove it first")
    files.check_folder(folder, make=True, writing=explicit or folder)
    files.private_folder(folder)
    with files.temporary_beside(explicit or folder / f"{stem}.db") as temporary:
        copy = sqlite3.connect(str(temporary))
        try:
            database.connection.backup(copy)
            try:
                problems = _lines(str(row[0]) for row in copy.execute("PRAGMA integrity_check"))
            except sqlite3.DatabaseError as err:  # too damaged to check
                problems = [str(err)]
        finally:
            copy.close()
        if problems:
            raise StorageProblem(
                f"the book is damaged, so no backup was made: {problems[0]}",
                hint=f"run 'salescli db check'; {_restore(database.path)}",
            )
        if explicit is not None:
            files.link_new(temporary, explicit)
            return explicit
        return files.link_fresh(temporary, folder, stem, ".db")


def integrity_problems(database: Database) -> list[str]:
    """What is wrong with the book: damaged pages and tables, and rows that point to
    missing ones. Never fails on a damaged book."""
    try:
        found = _lines(str(row[0]) for row in database.rows("PRAGMA integrity_check"))
        problems = _name_pages(database, found)
    except sqlite3.DatabaseError:
        problems = _problems_by_table(database)  # too damaged to check whole: table by table
    try:
        problems.extend(
            f"{row[0]} row {row[1]} points to a missing {row[2]}"
            for row in database.rows("PRAGMA foreign_key_check")
        )
    except sqlite3.DatabaseError as err:
        problems.append(f"references cannot be checked: {err}")
    return problems


def _lines(found: Iterable[str]) -> list[str]:
    """integrity_check's answer as one problem a line, without "ok" and the heading."""
    return [
        line
        for text in found
        for line in text.splitlines()
        if line != "ok" and not line.startswith("*** in database")
    ]


ROOT_PAGE = re.compile(r"\b(?:[Pp]age|Tree) (\d+)\b")


def _name_pages(database: Database, problems: list[str]) -> list[str]:
    """``Page 17: ...`` as ``table lead: Page 17: ...`` when page 17 is where a table or
    an index starts."""
    roots = {
        int(row[0]): f"{row[1]} {row[2]}"
        for row in database.rows("SELECT rootpage, type, name FROM sqlite_master WHERE rootpage")
    }
    named = []
    for problem in problems:
        page = ROOT_PAGE.search(problem)
        owner = roots.get(int(page.group(1))) if page else None
        named.append(f"{owner}: {problem}" if owner else problem)
    return named


def _problems_by_table(database: Database) -> list[str]:
    try:
        tables = _user_tables(database.connection)
    except sqlite3.DatabaseError as err:
        return [f"the list of tables cannot be read: {err}"]
    problems: list[str] = []
    for table in tables:
        try:
            rows = database.rows(f'PRAGMA integrity_check("{table}")')
        except sqlite3.DatabaseError as err:
            problems.append(f"table {table}: {err}")
            continue
        problems.extend(f"table {table}: {row[0]}" for row in rows if row[0] != "ok")
    return problems


def schema_revision(database: Database) -> str | None:
    return _current_revision(database.connection)


def table_counts(database: Database) -> dict[str, int]:
    """Rows in every table of the book that can be read (a damaged one is left out: the
    integrity check names it), deals and activities included; not the text indexes,
    which hold no records of their own."""
    present = {
        table for table in _user_tables(database.connection) if not is_text_index_table(table)
    } - {"alembic_version"}
    counts: dict[str, int] = {}
    for table in [*ENTITY_TABLES, *sorted(present - set(ENTITY_TABLES))]:
        if table in present:
            try:
                counts[table] = int(database.scalar(f"SELECT count(*) FROM {table}"))
            except sqlite3.DatabaseError:
                continue
    return counts
