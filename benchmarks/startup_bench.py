"""Start-up: what every everyday command pays before it does any work.

On a small book (a manager and two reps, a few accounts, leads, deals and a planned
visit), from the regular install in benchmarks/data/venv-installed, stdout a pipe (plain
text, as under cron), these run **interleaved in one run** (A, B, C, ..., A, B, C, ...),
so that load from other processes falls on all of them alike; the median of each:

- ``python -c pass`` from the same venv: the floor;
- ``import typer`` (information: ``python -c "import gc; gc.disable(); import typer"``,
  what typer 0.28 alone costs as salescli imports it, its vendored click and the
  standard library it loads);
- ``salescli --version``;
- ``salescli lead list`` and ``salescli remind`` as a rep types them and cron runs them:
  no options, the book and the acting rep read from the config file, found where
  platformdirs puts it (XDG_CONFIG_HOME and XDG_DATA_HOME point into the work directory,
  so the user's own settings are never read); the target: each within 60 ms of the floor;
- ``salescli --help`` (information: it loads every command group to list them and renders
  the help with rich);
- ``lead list`` and ``remind`` from the development venv, beside that venv's own
  ``python -c pass`` (information: the editable install's import hook runs in every
  interpreter it starts).

The overhead is each command's median minus its floor's median, both from the same run.
"""

from __future__ import annotations

import statistics
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from measure import SALESCLI, Figure, milliseconds, run_child

# Within this much of `python -c pass`: the target for an everyday command.
TARGET_OVERHEAD = 0.060
# Typer alone, imported as salescli imports it (the cyclic collector off).
TYPER_ALONE = "import gc; gc.disable(); import typer"


@dataclass(frozen=True)
class Command:
    label: str
    argv: tuple[str, ...]
    floor: str  # the label of the command that is its floor
    target: float | None  # the overhead it must stay under, if it has a target


SALESCLI_DIRS = ("SALESCLI_CONFIG_DIR", "SALESCLI_DATA_DIR", "SALESCLI_DB", "SALESCLI_REP")


def rep_env(workdir: Path, env: dict[str, str]) -> dict[str, str]:
    """``env`` as a rep's own shell has it: no SALESCLI_CONFIG_DIR or SALESCLI_DATA_DIR,
    so salescli asks platformdirs where its files are; the XDG variables send it into
    ``workdir``. SALESCLI_TODAY stays: the book's dates are pinned."""
    mine = {key: value for key, value in env.items() if key not in SALESCLI_DIRS}
    # With PYTHONDONTWRITEBYTECODE set (some shells and containers set it), the dev venv's
    # editable install would compile every salescli module from source on every run
    # (~25 ms); a rep's Python caches bytecode. The regular install's is compiled by pip.
    mine.pop("PYTHONDONTWRITEBYTECODE", None)
    mine["XDG_CONFIG_HOME"] = str(workdir / "startup-home" / "config")
    mine["XDG_DATA_HOME"] = str(workdir / "startup-home" / "data")
    return mine


def small_book(env: dict[str, str], program: Path) -> None:
    """A few reps and records, made through salescli itself in the default book, with
    something for most rules of the digest on today; rep01 is the rep the config file
    names."""
    steps: list[tuple[str, ...]] = [
        ("init", "--rep", "manager", "--name", "Mia Manager", "--role", "manager"),
        ("rep", "add", "rep01", "--name", "Rep 01"),
        ("rep", "add", "rep02", "--name", "Rep 02"),
        ("config", "set", "rep", "rep01"),
        ("account", "add", "Acme Tools", "--phone", "020-1234"),
        ("account", "add", "华为技术", "--region", "Shenzhen"),
        ("lead", "add", "Wang Wei", "--company", "华为", "--next", "-2d"),
        ("lead", "add", "Li Na", "--company", "ACME", "--next", "today"),
        ("lead", "add", "Zhang San", "--source", "web", "--next", "+3d"),
        ("--as", "rep02", "lead", "add", "Chen Jing", "--next", "today"),
        ("opp", "add", "Acme Tools", "Tooling", "--amount", "12500", "--close", "+30d",
         "--next", "send quote", "--next-date", "-1d"),
        ("opp", "add", "华为技术", "Campus network", "--amount", "1.2万", "--close", "+60d",
         "--next", "demo", "--next-date", "+2d"),
        ("visit", "plan", "Acme Tools", "--at", "today 10:00", "--purpose", "review"),
    ]  # fmt: skip
    for step in steps:
        run_child([str(program), *step], env=env)
    for command in (("lead", "list"), ("remind",)):
        shown = subprocess.run(
            [str(program), *command], env=env, capture_output=True, text=True, check=True
        ).stdout
        print(f"  start-up: {' '.join(command)} prints {len(shown.splitlines())} lines", flush=True)


def commands(installed: Path) -> list[Command]:
    dev = Path(SALESCLI)
    python = str(installed.parent / "python")
    return [
        Command("python -c pass", (python, "-c", "pass"), "", None),
        Command(
            "import typer (information)",
            (python, "-c", TYPER_ALONE),
            "python -c pass",
            None,
        ),
        Command("salescli --version", (str(installed), "--version"), "python -c pass", None),
        Command("lead list", (str(installed), "lead", "list"), "python -c pass", TARGET_OVERHEAD),
        Command("remind", (str(installed), "remind"), "python -c pass", TARGET_OVERHEAD),
        Command(
            "salescli --help (information)", (str(installed), "--help"), "python -c pass", None
        ),
        Command("python -c pass (dev venv)", (str(dev.parent / "python"), "-c", "pass"), "", None),
        Command(
            "lead list (dev venv)", (str(dev), "lead", "list"), "python -c pass (dev venv)", None
        ),
        Command("remind (dev venv)", (str(dev), "remind"), "python -c pass (dev venv)", None),
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
    env = rep_env(workdir, env)
    small_book(env, installed)
    runs = commands(installed)
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
