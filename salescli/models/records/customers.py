"""Accounts, their contacts and profile facts."""

from __future__ import annotations

from datetime import date

from salescli.models.frozen import record


@record
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


@record
class Fact:
    key: str
    value: str
    updated_at: str


@record
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
