"""Measure salescli's performance targets, each beside a floor measured in the same run.

Run with ``make bench`` (``.venv/bin/python benchmarks/run.py [SUITE ...]``). Suites:
``leads`` (lead import, start-up, lead list), ``opp`` (both of: ``opp-read``, the funnel
and a rep's stalled deals; ``opp-import``), ``remind`` (one rep's daily digest and every
rep's), ``search``, ``contracts`` (receivable aging, a rep's overdue list and remind on
200,000 contracts: see contracts_bench.py), ``quotes`` (a rep's quote list, quote show
and quote export on 100,000 quotes and 1,000,000 lines: see quotes_bench.py), ``startup``
(the fixed cost of everyday commands on a small book, interleaved with ``python -c pass``,
a few seconds); all of them by default. Options::

    --sizes 100000,1000000   lead counts to import (the first size also feeds `lead list`)
    --repeat 3               runs per import measurement (the median is reported)
    --quick-repeat 20        runs per start-up measurement (--version, python -c pass)
    --list-repeat 10         runs per `lead list` measurement
    --deals 1000000          opportunities in the generated book and the imported file
    --opp-repeat 10          runs per `opp funnel` / `opp list --stalled` measurement
    --remind-repeat 10       runs per `remind` / `remind --all` measurement
    --startup-repeat 10      rounds of the interleaved start-up measurement

Every figure is a whole process, started the way a user or cron starts it, timed from
spawn to exit; peak memory is the child's own maximum resident set (GNU time's %M).
Each figure sits beside a floor that does the least a program could do for the same job
on this machine, in this run, so a noisy or slow machine still gives an honest ratio:

- ``salescli lead import FILE`` (full validation, one transaction, every row checked)
  beside two floors: ``sqlite3 DB ".import --csv --skip 1 FILE lead_raw"`` into a plain
  14-column table (the floor the target names), and the same job done by SQLite alone
  in C: ``.import`` into a staging table, then one ``INSERT ... SELECT`` into the real
  ``lead`` table with its indexes, owners looked up by handle. Every import starts from a
  fresh copy of an empty, migrated database that already holds the reps rep01..rep10.
- ``salescli lead import`` of a file that updates every lead of the book just imported
  (the same external ids, other details; as a manager, since the leads are every rep's),
  and its ``import undo``, beside ``sqlite3 .import`` of that file and the import itself.
- ``salescli --version`` beside ``python -c pass`` from the same venv.
- ``salescli --as rep01 lead list --due`` (plain output into a pipe, and ``--json``) on
  the database of the first size beside the ``sqlite3`` CLI running an equivalent query.
- The opportunity benchmarks (``opp funnel --all``, one rep's ``opp list --stalled``,
  ``opp import`` of 1,000,000 deals): see opp_bench.py.
- The daily digest (one rep's ``remind``, ``remind --all``) on the same book, which also
  holds contacts, leads and 2,000,000 activities: see remind_bench.py.
- Start-up: ``lead list`` and ``remind`` on a small book beside ``python -c pass`` and
  ``salescli --version``, interleaved in one run: see startup_bench.py.

Start-up and ``lead list`` are timed on a regular (non-editable) install of this checkout
in benchmarks/data/venv-installed, which is what ``pipx install .`` gives a rep; the
development venv's editable install, whose import hook adds ~15 ms to every interpreter
start, is timed beside it for information.

Generated files live in benchmarks/data/ (git-ignored) and are reused when present.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import contracts_bench
import generate
import marketing_bench
import opp_bench
import quotes_bench
import remind_bench
import search_bench
import startup_bench
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
    installed_salescli,
    machine,
    median_run,
    megabytes,
    milliseconds,
    repeat,
    run_child,
    salescli_env,
    seconds,
    table,
)

# The floor's table: the CSV's columns as untyped text, no constraints, no indexes.
RAW_TABLE = "CREATE TABLE lead_raw ({})".format(", ".join(f"{c} TEXT" for c in generate.HEADER))
# What `lead list --due` asks for rep01, written straight for the sqlite3 CLI.
DUE_SQL = (
    "SELECT l.id, l.name, l.company, l.title, l.phone, l.email, l.source, l.referred_by,"
    " l.budget, l.need, l.status, l.next_action, l.note, r.handle FROM lead l"
    " LEFT JOIN rep r ON r.id = l.owner_id WHERE l.owner_id = (SELECT id FROM rep WHERE"
    " handle = 'rep01') AND l.status IN ('new', 'contacted', 'qualified')"
    f" AND l.next_action <= '{TODAY}' ORDER BY l.next_action, l.id"
)


def salescli(db: Path, *args: str) -> list[str]:
    return [SALESCLI, "--db", str(db), "--as", "rep01", "--today", TODAY, *args]


def template_database(workdir: Path, env: dict[str, str]) -> Path:
    """An empty, migrated book holding the ten reps the generated leads belong to."""
    path = workdir / "template.db"
    for handle in generate.REPS:
        number = handle.removeprefix("rep")
        run_child(
            [SALESCLI, "--db", str(path), "rep", "add", handle, "--name", f"Rep {number}"], env=env
        )
    checkpoint(path)
    return path


def lead_file(size: int) -> Path:
    path = DATA / f"leads-{size}.csv"
    if not path.exists():
        print(f"generating {path.name} ...", flush=True)
        generate.write_leads(size, path, seed=1)
    return path


def update_file(size: int) -> Path:
    """The leads of ``lead_file(size)`` (the same external ids), each with other details:
    importing it into a book that holds them updates every one."""
    path = DATA / f"leads-{size}-update.csv"
    if not path.exists():
        print(f"generating {path.name} ...", flush=True)
        generate.write_leads(size, path, seed=2, id_seed=1)
    return path


def raw_import(csv_file: Path, floor_db: Path) -> Run:
    """The floor: sqlite3's .import of the file into a new plain table."""
    floor_db.unlink(missing_ok=True)
    with sqlite3.connect(floor_db) as connection:
        connection.execute(RAW_TABLE)
    connection.close()
    return run_child([SQLITE3, str(floor_db), f".import --csv --skip 1 {csv_file} lead_raw"])


