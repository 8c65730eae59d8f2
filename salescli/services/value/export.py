"""`account export` with the value columns: what the book computes about each account,
written for a spreadsheet to read. An import does not know these columns, so it leaves
them out and says so ("ignored columns: ...")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from salescli.config import ValueRules
from salescli.models.enums import RevenueBasis
from salescli.money import from_minor
from salescli.services.core.session import Session
from salescli.services.customers.accounts_csv import VALUE_COLUMNS, export_accounts
from salescli.services.value.book_retention import retention_rate
from salescli.services.value.lifecycle import lifecycle_of, overdue_accounts
from salescli.services.value.lifetime import (
    NO_COSTS,
    account_costs,
    lifetime_value,
)
from salescli.services.value.revenue import histories


def export_accounts_with_value(
    session: Session, *, rules: ValueRules, owner: str | None = None
) -> tuple[list[str], Iterator[list[Any]]]:
    header, rows = export_accounts(session, owner=owner)
    basis, today = RevenueBasis.WON, session.today
    bought = histories(session, basis=basis, today=today)
    retention = retention_rate(session, basis=basis, today=today)
    costs = account_costs(session, basis=basis, today=today)
    overdue = overdue_accounts(session, rules)
    flags = {
        row[0]: (bool(row[1]), bool(row[2]) or row[3] is not None)
        for row in session.db.tuples("SELECT id, class_pinned, vip, vip_reason FROM account")
    }
    at_id, at_status = header.index("id"), header.index("status")

    def with_value() -> Iterator[list[Any]]:
        for row in rows:
            ident = row[at_id]
            history = bought.get(ident)
            stage = lifecycle_of(
                history, status=row[at_status], today=today, rules=rules, overdue=overdue.get(ident)
            ).stage
            pinned, vip = flags.get(ident, (False, False))
            lifetime = lifetime_value(
                history,
                today=today,
                rules=rules,
                retention=retention,
                costs=costs.get(ident, NO_COSTS),
            )
            yield [
                *row,
                from_minor(history.last_12 if history else 0),
                pinned,
                vip,
                stage or "",
                lifetime.lifetime_value,
            ]

    return [*header, *VALUE_COLUMNS], with_value()
