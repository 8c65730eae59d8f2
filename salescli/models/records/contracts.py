"""Contracts, their versions and history, payment schedules, receipts, aging and credit
(`services/orders`)."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from salescli.models.frozen import record

if TYPE_CHECKING:  # an annotation only: loading the quote records costs ~7 ms
    from salescli.models.records.orders import Quantity


@record
class Contract:
    """A contract as its current version stands. ``received`` is what receipts have paid
    of its installments, ``balance`` the amount less that; ``progress`` is in percent.
    ``quote`` and ``quote_version`` name the accepted quote it was made from."""

    id: int
    number: str
    title: str | None
    account_id: int
    account: str
    opportunity_id: int | None
    opportunity: str | None
    amount: Decimal
    received: Decimal
    balance: Decimal
    start_on: date | None
    end_on: date | None
    terms: str | None
    status: str
    status_on: date
    status_reason: str | None
    version: int
    progress: int
    milestone: str | None
    signed_on: date | None
    owner: str | None
    external_id: str | None
    quote: int | None
    quote_version: int | None
    created_at: str
    updated_at: str


@record
class ContractVersion:
    """A contract's terms as one version set them; ``reason`` says why it was amended."""

    version: int
    amount: Decimal
    title: str | None
    start_on: date | None
    end_on: date | None
    terms: str | None
    reason: str | None
    on_date: date
    at: str
    rep: str | None


@record
class ContractStep:
    """One line of a contract's history: made, a change of status, an amendment, or a
    progress report."""

    id: int
    action: str
    from_status: str | None
    to_status: str
    version: int
    progress: int | None
    note: str | None
    over_limit: str | None
    on_date: date
    at: str
    rep: str | None


@record
class Installment:
    """One payment due under a contract; ``status`` is paid, partly-paid, due or overdue
    (on the command's today) and ``days_overdue`` counts from the day after it was due."""

    id: int
    contract_id: int
    contract: str
    account_id: int
    account: str
    position: int
    due_on: date
    amount: Decimal
    received: Decimal
    outstanding: Decimal
    status: str
    days_overdue: int
    note: str | None
    owner: str | None


@record
class ReceiptPart:
    """What a receipt paid of one installment."""

    installment_id: int
    position: int
    amount: Decimal


@record
class Receipt:
    """Money received under a contract, the installments it paid, and what was more than
    owed, kept as a credit on the account. ``recorded_by`` is who recorded it."""

    id: int
    contract_id: int
    contract: str
    account: str
    received_on: date
    amount: Decimal
    credit: Decimal
    ref: str | None
    recorded_by: str | None
    at: str
    reversed_at: str | None
    reverse_reason: str | None
    parts: list[ReceiptPart] = field(default_factory=list)


@record
class ContractLine:
    """A line of a contract version, as the accepted quote it came from had it:
    ``tax_rate`` in percent, ``amount`` its part of the quote's net total."""

    position: int
    product: str | None
    description: str
    unit: str | None
    quantity: Quantity
    unit_price: Decimal
    tax_rate: Decimal
    amount: Decimal


@record
class ContractDetail:
    """`contract show`: the contract, the version asked for (the current one unless
    --version), its payment schedule and receipts. ``unscheduled`` is the amount no
    installment covers yet."""

    contract: Contract
    shown_version: ContractVersion
    installments: list[Installment]
    receipts: list[Receipt]
    scheduled: Decimal
    unscheduled: Decimal
    lines: list[ContractLine] = field(default_factory=list)
    # What the shown version's lines add up to with tax (None without lines).
    lines_total: Decimal | None = None


@record
class ContractHistory:
    contract: Contract
    versions: list[ContractVersion]
    steps: list[ContractStep]


@record
class ContractChange:
    """What a transition, amendment or progress report did, with what the rep should
    know about it (``notes``: the deal won on signing, a schedule to adjust;
    ``warnings``: lines that no longer add up to the amount)."""

    contract: Contract
    action: str
    from_status: str
    to_status: str
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@record
class Schedule:
    """A contract's installments after `receivable plan` or `receivable add`."""

    contract: Contract
    installments: list[Installment]
    scheduled: Decimal
    unscheduled: Decimal


@record
class AgingRow:
    """What one rep's account owes, by how late: not yet due, 1-30, 31-60, 61-90 and more
    than 90 days."""

    account_id: int | None
    account: str
    owner: str | None
    not_due: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    over_90: Decimal
    total: Decimal


@record
class Aging:
    today: date
    owner: str | None
    rows: list[AgingRow]
    reps: list[AgingRow]
    total: AgingRow


@record
class CollectionMonth:
    """One month of the collection forecast: what falls due in it, what of that is unpaid,
    what is overdue from before it (carried forward, in the current month), and what was
    collected in it."""

    month: str
    due: Decimal
    outstanding: Decimal
    overdue: Decimal
    collected: Decimal


@record
class CollectionForecast:
    today: date
    owner: str | None
    months: list[CollectionMonth]
    collected: Decimal
    due_to_date: Decimal
    collection_rate: Decimal | None
    key_tasks: list[Installment]


@record
class CreditAssessment:
    id: int
    on_date: date
    by: str | None
    character: int | None
    capacity: int | None
    capital: int | None
    collateral: int | None
    conditions: int | None
    score: int | None
    rating: str | None
    credit_limit: Decimal | None
    note: str | None


@record
class Credit:
    """An account's credit: ``exposure`` is what it owes on installments plus the value
    of its signed contracts not yet scheduled; ``headroom`` the limit less that (None
    without a limit). ``credit_balance`` is what it paid beyond what it owed."""

    account_id: int
    account: str
    rating: str | None
    credit_limit: Decimal | None
    outstanding: Decimal
    unbilled: Decimal
    exposure: Decimal
    headroom: Decimal | None
    overdue: Decimal
    # Owed more than flag_days (receivable.overdue_days) after it was due: flagged.
    long_overdue: Decimal
    flag_days: int
    credit_balance: Decimal
    assessments: list[CreditAssessment] = field(default_factory=list)


@record
class RepCollections:
    """A rep's collections in a window (`report reps`): what fell due and what was
    collected, the rate, what is overdue and outstanding, and days sales outstanding."""

    rep: str
    due: Decimal
    collected: Decimal
    collection_rate: Decimal | None
    overdue: Decimal
    outstanding: Decimal
    dso: Decimal | None
