"""Opportunities: deals moving through the funnel, from opening to won or lost.

Status is ``open`` (in an open stage), ``suspended`` (paused in its stage: out of the
forecast and reminders until reactivated), ``won`` or ``lost`` (in the won or lost stage).
Every move between stages is one ``stage_change`` row saying from where, to where, on
which date, by whom, and how many days the deal had spent in the stage it left: the
funnel's analytics and the forecast read that history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from salescli import dates, db
from salescli.config import fresh_path
from salescli.errors import InvalidValue, NotFound, Refused, SalesError, UsageProblem
from salescli.models.enums import (
    LIVE_OPPORTUNITY_STATUSES,
    ForecastCategory,
    LossReason,
    OpportunityStatus,
    StageKind,
)
from salescli.models.records import (
    Opportunity,
    OpportunityDetail,
    Share,
    Stage,
    StageStep,
)
from salescli.services.core.edits import CLEAR, apply_changes, requested_changes, tidy
from salescli.services.core.events import record_event
from salescli.services.core.reps import active_rep, get_rep, new_owner, owner_scope
from salescli.services.core.rows import build, build_all, stored
from salescli.services.core.session import Session, writes
from salescli.services.core.touches import touches_of
from salescli.services.customers.accounts import resolve_account
from salescli.services.customers.contacts import contact_of_account
from salescli.services.pipeline.stages import (
    list_stages,
    open_stages,
    resolve_stage,
    terminal_stage,
)

# The first parameter of every query built on SELECT is the command's today (for
# days_in_stage).
SELECT = (
    "SELECT o.id, o.name, o.account_id, a.name AS account, o.contact_id, c.name AS contact,"
    " o.amount, o.close_date, s.key AS stage, s.name AS stage_name, o.stage_entered,"
    f" {db.days_between('?', 'o.stage_entered')} AS days_in_stage,"
    " COALESCE(o.probability, s.probability) AS probability,"
    " o.probability AS probability_override, o.status, o.forecast_category, o.source,"
    " o.competitor, o.loss_reason, o.summary, o.next_step, o.next_date, o.suspend_reason,"
    " o.suspended_until, o.opened_on, o.closed_on, r.handle AS owner, o.archived_at,"
    " o.external_id, o.created_at, o.updated_at"
    " FROM opportunity o JOIN stage s ON s.id = o.stage_id"
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


def move_between(from_stage: Stage | None, to_stage: Stage) -> str:
    """What a move from one stage to another is, in the funnel's order as it stands."""
    if from_stage is None:
        return "open"
    if to_stage.kind == StageKind.WON:
        return "win"
    if to_stage.kind == StageKind.LOST:
        return "lose"
    if from_stage.kind == StageKind.LOST:
        return "reopen"
    return "advance" if to_stage.position > from_stage.position else "back"


def record_stage_change(
    session: Session,
    opportunity: Opportunity,
    *,
    to_stage: Stage,
    move: str,
    note: str | None = None,
    on_date: date | None = None,
) -> int:
    """Write one move of the deal's history; returns the days it spent in the stage it
    left. The deal's own row is updated by the caller."""
    day = on_date or session.today
    if day < opportunity.stage_entered:
        raise Refused(
            f"opportunity {opportunity.id} entered {opportunity.stage} on"
            f" {opportunity.stage_entered}, after {day}",
            hint="a deal's history moves forward in time; check --today",
        )
    from_id = session.db.scalar("SELECT stage_id FROM opportunity WHERE id = ?", (opportunity.id,))
    days = (day - opportunity.stage_entered).days
    session.db.execute(
        "INSERT INTO stage_change (opportunity_id, from_stage_id, to_stage_id, move, on_date,"
        " days, at, rep_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            opportunity.id,
            from_id,
            to_stage.id,
            move,
            day.isoformat(),
            days,
            session.now(),
            session.actor_id,
            tidy(note),
        ),
    )
    return days


def _closed(opportunity: Opportunity, action: str) -> None:
    """Refuse an action that needs a live (open or suspended) deal."""
    if opportunity.status == OpportunityStatus.WON:
        raise Refused(f"opportunity {opportunity.id} is won; it cannot be {action}")
    if opportunity.status == OpportunityStatus.LOST:
        if action == "lost":
            raise Refused(f"opportunity {opportunity.id} is lost already")
        raise Refused(
            f"opportunity {opportunity.id} is lost; reopen it before it can be {action}",
            hint=f"salescli opp reopen {opportunity.id} --note TEXT",
        )


