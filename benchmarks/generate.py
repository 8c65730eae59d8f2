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
different sizes; rep50 has left and is inactive, its records still in the book), N/10
accounts with about two contacts each (most with a birthday), N/10 leads (those of
``leads``), N deals and their stage history (about 2.9 rows per deal), a few co-owner
shares and 2N activities (5% planned around 2026-11-23, the rest done, with each
account's and deal's ``last_touch``), inserted with ``executemany`` in one transaction.
See ``write_book`` for the distribution. ``--analyze`` runs ``ANALYZE`` at the end;
salescli itself never does, so a user's book has no statistics and the benchmarks
measure it without.

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

from salescli.demo.sample_data import (
    INDUSTRIES,
    NEEDS,
    REGIONS,
    TITLES,
    company_name,
    person_name,
    phone,
)
from salescli.models.enums import LeadSource, LossReason

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


def lead_rows(count: int, seed: int, id_seed: int | None = None) -> Iterator[tuple[str, ...]]:
    """Yield ``count`` lead rows in HEADER order, deterministically for ``seed``; their
    external ids those of ``id_seed``'s rows (other details for the same leads)."""
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
            yield _lead(rng, serial, statuses[offset], sources[offset], dates, id_seed or seed)


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


def write_leads(count: int, out: Path, *, seed: int = 1, id_seed: int | None = None) -> None:
    """Write ``count`` leads to ``out`` (atomically: a half-written file never remains)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(lead_rows(count, seed, id_seed))
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

# The rest of the book: contacts, leads, activities, and a rep who has left.
BOOK_INACTIVE_REP = BOOK_REPS[-1]  # rep50: inactive, its records still in the book
LEADS_PER_DEAL = 0.1  # N/10 leads
ACTIVITIES_PER_DEAL = 2  # 2N activities
CONTACTS_PER_ACCOUNT = (1, 2, 3, 4)
CONTACTS_PER_ACCOUNT_WEIGHTS = (35, 35, 20, 10)  # about 2.05 per account
CONTACT_ROLES = ("decision-maker", "influencer", "user", "gatekeeper")
CONTACT_ROLE_WEIGHTS = (20, 30, 35, 15)
BIRTHDAY_SHARE = 0.7
# The stages' cadences (days between contacts) in the default funnel of revision 0002.
STAGE_CADENCE = {PROSPECT: 7, PROPOSAL: 3, NEGOTIATION: 2}
PLANNED_SHARE = 0.05  # of the activities; the rest are done
DEAL_PLAN_SHARE = 0.7  # planned ones that are the follow-up of an open deal's next step
PLANNED_OVERDUE_SHARE = 0.1  # the others: day passed (up to 30 days ago)
PLANNED_DAYS_BEFORE, PLANNED_DAYS_AFTER = 30, 89
LATE_TOUCH_SHARE = 0.15  # open deals whose latest touch is older than their stage's cadence
DEAL_ACTIVITY_SHARE = 0.75  # of the history: about one deal; the rest about the account
ACTIVITY_TYPES = ("visit", "call", "email", "meeting", "message")
ACTIVITY_TYPE_WEIGHTS = (25, 35, 20, 10, 10)
ACTIVITY_TIMES = tuple(f"{hour:02d}:{minute:02d}" for hour in range(8, 18) for minute in (0, 30))
OUTCOMES = (
    "walked the line with the plant engineer",
    "they want a revised quote by Friday",
    "budget confirmed for next quarter",
    "the purchasing manager is on leave; call back next week",
    "sent the technical data sheets",
    "agreed a site survey",
    "quarterly review: two service tickets, both closed",
    "介绍了新产品，客户有兴趣",
    "客户要求修改报价",
    "与厂长确认了预算",
)
PURPOSES = (
    "present the proposal",
    "site survey with the technical team",
    "quarterly review",
    "price discussion with purchasing",
    "拜访技术总监，确认需求",
    "与采购经理谈付款条件",
)
OBJECTIVES = (
    ("agree the scope for a proposal", "names of the decision makers"),
    ("shortlisted as preferred vendor", "the committee's open questions"),
    ("signed order this month", "a signing date"),
    ("确认项目范围", "了解决策人和预算时间"),
)


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
    """Make the book ``db`` holding ``deals`` opportunities, their history, the accounts'
    contacts, leads, and twice as many activities as deals.

    The shapes come from ``deal_shapes`` (one account per ten deals). On top of them:
    deals get ids in the order they were opened and stage changes are stored in date
    order, as a book filled day by day stores them; each move's ``days`` is the time
    spent in the stage it left and ``stage_entered`` the date of the last move; 8% of
    live deals carry their own probability, most a forecast category and a next step;
    suspended deals a reason and a date; lost deals a reason (and the competitor when
    that is the reason); closed deals a summary; half the deals closed more than two
    years ago are archived; 3% of deals have a co-owner. Every account has one to four
    contacts (``_book_contacts``), three deals in four one of them as their contact;
    ``deals``/10 leads are those ``lead_rows`` makes, owned by the reps in proportion to
    their books; the activities are ``_book_activities``'s, and each account's and deal's
    ``last_touch`` is the day of its latest done activity, as salescli keeps it. The last
    rep (rep50) has left: inactive, with its records still in the book. The file is
    built as ``db.partial`` and renamed when complete.
    """
    partial = db.with_name(db.name + ".partial")
    for path in (db, partial):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    rep_ids = start_book(partial, salescli=salescli, env=env)
    owner_ids = [rep_ids[handle] for handle in BOOK_REPS]
    accounts = max(1, deals // DEALS_PER_ACCOUNT)
    book = _book_deals(deals, seed, accounts, owner_ids)
    contacts = _book_contacts(accounts, seed)
    deal_contacts = _deal_contacts(book.deals, contacts, seed)
    next_steps = [(row[_NEXT_STEP], row[_NEXT_DATE]) for row in book.opportunities]
    activities = _book_activities(
        ACTIVITIES_PER_DEAL * deals, seed, book.deals, next_steps, accounts, owner_ids, contacts
    )
    connection = sqlite3.connect(partial, isolation_level=None)
    try:
        # A bulk fill, not a user's write: no WAL copy of every page (the book is put
        # back into WAL mode at the end), indexes built once at the end.
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-262144")
        connection.execute("BEGIN")
        tables = (
            "account",
            "contact",
            "lead",
            "opportunity",
            "stage_change",
            "opportunity_share",
            "activity",
        )
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ({})".format(
                ", ".join("?" * len(tables))
            ),
            tables,
        ).fetchall()
        for name, _ in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        # The text indexes are filled once at the end too, as an import fills them.
        from salescli.db import Database

        connection.row_factory = sqlite3.Row
        with Database(partial, connection).text_index_deferred():
            connection.executemany(
                _ACCOUNT_INSERT, _account_rows(accounts, seed, owner_ids, activities.account_touch)
            )
            connection.executemany(_CONTACT_INSERT, contacts.rows)
            connection.executemany(
                _LEAD_INSERT, _book_leads(round(deals * LEADS_PER_DEAL), seed, owner_ids)
            )
            connection.executemany(
                _OPPORTUNITY_INSERT,
                (
                    (*row, contact, touch)
                    for row, contact, touch in zip(
                        book.opportunities, deal_contacts, activities.deal_touch[1:], strict=True
                    )
                ),
            )
            connection.executemany(_STAGE_CHANGE_INSERT, book.stage_changes)
            connection.executemany(_SHARE_INSERT, book.shares)
            connection.executemany(
                _ACTIVITY_INSERT,
                ((number, *row) for number, (_, row) in enumerate(activities.made, start=1)),
            )
        connection.execute("UPDATE rep SET active = 0 WHERE handle = ?", (BOOK_INACTIVE_REP,))
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
    " created_at, updated_at, last_touch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CONTACT_INSERT = (
    "INSERT INTO contact (id, account_id, name, title, role, phone, email, birthday,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_LEAD_INSERT = (
    "INSERT INTO lead (name, company, title, phone, email, source, referred_by, budget, need,"
    " status, next_action, note, owner_id, external_id, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_OPPORTUNITY_COLUMNS = (
    "id",
    "account_id",
    "name",
    "amount",
    "close_date",
    "stage_id",
    "stage_entered",
    "probability",
    "status",
    "forecast_category",
    "source",
    "competitor",
    "loss_reason",
    "summary",
    "next_step",
    "next_date",
    "suspend_reason",
    "suspended_until",
    "opened_on",
    "closed_on",
    "owner_id",
    "archived_at",
    "created_at",
    "updated_at",
)  # _deal_row's order; contact_id and last_touch are added when the rows are stored
_NEXT_STEP = _OPPORTUNITY_COLUMNS.index("next_step")
_NEXT_DATE = _OPPORTUNITY_COLUMNS.index("next_date")
_OPPORTUNITY_INSERT = "INSERT INTO opportunity ({}) VALUES ({})".format(
    ", ".join((*_OPPORTUNITY_COLUMNS, "contact_id", "last_touch")),
    ", ".join("?" * (len(_OPPORTUNITY_COLUMNS) + 2)),
)
_STAGE_CHANGE_INSERT = (
    "INSERT INTO stage_change (opportunity_id, from_stage_id, to_stage_id, move, on_date, days,"
    " at, rep_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SHARE_INSERT = "INSERT INTO opportunity_share (opportunity_id, rep_id, split) VALUES (?, ?, ?)"
_ACTIVITY_INSERT = (
    "INSERT INTO activity (id, account_id, opportunity_id, contact_id, type, status,"
    " planned_on, planned_time, done_on, done_time, purpose, objective, min_objective,"
    " outcome, next_step, owner_id, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _account_rows(
    accounts: int, seed: int, owner_ids: list[int], touches: Sequence[str | None]
) -> Iterator[tuple[Any, ...]]:
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
            touches[number],
        )


class _Book(NamedTuple):
    opportunities: list[tuple[Any, ...]]
    stage_changes: list[tuple[Any, ...]]
    shares: list[tuple[int, int, int]]
    deals: list[DealShape]  # by opportunity id - 1


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
    return _Book(
        opportunities, [item[3] for item in changes], shares, [shape for _, shape in shapes]
    )


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


class _Contacts(NamedTuple):
    rows: list[tuple[Any, ...]]
    first: list[int]  # by account number: the id of its first contact
    count: list[int]  # by account number: how many it has


def _book_contacts(accounts: int, seed: int) -> _Contacts:
    """One to four people per account (about 2.05), the first a decision maker three
    times in five; 70% with a birthday (born 1960-1998, any day of the year, 29 February
    included), named in the account's language."""
    rng = random.Random(f"contacts-{seed}")
    iso = _IsoDates()
    names = account_names(accounts, seed)
    stamp = f"{(BENCH_TODAY - timedelta(days=HISTORY_DAYS + 200)).isoformat()}T09:30:00Z"
    sizes = rng.choices(CONTACTS_PER_ACCOUNT, CONTACTS_PER_ACCOUNT_WEIGHTS, k=accounts)
    rows: list[tuple[Any, ...]] = []
    first, count = [0], [0]
    contact_id = 0
    for number, size in enumerate(sizes, start=1):
        chinese = "号" in names[number - 1]
        first.append(contact_id + 1)
        count.append(size)
        for position in range(size):
            contact_id += 1
            if position == 0 and rng.random() < 0.6:
                role = CONTACT_ROLES[0]
            else:
                role = rng.choices(CONTACT_ROLES, CONTACT_ROLE_WEIGHTS)[0]
            birthday = None
            if rng.random() < BIRTHDAY_SHARE:
                year = rng.randint(1960, 1998)
                length = 366 if year % 4 == 0 else 365
                birthday = iso[date(year, 1, 1).toordinal() + rng.randrange(length)]
            rows.append(
                (
                    contact_id,
                    number,
                    person_name(rng, chinese),
                    rng.choice(TITLES),
                    role,
                    phone(rng, chinese),
                    f"contact{contact_id}@{rng.choice(DOMAINS)}",
                    birthday,
                    stamp,
                    stamp,
                )
            )
    return _Contacts(rows, first, count)


