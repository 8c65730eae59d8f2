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
class Conversion:
    lead: Lead
    account: Account
    contact: Contact
    account_created: bool


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
