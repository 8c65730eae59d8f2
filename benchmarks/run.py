"""Measure salescli's performance targets, each beside a floor measured in the same run.

Run with ``make bench`` (``.venv/bin/python benchmarks/run.py``). Options::

    --sizes 100000,1000000   lead counts to import (the first size also feeds `lead list`)
    --repeat 3               runs per import measurement (the median is reported)
    --quick-repeat 20        runs per start-up measurement (--version, python -c pass)
    --list-repeat 10         runs per `lead list` measurement

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
- ``salescli --version`` beside ``python -c pass`` from the same venv.
- ``salescli --as rep01 lead list --due`` (plain output into a pipe, and ``--json``) on
  the database of the first size beside the ``sqlite3`` CLI running an equivalent query.

Start-up and ``lead list`` are timed on a regular (non-editable) install of this checkout
in benchmarks/data/venv-installed, which is what ``pipx install .`` gives a rep; the
development venv's editable install, whose import hook adds ~15 ms to every interpreter
start, is timed beside it for information.

Generated files live in benchmarks/data/ (git-ignored) and are reused when present.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import selectors
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import generate

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
VENV_BIN = Path(sys.executable).parent
SALESCLI = str(VENV_BIN / "salescli")
REPO = HERE.parent
INSTALLED_VENV = DATA / "venv-installed"
SQLITE3 = shutil.which("sqlite3") or "sqlite3"
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None  # for peak memory
TODAY = generate.BENCH_TODAY.isoformat()
MB = 1024 * 1024

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


@dataclass(frozen=True)
class Run:
    """One finished child process."""

    seconds: float
    peak_bytes: int


@dataclass(frozen=True)
class Figure:
    """One row of the result table."""

    what: str
    value: str
    floor: str
    ratio: float | None
    target: str
    met: bool | None


def run_child(
    argv: Sequence[str], *, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> Run:
    """Run ``argv`` to completion; wall time from spawn to exit and its peak RSS.

    stdout is a pipe that is read and thrown away (the program sees what cron sees);
    stderr is kept and shown if the program fails. The peak comes from GNU time's %M:
    Linux carries a process's peak RSS across exec, so the rusage of a child forked
    straight from this (~20 MB) Python would never report less than this Python's size.
    """
    with (
        tempfile.NamedTemporaryFile(prefix="peak-", dir=DATA) as report,
        tempfile.TemporaryFile(dir=DATA) as script,
    ):
        script.write(stdin or b"")
        script.seek(0)
        wrapped = [GNU_TIME, "-f", "%M", "-o", report.name, *argv] if GNU_TIME else [*argv]
        start = time.perf_counter()
        process = subprocess.Popen(
            wrapped,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=script if stdin is not None else subprocess.DEVNULL,
            env=env,
        )
        _, err = _drain(process)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        peak_kib = int(Path(report.name).read_text().split()[-1]) if GNU_TIME else usage.ru_maxrss
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = err.decode(errors="replace").strip().splitlines()[-5:]
        raise SystemExit(f"failed ({process.returncode}): {' '.join(argv)}\n" + "\n".join(tail))
    return Run(seconds, peak_kib * 1024)


def _drain(process: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
    """Read stdout and stderr to EOF without reaping the process (wait4 does that)."""
    chunks: dict[int, list[bytes]] = {}
    streams = [s for s in (process.stdout, process.stderr) if s is not None]
    with selectors.DefaultSelector() as selector:
        for stream in streams:
            selector.register(stream, selectors.EVENT_READ)
            chunks[stream.fileno()] = []
        while selector.get_map():
            for key, _ in selector.select():
                data = os.read(key.fd, 1 << 16)
                if data:
                    chunks[key.fd].append(data)
                else:
                    selector.unregister(key.fileobj)
    out = b"".join(chunks.get(process.stdout.fileno(), [])) if process.stdout else b""
    err = b"".join(chunks.get(process.stderr.fileno(), [])) if process.stderr else b""
    for stream in streams:
        stream.close()
    return out, err


def median_run(runs: Sequence[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs),
        int(statistics.median(r.peak_bytes for r in runs)),
    )


def repeat(times: int, action: Callable[[], Run]) -> Run:
    return median_run([action() for _ in range(times)])


def salescli_env(workdir: Path) -> dict[str, str]:
    """The environment of every salescli child: its config and data dirs are private to
    this run, so benchmarking never reads or writes the user's real settings."""
    env = dict(os.environ)
    for name in ("SALESCLI_DB", "SALESCLI_REP", "NO_COLOR", "SALESCLI_DEBUG"):
        env.pop(name, None)
    env["SALESCLI_CONFIG_DIR"] = str(workdir / "config")
    env["SALESCLI_DATA_DIR"] = str(workdir / "data")
    env["SALESCLI_TODAY"] = TODAY
    return env


