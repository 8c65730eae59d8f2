"""What the daily digest (`activities.remind`) asks of quotes, contracts and
receivables: one query per kind of reminder, each returning plain items the digest turns
into reminders.

- sent quotes whose validity ends within ``quote.expiring_days`` (7) days;
- sent quotes with no answer for longer than the deal's stage's contact cadence (the
  account's cadence when the quote has no deal, or its deal's stage has none), counted
  from the day it was sent or, if later, the deal's (the account's) last touch;

- installments overdue (from the day after they were due), with the phone of the person
  to call (the deal's contact, else the account's first contact with a phone, else the
  account's) and the command that records the payment;
- installments due from today to the digest's horizon (``--days``);
- accounts owing anything more than ``receivable.overdue_days`` (90) days overdue (one
  item an account);
- live contracts ending within ``contract.renewal_days`` (60) days (renewal);
- contracts suspended for more than ``contract.suspended_days`` (30) days.

The day counts are settings, which the digest hands to each query (``ReminderSettings``).

Each reads one rep's contracts through ``ix_contract_owner`` (or every active rep's), and
their installments through the contract's own index; one rep's sent quotes through
``ix_quote_owner_current``. A quote of a paused, lost or archived deal waits with it, as
the deal's planned activities do.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from salescli import db
from salescli.dates import count_days
from salescli.models.enums import RECEIVABLE_CONTRACT_STATUSES
from salescli.money import format_amount, from_minor
from salescli.services.core.due import Due
from salescli.services.core.session import Session

if TYPE_CHECKING:
    from salescli.config import ReminderSettings

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


def _owned(owner_id: int | None, alias: str = "c") -> tuple[str, dict[str, Any]]:
    if owner_id is None:
        return f"{alias}.owner_id IN (SELECT id FROM rep WHERE active = 1)", {}
    return f"{alias}.owner_id = :owner", {"owner": owner_id}


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


def accounts_long_overdue(
    session: Session, *, owner_id: int | None, today: date, settings: ReminderSettings
) -> list[Due]:
    """Accounts owing anything more than ``receivable_overdue`` days overdue: flagged,
    one item each, due the day the oldest such installment passed that many days."""
    late = settings.receivable_overdue
    owned, more = _owned(owner_id)
    rows = session.db.tuples(
        "SELECT min(i.due_on), a.id, a.name, a.phone, c.owner_id, sum(i.amount - i.received)"
        " FROM contract c JOIN installment i ON i.contract_id = c.id"
        " JOIN account a ON a.id = c.account_id"
        f" WHERE {owned} AND c.status IN ({_RECEIVABLE}) AND i.received < i.amount"
        " AND i.due_on < :late GROUP BY a.id, c.owner_id ORDER BY min(i.due_on), a.id",
        {"late": (today - timedelta(days=late)).isoformat(), **more},
    )
    return [
        Due(
            date.fromisoformat(oldest) + timedelta(days=late),
            account_id,
            account,
            None,
            phone,
            owner,
            f"{account} owes {format_amount(from_minor(owed))} more than {late} days"
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


def contracts_ending(
    session: Session, *, owner_id: int | None, today: date, settings: ReminderSettings
) -> list[Due]:
    """Live contracts ending from today to ``contract_renewal`` days ahead."""
    until = today + timedelta(days=settings.contract_renewal)
    rows = _contracts(
        session,
        owner_id,
        "c.status IN ('signed', 'active', 'suspended', 'completed')"
        " AND c.end_on >= :today AND c.end_on <= :until",
        {"today": today.isoformat(), "until": until.isoformat()},
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


def contracts_suspended(
    session: Session, *, owner_id: int | None, today: date, settings: ReminderSettings
) -> list[Due]:
    """Contracts suspended for more than ``contract_suspended`` days, due the day that
    ran out."""
    days = settings.contract_suspended
    rows = _contracts(
        session,
        owner_id,
        "c.status = 'suspended' AND c.status_on < :since",
        {"since": (today - timedelta(days=days)).isoformat()},
    )
    return [
        Due(
            date.fromisoformat(since) + timedelta(days=days),
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


# ---- quotes ---------------------------------------------------------------------------

# The latest version of a sent quote, still valid (ix_quote_owner_current's condition and
# columns), whose deal, if any, is not paused, lost or archived.
_LIVE_QUOTE = (
    "q.superseded_at IS NULL AND q.status = 'sent' AND q.valid_until >= :today"
    " AND (o.id IS NULL OR (o.status IN ('open', 'won') AND o.archived_at IS NULL))"
)
# Whom to ask: the quote's contact, else the deal's, else the account's first with a phone.
_QUOTE_CONTACT = f"coalesce((SELECT k.name FROM contact k WHERE k.id = q.contact_id), {_CONTACT})"
_QUOTE_PHONE = f"coalesce((SELECT k.phone FROM contact k WHERE k.id = q.contact_id), {_PHONE})"
# How often the customer is asked for an answer: the deal's stage's cadence, else the
# account's by its class and status (as `remind`'s account rule reads it).
_QUOTE_CADENCE = (
    "coalesce(st.cadence_days, CASE WHEN a.abc_class = 'A' THEN :every_a"
    " WHEN a.status = 'customer' THEN :every_customer ELSE :every_prospect END)"
)
# What the cadence is counted from: sending, or the deal's (the account's) last touch.
_QUOTE_SINCE = (
    "max(coalesce(q.sent_on, q.quoted_on),"
    " coalesce(CASE WHEN o.id IS NULL THEN a.last_touch ELSE o.last_touch END, ''))"
)


def _quotes(
    session: Session, owner_id: int | None, more: str, where: str, params: dict[str, Any]
) -> list[tuple[Any, ...]]:
    """The scope's live sent quotes: number, version, valid until, net, account id and
    name, contact, phone, owner, deal id and name, and the columns ``more`` adds."""
    owned, mine = _owned(owner_id, "q")
    return session.db.tuples(
        "SELECT * FROM (SELECT q.number, q.version, q.valid_until, q.net, a.id, a.name,"
        f" {_QUOTE_CONTACT}, {_QUOTE_PHONE}, q.owner_id, o.id, o.name{more}"
        " FROM quote q JOIN account a ON a.id = q.account_id"
        " LEFT JOIN opportunity o ON o.id = q.opportunity_id"
        " LEFT JOIN stage st ON st.id = o.stage_id"
        f" WHERE {owned} AND {_LIVE_QUOTE}) WHERE {where} ORDER BY 3, 1",
        {**params, **mine},
    )


def _quote_due(row: tuple[Any, ...], due: date, message: str, command: str) -> Due:
    number, version, _, net, account_id, account, contact, phone, owner, deal_id, deal = row[:11]
    named = f"quote {number}" + (f" v{version}" if version > 1 else "")
    named += f" ({format_amount(from_minor(net))})"
    about = f" for deal {deal_id} {deal}" if deal_id is not None else ""
    return Due(
        due,
        account_id,
        account,
        contact,
        phone,
        owner,
        f"{named}{about}{message}",
        command,
        deal_id,
    )


def quotes_expiring(
    session: Session, *, owner_id: int | None, today: date, settings: ReminderSettings
) -> list[Due]:
    """Sent quotes whose validity ends from today to ``quote_expiring`` days ahead, due
    their last valid day: get the customer's answer, or revise to extend."""
    until = today + timedelta(days=settings.quote_expiring)
    rows = _quotes(
        session,
        owner_id,
        "",
        "valid_until <= :until",
        {"today": today.isoformat(), "until": until.isoformat()},
    )
    return [
        _quote_due(
            row,
            date.fromisoformat(row[2]),
            f" expires after {row[2]}: accept, reject or revise it",
            f"salescli quote revise {row[0]} --valid-until DATE",
        )
        for row in rows
    ]


