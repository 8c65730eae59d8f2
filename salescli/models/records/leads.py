"""Leads, their touches, qualification and conversion."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from salescli.models.frozen import record

if TYPE_CHECKING:
    from salescli.models.records.customers import Account, Contact
    from salescli.models.records.pipeline import Opportunity


@record
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
    campaign_id: int | None
    campaign: str | None


@record
class LeadTouch:
    id: int
    at: str
    rep: str | None
    note: str
    next_action: date | None


@record
class LeadDetail:
    lead: Lead
    touches: list[LeadTouch] = field(default_factory=list)
    account: str | None = None
    contact: str | None = None


@record
class Qualification:
    """The outcome of `lead qualify`: the lead, the MAN questions (money, authority, need)
    not yet answered yes, and whether the lead was qualified before."""

    lead: Lead
    missing: list[str]
    was_qualified: bool = False


@record
class Conversion:
    lead: Lead
    account: Account
    contact: Contact
    account_created: bool
    opportunity: Opportunity | None = None
