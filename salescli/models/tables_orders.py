"""Order tables: products and prices, quotes, contracts, receivables and credit
(see tables.py for the conventions).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Index, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel


class ProductTable(SQLModel, table=True):
    """A product or service on the price list. ``list_price`` is its price before any
    dated price (product_price) and ``unit_cost`` what one unit costs (for margin), both
    in minor units; ``tax_rate`` is in basis points (1300 for 13 %); ``tax_included``
    says its prices include tax (含税)."""

    __tablename__ = "product"
    __table_args__ = (Index("ux_product_code", text("code COLLATE NOCASE"), unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    code: str
    name: str
    unit: str = Field(default="pcs")
    list_price: int
    unit_cost: int | None = None
    tax_rate: int = Field(default=0)
    tax_included: bool = Field(default=False)
    active: bool = Field(default=True)
    created_at: str
    updated_at: str


class ProductPriceTable(SQLModel, table=True):
    """A product's price from a date on: for every customer (``account_id`` NULL) or one
    customer's agreed price. The price on a day is the latest one valid from that day or
    before, the customer's own first, else the product's list price."""

    __tablename__ = "product_price"
    __table_args__ = (
        Index("ix_product_price", "product_id", "account_id", "valid_from"),
        # One price a product, customer (or everyone) and day: what an import upserts by.
        Index(
            "ux_product_price_day",
            "product_id",
            text("ifnull(account_id, 0)"),
            "valid_from",
            unique=True,
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id")
    account_id: int | None = Field(default=None, foreign_key="account.id")
    price: int
    valid_from: date
    rep_id: int | None = Field(default=None, foreign_key="rep.id")
    created_at: str
    updated_at: str | None = None


class QuoteTable(SQLModel, table=True):
    """One version of a quote: the quote is its ``number``, each revision a new row with
    the next ``version``; the one before gets ``superseded_at`` and keeps its status.
    ``status`` is draft, sent, accepted or rejected; a sent quote past ``valid_until`` is
    expired, which is read from the date, not stored. The overall discount is a
    percentage in basis points or an amount. ``max_discount`` (basis points) is the
    largest discount of any line or overall, which approval is measured against. The
    totals (minor units) are stored with every change, so lists and history read no
    lines."""

    __tablename__ = "quote"
    __table_args__ = (
        UniqueConstraint("number", "version"),
        # One rep's `quote list`: their current versions by status and validity.
        Index(
            "ix_quote_owner_current",
            "owner_id",
            "status",
            "valid_until",
            sqlite_where=text("superseded_at IS NULL"),
        ),
        Index("ix_quote_account", "account_id", "number"),
        Index(
            "ix_quote_opportunity",
            "opportunity_id",
            "number",
            sqlite_where=text("opportunity_id IS NOT NULL"),
        ),
        # At most one accepted quote per deal, held by the database too.
        Index(
            "ux_quote_accepted",
            "opportunity_id",
            unique=True,
            sqlite_where=text("status = 'accepted' AND opportunity_id IS NOT NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: int
    version: int = Field(default=1)
    account_id: int = Field(foreign_key="account.id")
    opportunity_id: int | None = Field(default=None, foreign_key="opportunity.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    owner_id: int | None = Field(default=None, foreign_key="rep.id")
    status: str = Field(default="draft")
    quoted_on: date
    valid_until: date
    tax_included: bool = Field(default=False)
    discount_percent: int | None = None
    discount_amount: int | None = None
    note: str | None = None
    max_discount: int = Field(default=0)
    approved_by_id: int | None = Field(default=None, foreign_key="rep.id")
    approved_at: str | None = None
    sent_on: date | None = None
    decided_on: date | None = None
    reject_reason: str | None = None
    superseded_at: str | None = None
    list_amount: int = Field(default=0)
    discount: int = Field(default=0)
    net: int = Field(default=0)
    tax: int = Field(default=0)
    gross: int = Field(default=0)
    cost: int | None = None
    created_at: str
    updated_at: str


class QuoteLineTable(SQLModel, table=True):
    """A line of one quote version: a product (its name, unit and cost copied when the
    line was made, so a later price-list change leaves the quote as sent) or free text.
    ``quantity`` is in thousandths (2.5 hours is 2500), so it is exact and sums in SQL;
    ``tax_rate`` and ``discount_percent`` in basis points; money in minor units. ``net``
    is after the line's discount, ``amount`` after its share of the overall one."""

    __tablename__ = "quote_line"
    __table_args__ = (
        UniqueConstraint("quote_id", "position"),
        # The price reference: the lines that quoted a product, newest quotes last.
        Index(
            "ix_quote_line_product",
            "product_id",
            "quote_id",
            sqlite_where=text("product_id IS NOT NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    quote_id: int = Field(foreign_key="quote.id", ondelete="CASCADE")
    position: int
    product_id: int | None = Field(default=None, foreign_key="product.id")
    description: str
    unit: str | None = None
    quantity: int
    unit_price: int
    discount_percent: int | None = None
    discount_amount: int | None = None
    tax_rate: int = Field(default=0)
    unit_cost: int | None = None
    list_amount: int
    net: int
    amount: int


class ContractTable(SQLModel, table=True):
    """A signed (or to be signed) contract with an account, perhaps from a deal. Its
    amount, dates, title and terms are those of its current ``version``; every version is
    kept in contract_version. ``progress`` is the percent carried out; ``status_on`` the
    day it entered its status (a suspension's start); ``status_reason`` why it was
    suspended or terminated."""

    __tablename__ = "contract"
    __table_args__ = (
        # A rep's list by status and end date (--expiring, --renewal, reminders); the
        # account, number and deal make it cover a rep's receivables (list, aging,
        # reminders) without a read of each contract row (migration 0022).
        Index(
            "ix_contract_owner",
            "owner_id",
            "status",
            "end_on",
            "account_id",
            "number",
            "opportunity_id",
        ),
        Index("ix_contract_account", "account_id", "status"),
        Index(
            "ix_contract_opportunity",
            "opportunity_id",
            sqlite_where=text("opportunity_id IS NOT NULL"),
        ),
        # The contracts made from a quote (a second one is refused; `quote show` names it).
        Index("ix_contract_quote", "quote_id", sqlite_where=text("quote_id IS NOT NULL")),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(String, nullable=False, unique=True))
    title: str | None = None
    account_id: int = Field(foreign_key="account.id")
    opportunity_id: int | None = Field(default=None, foreign_key="opportunity.id")
    amount: int
    start_on: date | None = None
    end_on: date | None = None
    terms: str | None = None
    status: str = Field(default="draft")
    status_on: date
    status_reason: str | None = None
    version: int = Field(default=1)
    progress: int = Field(default=0)
    milestone: str | None = None
    signed_on: date | None = None
    owner_id: int | None = Field(default=None, foreign_key="rep.id")
    external_id: str | None = Field(default=None, sa_column=Column(String, unique=True))
    # The accepted quote version it was made from (`contract new --from-quote`).
    quote_id: int | None = Field(default=None, foreign_key="quote.id")
    created_at: str
    updated_at: str


class ContractVersionTable(SQLModel, table=True):
    """One version of a contract as it stood: the first as made, each later one an
    amendment with its reason."""

    __tablename__ = "contract_version"
    contract_id: int = Field(foreign_key="contract.id", primary_key=True)
    version: int = Field(primary_key=True)
    amount: int
    title: str | None = None
    start_on: date | None = None
    end_on: date | None = None
    terms: str | None = None
    reason: str | None = None
    on_date: date
    at: str
    rep_id: int | None = Field(default=None, foreign_key="rep.id")


class ContractLineTable(SQLModel, table=True):
    """A line of one contract version, copied from the accepted quote it was made from
    (``contract new --from-quote``): quantity in thousandths, ``tax_rate`` in basis
    points, ``amount`` the line's part of the quote's net total in minor units."""

    __tablename__ = "contract_line"
    contract_id: int = Field(foreign_key="contract.id", primary_key=True)
    version: int = Field(primary_key=True)
    position: int = Field(primary_key=True)
    product_id: int | None = Field(default=None, foreign_key="product.id")
    description: str
    unit: str | None = None
    quantity: int
    unit_price: int
    tax_rate: int
    amount: int


class ContractStepTable(SQLModel, table=True):
    """A contract's history: its creation, each change of status, amendment and
    progress report, by whom and when. ``over_limit`` holds a manager's reason for signing
    over the account's credit limit."""

    __tablename__ = "contract_step"
    __table_args__ = (Index("ix_contract_step_contract", "contract_id", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id")
    action: str
    from_status: str | None = None
    to_status: str
    version: int
    progress: int | None = None
    note: str | None = None
    over_limit: str | None = None
    on_date: date
    at: str
    rep_id: int | None = Field(default=None, foreign_key="rep.id")


class InstallmentTable(SQLModel, table=True):
    """One payment the customer owes under a contract: ``position`` numbers them within
    the contract, ``received`` is what receipts have paid of it (kept by the receipt
    service)."""

    __tablename__ = "installment"
    __table_args__ = (
        UniqueConstraint("contract_id", "position"),
        # What is still owed, contract by contract: aging groups it by contract reading
        # the index alone, and a rep's lists and reminders search each of their
        # contracts' open installments by due date. Measured on 1,000,000 installments
        # (200,000 contracts): by due date first, aging scanned the whole table through
        # the (contract_id, position) index instead.
        Index(
            "ix_installment_open",
            "contract_id",
            "due_on",
            "amount",
            "received",
            sqlite_where=text("received < amount"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id")
    position: int
    due_on: date
    amount: int
    received: int = Field(default=0)
    note: str | None = None
    created_at: str


class ReceiptTable(SQLModel, table=True):
    """Money received under a contract: applied to installments (receipt_part), and what
    was more than owed, kept as a credit on the account (``credit``). A mistaken receipt
    is reversed (``reversed_at``, with a reason), never deleted. ``rep_id`` is who
    recorded it, which a handover does not change."""

    __tablename__ = "receipt"
    __table_args__ = (
        Index("ix_receipt_contract", "contract_id"),
        Index("ix_receipt_received", "received_on", "contract_id", "amount"),
    )
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id")
    received_on: date
    amount: int
    credit: int = Field(default=0)
    ref: str | None = None
    rep_id: int | None = Field(default=None, foreign_key="rep.id")
    at: str
    reversed_at: str | None = None
    reversed_by_id: int | None = Field(default=None, foreign_key="rep.id")
    reverse_reason: str | None = None
    external_id: str | None = Field(default=None, sa_column=Column(String, unique=True))


class ReceiptPartTable(SQLModel, table=True):
    """The part of a receipt applied to one installment."""

    __tablename__ = "receipt_part"
    __table_args__ = (Index("ix_receipt_part_installment", "installment_id"),)
    receipt_id: int = Field(foreign_key="receipt.id", primary_key=True)
    installment_id: int = Field(foreign_key="installment.id", primary_key=True)
    amount: int


class CreditAssessmentTable(SQLModel, table=True):
    """A manager's credit decision on an account: the limit and rating set, with the 5C
    scores (1-5 each) when the rating came from an assessment."""

    __tablename__ = "credit_assessment"
    __table_args__ = (Index("ix_credit_assessment_account", "account_id", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    character: int | None = None
    capacity: int | None = None
    capital: int | None = None
    collateral: int | None = None
    conditions: int | None = None
    score: int | None = None
    rating: str | None = None
    credit_limit: int | None = None
    note: str | None = None
    on_date: date
    at: str
    rep_id: int | None = Field(default=None, foreign_key="rep.id")
