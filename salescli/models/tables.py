"""The schema as SQLModel tables: what alembic revisions must produce.

Only migrations and tests import this module (SQLModel costs ~440 ms to import).
Dates are stored as ISO text, timestamps as UTC 'YYYY-MM-DD HH:MM:SS', money as integer
minor units, flags as 0/1.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Index, Integer, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

metadata = SQLModel.metadata


class RepTable(SQLModel, table=True):
    __tablename__ = "rep"
    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(sa_column=Column(String, nullable=False, unique=True))
    name: str
    email: str | None = None
    role: str = Field(default="rep")
    active: bool = Field(default=True)
    created_at: str


class AccountTable(SQLModel, table=True):
    __tablename__ = "account"
    __table_args__ = (
        Index("ix_account_owner_status", "owner_id", "status"),
        Index("ux_account_name", text("name COLLATE NOCASE"), unique=True),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str
    industry: str | None = None
    region: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    website: str | None = None
    status: str = Field(default="prospect")
    abc_class: str | None = None
    credit_rating: str | None = None
    credit_limit: int | None = None
    owner_id: int | None = Field(default=None, foreign_key="rep.id")
    external_id: str | None = Field(default=None, sa_column=Column(String, unique=True))
    created_at: str
    updated_at: str


class AccountFactTable(SQLModel, table=True):
    __tablename__ = "account_fact"
    __table_args__ = (UniqueConstraint("account_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    key: str
    value: str
    updated_at: str


class ContactTable(SQLModel, table=True):
    __tablename__ = "contact"
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    name: str
    title: str | None = None
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    birthday: date | None = None
    external_id: str | None = Field(default=None, sa_column=Column(String, unique=True))
    created_at: str
    updated_at: str


class LeadTable(SQLModel, table=True):
    __tablename__ = "lead"
    __table_args__ = (
        # Serves the everyday `lead list` (an owner's open leads) and `--due`
        # (next action up to today) without touching closed leads.
        Index(
            "ix_lead_open_due",
            "owner_id",
            "next_action",
            sqlite_where=text("status IN ('new', 'contacted', 'qualified')"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str
    company: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    source: str | None = None
    referred_by: str | None = None
    budget: int | None = None
    need: str | None = None
    man_money: bool | None = None
    man_authority: bool | None = None
    man_need: bool | None = None
    status: str = Field(default="new")
    disqualify_reason: str | None = None
    next_action: date | None = None
    note: str | None = None
    owner_id: int | None = Field(default=None, foreign_key="rep.id")
    account_id: int | None = Field(default=None, foreign_key="account.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    external_id: str | None = Field(default=None, sa_column=Column(String, unique=True))
    created_at: str
    updated_at: str


class LeadTouchTable(SQLModel, table=True):
    __tablename__ = "lead_touch"
    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="lead.id", index=True, ondelete="CASCADE")
    at: str
    rep_id: int | None = Field(default=None, foreign_key="rep.id")
    note: str
    next_action: date | None = None


class EventTable(SQLModel, table=True):
    """The audit trail: one row per mutation (or per bulk operation)."""

    __tablename__ = "event"
    __table_args__ = (Index("ix_event_entity", "entity", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    at: str
    rep_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    entity: str
    entity_id: int | None = None
    action: str
    changes: str | None = None