def salescli(db: Path, *args: str) -> list[str]:
    return [SALESCLI, "--db", str(db), "--as", "rep01", "--today", TODAY, *args]


def installed_salescli() -> Path:
    """salescli installed from this checkout as a user installs it (not editable)."""
    python = INSTALLED_VENV / "bin" / "python"
    if not python.exists():
        print("  building benchmarks/data/venv-installed ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(INSTALLED_VENV)], check=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                str(REPO),
            ],
            check=True,
        )
    # Deps are in place; put this checkout's code in, as it is now.
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--force-reinstall",
            str(REPO),
        ],
        check=True,
    )
    return INSTALLED_VENV / "bin" / "salescli"


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


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file so a plain file copy is the whole database."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def fresh_copy(template: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


def lead_file(size: int) -> Path:
    path = DATA / f"leads-{size}.csv"
    if not path.exists():
        print(f"generating {path.name} ...", flush=True)
        generate.write_leads(size, path, seed=1)
    return path


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
    for attempt in range(times):
        print(f"  import {size:,} rows: run {attempt + 1}/{times}", flush=True)
        floor_db.unlink(missing_ok=True)
        with sqlite3.connect(floor_db) as connection:
            connection.execute(RAW_TABLE)
        connection.close()
        floors.append(
            run_child([SQLITE3, str(floor_db), f".import --csv --skip 1 {csv_file} lead_raw"])
        )
        fresh_copy(template, same_job_db)
        same_jobs.append(run_child([SQLITE3, str(same_job_db)], stdin=same_job_script(csv_file)))
        fresh_copy(template, target)
        ours.append(run_child(salescli(target, "lead", "import", str(csv_file)), env=env))
        if count_leads(target) != size:
            raise SystemExit(f"salescli imported {count_leads(target)} leads, expected {size}")
    floor_db.unlink(missing_ok=True)
    same_job_db.unlink(missing_ok=True)
    same_job = median_run(same_jobs)
    mine, floor = median_run(ours), median_run(floors)
    ratio = mine.seconds / floor.seconds
    gate = size >= 1_000_000
    label = f"lead import {size:,} rows"
    return [
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


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def milliseconds(value: float) -> str:
    return f"{value * 1000:.0f} ms"


def megabytes(value: int) -> str:
    return f"{value / MB:.0f} MB"


def table(figures: Sequence[Figure]) -> str:
    lines = [
        "| what | median | floor | ratio | target | met? |",
        "|---|---:|---:|---:|---|---|",
    ]
    for f in figures:
        ratio = "" if f.ratio is None else f"{f.ratio:.1f}x"
        met = "" if f.met is None else ("yes" if f.met else "**no**")
        lines.append(f"| {f.what} | {f.value} | {f.floor} | {ratio} | {f.target} | {met} |")
    return "\n".join(lines)


def machine() -> str:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    sqlite_version = subprocess.run(
        [SQLITE3, "--version"], capture_output=True, text=True, check=False
    ).stdout.split(" ")[0]
    return (
        f"machine: {platform.machine()}, {cpus} CPUs (nproc), {platform.system()}"
        f" {platform.release()}; Python {platform.python_version()} ({sys.executable});"
        f" sqlite3 CLI {sqlite_version}, Python's SQLite {sqlite3.sqlite_version}"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="100000,1000000",
        type=lambda text: [int(part.replace("_", "")) for part in text.split(",") if part],
        help="comma-separated lead counts to import (default 100000,1000000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per import (default 3)")
    parser.add_argument("--quick-repeat", type=int, default=20, help="runs per --version")
    parser.add_argument("--list-repeat", type=int, default=10, help="runs per lead list")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    print(machine(), flush=True)
    files = {size: lead_file(size) for size in args.sizes}
    installed = installed_salescli()
    workdir = Path(tempfile.mkdtemp(prefix="salescli-bench-", dir=DATA))
    try:
        env = salescli_env(workdir)
        template = template_database(workdir, env)
        figures: list[Figure] = []
        due_db: Path | None = None
        for size in args.sizes:
            found, db = measure_import(size, files[size], template, workdir, env, args.repeat)
            figures.extend(found)
            if due_db is None:
                checkpoint(db)
                due_db = db.rename(workdir / "due.db")
        print("  salescli --version, --help", flush=True)
        figures.extend(measure_startup(installed, env, args.quick_repeat))
        if due_db is not None:
            print("  lead list --due", flush=True)
            figures.extend(measure_due(due_db, args.sizes[0], env, args.list_repeat, installed))
        print()
        print(machine())
        print()
        print(table(figures))
    finally:
        if args.keep:
            print(f"\nwork directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
