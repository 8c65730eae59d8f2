"""Generate realistic data for the benchmarks: CSV files and whole opportunity books.

Usage::

    python benchmarks/generate.py leads N OUT.csv [--seed S]
    python benchmarks/generate.py opportunities N OUT.csv [--seed S]
    python benchmarks/generate.py book N OUT.db [--seed S] [--analyze]

``leads`` writes N leads with the header ``salescli lead import`` understands. Names,
companies, phones, titles and needs come from the demo book's pools (English and
Chinese); sources are every ``LeadSource``; about 80% of leads are open
(new/contacted/qualified), the rest converted or disqualified; open leads have a next
action spread from two months before to four months after 2026-11-23, so about a third of
them are due on that day; owners are spread over rep01..rep10.

``opportunities`` writes N deals with the columns ``salescli opp import`` reads (name,
account, amount, close_date, stage, owner, opened_on): about one account per ten deals,
owners rep01..rep50, open deals in prospect/proposal/negotiation, won and lost deals with
their close dates, over the three years up to 2026-11-23.

``book`` makes a whole salescli database holding N opportunities: created and migrated by
``salescli init`` (the manager ``manager``), then 50 reps (rep01..rep50, with books of
different sizes), N/10 accounts, N deals and their stage history (about 2.9 rows per deal)
and a few co-owner shares, inserted with ``executemany`` in one transaction. See
``write_book`` for the distribution. ``--analyze`` runs ``ANALYZE`` at the end; salescli
itself never does, so a user's book has no statistics and the benchmarks measure it
without.

Rows are produced deterministically: the same seed always gives the same data. CSV files
are streamed with ``csv.writer``, so their memory stays flat whatever N is.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from salescli.models.enums import LeadSource, LossReason
from salescli.services.sample_data import (
    INDUSTRIES,
    NEEDS,
    REGIONS,
    TITLES,
    company_name,
    person_name,
    phone,
)

HEADER = (
    "name",
    "company",
    "title",
    "phone",
    "email",
    "source",
    "referred_by",
    "budget",
    "need",
    "status",
    "next_action",
    "note",
    "owner",
    "external_id",
)
REPS = tuple(f"rep{number:02d}" for number in range(1, 11))
BENCH_TODAY = date(2026, 11, 23)
# Next actions run from BENCH_TODAY - 60 days to BENCH_TODAY + 120 days: 61 of 181 days
# (about a third) are due on BENCH_TODAY.
DAYS_BEFORE, DAYS_AFTER = 60, 120
STATUSES = ("new", "contacted", "qualified", "converted", "disqualified")
STATUS_WEIGHTS = (40, 25, 15, 10, 10)
OPEN_STATUSES = frozenset(STATUSES[:3])
SOURCES = tuple(LeadSource.values())
SOURCE_WEIGHTS = tuple(25 if value in ("referral", "web") else 10 for value in SOURCES)
NOTES = (
    "met at the booth, wants a brochure",
    "asked for a price list",
    "call back after budget meeting",
    "展会上留的名片",
    "需要报价单",
    "prefers WeChat",
)
DOMAINS = ("example.com", "example.cn", "example.net", "mail.example.org")
CHUNK = 2048  # rows drawn per random.choices call


def lead_rows(count: int, seed: int) -> Iterator[tuple[str, ...]]:
    """Yield ``count`` lead rows in HEADER order, deterministically for ``seed``."""
    rng = random.Random(seed)
    dates = [
        (BENCH_TODAY + timedelta(days=offset)).isoformat()
        for offset in range(-DAYS_BEFORE, DAYS_AFTER + 1)
    ]
    for start in range(0, count, CHUNK):
        size = min(CHUNK, count - start)
        statuses = rng.choices(STATUSES, STATUS_WEIGHTS, k=size)
        sources = rng.choices(SOURCES, SOURCE_WEIGHTS, k=size)
        for offset in range(size):
            serial = start + offset + 1
            yield _lead(rng, serial, statuses[offset], sources[offset], dates, seed)


def _lead(
    rng: random.Random, serial: int, status: str, source: str, dates: list[str], seed: int
) -> tuple[str, ...]:
    chinese = rng.random() < 0.5
    name = person_name(rng, chinese)
    if chinese:
        mailbox = f"lead{serial}"
    else:
        first, _, last = name.partition(" ")
        mailbox = f"{first.lower()}.{last.lower()}{serial}"
    referred_by = person_name(rng, rng.random() < 0.5) if source == "referral" else ""
    budget = f"{rng.randrange(10, 2000) * 250}.00" if rng.random() < 0.7 else ""
    next_action = rng.choice(dates) if status in OPEN_STATUSES else ""
    return (
        name,
        company_name(rng, chinese, rng.randrange(1, 500)),
        rng.choice(TITLES),
        phone(rng, chinese),
        f"{mailbox}@{rng.choice(DOMAINS)}",
        source,
        referred_by,
        budget,
        rng.choice(NEEDS),
        status,
        next_action,
        rng.choice(NOTES) if rng.random() < 0.3 else "",
        REPS[serial % len(REPS)],
        f"bench-{seed}-{serial:08d}",
    )


def write_leads(count: int, out: Path, *, seed: int = 1) -> None:
    """Write ``count`` leads to ``out`` (atomically: a half-written file never remains)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(lead_rows(count, seed))
    partial.replace(out)


