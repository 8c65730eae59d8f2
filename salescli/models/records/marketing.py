"""Campaigns, their costs and results, sales expenses, and the marketing reports."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from decimal import Decimal

from salescli.models.frozen import record


@record
class Campaign:
    """A campaign with its actual ``cost`` (the sum of its recorded costs)."""

    id: int
    name: str
    type: str
    region: str | None
    status: str
    start_on: date | None
    end_on: date | None
    budget: Decimal | None
    cost: Decimal
    attendance: int | None
    note: str | None
    owner: str | None
    planned_on: date
    approved_on: date | None
    approved_by: str | None
    closed_on: date | None
    external_id: str | None
    created_at: str
    updated_at: str


@record
class CampaignCost:
    id: int
    campaign_id: int
    on_date: date
    amount: Decimal
    note: str | None
    rep: str | None
    created_at: str


@record
class CampaignLead:
    id: int
    name: str
    company: str | None
    status: str
    owner: str | None
    opportunity_id: int | None


@record
class CampaignDeal:
    id: int
    name: str
    account: str | None
    status: str
    amount: Decimal | None
    owner: str | None


@record
class CampaignDetail:
    """`campaign show`: the campaign, its costs, and what is attributed to it (leads,
    deals by status, and the number of contracts signed for those deals)."""

    campaign: Campaign
    costs: list[CampaignCost] = field(default_factory=list)
    leads: list[CampaignLead] = field(default_factory=list)
    deals: list[CampaignDeal] = field(default_factory=list)
    contracts: int = 0


@record
class CampaignFigures:
    """One line of `report campaigns`: a campaign (``campaigns`` 1) or a group of them.

    ``leads`` are the leads attributed, ``qualified`` those that reached qualified
    (converted ones included), ``converted`` those converted. ``deals`` are the deals
    attributed, ``won`` those won and ``won_amount`` their amounts; ``contracts`` the
    contracts signed for the deals. ``with_deals`` and ``with_contracts`` count the
    campaigns that produced at least one. ``cost_per_lead`` and ``cost_per_won`` divide
    the actual cost; ``roi`` is (won amount - cost) / cost in percent; each is None when
    its divisor is 0. ``won_costed`` counts the won deals whose cost is known (their
    accepted quote's); when that is every won deal, ``margin`` is what they won less
    that cost and ``margin_roi`` is (margin - cost) / cost; otherwise both are None."""

    group: str
    campaigns: int
    budget: Decimal
    cost: Decimal
    leads: int
    qualified: int
    converted: int
    deals: int
    won: int
    won_amount: Decimal
    contracts: int
    with_deals: int
    with_contracts: int
    cost_per_lead: Decimal | None
    cost_per_won: Decimal | None
    roi: Decimal | None
    won_costed: int
    margin: Decimal | None
    margin_roi: Decimal | None


@record
class CampaignReport:
    by: str
    since: date | None
    until: date | None
    rows: list[CampaignFigures]
    total: CampaignFigures


@record
class LeadFigures:
    """One group of `report leads`. Each count is of leads created in the window that
    reached that point (``contacted``: every lead that is no longer new; ``qualified``:
    qualified or converted); each rate is that count / ``leads`` in percent. The median
    days run from a lead's creation to the day it was qualified or converted (an imported
    converted lead: its import or the date its file gave). ``won_amount`` is what the
    deals opened by the conversions won."""

    group: str
    leads: int
    contacted: int
    qualified: int
    converted: int
    disqualified: int
    contacted_rate: Decimal | None
    qualified_rate: Decimal | None
    converted_rate: Decimal | None
    disqualified_rate: Decimal | None
    median_days_to_qualified: Decimal | None
    median_days_to_converted: Decimal | None
    won_amount: Decimal


@record
class LeadReport:
    by: str
    since: date
    until: date
    rows: list[LeadFigures]
    total: LeadFigures


@record
class Expense:
    id: int
    on_date: date
    amount: Decimal
    category: str
    status: str
    account_id: int | None
    account: str | None
    opportunity_id: int | None
    opportunity: str | None
    activity_id: int | None
    campaign_id: int | None
    campaign: str | None
    note: str | None
    receipt: str | None
    submitted_on: date | None
    decided_on: date | None
    decided_by: str | None
    reject_reason: str | None
    reimbursed_on: date | None
    owner: str | None
    external_id: str | None
    created_at: str
    updated_at: str


@record
class ExpenseBatch:
    """Expenses changed at once (`expense submit --month`)."""

    action: str
    ids: list[int]
    amount: Decimal


@record
class ExpenseFigures:
    """One group of `report expenses`: the expenses in the window that were not rejected
    (``waiting``: recorded or submitted; ``approved``: approved or reimbursed), and, by
    rep or account, the amount won in the window and the cost of sale (expenses / won
    amount, in percent; None without a win)."""

    group: str
    expenses: int
    amount: Decimal
    waiting: Decimal
    approved: Decimal
    won_amount: Decimal | None
    cost_of_sale: Decimal | None


@record
class ExpenseReport:
    by: str
    since: date
    until: date
    rows: list[ExpenseFigures]
    total: ExpenseFigures
