"""Start-up: what every everyday command pays before it does any work.

On a small book (a manager and two reps, a few accounts, leads, deals and planned
activities), from the regular install in benchmarks/data/venv-installed, stdout a pipe
(plain text, as under cron), these run **interleaved in one run** (A, B, C, ..., A, B, C,
...), so that load from other processes falls on all of them alike; the median of each:

- ``python -c pass`` from the same venv: the floor;
- ``salescli --version``;
- ``salescli --as rep01 lead list`` and ``salescli --as rep01 remind`` (the target: each
  within 60 ms of the floor);
- ``salescli --help`` (information: it loads every command group to list them and renders
  the help with rich);
- ``lead list`` and ``remind`` from the development venv, beside that venv's own
  ``python -c pass`` (information: the editable install's import hook runs in every
  interpreter it starts).

The overhead is each command's median minus its floor's median, both from the same run.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from measure import SALESCLI, TODAY, Figure, checkpoint, milliseconds, run_child

# Within this much of `python -c pass`: the target for an everyday command.
TARGET_OVERHEAD = 0.060


@dataclass(frozen=True)
class Command:
    label: str
    argv: tuple[str, ...]
    floor: str  # the label of the command that is its floor
    target: float | None  # the overhead it must stay under, if it has a target


def small_book(workdir: Path, env: dict[str, str], program: Path) -> Path:
    """A few reps and records, made through salescli itself, each rule of the digest
    with something to say on TODAY."""
    path = workdir / "startup.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    base = [str(program), "--db", str(path), "--today", TODAY]
    steps: list[tuple[str, ...]] = [
        ("init", "--rep", "manager", "--name", "Mia Manager", "--role", "manager"),
        ("rep", "add", "rep01", "--name", "Rep 01"),
        ("rep", "add", "rep02", "--name", "Rep 02"),
        ("--as", "rep01", "account", "add", "Acme Tools", "--phone", "020-1234"),
        ("--as", "rep01", "account", "add", "华为技术", "--region", "Shenzhen"),
        ("--as", "rep01", "lead", "add", "Wang Wei", "--company", "华为", "--next", "-2d"),
        ("--as", "rep01", "lead", "add", "Li Na", "--company", "ACME", "--next", "today"),
        ("--as", "rep01", "lead", "add", "Zhang San", "--source", "web", "--next", "+3d"),
        ("--as", "rep02", "lead", "add", "Chen Jing", "--next", "today"),
        ("--as", "rep01", "opp", "add", "Acme Tools", "Tooling", "--amount", "12500",
         "--close", "+30d", "--next", "send quote", "--next-date", "-1d"),
        ("--as", "rep01", "opp", "add", "华为技术", "Campus network", "--amount", "1.2万",
         "--close", "+60d", "--next", "demo", "--next-date", "+2d"),
        ("--as", "rep01", "visit", "plan", "Acme Tools", "--at", "today 10:00",
         "--purpose", "review"),
    ]  # fmt: skip
    for step in steps:
        run_child([*base, *step], env=env)
    checkpoint(path)
    return path


def commands(db: Path, installed: Path) -> list[Command]:
    dev = Path(SALESCLI)
    book = ("--db", str(db), "--as", "rep01", "--today", TODAY)
    return [
        Command("python -c pass", (str(installed.parent / "python"), "-c", "pass"), "", None),
        Command("salescli --version", (str(installed), "--version"), "python -c pass", None),
        Command(
            "lead list", (str(installed), *book, "lead", "list"), "python -c pass", TARGET_OVERHEAD
        ),
        Command("remind", (str(installed), *book, "remind"), "python -c pass", TARGET_OVERHEAD),
        Command(
            "salescli --help (information)", (str(installed), "--help"), "python -c pass", None
        ),
        Command("python -c pass (dev venv)", (str(dev.parent / "python"), "-c", "pass"), "", None),
        Command(
            "lead list (dev venv)",
            (str(dev), *book, "lead", "list"),
            "python -c pass (dev venv)",
            None,
        ),
        Command(
            "remind (dev venv)", (str(dev), *book, "remind"), "python -c pass (dev venv)", None
        ),
    ]


def interleaved(runs: Sequence[Command], env: dict[str, str], times: int) -> dict[str, float]:
    """Each command once per round, ``times`` rounds; the median seconds of each."""
    for command in runs:
        run_child(command.argv, env=env)  # warm the page cache and the .pyc files
    seen: dict[str, list[float]] = {command.label: [] for command in runs}
    for _ in range(times):
        for command in runs:
            seen[command.label].append(run_child(command.argv, env=env).seconds)
    return {label: statistics.median(values) for label, values in seen.items()}


def run_startup(
    *, workdir: Path, env: dict[str, str], installed: Path, repeat: int
) -> list[Figure]:
    print("  start-up: a small book", flush=True)
    db = small_book(workdir, env, installed)
    runs = commands(db, installed)
    print(f"  start-up: {len(runs)} commands interleaved, {repeat} rounds", flush=True)
    medians = interleaved(runs, env, repeat)
    figures = []
    for command in runs:
        mine = medians[command.label]
        if not command.floor:
            figures.append(Figure(command.label, milliseconds(mine), "(the floor)", None, "", None))
            continue
        floor = medians[command.floor]
        overhead = mine - floor
        target = command.target
        figures.append(
            Figure(
                f"{command.label}: {milliseconds(overhead)} over the floor",
                milliseconds(mine),
                f"{milliseconds(floor)} {command.floor}",
                mine / floor,
                f"<= floor + {milliseconds(target)}" if target is not None else "",
                overhead <= target if target is not None else None,
            )
        )
    return figures
