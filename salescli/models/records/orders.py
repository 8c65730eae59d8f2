"""Products, their prices, and quotes with their lines and versions."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from decimal import Decimal
from typing import TypeAlias

from salescli.models.frozen import record

# A quantity: exact, up to three decimals (2.5 hours), stored in thousandths as an integer
# so it sums in SQL; services/core/rows.py reads it back by this name.
Quantity: TypeAlias = Decimal


@record
class Product:
    """A product on the price list; ``tax_rate`` in percent (13 for 13 %); ``price`` is
    the price valid on the command's today for every customer (the list price unless a
    dated price has taken over)."""

    id: int
    code: str
    name: str
    unit: str
    list_price: Decimal
    unit_cost: Decimal | None
    tax_rate: Decimal
    tax_included: bool
    active: bool
    price: Decimal
    created_at: str
    updated_at: str


@record
class ProductPrice:
    """A dated price: for every customer (``account`` None) or one customer's own."""

    id: int
    product_id: int
    account_id: int | None
    account: str | None
    price: Decimal
    valid_from: date
    rep: str | None
    created_at: str


@record
class QuotedPrice:
    """The last price a customer was quoted for a product (the price reference): the
    unit price of the line in the newest sent quote to that account."""

    account_id: int
    account: str
    quote_number: int
    quote_version: int
    quoted_on: date
    status: str
    quantity: Quantity
    unit_price: Decimal
    discount: Decimal  # the line's own, in money
    net: Decimal


@record
class ProductDetail:
    product: Product
    prices: list[ProductPrice] = field(default_factory=list)
    quoted: list[QuotedPrice] = field(default_factory=list)


@record
class Quote:
    """One version of a quote. ``status`` is as it reads on the command's today: a sent
    quote past ``valid_until`` is ``expired``; ``superseded`` says a later version has
    replaced it. ``discount_percent`` or ``discount_amount`` is the overall discount as
    given; ``discount`` the whole discount in money (lines' and overall). ``max_discount``
    is the largest discount of a line or overall, in percent, and ``needs_approval`` says
    it is over ``quote.max_discount`` and no manager has approved it yet."""

    id: int
    number: int
    version: int
    account_id: int
    account: str
    opportunity_id: int | None
    opportunity: str | None
    contact_id: int | None
    contact: str | None
    owner: str | None
    status: str
    superseded: bool
    quoted_on: date
    valid_until: date
    tax_included: bool
    discount_percent: Decimal | None
    discount_amount: Decimal | None
    note: str | None
    max_discount: Decimal
    needs_approval: bool
    approved_by: str | None
    approved_at: str | None
    sent_on: date | None
    decided_on: date | None
    reject_reason: str | None
    lines: int
    list_amount: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal
    gross: Decimal
    cost: Decimal | None
    margin: Decimal | None
    margin_percent: Decimal | None
    created_at: str
    updated_at: str


@record
class QuoteAcceptance:
    """A quote accepted on a deal, as the deal's history shows it: the deal's amount
    before (none when it had none) and after, which is the quote's net total."""

    on_date: date
    rep: str | None
    quote: int
    version: int
    amount_before: Decimal | None
    amount_after: Decimal


@record
class QuoteLine:
    """A line of a quote version: ``position`` from 1; ``product`` its code (None for a
    free-text line); ``tax_rate`` and ``discount_percent`` in percent. ``discount`` is the
    line's own discount in money, ``net`` after it, ``overall_share`` its part of the
    overall discount and ``amount`` what it adds to the quote (tax-included where the
    quote's prices include tax)."""

    position: int
    product: str | None
    description: str
    unit: str | None
    quantity: Quantity
    unit_price: Decimal
    discount_percent: Decimal | None
    discount_amount: Decimal | None
    tax_rate: Decimal
    unit_cost: Decimal | None
    list_amount: Decimal
    discount: Decimal
    net: Decimal
    overall_share: Decimal
    amount: Decimal


@record
class TaxAmount:
    rate: Decimal  # percent
    tax: Decimal


@record
class QuoteContract:
    """A contract made from a quote (`contract new --from-quote`), from which version."""

    number: str
    status: str
    quote_version: int


@record
class QuoteDetail:
    """A quote version with its lines and tax by rate, and the contracts made from the
    quote (any version; a terminated one and the one made after it)."""

    quote: Quote
    lines: list[QuoteLine] = field(default_factory=list)
    taxes: list[TaxAmount] = field(default_factory=list)
    versions: int = 1
    contracts: list[QuoteContract] = field(default_factory=list)


@record
class Party:
    """Who a rendered quote is from or to: a name and how to reach them, each field
    None when not known."""

    name: str | None
    title: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    tax_id: str | None = None


@record
class QuoteDocument:
    """Everything a quote sent to a customer shows: the version with its lines and
    totals, the seller (the ``company.*`` settings), the customer and the contact it is
    addressed to, the rep who made it, the seller's bank, the terms, and the currency."""

    detail: QuoteDetail
    seller: Party
    customer: Party
    contact: Party | None
    rep: Party | None
    bank: str | None
    terms: str | None
    currency: str