# Opportunities -----------------------------------------------------------------------

BOOK_MANAGER = "manager"
BOOK_REPS = tuple(f"rep{number:02d}" for number in range(1, 51))
DEALS_PER_ACCOUNT = 10
# The default funnel of revision 0002: stage ids, and the expected days in each open stage.
PROSPECT, PROPOSAL, NEGOTIATION, WON, LOST = 1, 2, 3, 4, 5
STAGE_DAYS = {PROSPECT: 60, PROPOSAL: 30, NEGOTIATION: 30}
STAGE_NAMES = {
    PROSPECT: "Prospect",
    PROPOSAL: "Proposal",
    NEGOTIATION: "Negotiation",
    WON: "Won",
    LOST: "Lost",
}
DEAL_STATUSES = ("open", "suspended", "won", "lost")
DEAL_STATUS_WEIGHTS = (35, 5, 30, 30)
LIVE_STAGES = (PROSPECT, PROPOSAL, NEGOTIATION)
LIVE_STAGE_SHARES = (0.35, 0.70)  # cumulative: 35% prospect, 35% proposal, 30% negotiation
LOST_FROM_SHARES = (0.25, 0.60)  # the stage a lost deal left: 25%, 35%, 40%
STALLED_SHARE = 0.2  # live deals longer in their stage than its expected days
HISTORY_DAYS = 3 * 365  # closed deals closed within the last three years
OPP_HEADER = ("name", "account", "amount", "close_date", "stage", "owner", "opened_on")
DEAL_TOPICS = (
    "Warehouse scanners",
    "Fleet renewal",
    "ERP rollout",
    "Cold-chain sensors",
    "Annual maintenance",
    "Packaging line",
    "POS terminals",
    "Training programme",
    "仓储管理系统",
    "年度维保合同",
    "冷链监控",
)
NEXT_STEPS = (
    "send the revised proposal",
    "demo for the plant manager",
    "call about the budget",
    "visit with the technical team",
    "发送报价单",
    "约见采购经理",
)
SUSPEND_REASONS = ("budget frozen until next quarter", "customer reorganising", "项目暂停")
WIN_SUMMARIES = (
    "won on service and delivery time",
    "the pilot convinced the plant manager",
    "price matched, relationship decided",
    "技术方案获得认可",
)
LOSS_SUMMARIES = (
    "lost on price",
    "the customer kept the incumbent",
    "no budget this year",
    "价格偏高",
)
COMPETITORS = ("Northwind", "Contoso", "Globex", "Initech", "华为", "用友")
LOSS_REASONS = tuple(LossReason.values())
LOSS_REASON_WEIGHTS = tuple(
    {"price": 30, "competitor": 25, "no-decision": 15, "timing": 10, "budget": 10}.get(reason, 5)
    for reason in LOSS_REASONS
)
# Times of day of the book's timestamps (stored as salescli stores them: UTC, dates.stamp).
CLOCKS = tuple(f"T{hour:02d}:{minute:02d}:00Z" for hour in range(8, 18) for minute in (5, 35))


