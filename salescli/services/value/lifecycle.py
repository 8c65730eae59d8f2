"""Lifecycle stages, from an account's purchases seen from today (README "Customer
value"). The rules, first match wins:

- **problem**: anything owed on an installment of a signed contract (not terminated)
  more than ``receivable.overdue_days`` days (90) after it was due; the reason names what is
  owed that long and the oldest such due date;
- **no-value**: no purchase in ``lifecycle.no-value`` months (24), or none ever by an
  account that is not a prospect (a prospect that never bought has no stage);
- **new**: the first purchase within ``lifecycle.new`` months (12);
- **growing**: the 12 months to today up ``lifecycle.change`` (20 %) or more on the 12
  before (or bought now and nothing then);
- **declining**: down more than ``lifecycle.change``, or nothing bought in either 12
  months (only when ``lifecycle.no-value`` is over 24): the reason gives the last purchase;
- **stable**: within it.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from salescli.config import ValueRules
from salescli.dates import months_before
from salescli.models.enums import RECEIVABLE_CONTRACT_STATUSES, LifecycleStage
from salescli.models.records import Lifecycle
from salescli.money import format_amount, from_minor
from salescli.services.core.session import Session
from salescli.services.value.revenue import History


class LongOverdue(NamedTuple):
    """What an account owes more than ``receivable.overdue_days`` days after it was due."""

    owed: int  # minor units
    oldest: str  # the earliest such due date


_RECEIVABLE = ", ".join(f"'{status}'" for status in RECEIVABLE_CONTRACT_STATUSES)


def overdue_accounts(
    session: Session, rules: ValueRules, *, account_id: int | None = None
) -> dict[int, LongOverdue]:
    """Accounts (or one) owing on installments due more than ``rules.overdue_days`` ago,
    under contracts still owed (a terminated contract's installments are owed no more)."""
    one = " AND c.account_id = :account" if account_id is not None else ""
    rows = session.db.tuples(
        "SELECT c.account_id, sum(i.amount - i.received), min(i.due_on)"
        " FROM installment i JOIN contract c ON c.id = i.contract_id"
        f" WHERE i.received < i.amount AND i.due_on < :late AND c.status IN ({_RECEIVABLE}){one}"
        " GROUP BY c.account_id",
        {
            "late": (session.today - timedelta(days=rules.overdue_days)).isoformat(),
            "account": account_id,
        },
    )
    return {row[0]: LongOverdue(row[1], row[2]) for row in rows}


def lifecycle_of(
    history: History | None,
    *,
    status: str,
    today: date,
    rules: ValueRules,
    overdue: LongOverdue | None = None,
) -> Lifecycle:
    if overdue is not None:
        return Lifecycle(
            LifecycleStage.PROBLEM.value,
            f"owes {format_amount(from_minor(overdue.owed))} more than"
            f" {_counted(rules.overdue_days, 'day')} overdue (due since {overdue.oldest})",
        )
    if history is None or not history.purchases:
        if status == "prospect":
            return Lifecycle(None, "no purchase yet")
        return Lifecycle(LifecycleStage.NO_VALUE.value, "no purchase on record")
    first, last = date.fromisoformat(history.first or ""), date.fromisoformat(history.last or "")
    if last <= months_before(today, rules.no_value_months):
        return Lifecycle(
            LifecycleStage.NO_VALUE.value,
            f"no purchase since {last.isoformat()}"
            f" ({_counted(rules.no_value_months, 'month')} or more)",
        )
    if first > months_before(today, rules.new_months):
        return Lifecycle(
            LifecycleStage.NEW.value,
            f"first purchase {first.isoformat()}, within {_counted(rules.new_months, 'month')}",
        )
    now, before = from_minor(history.last_12), from_minor(history.previous_12)
    if not now and not before:
        # Only with lifecycle.no-value over 24: nothing in either window to compare, so
        # the reason says when it last bought rather than 0.00 against 0.00.
        return Lifecycle(
            LifecycleStage.DECLINING.value,
            f"nothing bought in the last 24 months; last purchase {last.isoformat()}",
        )
    figures = f"{format_amount(now)} in the last 12 months against {format_amount(before)}"
    if not before:
        stage = LifecycleStage.GROWING if now else LifecycleStage.DECLINING
        return Lifecycle(stage.value, f"{figures} the 12 before")
    change = (now - before) / before
    stage = _change_stage(change, rules.change)
    return Lifecycle(stage.value, f"{figures} the 12 before ({_shown_change(change, rules)})")


def _change_stage(change: Decimal, threshold: Decimal) -> LifecycleStage:
    if change >= threshold:
        return LifecycleStage.GROWING
    if change < -threshold:
        return LifecycleStage.DECLINING
    return LifecycleStage.STABLE


def _shown_change(change: Decimal, rules: ValueRules) -> str:
    """The change in percent to one decimal (trailing zeros dropped), with more decimals
    where rounding would put it on the other side of a threshold: 79.99 against 100.00
    is -20.01 %, declining, where -20 % would be stable."""
    stage = _change_stage(change, rules.change)
    for places in range(1, 12):
        percent = (change * 100).quantize(Decimal(1).scaleb(-places))
        if _change_stage(percent / 100, rules.change) == stage:
            break
    return f"{percent.normalize():+f}%"


def _counted(count: int, noun: str) -> str:
    """ "1 month", "12 months": a setting's figure with its unit (a reason's words)."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
