"""What every benchmark shares: timed child processes, figures, the installed salescli.

Every figure is a whole process, started the way a user or cron starts it, timed from
spawn to exit; peak memory is the child's own maximum resident set (GNU time's %M).
"""

from __future__ import annotations

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


# Interpreter settings a rep's shell does not have, dropped from every child: with
# PYTHONDONTWRITEBYTECODE an editable install compiles its modules again on every run, and
# with PYTHONUNBUFFERED every line printed is a system call of its own.
NOT_A_REPS_SHELL = ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")


def salescli_env(workdir: Path) -> dict[str, str]:
    """The environment of every salescli child: its config and data dirs are private to
    this run, so benchmarking never reads or writes the user's real settings."""
    env = dict(os.environ)
    for name in ("SALESCLI_DB", "SALESCLI_REP", "NO_COLOR", "SALESCLI_DEBUG", *NOT_A_REPS_SHELL):
        env.pop(name, None)
    env["SALESCLI_CONFIG_DIR"] = str(workdir / "config")
    env["SALESCLI_DATA_DIR"] = str(workdir / "data")
    env["SALESCLI_TODAY"] = TODAY
    return env


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