def _open(session: Session, opportunity_id: int, action: str) -> Opportunity:
    """A deal that must be open (not suspended, not closed) for ``action``."""
    opportunity = get_opportunity(session, opportunity_id)
    _closed(opportunity, action)
    if opportunity.status == OpportunityStatus.SUSPENDED:
        if action == "suspended":
            raise Refused(f"opportunity {opportunity.id} is suspended already")
        raise Refused(
            f"opportunity {opportunity.id} is suspended; reactivate it before it can be {action}",
            hint=f"salescli opp reactivate {opportunity.id}",
        )
    _not_archived(opportunity)
    return opportunity


def _live(session: Session, opportunity_id: int, action: str) -> Opportunity:
    """An open or suspended deal: a closed one keeps the credit as it was earned."""
    opportunity = get_opportunity(session, opportunity_id)
    if opportunity.status in (OpportunityStatus.WON, OpportunityStatus.LOST):
        raise Refused(
            f"opportunity {opportunity_id} is {opportunity.status}; a closed deal's credit"
            f" stays as it was earned, so it cannot be {action}"
        )
    _not_archived(opportunity)
    return opportunity


def _not_archived(opportunity: Opportunity) -> None:
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
    now, today = session.now(), session.today.isoformat()
    cursor = session.db.execute(
        "INSERT INTO opportunity (account_id, contact_id, name, amount, close_date, stage_id,"
        " stage_entered, probability, status, source, next_step, next_date, opened_on,"
        " owner_id, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)",
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
) -> list[Opportunity]:
    """Open and suspended deals by default (``status`` 'all' for every one), soonest close
    first; ``stalled``, open deals longer in their stage than its expected duration, most
    overdue first."""
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
    if status is None:
        where.append("o.status IN ('open', 'suspended')")
    elif status != "all":
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
) -> Opportunity:
    """Change a deal's fields. Its stage, status and owner change through their own
    commands (advance, win, transfer, ...), which record the history."""
    opportunity = get_opportunity(session, opportunity_id)
    _not_archived(opportunity)
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
    apply_changes(
        session,
        table="opportunity",
        entity="opportunity",
        record=opportunity,
        changes=changes,
        columns=columns,
    )
    return get_opportunity(session, opportunity_id)


def _set(session: Session, opportunity_id: int, **fields: Any) -> None:
    setters = ", ".join(f"{field} = ?" for field in fields)
    session.db.execute(
        f"UPDATE opportunity SET {setters}, updated_at = ? WHERE id = ?",
        (*(stored(value) for value in fields.values()), session.now(), opportunity_id),
    )


@dataclass(frozen=True)
class StageMove:
    """What `opp advance` and `opp back` did."""

    opportunity: Opportunity
    from_stage: str
    to_stage: str
    days_in_previous: int


def _later_stage(session: Session, opportunity: Opportunity, to: str | None) -> Stage:
    stages = list_stages(session)
    current = next(stage for stage in stages if stage.key == opportunity.stage)
    if to is None:
        following = [s for s in stages if s.position > current.position]
        return following[0]
    target = resolve_stage(session, to)
    if target.kind == StageKind.LOST:
        raise Refused(
            "a deal is lost through 'salescli opp lose', which asks why",
            hint=f"salescli opp lose {opportunity.id} --reason REASON",
        )
    if target.position <= current.position:
        raise Refused(
            f"'{target.key}' is not after '{current.key}'",
            hint=f"to go back: salescli opp back {opportunity.id} --to {target.key} --note TEXT",
        )
    return target


def advances_to_won(session: Session, opportunity_id: int, to: str | None) -> bool:
    """Whether `advance` would win the deal (so the command can ask why first)."""
    try:
        opportunity = _open(session, opportunity_id, "advanced")
        return _later_stage(session, opportunity, to).kind == StageKind.WON
    except SalesError:
        return False  # advance itself reports the problem


