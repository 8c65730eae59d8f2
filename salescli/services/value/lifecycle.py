"""Lifecycle stages, from an account's purchases seen from today (README "Customer
value"). The rules, first match wins:

- **problem**: a receivable more than ``lifecycle.overdue`` days overdue (once the book
  has receivables);
- **no-value**: no purchase in ``lifecycle.no-value`` months (24), or none ever by an
  account that is not a prospect (a prospect that never bought has no stage);
- **new**: the first purchase within ``lifecycle.new`` months (12);
- **growing**: the 12 months to today up ``lifecycle.change`` (20 %) or more on the 12
  before (or bought now and nothing then);
- **declining**: down more than ``lifecycle.change``;
- **stable**: within it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from salescli.config import ValueRules
from salescli.dates import months_before
from salescli.models.enums import LifecycleStage
from salescli.models.records import Lifecycle
from salescli.money import format_amount, from_minor
from salescli.services.core.session import Session
from salescli.services.value.revenue import History


def overdue_accounts(session: Session, rules: ValueRules) -> set[int]:
    """Accounts with a receivable more than ``rules.overdue_days`` overdue. The book keeps
    no receivables yet (contracts and receipts will), so no account is a problem until
    then; this is where they will be read."""
    del session, rules
    return set()


def lifecycle_of(
    history: History | None,
    *,
    status: str,
    today: date,
    rules: ValueRules,
    overdue: bool = False,
) -> Lifecycle:
    if overdue:
        return Lifecycle(
            LifecycleStage.PROBLEM.value,
            f"a receivable over {rules.overdue_days} days overdue",
        )
    if history is None or not history.purchases:
        if status == "prospect":
            return Lifecycle(None, "no purchase yet")
        return Lifecycle(LifecycleStage.NO_VALUE.value, "no purchase on record")
    first, last = date.fromisoformat(history.first or ""), date.fromisoformat(history.last or "")
    if last <= months_before(today, rules.no_value_months):
        return Lifecycle(
            LifecycleStage.NO_VALUE.value,
            f"no purchase since {last.isoformat()} ({rules.no_value_months} months or more)",
        )
    if first > months_before(today, rules.new_months):
        return Lifecycle(
            LifecycleStage.NEW.value,
            f"first purchase {first.isoformat()}, within {rules.new_months} months",
        )
    now, before = from_minor(history.last_12), from_minor(history.previous_12)
    figures = f"{format_amount(now)} in the last 12 months against {format_amount(before)}"
    if not before:
        stage = LifecycleStage.GROWING if now else LifecycleStage.DECLINING
        return Lifecycle(stage.value, f"{figures} the 12 before")
    change = (now - before) / before
    shown = f"{(change * 100).quantize(Decimal('0.1')).normalize():+f}%"
    if change >= rules.change:
        stage = LifecycleStage.GROWING
    elif change < -rules.change:
        stage = LifecycleStage.DECLINING
    else:
        stage = LifecycleStage.STABLE
    return Lifecycle(stage.value, f"{figures} the 12 before ({shown})")
