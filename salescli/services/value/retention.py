"""Retention and defection (README "Customer value"). Two periods end today: ``year``
compares the 12 months to today with the 12 before, ``quarter`` the 3 months with the 3
before. The customers active before are those who bought then; of them:

- **retained**: bought again now (partial defectors included);
- **full defectors**: bought nothing now; the revenue lost is what they bought before;
- **partial defectors**: bought now, but at least ``retention.partial`` (50 %) less:
  now <= before x (1 - 50 %); the revenue lost is the difference.

Rates are of the customers active before, and not measurable (None) while there were
none. Why they left is `account edit --lost-reason`,
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
from salescli.services.value.revenue import revenue_by_account
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
        retention_rate=_rate_of(retained, len(active)),
        full_defectors=len(full),
        full_rate=_rate_of(len(full), len(active)),
        full_revenue_lost=sum((d.lost for d in full), Decimal(0)).quantize(Decimal("0.01")),
        partial_defectors=len(partial),
        partial_rate=_rate_of(len(partial), len(active)),
        partial_revenue_lost=sum((d.lost for d in partial), Decimal(0)).quantize(Decimal("0.01")),
        partial_threshold=percent_of(rules.partial * 1000, 1000),
        full=full,
        partial=partial,
        reasons=reason_pareto([*full, *partial]),
    )


def _rate_of(part: int, active: int) -> Decimal | None:
    """A share of the customers active before; None when nobody was (nothing measured)."""
    return percent_of(part, active) if active else None


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
