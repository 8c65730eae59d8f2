"""Accounts, their contacts and profile facts, and an account's whole picture."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from salescli.models.records.activities import Activity
    from salescli.models.records.leads import Lead
    from salescli.models.records.pipeline import Opportunity


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
class AccountDetail:
    account: Account
    facts: list[Fact] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    # Planned activities (soonest first), then the latest done ones.
    activities: list[Activity] = field(default_factory=list)