def count_leads(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        found = connection.execute("SELECT count(*) FROM lead").fetchone()
    connection.close()
    return int(found[0])


def measure_import(
    size: int, csv_file: Path, template: Path, workdir: Path, env: dict[str, str], times: int
) -> tuple[list[Figure], Path]:
    """Time salescli's import and sqlite3's .import of the same file, interleaved."""
    target = workdir / f"import-{size}.db"
    floor_db = workdir / f"floor-{size}.db"
    ours: list[Run] = []
    floors: list[Run] = []
    same_jobs: list[Run] = []
    same_job_db = workdir / f"same-job-{size}.db"
    undos: list[Run] = []
    undo_db = workdir / f"undo-{size}.db"
    for attempt in range(times):
        print(f"  import {size:,} rows: run {attempt + 1}/{times}", flush=True)
        floors.append(raw_import(csv_file, floor_db))
        fresh_copy(template, same_job_db)
        same_jobs.append(run_child([SQLITE3, str(same_job_db)], stdin=same_job_script(csv_file)))
        fresh_copy(template, target)
        ours.append(run_child(salescli(target, "lead", "import", str(csv_file)), env=env))
        if count_leads(target) != size:
            raise SystemExit(f"salescli imported {count_leads(target)} leads, expected {size}")
        fresh_copy(target, undo_db)
        undos.append(run_child(salescli(undo_db, "import", "undo", "1"), env=env))
        if count_leads(undo_db) != 0:
            raise SystemExit(f"import undo left {count_leads(undo_db)} leads")
    undo_db.unlink(missing_ok=True)
    floor_db.unlink(missing_ok=True)
    same_job_db.unlink(missing_ok=True)
    same_job = median_run(same_jobs)
    mine, floor = median_run(ours), median_run(floors)
    ratio = mine.seconds / floor.seconds
    gate = size >= 1_000_000
    label = f"lead import {size:,} rows"
    undo = median_run(undos)
    return [
        Figure(
            f"{label}: undo (import undo)",
            seconds(undo.seconds),
            f"{seconds(mine.seconds)} the import itself",
            undo.seconds / mine.seconds,
            "",
            None,
        ),
        Figure(
            f"{label}: time",
            seconds(mine.seconds),
            f"{seconds(floor.seconds)} sqlite3 .import",
            ratio,
            "<= 3x floor" if gate else "(3x at 1M)",
            ratio <= 3 if gate else None,
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
            "< 200 MB" if gate else "(200 MB at 1M)",
            mine.peak_bytes < 200 * MB if gate else None,
        ),
    ], target


def measure_update_import(
    size: int, imported: Path, workdir: Path, env: dict[str, str], times: int
) -> list[Figure]:
    """Time an import that updates every lead of the book ``imported`` (keeping each row
    as it was and as it left it, for undo), and its undo (which compares each row with
    what the import left), beside sqlite3's .import of the same file."""
    csv_file = update_file(size)
    target, undo_db, floor_db, managed = (
        workdir / f"{n}-{size}.db" for n in ("update", "undo", "floor", "managed")
    )
    # Every rep's leads change: a manager's import (a rep's would be refused row by row).
    fresh_copy(imported, managed)
    with sqlite3.connect(managed) as connection:
        connection.execute("UPDATE rep SET role = 'manager' WHERE handle = 'rep01'")
    connection.close()
    ours: list[Run] = []
    undos: list[Run] = []
    floors: list[Run] = []
    for attempt in range(times):
        print(f"  import {size:,} updates: run {attempt + 1}/{times}", flush=True)
        floors.append(raw_import(csv_file, floor_db))
        fresh_copy(managed, target)
        ours.append(run_child(salescli(target, "lead", "import", str(csv_file)), env=env))
        fresh_copy(target, undo_db)
        undos.append(run_child(salescli(undo_db, "import", "undo", "2"), env=env))
        with sqlite3.connect(undo_db) as connection:
            undone = connection.execute("SELECT undone_at FROM import_run WHERE id = 2").fetchone()
        connection.close()
        if undone is None or undone[0] is None:
            raise SystemExit("the undo of the updating import did not happen")
    for path in (target, undo_db, floor_db, managed):
        path.unlink(missing_ok=True)
    mine, floor, undo = median_run(ours), median_run(floors), median_run(undos)
    label = f"lead import {size:,} rows updating every lead"
    return [
        Figure(
            f"{label}: time",
            seconds(mine.seconds),
            f"{seconds(floor.seconds)} sqlite3 .import",
            mine.seconds / floor.seconds,
            "",
            None,
        ),
        Figure(
            f"{label}: undo (import undo)",
            seconds(undo.seconds),
            f"{seconds(mine.seconds)} the import itself",
            undo.seconds / mine.seconds,
            "",
            None,
        ),
    ]


def same_job_script(csv_file: Path) -> bytes:
    """What SQLite alone does for `lead import`: stage the file, then one INSERT...SELECT
    into the real table (owners by handle, budget to cents), in one transaction."""
    columns = ", ".join(generate.HEADER)
    stamp = f"{TODAY}T00:00:00Z"
    return (
        f"PRAGMA journal_mode=WAL;\nCREATE TEMP TABLE stage ({columns});\n"
        f".import --csv --skip 1 {csv_file} stage\n"
        "BEGIN;\n"
        "INSERT INTO lead (name, company, title, phone, email, source, referred_by, budget,"
        " need, status, next_action, note, owner_id, external_id, created_at, updated_at)"
        " SELECT name, company, title, phone, email, source, nullif(referred_by, ''),"
        " CAST(round(nullif(budget, '') * 100) AS INTEGER), need, status,"
        " nullif(next_action, ''), note, (SELECT id FROM rep WHERE handle = stage.owner),"
        f" external_id, '{stamp}', '{stamp}' FROM stage;\n"
        "COMMIT;\n"
    ).encode()


def measure_startup(program: Path, env: dict[str, str], times: int) -> list[Figure]:
    """``--version`` (the target) and ``--help`` (for information: it loads the command
    tree, which ``--version`` answers without) beside ``python -c pass``."""
    python = str(program.parent / "python")
    run_child([str(program), "--version"], env=env)  # warm the page cache and .pyc files
    floor = repeat(times, functools.partial(run_child, [python, "-c", "pass"], env=env))
    version = repeat(times, functools.partial(run_child, [str(program), "--version"], env=env))
    helps = repeat(times, functools.partial(run_child, [str(program), "--help"], env=env))
    pass_text = f"{milliseconds(floor.seconds)} python -c pass"
    return [
        Figure(
            "salescli --version",
            milliseconds(version.seconds),
            pass_text,
            version.seconds / floor.seconds,
            "< 100 ms",
            version.seconds < 0.100,
        ),
        Figure(
            "salescli --help (information)",
            milliseconds(helps.seconds),
            pass_text,
            helps.seconds / floor.seconds,
            "",
            None,
        ),
    ]


def measure_due(
    db: Path, size: int, env: dict[str, str], times: int, installed: Path
) -> list[Figure]:
    floor_argv = [SQLITE3, str(db), DUE_SQL]
    rows = subprocess.run(floor_argv, capture_output=True, check=True).stdout.count(b"\n")
    floor = repeat(times, lambda: run_child(floor_argv))
    figures = []
    runs = ((installed, (), ""), (installed, ("--json",), ""), (Path(SALESCLI), (), ", dev venv"))
    for program, extra, where in runs:
        argv = [str(program), *salescli(db, "lead", "list", "--due", *extra)[1:]]
        run_child(argv, env=env)  # warm
        mine = repeat(times, functools.partial(run_child, argv, env=env))
        figures.append(
            Figure(
                f"lead list --due {' '.join(extra)}".rstrip()
                + f" ({size:,} leads, {rows:,} due{where})",
                milliseconds(mine.seconds),
                f"{milliseconds(floor.seconds)} sqlite3 query",
                mine.seconds / floor.seconds,
                "< 200 ms" if not (where or extra) else "(information)",
                mine.seconds < 0.200 if not (where or extra) else None,
            )
        )
    return figures


SUITES = (
    "leads", "opp", "opp-read", "opp-import", "remind", "search", "contracts", "quotes", "marketing",
    "startup",
)  # fmt: skip


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "suites",
        nargs="*",
        metavar="SUITE",
        help="what to run: leads (lead import, start-up, lead list), opp (opp-read and"
        " opp-import), opp-read (opp funnel, opp list --stalled), opp-import, remind (one"
        " rep's remind, remind --all), search (salescli search for a name, a phone and a"
        " Chinese word), contracts (receivable aging --all, a rep's receivable list"
        " --overdue and remind on 200,000 contracts), quotes (a rep's quote list, quote"
        " show and quote export on 100,000 quotes, 1,000,000 lines), marketing (report campaigns,"
        " leads and expenses, one rep's expense list), startup (lead list and remind on a"
        " small book beside"
        " python -c pass, interleaved); default all",
    )
    parser.add_argument(
        "--sizes",
        default="100000,1000000",
        type=lambda text: [int(part.replace("_", "")) for part in text.split(",") if part],
        help="comma-separated lead counts to import (default 100000,1000000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per import (default 3)")
    parser.add_argument("--quick-repeat", type=int, default=20, help="runs per --version")
    parser.add_argument("--list-repeat", type=int, default=10, help="runs per lead list")
    parser.add_argument(
        "--deals",
        type=lambda text: int(text.replace("_", "")),
        default=1_000_000,
        help="opportunities in the generated book (which holds twice as many activities)"
        " and in the imported file (default 1000000)",
    )
    parser.add_argument(
        "--opp-repeat", type=int, default=10, help="runs per opp funnel / opp list (default 10)"
    )
    parser.add_argument(
        "--remind-repeat", type=int, default=10, help="runs per remind / remind --all (default 10)"
    )
    parser.add_argument(
        "--search-repeat", type=int, default=10, help="runs per salescli search (default 10)"
    )
    parser.add_argument(
        "--contracts-repeat",
        type=int,
        default=10,
        help="runs per receivable aging / list / remind on the contracts book (default 10)",
    )
    parser.add_argument(
        "--quotes-repeat",
        type=int,
        default=10,
        help="runs per quote list / show / export on the quotes book (default 10; export: a third)",
    )
    parser.add_argument(
        "--marketing-repeat",
        type=int,
        default=10,
        help="runs per marketing report / expense list (default 10)",
    )
    parser.add_argument(
        "--startup-repeat",
        type=int,
        default=10,
        help="rounds of the interleaved start-up measurement (default 10)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args(argv)
    unknown = [suite for suite in args.suites if suite not in SUITES]
    if unknown:
        parser.error(f"unknown suite {', '.join(unknown)}; choose from {', '.join(SUITES)}")
    chosen = set(
        args.suites
        or ("leads", "opp", "remind", "search", "contracts", "quotes", "marketing", "startup")
    )
    if "opp" in chosen:
        chosen |= {"opp-read", "opp-import"}
    args.suites = chosen
    return args


def run_leads(
    args: argparse.Namespace, workdir: Path, env: dict[str, str], installed: Path
) -> list[Figure]:
    """Lead import at each size, start-up, and lead list --due."""
    files = {size: lead_file(size) for size in args.sizes}
    template = template_database(workdir, env)
    figures: list[Figure] = []
    due_db: Path | None = None
    for size in args.sizes:
        found, db = measure_import(size, files[size], template, workdir, env, args.repeat)
        figures.extend(found)
        checkpoint(db)
        figures.extend(measure_update_import(size, db, workdir, env, args.repeat))
        if due_db is None:
            due_db = db.rename(workdir / "due.db")
    print("  salescli --version, --help", flush=True)
    figures.extend(measure_startup(installed, env, args.quick_repeat))
    if due_db is not None:
        print("  lead list --due", flush=True)
        figures.extend(measure_due(due_db, args.sizes[0], env, args.list_repeat, installed))
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    print(machine(), flush=True)
    installed = installed_salescli()
    workdir = Path(tempfile.mkdtemp(prefix="salescli-bench-", dir=DATA))
    try:
        env = salescli_env(workdir)
        figures: list[Figure] = []
        plans: list[opp_bench.Plans] = []
        if "startup" in args.suites:
            figures.extend(
                startup_bench.run_startup(
                    workdir=workdir, env=env, installed=installed, repeat=args.startup_repeat
                )
            )
        if "leads" in args.suites:
            figures.extend(run_leads(args, workdir, env, installed))
        if args.suites & {"opp-read", "opp-import"}:
            found, plans = opp_bench.run_opportunities(
                deals=args.deals,
                reads="opp-read" in args.suites,
                imports="opp-import" in args.suites,
                workdir=workdir,
                env=env,
                installed=installed,
                read_repeat=args.opp_repeat,
                import_repeat=args.repeat,
            )
            figures.extend(found)
        if "remind" in args.suites:
            found, remind_plans = remind_bench.run_remind(
                deals=args.deals,
                workdir=workdir,
                env=env,
                installed=installed,
                repeat=args.remind_repeat,
            )
            figures.extend(found)
            plans.extend(remind_plans)
        if "search" in args.suites:
            found, search_plans = search_bench.run_search(
                deals=args.deals,
                workdir=workdir,
                env=env,
                installed=installed,
                repeat=args.search_repeat,
            )
            figures.extend(found)
            plans.extend(search_plans)
        if "contracts" in args.suites:
            found, contract_plans = contracts_bench.run_contracts(
                workdir=workdir, env=env, installed=installed, repeat=args.contracts_repeat
            )
            figures.extend(found)
            plans.extend(contract_plans)
        if "quotes" in args.suites:
            found, quote_plans = quotes_bench.run_quotes(
                workdir=workdir,
                env=env,
                installed=installed,
                repeat_reads=args.quotes_repeat,
                repeat_export=max(1, args.quotes_repeat // 3),
            )
            figures.extend(found)
            plans.extend(quote_plans)
        if "marketing" in args.suites:
            found, marketing_plans = marketing_bench.run_marketing(
                deals=args.deals,
                workdir=workdir,
                env=env,
                installed=installed,
                repeat=args.marketing_repeat,
            )
            figures.extend(found)
            plans.extend(marketing_plans)
        print()
        print(machine())
        print()
        print(table(figures))
        if plans:
            print()
            print(opp_bench.plans_text(plans))
    finally:
        if args.keep:
            print(f"\nwork directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
