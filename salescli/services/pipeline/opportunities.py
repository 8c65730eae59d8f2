"""Opportunities: a deal's record. Opening one (with the first step of its history),
reading them (one deal, a list, a deal's page, an account's deals) and editing the fields
that are not its stage, status or owner: those change through the transitions in
``lifecycle``, which record the history.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from salescli import db
from salescli.errors import InvalidValue, NotFound, Refused, UsageProblem
from salescli.models.enums import (
    LIVE_OPPORTUNITY_STATUSES,
    ForecastCategory,
    OpportunityStatus,
)
from salescli.models.records import Opportunity, OpportunityDetail, Share, StageStep
from salescli.services.core import finding
from salescli.services.core.attribution import campaign_change, campaign_id
from salescli.services.core.edits import CLEAR, apply_changes, requested_changes, tidy
from salescli.services.core.events import record_event
from salescli.services.core.ledger import expenses_of
from salescli.services.core.permissions import require_deal_owner
from salescli.services.core.reps import new_owner, owner_scope
from salescli.services.core.rows import build, build_all, stored
from salescli.services.core.session import Session, writes
from salescli.services.core.touches import touches_of
from salescli.services.customers.accounts import resolve_account
from salescli.services.customers.contacts import contact_of_account
from salescli.services.pipeline.stages import open_stages, resolve_stage

# The first parameter of every query built on SELECT is the command's today (for
# days_in_stage). A closed deal's close date is the day it closed, and its probability is
# 100 % won or 0 % lost, whatever was expected of it while it was open.
SELECT = (
    "SELECT o.id, o.name, o.account_id, a.name AS account, o.contact_id, c.name AS contact,"
    " o.amount, COALESCE(o.closed_on, o.close_date) AS close_date, s.key AS stage,"
    " s.name AS stage_name, o.stage_entered,"
    f" {db.days_between('?', 'o.stage_entered')} AS days_in_stage,"
    " CASE o.status WHEN 'won' THEN 10000 WHEN 'lost' THEN 0"  # hundredths of a percent
    " ELSE COALESCE(o.probability, s.probability) END AS probability,"
    " o.probability AS probability_override, o.status, o.forecast_category, o.source,"
    " o.competitor, o.loss_reason, o.summary, o.next_step, o.next_date, o.suspend_reason,"
    " o.suspended_until, o.opened_on, o.closed_on, r.handle AS owner, o.archived_at,"
    " o.external_id, o.created_at, o.updated_at, o.campaign_id, m.name AS campaign"
    " FROM opportunity o JOIN stage s ON s.id = o.stage_id"
    " LEFT JOIN campaign m ON m.id = o.campaign_id"
    " LEFT JOIN account a ON a.id = o.account_id"
    " LEFT JOIN contact c ON c.id = o.contact_id"
    " LEFT JOIN rep r ON r.id = o.owner_id"
)


HUNDRED = Decimal(100)


def get_opportunity(session: Session, opportunity_id: int) -> Opportunity:
    row = session.db.row(f"{SELECT} WHERE o.id = ?", (session.today.isoformat(), opportunity_id))
    if row is None:
        raise NotFound(
            f"no opportunity {opportunity_id}", hint="see 'salescli opp list --all --status all'"
        )
    return build(Opportunity, row)


def _probability(value: Decimal | None) -> Decimal | None:
    if value is not None and not Decimal(0) <= value <= HUNDRED:
        raise InvalidValue(f"a probability must be between 0 and 100 %, not {value}")
    return value


def refuse_if_archived(opportunity: Opportunity) -> None:
    if opportunity.archived_at:
        raise Refused(f"opportunity {opportunity.id} is archived")


@writes
def add_opportunity(
    session: Session,
    *,
    account: str,
    name: str,
    amount: Decimal | None,
    close_date: date,
    stage: str | None = None,
    contact: str | None = None,
    probability: Decimal | None = None,
    source: str | None = None,
    next_step: str | None = None,
    next_date: date | None = None,
    owner: str | None = None,
    note: str | None = None,
    campaign: str | None = None,
) -> Opportunity:
    name = name.strip()
    if not name:
        raise InvalidValue("an opportunity needs a name")
    if amount is not None and amount < 0:
        raise InvalidValue(f"an amount cannot be negative ({amount})")
    the_account = resolve_account(session, account)
    contact_id = contact_of_account(session, the_account.id, contact)
    the_stage = resolve_stage(session, stage, open_only=True) if stage else open_stages(session)[0]
    owner_rep = new_owner(session, owner or the_account.owner)
    from_campaign = campaign_id(session, campaign) if campaign else None
    now, today = session.now(), session.today.isoformat()
    cursor = session.db.execute(
        "INSERT INTO opportunity (account_id, contact_id, name, amount, close_date, stage_id,"
        " stage_entered, probability, status, source, next_step, next_date, opened_on,"
        " owner_id, created_at, updated_at, campaign_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            the_account.id,
            contact_id,
            name,
            stored(amount),
            stored(close_date),
            the_stage.id,
            today,
            stored(_probability(probability)),
            tidy(source),
            tidy(next_step),
            stored(next_date),
            today,
            owner_rep.id,
            now,
            now,
            from_campaign,
        ),
    )
    opportunity_id = int(cursor.lastrowid or 0)
    session.db.execute(
        "INSERT INTO stage_change (opportunity_id, from_stage_id, to_stage_id, move, on_date,"
        " days, at, rep_id, note) VALUES (?, NULL, ?, 'open', ?, NULL, ?, ?, ?)",
        (opportunity_id, the_stage.id, today, now, session.actor_id, tidy(note) or "opened"),
    )
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity_id,
        action="add",
        changes={
            "name": name,
            "account": the_account.name,
            "amount": stored(amount),
            "stage": the_stage.key,
            "owner": owner_rep.handle,
            **({"campaign_id": from_campaign} if from_campaign else {}),
        },
    )
    return get_opportunity(session, opportunity_id)


def expected_close(session: Session, stage: str | None = None) -> date:
    """Today plus the expected days of ``stage`` (default: the first) and every later
    open stage: when a deal starting there should close."""
    remaining = open_stages(session)
    if stage is not None:
        start = resolve_stage(session, stage, open_only=True)
        remaining = [s for s in remaining if s.position >= start.position]
    return session.today + timedelta(days=sum(s.days or 0 for s in remaining))


def list_opportunities(
    session: Session,
    *,
    stage: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    everyone: bool = False,
    account: str | None = None,
    closing_before: date | None = None,
    stalled: bool = False,
    archived: bool = False,
    search: str | None = None,
) -> list[Opportunity]:
    """Open and suspended deals by default (``status`` 'all' for every one), soonest close
    first; ``archived``, the archived deals of every status (most are closed ones) unless
    ``status`` names one; ``stalled``, open deals longer in their stage than its expected
    duration, most overdue first; ``search``, those matching a text (core.finding)."""
    where: list[str] = []
    params: list[Any] = [session.today.isoformat()]
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    if owner_id is not None:
        where.append("o.owner_id = ?")
        params.append(owner_id)
    if stalled:
        if status not in (None, OpportunityStatus.OPEN.value):
            raise UsageProblem("--stalled lists open deals; it cannot be combined with --status")
        status = OpportunityStatus.OPEN.value
    if status is None and not archived:
        where.append("o.status IN ('open', 'suspended')")
    elif status not in (None, "all"):
        try:
            chosen = OpportunityStatus.parse(status, what="deal status")
        except InvalidValue as err:
            raise UsageProblem(
                f"--status: {err.message}", hint="choose open, suspended, won, lost or all"
            ) from err
        if chosen in LIVE_OPPORTUNITY_STATUSES:
            # Spelled as in ix_opportunity_owner_live's condition, which SQLite then uses
            # (measured for one rep's --stalled at 1,000,000 deals: 11 ms instead of 36).
            where.append("o.status IN ('open', 'suspended')")
        where.append("o.status = ?")
        params.append(chosen.value)
    where.append("o.archived_at IS NOT NULL" if archived else "o.archived_at IS NULL")
    if stage is not None:
        where.append("o.stage_id = ?")
        params.append(resolve_stage(session, stage).id)
    if account is not None:
        where.append("o.account_id = ?")
        params.append(resolve_account(session, account).id)
    if closing_before is not None:
        where.append("o.close_date < ?")
        params.append(closing_before.isoformat())
    matching = finding.search_condition(session, finding.OPPORTUNITY, "o", search)
    if matching is not None:
        where.append(matching.sql)
        params.extend(matching.params)
    if stalled:
        where.append(f"o.stage_entered < {db.days_before('?', 's.days')}")
        params.append(session.today.isoformat())
        order = f"{db.day_number('o.stage_entered')} + s.days, o.id"
    else:
        order = "o.close_date IS NULL, o.close_date, o.id"
    sql = f"{SELECT} WHERE {' AND '.join(where)} ORDER BY {order}"
    return build_all(Opportunity, session.db.rows(sql, params))


def show_opportunity(session: Session, *, opportunity_id: int) -> OpportunityDetail:
    opportunity = get_opportunity(session, opportunity_id)
    history = build_all(
        StageStep,
        session.db.rows(
            "SELECT h.on_date, f.key AS from_stage, t.key AS to_stage, h.days, r.handle AS rep,"
            " h.note FROM stage_change h LEFT JOIN stage f ON f.id = h.from_stage_id"
            " JOIN stage t ON t.id = h.to_stage_id LEFT JOIN rep r ON r.id = h.rep_id"
            " WHERE h.opportunity_id = ? ORDER BY h.on_date, h.id",
            (opportunity_id,),
        ),
    )
    shares = shares_of(session, opportunity_id)
    touches = touches_of(session, opportunity_id=opportunity_id)
    return OpportunityDetail(
        opportunity=opportunity,
        history=history,
        shares=shares,
        owner_split=HUNDRED - sum((share.split for share in shares), Decimal(0)),
        activities=[*touches.planned, *touches.done],
        expenses=expenses_of(session, opportunity_id=opportunity_id),
    )


def deals_of_account(session: Session, account_id: int) -> list[Opportunity]:
    """An account's deals, live ones first, then the closed ones, newest first."""
    return build_all(
        Opportunity,
        session.db.rows(
            f"{SELECT} WHERE o.account_id = ? AND o.archived_at IS NULL"
            " ORDER BY o.status NOT IN ('open', 'suspended'), o.closed_on DESC, o.close_date, o.id",
            (session.today.isoformat(), account_id),
        ),
    )


