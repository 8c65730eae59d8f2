"""A deal's lifecycle: one function per transition (advance, back, win, lose, suspend,
reactivate, reopen, transfer), each checking that the move is allowed.

Status is ``open`` (in an open stage), ``suspended`` (paused in its stage: out of the
forecast and reminders until reactivated), ``won`` or ``lost`` (in the won or lost stage).
Every move between stages is one ``stage_change`` row saying from where, to where, on
which date, by whom, and how many days the deal had spent in the stage it left: the
funnel's analytics and the forecast read that history.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from salescli.errors import InvalidValue, Refused, SummaryNeeded
from salescli.models.enums import LossReason, OpportunityStatus, StageKind
from salescli.models.frozen import record
from salescli.models.records import Opportunity, Stage
from salescli.services.core.edits import tidy
from salescli.services.core.events import record_event
from salescli.services.core.permissions import require_deal_owner
from salescli.services.core.reps import active_rep
from salescli.services.core.rows import stored
from salescli.services.core.session import Session, writes
from salescli.services.pipeline.opportunities import get_opportunity, refuse_if_archived
from salescli.services.pipeline.stages import (
    list_stages,
    open_stages,
    resolve_stage,
    terminal_stage,
)


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


def _yours(session: Session, opportunity_id: int, *, co_owners: bool = True) -> Opportunity:
    """A deal the acting rep may change: theirs, one they co-own, or any for a manager."""
    opportunity = get_opportunity(session, opportunity_id)
    require_deal_owner(session, opportunity_id, opportunity.owner, co_owners=co_owners)
    return opportunity


def _open(session: Session, opportunity_id: int, action: str) -> Opportunity:
    """A deal that must be open (not suspended, not closed) for ``action``."""
    opportunity = _yours(session, opportunity_id)
    _closed(opportunity, action)
    if opportunity.status == OpportunityStatus.SUSPENDED:
        if action == "suspended":
            raise Refused(f"opportunity {opportunity.id} is suspended already")
        raise Refused(
            f"opportunity {opportunity.id} is suspended; reactivate it before it can be {action}",
            hint=f"salescli opp reactivate {opportunity.id}",
        )
    refuse_if_archived(opportunity)
    return opportunity


def _set(session: Session, opportunity_id: int, **fields: Any) -> None:
    setters = ", ".join(f"{field} = ?" for field in fields)
    session.db.execute(
        f"UPDATE opportunity SET {setters}, updated_at = ? WHERE id = ?",
        (*(stored(value) for value in fields.values()), session.now(), opportunity_id),
    )


# What a closing asks for when no summary is given, with an example answer.
WHY_WON = ("Why was it won?", "best service terms; CFO sponsor")
WHAT_HAPPENED = ("What happened?", "15% cheaper; their team was on site")


@record
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


def _close_date_change(opportunity: Opportunity, closed: date) -> list[str | None] | None:
    """The expected close date giving way to the actual one, for the event (None: same)."""
    if opportunity.close_date == closed:
        return None
    return [stored(opportunity.close_date), stored(closed)]


def _win(
    session: Session,
    opportunity: Opportunity,
    *,
    amount: Decimal | None = None,
    note: str | None = None,
    summary: str | None = None,
) -> Opportunity:
    if amount is not None and amount < 0:
        raise InvalidValue(f"an amount cannot be negative ({amount})")
    summary = tidy(summary)
    if not summary:
        raise SummaryNeeded(*WHY_WON)
    won = terminal_stage(session, StageKind.WON)
    record_stage_change(session, opportunity, to_stage=won, move="win", note=note or summary)
    fields: dict[str, Any] = {
        "stage_id": won.id,
        "stage_entered": session.today,
        "status": OpportunityStatus.WON.value,
        "closed_on": session.today,
        "close_date": session.today,  # the expected date becomes the actual one
        "next_step": None,
        "next_date": None,
    }
    if amount is not None:
        fields["amount"] = amount
    # The summary says why it was won: not what an earlier loss left there.
    fields["summary"] = summary
    _set(session, opportunity.id, **fields)
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity.id,
        action="win",
        changes={
            "stage": [opportunity.stage, won.key],
            "status": [opportunity.status, "won"],
            "close_date": _close_date_change(opportunity, session.today),
            "amount": [stored(opportunity.amount), stored(amount)] if amount is not None else None,
            "summary": summary,
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
    opportunity = _yours(session, opportunity_id)
    _closed(opportunity, "lost")
    refuse_if_archived(opportunity)
    competitor, summary = tidy(competitor), tidy(summary)
    if reason == LossReason.COMPETITOR and not competitor:
        raise InvalidValue("a loss to a competitor needs --competitor NAME: who beat us?")
    if not summary:
        raise SummaryNeeded(*WHAT_HAPPENED)
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
        close_date=session.today,  # the expected date becomes the actual one
        loss_reason=reason.value,
        competitor=competitor or opportunity.competitor,
        summary=summary,
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
            "close_date": _close_date_change(opportunity, session.today),
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
    opportunity = _yours(session, opportunity_id)
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
    opportunity = _yours(session, opportunity_id)
    if opportunity.status != OpportunityStatus.LOST:
        raise Refused(
            f"opportunity {opportunity_id} is {opportunity.status}; only a lost deal is reopened"
        )
    refuse_if_archived(opportunity)
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
    # The owner gives a deal away, or a manager; a co-owner cannot.
    opportunity = _yours(session, opportunity_id, co_owners=False)
    if opportunity.status in (OpportunityStatus.WON, OpportunityStatus.LOST):
        raise Refused(
            f"opportunity {opportunity_id} is {opportunity.status}; a closed deal keeps the owner"
            " who earned it"
        )
    refuse_if_archived(opportunity)
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