@writes
def advance_opportunity(
    session: Session,
    *,
    opportunity_id: int,
    to: str | None = None,
    note: str | None = None,
    next_step: str | None = None,
    next_date: date | None = None,
    summary: str | None = None,
) -> StageMove:
    """Move an open deal to the next stage, or to a later one; into ``won``, it is a win."""
    opportunity = _open(session, opportunity_id, "advanced")
    target = _later_stage(session, opportunity, to)
    if target.kind == StageKind.WON:
        won = _win(session, opportunity, note=note, summary=summary)
        return StageMove(won, opportunity.stage, target.key, won.days_in_stage)
    days = record_stage_change(session, opportunity, to_stage=target, move="advance", note=note)
    fields: dict[str, Any] = {"stage_id": target.id, "stage_entered": session.today}
    if next_step is not None:
        fields["next_step"] = tidy(next_step)
    if next_date is not None:
        fields["next_date"] = next_date
    _set(session, opportunity_id, **fields)
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity_id,
        action="advance",
        changes={"stage": [opportunity.stage, target.key], "note": tidy(note)},
    )
    return StageMove(get_opportunity(session, opportunity_id), opportunity.stage, target.key, days)


@writes
def move_back(session: Session, *, opportunity_id: int, to: str, note: str) -> StageMove:
    if not note.strip():
        raise InvalidValue("say why the deal goes back (--note)")
    opportunity = _open(session, opportunity_id, "moved back")
    target = resolve_stage(session, to, open_only=True)
    current = resolve_stage(session, opportunity.stage)
    if target.position >= current.position:
        raise Refused(
            f"'{target.key}' is not before '{current.key}'",
            hint=f"to go forward: salescli opp advance {opportunity_id} --to {target.key}",
        )
    days = record_stage_change(session, opportunity, to_stage=target, move="back", note=note)
    _set(session, opportunity_id, stage_id=target.id, stage_entered=session.today)
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity_id,
        action="back",
        changes={"stage": [opportunity.stage, target.key], "note": note.strip()},
    )
    return StageMove(get_opportunity(session, opportunity_id), opportunity.stage, target.key, days)


def _win(
    session: Session,
    opportunity: Opportunity,
    *,
    amount: Decimal | None = None,
    note: str | None = None,
    summary: str | None = None,
) -> Opportunity:
    won = terminal_stage(session, StageKind.WON)
    record_stage_change(session, opportunity, to_stage=won, move="win", note=note or tidy(summary))
    fields: dict[str, Any] = {
        "stage_id": won.id,
        "stage_entered": session.today,
        "status": OpportunityStatus.WON.value,
        "closed_on": session.today,
        "next_step": None,
        "next_date": None,
    }
    if amount is not None:
        if amount < 0:
            raise InvalidValue(f"an amount cannot be negative ({amount})")
        fields["amount"] = amount
    # The summary says why it was won: not what an earlier loss left there.
    fields["summary"] = tidy(summary)
    _set(session, opportunity.id, **fields)
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity.id,
        action="win",
        changes={
            "stage": [opportunity.stage, won.key],
            "status": [opportunity.status, "won"],
            "amount": [stored(opportunity.amount), stored(amount)] if amount is not None else None,
            "summary": tidy(summary),
        },
    )
    return get_opportunity(session, opportunity.id)


@writes
def win_opportunity(
    session: Session,
    *,
    opportunity_id: int,
    amount: Decimal | None = None,
    summary: str | None = None,
) -> Opportunity:
    opportunity = _open(session, opportunity_id, "won")
    return _win(session, opportunity, amount=amount, summary=summary)


