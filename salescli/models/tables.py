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
        # Contact cadence: a rep's accounts by status and class with their last touch.
        Index("ix_account_cadence", "owner_id", "status", "abc_class", "last_touch"),
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
    # The date of the latest done activity with the account (kept by the activity service).
    last_touch: date | None = None
    # Customer value (services/value): a class set by hand with --pin, which
    # `account classify --apply` keeps; the VIP flag the rule computed, or a manager's
    # nomination with its reason; why a customer left.
    class_pinned: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    vip: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    vip_reason: str | None = None
    lost_reason: str | None = None
    lost_note: str | None = None


class AccountFactTable(SQLModel, table=True):
    __tablename__ = "account_fact"
    __table_args__ = (UniqueConstraint("account_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE")
    key: str
    value: str
    updated_at: str
    rep_id: int | None = None  # who recorded it


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


class ContactFactTable(SQLModel, table=True):
    """A contact's profile facts (`contact profile`), as an account's."""

    __tablename__ = "contact_fact"
    __table_args__ = (UniqueConstraint("contact_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    key: str
    value: str
    updated_at: str
    rep_id: int | None = None  # who recorded it


class LeadTable(SQLModel, table=True):
    __tablename__ = "lead"
    __table_args__ = (
        # A campaign's leads and `report campaigns`: only the attributed leads.
        Index(
            "ix_lead_campaign",
            "campaign_id",
            "status",
            sqlite_where=text("campaign_id IS NOT NULL"),
        ),
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
    # Marketing attribution, and the lead's way through the funnel for `report leads`:
    # the campaign that brought it, the day it became qualified and converted, and the
    # deal its conversion opened.
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id")
    qualified_on: date | None = None
    converted_on: date | None = None
    opportunity_id: int | None = Field(default=None, foreign_key="opportunity.id")


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


class ImportRunTable(SQLModel, table=True):
    """One import of a file: who ran it, when, what it counted, and what it wrote, so it
    can be undone. ``tables`` holds, as JSON by table, the highest id before the import
    and after it: the rows between are the ones it created. ``event_id`` is the import's
    event (later events on its records are later changes)."""

    __tablename__ = "import_run"
    id: int | None = Field(default=None, primary_key=True)
    at: str
    rep_id: int | None = Field(default=None, foreign_key="rep.id")
    entity: str
    file: str
    rows: int
    inserted: int
    updated: int
    tables: str
    event_id: int | None = None
    undone_at: str | None = None
    undone_by_id: int | None = Field(default=None, foreign_key="rep.id")


class ImportChangeTable(SQLModel, table=True):
    """A record that existed before an import and that the import changed ('update') or
    removed ('delete'), with the whole row as it was (JSON), or one it created with an id
    at or below the table's old highest ('insert', no row): what undo puts back. A changed
    row is kept as the import left it too (``after``), to tell what changed since."""

    __tablename__ = "import_change"
    import_id: int = Field(foreign_key="import_run.id", primary_key=True)
    tbl: str = Field(primary_key=True)
    record_id: int = Field(primary_key=True)
    action: str
    before: str | None = None
    after: str | None = None


class StageTable(SQLModel, table=True):
    """A funnel step. ``kind`` is open, won or lost. ``conversion`` (to the next stage)
    and ``probability`` (of a win from here: the product of this and every later open
    stage's conversion, kept up to date by the stage service) are in basis points; won and
    lost have no conversion, duration or cadence."""

    __tablename__ = "stage"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String, nullable=False, unique=True))
    name: str
    position: int
    kind: str = Field(default="open")
    conversion: int | None = None
    probability: int | None = None
    days: int | None = None
    cadence_days: int | None = None


class OpportunityTable(SQLModel, table=True):
    __tablename__ = "opportunity"
    __table_args__ = (
        # A rep's everyday list and --stalled: open and suspended deals by owner, with the
        # date each entered its stage.
        # The daily reminders read every date they need from it.
        Index(
            "ix_opportunity_owner_live",
            "owner_id",
            "status",
            "stage_id",
            "stage_entered",
            "last_touch",
            "next_date",
            "close_date",
            sqlite_where=text("status IN ('open', 'suspended') AND archived_at IS NULL"),
        ),
        # The funnel's open-stage totals, read from the index alone.
        Index(
            "ix_opportunity_funnel",
            "status",
            "stage_id",
            "owner_id",
            "amount",
            "probability",
        ),
        # Deals closed in a window (win rate, sales cycle, win/loss report), read from the
        # index alone: measured at 1,000,000 deals, 36 ms instead of 136 ms.
        Index(
            "ix_opportunity_closed",
            "closed_on",
            "status",
            "owner_id",
            "amount",
            "opened_on",
            sqlite_where=text("closed_on IS NOT NULL"),
        ),
        Index("ix_opportunity_account", "account_id"),
        # Revenue per account (services/value): won deals by account with their close
        # dates and amounts, read from the index alone.
        Index(
            "ix_opportunity_revenue",
            "account_id",
            "closed_on",
            "amount",
            sqlite_where=text("status = 'won'"),
        ),
        # A campaign's deals and `report campaigns`, read from the index alone: only the
        # attributed deals are in it.
        Index(
            "ix_opportunity_campaign",
            "campaign_id",
            "status",
            "amount",
            sqlite_where=text("campaign_id IS NOT NULL"),
        ),
        # The weighted forecast: open deals by close date with every column it reads, so
        # it groups by close date as it reads the index and key deals search a period's
        # close dates. Measured on 1,000,000 deals: 58 ms instead of 548 ms.
        Index(
            "ix_opportunity_forecast",
            "close_date",
            "stage_id",
            "probability",
            "forecast_category",
            "amount",
            "owner_id",
            "stage_entered",
            sqlite_where=text("status = 'open' AND archived_at IS NULL"),
        ),
        # The flow forecast: open deals by stage and the day they entered it (26 ms
        # instead of 150-200 ms, which sorts; its key deals 8 ms a period instead of 40).
        Index(
            "ix_opportunity_flow",
            "stage_id",
            "stage_entered",
            "amount",
            "owner_id",
            sqlite_where=text("status = 'open' AND archived_at IS NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="account.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    name: str
    amount: int | None = None
    close_date: date | None = None
    stage_id: int = Field(foreign_key="stage.id")
    stage_entered: date
    probability: int | None = None
    status: str = Field(default="open")
    forecast_category: str | None = None
    source: str | None = None
    competitor: str | None = None
    loss_reason: str | None = None
    summary: str | None = None
    next_step: str | None = None
    next_date: date | None = None
    suspend_reason: str | None = None
    suspended_until: date | None = None
    opened_on: date
    closed_on: date | None = None
    owner_id: int | None = Field(default=None, foreign_key="rep.id")
    archived_at: str | None = None
    external_id: str | None = Field(default=None, sa_column=Column(String, unique=True))
    created_at: str
    updated_at: str
    # The date of the latest done activity on the deal (kept by the activity service).
    last_touch: date | None = None
    # The campaign the deal is attributed to (its contracts inherit it through the deal).
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id")


class StageChangeTable(SQLModel, table=True):
    """The funnel's history: one row per move of a deal, the first from no stage.
    ``days`` is how long the deal had been in ``from_stage`` when it left. ``move`` says
    what the move was when it was made (open, advance, back, win, lose, reopen, or import
    for a move an import inferred), so reordering the stages later does not rewrite
    which moves went forward."""

    __tablename__ = "stage_change"
    __table_args__ = (
        Index("ix_stage_change_opportunity", "opportunity_id", "on_date"),
        # Observed conversion and days in stage, read from the index alone.
        Index("ix_stage_change_flow", "from_stage_id", "on_date", "move", "days"),
    )
    id: int | None = Field(default=None, primary_key=True)
    opportunity_id: int = Field(foreign_key="opportunity.id", ondelete="CASCADE")
    from_stage_id: int | None = Field(default=None, foreign_key="stage.id")
    to_stage_id: int = Field(foreign_key="stage.id")
    move: str
    on_date: date
    days: int | None = None
    at: str
    rep_id: int | None = Field(default=None, foreign_key="rep.id")
    note: str | None = None


class OpportunityShareTable(SQLModel, table=True):
    """A co-owner's split of a deal, in basis points; the owner keeps the rest."""

    __tablename__ = "opportunity_share"
    opportunity_id: int = Field(foreign_key="opportunity.id", primary_key=True, ondelete="CASCADE")
    rep_id: int = Field(foreign_key="rep.id", primary_key=True, index=True)
    split: int


class ActivityTable(SQLModel, table=True):
    """A visit, call, email, meeting, message or handover with an account: planned (a
    date, and a local time of day unless it is for the whole day), done or cancelled."""

    __tablename__ = "activity"
    __table_args__ = (
        # A rep's plan: what is due, overdue, today and coming up, in time order.
        Index(
            "ix_activity_planned",
            "owner_id",
            "planned_on",
            "planned_time",
            sqlite_where=text("status = 'planned'"),
        ),
        Index("ix_activity_account", "account_id", "status", "done_on"),
        Index(
            "ix_activity_opportunity",
            "opportunity_id",
            "status",
            "done_on",
            sqlite_where=text("opportunity_id IS NOT NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    opportunity_id: int | None = Field(default=None, foreign_key="opportunity.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    type: str
    status: str = Field(default="planned")
    planned_on: date | None = None
    planned_time: str | None = None
    done_on: date | None = None
    done_time: str | None = None
    purpose: str | None = None
    objective: str | None = None
    min_objective: str | None = None
    outcome: str | None = None
    next_step: str | None = None
    cancel_reason: str | None = None
    follows_id: int | None = Field(default=None, foreign_key="activity.id")
    owner_id: int | None = Field(default=None, foreign_key="rep.id")
    external_id: str | None = Field(default=None, sa_column=Column(String, unique=True))
    created_at: str
    updated_at: str


class QuotaTable(SQLModel, table=True):
    """A rep's quota for one month (a quarter's or year's quota is spread over months)."""

    __tablename__ = "quota"
    __table_args__ = (UniqueConstraint("rep_id", "month"),)
    id: int | None = Field(default=None, primary_key=True)
    rep_id: int = Field(foreign_key="rep.id")
    month: str  # YYYY-MM
    amount: int
    updated_at: str


class HandoverTable(SQLModel, table=True):
    """A departing rep's book handed to successors: who, when, by whom, why and how;
    what moved is in handover_item, the successors in handover_successor."""

    __tablename__ = "handover"
    id: int | None = Field(default=None, primary_key=True)
    from_rep_id: int = Field(foreign_key="rep.id")
    by_rep_id: int | None = Field(default=None, foreign_key="rep.id")
    on_date: date
    at: str
    strategy: str
    reason: str | None = None
    # Only these accounts (a partial handover): their ids, comma-separated; NULL: the whole book.
    accounts: str | None = None
    deactivated: bool = Field(default=False)
    visit_within: int
    imminent_stage_id: int | None = Field(default=None, foreign_key="stage.id")
    reverted_at: str | None = None
    reverted_by_id: int | None = Field(default=None, foreign_key="rep.id")
    # The Markdown report as the run wrote it (NULL for handovers run before it was kept).
    report: str | None = None


class HandoverSuccessorTable(SQLModel, table=True):
    __tablename__ = "handover_successor"
    handover_id: int = Field(foreign_key="handover.id", primary_key=True)
    rep_id: int = Field(foreign_key="rep.id", primary_key=True)
    position: int


class HandoverItemTable(SQLModel, table=True):
    """One record a handover gave a new owner, with its previous owner, or a handover visit
    it planned (entity 'visit'), so revert and audits are exact. A co-owner's share is
    entity 'opportunity_share' (entity_id: the deal) with the ``split`` that changed
    hands. ``merge`` says when a share merged on the way: 'share' (the moved share joined
    the successor's own, which was ``merged_split``) or 'ownership' (into the successor's
    ownership of the deal: for a share, the successor owns the deal; for a deal, the
    successor's own share of it, ``merged_split``, became part of ownership)."""

    __tablename__ = "handover_item"
    __table_args__ = (Index("ix_handover_item_handover", "handover_id", "entity", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    handover_id: int = Field(foreign_key="handover.id")
    entity: str
    entity_id: int
    from_owner_id: int | None = Field(default=None, foreign_key="rep.id")
    to_owner_id: int = Field(foreign_key="rep.id")
    split: int | None = None
    merged_split: int | None = None
    merge: str | None = None


class ProductTable(SQLModel, table=True):
    """A product or service on the price list. ``list_price`` is its price before any
    dated price (product_price) and ``unit_cost`` what one unit costs (for margin), both
    in minor units; ``tax_rate`` is in basis points (1300 for 13 %); ``tax_included``
    says its prices include tax (含税)."""

    __tablename__ = "product"
    __table_args__ = (Index("ux_product_code", text("code COLLATE NOCASE"), unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    code: str
    name: str
    unit: str = Field(default="pcs")
    list_price: int
    unit_cost: int | None = None
    tax_rate: int = Field(default=0)
    tax_included: bool = Field(default=False)
    active: bool = Field(default=True)
    created_at: str
    updated_at: str


class ProductPriceTable(SQLModel, table=True):
    """A product's price from a date on: for every customer (``account_id`` NULL) or one
    customer's agreed price. The price on a day is the latest one valid from that day or
    before, the customer's own first, else the product's list price."""

    __tablename__ = "product_price"
    __table_args__ = (Index("ix_product_price", "product_id", "account_id", "valid_from"),)
    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id")
    account_id: int | None = Field(default=None, foreign_key="account.id")
    price: int
    valid_from: date
    rep_id: int | None = Field(default=None, foreign_key="rep.id")
    created_at: str


class QuoteTable(SQLModel, table=True):
    """One version of a quote: the quote is its ``number``, each revision a new row with
    the next ``version``; the one before gets ``superseded_at`` and keeps its status.
    ``status`` is draft, sent, accepted or rejected; a sent quote past ``valid_until`` is
    expired, which is read from the date, not stored. The overall discount is a
    percentage in basis points or an amount. ``max_discount`` (basis points) is the
    largest discount of any line or overall, which approval is measured against. The
    totals (minor units) are stored with every change, so lists and history read no
    lines."""

    __tablename__ = "quote"
    __table_args__ = (
        UniqueConstraint("number", "version"),
        # One rep's `quote list`: their current versions by status and validity.
        Index(
            "ix_quote_owner_current",
            "owner_id",
            "status",
            "valid_until",
            sqlite_where=text("superseded_at IS NULL"),
        ),
        Index("ix_quote_account", "account_id", "number"),
        Index(
            "ix_quote_opportunity",
            "opportunity_id",
            "number",
            sqlite_where=text("opportunity_id IS NOT NULL"),
        ),
        # At most one accepted quote per deal, held by the database too.
        Index(
            "ux_quote_accepted",
            "opportunity_id",
            unique=True,
            sqlite_where=text("status = 'accepted' AND opportunity_id IS NOT NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: int
    version: int = Field(default=1)
    account_id: int = Field(foreign_key="account.id")
    opportunity_id: int | None = Field(default=None, foreign_key="opportunity.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    owner_id: int | None = Field(default=None, foreign_key="rep.id")
    status: str = Field(default="draft")
    quoted_on: date
    valid_until: date
    tax_included: bool = Field(default=False)
    discount_percent: int | None = None
    discount_amount: int | None = None
    note: str | None = None
    max_discount: int = Field(default=0)
    approved_by_id: int | None = Field(default=None, foreign_key="rep.id")
    approved_at: str | None = None
    sent_on: date | None = None
    decided_on: date | None = None
    reject_reason: str | None = None
    superseded_at: str | None = None
    list_amount: int = Field(default=0)
    discount: int = Field(default=0)
    net: int = Field(default=0)
    tax: int = Field(default=0)
    gross: int = Field(default=0)
    cost: int | None = None
    created_at: str
    updated_at: str


class QuoteLineTable(SQLModel, table=True):
    """A line of one quote version: a product (its name, unit and cost copied when the
    line was made, so a later price-list change leaves the quote as sent) or free text.
    ``quantity`` is in thousandths (2.5 hours is 2500), so it is exact and sums in SQL;
    ``tax_rate`` and ``discount_percent`` in basis points; money in minor units. ``net``
    is after the line's discount, ``amount`` after its share of the overall one."""

    __tablename__ = "quote_line"
    __table_args__ = (
        UniqueConstraint("quote_id", "position"),
        # The price reference: the lines that quoted a product, newest quotes last.
        Index(
            "ix_quote_line_product",
            "product_id",
            "quote_id",
            sqlite_where=text("product_id IS NOT NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    quote_id: int = Field(foreign_key="quote.id", ondelete="CASCADE")
    position: int
    product_id: int | None = Field(default=None, foreign_key="product.id")
    description: str
    unit: str | None = None
    quantity: int
    unit_price: int
    discount_percent: int | None = None
    discount_amount: int | None = None
    tax_rate: int = Field(default=0)
    unit_cost: int | None = None
    list_amount: int
    net: int
    amount: int


# Removing an activity (a reverted handover's visits) makes SQLite look for follow-ups
# pointing to it: without this index, a scan of every activity for each one removed.
Index(
    "ix_activity_follows",
    metadata.tables["activity"].c.follows_id,
    sqlite_where=text("follows_id IS NOT NULL"),
)


class ContractTable(SQLModel, table=True):
    """A signed (or to be signed) contract with an account, perhaps from a deal. Its
    amount, dates, title and terms are those of its current ``version``; every version is
    kept in contract_version. ``progress`` is the percent carried out; ``status_on`` the
    day it entered its status (a suspension's start); ``status_reason`` why it was
    suspended or terminated."""

    __tablename__ = "contract"
    __table_args__ = (
        # A rep's list by status and end date (--expiring, --renewal, reminders).
        Index("ix_contract_owner", "owner_id", "status", "end_on"),
        Index("ix_contract_account", "account_id", "status"),
        Index(
            "ix_contract_opportunity",
            "opportunity_id",
            sqlite_where=text("opportunity_id IS NOT NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_column=Column(String, nullable=False, unique=True))
    title: str | None = None
    account_id: int = Field(foreign_key="account.id")
    opportunity_id: int | None = Field(default=None, foreign_key="opportunity.id")
    amount: int
    start_on: date | None = None
    end_on: date | None = None
    terms: str | None = None
    status: str = Field(default="draft")
    status_on: date
    status_reason: str | None = None
    version: int = Field(default=1)
    progress: int = Field(default=0)
    milestone: str | None = None
    signed_on: date | None = None
    owner_id: int | None = Field(default=None, foreign_key="rep.id")
    external_id: str | None = Field(default=None, sa_column=Column(String, unique=True))
    created_at: str
    updated_at: str


class ContractVersionTable(SQLModel, table=True):
    """One version of a contract as it stood: the first as made, each later one an
    amendment with its reason."""

    __tablename__ = "contract_version"
    contract_id: int = Field(foreign_key="contract.id", primary_key=True)
    version: int = Field(primary_key=True)
    amount: int
    title: str | None = None
    start_on: date | None = None
    end_on: date | None = None
    terms: str | None = None
    reason: str | None = None
    on_date: date
    at: str
    rep_id: int | None = Field(default=None, foreign_key="rep.id")


class ContractLineTable(SQLModel, table=True):
    """A line of one contract version, copied from the accepted quote it was made from
    (``contract new --from-quote``): quantity in thousandths, ``tax_rate`` in basis
    points, ``amount`` the line's part of the quote's net total in minor units."""

    __tablename__ = "contract_line"
    contract_id: int = Field(foreign_key="contract.id", primary_key=True)
    version: int = Field(primary_key=True)
    position: int = Field(primary_key=True)
    product_id: int | None = Field(default=None, foreign_key="product.id")
    description: str
    unit: str | None = None
    quantity: int
    unit_price: int
    tax_rate: int
    amount: int


class ContractStepTable(SQLModel, table=True):
    """A contract's history: its creation, each change of status, amendment and
    progress report, by whom and when. ``over_limit`` holds a manager's reason for signing
    over the account's credit limit."""

    __tablename__ = "contract_step"
    __table_args__ = (Index("ix_contract_step_contract", "contract_id", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id")
    action: str
    from_status: str | None = None
    to_status: str
    version: int
    progress: int | None = None
    note: str | None = None
    over_limit: str | None = None
    on_date: date
    at: str
    rep_id: int | None = Field(default=None, foreign_key="rep.id")


class InstallmentTable(SQLModel, table=True):
    """One payment the customer owes under a contract: ``position`` numbers them within
    the contract, ``received`` is what receipts have paid of it (kept by the receipt
    service)."""

    __tablename__ = "installment"
    __table_args__ = (
        UniqueConstraint("contract_id", "position"),
        # What is still owed, contract by contract: aging groups it by contract reading
        # the index alone, and a rep's lists and reminders search each of their
        # contracts' open installments by due date. Measured on 1,000,000 installments
        # (200,000 contracts): by due date first, aging scanned the whole table through
        # the (contract_id, position) index instead.
        Index(
            "ix_installment_open",
            "contract_id",
            "due_on",
            "amount",
            "received",
            sqlite_where=text("received < amount"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id")
    position: int
    due_on: date
    amount: int
    received: int = Field(default=0)
    note: str | None = None
    created_at: str


class ReceiptTable(SQLModel, table=True):
    """Money received under a contract: applied to installments (receipt_part), and what
    was more than owed, kept as a credit on the account (``credit``). A mistaken receipt
    is reversed (``reversed_at``, with a reason), never deleted. ``rep_id`` is who
    recorded it, which a handover does not change."""

    __tablename__ = "receipt"
    __table_args__ = (
        Index("ix_receipt_contract", "contract_id"),
        Index("ix_receipt_received", "received_on", "contract_id", "amount"),
    )
    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id")
    received_on: date
    amount: int
    credit: int = Field(default=0)
    ref: str | None = None
    rep_id: int | None = Field(default=None, foreign_key="rep.id")
    at: str
    reversed_at: str | None = None
    reversed_by_id: int | None = Field(default=None, foreign_key="rep.id")
    reverse_reason: str | None = None
    external_id: str | None = Field(default=None, sa_column=Column(String, unique=True))


class ReceiptPartTable(SQLModel, table=True):
    """The part of a receipt applied to one installment."""

    __tablename__ = "receipt_part"
    __table_args__ = (Index("ix_receipt_part_installment", "installment_id"),)
    receipt_id: int = Field(foreign_key="receipt.id", primary_key=True)
    installment_id: int = Field(foreign_key="installment.id", primary_key=True)
    amount: int


class CreditAssessmentTable(SQLModel, table=True):
    """A manager's credit decision on an account: the limit and rating set, with the 5C
    scores (1-5 each) when the rating came from an assessment."""

    __tablename__ = "credit_assessment"
    __table_args__ = (Index("ix_credit_assessment_account", "account_id", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    character: int | None = None
    capacity: int | None = None
    capital: int | None = None
    collateral: int | None = None
    conditions: int | None = None
    score: int | None = None
    rating: str | None = None
    credit_limit: int | None = None
    note: str | None = None
    on_date: date
    at: str
    rep_id: int | None = Field(default=None, foreign_key="rep.id")
