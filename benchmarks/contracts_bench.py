"""The receivables benchmarks: aging, a rep's overdue list and a rep's daily digest on a
book of 200,000 contracts, 1,000,000 installments and about 1,000,000 receipts.

The book: the manager and rep01..rep50 (``opp_bench.empty_book``), 25,000 accounts (500 a
rep), eight contracts an account in every status (most running, some drafts, closed and
terminated ones), five installments a contract due every 90 days from its start, paid
in full when due before BENCH_TODAY nine times in ten (half of the rest partly), and one
or two receipts for each installment paid into. It holds no deals or activities: the
digest's other rules read empty tables here (remind_bench.py measures them on the deal
book).

Each command is a whole process from the regular install, plain text into a pipe, beside
the ``sqlite3`` CLI running the very statements the service runs, as the other reads are
measured (opp_bench.measure_book_reads):

- ``salescli --as manager receivable aging --all``: target 1 s;
- ``salescli --as REP receivable list --overdue``: target 200 ms;
- ``salescli --as REP remind``: target 200 ms.

Run alone with ``.venv/bin/python benchmarks/run.py contracts``.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import generate
import opp_bench
from measure import DATA, Figure, checkpoint, fresh_copy
from opp_bench import MANAGER, Plans, ReadCommand, Traced

CONTRACTS = 200_000
ACCOUNTS = 25_000
INSTALLMENTS_EACH = 5
BOOK_VERSION = 1
TODAY = generate.BENCH_TODAY
STAMP = f"{TODAY.isoformat()}T08:00:00Z"
# Eight contracts an account: the statuses by serial number, most of them running.
STATUSES = (
    "active", "active", "active", "signed", "completed", "closed", "suspended", "draft",
    "active", "active", "completed", "terminated", "active", "signed", "active", "active",
)  # fmt: skip
LIVE = ("signed", "active", "suspended", "completed", "closed")


def book_file(schema: str) -> Path:
    return DATA / f"contracts-{CONTRACTS}-v{BOOK_VERSION}-{schema}.db"


def _accounts(rep_ids: list[int]) -> Iterator[tuple[object, ...]]:
    for serial in range(1, ACCOUNTS + 1):
        owner = rep_ids[serial % len(rep_ids)]
        yield (serial, f"Customer {serial:05d}", "customer", owner, STAMP, STAMP)


def _contracts(rep_ids: list[int], rng: random.Random) -> Iterator[tuple[object, ...]]:
    first = date(2024, 1, 1)
    for serial in range(1, CONTRACTS + 1):
        account = (serial - 1) % ACCOUNTS + 1
        owner = rep_ids[account % len(rep_ids)]
        status = STATUSES[serial % len(STATUSES)]
        start = first + timedelta(days=rng.randrange(0, 1000))
        end = start + timedelta(days=rng.randrange(365, 1100))
        amount = rng.randrange(10_000, 1_000_000) * 100
        signed = start.isoformat() if status in LIVE else None
        yield (
            serial, f"HT-B-{serial:06d}", account, amount, start.isoformat(), end.isoformat(),
            status, start.isoformat(), signed, owner, STAMP, STAMP,
        )  # fmt: skip


def _schedule(
    contracts: list[tuple[object, ...]], rng: random.Random
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]:
    installments: list[tuple[object, ...]] = []
    receipts: list[tuple[object, ...]] = []
    parts: list[tuple[object, ...]] = []
    today = TODAY.isoformat()
    for row in contracts:
        serial, amount, start, status = int(row[0]), int(row[3]), str(row[4]), str(row[6])  # type: ignore[call-overload]
        share = amount // INSTALLMENTS_EACH
        for position in range(1, INSTALLMENTS_EACH + 1):
            due = (date.fromisoformat(start) + timedelta(days=90 * (position - 1))).isoformat()
            owed = share if position < INSTALLMENTS_EACH else amount - share * (position - 1)
            received = 0
            if status in LIVE:
                luck = rng.random()
                if due < today:
                    received = owed if luck < 0.9 else owed // 2 if luck < 0.95 else 0
                elif luck < 0.05:
                    received = owed
            installment_id = len(installments) + 1
            installments.append((installment_id, serial, position, due, owed, received, STAMP))
            if not received:
                continue
            pieces = (
                [received]
                if received < owed or position % 2
                else [received // 2, received - received // 2]
            )
            for piece in pieces:
                receipt_id = len(receipts) + 1
                on = min(due, today)
                receipts.append((receipt_id, serial, on, piece, f"BANK-{receipt_id:07d}", STAMP))
                parts.append((receipt_id, installment_id, piece))
    return installments, receipts, parts


def write_book(template: Path, target: Path) -> Path:
    """The contracts book, made once from the empty template and kept in benchmarks/data."""
    if target.exists():
        return target
    print(f"  writing {target.name} (a few minutes)", flush=True)
    work = target.with_suffix(".partial")
    shutil.copyfile(template, work)
    rng = random.Random(14)
    connection = sqlite3.connect(work, isolation_level=None)
    try:
        rep_ids = [
            int(row[0])
            for row in connection.execute(
                "SELECT id FROM rep WHERE handle != ? AND active = 1 ORDER BY id", (MANAGER,)
            )
        ]
        contracts = list(_contracts(rep_ids, rng))
        installments, receipts, parts = _schedule(contracts, rng)
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO account (id, name, status, owner_id, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            _accounts(rep_ids),
        )
        connection.executemany(
            "INSERT INTO contract (id, number, account_id, amount, start_on, end_on, status,"
            " status_on, signed_on, owner_id, version, progress, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?)",
            contracts,
        )
        connection.executemany(
            "INSERT INTO installment (id, contract_id, position, due_on, amount, received,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            installments,
        )
        connection.executemany(
            "INSERT INTO receipt (id, contract_id, received_on, amount, credit, ref, at)"
            " VALUES (?, ?, ?, ?, 0, ?, ?)",
            receipts,
        )
        connection.executemany(
            "INSERT INTO receipt_part (receipt_id, installment_id, amount) VALUES (?, ?, ?)",
            parts,
        )
        connection.execute("COMMIT")
    finally:
        connection.close()
    checkpoint(work)
    work.rename(target)
    return target


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        found = {
            table: int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("contract", "installment", "receipt")
        }
    connection.close()
    return found


def read_commands(rep: str) -> list[ReadCommand]:
    return [
        ReadCommand(
            "receivable aging --all",
            MANAGER,
            ("receivable", "aging", "--all"),
            "salescli.services.orders.collections",
            lambda module, session: module.aging(session, everyone=True),
            1.0,
        ),
        ReadCommand(
            f"receivable list --overdue (as {rep})",
            rep,
            ("receivable", "list", "--overdue"),
            "salescli.services.orders.receivables",
            lambda module, session: module.list_receivables(session, overdue=True),
            0.200,
        ),
        ReadCommand(
            f"remind (as {rep})",
            rep,
            ("remind",),
            "salescli.services.activities.remind",
            lambda module, session: module.remind(session),
            0.200,
        ),
    ]


def describe(command: ReadCommand, traced: Traced, *, book: dict[str, int]) -> str:
    size = (
        f"{book['contract']:,} contracts, {book['installment']:,} installments,"
        f" {book['receipt']:,} receipts"
    )
    if command.argv[0] == "remind":
        return f"{command.label} ({size}): {len(traced.result.items):,} reminders"
    if command.argv[1] == "aging":
        return f"{command.label} ({size}): {len(traced.result.rows):,} account rows"
    return f"{command.label} ({size}): {len(traced.result):,} overdue installments"


def run_contracts(
    *, workdir: Path, env: dict[str, str], installed: Path, repeat: int
) -> tuple[list[Figure], list[Plans]]:
    empty = opp_bench.empty_book(workdir, env)
    book = write_book(empty, book_file(opp_bench.schema_digest(empty)))
    db = fresh_copy(book, workdir / "contracts-book.db")
    book_counts = counts(db)
    return opp_bench.measure_book_reads(
        read_commands(generate.BOOK_REPS[0]),
        lambda command, traced: describe(command, traced, book=book_counts),
        db=db,
        empty=empty,
        env=env,
        installed=installed,
        times=repeat,
    )