class DealShape(NamedTuple):
    """A deal's history in outline: who owns it, where it went and when."""

    owner: int  # index in BOOK_REPS
    account: int  # account number, 1..accounts
    status: str
    stages: tuple[int, ...]  # every stage it entered, in order; the last is where it is now
    entered: tuple[int, ...]  # the date (ordinal) it entered each of them
    amount: int | None  # minor units
    close_date: int  # ordinal


class _IsoDates(dict[int, str]):
    """ISO text of a date ordinal, made once per day."""

    def __missing__(self, ordinal: int) -> str:
        text = date.fromordinal(ordinal).isoformat()
        self[ordinal] = text
        return text


def rep_weights(seed: int) -> list[float]:
    """How big each rep's book is: some reps carry three times as many deals as others."""
    rng = random.Random(f"reps-{seed}")
    return [rng.lognormvariate(0, 0.4) for _ in BOOK_REPS]


def account_owners(accounts: int, seed: int) -> list[int]:
    """The owner (index in BOOK_REPS) of accounts 1..accounts, in proportion to books."""
    rng = random.Random(f"accounts-{seed}")
    return rng.choices(range(len(BOOK_REPS)), rep_weights(seed), k=accounts)


def account_names(accounts: int, seed: int) -> list[str]:
    """Unique names for accounts 1..accounts (the number is part of the name)."""
    rng = random.Random(f"account-names-{seed}")
    return [company_name(rng, rng.random() < 0.5, number) for number in range(1, accounts + 1)]


def deal_shapes(count: int, *, seed: int, accounts: int) -> Iterator[DealShape]:
    """``count`` deals: 35% open, 5% suspended, 30% won, 30% lost (``DEAL_STATUSES``).

    Open and suspended deals sit in prospect, proposal or negotiation; 20% of them have
    been in that stage longer than its expected days (stalled), the others up to that
    many. Won deals went prospect, proposal, negotiation, won; lost deals left prospect,
    proposal or negotiation (25/35/40%) for lost. Days in each stage left are drawn
    around the stage's expected days; closed deals closed at a date spread over the last
    three years; 90% of deals belong to their account's owner.
    """
    rng = random.Random(seed)
    weights = rep_weights(seed)
    accounts_of: list[list[int]] = [[] for _ in BOOK_REPS]
    for number, owner in enumerate(account_owners(accounts, seed), start=1):
        accounts_of[owner].append(number)
    today = BENCH_TODAY.toordinal()
    reps = range(len(BOOK_REPS))
    for start in range(0, count, CHUNK):
        size = min(CHUNK, count - start)
        owners = rng.choices(reps, weights, k=size)
        statuses = rng.choices(DEAL_STATUSES, DEAL_STATUS_WEIGHTS, k=size)
        for owner, status in zip(owners, statuses, strict=True):
            mine = accounts_of[owner]
            account = rng.choice(mine) if mine and rng.random() < 0.9 else rng.randint(1, accounts)
            yield _deal_shape(rng, owner, account, status, today)


def _pick(rng: random.Random, options: Sequence[int], edges: Sequence[float]) -> int:
    draw = rng.random()
    for option, edge in zip(options, edges, strict=False):
        if draw < edge:
            return option
    return options[-1]


def _stay(rng: random.Random, stage: int) -> int:
    """Days spent in an open stage before leaving it: mean its expected days, long tail."""
    expected = STAGE_DAYS[stage]
    return min(expected * 6, max(1, round(rng.gammavariate(2.0, expected / 2))))


