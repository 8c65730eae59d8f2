"""Campaigns: planned with a budget, approved by a manager, run, and completed with their
attendance or cancelled; actual costs are recorded as they come, on their day.

Status moves ``planned -> approved -> running -> completed``, or to ``cancelled`` from
any state before completed. A campaign is its owner's to change (a manager changes any);
only a manager approves. A cost is never negative and never dated before the campaign was
planned.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from salescli.errors import InvalidValue, Refused
from salescli.models.enums import CampaignStatus, CampaignType
from salescli.models.records import (
    Campaign,
    CampaignCost,
    CampaignDeal,
    CampaignDetail,
    CampaignLead,
)
from salescli.services.core.attribution import campaign_id, contracts_by_campaign
from salescli.services.core.edits import apply_changes, requested_changes, tidy
from salescli.services.core.events import record_event
from salescli.services.core.permissions import Kind, require_manager, require_owner
from salescli.services.core.reps import new_owner, owner_change, owner_scope
from salescli.services.core.rows import build, build_all, stored
from salescli.services.core.session import Session, writes

CAMPAIGN = Kind("campaign", "campaign")
SELECT = (
    "SELECT c.id, c.name, c.type, c.region, c.status, c.start_on, c.end_on, c.budget,"
    " coalesce((SELECT sum(k.amount) FROM campaign_cost k WHERE k.campaign_id = c.id), 0)"
    " AS cost, c.attendance, c.note, r.handle AS owner, c.planned_on, c.approved_on,"
    " a.handle AS approved_by, c.closed_on, c.external_id, c.created_at, c.updated_at"
    " FROM campaign c LEFT JOIN rep r ON r.id = c.owner_id"
    " LEFT JOIN rep a ON a.id = c.approved_by_id"
)
# What each transition starts from.
APPROVABLE = (CampaignStatus.PLANNED.value,)
STARTABLE = (CampaignStatus.APPROVED.value,)
CLOSABLE = (CampaignStatus.APPROVED.value, CampaignStatus.RUNNING.value)
CANCELLABLE = (
    CampaignStatus.PLANNED.value,
    CampaignStatus.APPROVED.value,
    CampaignStatus.RUNNING.value,
)
ALL_STATUSES = "all"


def get_campaign(session: Session, ref: str | int) -> Campaign:
    found = campaign_id(session, str(ref))
    row = session.db.row(f"{SELECT} WHERE c.id = ?", (found,))
    assert row is not None  # campaign_id found it
    return build(Campaign, row)


def _owned(session: Session, ref: str | int) -> Campaign:
    campaign = get_campaign(session, ref)
    require_owner(session, CAMPAIGN, campaign.id, campaign.owner)
    return campaign


def _dates(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise InvalidValue(f"a campaign cannot end ({end}) before it starts ({start})")


def _name_free(session: Session, name: str, *, other_than: int | None = None) -> None:
    row = session.db.row("SELECT id, name FROM campaign WHERE name = ? COLLATE NOCASE", (name,))
    if row is not None and row["id"] != other_than:
        raise Refused(f"campaign '{row['name']}' already exists (id {row['id']})")


@writes
def add_campaign(
    session: Session,
    *,
    name: str,
    kind: CampaignType,
    region: str | None = None,
    start: date | None = None,
    end: date | None = None,
    budget: Decimal | None = None,
    owner: str | None = None,
    note: str | None = None,
) -> Campaign:
    """Plan a campaign (status planned, dated today); a manager approves it next."""
    name = name.strip()
    if not name:
        raise InvalidValue("a campaign needs a name")
    _name_free(session, name)
    _dates(start, end)
    _not_negative(budget, "a budget")
    owner_rep = new_owner(session, owner)
    now = session.now()
    cursor = session.db.execute(
        "INSERT INTO campaign (name, type, region, status, start_on, end_on, budget, note,"
        " planned_on, owner_id, created_at, updated_at)"
        " VALUES (?, ?, ?, 'planned', ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            name,
            kind.value,
            tidy(region),
            stored(start),
            stored(end),
            stored(budget),
            tidy(note),
            session.today.isoformat(),
            owner_rep.id,
            now,
            now,
        ),
    )
    new_id = int(cursor.lastrowid or 0)
    record_event(
        session,
        entity="campaign",
        entity_id=new_id,
        action="add",
        changes={"name": name, "type": kind.value, "budget": stored(budget)},
    )
    return get_campaign(session, new_id)


def _not_negative(amount: Decimal | None, what: str) -> None:
    if amount is not None and amount < 0:
        raise InvalidValue(f"{what} cannot be negative ({amount})")


@writes
def edit_campaign(
    session: Session,
    *,
    ref: str,
    name: str | None = None,
    kind: CampaignType | None = None,
    region: str | None = None,
    start: date | None = None,
    end: date | None = None,
    budget: Decimal | None = None,
    owner: str | None = None,
    note: str | None = None,
) -> Campaign:
    """Change a campaign's plan; its budget only while it is planned (an approved budget
    is what the manager approved)."""
    campaign = _owned(session, ref)
    changes: dict[str, Any] = requested_changes(name=name, region=region, note=note)
    if "name" in changes:
        if not changes["name"]:
            raise InvalidValue("a campaign needs a name")
        _name_free(session, changes["name"], other_than=campaign.id)
    if kind is not None:
        changes["type"] = kind.value
    for key, value in (("start_on", start), ("end_on", end)):
        if value is not None:
            changes[key] = value
    _dates(changes.get("start_on", campaign.start_on), changes.get("end_on", campaign.end_on))
    if budget is not None:
        _not_negative(budget, "a budget")
        if campaign.status != CampaignStatus.PLANNED and budget != campaign.budget:
            raise Refused(
                f"campaign {campaign.id} is {campaign.status}; its approved budget cannot change",
                hint="record what it actually cost with 'salescli campaign cost'",
            )
        changes["budget"] = budget
    owner_changes, columns = owner_change(session, owner)
    changes.update(owner_changes)
    apply_changes(
        session,
        table="campaign",
        entity="campaign",
        record=campaign,
        changes=changes,
        columns=columns,
    )
    return get_campaign(session, campaign.id)


def _move(
    session: Session,
    campaign: Campaign,
    allowed: tuple[str, ...],
    to: CampaignStatus,
    action: str,
    extra: dict[str, Any] | None = None,
) -> Campaign:
    if campaign.status not in allowed:
        raise Refused(
            f"campaign {campaign.id} is {campaign.status}; it cannot be {action}",
            hint=f"only a campaign that is {' or '.join(allowed)} can be",
        )
    columns = {"status": to.value, **(extra or {})}
    setters = ", ".join(f"{column} = ?" for column in columns)
    session.db.execute(
        f"UPDATE campaign SET {setters}, updated_at = ? WHERE id = ?",
        (*[stored(value) for value in columns.values()], session.now(), campaign.id),
    )
    record_event(
        session,
        entity="campaign",
        entity_id=campaign.id,
        action=action.split()[0],
        changes={
            "status": [campaign.status, to.value],
            **{key: stored(value) for key, value in (extra or {}).items()},
        },
    )
    return get_campaign(session, campaign.id)


@writes
def approve_campaign(session: Session, *, ref: str) -> Campaign:
    """A manager approves a planned campaign and its budget."""
    manager = require_manager(session, "approve a campaign")
    campaign = get_campaign(session, ref)
    return _move(
        session,
        campaign,
        APPROVABLE,
        CampaignStatus.APPROVED,
        "approved",
        {"approved_on": session.today, "approved_by_id": manager.id},
    )


@writes
def start_campaign(session: Session, *, ref: str) -> Campaign:
    campaign = _owned(session, ref)
    extra = {} if campaign.start_on else {"start_on": session.today}
    return _move(session, campaign, STARTABLE, CampaignStatus.RUNNING, "started", extra)


@writes
def close_campaign(session: Session, *, ref: str, attendance: int) -> Campaign:
    """The campaign is over: record how many took part; it becomes completed."""
    if attendance < 0:
        raise InvalidValue(f"attendance cannot be negative ({attendance})")
    campaign = _owned(session, ref)
    extra: dict[str, Any] = {"attendance": attendance, "closed_on": session.today}
    if not campaign.end_on:
        extra["end_on"] = session.today
    return _move(session, campaign, CLOSABLE, CampaignStatus.COMPLETED, "closed", extra)


@writes
def cancel_campaign(session: Session, *, ref: str) -> Campaign:
    campaign = _owned(session, ref)
    return _move(
        session,
        campaign,
        CANCELLABLE,
        CampaignStatus.CANCELLED,
        "cancelled",
        {"closed_on": session.today},
    )


@writes
def add_cost(
    session: Session, *, ref: str, amount: Decimal, on: date | None = None, note: str | None = None
) -> CampaignCost:
    """Record an actual cost of the campaign, on its day (default: today)."""
    campaign = _owned(session, ref)
    if amount < 0:
        raise InvalidValue(f"a cost cannot be negative ({amount})")
    if amount == 0:
        raise InvalidValue("a cost of 0 records nothing")
    day = on or session.today
    if day < campaign.planned_on:
        raise InvalidValue(
            f"a cost dated {day} is before campaign {campaign.id} was planned ({campaign.planned_on})"
        )
    cursor = session.db.execute(
        "INSERT INTO campaign_cost (campaign_id, on_date, amount, note, rep_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (campaign.id, day.isoformat(), stored(amount), tidy(note), session.actor.id, session.now()),
    )
    cost_id = int(cursor.lastrowid or 0)
    record_event(
        session,
        entity="campaign",
        entity_id=campaign.id,
        action="cost",
        changes={"cost_id": cost_id, "amount": stored(amount), "on": day.isoformat()},
    )
    return _costs(session, "k.id = ?", (cost_id,))[0]


def _costs(session: Session, where: str, params: tuple[Any, ...]) -> list[CampaignCost]:
    return build_all(
        CampaignCost,
        session.db.rows(
            "SELECT k.id, k.campaign_id, k.on_date, k.amount, k.note, r.handle AS rep,"
            " k.created_at FROM campaign_cost k LEFT JOIN rep r ON r.id = k.rep_id"
            f" WHERE {where} ORDER BY k.on_date, k.id",
            params,
        ),
    )


def list_campaigns(
    session: Session,
    *,
    status: str | None = None,
    kind: CampaignType | None = None,
    owner: str | None = None,
    everyone: bool = False,
) -> list[Campaign]:
    """The acting rep's campaigns (or --owner's, or everyone's) that are not over by
    default; ``status`` picks one status or 'all'."""
    where: list[str] = []
    params: list[Any] = []
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    if owner_id is not None:
        where.append("c.owner_id = ?")
        params.append(owner_id)
    if status is None:
        where.append("c.status IN ('planned', 'approved', 'running')")
    elif status != ALL_STATUSES:
        where.append("c.status = ?")
        params.append(CampaignStatus.parse(status, what="campaign status").value)
    if kind is not None:
        where.append("c.type = ?")
        params.append(kind.value)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return build_all(
        Campaign,
        session.db.rows(f"{SELECT}{clause} ORDER BY c.start_on IS NULL, c.start_on, c.id", params),
    )


def show_campaign(session: Session, *, ref: str) -> CampaignDetail:
    """A campaign with its costs, and the leads, deals and contracts attributed to it."""
    campaign = get_campaign(session, ref)
    leads = build_all(
        CampaignLead,
        session.db.rows(
            "SELECT l.id, l.name, l.company, l.status, r.handle AS owner, l.opportunity_id"
            " FROM lead l LEFT JOIN rep r ON r.id = l.owner_id WHERE l.campaign_id = ?"
            " ORDER BY l.id",
            (campaign.id,),
        ),
    )
    deals = build_all(
        CampaignDeal,
        session.db.rows(
            "SELECT o.id, o.name, a.name AS account, o.status, o.amount, r.handle AS owner"
            " FROM opportunity o LEFT JOIN account a ON a.id = o.account_id"
            " LEFT JOIN rep r ON r.id = o.owner_id WHERE o.campaign_id = ?"
            " ORDER BY CASE o.status WHEN 'won' THEN 2 WHEN 'lost' THEN 3 ELSE 1 END, o.id",
            (campaign.id,),
        ),
    )
    return CampaignDetail(
        campaign=campaign,
        costs=_costs(session, "k.campaign_id = ?", (campaign.id,)),
        leads=leads,
        deals=deals,
        contracts=contracts_by_campaign(session).get(campaign.id, 0),
    )
