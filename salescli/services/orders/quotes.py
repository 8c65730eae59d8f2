"""Quotes: making one, its lines, and reading them (one version, a list, the versions).

A quote is its ``number``; each revision is a row of its own (``version``), so every
version stays as it was. Only a draft's lines change; each change prices the whole
version again through ``pricing`` and stores its totals, so lists and history read no
lines. Sending, accepting, rejecting, revising and approving are in ``quote_states``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING, Any

from salescli.errors import InvalidValue, NotFound, Refused, UsageProblem
from salescli.models.records import Quote, QuoteContract, QuoteDetail, QuoteLine, TaxAmount
from salescli.money import from_minor
from salescli.services.core.edits import tidy
from salescli.services.core.events import record_event
from salescli.services.core.permissions import (
    Kind,
    is_manager,
    require_deal_owner,
    require_owner,
)
from salescli.services.core.reps import new_owner, owner_scope
from salescli.services.core.rows import build, build_all, stored
from salescli.services.core.session import Session, writes
from salescli.services.customers.accounts import resolve_account
from salescli.services.customers.contacts import contact_of_account
from salescli.services.orders import entry, pricing
from salescli.services.orders.products import line_price

if TYPE_CHECKING:
    from salescli.config import QuoteRules

QUOTE = Kind("quote", "quote")
STATUSES = ("draft", "sent", "accepted", "rejected", "expired")

# Parameters: :today (a sent quote past its validity reads as expired) and :max (the
# largest discount without approval, in basis points).
SELECT = (
    "SELECT q.id, q.number, q.version, q.account_id, a.name AS account, q.opportunity_id,"
    " o.name AS opportunity, q.contact_id, c.name AS contact, r.handle AS owner,"
    " CASE WHEN q.status = 'sent' AND q.valid_until < :today THEN 'expired'"
    " ELSE q.status END AS status, q.superseded_at IS NOT NULL AS superseded, q.quoted_on,"
    " q.valid_until, q.tax_included, q.discount_percent, q.discount_amount, q.note,"
    " q.max_discount, q.status = 'draft' AND q.max_discount > :max"
    " AND q.approved_by_id IS NULL AS needs_approval, ap.handle AS approved_by,"
    " q.approved_at, q.sent_on, q.decided_on, q.reject_reason,"
    " (SELECT count(*) FROM quote_line l WHERE l.quote_id = q.id) AS lines,"
    " q.list_amount, q.discount, q.net, q.tax, q.gross, q.cost, q.net - q.cost AS margin,"
    # Margin % to one decimal, half-up as pricing rounds it, in integers: basis points.
    " CASE WHEN q.cost IS NULL OR q.net = 0 THEN NULL ELSE 10 * (CASE WHEN q.net >= q.cost"
    " THEN 1 ELSE -1 END) * ((2000 * abs(q.net - q.cost) + q.net) / (2 * q.net)) END"
    " AS margin_percent, q.created_at, q.updated_at"
    " FROM quote q JOIN account a ON a.id = q.account_id"
    " LEFT JOIN opportunity o ON o.id = q.opportunity_id"
    " LEFT JOIN contact c ON c.id = q.contact_id LEFT JOIN rep r ON r.id = q.owner_id"
    " LEFT JOIN rep ap ON ap.id = q.approved_by_id"
)
LINE_SELECT = (
    "SELECT l.position, p.code AS product, l.description, l.unit, l.quantity, l.unit_price,"
    " l.discount_percent, l.discount_amount, l.tax_rate, l.unit_cost, l.list_amount,"
    " l.list_amount - l.net AS discount, l.net, l.net - l.amount AS overall_share, l.amount"
    " FROM quote_line l LEFT JOIN product p ON p.id = l.product_id"
)


def params(session: Session, rules: QuoteRules, **more: Any) -> dict[str, Any]:
    return {"today": session.today.isoformat(), "max": stored(rules.max_discount), **more}


def get_quote(
    session: Session, number: int, rules: QuoteRules, *, version: int | None = None
) -> Quote:
    """A quote's latest version, or ``version``."""
    if version is None:
        where = "q.number = :number ORDER BY q.version DESC LIMIT 1"
    else:
        where = "q.number = :number AND q.version = :version"
    row = session.db.row(
        f"{SELECT} WHERE {where}", params(session, rules, number=number, version=version)
    )
    if row is not None:
        return build(Quote, row)
    if version is not None and session.db.scalar("SELECT 1 FROM quote WHERE number = ?", (number,)):
        raise NotFound(
            f"quote {number} has no version {version}",
            hint=f"see 'salescli quote history {number}'",
        )
    raise NotFound(f"no quote {number}", hint="see 'salescli quote list --all --status all'")


