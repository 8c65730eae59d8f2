"""kill -9 at a random moment: a 200,000-row import and a handover of a whole book are
each all or nothing, and the book passes `db check` afterwards.

The installed salescli runs in a subprocess, as cron runs it, and is killed with SIGKILL
at a moment drawn between its start and a little after a whole run takes. Marked slow
(about 30 s); `make test` runs it.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SALESCLI = str(Path(sys.executable).with_name("salescli"))
TODAY = "2026-11-23"
TRIALS = 10
IMPORT_ROWS = 200_000


def salescli(book: Path, *args: str, acting: str = "alice") -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [SALESCLI, "--db", str(book), "--today", TODAY, "--as", acting, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen[bytes]) -> None:
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr.decode()


def whole_run_seconds(process: subprocess.Popen[bytes]) -> float:
    """How long an uninterrupted run takes: the range the kills are drawn from."""
    started = time.monotonic()
    finish(process)
    return time.monotonic() - started


def kill_at_random(
    template: Path,
    tmp_path: Path,
    command: Callable[[Path], subprocess.Popen[bytes]],
    outcome: Callable[[Path], str],
) -> list[str]:
    """Run ``command`` on a fresh copy of ``template`` TRIALS times, killing it at a random
    moment; after each, ``outcome`` says what the book holds (it fails on anything
    half-done) and `db check` must pass."""
    first = tmp_path / "whole.db"
    shutil.copy(template, first)
    window = whole_run_seconds(command(first)) * 1.1
    assert outcome(first) == "all"
    chance = random.Random()
    outcomes = []
    for trial in range(TRIALS):
        book = tmp_path / f"trial-{trial}.db"
        shutil.copy(template, book)
        process = command(book)
        try:
            process.wait(timeout=chance.uniform(0.05, window))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
        outcomes.append(outcome(book))
        check = subprocess.run(
            [SALESCLI, "--db", str(book), "db", "check"], capture_output=True, check=False
        )
        assert check.returncode == 0, f"trial {trial}: {check.stderr.decode()}"
        for leftover in tmp_path.glob(f"trial-{trial}.db*"):
            leftover.unlink()
    return outcomes


def query(book: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(book)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def new_book(path: Path, *reps: tuple[str, str]) -> Path:
    handle, role = reps[0]
    init = [SALESCLI, "--db", str(path), "--today", TODAY, "init", "--rep", handle]
    subprocess.run(
        [*init, "--name", handle.title(), "--role", role], check=True, stdout=subprocess.DEVNULL
    )
    first = handle  # the book's first rep, a manager, adds the others
    for handle, role in reps[1:]:
        added = ("rep", "add", handle, "--name", handle.title(), "--role", role)
        finish(salescli(path, *added, acting=first))
    return path


def write_csv(path: Path, header: str, rows: int, row: Callable[[int], str]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        handle.writelines(row(number) + "\n" for number in range(rows))
    return path


def test_a_killed_import_is_all_or_nothing(tmp_path: Path) -> None:
    template = new_book(tmp_path / "template.db", ("alice", "rep"))
    leads = write_csv(
        tmp_path / "leads.csv",
        "name,company,phone,email",
        IMPORT_ROWS,
        lambda n: f"Lead {n},Company {n % 9000},+86 10 5555 {n:06d},lead{n}@example.com",
    )

    def outcome(book: Path) -> str:
        [(rows, imports)] = query(
            book,
            "SELECT (SELECT count(*) FROM lead),"
            " (SELECT count(*) FROM event WHERE entity = 'lead' AND action = 'import')",
        )
        assert (rows, imports) in ((0, 0), (IMPORT_ROWS, 1)), f"half an import: {rows} rows"
        return "all" if rows else "nothing"

    outcomes = kill_at_random(
        template, tmp_path, lambda book: salescli(book, "lead", "import", str(leads)), outcome
    )
    print("outcomes:", outcomes)  # shown when a trial fails


def test_a_killed_handover_is_all_or_nothing(tmp_path: Path) -> None:
    template = new_book(
        tmp_path / "template.db", ("maria", "manager"), ("alice", "rep"), ("bob", "rep")
    )
    accounts = write_csv(
        tmp_path / "accounts.csv", "name,owner", 4000, lambda n: f"Account {n},alice"
    )
    deals = write_csv(
        tmp_path / "deals.csv",
        "name,account,amount,stage,owner,close_date",
        20000,
        lambda n: f"Deal {n},Account {n % 4000},{1000 + n},proposal,alice,2027-03-01",
    )
    leads = write_csv(tmp_path / "leads.csv", "name,owner", 10000, lambda n: f"Lead {n},alice")
    for entity, path in (("account", accounts), ("opp", deals), ("lead", leads)):
        finish(salescli(template, entity, "import", str(path), acting="maria"))
    book_size = 4000 + 20000 + 10000

    def outcome(book: Path) -> str:
        [(handovers,)] = query(book, "SELECT count(*) FROM handover")
        owners = dict(
            query(
                book,
                "SELECT rep.handle, count(*) FROM (SELECT owner_id FROM account"
                " UNION ALL SELECT owner_id FROM opportunity UNION ALL SELECT owner_id FROM lead)"
                " AS owned JOIN rep ON rep.id = owned.owner_id GROUP BY rep.handle",
            )
        )
        assert (handovers, owners) in ((0, {"alice": book_size}), (1, {"bob": book_size})), (
            f"half a handover: {handovers} handovers, owners {owners}"
        )
        return "all" if handovers else "nothing"

    outcomes = kill_at_random(
        template,
        tmp_path,
        lambda book: salescli(
            book,
            "handover",
            "run",
            "--from",
            "alice",
            "--to",
            "bob",
            "--yes",
            "--report",
            str(book.with_suffix(".md")),
            acting="maria",
        ),
        outcome,
    )
    print("outcomes:", outcomes)  # shown when a trial fails
