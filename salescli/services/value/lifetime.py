"""Lifetime value per account (README "Lifetime value"):

- revenue to date: every purchase up to today;
- gross margin: revenue less the cost of what was sold, where costs are known (none
  yet: the book records no product costs on quotes and no expenses; shown as unknown);
- years active: from the first purchase to today, at least one year;
- average yearly revenue = revenue to date / years active; purchases per year likewise;
- projection for ``ltv.years`` (3) more years at the book's observed yearly retention r
  (customers who bought in the 12 months before the last 12 and again in the last 12)
  and the discount rate d (``ltv.discount``, 10 %):
  sum over t = 1..N of average x r^t / (1 + d)^t;
- lifetime value = revenue to date + the projection.
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from salescli.config import ValueRules
from salescli.models.records import LifetimeValue
from salescli.money import from_minor
from salescli.services.value.revenue import History
from salescli.services.value.shares import percent_of

CENT = Decimal("0.01")
DAYS_A_YEAR = Decimal(365)


@functools.lru_cache(maxsize=8)
def projection_factor(retention: Decimal, rules: ValueRules) -> Decimal:
    """sum over t = 1..N of r^t / (1 + d)^t: a year's revenue times this is the projection
    (the same for every account of a book, so worked out once)."""
    return sum(
        (
            retention**year / (1 + rules.ltv_discount) ** year
            for year in range(1, rules.ltv_years + 1)
        ),
        Decimal(0),
    )


def _years(history: History | None, today: date) -> Decimal:
    first = date.fromisoformat(history.first) if history and history.first else today
    return max(Decimal(1), Decimal((today - first).days) / DAYS_A_YEAR).quantize(CENT)


def lifetime_value(
    history: History | None, *, today: date, rules: ValueRules, retention: Decimal
) -> LifetimeValue:
    """``retention`` is the book's yearly retention as a fraction (0.6)."""
    to_date = from_minor(history.all_time) if history else Decimal("0.00")
    purchases = history.purchases if history else 0
    years = _years(history, today)
    average = (to_date / years).quantize(CENT, ROUND_HALF_UP)
    projected = (average * projection_factor(retention, rules)).quantize(CENT, ROUND_HALF_UP)
    return LifetimeValue(
        revenue_to_date=to_date,
        gross_margin=None,
        years_active=years,
        average_yearly_revenue=average,
        purchases_per_year=(Decimal(purchases) / years).quantize(CENT, ROUND_HALF_UP),
        retention_rate=percent_of(retention * 1000, 1000),
        discount_rate=percent_of(rules.ltv_discount * 1000, 1000),
        years_projected=rules.ltv_years,
        projected=projected,
        lifetime_value=to_date + projected,
    )


def lifetime_total(history: History | None, *, today: date, factor: Decimal) -> Decimal:
    """`lifetime_value(...).lifetime_value` alone, for a report over every customer
    (``factor``: `projection_factor`)."""
    if history is None:
        return Decimal("0.00")
    to_date = from_minor(history.all_time)
    average = (to_date / _years(history, today)).quantize(CENT, ROUND_HALF_UP)
    return to_date + (average * factor).quantize(CENT, ROUND_HALF_UP)
