"""The quote benchmarks: one rep's `quote list`, `quote show` and `quote export` of every
line, on a book of 100,000 quote versions and 1,000,000 quote lines (issue 13).

The book: the manager and rep01..rep50 (``opp_bench.empty_book``), 25,000 accounts (500 a
rep), four quotes an account in every state (draft, sent, accepted, rejected, some sent
ones past their validity), ten lines each from a price list of 20 products, with their
totals stored as the services store them. It holds no deals: a quote may have none.

Each read is a whole process from the regular install, plain text into a pipe, beside the
``sqlite3`` CLI running the very statements the service runs
(opp_bench.measure_book_reads):

- ``salescli --as REP quote list``: target 200 ms;
- ``salescli --as REP quote show N``: target 150 ms.

The export is ``salescli --as manager quote export`` into a pipe beside ``sqlite3 -csv
-header`` running the export's own query into a pipe: the query makes every cell as the
file writes it (amounts, percentages, quantities), so the floor writes the very bytes
salescli writes, bar the CR of each line end: target within 3x.

Run alone with ``.venv/bin/python benchmarks/run.py quotes``.
"""

from __future__ import annotations

import functools
import random
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import generate
import opp_bench
from measure import (
    DATA,
    SQLITE3,
    Figure,
    checkpoint,
    fresh_copy,
    milliseconds,
    repeat,
    run_child,
    seconds,
)
from opp_bench import MANAGER, Plans, ReadCommand, Traced

QUOTES = 100_000
ACCOUNTS = 25_000
LINES_EACH = 10
PRODUCTS = 20
BOOK_VERSION = 1
TODAY = generate.BENCH_TODAY
STAMP = f"{TODAY.isoformat()}T08:00:00Z"
STATUSES = ("draft", "sent", "accepted", "rejected", "sent", "draft", "rejected", "accepted")


def book_file(schema: str) -> Path:
    return DATA / f"quotes-{QUOTES}-v{BOOK_VERSION}-{schema}.db"


Row = tuple[object, ...]


def _quotes(rep_ids: list[int], rng: random.Random) -> Iterator[tuple[Row, list[Row]]]:
    """Each quote with its lines: (quote row, line rows)."""
    for serial in range(1, QUOTES + 1):
        account = (serial - 1) % ACCOUNTS + 1
        owner = rep_ids[account % len(rep_ids)]
        status = STATUSES[serial % len(STATUSES)]
        quoted = TODAY - timedelta(days=rng.randrange(0, 400))
        until = quoted + timedelta(days=30)
        lines: list[Row] = []
        net = cost = 0
        for position in range(1, LINES_EACH + 1):
            product = rng.randrange(1, PRODUCTS + 1)
            quantity = rng.randrange(1, 20)
            price = product * 10_000
            amount = quantity * price
            net += amount
            cost += quantity * price * 6 // 10
            lines.append(
                (
                    serial, position, product, f"Product {product:02d}", "pcs", quantity * 1000,
                    price, 1300, price * 6 // 10, amount, amount, amount,
                )
            )  # fmt: skip
        tax = net * 13 // 100
        sent = quoted.isoformat() if status != "draft" else None
        decided = (
            (quoted + timedelta(days=10)).isoformat()
            if status in ("accepted", "rejected")
            else None
        )
        yield (
            (
                serial, serial, account, owner, status, quoted.isoformat(), until.isoformat(),
                sent, decided, net, net, tax, net + tax, cost, STAMP, STAMP,
            ),
            lines,
        )  # fmt: skip


def write_book(template: Path, target: Path) -> Path:
    """The quotes book, made once from the empty template and kept in benchmarks/data."""
    if target.exists():
        return target
    print(f"  writing {target.name} (a few minutes)", flush=True)
    work = target.with_suffix(".partial")
    shutil.copyfile(template, work)
    rng = random.Random(13)
    connection = sqlite3.connect(work, isolation_level=None)
    try:
        rep_ids = [
            int(row[0])
            for row in connection.execute(
                "SELECT id FROM rep WHERE handle != ? AND active = 1 ORDER BY id", (MANAGER,)
            )
        ]
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT INTO account (id, name, status, owner_id, created_at, updated_at)"
            " VALUES (?, ?, 'customer', ?, ?, ?)",
            (
                (serial, f"Customer {serial:05d}", rep_ids[serial % len(rep_ids)], STAMP, STAMP)
                for serial in range(1, ACCOUNTS + 1)
            ),
        )
        connection.executemany(
            "INSERT INTO product (id, code, name, unit, list_price, unit_cost, tax_rate,"
            " tax_included, active, created_at, updated_at)"
            " VALUES (?, ?, ?, 'pcs', ?, ?, 1300, 0, 1, ?, ?)",
            (
                (n, f"SKU-{n:02d}", f"Product {n:02d}", n * 10_000, n * 6_000, STAMP, STAMP)
                for n in range(1, PRODUCTS + 1)
            ),
        )
        batch: list[tuple[object, ...]] = []
        for quote, lines in _quotes(rep_ids, rng):
            connection.execute(
                "INSERT INTO quote (id, number, version, account_id, owner_id, status,"
                " quoted_on, valid_until, tax_included, sent_on, decided_on, max_discount,"
                " list_amount, discount, net, tax, gross, cost, created_at, updated_at)"
                " VALUES (?, ?, 1, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?, 0, ?, ?, ?, ?, ?, ?)",
                quote,
            )
            batch += lines
            if len(batch) >= 50_000:
                _lines(connection, batch)
                batch = []
        _lines(connection, batch)
        connection.execute("COMMIT")
    finally:
        connection.close()
    checkpoint(work)
    work.rename(target)
    return target


