"""What services return: frozen dataclasses built from database rows.

Field names are the stable keys of ``--json`` output and of CSV exports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Rep:
    id: int
    handle: str
    name: str
    email: str | None
    role: str
    active: bool
    created_at: str


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    industry: str | None
    region: str | None
    phone: str | None
    email: str | None
    address: str | None
    website: str | None
    status: str
    abc_class: str | None
    owner: str | None
    external_id: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Fact:
    key: str
    value: str
    updated_at: str


@dataclass(frozen=True)
class Contact:
    id: int
    account_id: int
    account: str
    name: str
    title: str | None
    role: str | None
    phone: str | None
    email: str | None
    birthday: date | None
    external_id: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Lead:
    id: int
    name: str
    company: str | None
    title: str | None
    phone: str | None
    email: str | None
    source: str | None
    referred_by: str | None
    budget: Decimal | None
    need: str | None
    man_money: bool | None
    man_authority: bool | None
    man_need: bool | None
    status: str
    disqualify_reason: str | None
    next_action: date | None
    note: str | None
    owner: str | None
    account_id: int | None
    contact_id: int | None
    external_id: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class LeadTouch:
    id: int
    at: str
    rep: str | None
    note: str
    next_action: date | None


@dataclass(frozen=True)
class AccountDetail:
    account: Account
    facts: list[Fact] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    # Planned activities (soonest first), then the latest done ones.
    activities: list[Activity] = field(default_factory=list)


@dataclass(frozen=True)
class LeadDetail:
    lead: Lead
    touches: list[LeadTouch] = field(default_factory=list)
    account: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class Qualification:
    """The outcome of `lead qualify`: the lead, the MAN questions (money, authority, need)
    not yet answered yes, and whether the lead was qualified before."""

    lead: Lead
    missing: list[str]
    was_qualified: bool = False


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class StageStep:
    """One move of a deal: from a stage (none when the deal was opened) to another, and
    how long it had spent in the stage it left."""

    on_date: date
    from_stage: str | None
    to_stage: str
    days: int | None
    rep: str | None
    note: str | None


@dataclass(frozen=True)
class Share:
    rep: str
    name: str
    split: Decimal


@dataclass(frozen=True)
class OpportunityDetail:
    opportunity: Opportunity
    history: list[StageStep] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    owner_split: Decimal = Decimal(100)
    # Planned activities (soonest first), then the latest done ones.
    activities: list[Activity] = field(default_factory=list)


@dataclass(frozen=True)
class Activity:
    """A visit, call, email, meeting, message or handover with an account. Planned
    activities have ``planned_on`` (and ``planned_time``, local HH:MM, unless for the whole
    day); done ones ``done_on`` and ``done_time``."""

    id: int
    type: str
    status: str
    account_id: int
    account: str
    opportunity_id: int | None
    opportunity: str | None
    contact_id: int | None
    contact: str | None
    planned_on: date | None
    planned_time: str | None
    done_on: date | None
    done_time: str | None
    purpose: str | None
    objective: str | None
    min_objective: str | None
    outcome: str | None
    next_step: str | None
    cancel_reason: str | None
    follows_id: int | None
    owner: str | None
    external_id: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Conversion:
    lead: Lead
    account: Account
    contact: Contact
    account_created: bool
    opportunity: Opportunity | None = None


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, with dry_run, would do)."""

    rows: int
    inserted: int
    updated: int
    unchanged: int
    skipped: int
    dry_run: bool
    ignored_columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    path: str
    schema_revision: str | None
    problems: list[str]
    counts: dict[str, int]


@dataclass(frozen=True)
class Backup:
    source: str
    path: str
    bytes: int
