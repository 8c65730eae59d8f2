"""The forecast benchmarks (issue 5): ``salescli forecast --all`` and ``forecast quota --all``.

All run on the book ``generate.write_book`` makes (1,000,000 deals with their stage
history; cached as benchmarks/data/opp-book-*.db and shared with opp_bench.py), on a copy
without ``ANALYZE`` statistics into which every rep's quota for 2026-Q4 (900,000, spread
evenly over its months) has been written, from the regular install, plain text into a
pipe, as the manager at ``--today 2026-11-23``:

- ``forecast --all`` (``--method weighted``, the default) and ``forecast --all --method
  flow``, each with and without ``--learned``;
- ``forecast quota --all``.

Target: under 1 s each, the whole process. Beside each, as for the opportunity reads
(opp_bench.py): the ``sqlite3`` CLI running the very statements the service runs (caught
with sqlite3's trace callback), the same command on an empty book (start-up), the
service called in this process, its statements alone through Python's sqlite3, and the
same on a copy after ``ANALYZE``; the statements' query plans are printed after the table.

Run alone: ``.venv/bin/python benchmarks/forecast_bench.py [--repeat N] [--deals N]``.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import opp_bench
from measure import (
    DATA,
    TODAY,
    Figure,
    checkpoint,
    fresh_copy,
    installed_salescli,
    machine,
    salescli_env,
    table,
)
from opp_bench import MANAGER, Plans, ReadCommand, Traced

TARGET = 1.0
QUOTA_MONTHS = ("2026-10", "2026-11", "2026-12")  # 2026-Q4, the quarter of --today
QUOTA_PER_MONTH = 900_000 * 100 // len(QUOTA_MONTHS)  # minor units


def forecast_commands() -> list[ReadCommand]:
    """The service is called as the command calls it (its defaults otherwise)."""
    commands = []
    for method in ("weighted", "flow"):
        for learned in (False, True):
            chosen = ("--method", method) if method != "weighted" else ()  # weighted: default
            argv = ("forecast", "--all", *chosen, *(("--learned",) if learned else ()))
            commands.append(
                ReadCommand(
                    " ".join(argv),
                    MANAGER,
                    argv,
                    "salescli.services.pipeline.forecast",
                    functools.partial(_forecast, method=method, learned=learned),
                    TARGET,
                )
            )
    commands.append(
        ReadCommand(
            "forecast quota --all",
            MANAGER,
            ("forecast", "quota", "--all"),
            "salescli.services.pipeline.quotas",
            lambda module, session: module.quota_attainment(session, everyone=True),
            TARGET,
        )
    )
    return commands


def _forecast(module: Any, session: Any, *, method: str, learned: bool) -> Any:
    return module.forecast_report(session, everyone=True, method=method, learned=learned)


def set_quotas(db: Path) -> int:
    """Every rep's 2026-Q4 quota, as ``forecast quota set REP 2026-Q4 900000`` writes it."""
    stamp = f"{TODAY}T09:00:00Z"
    with sqlite3.connect(db) as connection:
        reps = [row[0] for row in connection.execute("SELECT id FROM rep WHERE role = 'rep'")]
        connection.executemany(
            "INSERT INTO quota (rep_id, month, amount, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (rep_id, month) DO UPDATE SET amount = excluded.amount,"
            " updated_at = excluded.updated_at",
            [(rep, month, QUOTA_PER_MONTH, stamp) for rep in reps for month in QUOTA_MONTHS],
        )
    connection.close()
    checkpoint(db)
    return len(reps)


def describe(command: ReadCommand, traced: Traced, *, deals: int, changes: int, reps: int) -> str:
    return (
        f"{command.label} ({deals:,} deals, {changes:,} stage changes, {reps} reps with a Q4 quota)"
    )


def measure_forecast(
    book: Path,
    empty: Path,
    workdir: Path,
    env: dict[str, str],
    installed: Path,
    times: int,
) -> tuple[list[Figure], list[Plans]]:
    """Each forecast command with its floors and breakdown, on a copy with quotas."""
    db = fresh_copy(book, workdir / "forecast-book.db")
    reps = set_quotas(db)
    deals, changes = opp_bench.book_counts(db)
    return opp_bench.measure_book_reads(
        forecast_commands(),
        functools.partial(describe, deals=deals, changes=changes, reps=reps),
        db=db,
        empty=empty,
        env=env,
        installed=installed,
        times=times,
    )


def run_forecast(
    *, deals: int, workdir: Path, env: dict[str, str], installed: Path, repeat: int
) -> tuple[list[Figure], list[Plans]]:
    empty = opp_bench.empty_book(workdir, env)
    book = opp_bench.book_file(deals, opp_bench.schema_digest(empty))
    return measure_forecast(book, empty, workdir, env, installed, repeat)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument(
        "--deals", type=int, default=1_000_000, help="deals in the book (default 1,000,000)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args(argv)
    print(machine(), flush=True)
    installed = installed_salescli()
    workdir = Path(tempfile.mkdtemp(prefix="salescli-bench-", dir=DATA))
    try:
        env = salescli_env(workdir)
        figures, plans = run_forecast(
            deals=args.deals, workdir=workdir, env=env, installed=installed, repeat=args.repeat
        )
        print()
        print(machine())
        print(f"medians of {args.repeat} runs\n")
        print(table(figures))
        if plans:
            print("\n## Query plans\n")
            print(opp_bench.plans_text(plans))
    finally:
        if args.keep:
            print(f"\nwork directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
