"""The opportunity benchmarks: the funnel, one rep's stalled deals, and a big import.

- ``salescli --as manager opp funnel --all`` and one rep's ``salescli opp list --stalled``
  (plain text into a pipe) on a book of 1,000,000 deals and ~2.9M stage changes made by
  ``generate.write_book``, from the regular install. Beside each: the ``sqlite3`` CLI
  running the very statements the command's service runs (caught with sqlite3's trace
  callback), the same command on an empty book (start-up and rendering of nothing), the
  service called in this process, and its statements alone through Python's sqlite3, so
  start-up, SQL and Python are told apart. The book has no ``ANALYZE`` statistics, as a
  user's book has none (salescli never runs ANALYZE); the same figures on a copy after
  ``ANALYZE`` are printed for information, with the query plans of both.
- ``salescli opp import FILE --create-missing`` of a 1,000,000-row CSV into a fresh book
  (migrated, holding the manager and rep01..rep50; every account is created) beside
  ``sqlite3 .import`` of the same file into a plain table, and beside SQLite alone doing
  the import's job in C (accounts, deals and their opening history by INSERT...SELECT).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import shutil
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import generate
from measure import (
    DATA,
    MB,
    SALESCLI,
    SQLITE3,
    TODAY,
    Figure,
    Run,
    checkpoint,
    fresh_copy,
    median_run,
    megabytes,
    milliseconds,
    repeat,
    run_child,
    seconds,
)

from salescli.db import SCHEMA_REVISION

# Bump when generate.write_book changes what it makes: cached books are then rebuilt.
BOOK_VERSION = 5
MANAGER = generate.BOOK_MANAGER
# Statements that only make sense inside the command's own connection, and those SQLite
# runs itself inside another (traced as comments: FTS5 reading its index), which the
# statement that caused them runs again.
NOT_REPLAYED = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA", "--")


@dataclass(frozen=True)
class ReadCommand:
    """An everyday read: how the CLI is called and which service call it makes."""

    label: str
    acting: str
    argv: tuple[str, ...]
    module: str
    call: Callable[[Any, Any], Any]  # (service module, session) -> result
    target: float


@dataclass(frozen=True)
class Traced:
    """The statements one service call ran, and how much it returned."""

    statements: list[str]
    result: Any


@dataclass
class Plans:
    """EXPLAIN QUERY PLAN of each statement a command runs, without and with ANALYZE."""

    label: str
    statements: list[str]
    before: list[str]
    after: list[str]


def schema_digest(db: Path) -> str:
    """A short digest of a book's schema: a cached book is reused only while the
    migrations still make the same tables and indexes."""
    with sqlite3.connect(db) as connection:
        found = connection.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
        ).fetchall()
    connection.close()
    return hashlib.sha256(repr(found).encode()).hexdigest()[:8]


def book_file(deals: int, schema: str) -> Path:
    """The generated book (built on first use, then reused: ~45 s and ~590 MB at 1M)."""
    path = DATA / f"opp-book-{deals}-r{SCHEMA_REVISION}-{schema}-v{BOOK_VERSION}.db"
    if not path.exists():
        print(f"generating {path.name} ...", flush=True)
        generate.write_book(path, deals, seed=1, salescli=Path(SALESCLI))
    return path


def opportunity_file(deals: int) -> Path:
    path = DATA / f"opportunities-{deals}.csv"
    if not path.exists():
        print(f"generating {path.name} ...", flush=True)
        generate.write_opportunities(deals, path, seed=1)
    return path


def command_exists(installed: Path, env: dict[str, str], *words: str) -> bool:
    """Whether this checkout's salescli has ``opp WORD`` (the group grows over time)."""
    found = subprocess.run(
        [str(installed), *words, "--help"], env=env, capture_output=True, check=False
    )
    return found.returncode == 0