@writes
def lose_opportunity(
    session: Session,
    *,
    opportunity_id: int,
    reason: LossReason,
    competitor: str | None = None,
    summary: str | None = None,
) -> Opportunity:
    """Close a deal as lost; an open or a suspended one (a paused deal can die)."""
    opportunity = get_opportunity(session, opportunity_id)
    _closed(opportunity, "lost")
    _not_archived(opportunity)
    competitor, summary = tidy(competitor), tidy(summary)
    if reason == LossReason.OTHER and not summary:
        raise InvalidValue("a loss for another reason needs a --summary saying what it was")
    if reason == LossReason.COMPETITOR and not competitor:
        raise InvalidValue("a loss to a competitor needs --competitor NAME: who beat us?")
    lost = terminal_stage(session, StageKind.LOST)
    record_stage_change(
        session, opportunity, to_stage=lost, move="lose", note=summary or reason.value
    )
    _set(
        session,
        opportunity_id,
        stage_id=lost.id,
        stage_entered=session.today,
        status=OpportunityStatus.LOST.value,
        closed_on=session.today,
        loss_reason=reason.value,
        competitor=competitor or opportunity.competitor,
        summary=summary or opportunity.summary,
        next_step=None,
        next_date=None,
        suspend_reason=None,
        suspended_until=None,
    )
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity_id,
        action="lose",
        changes={
            "stage": [opportunity.stage, lost.key],
            "status": [opportunity.status, "lost"],
            "loss_reason": reason.value,
            "competitor": competitor,
            "summary": summary,
        },
    )
    return get_opportunity(session, opportunity_id)


@writes
def suspend_opportunity(
    session: Session, *, opportunity_id: int, reason: str, until: date | None = None
) -> Opportunity:
    if not reason.strip():
        raise InvalidValue("say why the deal is paused (--reason)")
    _open(session, opportunity_id, "suspended")
    if until is not None and until <= session.today:
        raise InvalidValue(f"--until must be after today ({session.today}), not {until}")
    _set(
        session,
        opportunity_id,
        status=OpportunityStatus.SUSPENDED.value,
        suspend_reason=reason.strip(),
        suspended_until=until,
    )
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity_id,
        action="suspend",
        changes={"status": ["open", "suspended"], "reason": reason.strip(), "until": stored(until)},
    )
    return get_opportunity(session, opportunity_id)


@writes
def reactivate_opportunity(session: Session, *, opportunity_id: int) -> Opportunity:
    opportunity = get_opportunity(session, opportunity_id)
    _closed(opportunity, "reactivated")
    if opportunity.status != OpportunityStatus.SUSPENDED:
        raise Refused(f"opportunity {opportunity_id} is open, not suspended")
    _set(
        session,
        opportunity_id,
        status=OpportunityStatus.OPEN.value,
        suspend_reason=None,
        suspended_until=None,
    )
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity_id,
        action="reactivate",
        changes={"status": ["suspended", "open"], "reason": opportunity.suspend_reason},
    )
    return get_opportunity(session, opportunity_id)


@writes
def reopen_opportunity(
    session: Session, *, opportunity_id: int, note: str, stage: str | None = None
) -> StageMove:
    """A lost deal back into the funnel: into ``stage``, or the one it was lost from."""
    if not note.strip():
        raise InvalidValue("say why the deal comes back (--note)")
    opportunity = get_opportunity(session, opportunity_id)
    if opportunity.status != OpportunityStatus.LOST:
        raise Refused(
            f"opportunity {opportunity_id} is {opportunity.status}; only a lost deal is reopened"
        )
    _not_archived(opportunity)
    if stage is not None:
        target = resolve_stage(session, stage, open_only=True)
    else:
        last_open = session.db.scalar(
            "SELECT s.key FROM stage_change h JOIN stage s ON s.id = h.from_stage_id"
            " WHERE h.opportunity_id = ? AND s.kind = 'open' ORDER BY h.on_date DESC, h.id DESC"
            " LIMIT 1",
            (opportunity_id,),
        )
        target = resolve_stage(session, last_open) if last_open else open_stages(session)[0]
    days = record_stage_change(session, opportunity, to_stage=target, move="reopen", note=note)
    _set(
        session,
        opportunity_id,
        stage_id=target.id,
        stage_entered=session.today,
        status=OpportunityStatus.OPEN.value,
        closed_on=None,
        loss_reason=None,
        summary=None,
    )
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity_id,
        action="reopen",
        changes={
            "stage": [opportunity.stage, target.key],
            "status": ["lost", "open"],
            "loss_reason": [opportunity.loss_reason, None],
            "summary": [opportunity.summary, None],
            "closed_on": [stored(opportunity.closed_on), None],
            "note": note.strip(),
        },
    )
    return StageMove(get_opportunity(session, opportunity_id), opportunity.stage, target.key, days)


