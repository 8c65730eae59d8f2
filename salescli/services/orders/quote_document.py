"""What a quote sent to a customer holds (`quote render`): the version with its lines
and totals, the seller from the settings, the customer and the contact it is addressed
to, the rep who made it, and the terms. The document's layout is the renderer's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from salescli.models.records import Party, QuoteDocument
from salescli.services.core.session import Session
from salescli.services.orders.quotes import show_quote

if TYPE_CHECKING:
    from salescli.config import QuoteRules, Seller


def quote_document(
    session: Session,
    *,
    number: int,
    rules: QuoteRules,
    seller: Seller,
    version: int | None = None,
) -> QuoteDocument:
    """A version of a quote (the latest unless ``version``) as a document to send."""
    detail = show_quote(session, number=number, rules=rules, version=version)
    quote = detail.quote
    account = session.db.row(
        "SELECT name, address, phone, email FROM account WHERE id = ?", (quote.account_id,)
    )
    assert account is not None  # a quote's account cannot be removed while it has quotes
    contact = None
    if quote.contact_id is not None:
        row = session.db.row(
            "SELECT name, title, phone, email FROM contact WHERE id = ?", (quote.contact_id,)
        )
        if row is not None:
            contact = Party(
                name=row["name"], title=row["title"], phone=row["phone"], email=row["email"]
            )
    rep = None
    if quote.owner is not None:
        row = session.db.row("SELECT name, email FROM rep WHERE handle = ?", (quote.owner,))
        if row is not None:
            rep = Party(name=row["name"], email=row["email"])
    return QuoteDocument(
        detail=detail,
        seller=Party(
            name=seller.name,
            address=seller.address,
            phone=seller.phone,
            email=seller.email,
            tax_id=seller.tax_id,
        ),
        customer=Party(
            name=account["name"],
            address=account["address"],
            phone=account["phone"],
            email=account["email"],
        ),
        contact=contact,
        rep=rep,
        bank=seller.bank,
        terms=seller.terms,
        currency=rules.currency,
    )
