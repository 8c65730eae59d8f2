"""Funnel stages, opportunities, their history and co-owners' shares."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from salescli.models.frozen import record

if TYPE_CHECKING:
    from salescli.models.records.activities import Activity
    from salescli.models.records.contracts import Contract
    from salescli.models.records.marketing import Expense
    from salescli.models.records.orders import Quote, QuoteAcceptance


@record
class Stage:
    """A funnel step; ``conversion`` and ``probability`` are percentages."""

    id: int
    key: str
    name: str
    position: int
    kind: str
    conversion: Decimal | None
    probability: Decimal | None
    days: int | None
    cadence_days: int | None
    deals: int = 0


@record
class Opportunity:
    """A deal. ``probability`` is the one in effect (the deal's own ``probability_override``
    or its stage's), in percent; ``days_in_stage`` counts to the command's today."""

    id: int
    name: str
    account_id: int | None
    account: str | None
    contact_id: int | None
    contact: str | None
    amount: Decimal | None
    close_date: date | None
    stage: str
    stage_name: str
    stage_entered: date
    days_in_stage: int
    probability: Decimal | None
    probability_override: Decimal | None
    status: str
    forecast_category: str | None
    source: str | None
    competitor: str | None
    loss_reason: str | None
    summary: str | None
    next_step: str | None
    next_date: date | None
    suspend_reason: str | None
    suspended_until: date | None
    opened_on: date
    closed_on: date | None
    owner: str | None
    archived_at: str | None
    external_id: str | None
    created_at: str
    updated_at: str
    campaign_id: int | None
    campaign: str | None


@record
class StageStep:
    """One move of a deal: from a stage (none when the deal was opened) to another, and
    how long it had spent in the stage it left."""

    on_date: date
    from_stage: str | None
    to_stage: str
    days: int | None
    rep: str | None
    note: str | None


@record
class Share:
    rep: str
    name: str
    split: Decimal


@record
class OpportunityDetail:
    opportunity: Opportunity
    history: list[StageStep] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    owner_split: Decimal = Decimal(100)
    # Planned activities (soonest first), then the latest done ones.
    activities: list[Activity] = field(default_factory=list)
    # Its quotes' latest versions, newest first; an accepted one is its primary quote.
    quotes: list[Quote] = field(default_factory=list)
    # Quotes accepted on it, oldest first, each with the amount it set (added by overview).
    accepted_quotes: list[QuoteAcceptance] = field(default_factory=list)
    # The deal's contracts (services/overview adds them: pipeline does not read orders).
    contracts: list[Contract] = field(default_factory=list)
    expenses: list[Expense] = field(default_factory=list)
