"""The handover benchmark (issue 6): preview, run and revert a big rep's handover.

On the book ``generate.write_book`` makes (1,000,000 deals, 2,000,000 activities; cached
as benchmarks/data/opp-book-*.db and shared with opp_bench.py), a copy is prepared in
which rep01 owns every 5th account with its deals and activities (~20,000 accounts,
~200,000 deals, ~400,000 activities) and every 50th lead. Then, from the regular install,
plain text into a pipe, as the manager at ``--today 2026-11-23``, each on a fresh copy of
the prepared book (copying is not timed):

- ``handover preview --from rep01 --to rep02,rep03,rep04``;
- ``handover run --from rep01 --to rep02,rep03,rep04 --yes`` (target: under 10 s, the
  whole process);
- ``handover revert ID --yes`` right after that run.

Beside them, the floor: the ``sqlite3`` CLI changing the same owners with four bare
UPDATEs (accounts, open and suspended deals, planned activities, open leads) on a fresh
copy.

Run alone: ``.venv/bin/python benchmarks/handover_bench.py [--repeat N] [--deals N]``.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path

import opp_bench
from measure import (
    DATA,
    SQLITE3,
    TODAY,
    Figure,
    Run,
    checkpoint,
    fresh_copy,
    installed_salescli,
    machine,
    median_run,
    run_child,
    salescli_env,
    seconds,
    table,
)
from opp_bench import MANAGER

TARGET_RUN = 10.0
DEPARTING = "rep01"
SUCCESSORS = ("rep02", "rep03", "rep04")
# Indexes the book may predate (it was once generated before they joined the schema).
INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_opportunity_forecast ON opportunity (close_date,"
    " stage_id, probability, forecast_category, amount, owner_id, stage_entered)"
    " WHERE status = 'open' AND archived_at IS NULL",
    "CREATE INDEX IF NOT EXISTS ix_opportunity_flow ON opportunity (stage_id,"
    " stage_entered, amount, owner_id) WHERE status = 'open' AND archived_at IS NULL",
    "CREATE INDEX IF NOT EXISTS ix_activity_follows ON activity (follows_id)"
    " WHERE follows_id IS NOT NULL",
)
COUNTS = (
    ("accounts", "SELECT count(*) FROM account WHERE owner_id = ?"),
    ("deals", "SELECT count(*) FROM opportunity WHERE owner_id = ?"),
    (
        "open or suspended",
        "SELECT count(*) FROM opportunity WHERE owner_id = ?"
        " AND status IN ('open', 'suspended') AND archived_at IS NULL",
    ),
    ("activities", "SELECT count(*) FROM activity WHERE owner_id = ?"),
    ("planned", "SELECT count(*) FROM activity WHERE owner_id = ? AND status = 'planned'"),
    ("leads", "SELECT count(*) FROM lead WHERE owner_id = ?"),
)


def rep_id(db: Path, handle: str) -> int:
    with sqlite3.connect(db) as connection:
        found = connection.execute("SELECT id FROM rep WHERE handle = ?", (handle,)).fetchone()
    connection.close()
    if found is None:
        raise SystemExit(f"no rep {handle} in {db}")
    return int(found[0])


def owned(db: Path, handle: str) -> dict[str, int]:
    """How much ``handle`` owns (all deals and activities, and the part a handover moves)."""
    rep = rep_id(db, handle)
    with sqlite3.connect(db) as connection:
        found = {name: int(connection.execute(sql, (rep,)).fetchone()[0]) for name, sql in COUNTS}
    connection.close()
    return found


def has_activities(db: Path) -> bool:
    with sqlite3.connect(db) as connection:
        found = connection.execute("SELECT count(*) FROM activity").fetchone()[0]
    connection.close()
    return int(found) > 0


def prepare(book: Path, target: Path) -> dict[str, int]:
    """A copy of the book in which the departing rep owns every 5th account with its deals
    and activities, and every 50th lead (as the colleague's /tmp/ho/setup.py did)."""
    fresh_copy(book, target)
    departing = rep_id(target, DEPARTING)
    connection = sqlite3.connect(target, isolation_level=None)
    try:
        for sql in INDEXES:
            connection.execute(sql)
        connection.execute("BEGIN")
        connection.execute("UPDATE account SET owner_id = ? WHERE id % 5 = 0", (departing,))
        connection.execute(
            "UPDATE opportunity SET owner_id = ? WHERE account_id % 5 = 0", (departing,)
        )
        connection.execute(
            "UPDATE activity SET owner_id = ? WHERE account_id % 5 = 0", (departing,)
        )
        connection.execute("UPDATE lead SET owner_id = ? WHERE id % 50 = 0", (departing,))
        connection.execute("COMMIT")
    finally:
        connection.close()
    checkpoint(target)
    return owned(target, DEPARTING)


def floor_script(db: Path) -> bytes:
    """SQLite alone changing the owners a handover changes, to one successor."""
    old, new = rep_id(db, DEPARTING), rep_id(db, SUCCESSORS[0])
    stamp = f"'{TODAY}T09:00:00Z'"
    set_owner = f"SET owner_id = {new}, updated_at = {stamp} WHERE owner_id = {old}"
    return (
        "PRAGMA foreign_keys=ON;\nBEGIN IMMEDIATE;\n"
        f"UPDATE account {set_owner};\n"
        f"UPDATE opportunity {set_owner}"
        " AND status IN ('open', 'suspended') AND archived_at IS NULL;\n"
        f"UPDATE activity {set_owner} AND status = 'planned';\n"
        f"UPDATE lead {set_owner} AND status IN ('new', 'contacted', 'qualified');\n"
        "COMMIT;\n"
    ).encode()


def latest_handover(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        found = connection.execute("SELECT max(id) FROM handover").fetchone()[0]
    connection.close()
    if found is None:
        raise SystemExit("handover run recorded no handover")
    return int(found)


def measure_handover(
    book: Path, workdir: Path, env: dict[str, str], installed: Path, times: int
) -> list[Figure]:
    prepared = workdir / "handover-prepared.db"
    db = workdir / "handover-book.db"
    before = prepare(book, prepared)
    print(
        f"  {DEPARTING} owns " + ", ".join(f"{value:,} {name}" for name, value in before.items()),
        flush=True,
    )
    base = [str(installed), "--db", str(db), "--today", TODAY, "--as", MANAGER, "handover"]
    handover = ["--from", DEPARTING, "--to", ",".join(SUCCESSORS)]
    report = workdir / "handover-report.md"
    previews: list[Run] = []
    runs: list[Run] = []
    reverts: list[Run] = []
    floors: list[Run] = []
    for attempt in range(times):
        print(f"  handover: run {attempt + 1}/{times}", flush=True)
        fresh_copy(prepared, db)
        previews.append(run_child([*base, "preview", *handover], env=env))
        runs.append(run_child([*base, "run", *handover, "--yes", "--report", str(report)], env=env))
        left = owned(db, DEPARTING)
        if left["accounts"] or left["open or suspended"] or left["planned"]:
            raise SystemExit(f"after handover run {DEPARTING} still owns {left}")
        reverts.append(run_child([*base, "revert", str(latest_handover(db)), "--yes"], env=env))
        back = owned(db, DEPARTING)
        if back != before:
            print(f"  warning: after revert {DEPARTING} owns {back}, not {before}", flush=True)
        fresh_copy(prepared, db)
        floors.append(run_child([SQLITE3, str(db)], stdin=floor_script(db)))
    opp_bench.remove_book(db, prepared)
    floor = median_run(floors).seconds
    floor_text = f"{seconds(floor)} sqlite3, 4 bare owner UPDATEs"
    size = (
        f"{before['accounts']:,} accounts, {before['deals']:,} deals,"
        f" {before['activities']:,} activities"
    )
    who = f"{DEPARTING} -> {','.join(SUCCESSORS)}"
    figures = []
    for what, found, target in (
        ("preview", previews, None),
        ("run", runs, TARGET_RUN),
        ("revert (after a run)", reverts, None),
    ):
        value = median_run(found).seconds
        figures.append(
            Figure(
                f"handover {what} {who} ({size})",
                seconds(value),
                floor_text,
                value / floor,
                "" if target is None else f"< {target:.0f} s",
                None if target is None else value < target,
            )
        )
    return figures


def run_handover(
    *, deals: int, workdir: Path, env: dict[str, str], installed: Path, repeat: int
) -> list[Figure]:
    empty = opp_bench.empty_book(workdir, env)
    book = opp_bench.book_file(deals, opp_bench.schema_digest(empty))
    if not has_activities(book):
        raise SystemExit(f"{book.name} has no activities: regenerate it (generate.write_book)")
    if not opp_bench.command_exists(installed, env, "handover", "run"):
        print("  handover: not in this checkout, skipped", flush=True)
        return []
    return measure_handover(book, workdir, env, installed, repeat)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (default 3)")
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
        figures = run_handover(
            deals=args.deals, workdir=workdir, env=env, installed=installed, repeat=args.repeat
        )
        print()
        print(machine())
        print(f"medians of {args.repeat} runs\n")
        print(table(figures))
    finally:
        if args.keep:
            print(f"\nwork directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