def _lines(connection: sqlite3.Connection, lines: list[tuple[object, ...]]) -> None:
    connection.executemany(
        "INSERT INTO quote_line (quote_id, position, product_id, description, unit, quantity,"
        " unit_price, tax_rate, unit_cost, list_amount, net, amount)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        lines,
    )


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        found = {
            table: int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("quote", "quote_line")
        }
    connection.close()
    return found


def measure_show(
    command: ReadCommand,
    book: dict[str, int],
    db: Path,
    env: dict[str, str],
    installed: Path,
    times: int,
) -> Figure:
    """`quote show` whole, beside sqlite3 running its statements (measure_read's
    breakdown runs each command on the empty book too, where no quote exists)."""
    print(f"  {command.label}", flush=True)
    traced = opp_bench.traced_call(db, command)
    argv = opp_bench.cli_argv(installed, db, command)
    run_child(argv, env=env)
    mine = repeat(times, functools.partial(run_child, argv, env=env))
    script = opp_bench.sqlite_script(traced.statements)
    floor = repeat(times, functools.partial(run_child, [SQLITE3, str(db)], stdin=script))
    return Figure(
        describe(command, traced, book=book),
        milliseconds(mine.seconds),
        f"{milliseconds(floor.seconds)} sqlite3, same {len(traced.statements)} statements",
        mine.seconds / floor.seconds,
        f"< {milliseconds(command.target)}",
        mine.seconds < command.target,
    )


def read_commands(rep: str, number: int) -> list[ReadCommand]:
    def rules() -> object:
        from salescli.config import QuoteRules

        return QuoteRules()

    return [
        ReadCommand(
            f"quote list (as {rep})",
            rep,
            ("quote", "list"),
            "salescli.services.orders.quotes",
            lambda module, session: module.list_quotes(session, rules=rules()),
            0.200,
        ),
        ReadCommand(
            f"quote show {number} (as {rep})",
            rep,
            ("quote", "show", str(number)),
            "salescli.services.orders.quotes",
            lambda module, session: module.show_quote(session, number=number, rules=rules()),
            0.150,
        ),
    ]


def describe(command: ReadCommand, traced: Traced, *, book: dict[str, int]) -> str:
    size = f"{book['quote']:,} quotes, {book['quote_line']:,} lines"
    if command.argv[1] == "list":
        return f"{command.label} ({size}): {len(traced.result):,} drafts and sent quotes"
    return f"{command.label} ({size}): {len(traced.result.lines)} lines"


def measure_export(db: Path, env: dict[str, str], installed: Path, times: int) -> Figure:
    """`quote export` of every line into a pipe, beside sqlite3 writing the export's
    query as CSV into a pipe."""
    from salescli.services.orders.quotes_csv import EXPORT_SQL

    print("  quote export (every line)", flush=True)
    argv = [str(installed), "--db", str(db), "--as", MANAGER, "--today", TODAY.isoformat()]
    argv += ["quote", "export"]
    run_child(argv, env=env)
    mine = repeat(times, functools.partial(run_child, argv, env=env))
    # The CLI has no inert_cell (csvio.neutralise_cell, which salescli calls for a text
    # cell starting with = + - @ or '): the book's generated text has none.
    query = EXPORT_SQL.replace(":today", f"'{TODAY.isoformat()}'").replace("inert_cell(", "(")
    floor_argv = [SQLITE3, "-csv", "-header", str(db), query]
    floor = repeat(times, functools.partial(run_child, floor_argv))
    lines = counts(db)["quote_line"]
    return Figure(
        f"quote export ({lines:,} lines, one row each), into a pipe",
        seconds(mine.seconds),
        f"{seconds(floor.seconds)} sqlite3 -csv, same query",
        mine.seconds / floor.seconds,
        "< 3x floor",
        mine.seconds < 3 * floor.seconds,
    )


def run_quotes(
    *, workdir: Path, env: dict[str, str], installed: Path, repeat_reads: int, repeat_export: int
) -> tuple[list[Figure], list[Plans]]:
    empty = opp_bench.empty_book(workdir, env)
    book = write_book(empty, book_file(opp_bench.schema_digest(empty)))
    db = fresh_copy(book, workdir / "quotes-book.db")
    book_counts = counts(db)
    rep = generate.BOOK_REPS[0]
    with sqlite3.connect(db) as connection:
        number = int(
            connection.execute(
                "SELECT q.number FROM quote q JOIN rep r ON r.id = q.owner_id"
                " WHERE r.handle = ? ORDER BY q.number LIMIT 1",
                (rep,),
            ).fetchone()[0]
        )
    connection.close()
    listing, showing = read_commands(rep, number)
    # measure_book_reads removes the copy when it is done: the others first.
    later = [
        measure_show(showing, book_counts, db, env, installed, repeat_reads),
        measure_export(db, env, installed, repeat_export),
    ]
    figures, plans = opp_bench.measure_book_reads(
        [listing],
        lambda command, traced: describe(command, traced, book=book_counts),
        db=db,
        empty=empty,
        env=env,
        installed=installed,
        times=repeat_reads,
    )
    figures += later
    return figures, plans
