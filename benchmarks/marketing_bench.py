"""The marketing benchmarks (issue 16): `report campaigns --all`, `report leads --all --by
source`, `report expenses --all` (each under 1 s) and one rep's `expense list --month`
(under 200 ms), on a book of 5,000 campaigns, 100,000 leads, 1,000,000 deals and 500,000
expenses.

The book is made here, straight into a migrated empty book through sqlite3 (the shapes
that matter to these reads, not a whole sales history): 50 reps; 100,000 accounts;
1,000,000 deals, one in ten attributed to a campaign, a third of them won or lost;
100,000 leads created over the last year, 30 % from a campaign, in every status, the
converted ones with the day they converted and their deal; 5,000 campaigns with three
costs each; 500,000 expenses over two years in every status. It has no text index (these
reads never search). It is cached in ``benchmarks/data/`` by schema, as the other books
are.

Beside each command, as for the other reads (opp_bench.py): the ``sqlite3`` CLI running
the very statements the service runs, the start-up on an empty book, the service in this
process, its SQL alone, and the same on a copy after ``ANALYZE``.
"""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import generate
import opp_bench
from measure import DATA, Figure, checkpoint, fresh_copy
from opp_bench import MANAGER, Plans, ReadCommand, Traced

REPORT_TARGET = 1.0
LIST_TARGET = 0.200
CAMPAIGNS = 5_000
LEADS = 100_000
EXPENSES = 500_000
REPORTS = "salescli.services.marketing.reports"
EXPENSE_SERVICE = "salescli.services.marketing.expenses"
CAMPAIGN_TYPES = ("trade-show", "seminar", "web", "direct-mail", "call-campaign", "other")
REGIONS = ("North", "South", "East", "West", "华东", "华南")
CATEGORIES = ("travel", "meals", "gifts", "samples", "entertainment", "other")
EXPENSE_STATUSES = ("recorded", "submitted", "approved", "rejected", "reimbursed")
LEAD_STATUSES = ("new", "contacted", "qualified", "converted", "disqualified")
SOURCES = ("referral", "trade-show", "web", "cold-call", "seminar", "directory", "direct-mail")
MONTH = "2026-10"
REP = "rep07"


def book_path(schema: str, deals: int) -> Path:
    return DATA / f"marketing-{deals}-{schema}.db"


def _day(offset: int) -> str:
    return (generate.BENCH_TODAY - timedelta(days=offset)).isoformat()


