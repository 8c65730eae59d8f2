"""`report customers`: who brings the revenue (README "Customer value").

- The Pareto table: customers who bought in the window ranked by revenue, each with its
  share and the cumulative share, and where 80 % of revenue is reached: "N accounts,
  X % of customers, bring 80 % of revenue" (X of every ranked customer, buyers or not).
- Class counts and revenue per class, by the classes `account classify` computes.
- Concentration: the revenue share of the top 1 / 5 / 20 % of customers (at least one).
- Lifetime value: the total and average of the customers' lifetime values.
"""

from __future__ import annotations

import math
from decimal import Decimal

from salescli.config import ValueRules
from salescli.models.enums import RevenueBasis
from salescli.models.records import ClassTotal, Concentration, CustomersReport, ParetoRow
from salescli.services.core.session import Session
from salescli.services.value.classify import CLASSES, classify_accounts
from salescli.services.value.lifetime import (
    NO_COSTS,
    account_costs,
    lifetime_total,
    projection_factor,
)
from salescli.services.value.retention import retention_rate
from salescli.services.value.revenue import histories
from salescli.services.value.shares import percent_of

EIGHTY = Decimal(80)
TOP_PERCENTS = (1, 5, 20)


def customers_report(
    session: Session,
    *,
    rules: ValueRules,
    basis: RevenueBasis = RevenueBasis.WON,
    months: int = 12,
    owner: str | None = None,
    everyone: bool = False,
    top: int = 20,
) -> CustomersReport:
    """``top`` cuts the Pareto table to its first rows (0: every buyer)."""
    classes = classify_accounts(
        session, rules=rules, basis=basis, months=months, owner=owner, everyone=everyone
    )
    rows = classes.rows  # highest revenue first
    total = sum((row.revenue for row in rows), Decimal("0.00"))
    pareto: list[ParetoRow] = []
    running = Decimal(0)
    eighty = 0
    for rank, row in enumerate((row for row in rows if row.revenue > 0), start=1):
        running += row.revenue
        cumulative = percent_of(running, total)
        if not eighty and running * 100 >= total * EIGHTY:
            eighty = rank
        if not top or rank <= top:
            pareto.append(
                ParetoRow(
                    rank=rank,
                    id=row.id,
                    name=row.name,
                    abc_class=row.proposed,
                    revenue=row.revenue,
                    share=percent_of(row.revenue, total),
                    cumulative_share=cumulative,
                )
            )
    counts = dict.fromkeys(CLASSES, 0)
    amounts = dict.fromkeys(CLASSES, Decimal("0.00"))
    for row in rows:
        counts[row.proposed] += 1
        amounts[row.proposed] += row.revenue
    class_totals = [
        ClassTotal(
            abc_class=name,
            accounts=counts[name],
            revenue=amounts[name],
            share=percent_of(amounts[name], total),
        )
        for name in CLASSES
    ]
    concentration = []
    for percent in TOP_PERCENTS:
        count = min(len(rows), max(1, math.floor(len(rows) * percent / 100)))
        bought = sum((row.revenue for row in rows[:count]), Decimal("0.00"))
        concentration.append(Concentration(percent, count, bought, percent_of(bought, total)))
    bought_before = histories(session, basis=basis, today=session.today)
    retention = retention_rate(session, basis=basis, today=session.today)
    factor = projection_factor(retention, rules)
    costs = account_costs(session, basis=basis, today=session.today)
    lifetime = sum(
        (
            lifetime_total(
                bought_before.get(row.id),
                today=session.today,
                factor=factor,
                costs=costs.get(row.id, NO_COSTS),
            )
            for row in rows
        ),
        Decimal("0.00"),
    )
    return CustomersReport(
        basis=classes.basis,
        months=months,
        start=classes.start,
        end=classes.end,
        customers=len(rows),
        revenue=total,
        eighty_accounts=eighty,
        eighty_share=percent_of(eighty, len(rows)),
        classes=class_totals,
        concentration=concentration,
        pareto=pareto,
        lifetime_value=lifetime,
        average_lifetime_value=(lifetime / len(rows)).quantize(Decimal("0.01"))
        if rows
        else Decimal("0.00"),
    )
