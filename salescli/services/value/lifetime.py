"""Lifetime value per account (README "Lifetime value"):

- revenue to date: every purchase up to today;
- expenses to date: the account's sales expenses up to today (rejected ones left out);
- gross margin: revenue less the cost of what was sold (each won deal's accepted quote's
  cost, ``core.costs``) and less the expenses; known only on the won basis and when
  every won deal's cost is (shown as unknown otherwise);
- years active: from the first purchase to today, at least one year;
- average yearly revenue = revenue to date / years active; purchases per year likewise;
- projection for ``ltv.years`` (3) more years at the book's observed yearly retention r
  (customers who bought in the 12 months before the last 12 and again in the last 12)
  and the discount rate d (``ltv.discount``, 10 %):
  sum over t = 1..N of average x r^t / (1 + d)^t; nothing while r is not measurable
  (nobody bought in the 12 months before the last 12);
- lifetime value = revenue to date + the projection - expenses to date.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from salescli.config import ValueRules
from salescli.db import days_between
from salescli.models.enums import RevenueBasis
from salescli.models.records import LifetimeValue
from salescli.money import from_minor
from salescli.services.core.costs import ACCEPTED_QUOTE, WON_COSTED, WON_MARGIN
from salescli.services.core.session import Session
from salescli.services.value.revenue import History, source
from salescli.services.value.shares import percent_of

CENT = Decimal("0.01")
ONE = Decimal(1)
DAYS_A_YEAR = Decimal(365)


@functools.lru_cache(maxsize=8)
def projection_factor(retention: Decimal | None, rules: ValueRules) -> Decimal:
    """sum over t = 1..N of r^t / (1 + d)^t: a year's revenue times this is the projection
    (the same for every account of a book, so worked out once); 0 with no measured r."""
    if retention is None:
        return Decimal(0)
    return sum(
        (
            retention**year / (1 + rules.ltv_discount) ** year
            for year in range(1, rules.ltv_years + 1)
        ),
        Decimal(0),
    )


class Costs(NamedTuple):
    """What an account cost to date, in minor units: its expenses, and the margin of its
    won deals (won amount less their cost) when every won deal's cost is known, else
    None."""

    expenses: int
    won_margin: int | None


NO_COSTS = Costs(0, None)


def account_costs(
    session: Session, *, basis: RevenueBasis, today: date, account_id: int | None = None
) -> dict[int, Costs]:
    """Every account's (or one account's) costs up to today, by account id: two grouped
    statements (ix_expense_account; won deals joined with their accepted quotes). A
    margin is only read on the won basis, where purchases are won deals."""
    params: tuple[object, ...] = (today.isoformat(),)
    if account_id is not None:
        params += (account_id,)
    one = "" if account_id is None else " AND {}account_id = ?"
    expenses = account_expenses(session, today=today, account_id=account_id)
    margins: dict[int, int] = {}
    if basis == RevenueBasis.WON:
        for account, won, costed, margin in session.db.tuples(
            f"SELECT o.account_id, count(*), {WON_COSTED}, {WON_MARGIN} FROM opportunity o"
            f" {ACCEPTED_QUOTE} WHERE o.status = 'won' AND o.account_id IS NOT NULL"
            f" AND o.closed_on <= ?{one.format('o.')}"
            " GROUP BY o.account_id",
            params,
        ):
            if won == costed:
                margins[int(account)] = int(margin)
    return {
        account: Costs(expenses.get(account, 0), margins.get(account))
        for account in expenses.keys() | margins.keys()
    }


def account_expenses(
    session: Session, *, today: date, account_id: int | None = None
) -> dict[int, int]:
    """Every account's (or one account's) expenses up to today (minor units), by account
    id, rejected ones left out (ix_expense_account)."""
    one = "" if account_id is None else " AND account_id = :account"
    return {
        int(account): int(total)
        for account, total in session.db.tuples(
            "SELECT account_id, sum(amount) FROM expense WHERE account_id IS NOT NULL"
            f" AND status != 'rejected' AND on_date <= :today{one} GROUP BY account_id",
            {"today": today.isoformat(), "account": account_id},
        )
    }


def _years(history: History | None, today: date) -> Decimal:
    first = date.fromisoformat(history.first) if history and history.first else today
    return max(Decimal(1), Decimal((today - first).days) / DAYS_A_YEAR).quantize(CENT)


def lifetime_value(
    history: History | None,
    *,
    today: date,
    rules: ValueRules,
    retention: Decimal | None,
    costs: Costs = NO_COSTS,
) -> LifetimeValue:
    """``retention`` is the book's yearly retention as a fraction (0.6), None when not
    measurable (nothing is then projected)."""
    to_date = from_minor(history.all_time) if history else Decimal("0.00")
    expenses = from_minor(costs.expenses)
    # With no purchase there is no cost of sale to know: the margin is the expenses lost.
    won_margin = costs.won_margin if history else 0
    purchases = history.purchases if history else 0
    years = _years(history, today)
    average = (to_date / years).quantize(CENT, ROUND_HALF_UP)
    projected = (average * projection_factor(retention, rules)).quantize(CENT, ROUND_HALF_UP)
    return LifetimeValue(
        revenue_to_date=to_date,
        expenses=expenses,
        gross_margin=None if won_margin is None else from_minor(won_margin) - expenses,
        years_active=years,
        average_yearly_revenue=average,
        purchases_per_year=(Decimal(purchases) / years).quantize(CENT, ROUND_HALF_UP),
        retention_rate=None if retention is None else percent_of(retention * 1000, 1000),
        discount_rate=percent_of(rules.ltv_discount * 1000, 1000),
        years_projected=rules.ltv_years,
        projected=projected,
        lifetime_value=to_date + projected - expenses,
    )


def lifetime_sum(
    session: Session,
    *,
    account_ids: Iterable[int],
    basis: RevenueBasis,
    today: date,
    factor: Decimal,
) -> Decimal:
    """The sum of the accounts' lifetime values (`lifetime_value`), for a report over
    every customer (``factor``: `projection_factor`). Each account's revenue to date and
    years active (in hundredths) are read in one grouped statement and rounded as
    `lifetime_value` rounds them, in integers, so that only the projection, a product
    with ``factor``, is a Decimal per account. The margins, which the sum does not use,
    are not read (measured on 89,065 customers of 1,000,000 deals: 0.2 s of CPU instead
    of about 1.2 s for the histories, the costs and a Decimal sum per account).

    The integers, with t the revenue to date in minor units and Y the years in
    hundredths: Y = max(100, round(days x 100 / 365)), half to even as `_years` rounds,
    which never ties since 365 is odd; the average a year in minor units is t x 100 / Y
    rounded half up, away from zero."""
    purchases = source(session, basis)
    day = purchases.day
    years = f"max(100, (200 * {days_between(':today', f'min({day})')} + 365) / 730)"
    bought = {
        account: (total, hundredths)
        for account, total, hundredths in session.db.tuples(
            f"SELECT account_id, sum({purchases.amount}), {years} FROM {purchases.table}"
            f" WHERE {purchases.where} AND {day} <= :today GROUP BY account_id",
            {"today": today.isoformat()},
        )
    }
    expenses = account_expenses(session, today=today)
    minor = 0
    for account in account_ids:
        minor -= expenses.get(account, 0)
        found = bought.get(account)
        if found is None:
            continue
        total, hundredths = found
        half_up = (200 * abs(total) + hundredths) // (2 * hundredths)
        average = half_up if total >= 0 else -half_up
        minor += total + int((factor * average).quantize(ONE, ROUND_HALF_UP))
    return from_minor(minor)