def _a_contact(rng: random.Random, contacts: _Contacts, account: int) -> int:
    return contacts.first[account] + rng.randrange(contacts.count[account])


def _deal_contacts(deals: Sequence[DealShape], contacts: _Contacts, seed: int) -> list[int | None]:
    """Each deal's contact (by opportunity id - 1): one of its account's people for three
    deals in four."""
    rng = random.Random(f"deal-contacts-{seed}")
    return [
        _a_contact(rng, contacts, shape.account) if rng.random() < 0.75 else None for shape in deals
    ]


def _book_leads(count: int, seed: int, owner_ids: list[int]) -> Iterator[tuple[Any, ...]]:
    """The leads ``lead_rows`` makes (80% open, next actions from 60 days before to 120
    days after 2026-11-23), owned by rep01..rep50 in proportion to their books, stored
    as ``lead import`` stores them (budget in minor units, empty text as NULL)."""
    rng = random.Random(f"book-leads-{seed}")
    iso = _IsoDates()
    owners = rng.choices(owner_ids, rep_weights(seed), k=count)
    today = BENCH_TODAY.toordinal()
    for row, owner in zip(lead_rows(count, seed), owners, strict=True):
        (name, company, title, tel, email, source, referred_by, budget, need) = row[:9]
        status, next_action, note, _, external_id = row[9:]
        stamp = f"{iso[today - DAYS_BEFORE - rng.randint(1, 365)]}{rng.choice(CLOCKS)}"
        yield (
            name,
            company,
            title,
            tel,
            email,
            source,
            referred_by or None,
            int(budget.partition(".")[0]) * 100 if budget else None,
            need,
            status,
            next_action or None,
            note or None,
            owner,
            external_id,
            stamp,
            stamp,
        )


