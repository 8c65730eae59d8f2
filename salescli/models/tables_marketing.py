"""Marketing tables: campaigns, their costs, and expenses (see tables.py for the conventions)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Index, String, text
from sqlmodel import Field, SQLModel


class CampaignTable(SQLModel, table=True):
    """A marketing campaign: planned with a budget, approved by a manager, run, and
    completed (with its attendance) or cancelled. Its actual cost is the sum of its
    campaign_cost rows; its leads and deals name it (lead.campaign_id,
    opportunity.campaign_id)."""

    __tablename__ = "campaign"
    __table_args__ = (
        Index("ux_campaign_name", text("name COLLATE NOCASE"), unique=True),
        # A rep's campaigns (`campaign list`, a handover's, the digest's).
        Index("ix_campaign_owner", "owner_id", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str
    type: str
    region: str | None = None
    status: str = Field(default="planned")
    start_on: date | None = None
    end_on: date | None = None
    budget: int | None = None
    note: str | None = None
    attendance: int | None = None
    planned_on: date
    approved_on: date | None = None
    approved_by_id: int | None = Field(default=None, foreign_key="rep.id")
    closed_on: date | None = None
    owner_id: int | None = Field(default=None, foreign_key="rep.id")
    external_id: str | None = Field(default=None, sa_column=Column(String, unique=True))
    created_at: str
    updated_at: str


class CampaignCostTable(SQLModel, table=True):
    """One actual cost of a campaign, on a day."""

    __tablename__ = "campaign_cost"
    __table_args__ = (Index("ix_campaign_cost_campaign", "campaign_id", "amount"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    on_date: date
    amount: int
    note: str | None = None
    rep_id: int | None = Field(default=None, foreign_key="rep.id")
    created_at: str


class ExpenseTable(SQLModel, table=True):
    """A sales expense of a rep (``owner_id``, who incurred it), possibly at an account, on
    a deal, at a visit or for a campaign. Status moves recorded -> submitted -> approved
    or rejected -> reimbursed (an approved one)."""

    __tablename__ = "expense"
    __table_args__ = (
        # A rep's expenses by day (`expense list --month`, the monthly claim).
        Index("ix_expense_owner_day", "owner_id", "on_date"),
        # `report expenses`: every expense's group keys and amount, read from the index.
        Index(
            "ix_expense_report",
            "on_date",
            "owner_id",
            "category",
            "status",
            "amount",
            "account_id",
        ),
        Index("ix_expense_account", "account_id", sqlite_where=text("account_id IS NOT NULL")),
        Index(
            "ix_expense_opportunity",
            "opportunity_id",
            sqlite_where=text("opportunity_id IS NOT NULL"),
        ),
        # A manager's approvals waiting, and what is not yet reimbursed.
        Index("ix_expense_status", "status", sqlite_where=text("status != 'reimbursed'")),
    )
    id: int | None = Field(default=None, primary_key=True)
    on_date: date
    amount: int
    category: str
    status: str = Field(default="recorded")
    account_id: int | None = Field(default=None, foreign_key="account.id")
    opportunity_id: int | None = Field(default=None, foreign_key="opportunity.id")
    activity_id: int | None = Field(default=None, foreign_key="activity.id")
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id")
    note: str | None = None
    receipt: str | None = None
    submitted_on: date | None = None
    decided_on: date | None = None
    decided_by_id: int | None = Field(default=None, foreign_key="rep.id")
    reject_reason: str | None = None
    reimbursed_on: date | None = None
    owner_id: int | None = Field(default=None, foreign_key="rep.id")
    external_id: str | None = Field(default=None, sa_column=Column(String, unique=True))
    created_at: str
    updated_at: str
