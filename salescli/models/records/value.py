"""Customer value (`services/value`): revenue, classes, lifecycle, retention, lifetime
value and the structured profile."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from salescli.models.frozen import record


@record
class Revenue:
    """An account's revenue on one basis: the 12 months to today, the 12 before, all
    time, and its first and last purchase."""

    basis: str
    last_12_months: Decimal
    previous_12_months: Decimal
    all_time: Decimal
    purchases: int
    first_purchase: date | None
    last_purchase: date | None


@record
class Lifecycle:
    stage: str | None
    reason: str


@record
class LifetimeValue:
    """Revenue to date, margin where costs are known, and N more years projected at the
    book's observed retention, discounted (README "Lifetime value")."""

    revenue_to_date: Decimal
    expenses: Decimal
    gross_margin: Decimal | None
    years_active: Decimal
    average_yearly_revenue: Decimal
    purchases_per_year: Decimal
    # None while nobody bought in the 12 months before the last 12: no rate to measure,
    # and nothing projected.
    retention_rate: Decimal | None
    discount_rate: Decimal
    years_projected: int
    projected: Decimal
    lifetime_value: Decimal


@record
class ValuedAccount:
    """A row of `account list --sort revenue` or `--lifecycle`."""

    id: int
    name: str
    status: str
    abc_class: str | None
    class_pinned: bool
    vip: bool
    owner: str | None
    revenue: Decimal
    lifecycle: str | None
    lifecycle_reason: str  # why it is at that stage, as account show says


@record
class AccountValue:
    """What `account show` adds about the customer's value."""

    revenue: Revenue
    abc_class: str | None
    class_pinned: bool
    vip: bool
    vip_why: str | None
    lifecycle: Lifecycle
    lifetime: LifetimeValue
    lost_reason: str | None
    lost_note: str | None
    profile_known: int
    profile_items: int


class ClassRow(NamedTuple):
    """One ranked customer of `account classify` (a named tuple: a book has 100,000 of
    them, made in 0.12 s instead of 0.29 s as frozen dataclasses)."""

    id: int
    name: str
    owner: str | None
    revenue: Decimal
    current: str | None
    proposed: str
    pinned: bool
    vip: bool
    # Why VIP: "purchase" (one purchase over the line), "month" (a month over it),
    # "nominated" (a manager's reason).
    vip_why: str | None


@record
class Classification:
    basis: str
    months: int
    start: date
    end: date
    customers: int
    thresholds: dict[str, Decimal]
    counts: dict[str, int]
    applied: bool
    changed: int
    rows: list[ClassRow] = field(default_factory=list)


@record
class ParetoRow:
    rank: int
    id: int
    name: str
    abc_class: str | None
    revenue: Decimal
    share: Decimal
    cumulative_share: Decimal


@record
class ClassTotal:
    abc_class: str
    accounts: int
    revenue: Decimal
    share: Decimal


@record
class Concentration:
    top_percent: int
    accounts: int
    revenue: Decimal
    share: Decimal


@record
class CustomersReport:
    basis: str
    months: int
    start: date
    end: date
    customers: int
    revenue: Decimal
    # Where 80 % of revenue is reached: this many accounts, this share of customers.
    eighty_accounts: int
    eighty_share: Decimal
    classes: list[ClassTotal]
    concentration: list[Concentration]
    pareto: list[ParetoRow]
    lifetime_value: Decimal
    average_lifetime_value: Decimal


@record
class Defector:
    id: int
    name: str
    owner: str | None
    before: Decimal
    now: Decimal
    lost: Decimal
    reason: str | None
    note: str | None


@record
class ReasonCount:
    reason: str
    accounts: int
    share: Decimal
    cumulative_share: Decimal
    revenue_lost: Decimal


@record
class RetentionReport:
    basis: str
    period: str
    before_start: date
    before_end: date
    now_start: date
    now_end: date
    active_before: int
    retained: int
    # The rates are of the customers active before: None when there were none.
    retention_rate: Decimal | None
    full_defectors: int
    full_rate: Decimal | None
    full_revenue_lost: Decimal
    partial_defectors: int
    partial_rate: Decimal | None
    partial_revenue_lost: Decimal
    partial_threshold: Decimal
    full: list[Defector]
    partial: list[Defector]
    reasons: list[ReasonCount]


@record
class ProfileItem:
    key: str
    section: str
    question: str
    value: str | None
    recorded_on: str | None
    recorded_by: str | None


@record
class Profile:
    kind: str  # account or contact
    id: int
    name: str
    known: int
    items: int
    completeness: int  # percent, of the checklist's questions
    questions: list[ProfileItem]
    # Free-form facts no question matches, under "other".
    other: list[ProfileItem]