def typical_rep(db: Path, *, active_only: bool = False) -> tuple[str, int]:
    """The rep whose book is the median size (of the active reps' with ``active_only``),
    and its number of deals."""
    active = " WHERE r.active = 1" if active_only else ""
    with sqlite3.connect(db) as connection:
        books = connection.execute(
            "SELECT r.handle, count(*) FROM opportunity o JOIN rep r ON r.id = o.owner_id"
            f"{active} GROUP BY r.handle ORDER BY count(*), r.handle"
        ).fetchall()
    connection.close()
    handle, deals = books[len(books) // 2]
    return str(handle), int(deals)


def book_counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as connection:
        deals = connection.execute("SELECT count(*) FROM opportunity").fetchone()[0]
        changes = connection.execute("SELECT count(*) FROM stage_change").fetchone()[0]
    connection.close()
    return int(deals), int(changes)


def traced_call(db: Path, command: ReadCommand) -> Traced:
    """Run the command's service in this process and catch every statement it runs,
    with its parameters written in (sqlite3's expanded SQL)."""
    from salescli.services.core.session import open_session

    module = importlib.import_module(command.module)
    statements: list[str] = []
    with open_session(
        db, today=generate.BENCH_TODAY, acting_handle=command.acting, create=False
    ) as session:
        session.db.connection.set_trace_callback(statements.append)
        result = command.call(module, session)
        session.db.connection.set_trace_callback(None)
    replayed = [s for s in statements if not s.lstrip().upper().startswith(NOT_REPLAYED)]
    return Traced(replayed, result)


def time_service(db: Path, command: ReadCommand, times: int) -> float:
    """Median seconds of the service call alone (session opened beforehand)."""
    from salescli.services.core.session import open_session

    module = importlib.import_module(command.module)
    runs = []
    for _ in range(times):
        with open_session(
            db, today=generate.BENCH_TODAY, acting_handle=command.acting, create=False
        ) as session:
            start = time.perf_counter()
            command.call(module, session)
            runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def time_statements(db: Path, statements: Sequence[str], times: int) -> float:
    """Median seconds to run and fetch the statements on a new connection each time
    (SQLite's page cache cold, the operating system's warm, as for a new process)."""
    runs = []
    for _ in range(times):
        connection = sqlite3.connect(db)
        connection.row_factory = sqlite3.Row
        start = time.perf_counter()
        for sql in statements:
            connection.execute(sql).fetchall()
        runs.append(time.perf_counter() - start)
        connection.close()
    return statistics.median(runs)


def query_plans(db: Path, statements: Sequence[str]) -> list[str]:
    """Each statement's EXPLAIN QUERY PLAN as an indented tree."""
    connection = sqlite3.connect(db)
    texts = []
    try:
        for sql in statements:
            rows = connection.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
            depth: dict[int, int] = {0: -1}
            lines = []
            for node, parent, _, detail in rows:
                depth[node] = depth.get(parent, -1) + 1
                lines.append("  " * depth[node] + str(detail))
            texts.append("\n".join(lines))
    finally:
        connection.close()
    return texts


def sqlite_script(statements: Sequence[str]) -> bytes:
    return "".join(f"{sql};\n" for sql in statements).encode()


def read_commands(rep: str) -> list[ReadCommand]:
    return [
        ReadCommand(
            "opp funnel --all",
            MANAGER,
            ("opp", "funnel", "--all"),
            "salescli.services.pipeline.funnel",
            lambda module, session: module.funnel_report(session, everyone=True),
            1.0,
        ),
        ReadCommand(
            f"opp list --stalled (as {rep})",
            rep,
            ("opp", "list", "--stalled"),
            "salescli.services.pipeline.opportunities",
            lambda module, session: module.list_opportunities(session, stalled=True),
            0.300,
        ),
    ]


def cli_argv(program: Path, db: Path, command: ReadCommand) -> list[str]:
    return [str(program), "--db", str(db), "--as", command.acting, "--today", TODAY, *command.argv]


def describe(
    command: ReadCommand, traced: Traced, *, deals: int, changes: int, rep_deals: int
) -> str:
    if command.argv[1] == "list":
        return (
            f"{command.label}: {rep_deals:,} of {deals:,} deals are theirs,"
            f" {len(traced.result):,} stalled"
        )
    return f"{command.label} ({deals:,} deals, {changes:,} stage changes)"


def analyzed_copy(db: Path, target: Path) -> Path:
    """A copy of the book with ANALYZE's statistics (salescli never makes them)."""
    print("  ANALYZE on a copy of the book", flush=True)
    shutil.copyfile(db, target)
    with sqlite3.connect(target) as connection:
        connection.execute("ANALYZE")
    connection.close()
    return target


def available(
    commands: Sequence[ReadCommand], installed: Path, env: dict[str, str]
) -> list[ReadCommand]:
    """The commands this checkout has (a suite grows over time); the others are skipped
    with a message."""
    wanted = []
    for command in commands:
        if importlib.util.find_spec(command.module) is None or not command_exists(
            installed, env, *command.argv[:2]
        ):
            print(f"  {command.label}: not in this checkout, skipped", flush=True)
            continue
        wanted.append(command)
    return wanted


def python_floor(installed: Path, env: dict[str, str], times: int) -> Run:
    """``python -c pass`` from the install's venv: the floor of any start-up."""
    python = str(installed.parent / "python")
    run_child([python, "-c", "pass"], env=env)
    return repeat(times, functools.partial(run_child, [python, "-c", "pass"], env=env))


def measure_read(
    command: ReadCommand,
    describe: Callable[[Traced], str],
    *,
    db: Path,
    analyzed: Path,
    empty: Path,
    env: dict[str, str],
    installed: Path,
    times: int,
    start_floor: Run,
    variants: Sequence[str] = (),
) -> tuple[list[Figure], Plans]:
    """One read command, whole processes, beside its floors: the sqlite3 CLI running
    its service's very statements, then the breakdown (start-up on ``empty``, the service
    in-process, its SQL alone) and the same on the ``analyzed`` copy. ``variants``: flags
    (``--json``) timed as the same command with the flag, for information. ``describe``
    names the main figure from the traced call."""
    print(f"  {command.label}", flush=True)
    traced = traced_call(db, command)
    what = describe(traced)
    count = len(traced.statements)
    argv = cli_argv(installed, db, command)
    run_child(argv, env=env)  # warm the page cache and .pyc files
    mine = repeat(times, functools.partial(run_child, argv, env=env))
    floor_script = sqlite_script(traced.statements)
    floor = repeat(times, functools.partial(run_child, [SQLITE3, str(db)], stdin=floor_script))
    floor_text = f"{milliseconds(floor.seconds)} sqlite3, same {count} statements"
    figures = [
        Figure(
            what,
            milliseconds(mine.seconds),
            floor_text,
            mine.seconds / floor.seconds,
            f"< {milliseconds(command.target)}",
            mine.seconds < command.target,
        )
    ]
    for flag in variants:
        print(f"  {command.label} {flag}", flush=True)
        run_child([*argv, flag], env=env)
        other = repeat(times, functools.partial(run_child, [*argv, flag], env=env))
        figures.append(
            Figure(
                f"{command.label}: with {flag} (information)",
                milliseconds(other.seconds),
                floor_text,
                other.seconds / floor.seconds,
                "",
                None,
            )
        )
    empty_argv = cli_argv(installed, empty, command)
    run_child(empty_argv, env=env)
    bare = repeat(times, functools.partial(run_child, empty_argv, env=env))
    service = time_service(db, command, times)
    sql = time_statements(db, traced.statements, times)
    analyzed_argv = cli_argv(installed, analyzed, command)
    run_child(analyzed_argv, env=env)
    after = repeat(times, functools.partial(run_child, analyzed_argv, env=env))
    sql_after = time_statements(analyzed, traced.statements, times)
    figures.extend(
        [
            Figure(
                f"{command.label}: same command, empty book (start-up)",
                milliseconds(bare.seconds),
                f"{milliseconds(start_floor.seconds)} python -c pass",
                bare.seconds / start_floor.seconds,
                "",
                None,
            ),
            Figure(
                f"{command.label}: the service in-process (SQL + records)",
                milliseconds(service),
                f"{milliseconds(sql)} its SQL alone",
                service / sql,
                "",
                None,
            ),
            Figure(
                f"{command.label}: its {count} statements alone (Python sqlite3)",
                milliseconds(sql),
                floor_text,
                sql / floor.seconds,
                "",
                None,
            ),
            Figure(
                f"{command.label}: after ANALYZE (information)",
                milliseconds(after.seconds),
                f"{milliseconds(mine.seconds)} without",
                after.seconds / mine.seconds,
                "",
                None,
            ),
            Figure(
                f"{command.label}: its statements alone after ANALYZE",
                milliseconds(sql_after),
                f"{milliseconds(sql)} without",
                sql_after / sql,
                "",
                None,
            ),
        ]
    )
    plans = Plans(
        command.label,
        traced.statements,
        query_plans(db, traced.statements),
        query_plans(analyzed, traced.statements),
    )
    return figures, plans


def remove_book(*paths: Path) -> None:
    for path in paths:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def measure_book_reads(
    commands: Sequence[ReadCommand],
    describe: Callable[[ReadCommand, Traced], str],
    *,
    db: Path,
    empty: Path,
    env: dict[str, str],
    installed: Path,
    times: int,
    variants: Callable[[ReadCommand], Sequence[str]] = lambda command: (),
) -> tuple[list[Figure], list[Plans]]:
    """`measure_read` of each command this checkout has, on ``db`` (a copy, removed at the
    end with its ``ANALYZE``d copy), sharing one start-up floor."""
    figures: list[Figure] = []
    plans: list[Plans] = []
    wanted = available(commands, installed, env)
    analyzed = db.with_name(f"{db.stem}-analyzed.db")
    if wanted:
        start_floor = python_floor(installed, env, times)
        analyzed_copy(db, analyzed)
        for command in wanted:
            found, plan = measure_read(
                command,
                functools.partial(describe, command),
                db=db,
                analyzed=analyzed,
                empty=empty,
                env=env,
                installed=installed,
                times=times,
                start_floor=start_floor,
                variants=variants(command),
            )
            figures.extend(found)
            plans.append(plan)
    remove_book(db, *([analyzed] if wanted else []))
    return figures, plans


def measure_reads(
    book: Path,
    empty: Path,
    workdir: Path,
    env: dict[str, str],
    installed: Path,
    times: int,
) -> tuple[list[Figure], list[Plans]]:
    """The funnel and the stalled list: whole processes beside their floors, then the
    breakdown (start-up, service, SQL) and the same after ANALYZE."""
    db = fresh_copy(book, workdir / "opp-book.db")
    rep, rep_deals = typical_rep(db)
    deals, changes = book_counts(db)
    return measure_book_reads(
        read_commands(rep),
        functools.partial(describe, deals=deals, changes=changes, rep_deals=rep_deals),
        db=db,
        empty=empty,
        env=env,
        installed=installed,
        times=times,
    )


def raw_table(name: str) -> str:
    return f"CREATE TABLE {name} ({', '.join(f'{c} TEXT' for c in generate.OPP_HEADER)})"


def suspended_indexes(db: Path) -> list[tuple[str, str]]:
    """The indexes ``opp import`` drops before a big load and builds again after it, as
    salescli's ``Database.indexes_suspended`` does: the non-unique ones of the deals and
    of their history."""
    with sqlite3.connect(db) as connection:
        found = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ('opportunity', 'stage_change')"
            " ORDER BY name"
        ).fetchall()
    connection.close()
    return [(str(name), str(sql)) for name, sql in found]


