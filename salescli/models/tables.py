"""The schema as SQLModel tables: what alembic revisions must produce.

Only migrations and tests import this module (SQLModel costs ~440 ms to import).
Dates are stored as ISO text, timestamps as UTC 'YYYY-MM-DD HH:MM:SS', money as integer
minor units, flags as 0/1.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Column, Index, Integer, String, UniqueConstraint, text
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
    # Who the rep reports to, and where they sell (`rep import`, `rep export`).
    manager_id: int | None = Field(default=None, foreign_key="rep.id")
    region: str | None = None


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


class BookSettingTable(SQLModel, table=True):
    """A setting of the book itself, shared by everyone who opens it (``currency``),
    where one user's config file would let two users disagree."""

    __tablename__ = "book_setting"
    key: str = Field(primary_key=True)
    value: str


class WonDealVersionTable(SQLModel, table=True):
    """One row: the book's yearly retention, ``retained`` of ``active`` customers, kept
    for ``retention_on`` (the customers who bought after ``retention_before`` up to
    ``retention_now``, and of them those who bought again up to ``retention_on``), kept
    right by the triggers migration 0025 puts on ``opportunity``; and ``version``, which
    they bump whenever a won deal comes, goes, or changes its account or close date
    (services/value/book_retention.py). A migration that rebuilds ``opportunity`` must
    create the triggers again."""

    __tablename__ = "won_deal_version"
    __table_args__ = (CheckConstraint("id = 1", name="ck_won_deal_version_one_row"),)
    id: int = Field(primary_key=True)
    version: int
    retention_on: str | None = None
    retention_before: str | None = None
    retention_now: str | None = None
    retained: int | None = None
    active: int | None = None


# Removing an activity (a reverted handover's visits) makes SQLite look for follow-ups
# pointing to it: without this index, a scan of every activity for each one removed.
Index(
    "ix_activity_follows",
    metadata.tables["activity"].c.follows_id,
    sqlite_where=text("follows_id IS NOT NULL"),
)


# The other domains' tables register themselves on the same metadata when imported.
from salescli.models import tables_marketing, tables_orders  # noqa: E402, F401
