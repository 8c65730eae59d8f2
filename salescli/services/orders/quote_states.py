"""A quote's states: ``draft → sent → accepted | rejected``, expired when a sent quote
outlives its validity, and superseded when revised. One function per transition, each
checking that it is allowed and saying so clearly when it is not.

Accepting a quote on a deal makes it the deal's primary quote: the deal's amount becomes
its net total, recorded in the deal's history (an event on the deal). It does not win
the deal; `opp win` does. Accepting checks the account's credit limit as signing a
contract does (``credit.check_limit``), adding the quote's gross total (what the customer
will owe) to the account's exposure; a manager may pass it with a reason, which the
accept event records.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TYPE_CHECKING

from salescli.dates import local_date_of
from salescli.errors import InvalidValue, Refused
from salescli.models.records import Quote, QuoteAcceptance
from salescli.money import format_amount, from_minor
from salescli.services.core.edits import tidy
from salescli.services.core.events import record_event
from salescli.services.core.permissions import require_deal_owner, require_manager, require_owner
from salescli.services.core.rows import stored
from salescli.services.core.session import Session, writes
from salescli.services.orders.credit import check_limit
from salescli.services.orders.quotes import QUOTE, get_quote, reprice, update_quote

if TYPE_CHECKING:
    from salescli.config import QuoteRules


def _latest(
    session: Session, number: int, rules: QuoteRules, *, version: int | None = None
) -> Quote:
    quote = get_quote(session, number, rules, version=version)
    require_owner(session, QUOTE, quote.id, quote.owner)
    if quote.superseded:
        latest = get_quote(session, number, rules)
        raise Refused(
            f"quote {number} version {quote.version} is superseded by version {latest.version}",
            hint=f"see 'salescli quote show {number}'",
        )
    return quote


@writes
def send_quote(session: Session, *, number: int, rules: QuoteRules) -> Quote:
    """A draft goes to the customer and is frozen from then on."""
    quote = _latest(session, number, rules)
    if quote.status != "draft":
        raise Refused(f"quote {number} is {quote.status}; only a draft is sent")
    if quote.lines == 0:
        raise Refused(
            f"quote {number} has no lines",
            hint=f"add one with 'salescli quote line add {number} PRODUCT'",
        )
    if quote.valid_until < session.today:
        raise Refused(
            f"quote {number} was valid until {quote.valid_until}",
            hint=f"'salescli quote edit {number} --valid-until DATE' first",
        )
    if quote.needs_approval:
        raise Refused(
            f"quote {number} gives a discount of {quote.max_discount} %, over the"
            f" {rules.max_discount} % a rep may give; a manager must approve it first",
            hint=f"a manager runs 'salescli quote approve {number}'",
        )
    update_quote(session, quote, "send", status="sent", sent_on=session.today.isoformat())
    return get_quote(session, number, rules)


@writes
def approve_quote(session: Session, *, number: int, rules: QuoteRules) -> Quote:
    """A manager approves a draft whose discount is over ``quote.max_discount``."""
    require_manager(session, "approve quotes")
    quote = get_quote(session, number, rules)
    if quote.status != "draft":
        raise Refused(f"quote {number} is {quote.status}; only a draft is approved")
    if not quote.needs_approval:
        if quote.approved_by:
            raise Refused(f"quote {number} is already approved by {quote.approved_by}")
        raise Refused(
            f"quote {number} needs no approval: its largest discount, {quote.max_discount} %,"
            f" is within {rules.max_discount} %"
        )
    update_quote(
        session, quote, "approve", approved_by_id=session.actor.id, approved_at=session.now()
    )
    return get_quote(session, number, rules)


@writes
def accept_quote(
    session: Session,
    *,
    number: int,
    rules: QuoteRules,
    version: int | None = None,
    over_limit: str | None = None,
) -> Quote:
    """The customer accepts a sent version: on a deal, the deal's amount becomes the net
    total. At most one accepted quote per deal. Refused if its gross total takes the
    account over its credit limit, unless a manager gives ``over_limit`` (the reason)."""
    quote = _latest(session, number, rules, version=version)
    if quote.status == "expired":
        raise Refused(
            f"quote {number} expired on {quote.valid_until + timedelta(days=1)}",
            hint=f"'salescli quote revise {number}' makes a new version to send",
        )
    if quote.status != "sent":
        raise Refused(f"quote {number} is {quote.status}; only a sent quote is accepted")
    passed = check_limit(
        session,
        account_id=quote.account_id,
        adding=quote.gross,
        what=f"accepting quote {number}",
        over_limit=over_limit,
    )
    if quote.opportunity_id is not None:
        _accept_on_deal(session, quote)
    update_quote(
        session,
        quote,
        "accept",
        status="accepted",
        decided_on=session.today.isoformat(),
        recorded={"over_limit": passed} if passed else None,
    )
    return get_quote(session, number, rules)


def _accept_on_deal(session: Session, quote: Quote) -> None:
    deal = session.db.row(
        "SELECT o.id, o.amount, o.archived_at, r.handle AS owner FROM opportunity o"
        " LEFT JOIN rep r ON r.id = o.owner_id WHERE o.id = ?",
        (quote.opportunity_id,),
    )
    assert deal is not None  # a foreign key holds it
    require_deal_owner(session, deal["id"], deal["owner"])
    if deal["archived_at"]:
        raise Refused(f"opportunity {deal['id']} is archived")
    other = session.db.scalar(
        "SELECT number FROM quote WHERE opportunity_id = ? AND status = 'accepted'", (deal["id"],)
    )
    if other is not None:
        raise Refused(
            f"opportunity {deal['id']} already has an accepted quote, {other}",
            hint="a deal has one accepted quote; reject or revise the other first",
        )
    amount = stored(quote.net)
    session.db.execute(
        "UPDATE opportunity SET amount = ?, updated_at = ? WHERE id = ?",
        (amount, session.now(), deal["id"]),
    )
    record_event(
        session,
        entity="opportunity",
        entity_id=deal["id"],
        action="quote-accepted",
        changes={
            "amount": [deal["amount"], amount],
            "quote": quote.number,
            "version": quote.version,
            "note": f"quote {quote.number} v{quote.version} accepted: {format_amount(quote.net)}",
        },
    )


def acceptances_of(session: Session, deal_id: int) -> list[QuoteAcceptance]:
    """The quotes accepted on a deal, oldest first, read from the events accepting them
    recorded on the deal (a deal has a handful: no index beyond ix_event_entity)."""
    rows = session.db.rows(
        "SELECT e.at, r.handle AS rep, e.changes FROM event e LEFT JOIN rep r ON r.id = e.rep_id"
        " WHERE e.entity = 'opportunity' AND e.entity_id = ? AND e.action = 'quote-accepted'"
        " ORDER BY e.at, e.id",
        (deal_id,),
    )
    accepted = []
    for row in rows:
        changes = json.loads(row["changes"])
        before, after = changes["amount"]
        accepted.append(
            QuoteAcceptance(
                on_date=local_date_of(row["at"]),
                rep=row["rep"],
                quote=changes["quote"],
                version=changes["version"],
                amount_before=None if before is None else from_minor(before),
                amount_after=from_minor(after),
            )
        )
    return accepted


@writes
def reject_quote(
    session: Session, *, number: int, rules: QuoteRules, reason: str | None = None
) -> Quote:
    """The customer declines a sent (or expired) version."""
    quote = _latest(session, number, rules)
    if quote.status not in ("sent", "expired"):
        raise Refused(f"quote {number} is {quote.status}; only a sent quote is rejected")
    update_quote(
        session,
        quote,
        "reject",
        status="rejected",
        decided_on=session.today.isoformat(),
        reject_reason=tidy(reason),
    )
    return get_quote(session, number, rules)


@writes
def revise_quote(
    session: Session, *, number: int, rules: QuoteRules, valid_until: date | None = None
) -> Quote:
    """The next version as a draft with the same lines, dated today and valid for
    ``quote.valid_days`` (or to ``valid_until``); the version it replaces is superseded
    and stays readable."""
    quote = _latest(session, number, rules)
    if quote.status == "draft":
        raise Refused(f"quote {number} is still a draft; change its lines directly")
    if quote.status == "accepted":
        raise Refused(f"quote {number} is accepted; an accepted quote is not revised")
    until = valid_until or session.today + timedelta(days=rules.valid_days)
    if until < session.today:
        raise InvalidValue(f"a quote valid until {until} has already expired")
    now = session.now()
    session.db.execute(
        "UPDATE quote SET superseded_at = ?, updated_at = ? WHERE id = ?", (now, now, quote.id)
    )
    cursor = session.db.execute(
        "INSERT INTO quote (number, version, account_id, opportunity_id, contact_id, owner_id,"
        " status, quoted_on, valid_until, tax_included, discount_percent, discount_amount, note,"
        " max_discount, list_amount, discount, net, tax, gross, cost, created_at, updated_at)"
        " SELECT number, version + 1, account_id, opportunity_id, contact_id, owner_id, 'draft',"
        " ?, ?, tax_included, discount_percent, discount_amount, note, 0, list_amount, discount,"
        " net, tax, gross, cost, ?, ? FROM quote WHERE id = ?",
        (session.today.isoformat(), until.isoformat(), now, now, quote.id),
    )
    new_id = int(cursor.lastrowid or 0)
    session.db.execute(
        "INSERT INTO quote_line (quote_id, position, product_id, description, unit, quantity,"
        " unit_price, discount_percent, discount_amount, tax_rate, unit_cost, list_amount, net,"
        " amount) SELECT ?, position, product_id, description, unit, quantity, unit_price,"
        " discount_percent, discount_amount, tax_rate, unit_cost, list_amount, net, amount"
        " FROM quote_line WHERE quote_id = ?",
        (new_id, quote.id),
    )
    reprice(session, new_id)
    record_event(
        session,
        entity="quote",
        entity_id=new_id,
        action="revise",
        changes={
            "number": number,
            "version": quote.version + 1,
            "from_version": quote.version,
            "valid_until": until.isoformat(),
        },
    )
    return get_quote(session, number, rules)