def same_job_script(csv_file: Path, indexes: Sequence[tuple[str, str]]) -> bytes:
    """What SQLite alone does for ``opp import --create-missing``: stage the file, create
    the accounts it names, insert the deals (owner by handle, stage by name, amount to
    cents, closed deals won or lost on their close date), then each deal's history: the
    opening row on its opened_on date and, for a closed deal, the move to won or lost; the
    deals' and history's indexes dropped first and built again at the end, as salescli
    does for a big load."""
    stamp = f"{TODAY}T09:00:00Z"
    actor = f"(SELECT id FROM rep WHERE handle = '{MANAGER}')"
    drop = "".join(f"DROP INDEX {name};\n" for name, _ in indexes)
    rebuild = "".join(f"{sql};\n" for _, sql in indexes)
    return (
        "PRAGMA journal_mode=WAL;\n"
        f"CREATE TEMP {raw_table('staged')[len('CREATE ') :]};\n"
        f".import --csv --skip 1 {csv_file} staged\n"
        "BEGIN;\n"
        f"{drop}"
        "INSERT INTO account (name, status, owner_id, created_at, updated_at)"
        f" SELECT d.account, 'prospect', min(r.id), '{stamp}', '{stamp}'"
        " FROM staged d JOIN rep r ON r.handle = d.owner WHERE d.account <> ''"
        " GROUP BY d.account COLLATE NOCASE;\n"
        "INSERT INTO opportunity (account_id, name, amount, close_date, stage_id,"
        " stage_entered, status, opened_on, closed_on, owner_id, created_at, updated_at)"
        " SELECT a.id, d.name, CAST(round(nullif(d.amount, '') * 100) AS INTEGER),"
        " d.close_date, s.id, CASE WHEN s.kind = 'open' THEN d.opened_on ELSE d.close_date END,"
        " s.kind, d.opened_on, CASE WHEN s.kind = 'open' THEN NULL ELSE d.close_date END,"
        f" r.id, '{stamp}', '{stamp}' FROM staged d"
        " JOIN stage s ON s.name = d.stage COLLATE NOCASE"
        " LEFT JOIN account a ON a.name = d.account COLLATE NOCASE"
        " JOIN rep r ON r.handle = d.owner;\n"
        "INSERT INTO stage_change (opportunity_id, from_stage_id, to_stage_id, move, on_date,"
        " days, at, rep_id, note) SELECT o.id, NULL,"
        " CASE WHEN o.status = 'open' THEN o.stage_id ELSE 1 END, 'open', o.opened_on, NULL,"
        f" '{stamp}', {actor}, 'imported' FROM opportunity o;\n"
        "INSERT INTO stage_change (opportunity_id, from_stage_id, to_stage_id, move, on_date,"
        " days, at, rep_id, note) SELECT o.id, 1, o.stage_id, 'import', o.closed_on,"
        " CAST(julianday(o.closed_on) - julianday(o.opened_on) AS INTEGER),"
        f" '{stamp}', {actor}, 'imported' FROM opportunity o WHERE o.status <> 'open';\n"
        f"{rebuild}"
        "COMMIT;\n"
    ).encode()


