"""The book's yearly retention, which lifetime value projects with (README "Customer
value"): of the customers who bought in the 12 months before the last 12, the share who
bought again in the last 12.

Counting it reads every won deal of the last two years: 70-85 ms on 1,000,000 deals,
more than half of the 150 ms an `account show` may take. On the won basis the book keeps
the counts for a day (``won_deal_version``, migration 0025), and triggers on
``opportunity`` keep them right: each change to a won deal takes its account's part
away before it and adds it back after, two look-ups each. A command takes:

- the kept counts, when they are for today;
- the kept counts moved to today, when they are for another day up to `MOVE_DAYS` away:
  only an account with a won deal dated between a bound of the kept day's windows and
  the same bound of today's can count otherwise, and each of those is looked up under
  both (on 1,000,000 deals a day later: about 800 accounts, 11 ms);
- else a count over the won deals.

Counts it made are kept by a write that never waits (db.write_if_free), and only while
the version of the won deals (which the triggers bump) is still the one the counts were
read at, in one snapshot: a book open to read only, or being written, is counted each
time.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from salescli.db import index_hint
from salescli.models.enums import RevenueBasis
from salescli.services.core.session import Session
from salescli.services.value.retention import periods
from salescli.services.value.revenue import source

# Kept counts further from today than this are counted afresh: the accounts to look up
# grow with the days the windows move.
MOVE_DAYS = 92

Counts = tuple[int, int]  # retained, active


def retention_rate(session: Session, *, basis: RevenueBasis, today: date) -> Decimal | None:
    """The share (0 to 1) of the book's customers who bought in the 12 months before the
    last 12 and bought again in the last 12; None when nobody bought then: there is no
    rate to measure, where 0 would say that every customer left."""
    retained, active = (
        _won_counts(session, today)
        if basis is RevenueBasis.WON
        else count_retention(session, basis, today)
    )
    return Decimal(retained) / Decimal(active) if active else None


def count_retention(session: Session, basis: RevenueBasis, today: date) -> Counts:
    """Retained and active customers, counted over every purchase of the two years."""
    purchases = source(session, basis)
    two_years, one_year, _ = periods(today, "year")
    day = purchases.day
    row = session.db.row(
        f"SELECT count(*), total(again) FROM (SELECT max({day} > :year) AS again"
        f" FROM {purchases.table} WHERE {purchases.where} AND {day} > :two AND {day} <= :today"
        f" GROUP BY account_id HAVING min({day}) <= :year)",
        {"year": one_year.isoformat(), "two": two_years.isoformat(), "today": today.isoformat()},
    )
    return (int(row[1]), row[0]) if row else (0, 0)


def _won_counts(session: Session, today: date) -> Counts:
    with session.db.snapshot():
        kept = session.db.row(
            "SELECT version, retention_on, retained, active FROM won_deal_version"
        )
        if kept is None:  # the row migration 0025 made is gone: count, keep nothing
            return count_retention(session, RevenueBasis.WON, today)
        since = kept["retention_on"] and date.fromisoformat(kept["retention_on"])
        if since == today:
            return kept["retained"], kept["active"]
        if since and abs((today - since).days) <= MOVE_DAYS:
            counts = _moved(session, (kept["retained"], kept["active"]), since, today)
        else:
            counts = count_retention(session, RevenueBasis.WON, today)
    two_years, one_year, _ = periods(today, "year")
    session.db.write_if_free(
        "UPDATE won_deal_version SET retention_on = ?, retention_before = ?,"
        " retention_now = ?, retained = ?, active = ? WHERE version = ?",
        (today.isoformat(), two_years.isoformat(), one_year.isoformat(), *counts,
         kept["version"]),
    )  # fmt: skip
    return counts


def _bought(after: date, until: date) -> str:
    """Whether the account ``t.account_id`` has a won deal closed after ``after`` up to
    ``until``: one look-up in ix_opportunity_revenue."""
    return (
        f"EXISTS (SELECT 1 FROM {index_hint('opportunity', 'ix_opportunity_revenue')}"
        " WHERE status = 'won' AND account_id = t.account_id"
        f" AND closed_on > '{after.isoformat()}' AND closed_on <= '{until.isoformat()}')"
    )


def _moved(session: Session, counts: Counts, since: date, today: date) -> Counts:
    """``counts``, right for ``since``, made right for ``today``. A day within both days'
    windows, or outside both, counts alike for either: only the accounts with a won deal
    dated between a bound of one and the same bound of the other can move, and only their
    counts are taken away (as they were) and added (as they are), each from its own
    windows."""
    before, now = periods(since, "year"), periods(today, "year")
    moved = [
        (min(old, new), max(old, new)) for old, new in zip(before, now, strict=True) if old != new
    ]
    if not moved:
        return counts
    (two0, year0, end0), (two1, year1, end1) = before, now
    ranges = " OR ".join(
        f"(closed_on > '{low.isoformat()}' AND closed_on <= '{high.isoformat()}')"
        for low, high in moved
    )
    row = session.db.row(
        f"SELECT total(now_active) - total(then_active),"
        f" total(now_active AND now_again) - total(then_active AND then_again) FROM ("
        f" SELECT {_bought(two0, year0)} AS then_active, {_bought(year0, end0)} AS then_again,"
        f" {_bought(two1, year1)} AS now_active, {_bought(year1, end1)} AS now_again"
        f" FROM (SELECT DISTINCT account_id FROM {index_hint('opportunity', 'ix_opportunity_closed')}"
        f" WHERE closed_on IS NOT NULL AND ({ranges}) AND status = 'won'"
        " AND account_id IS NOT NULL) AS t)"
    )
    assert row is not None
    retained, active = counts
    return retained + int(row[1]), active + int(row[0])