def shares_of(session: Session, opportunity_id: int) -> list[Share]:
    return build_all(
        Share,
        session.db.rows(
            "SELECT r.handle AS rep, r.name, sh.split FROM opportunity_share sh"
            " JOIN rep r ON r.id = sh.rep_id WHERE sh.opportunity_id = ? ORDER BY r.handle",
            (opportunity_id,),
        ),
    )


@writes
def edit_opportunity(
    session: Session,
    *,
    opportunity_id: int,
    name: str | None = None,
    account: str | None = None,
    contact: str | None = None,
    amount: Decimal | None = None,
    close_date: date | None = None,
    probability: Decimal | None = None,
    category: ForecastCategory | None = None,
    source: str | None = None,
    competitor: str | None = None,
    summary: str | None = None,
    next_step: str | None = None,
    next_date: date | None = None,
    campaign: str | None = None,
) -> Opportunity:
    """Change a deal's fields (``campaign``: "" clears its attribution). Its stage, status and owner change through their own
    commands (advance, win, transfer, ...), which record the history."""
    opportunity = get_opportunity(session, opportunity_id)
    require_deal_owner(session, opportunity_id, opportunity.owner)
    refuse_if_archived(opportunity)
    if opportunity.status in (OpportunityStatus.WON, OpportunityStatus.LOST):
        forward = {
            "--probability": probability,
            "--category": category,
            "--close": close_date,
            "--next": next_step,
            "--next-date": next_date,
        }
        given = [flag for flag, value in forward.items() if value is not None]
        if given:
            raise Refused(
                f"opportunity {opportunity_id} is {opportunity.status}; {', '.join(given)}"
                " look ahead, and it is closed"
            )
    changes = requested_changes(
        name=name,
        contact=contact,
        amount=amount,
        close_date=close_date,
        source=source,
        competitor=competitor,
        summary=summary,
        next_step=next_step,
        next_date=next_date,
    )
    if "name" in changes and not changes["name"]:
        raise InvalidValue("an opportunity needs a name")
    if changes.get("amount") is not None and changes["amount"] < 0:
        raise InvalidValue(f"an amount cannot be negative ({changes['amount']})")
    columns: dict[str, tuple[str, Any]] = {}
    account_id = opportunity.account_id
    if account is not None:
        the_account = resolve_account(session, account)
        changes["account"] = the_account.name
        columns["account"] = ("account_id", the_account.id)
        account_id = the_account.id
        if account_id != opportunity.account_id and "contact" not in changes:
            changes["contact"] = None  # the old contact works elsewhere
        if account_id != opportunity.account_id:
            # Plans about the deal go with it; what was done stays in the old account's
            # history.
            session.db.execute(
                "UPDATE activity SET account_id = ?, contact_id = NULL, updated_at = ?"
                " WHERE opportunity_id = ? AND status = 'planned'",
                (account_id, session.now(), opportunity_id),
            )
    if "contact" in changes:
        if changes["contact"] is not None and account_id is None:
            raise Refused(f"opportunity {opportunity_id} has no account; give --account first")
        found = contact_of_account(session, account_id, changes["contact"]) if account_id else None
        changes["contact"] = (
            session.db.scalar("SELECT name FROM contact WHERE id = ?", (found,)) if found else None
        )
        columns["contact"] = ("contact_id", found)
    if probability is not None:
        override = None if probability is CLEAR else _probability(probability)
        changes["probability_override"] = override
        columns["probability_override"] = ("probability", override)
    if category is not None:
        changes["forecast_category"] = None if category is CLEAR else category.value
    campaign_changes, campaign_columns = campaign_change(session, campaign)
    changes.update(campaign_changes)
    columns.update(campaign_columns)
    apply_changes(
        session,
        table="opportunity",
        entity="opportunity",
        record=opportunity,
        changes=changes,
        columns=columns,
    )
    return get_opportunity(session, opportunity_id)
