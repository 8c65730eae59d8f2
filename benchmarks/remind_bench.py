"""The daily digest benchmarks: one rep's ``salescli remind`` and ``salescli remind --all``.

Both run on the book ``generate.write_book`` makes (at the default size 100,000 accounts,
~205,000 contacts, 100,000 leads, 1,000,000 deals and 2,000,000 activities; rep50
inactive), a copy without ``ANALYZE`` statistics, from the regular install, plain text
into a pipe as under cron, at ``--today 2026-11-23``:

- ``salescli --as REP remind``, REP the active rep whose book is the median size
  (target: under 200 ms for the whole process);
- ``salescli --as manager remind --all``, every active rep's digest (under 2 s).

Beside each, as for the opportunity reads (opp_bench.py): the ``sqlite3`` CLI running
the very statements the service runs (caught with sqlite3's trace callback), the same
command on an empty book (start-up), the service called in this process, its statements
alone through Python's sqlite3, the same command with ``--json`` (for information), and
the same on a copy after ``ANALYZE``; the statements' query plans are printed after the
table.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import opp_bench
from measure import Figure, fresh_copy
from opp_bench import MANAGER, Plans, ReadCommand, Traced

TARGET_ONE_REP = 0.200
TARGET_ALL = 2.0


@dataclass(frozen=True)
class Sizes:
    """How much of the book there is (a rep's part of it, or the whole)."""

    accounts: int
    deals: int
    activities: int
    leads: int


def book_sizes(db: Path, handle: str | None = None) -> Sizes:
    """The whole book's sizes, or those of the rep ``handle``'s records."""
    where = "" if handle is None else " WHERE owner_id = (SELECT id FROM rep WHERE handle = ?)"
    params = () if handle is None else (handle,)
    with sqlite3.connect(db) as connection:
        counts = [
            int(connection.execute(f"SELECT count(*) FROM {table}{where}", params).fetchone()[0])
            for table in ("account", "opportunity", "activity", "lead")
        ]
    connection.close()
    return Sizes(*counts)


def rep_counts(db: Path) -> tuple[int, int]:
    """How many reps (not managers) are active, and how many have left."""
    with sqlite3.connect(db) as connection:
        found = connection.execute(
            "SELECT sum(active = 1), sum(active = 0) FROM rep WHERE role = 'rep'"
        ).fetchone()
    connection.close()
    return int(found[0] or 0), int(found[1] or 0)


def remind_commands(rep: str) -> list[ReadCommand]:
    """The service is called as the command calls it; the command's cadences come from a
    config file the benchmark's private config directory does not have: the defaults."""
    return [
        ReadCommand(
            f"remind (as {rep})",
            rep,
            ("remind",),
            "salescli.services.activities.remind",
            lambda module, session: module.remind(session),
            TARGET_ONE_REP,
        ),
        ReadCommand(
            "remind --all",
            MANAGER,
            ("remind", "--all"),
            "salescli.services.activities.remind",
            lambda module, session: module.remind(session, everyone=True),
            TARGET_ALL,
        ),
    ]


def describe(
    command: ReadCommand, traced: Traced, *, book: Sizes, mine: Sizes, reps: tuple[int, int]
) -> str:
    items = len(traced.result.items)
    if command.acting != MANAGER:
        return (
            f"{command.label}: {mine.accounts:,} of {book.accounts:,} accounts,"
            f" {mine.deals:,} of {book.deals:,} deals, {mine.activities:,} of"
            f" {book.activities:,} activities, {mine.leads:,} of {book.leads:,} leads are"
            f" theirs; {items:,} reminders"
        )
    return (
        f"{command.label} ({book.accounts:,} accounts, {book.deals:,} deals,"
        f" {book.activities:,} activities, {book.leads:,} leads; {reps[0]} active reps,"
        f" {reps[1]} inactive):"
        f" {items:,} reminders"
    )


def measure_remind(
    book: Path,
    empty: Path,
    workdir: Path,
    env: dict[str, str],
    installed: Path,
    times: int,
) -> tuple[list[Figure], list[Plans]]:
    """One rep's digest and every rep's, with their floors and breakdown."""
    db = fresh_copy(book, workdir / "remind-book.db")
    rep, _ = opp_bench.typical_rep(db, active_only=True)
    sizes = book_sizes(db)
    reps = rep_counts(db)
    return opp_bench.measure_book_reads(
        remind_commands(rep),
        lambda command, traced: describe(
            command, traced, book=sizes, mine=book_sizes(db, command.acting), reps=reps
        ),
        db=db,
        empty=empty,
        env=env,
        installed=installed,
        times=times,
        variants=lambda command: ("--json",),
    )


def run_remind(
    *, deals: int, workdir: Path, env: dict[str, str], installed: Path, repeat: int
) -> tuple[list[Figure], list[Plans]]:
    empty = opp_bench.empty_book(workdir, env)
    book = opp_bench.book_file(deals, opp_bench.schema_digest(empty))
    return measure_remind(book, empty, workdir, env, installed, repeat)