def count_deals(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        found = connection.execute("SELECT count(*) FROM opportunity").fetchone()
    connection.close()
    return int(found[0])


def measure_import(
    deals: int,
    csv_file: Path,
    template: Path,
    workdir: Path,
    env: dict[str, str],
    installed: Path,
    times: int,
) -> list[Figure]:
    """Time ``opp import`` and its floors of the same file, interleaved."""
    target = workdir / "opp-import.db"
    floor_db = workdir / "opp-floor.db"
    same_job_db = workdir / "opp-same-job.db"
    ours: list[Run] = []
    floors: list[Run] = []
    same_jobs: list[Run] = []
    argv = [
        str(installed),
        "--db",
        str(target),
        "--as",
        MANAGER,
        "--today",
        TODAY,
        "opp",
        "import",
        str(csv_file),
        "--create-missing",
    ]
    for attempt in range(times):
        print(f"  opp import {deals:,} rows: run {attempt + 1}/{times}", flush=True)
        floor_db.unlink(missing_ok=True)
        with sqlite3.connect(floor_db) as connection:
            connection.execute(raw_table("opportunity_raw"))
        connection.close()
        floors.append(
            run_child(
                [SQLITE3, str(floor_db), f".import --csv --skip 1 {csv_file} opportunity_raw"]
            )
        )
        fresh_copy(template, same_job_db)
        same_jobs.append(
            run_child(
                [SQLITE3, str(same_job_db)],
                stdin=same_job_script(csv_file, suspended_indexes(template)),
            )
        )
        if count_deals(same_job_db) != deals:
            raise SystemExit(f"the C floor imported {count_deals(same_job_db)} deals, not {deals}")
        fresh_copy(template, target)
        ours.append(run_child(argv, env=env))
        if count_deals(target) != deals:
            raise SystemExit(f"salescli imported {count_deals(target)} deals, expected {deals}")
    for path in (target, floor_db, same_job_db):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    mine, floor, same_job = median_run(ours), median_run(floors), median_run(same_jobs)
    ratio = mine.seconds / floor.seconds
    label = f"opp import {deals:,} rows --create-missing"
    return [
        Figure(
            f"{label}: time",
            seconds(mine.seconds),
            f"{seconds(floor.seconds)} sqlite3 .import",
            ratio,
            "<= 3x floor",
            ratio <= 3,
        ),
        Figure(
            f"{label}: beside the same job in C",
            seconds(mine.seconds),
            f"{seconds(same_job.seconds)} sqlite3 .import + INSERT...SELECT",
            mine.seconds / same_job.seconds,
            "",
            None,
        ),
        Figure(
            f"{label}: peak memory",
            megabytes(mine.peak_bytes),
            f"{megabytes(floor.peak_bytes)} sqlite3",
            mine.peak_bytes / floor.peak_bytes,
            "< 200 MB",
            mine.peak_bytes < 200 * MB,
        ),
    ]


def empty_book(workdir: Path, env: dict[str, str]) -> Path:
    """A fresh, migrated book holding the manager and rep01..rep50 and nothing else (made
    once per run: the suites only read it or copy it)."""
    path = workdir / "opp-template.db"
    if path.exists():
        return path
    generate.start_book(path, salescli=Path(SALESCLI), env=env)
    checkpoint(path)
    return path


def run_opportunities(
    *,
    deals: int,
    reads: bool,
    imports: bool,
    workdir: Path,
    env: dict[str, str],
    installed: Path,
    read_repeat: int,
    import_repeat: int,
) -> tuple[list[Figure], list[Plans]]:
    figures: list[Figure] = []
    plans: list[Plans] = []
    empty = empty_book(workdir, env)
    if reads:
        found, plans = measure_reads(
            book_file(deals, schema_digest(empty)), empty, workdir, env, installed, read_repeat
        )
        figures.extend(found)
    if imports:
        if command_exists(installed, env, "opp", "import"):
            csv_file = opportunity_file(deals)
            figures.extend(
                measure_import(deals, csv_file, empty, workdir, env, installed, import_repeat)
            )
        else:
            print("  opp import: not in this checkout, skipped", flush=True)
    return figures, plans


def plans_text(plans: Sequence[Plans]) -> str:
    """The statements each command runs with their plans, as Markdown."""
    parts = []
    for found in plans:
        parts.append(f"### {found.label}\n")
        for number, (sql, before, after) in enumerate(
            zip(found.statements, found.before, found.after, strict=True), start=1
        ):
            parts.append(f"{number}. `{sql}`\n")
            parts.append("```\n" + before + "\n```")
            if after != before:
                parts.append("after ANALYZE:\n```\n" + after + "\n```")
            parts.append("")
    return "\n".join(parts)
