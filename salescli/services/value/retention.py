"""Retention and defection (README "Customer value"). Two periods end today: ``year``
compares the 12 months to today with the 12 before, ``quarter`` the 3 months with the 3
before. The customers active before are those who bought then; of them:

- **retained**: bought again now (partial defectors included);
- **full defectors**: bought nothing now; the revenue lost is what they bought before;
- **partial defectors**: bought now, but at least ``retention.partial`` (50 %) less:
  now <= before x (1 - 50 %); the revenue lost is the difference.

Rates are of the customers active before. Why they left is `account edit --lost-reason`,
ranked as a Pareto table (most common first, with the cumulative share).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from salescli.config import ValueRules
from salescli.dates import months_before
from salescli.errors import InvalidValue
from salescli.models.enums import RevenueBasis
from salescli.models.records import Defector, ReasonCount, RetentionReport
from salescli.money import from_minor
from salescli.services.core.reps import owner_scope
from salescli.services.core.session import Session
from salescli.services.value.revenue import revenue_by_account, source
from salescli.services.value.shares import percent_of

PERIOD_MONTHS = {"year": 12, "quarter": 3}
NOT_RECORDED = "not recorded"


def periods(today: date, period: str) -> tuple[date, date, date]:
    """The start of before, the end of before (= the start of now), and now's end; each
    period runs after its start up to and including its end."""
    months = PERIOD_MONTHS.get(period)
    if months is None:
        raise InvalidValue(f"'{period}' is not a period here", hint="use year or quarter")
    return months_before(today, 2 * months), months_before(today, months), today


def retention_rate(session: Session, *, basis: RevenueBasis, today: date) -> Decimal:
    """The share (0 to 1) of the book's customers who bought in the 12 months before the
    last 12 and bought again in the last 12; 0 when nobody bought then."""
    retained, active = (
        _won_retention(session, today)
        if basis is RevenueBasis.WON
        else _retention_counts(session, basis, today)
    )
    return Decimal(retained) / Decimal(active) if active else Decimal(0)


def _retention_counts(session: Session, basis: RevenueBasis, today: date) -> tuple[int, int]:
    """Retained and active customers, counted over every purchase of the last two years
    (on won deals, 70-85 ms for 1,000,000 deals: every won deal of the book is read)."""
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


def _won_retention(session: Session, today: date) -> tuple[int, int]:
    """`_retention_counts` on won deals, kept in ``won_deal_version`` for ``today`` at the
    version of the won deals it was counted at: while no won deal has come, gone or
    changed its account or close date since (triggers count each), the next command reads
    the counts instead (`account show`: 1 statement of under 1 ms instead of 70-85). The
    version is read before the deals, so counts kept under it are never newer-looking
    than they are."""
    kept = session.db.row(
        "SELECT version, retention_on, retention_version, retained, active FROM won_deal_version"
    )
    if kept is None:  # the row migration 0025 makes, gone: count without keeping
        return _retention_counts(session, RevenueBasis.WON, today)
    version = kept["version"]
    if kept["retention_on"] == today.isoformat() and kept["retention_version"] == version:
        return kept["retained"], kept["active"]
    retained, active = _retention_counts(session, RevenueBasis.WON, today)
    session.db.write_if_free(
        "UPDATE won_deal_version SET retention_on = ?, retention_version = ?, retained = ?,"
        " active = ?",
        (today.isoformat(), version, retained, active),
    )
    return retained, active


def retention_report(
    session: Session,
    *,
    rules: ValueRules,
    period: str = "year",
    basis: RevenueBasis = RevenueBasis.WON,
    owner: str | None = None,
    everyone: bool = False,
) -> RetentionReport:
    start, middle, end = periods(session.today, period)
    before = revenue_by_account(session, basis=basis, start=start, end=middle)
    now = revenue_by_account(session, basis=basis, start=middle, end=end)
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    accounts = {
        row[0]: row[1:]
        for row in session.db.tuples(
            "SELECT a.id, a.name, r.handle, a.lost_reason, a.lost_note, a.owner_id"
            " FROM account a LEFT JOIN rep r ON r.id = a.owner_id"
        )
        if owner_id is None or row[5] == owner_id
    }
    active = [ident for ident, bought in before.items() if bought > 0 and ident in accounts]
    keep = 1 - rules.partial
    full: list[Defector] = []
    partial: list[Defector] = []
    for ident in active:
        then, still = before[ident], now.get(ident, 0)
        if still and still > then * keep:
            continue
        name, handle, reason, note, _ = accounts[ident]
        defector = Defector(
            id=ident,
            name=name,
            owner=handle,
            before=from_minor(then),
            now=from_minor(still),
            lost=from_minor(then - still),
            reason=reason,
            note=note,
        )
        (partial if still else full).append(defector)
    for found in (full, partial):
        found.sort(key=lambda defector: (-defector.lost, defector.name.casefold(), defector.id))
    retained = len(active) - len(full)
    return RetentionReport(
        basis=basis.value,
        period=period,
        before_start=start + timedelta(days=1),
        before_end=middle,
        now_start=middle + timedelta(days=1),
        now_end=end,
        active_before=len(active),
        retained=retained,
        retention_rate=percent_of(retained, len(active)),
        full_defectors=len(full),
        full_rate=percent_of(len(full), len(active)),
        full_revenue_lost=sum((d.lost for d in full), Decimal(0)).quantize(Decimal("0.01")),
        partial_defectors=len(partial),
        partial_rate=percent_of(len(partial), len(active)),
        partial_revenue_lost=sum((d.lost for d in partial), Decimal(0)).quantize(Decimal("0.01")),
        partial_threshold=percent_of(rules.partial * 1000, 1000),
        full=full,
        partial=partial,
        reasons=reason_pareto([*full, *partial]),
    )


def reason_pareto(defectors: Iterable[Defector]) -> list[ReasonCount]:
    """Why customers left, most common first (then most revenue lost), each with its
    share of the defectors and the cumulative share."""
    listed = list(defectors)
    counts = Counter(d.reason or NOT_RECORDED for d in listed)
    lost: dict[str, Decimal] = {}
    for defector in listed:
        key = defector.reason or NOT_RECORDED
        lost[key] = lost.get(key, Decimal(0)) + defector.lost
    ranked = sorted(counts, key=lambda reason: (-counts[reason], -lost[reason], reason))
    rows: list[ReasonCount] = []
    running = 0
    for reason in ranked:
        running += counts[reason]
        rows.append(
            ReasonCount(
                reason=reason,
                accounts=counts[reason],
                share=percent_of(counts[reason], len(listed)),
                cumulative_share=percent_of(running, len(listed)),
                revenue_lost=lost[reason],
            )
        )
    return rows