def write_book(template: Path, target: Path, deals: int, seed: int = 16) -> None:
    """Fill a copy of the migrated empty book ``template`` (reps only) into ``target``."""
    from salescli.db import open_database

    rng = random.Random(seed)
    partial = target.with_name(target.name + ".partial")
    fresh_copy(template, partial)
    database = open_database(partial)
    stamp = f"{generate.BENCH_TODAY.isoformat()} 08:00:00"
    try:
        reps = [int(r[0]) for r in database.tuples("SELECT id FROM rep ORDER BY id")]
        open_stage = int(database.scalar("SELECT id FROM stage WHERE kind = 'open' LIMIT 1"))
        won = int(database.scalar("SELECT id FROM stage WHERE kind = 'won'"))
        lost = int(database.scalar("SELECT id FROM stage WHERE kind = 'lost'"))
        accounts = max(1, deals // 10)
        # These reports never search text: the book is loaded without the text index's
        # triggers (filling it for 1.2 M rows took longer than the rest of the book).
        for (trigger,) in database.tuples(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%text%'"
        ):
            database.execute(f'DROP TRIGGER "{trigger}"')
        with database.transaction():
            database.executemany(
                "INSERT INTO account (id, name, owner_id, status, created_at, updated_at)"
                " VALUES (?, ?, ?, 'customer', ?, ?)",
                (
                    (i, f"Account {i}", rng.choice(reps), stamp, stamp)
                    for i in range(1, accounts + 1)
                ),
            )
            database.executemany(
                "INSERT INTO campaign (id, name, type, region, status, start_on, end_on, budget,"
                " planned_on, owner_id, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        i,
                        f"Campaign {i}",
                        rng.choice(CAMPAIGN_TYPES),
                        rng.choice(REGIONS),
                        rng.choice(("completed", "completed", "running", "approved", "cancelled")),
                        _day(start := rng.randrange(10, 700)),
                        _day(start - 3),
                        rng.randrange(1_000, 100_000) * 100,
                        _day(start + 30),
                        rng.choice(reps),
                        stamp,
                        stamp,
                    )
                    for i in range(1, CAMPAIGNS + 1)
                ),
            )
            database.executemany(
                "INSERT INTO campaign_cost (campaign_id, on_date, amount, created_at)"
                " VALUES (?, ?, ?, ?)",
                (
                    (
                        i // 3 + 1,
                        _day(rng.randrange(10, 700)),
                        rng.randrange(100, 30_000) * 100,
                        stamp,
                    )
                    for i in range(CAMPAIGNS * 3)
                ),
            )

            def deal(i: int) -> tuple[object, ...]:
                status = rng.choices(("open", "won", "lost"), (66, 17, 17))[0]
                opened = rng.randrange(30, 900)
                closed = _day(opened - rng.randrange(1, 29)) if status != "open" else None
                stage = {"open": open_stage, "won": won, "lost": lost}[status]
                campaign = rng.randrange(1, CAMPAIGNS + 1) if rng.random() < 0.1 else None
                return (
                    i, rng.randrange(1, accounts + 1), f"Deal {i}", rng.randrange(1, 5000) * 10000,
                    _day(opened - 60), stage, _day(opened), status, _day(opened), closed,
                    rng.choice(reps), stamp, stamp, campaign,
                )  # fmt: skip

            database.executemany(
                "INSERT INTO opportunity (id, account_id, name, amount, close_date, stage_id,"
                " stage_entered, status, opened_on, closed_on, owner_id, created_at, updated_at,"
                " campaign_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (deal(i) for i in range(1, deals + 1)),
            )

            def lead(i: int) -> tuple[object, ...]:
                created = rng.randrange(0, 365)
                status = rng.choices(LEAD_STATUSES, (30, 25, 10, 25, 10))[0]
                qualified = (
                    _day(created - rng.randrange(0, min(created, 30) + 1))
                    if status in ("qualified", "converted")
                    else None
                )
                converted = _day(max(0, created - 45)) if status == "converted" else None
                return (
                    i, f"Lead {i}", rng.choice(SOURCES), status, rng.choice(reps),
                    f"{_day(created)} 09:00:00", stamp,
                    rng.randrange(1, CAMPAIGNS + 1) if rng.random() < 0.3 else None,
                    qualified, converted,
                    rng.randrange(1, deals + 1) if status == "converted" else None,
                )  # fmt: skip

            database.executemany(
                "INSERT INTO lead (id, name, source, status, owner_id, created_at, updated_at,"
                " campaign_id, qualified_on, converted_on, opportunity_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (lead(i) for i in range(1, LEADS + 1)),
            )
            database.executemany(
                "INSERT INTO expense (on_date, amount, category, status, account_id, owner_id,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        _day(rng.randrange(0, 730)),
                        rng.randrange(10, 3000) * 100,
                        rng.choice(CATEGORIES),
                        rng.choice(EXPENSE_STATUSES),
                        rng.randrange(1, accounts + 1) if rng.random() < 0.7 else None,
                        rng.choice(reps),
                        stamp,
                        stamp,
                    )
                    for _ in range(EXPENSES)
                ),
            )
    finally:
        database.close()
    checkpoint(partial)
    partial.rename(target)


def commands() -> list[ReadCommand]:
    return [
        ReadCommand(
            "report campaigns --all",
            MANAGER,
            ("report", "campaigns", "--all"),
            REPORTS,
            lambda module, session: module.campaign_report(session, everyone=True),
            REPORT_TARGET,
        ),
        ReadCommand(
            "report leads --all --by source",
            MANAGER,
            ("report", "leads", "--all", "--by", "source"),
            REPORTS,
            lambda module, session: module.lead_report(session, by="source", everyone=True),
            REPORT_TARGET,
        ),
        ReadCommand(
            "report expenses --all",
            MANAGER,
            ("report", "expenses", "--all"),
            REPORTS,
            lambda module, session: module.expense_report(session, everyone=True),
            REPORT_TARGET,
        ),
        ReadCommand(
            f"one rep's expense list --month {MONTH}",
            REP,
            ("expense", "list", "--month", MONTH),
            EXPENSE_SERVICE,
            lambda module, session: module.list_expenses(session, month=MONTH),
            LIST_TARGET,
        ),
    ]


def describe(command: ReadCommand, traced: Traced) -> str:
    result = traced.result
    rows = len(result) if isinstance(result, list) else len(result.rows)
    return f"{command.label}: {rows} rows"


def run_marketing(
    *, deals: int, workdir: Path, env: dict[str, str], installed: Path, repeat: int
) -> tuple[list[Figure], list[Plans]]:
    empty = opp_bench.empty_book(workdir, env)
    book = book_path(opp_bench.schema_digest(empty), deals)
    if not book.exists():
        print(f"  making the marketing book ({deals:,} deals) in {book}", flush=True)
        write_book(empty, book, deals)
    db = fresh_copy(book, workdir / "marketing-book.db")
    return opp_bench.measure_book_reads(
        commands(),
        describe,
        db=db,
        empty=empty,
        env=env,
        installed=installed,
        times=repeat,
    )