@writes
def transfer_opportunity(
    session: Session, *, opportunity_id: int, to: str, note: str | None = None
) -> Opportunity:
    """Give a live deal to another rep. A share the new owner held merges into ownership."""
    opportunity = get_opportunity(session, opportunity_id)
    if opportunity.status in (OpportunityStatus.WON, OpportunityStatus.LOST):
        raise Refused(
            f"opportunity {opportunity_id} is {opportunity.status}; a closed deal keeps the owner"
            " who earned it"
        )
    _not_archived(opportunity)
    rep = active_rep(session, to)
    if rep.handle == opportunity.owner:
        raise Refused(f"opportunity {opportunity_id} already belongs to {rep.handle}")
    merged = session.db.scalar(
        "SELECT split FROM opportunity_share WHERE opportunity_id = ? AND rep_id = ?",
        (opportunity_id, rep.id),
    )
    if merged is not None:
        session.db.execute(
            "DELETE FROM opportunity_share WHERE opportunity_id = ? AND rep_id = ?",
            (opportunity_id, rep.id),
        )
    _set(session, opportunity_id, owner_id=rep.id)
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity_id,
        action="transfer",
        changes={
            "owner": [opportunity.owner, rep.handle],
            "note": tidy(note),
            "share_merged": stored(Decimal(merged) / 100) if merged is not None else None,
        },
    )
    return get_opportunity(session, opportunity_id)


@writes
def share_opportunity(
    session: Session, *, opportunity_id: int, rep: str, split: Decimal
) -> OpportunityDetail:
    """Give a co-owner ``split`` percent of the deal (replacing their earlier split); the
    co-owners' splits never exceed 100 %, the owner keeps the rest."""
    opportunity = _live(session, opportunity_id, "shared")
    if not Decimal(0) < split <= HUNDRED:
        raise InvalidValue(f"a split must be more than 0 and at most 100 %, not {split}")
    co_owner = active_rep(session, rep)
    if co_owner.handle == opportunity.owner:
        raise Refused(
            f"{co_owner.handle} owns opportunity {opportunity_id}; the owner keeps the rest"
        )
    others = int(
        session.db.scalar(
            "SELECT COALESCE(SUM(split), 0) FROM opportunity_share"
            " WHERE opportunity_id = ? AND rep_id != ?",
            (opportunity_id, co_owner.id),
        )
    )
    wanted = int(stored(split.quantize(Decimal("0.01"))))
    if others + wanted > 10000:
        raise Refused(
            f"splits would come to {(others + wanted) / 100:g} %",
            hint=f"other co-owners hold {others / 100:g} %; at most {(10000 - others) / 100:g} % is left",
        )
    before = session.db.scalar(
        "SELECT split FROM opportunity_share WHERE opportunity_id = ? AND rep_id = ?",
        (opportunity_id, co_owner.id),
    )
    session.db.execute(
        "INSERT INTO opportunity_share (opportunity_id, rep_id, split) VALUES (?, ?, ?)"
        " ON CONFLICT (opportunity_id, rep_id) DO UPDATE SET split = excluded.split",
        (opportunity_id, co_owner.id, wanted),
    )
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity_id,
        action="share",
        changes={"rep": co_owner.handle, "split": [before, wanted]},
    )
    return show_opportunity(session, opportunity_id=opportunity_id)


@writes
def unshare_opportunity(session: Session, *, opportunity_id: int, rep: str) -> OpportunityDetail:
    _live(session, opportunity_id, "unshared")
    co_owner = get_rep(session, rep)
    split = session.db.scalar(
        "SELECT split FROM opportunity_share WHERE opportunity_id = ? AND rep_id = ?",
        (opportunity_id, co_owner.id),
    )
    if split is None:
        raise NotFound(f"{co_owner.handle} has no share of opportunity {opportunity_id}")
    session.db.execute(
        "DELETE FROM opportunity_share WHERE opportunity_id = ? AND rep_id = ?",
        (opportunity_id, co_owner.id),
    )
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity_id,
        action="unshare",
        changes={"rep": co_owner.handle, "split": [split, None]},
    )
    return show_opportunity(session, opportunity_id=opportunity_id)


@dataclass(frozen=True)
class Archived:
    archived: list[int]
    already: list[int]


