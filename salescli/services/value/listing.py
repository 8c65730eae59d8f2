"""What `account list` and `account show` add about value: the revenue column, the
lifecycle filter, and an account's figures."""

from __future__ import annotations

from collections.abc import Sequence

from salescli.config import ValueRules
from salescli.models.enums import LifecycleStage, RevenueBasis
from salescli.models.records import Account, AccountValue, ValuedAccount
from salescli.money import from_minor
from salescli.services.core.session import Session
from salescli.services.value.book_retention import retention_rate
from salescli.services.value.lifecycle import lifecycle_of, overdue_accounts
from salescli.services.value.lifetime import (
    NO_COSTS,
    account_costs,
    lifetime_value,
)
from salescli.services.value.profile import completeness
from salescli.services.value.revenue import histories, revenue_of

# Up to this many accounts, their histories are read account by account from the index
# (about 4.5 us each, measured); beyond, one pass over the book's purchases (180 ms on
# 1,000,000 deals) costs less.
FEW_ACCOUNTS = 20_000


def valued_accounts(
    session: Session,
    *,
    accounts: Sequence[Account],
    rules: ValueRules,
    basis: RevenueBasis = RevenueBasis.WON,
    lifecycle: LifecycleStage | None = None,
    by_revenue: bool = False,
) -> list[ValuedAccount]:
    """The accounts with their revenue over the last 12 months and lifecycle stage, those
    at ``lifecycle`` only, highest revenue first if asked (else in the order given)."""
    today = session.today
    # A rep's list reads its accounts' histories alone; most of the book, the book's.
    few = len(accounts) <= FEW_ACCOUNTS
    bought = histories(
        session, basis=basis, today=today, among=[a.id for a in accounts] if few else None
    )
    overdue = overdue_accounts(session, rules)
    flags = _value_flags(session, [account.id for account in accounts])
    listed: list[ValuedAccount] = []
    for account in accounts:
        history = bought.get(account.id)
        found = lifecycle_of(
            history,
            status=account.status,
            today=today,
            rules=rules,
            overdue=overdue.get(account.id),
        )
        stage = found.stage
        if lifecycle is not None and stage != lifecycle.value:
            continue
        pinned, vip = flags.get(account.id, (False, False))
        listed.append(
            ValuedAccount(
                id=account.id,
                name=account.name,
                status=account.status,
                abc_class=account.abc_class,
                class_pinned=pinned,
                vip=vip,
                owner=account.owner,
                revenue=from_minor(history.last_12 if history else 0),
                lifecycle=stage,
                lifecycle_reason=found.reason,
            )
        )
    if by_revenue:
        listed.sort(key=lambda row: -row.revenue)  # stable: equal revenue keeps name order
    return listed


def _value_flags(session: Session, ids: Sequence[int]) -> dict[int, tuple[bool, bool]]:
    """Pinned class and VIP (computed or nominated) by account id."""
    if not ids:
        return {}
    if len(ids) > 500:  # most of the book: one pass beats a long IN list
        rows = session.db.tuples("SELECT id, class_pinned, vip, vip_reason FROM account")
    else:
        marks = ", ".join("?" * len(ids))
        rows = session.db.tuples(
            f"SELECT id, class_pinned, vip, vip_reason FROM account WHERE id IN ({marks})", ids
        )
    return {row[0]: (bool(row[1]), bool(row[2]) or row[3] is not None) for row in rows}


def account_value(
    session: Session,
    *,
    account: Account,
    rules: ValueRules,
    basis: RevenueBasis = RevenueBasis.WON,
) -> AccountValue:
    today = session.today
    history = histories(session, basis=basis, today=today, account_id=account.id).get(account.id)
    row = session.db.row(
        "SELECT class_pinned, vip, vip_reason, lost_reason, lost_note FROM account WHERE id = ?",
        (account.id,),
    )
    assert row is not None
    overdue = overdue_accounts(session, rules, account_id=account.id).get(account.id)
    known, items = completeness(session, account_id=account.id)
    vip_why = "nominated: " + row["vip_reason"] if row["vip_reason"] else None
    return AccountValue(
        revenue=revenue_of(history, basis),
        abc_class=account.abc_class,
        class_pinned=bool(row["class_pinned"]),
        vip=bool(row["vip"]) or vip_why is not None,
        vip_why=vip_why or ("the VIP rule" if row["vip"] else None),
        lifecycle=lifecycle_of(
            history, status=account.status, today=today, rules=rules, overdue=overdue
        ),
        lifetime=lifetime_value(
            history,
            today=today,
            rules=rules,
            retention=retention_rate(session, basis=basis, today=today),
            costs=account_costs(session, basis=basis, today=today, account_id=account.id).get(
                account.id, NO_COSTS
            ),
        ),
        lost_reason=row["lost_reason"],
        lost_note=row["lost_note"],
        profile_known=known,
        profile_items=items,
    )