def quotes_unanswered(
    session: Session, *, owner_id: int | None, today: date, settings: ReminderSettings
) -> list[Due]:
    """Sent quotes with no answer for longer than their cadence, due the day it ran out."""
    cadence = settings.cadence
    rows = _quotes(
        session,
        owner_id,
        f", coalesce(q.sent_on, q.quoted_on) AS sent, {_QUOTE_SINCE} AS since,"
        f" {_QUOTE_CADENCE} AS every, coalesce(st.key, a.status), a.abc_class = 'A'"
        " AND st.cadence_days IS NULL",
        f"since < {db.days_before(':today', 'every')}",
        {
            "today": today.isoformat(),
            "every_a": cadence.a_class,
            "every_customer": cadence.customer,
            "every_prospect": cadence.prospect,
        },
    )
    found = []
    for row in rows:
        sent, since, every, by, a_class = row[11:]
        touched = date.fromisoformat(since)
        message = (
            f" sent {count_days((today - date.fromisoformat(sent)).days)} ago, no answer"
            f" ({by}{', class A' if a_class else ''}, every {count_days(every)})"
        )
        if since != sent:
            message += f", last touch {count_days((today - touched).days)} ago"
        message += ": accept or reject it"
        due = touched + timedelta(days=every)
        found.append(_quote_due(row, due, message, f"salescli quote accept {row[0]}"))
    return found