@writes
def archive_opportunities(
    session: Session, *, ids: Sequence[int] = (), closed_before: date | None = None
) -> Archived:
    """Set closed deals aside: out of lists, reports keep counting them until purged."""
    if bool(ids) == (closed_before is not None):
        raise UsageProblem("give deal ids or --closed-before DATE, not both")
    if closed_before is not None:
        chosen = [
            int(row["id"])
            for row in session.db.rows(
                "SELECT id FROM opportunity WHERE closed_on < ? AND status IN ('won', 'lost')"
                " AND archived_at IS NULL ORDER BY id",
                (closed_before.isoformat(),),
            )
        ]
        already: list[int] = []
    else:
        chosen, already = [], []
        for opportunity_id in dict.fromkeys(ids):
            opportunity = get_opportunity(session, opportunity_id)
            if opportunity.status not in (OpportunityStatus.WON, OpportunityStatus.LOST):
                raise Refused(
                    f"opportunity {opportunity_id} is {opportunity.status}; only closed deals are archived"
                )
            (already if opportunity.archived_at else chosen).append(opportunity_id)
    session.db.executemany(
        "UPDATE opportunity SET archived_at = ?, updated_at = ? WHERE id = ?",
        [(session.now(), session.now(), opportunity_id) for opportunity_id in chosen],
    )
    if chosen:
        record_event(
            session,
            entity="opportunity",
            entity_id=None,
            action="archive",
            changes={"ids": chosen, "closed_before": stored(closed_before)},
        )
    return Archived(archived=chosen, already=already)


@dataclass(frozen=True)
class Purged:
    purged: int
    stage_changes: int
    file: str | None


def purgeable(session: Session, *, archived_before: date) -> list[int]:
    """Archived deals set aside before ``archived_before``: what a purge would delete."""
    return [
        int(row["id"])
        for row in session.db.rows(
            "SELECT id FROM opportunity WHERE archived_at IS NOT NULL AND archived_at < ?"
            " ORDER BY id",
            # archived_at is UTC; the day begins at local midnight.
            (dates.stamp(archived_before, time(0, 0)),),
        )
    ]


def _purge_file(session: Session) -> Path:
    """A new file beside the book, named after the day and time; never an existing one."""
    book = session.db.path
    name = f"{book.stem}-purged-{session.today:%Y%m%d}-{datetime.now():%H%M%S}"
    return fresh_path(book.parent, name, ".csv")


@writes
def purge_opportunities(session: Session, *, archived_before: date) -> Purged:
    """Delete archived deals and their history, after writing them (history included) to
    a CSV file beside the database that `opp import` reads back."""
    from salescli.services.pipeline.opportunities_csv import write_opportunities_csv

    ids = purgeable(session, archived_before=archived_before)
    if not ids:
        return Purged(purged=0, stage_changes=0, file=None)
    path = _purge_file(session)
    write_opportunities_csv(session, ids, path)
    session.db.execute("CREATE TEMP TABLE IF NOT EXISTS purge_ids (id INTEGER PRIMARY KEY)")
    session.db.execute("DELETE FROM temp.purge_ids")
    session.db.executemany("INSERT INTO temp.purge_ids (id) VALUES (?)", [(i,) for i in ids])
    changes = session.db.execute(
        "DELETE FROM stage_change WHERE opportunity_id IN (SELECT id FROM temp.purge_ids)"
    ).rowcount
    session.db.execute(
        "DELETE FROM opportunity_share WHERE opportunity_id IN (SELECT id FROM temp.purge_ids)"
    )
    # Visits and calls stay in the account's history; only their link to the deal goes.
    unlinked = session.db.execute(
        "UPDATE activity SET opportunity_id = NULL"
        " WHERE opportunity_id IN (SELECT id FROM temp.purge_ids)"
    ).rowcount
    session.db.execute("DELETE FROM opportunity WHERE id IN (SELECT id FROM temp.purge_ids)")
    record_event(
        session,
        entity="opportunity",
        entity_id=None,
        action="purge",
        changes={
            "ids": [ids[0], ids[-1]],
            "count": len(ids),
            "stage_changes": changes,
            "activities_unlinked": unlinked,
            "file": str(path),
            "archived_before": archived_before.isoformat(),
        },
    )
    return Purged(purged=len(ids), stage_changes=changes, file=str(path))