def _deal_shape(rng: random.Random, owner: int, account: int, status: str, today: int) -> DealShape:
    last: int | None
    if status in ("open", "suspended"):
        now = _pick(rng, LIVE_STAGES, LIVE_STAGE_SHARES)
        stages: tuple[int, ...] = tuple(range(PROSPECT, now + 1))
        expected = STAGE_DAYS[now]
        stalled = rng.random() < STALLED_SHARE
        last = today - (
            rng.randint(expected + 1, expected * 4) if stalled else rng.randint(0, expected)
        )
    else:
        left = NEGOTIATION if status == "won" else _pick(rng, LIVE_STAGES, LOST_FROM_SHARES)
        stages = (*range(PROSPECT, left + 1), WON if status == "won" else LOST)
        last = None
    stays = [_stay(rng, stage) for stage in stages[:-1]]
    if last is None:
        last = today - rng.randint(0, max(0, HISTORY_DAYS - sum(stays)))
    entered = [last]
    for stay in reversed(stays):
        entered.append(entered[-1] - stay)
    entered.reverse()
    if status == "won":
        close_date = last
    elif status == "lost":
        # the close date it was expected at when it was lost
        close_date = max(entered[0], last + rng.randint(-30, 60))
    else:
        close_date = today + rng.randint(-20, 180)
    amount: int | None = None
    if status in ("won", "lost") or stages[-1] != PROSPECT or rng.random() < 0.9:
        amount = max(500, int(rng.lognormvariate(9.9, 0.9)) // 100 * 100) * 100
    return DealShape(owner, account, status, stages, tuple(entered), amount, close_date)


def opportunity_rows(count: int, seed: int) -> Iterator[tuple[str, ...]]:
    """``count`` rows in OPP_HEADER order: deals as another CRM exports them, about ten
    per account (accounts named, not numbered), owners by handle, amounts in major
    units (empty for some prospects), stages by name, a won or lost deal's close date
    the day it closed; suspended deals show as open."""
    accounts = max(1, count // DEALS_PER_ACCOUNT)
    names = account_names(accounts, seed)
    iso = _IsoDates()
    rng = random.Random(f"names-{seed}")
    for serial, shape in enumerate(deal_shapes(count, seed=seed, accounts=accounts), start=1):
        yield (
            f"{rng.choice(DEAL_TOPICS)} {serial}",
            names[shape.account - 1],
            "" if shape.amount is None else f"{shape.amount // 100}.{shape.amount % 100:02d}",
            iso[shape.close_date if shape.status in ("open", "suspended") else shape.entered[-1]],
            STAGE_NAMES[shape.stages[-1]],
            BOOK_REPS[shape.owner],
            iso[shape.entered[0]],
        )


def write_opportunities(count: int, out: Path, *, seed: int = 1) -> None:
    """Write ``count`` deals to ``out`` for ``opp import`` (atomically)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(OPP_HEADER)
        writer.writerows(opportunity_rows(count, seed))
    partial.replace(out)


def start_book(
    db: Path, *, salescli: Path | None = None, env: dict[str, str] | None = None
) -> dict[str, int]:
    """Create a book with salescli itself (``init``: the file, its migrations and the
    manager), then add rep01..rep50; returns every rep's id by handle."""
    program = salescli or Path(sys.executable).parent / "salescli"
    with tempfile.TemporaryDirectory(prefix="salescli-generate-") as private:
        child_env = dict(env) if env is not None else _private_env(Path(private))
        subprocess.run(
            [
                str(program),
                "--db",
                str(db),
                "--today",
                BENCH_TODAY.isoformat(),
                "init",
                "--rep",
                BOOK_MANAGER,
                "--name",
                "Sales Manager",
                "--role",
                "manager",
            ],
            env=child_env,
            check=True,
            capture_output=True,
        )
    stamp = f"{BENCH_TODAY.isoformat()}T08:00:00Z"
    connection = sqlite3.connect(db, isolation_level=None)
    try:
        with connection:
            connection.executemany(
                "INSERT INTO rep (handle, name, email, role, active, created_at)"
                " VALUES (?, ?, ?, 'rep', 1, ?)",
                [
                    (handle, f"Rep {handle[3:]}", f"{handle}@example.com", stamp)
                    for handle in BOOK_REPS
                ],
            )
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return {
            str(row[0]): int(row[1]) for row in connection.execute("SELECT handle, id FROM rep")
        }
    finally:
        connection.close()


def _private_env(directory: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SALESCLI_")}
    env["SALESCLI_CONFIG_DIR"] = str(directory / "config")
    env["SALESCLI_DATA_DIR"] = str(directory / "data")
    return env


def write_book(
    db: Path,
    deals: int,
    *,
    seed: int = 1,
    analyze: bool = False,
    salescli: Path | None = None,
    env: dict[str, str] | None = None,
) -> None:
    """Make the book ``db`` holding ``deals`` opportunities and their history.

    The shapes come from ``deal_shapes`` (one account per ten deals). On top of them:
    deals get ids in the order they were opened and stage changes are stored in date
    order, as a book filled day by day stores them; each move's ``days`` is the time
    spent in the stage it left and ``stage_entered`` the date of the last move; 8% of
    live deals carry their own probability, most a forecast category and a next step;
    suspended deals a reason and a date; lost deals a reason (and the competitor when
    that is the reason); closed deals a summary; half the deals closed more than two
    years ago are archived; 3% of deals have a co-owner. The file is built as
    ``db.partial`` and renamed when complete.
    """
    partial = db.with_name(db.name + ".partial")
    for path in (db, partial):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    rep_ids = start_book(partial, salescli=salescli, env=env)
    owner_ids = [rep_ids[handle] for handle in BOOK_REPS]
    accounts = max(1, deals // DEALS_PER_ACCOUNT)
    connection = sqlite3.connect(partial, isolation_level=None)
    try:
        # A bulk fill, not a user's write: no WAL copy of every page (the book is put
        # back into WAL mode at the end), indexes built once at the end.
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-262144")
        connection.execute("BEGIN")
        tables = ("account", "opportunity", "stage_change", "opportunity_share")
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ({})".format(
                ", ".join("?" * len(tables))
            ),
            tables,
        ).fetchall()
        for name, _ in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        connection.executemany(_ACCOUNT_INSERT, _account_rows(accounts, seed, owner_ids))
        book = _book_deals(deals, seed, accounts, owner_ids)
        connection.executemany(_OPPORTUNITY_INSERT, book.opportunities)
        connection.executemany(_STAGE_CHANGE_INSERT, book.stage_changes)
        connection.executemany(_SHARE_INSERT, book.shares)
        for _, sql in indexes:
            connection.execute(sql)
        connection.execute("COMMIT")
        if analyze:
            connection.execute("ANALYZE")
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()
    partial.replace(db)


_ACCOUNT_INSERT = (
    "INSERT INTO account (id, name, industry, region, phone, status, abc_class, owner_id,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_OPPORTUNITY_INSERT = (
    "INSERT INTO opportunity (id, account_id, name, amount, close_date, stage_id,"
    " stage_entered, probability, status, forecast_category, source, competitor,"
    " loss_reason, summary, next_step, next_date, suspend_reason, suspended_until,"
    " opened_on, closed_on, owner_id, archived_at, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_STAGE_CHANGE_INSERT = (
    "INSERT INTO stage_change (opportunity_id, from_stage_id, to_stage_id, move, on_date, days,"
    " at, rep_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SHARE_INSERT = "INSERT INTO opportunity_share (opportunity_id, rep_id, split) VALUES (?, ?, ?)"


def _account_rows(accounts: int, seed: int, owner_ids: list[int]) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(f"account-rows-{seed}")
    stamp = f"{(BENCH_TODAY - timedelta(days=HISTORY_DAYS + 200)).isoformat()}T09:00:00Z"
    names = account_names(accounts, seed)
    owners = account_owners(accounts, seed)
    for number in range(1, accounts + 1):
        chinese = "号" in names[number - 1]
        yield (
            number,
            names[number - 1],
            rng.choice(INDUSTRIES),
            rng.choice(REGIONS),
            phone(rng, chinese),
            rng.choices(("customer", "prospect", "former"), (60, 30, 10))[0],
            rng.choices(("A", "B", "C", "D", None), (5, 15, 30, 30, 20))[0],
            owner_ids[owners[number - 1]],
            stamp,
            stamp,
        )


class _Book(NamedTuple):
    opportunities: list[tuple[Any, ...]]
    stage_changes: list[tuple[Any, ...]]
    shares: list[tuple[int, int, int]]


def _book_deals(deals: int, seed: int, accounts: int, owner_ids: list[int]) -> _Book:
    """Every deal's row and history, with ids in the order the deals were opened."""
    rng = random.Random(f"book-{seed}")
    iso = _IsoDates()
    today = BENCH_TODAY.toordinal()
    shapes = sorted(
        enumerate(deal_shapes(deals, seed=seed, accounts=accounts)),
        key=lambda item: (item[1].entered[0], item[0]),
    )
    opportunities: list[tuple[Any, ...]] = []
    changes: list[tuple[int, int, int, tuple[Any, ...]]] = []
    shares: list[tuple[int, int, int]] = []
    for opportunity_id, (serial, shape) in enumerate(shapes, start=1):
        owner_id = owner_ids[shape.owner]
        opportunities.append(_deal_row(rng, iso, today, opportunity_id, serial, shape, owner_id))
        clock = CLOCKS[opportunity_id % len(CLOCKS)]
        previous: int | None = None
        for step, (stage, day) in enumerate(zip(shape.stages, shape.entered, strict=True)):
            move = "open" if step == 0 else {4: "win", 5: "lose"}.get(stage, "advance")
            row = (
                opportunity_id,
                previous,
                stage,
                move,
                iso[day],
                None if step == 0 else day - shape.entered[step - 1],
                f"{iso[day]}{clock}",
                owner_id,
                "opened" if step == 0 else None,
            )
            changes.append((day, opportunity_id, step, row))
            previous = stage
        if rng.random() < 0.03:
            partner = owner_ids[rng.randrange(len(owner_ids))]
            if partner != owner_id:
                shares.append((opportunity_id, partner, rng.choice((2000, 3000, 5000))))
    changes.sort(key=lambda item: item[:3])
    return _Book(opportunities, [item[3] for item in changes], shares)


def _deal_row(
    rng: random.Random,
    iso: _IsoDates,
    today: int,
    opportunity_id: int,
    serial: int,
    shape: DealShape,
    owner_id: int,
) -> tuple[Any, ...]:
    status, stage, last = shape.status, shape.stages[-1], shape.entered[-1]
    live = status in ("open", "suspended")
    closed = not live
    probability = rng.randrange(1, 20) * 500 if live and rng.random() < 0.08 else None
    forecast = None
    if live and rng.random() < 0.7:
        forecast = {PROSPECT: "pipeline", PROPOSAL: "best-case", NEGOTIATION: "commit"}[stage]
    loss_reason = competitor = None
    if status == "lost":
        loss_reason = rng.choices(LOSS_REASONS, LOSS_REASON_WEIGHTS)[0]
        if loss_reason == "competitor":
            competitor = rng.choice(COMPETITORS)
    elif rng.random() < 0.2:
        competitor = rng.choice(COMPETITORS)
    summary = None
    if status == "won":
        summary = rng.choice(WIN_SUMMARIES)
    elif status == "lost":
        summary = rng.choice(LOSS_SUMMARIES)
    next_step = next_date = None
    if status == "open":
        next_step = rng.choice(NEXT_STEPS)
        next_date = iso[today + rng.randint(-14, 30)]
    suspend_reason = suspended_until = None
    if status == "suspended":
        suspend_reason = rng.choice(SUSPEND_REASONS)
        suspended_until = iso[today + rng.randint(7, 120)]
    archived_at = None
    if closed and last < today - 730 and rng.random() < 0.5:
        archived_at = f"{iso[min(today, last + rng.randint(365, 500))]}T18:00:00Z"
    clock = CLOCKS[opportunity_id % len(CLOCKS)]
    return (
        opportunity_id,
        shape.account,
        f"{DEAL_TOPICS[serial % len(DEAL_TOPICS)]} {serial + 1}",
        shape.amount,
        iso[shape.close_date],
        stage,
        iso[last],
        probability,
        status,
        forecast,
        rng.choice(SOURCES) if rng.random() < 0.8 else None,
        competitor,
        loss_reason,
        summary,
        next_step,
        next_date,
        suspend_reason,
        suspended_until,
        iso[shape.entered[0]],
        iso[last] if closed else None,
        owner_id,
        archived_at,
        f"{iso[shape.entered[0]]}{clock}",
        f"{iso[last]}{clock}",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate benchmark data.")
    parser.add_argument(
        "kind",
        choices=["leads", "opportunities", "book"],
        help="leads or opportunities (CSV files), or book (a salescli database)",
    )
    parser.add_argument("count", type=int, help="number of leads or opportunities")
    parser.add_argument("out", type=Path, help="the file to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--analyze", action="store_true", help="book: run ANALYZE at the end (salescli does not)"
    )
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("count must not be negative")
    if args.kind == "leads":
        write_leads(args.count, args.out, seed=args.seed)
    elif args.kind == "opportunities":
        write_opportunities(args.count, args.out, seed=args.seed)
    else:
        write_book(args.out, args.count, seed=args.seed, analyze=args.analyze)
    return 0


if __name__ == "__main__":
    sys.exit(main())