def _draft(session: Session, number: int, rules: QuoteRules) -> Quote:
    """The latest version, which must be a draft the acting rep may change."""
    quote = get_quote(session, number, rules)
    require_owner(session, QUOTE, quote.id, quote.owner)
    if quote.status != "draft":
        raise Refused(
            f"quote {number} is {quote.status}; revise it first",
            hint=f"'salescli quote revise {number}' makes version {quote.version + 1} as a draft",
        )
    return quote


@writes
def new_quote(
    session: Session,
    *,
    rules: QuoteRules,
    deal: int | None = None,
    account: str | None = None,
    contact: str | None = None,
    valid_until: date | None = None,
    note: str | None = None,
    discount: str | None = None,
    tax_included: bool = False,
    owner: str | None = None,
) -> Quote:
    """A draft quote for a deal (its account's), or for an account with no deal yet; the
    acting rep's unless ``owner`` names another. A deal is quoted by its owner, a
    co-owner or a manager."""
    if (deal is None) == (account is None):
        raise UsageProblem("give a deal or --account, not both", hint="e.g. salescli quote new 42")
    opportunity_id = None
    if deal is not None:
        row = session.db.row(
            "SELECT o.id, o.account_id, o.contact_id, o.archived_at, r.handle AS owner"
            " FROM opportunity o LEFT JOIN rep r ON r.id = o.owner_id WHERE o.id = ?",
            (deal,),
        )
        if row is None:
            raise NotFound(f"no opportunity {deal}", hint="see 'salescli opp list --all'")
        if row["archived_at"]:
            raise Refused(f"opportunity {deal} is archived")
        if row["account_id"] is None:
            raise Refused(f"opportunity {deal} has no account; give it one with 'opp edit'")
        # Accepting it will set the deal's amount: only who works the deal quotes it.
        require_deal_owner(session, deal, row["owner"])
        opportunity_id, account_id = int(row["id"]), int(row["account_id"])
        contact_id = row["contact_id"]
    else:
        the_account = resolve_account(session, account or "")
        account_id, contact_id = the_account.id, None
    if contact is not None:
        contact_id = contact_of_account(session, account_id, contact)
    owner_rep = new_owner(session, owner)
    until = valid_until or session.today + timedelta(days=rules.valid_days)
    if until < session.today:
        raise InvalidValue(f"a quote valid until {until} has already expired")
    overall = entry.discount(discount, rules.currency) if discount else None
    number = int(session.db.scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM quote"))
    now = session.now()
    cursor = session.db.execute(
        "INSERT INTO quote (number, version, account_id, opportunity_id, contact_id, owner_id,"
        " status, quoted_on, valid_until, tax_included, discount_percent, discount_amount,"
        " note, max_discount, list_amount, discount, net, tax, gross, created_at, updated_at)"
        " VALUES (?, 1, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, ?, ?)",
        (
            number,
            account_id,
            opportunity_id,
            contact_id,
            owner_rep.id,
            session.today.isoformat(),
            until.isoformat(),
            int(tax_included),
            stored(overall.percent if overall else None),
            stored(overall.amount if overall else None),
            tidy(note),
            now,
            now,
        ),
    )
    quote_id = int(cursor.lastrowid or 0)
    record_event(
        session,
        entity="quote",
        entity_id=quote_id,
        action="add",
        changes={
            "number": number,
            "version": 1,
            "opportunity_id": opportunity_id,
            "account_id": account_id,
            "valid_until": until.isoformat(),
        },
    )
    return get_quote(session, number, rules)


@writes
def edit_quote(
    session: Session,
    *,
    rules: QuoteRules,
    number: int,
    valid_until: date | None = None,
    note: str | None = None,
    discount: str | None = None,
    tax_included: bool | None = None,
    contact: str | None = None,
) -> Quote:
    """Change a draft's validity, note, overall discount ("" for none), whether its
    prices include tax, or its contact."""
    quote = _draft(session, number, rules)
    changes: dict[str, Any] = {}
    if valid_until is not None:
        if valid_until < session.today:
            raise InvalidValue(f"a quote valid until {valid_until} has already expired")
        changes["valid_until"] = valid_until.isoformat()
    if note is not None:
        changes["note"] = tidy(note)
    if discount is not None:
        overall = entry.discount(discount, rules.currency) if discount.strip() else None
        changes["discount_percent"] = stored(overall.percent if overall else None)
        changes["discount_amount"] = stored(overall.amount if overall else None)
    if tax_included is not None:
        changes["tax_included"] = int(tax_included)
    if contact is not None:
        changes["contact_id"] = (
            contact_of_account(session, quote.account_id, contact) if contact.strip() else None
        )
    if not changes:
        raise UsageProblem(
            "nothing to change", hint="give at least one field to change; see --help"
        )
    update_quote(session, quote, "edit", **changes)
    reprice(session, quote.id)
    return get_quote(session, number, rules)


def update_quote(
    session: Session,
    quote: Quote,
    action: str,
    *,
    recorded: dict[str, object] | None = None,
    **columns: object,
) -> None:
    """Write ``columns`` of a version and the event that says so, with ``recorded``
    (what the event keeps beyond the columns, such as a passed credit limit's reason)."""
    setters = ", ".join(f"{column} = ?" for column in columns)
    session.db.execute(
        f"UPDATE quote SET {setters}, updated_at = ? WHERE id = ?",
        (*columns.values(), session.now(), quote.id),
    )
    record_event(
        session,
        entity="quote",
        entity_id=quote.id,
        action=action,
        changes={"number": quote.number, "version": quote.version, **columns, **(recorded or {})},
    )


def _line_values(
    session: Session,
    quote: Quote,
    rules: QuoteRules,
    *,
    product: str | None,
    text: str | None,
    quantity: str | None,
    price: str | None,
    discount: str | None,
    tax: str | None,
    current: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A line's columns from what was typed, over ``current`` (an edited line's)."""
    values = dict(current or {})
    if product is not None:
        found, unit_price = line_price(
            session,
            product,
            account_id=quote.account_id,
            day=quote.quoted_on,
            tax_included=quote.tax_included,
            onto="a quote",
        )
        rate = found.tax_rate
        values.update(
            product_id=found.id,
            description=text.strip() if text else found.name,
            unit=found.unit,
            unit_price=unit_price,
            tax_rate=rate,
            unit_cost=found.unit_cost,
        )
    elif text is not None:
        if not text.strip():
            raise InvalidValue("a line needs a text")
        values["description"] = text.strip()
    if quantity is not None:
        values["quantity"] = entry.quantity(quantity)
    if price is not None:
        values["unit_price"] = entry.price(price, rules.currency)
    if tax is not None:
        values["tax_rate"] = entry.rate(tax)
    if discount is not None:
        found_discount = entry.discount(discount, rules.currency) if discount.strip() else None
        values["discount_percent"] = found_discount.percent if found_discount else None
        values["discount_amount"] = found_discount.amount if found_discount else None
    if values.get("unit_price") is None:
        raise UsageProblem(
            "a free-text line needs --price", hint='e.g. --text "installation" --price 5000'
        )
    values.setdefault("product_id", None)
    values.setdefault("unit", None)
    values.setdefault("tax_rate", Decimal(0))
    values.setdefault("unit_cost", None)
    values.setdefault("discount_percent", None)
    values.setdefault("discount_amount", None)
    values.setdefault("quantity", Decimal(1))
    return values


def _line_row(values: dict[str, Any]) -> tuple[Any, ...]:
    return (
        values["product_id"],
        values["description"],
        values["unit"],
        int(values["quantity"] * 1000),
        stored(values["unit_price"]),
        stored(values["discount_percent"]),
        stored(values["discount_amount"]),
        stored(values["tax_rate"]),
        stored(values["unit_cost"]),
    )


LINE_COLUMNS = (
    "product_id, description, unit, quantity, unit_price, discount_percent, discount_amount,"
    " tax_rate, unit_cost"
)


@writes
def add_line(
    session: Session,
    *,
    rules: QuoteRules,
    number: int,
    product: str | None = None,
    text: str | None = None,
    quantity: str | None = None,
    price: str | None = None,
    discount: str | None = None,
    tax: str | None = None,
) -> QuoteDetail:
    """A line on a draft: a product at the customer's price on the quote's date (unless
    ``price``), or free text with a price."""
    if product is None and text is None:
        raise UsageProblem("give a PRODUCT or --text", hint="e.g. quote line add 7 SKU-100 --qty 3")
    quote = _draft(session, number, rules)
    values = _line_values(
        session,
        quote,
        rules,
        product=product,
        text=text,
        quantity=quantity,
        price=price,
        discount=discount,
        tax=tax,
    )
    position = int(
        session.db.scalar(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM quote_line WHERE quote_id = ?", (quote.id,)
        )
    )
    session.db.execute(
        f"INSERT INTO quote_line (quote_id, position, {LINE_COLUMNS}, list_amount, net, amount)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)",
        (quote.id, position, *_line_row(values)),
    )
    record_event(
        session,
        entity="quote",
        entity_id=quote.id,
        action="line-add",
        changes={
            "number": number,
            "version": quote.version,
            "line": position,
            "description": values["description"],
            "quantity": str(values["quantity"]),
            "unit_price": stored(values["unit_price"]),
        },
    )
    reprice(session, quote.id)
    return show_quote(session, number=number, rules=rules)


def _line(session: Session, quote: Quote, position: int) -> dict[str, Any]:
    row = session.db.row(
        f"SELECT id, {LINE_COLUMNS} FROM quote_line WHERE quote_id = ? AND position = ?",
        (quote.id, position),
    )
    if row is None:
        raise NotFound(
            f"quote {quote.number} has no line {position}",
            hint=f"see 'salescli quote show {quote.number}'",
        )
    return {
        "id": row["id"],
        "product_id": row["product_id"],
        "description": row["description"],
        "unit": row["unit"],
        "quantity": Decimal(row["quantity"]) / 1000,
        "unit_price": from_minor(row["unit_price"]),
        "discount_percent": _maybe(row["discount_percent"]),
        "discount_amount": _maybe(row["discount_amount"]),
        "tax_rate": from_minor(row["tax_rate"]),
        "unit_cost": _maybe(row["unit_cost"]),
    }


def _logged(key: str, value: Any) -> Any:
    """A line's value as its event records it: a quantity as written, the rest as stored."""
    return str(value) if key == "quantity" and value is not None else stored(value)


def _maybe(value: int | None) -> Decimal | None:
    return None if value is None else from_minor(value)


@writes
def edit_line(
    session: Session,
    *,
    rules: QuoteRules,
    number: int,
    position: int,
    product: str | None = None,
    text: str | None = None,
    quantity: str | None = None,
    price: str | None = None,
    discount: str | None = None,
    tax: str | None = None,
) -> QuoteDetail:
    """Change a draft's line: its product (priced again), text, quantity, price,
    discount ("" for none) or tax rate."""
    if all(value is None for value in (product, text, quantity, price, discount, tax)):
        raise UsageProblem(
            "nothing to change", hint="give at least one field to change; see --help"
        )
    quote = _draft(session, number, rules)
    current = _line(session, quote, position)
    values = _line_values(
        session,
        quote,
        rules,
        product=product,
        text=text,
        quantity=quantity,
        price=price,
        discount=discount,
        tax=tax,
        current=current,
    )
    setters = ", ".join(f"{column.strip()} = ?" for column in LINE_COLUMNS.split(","))
    session.db.execute(
        f"UPDATE quote_line SET {setters} WHERE id = ?", (*_line_row(values), current["id"])
    )
    changed = {
        key: [_logged(key, current[key]), _logged(key, values[key])]
        for key in current
        if key != "id" and current[key] != values[key]
    }
    record_event(
        session,
        entity="quote",
        entity_id=quote.id,
        action="line-edit",
        changes={"number": number, "version": quote.version, "line": position, **changed},
    )
    reprice(session, quote.id)
    return show_quote(session, number=number, rules=rules)


@writes
def remove_line(session: Session, *, rules: QuoteRules, number: int, position: int) -> QuoteDetail:
    """Remove a draft's line; the lines after it move up."""
    quote = _draft(session, number, rules)
    current = _line(session, quote, position)
    session.db.execute("DELETE FROM quote_line WHERE id = ?", (current["id"],))
    # Two steps, so (quote_id, position) stays unique while the lines move up.
    session.db.execute(
        "UPDATE quote_line SET position = -position WHERE quote_id = ? AND position > ?",
        (quote.id, position),
    )
    session.db.execute(
        "UPDATE quote_line SET position = -position - 1 WHERE quote_id = ? AND position < 0",
        (quote.id,),
    )
    record_event(
        session,
        entity="quote",
        entity_id=quote.id,
        action="line-remove",
        changes={
            "number": number,
            "version": quote.version,
            "line": position,
            "description": current["description"],
        },
    )
    reprice(session, quote.id)
    return show_quote(session, number=number, rules=rules)


def _discount(percent: int | None, amount: int | None) -> pricing.Discount | None:
    if percent is not None:
        return pricing.Discount(percent=from_minor(percent))
    if amount is not None:
        return pricing.Discount(amount=from_minor(amount))
    return None


def _share(discount: Decimal, base: Decimal) -> int:
    """``discount`` as basis points of ``base``, rounded up: approval is never missed by
    a rounding."""
    if discount <= 0:
        return 0
    if base <= 0:
        return 10000
    return int((discount * 10000 / base).to_integral_value(rounding=ROUND_CEILING))


def _priced(session: Session, quote_id: int) -> tuple[Any, list[Any], pricing.Totals]:
    quote = session.db.row(
        "SELECT tax_included, discount_percent, discount_amount, max_discount, approved_by_id"
        " FROM quote WHERE id = ?",
        (quote_id,),
    )
    assert quote is not None  # the callers have just read or written it
    rows = session.db.rows(
        "SELECT id, quantity, unit_price, discount_percent, discount_amount, tax_rate,"
        " unit_cost FROM quote_line WHERE quote_id = ? ORDER BY position",
        (quote_id,),
    )
    lines = [
        pricing.Line(
            quantity=Decimal(row["quantity"]) / 1000,
            unit_price=from_minor(row["unit_price"]),
            discount=_discount(row["discount_percent"], row["discount_amount"]),
            tax_rate=from_minor(row["tax_rate"]) / pricing.HUNDRED,
            unit_cost=_maybe(row["unit_cost"]),
        )
        for row in rows
    ]
    totals = pricing.price(
        lines,
        overall=_discount(quote["discount_percent"], quote["discount_amount"]),
        tax_included=bool(quote["tax_included"]),
    )
    return quote, rows, totals


def reprice(session: Session, quote_id: int) -> None:
    """Price a version again and store what its lines and totals come to, and the
    largest discount it gives. An approval stands while no discount grows past it."""
    quote, rows, totals = _priced(session, quote_id)
    session.db.executemany(
        "UPDATE quote_line SET list_amount = ?, net = ?, amount = ? WHERE id = ?",
        [
            (stored(line.list_amount), stored(line.net), stored(line.amount), row["id"])
            for line, row in zip(totals.lines, rows, strict=True)
        ],
    )
    largest = max((_share(line.discount, line.list_amount) for line in totals.lines), default=0)
    subtotal = sum((line.net for line in totals.lines), Decimal(0))
    largest = max(largest, _share(totals.overall_discount, subtotal))
    approved = quote["approved_by_id"] if largest <= quote["max_discount"] else None
    session.db.execute(
        "UPDATE quote SET list_amount = ?, discount = ?, net = ?, tax = ?, gross = ?, cost = ?,"
        " max_discount = ?, approved_by_id = ?,"
        " approved_at = CASE WHEN ? IS NULL THEN NULL ELSE approved_at END WHERE id = ?",
        (
            stored(totals.list_amount),
            stored(totals.discount),
            stored(totals.net),
            stored(totals.gross - totals.net),
            stored(totals.gross),
            stored(totals.cost),
            largest,
            approved,
            approved,
            quote_id,
        ),
    )


def show_quote(
    session: Session, *, number: int, rules: QuoteRules, version: int | None = None
) -> QuoteDetail:
    """A version with its lines and its tax by rate."""
    quote = get_quote(session, number, rules, version=version)
    lines = build_all(
        QuoteLine,
        session.db.rows(f"{LINE_SELECT} WHERE l.quote_id = ? ORDER BY l.position", (quote.id,)),
    )
    _, _, totals = _priced(session, quote.id)
    versions = int(session.db.scalar("SELECT MAX(version) FROM quote WHERE number = ?", (number,)))
    contracts = build_all(
        QuoteContract,
        session.db.rows(
            "SELECT c.number, c.status, q.version AS quote_version FROM quote q"
            " JOIN contract c ON c.quote_id = q.id WHERE q.number = ? ORDER BY c.id",
            (number,),
        ),
    )
    return QuoteDetail(
        quote=quote,
        lines=lines,
        taxes=[TaxAmount(rate=rate * pricing.HUNDRED, tax=tax) for rate, tax in totals.tax],
        versions=versions,
        contracts=contracts,
    )


def quote_history(session: Session, *, number: int, rules: QuoteRules) -> list[Quote]:
    """Every version of a quote, first to latest."""
    found = build_all(
        Quote,
        session.db.rows(
            f"{SELECT} WHERE q.number = :number ORDER BY q.version",
            params(session, rules, number=number),
        ),
    )
    if not found:
        raise NotFound(f"no quote {number}", hint="see 'salescli quote list --all --status all'")
    return found


def quotes_of(
    session: Session, *, account_id: int | None = None, deal_id: int | None = None
) -> list[Quote]:
    """An account's or a deal's quotes (latest versions), newest first: for `account
    show` and `opp show`."""
    from salescli import config

    column = "q.opportunity_id" if deal_id is not None else "q.account_id"
    return build_all(
        Quote,
        session.db.rows(
            f"{SELECT} WHERE {column} = :id AND q.superseded_at IS NULL ORDER BY q.number DESC",
            params(
                session, config.quote_rules(), id=deal_id if deal_id is not None else account_id
            ),
        ),
    )


def list_quotes(
    session: Session,
    *,
    rules: QuoteRules,
    owner: str | None = None,
    everyone: bool = False,
    account: str | None = None,
    deal: int | None = None,
    status: str | None = None,
    expiring: int | None = None,
    pending_approval: bool = False,
) -> list[Quote]:
    """The latest versions of quotes, soonest validity end first. By default the acting
    rep's drafts and sent quotes (expired ones included); ``status`` one state or 'all';
    ``expiring`` sent quotes whose validity ends within that many days;
    ``pending_approval`` drafts waiting for a manager (a manager's: the whole team's)."""
    where = ["q.superseded_at IS NULL"]
    values = params(session, rules)
    # A deal's or an account's quotes are everyone's unless --owner says otherwise, and so
    # are the quotes waiting for the manager who approves them.
    team = (account or deal) is not None or (pending_approval and is_manager(session.actor))
    owner_id = owner_scope(session, owner=owner, everyone=everyone or (team and not owner))
    if owner_id is not None:
        where.append("q.owner_id = :owner")
        values["owner"] = owner_id
    if account is not None:
        where.append("q.account_id = :account")
        values["account"] = resolve_account(session, account).id
    if deal is not None:
        where.append("q.opportunity_id = :deal")
        values["deal"] = deal
    chosen = (status or "").strip().lower()
    if expiring is not None:
        if expiring < 0:
            raise UsageProblem(f"--expiring takes a number of days, not {expiring}")
        if status is not None:
            raise UsageProblem("--expiring lists sent quotes; it cannot be combined with --status")
        where.append("q.status = 'sent' AND q.valid_until >= :today AND q.valid_until <= :until")
        values["until"] = (session.today + timedelta(days=expiring)).isoformat()
    elif pending_approval:
        if status is not None:
            raise UsageProblem(
                "--pending-approval lists drafts; it cannot be combined with --status"
            )
        where.append("q.status = 'draft' AND q.max_discount > :max AND q.approved_by_id IS NULL")
    elif status is None:
        where.append("q.status IN ('draft', 'sent')")
    elif chosen == "expired":
        where.append("q.status = 'sent' AND q.valid_until < :today")
    elif chosen == "sent":
        where.append("q.status = 'sent' AND q.valid_until >= :today")
    elif chosen in STATUSES:
        where.append("q.status = :status")
        values["status"] = chosen
    elif chosen != "all":
        raise UsageProblem(
            f"--status: unknown quote status '{status}'",
            hint="choose draft, sent, accepted, rejected, expired or all",
        )
    sql = f"{SELECT} WHERE {' AND '.join(where)} ORDER BY q.valid_until, q.number"
    return build_all(Quote, session.db.rows(sql, values))
