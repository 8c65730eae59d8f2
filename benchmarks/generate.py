"""Generate realistic CSV files for the benchmarks.

Usage::

    python benchmarks/generate.py leads N OUT.csv [--seed S]

writes N leads with the header ``salescli lead import`` understands. Names, companies,
phones, titles and needs come from the demo book's pools (English and Chinese); sources
are every ``LeadSource``; about 80% of leads are open (new/contacted/qualified), the rest
converted or disqualified; open leads have a next action spread from two months before
to four months after 2026-11-23, so about a third of them are due on that day; owners are
spread over rep01..rep10. Rows are streamed with ``csv.writer``, so memory stays flat
whatever N is. The same seed always gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from salescli.models.enums import LeadSource
from salescli.services.sample_data import NEEDS, TITLES, company_name, person_name, phone

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate benchmark CSV files.")
    parser.add_argument("kind", choices=["leads"], help="what to generate")
    parser.add_argument("count", type=int, help="number of rows")
    parser.add_argument("out", type=Path, help="the CSV file to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("count must not be negative")
    write_leads(args.count, args.out, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
