"""What the daily digest (`activities.remind`) asks of contracts and receivables: one
query per kind of reminder, each returning plain items the digest turns into reminders.

- installments overdue (from the day after they were due), with the phone of the person
  to call (the deal's contact, else the account's first contact with a phone, else the
  account's) and the command that records the payment;
- installments due from today to the digest's horizon (``--days``);
- accounts owing anything more than ``LATE_DAYS`` days overdue (one item an account);
- live contracts ending within ``RENEWAL_DAYS`` days (renewal);
- contracts suspended for more than ``SUSPENDED_DAYS`` days.

Each reads one rep's contracts through ``ix_contract_owner`` (or every active rep's), and
their installments through the contract's own index.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from salescli.models.enums import RECEIVABLE_CONTRACT_STATUSES
from salescli.money import format_amount, from_minor
from salescli.services.core.due import Due
from salescli.services.core.session import Session

RENEWAL_DAYS = 60
SUSPENDED_DAYS = 30
LATE_DAYS = 90
_RECEIVABLE = ", ".join(f"'{status}'" for status in RECEIVABLE_CONTRACT_STATUSES)
_PHONE = (
    "coalesce((SELECT k.phone FROM contact k WHERE k.id = o.contact_id),"
    " (SELECT k.phone FROM contact k WHERE k.account_id = a.id AND k.phone IS NOT NULL"
    " ORDER BY k.id LIMIT 1), a.phone)"
)
_CONTACT = (
    "coalesce((SELECT k.name FROM contact k WHERE k.id = o.contact_id),"
    " (SELECT k.name FROM contact k WHERE k.account_id = a.id AND k.phone IS NOT NULL"
    " ORDER BY k.id LIMIT 1))"
)


def _owned(owner_id: int | None) -> tuple[str, dict[str, Any]]:
    if owner_id is None:
        return "c.owner_id IN (SELECT id FROM rep WHERE active = 1)", {}
    return "c.owner_id = :owner", {"owner": owner_id}


def _installments(
    session: Session, owner_id: int | None, where: str, params: dict[str, Any]
) -> list[tuple[Any, ...]]:
    owned, more = _owned(owner_id)
    return session.db.tuples(
        "SELECT i.due_on, a.id, a.name, " + _CONTACT + ", " + _PHONE + ", c.owner_id,"
        " c.number, i.position, i.amount - i.received, i.received"
        " FROM contract c JOIN installment i ON i.contract_id = c.id"
        " JOIN account a ON a.id = c.account_id"
        " LEFT JOIN opportunity o ON o.id = c.opportunity_id"
        f" WHERE {owned} AND c.status IN ({_RECEIVABLE}) AND i.received < i.amount AND {where}"
        " ORDER BY i.due_on, c.number, i.position",
        {**params, **more},
    )


def _payment(row: tuple[Any, ...], message: str) -> Due:
    due_on, account_id, account, contact, phone, owner_id, number, position, owed, _ = row
    amount = format_amount(from_minor(owed), grouped=False)
    return Due(
        date.fromisoformat(due_on),
        account_id,
        account,
        contact,
        phone,
        owner_id,
        message,
        f"salescli receivable pay {number} {amount} --installment {position} --ref REF",
    )


def installments_overdue(session: Session, *, owner_id: int | None, today: date) -> list[Due]:
    rows = _installments(session, owner_id, "i.due_on < :today", {"today": today.isoformat()})
    return [
        _payment(
            row,
            f"collect {format_amount(from_minor(row[8]))} on {row[6]} installment {row[7]}"
            f" ({'partly paid, ' if row[9] else ''}{(today - date.fromisoformat(row[0])).days}d"
            " overdue)",
        )
        for row in rows
    ]


def installments_due(
    session: Session, *, owner_id: int | None, today: date, until: date
) -> list[Due]:
    rows = _installments(
        session,
        owner_id,
        "i.due_on >= :today AND i.due_on <= :until",
        {"today": today.isoformat(), "until": until.isoformat()},
    )
    return [
        _payment(row, f"{format_amount(from_minor(row[8]))} due on {row[6]} installment {row[7]}")
        for row in rows
    ]


def accounts_long_overdue(session: Session, *, owner_id: int | None, today: date) -> list[Due]:
    """Accounts owing anything more than LATE_DAYS days overdue: flagged, one item each,
    due the day the oldest such installment passed LATE_DAYS."""
    owned, more = _owned(owner_id)
    rows = session.db.tuples(
        "SELECT min(i.due_on), a.id, a.name, a.phone, c.owner_id, sum(i.amount - i.received)"
        " FROM contract c JOIN installment i ON i.contract_id = c.id"
        " JOIN account a ON a.id = c.account_id"
        f" WHERE {owned} AND c.status IN ({_RECEIVABLE}) AND i.received < i.amount"
        " AND i.due_on < :late GROUP BY a.id, c.owner_id ORDER BY min(i.due_on), a.id",
        {"late": (today - timedelta(days=LATE_DAYS)).isoformat(), **more},
    )
    return [
        Due(
            date.fromisoformat(oldest) + timedelta(days=LATE_DAYS),
            account_id,
            account,
            None,
            phone,
            owner,
            f"{account} owes {format_amount(from_minor(owed))} more than {LATE_DAYS} days"
            " overdue: flagged",
            f"salescli account credit {account_id}",
        )
        for oldest, account_id, account, phone, owner, owed in rows
    ]


def _contracts(
    session: Session, owner_id: int | None, where: str, params: dict[str, Any]
) -> list[tuple[Any, ...]]:
    owned, more = _owned(owner_id)
    return session.db.tuples(
        "SELECT c.end_on, c.status_on, a.id, a.name, " + _CONTACT + ", " + _PHONE + ","
        " c.owner_id, c.number, c.status_reason FROM contract c"
        " JOIN account a ON a.id = c.account_id"
        " LEFT JOIN opportunity o ON o.id = c.opportunity_id"
        f" WHERE {owned} AND {where} ORDER BY c.end_on, c.status_on, c.number",
        {**params, **more},
    )


def contracts_ending(session: Session, *, owner_id: int | None, today: date) -> list[Due]:
    """Live contracts ending from today to RENEWAL_DAYS ahead."""
    rows = _contracts(
        session,
        owner_id,
        "c.status IN ('signed', 'active', 'suspended', 'completed')"
        " AND c.end_on >= :today AND c.end_on <= :until",
        {"today": today.isoformat(), "until": (today + timedelta(days=RENEWAL_DAYS)).isoformat()},
    )
    return [
        Due(
            date.fromisoformat(end_on),
            account_id,
            account,
            contact,
            phone,
            owner,
            f"contract {number} ends on {end_on}: renew it",
            f"salescli contract show {number}",
        )
        for end_on, _, account_id, account, contact, phone, owner, number, _ in rows
    ]


def contracts_suspended(session: Session, *, owner_id: int | None, today: date) -> list[Due]:
    """Contracts suspended for more than SUSPENDED_DAYS days, due the day that ran out."""
    rows = _contracts(
        session,
        owner_id,
        "c.status = 'suspended' AND c.status_on < :since",
        {"since": (today - timedelta(days=SUSPENDED_DAYS)).isoformat()},
    )
    return [
        Due(
            date.fromisoformat(since) + timedelta(days=SUSPENDED_DAYS),
            account_id,
            account,
            contact,
            phone,
            owner,
            f"contract {number} suspended since {since} ({reason}): resume or terminate it",
            f"salescli contract resume {number}",
        )
        for _, since, account_id, account, contact, phone, owner, number, reason in rows
    ]