class _Activities(NamedTuple):
    made: list[tuple[int, tuple[Any, ...]]]  # (day created, row without its id), in id order
    deal_touch: list[str | None]  # by opportunity id (0 unused): the latest done day
    account_touch: list[str | None]  # by account number (0 unused): the latest done day


def _book_activities(
    count: int,
    seed: int,
    deals: Sequence[DealShape],
    next_steps: Sequence[tuple[str | None, str | None]],
    accounts: int,
    owner_ids: list[int],
    contacts: _Contacts,
) -> _Activities:
    """``count`` activities: visits, calls, emails, meetings and messages.

    - 5% planned (``PLANNED_SHARE``): seven in ten are the follow-up of an open deal's
      next step (``next_steps``, by opportunity id - 1: its text and day), planned for
      that day with that purpose, as ``visit log --next-date`` plans one; the others are
      with an account, 10% of them on a day up to 30 days past (missed, not done), the
      rest from 2026-11-23 to 89 days ahead; each booked up to three weeks before its
      day; 70% at a time of day;
    - done, every open deal's latest touch: within its stage's cadence (7, 3 or 2 days)
      for 85%, up to five cadences ago for 15% (``LATE_TOUCH_SHARE``), never before the
      deal opened;
    - done, the rest: a deal drawn at random, a day in its life (from its opening to its
      close, to its latest touch if open, to today if suspended), three in four about the
      deal, the others with its account alone.

    60% name one of the account's people. Ids follow the day each was made (a plan when
    it was booked, a done one when it happened), as a book filled day by day has them.
    An account's and a deal's last touch is the day of their latest done activity.
    """
    rng = random.Random(f"activities-{seed}")
    iso = _IsoDates()
    today = BENCH_TODAY.toordinal()
    account_owner = [0] + [owner_ids[owner] for owner in account_owners(accounts, seed)]
    deal_last = [0] * (len(deals) + 1)
    account_last = [0] * (accounts + 1)
    made: list[tuple[int, tuple[Any, ...]]] = []

    def done(day: int, account: int, deal_id: int | None, owner: int) -> None:
        kind = rng.choices(ACTIVITY_TYPES, ACTIVITY_TYPE_WEIGHTS)[0]
        contact = _a_contact(rng, contacts, account) if rng.random() < 0.6 else None
        stamp = f"{iso[day]}{CLOCKS[len(made) % len(CLOCKS)]}"
        made.append(
            (
                day,
                (
                    account,
                    deal_id,
                    contact,
                    kind,
                    "done",
                    None,
                    None,
                    iso[day],
                    rng.choice(ACTIVITY_TIMES) if rng.random() < 0.9 else None,
                    None,
                    None,
                    None,
                    rng.choice(OUTCOMES),
                    rng.choice(NEXT_STEPS) if rng.random() < 0.15 else None,
                    owner,
                    stamp,
                    stamp,
                ),
            )
        )
        if day > account_last[account]:
            account_last[account] = day
        if deal_id is not None and day > deal_last[deal_id]:
            deal_last[deal_id] = day

    latest: dict[int, int] = {}
    for deal_id, shape in enumerate(deals, start=1):
        if shape.status != "open":
            continue
        every = STAGE_CADENCE[shape.stages[-1]]
        late = rng.random() < LATE_TOUCH_SHARE
        ago = rng.randint(every + 1, every * 5) if late else rng.randint(0, every)
        latest[deal_id] = max(shape.entered[0], today - ago)
        done(latest[deal_id], shape.account, deal_id, owner_ids[shape.owner])
    open_ids = list(latest)
    planned = round(count * PLANNED_SHARE)
    # A deal's plan is the follow-up of its next step: `visit log --next TEXT --next-date
    # DAY` plans it for DAY with TEXT as its purpose, and makes them the deal's next step.
    followed = rng.sample(open_ids, min(len(open_ids), round(planned * DEAL_PLAN_SHARE)))
    for deal_id in [*followed, *[None] * (planned - len(followed))]:
        if deal_id is not None:
            shape = deals[deal_id - 1]
            account, owner = shape.account, owner_ids[shape.owner]
            purpose, next_date = next_steps[deal_id - 1]
            day = date.fromisoformat(str(next_date)).toordinal()
            earliest = shape.entered[0]
        else:
            account = rng.randint(1, accounts)
            owner = account_owner[account]
            purpose = rng.choice(PURPOSES)
            earliest = 0
            if rng.random() < PLANNED_OVERDUE_SHARE:
                day = today - rng.randint(1, PLANNED_DAYS_BEFORE)
            else:
                day = today + rng.randint(0, PLANNED_DAYS_AFTER)
        booked = max(earliest, min(today, day - rng.randint(0, 21)))
        kind = rng.choices(ACTIVITY_TYPES, ACTIVITY_TYPE_WEIGHTS)[0]
        objective = minimum = None
        if kind in ("visit", "meeting") and rng.random() < 0.6:
            objective, minimum = rng.choice(OBJECTIVES)
        stamp = f"{iso[booked]}{CLOCKS[len(made) % len(CLOCKS)]}"
        made.append(
            (
                booked,
                (
                    account,
                    deal_id,
                    _a_contact(rng, contacts, account) if rng.random() < 0.6 else None,
                    kind,
                    "planned",
                    iso[day],
                    rng.choice(ACTIVITY_TIMES) if rng.random() < 0.7 else None,
                    None,
                    None,
                    purpose,
                    objective,
                    minimum,
                    None,
                    None,
                    owner,
                    stamp,
                    stamp,
                ),
            )
        )
    for _ in range(max(0, count - len(made))):
        deal_id = rng.randrange(len(deals)) + 1
        shape = deals[deal_id - 1]
        if shape.status == "open":
            end = latest[deal_id]
        elif shape.status == "suspended":
            end = today
        else:
            end = shape.entered[-1]
        day = rng.randint(shape.entered[0], end)
        about_deal = rng.random() < DEAL_ACTIVITY_SHARE
        done(day, shape.account, deal_id if about_deal else None, owner_ids[shape.owner])
    made.sort(key=lambda item: item[0])
    return _Activities(
        made,
        [iso[day] if day else None for day in deal_last],
        [iso[day] if day else None for day in account_last],
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
