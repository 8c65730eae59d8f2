"""Activities: visits, calls, emails, meetings, messages and handovers with accounts.

An activity is planned (for a day, and a local time of day unless it takes the whole
day), then done (with its outcome) or cancelled; or it is logged as done at once. Every
done activity moves its account's and deal's ``last_touch`` forward, so the contact
cadence reads one column instead of searching the history.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from salescli.errors import InvalidValue, NotFound, Refused, UsageProblem
from salescli.models.enums import ActivityStatus, ActivityType
from salescli.models.frozen import record
from salescli.models.records import Activity
from salescli.money import from_minor
from salescli.services.core.edits import tidy
from salescli.services.core.events import record_event
from salescli.services.core.permissions import (
    ACTIVITY,
    DEAL,
    owner_of,
    require_account_owner,
    require_deal_owner,
    require_owner,
)
from salescli.services.core.reps import new_owner, owner_scope
from salescli.services.core.rows import build, build_all, stored
from salescli.services.core.session import Session, writes
from salescli.services.core.touches import PLAN_ORDER, SELECT
from salescli.services.customers.accounts import resolve_account
from salescli.services.customers.contacts import contact_of_account
from salescli.services.pipeline.opportunities import get_opportunity

# A day and, unless the activity takes the whole day, a local time of day (HH:MM).
When = tuple[date, str | None]


def get_activity(session: Session, activity_id: int) -> Activity:
    row = session.db.row(f"{SELECT} WHERE v.id = ?", (activity_id,))
    if row is None:
        raise NotFound(f"no activity {activity_id}", hint="see 'salescli visit list --all'")
    return build(Activity, row)


def _planned(session: Session, activity_id: int, action: str) -> Activity:
    activity = get_activity(session, activity_id)
    require_owner(session, ACTIVITY, activity_id, activity.owner)
    if activity.status != ActivityStatus.PLANNED:
        raise Refused(
            f"activity {activity_id} is {activity.status}; only a planned one can be {action}"
        )
    return activity


@record
class _Links:
    account_id: int
    opportunity_id: int | None
    contact_id: int | None


def _links(
    session: Session, account: str | None, opportunity: int | None, contact: str | None
) -> _Links:
    """The account (or the deal's account), the deal, which must be the account's, and
    the contact, a person at the account; refused unless the acting rep may work the deal
    (or, without one, the account)."""
    deal = get_opportunity(session, opportunity) if opportunity is not None else None
    if deal is not None:
        require_deal_owner(session, deal.id, deal.owner)
    if account is not None:
        account_id = resolve_account(session, account).id
    elif deal is not None and deal.account_id is not None:
        account_id = deal.account_id
    else:
        raise UsageProblem("say which account: an ACCOUNT, or --opp of a deal with an account")
    if deal is not None and deal.account_id != account_id:
        raise Refused(
            f"opportunity {deal.id} is with {deal.account or 'no account'}, not account {account_id}"
        )
    if deal is None:
        require_account_owner(session, account_id)
    contact_id = contact_of_account(session, account_id, contact)
    return _Links(account_id, deal.id if deal else None, contact_id)


def _touch(session: Session, links: _Links, day: date) -> None:
    """A done activity on ``day``: the account's and deal's last touch move forward."""
    session.db.execute(
        "UPDATE account SET last_touch = ? WHERE id = ? AND (last_touch IS NULL OR last_touch < ?)",
        (day.isoformat(), links.account_id, day.isoformat()),
    )
    if links.opportunity_id is not None:
        session.db.execute(
            "UPDATE opportunity SET last_touch = ? WHERE id = ?"
            " AND (last_touch IS NULL OR last_touch < ?)",
            (day.isoformat(), links.opportunity_id, day.isoformat()),
        )


def _insert(session: Session, links: _Links, **fields: Any) -> int:
    now = session.now()
    values = {
        "account_id": links.account_id,
        "opportunity_id": links.opportunity_id,
        "contact_id": links.contact_id,
        **{key: stored(value) for key, value in fields.items()},
        "created_at": now,
        "updated_at": now,
    }
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = session.db.execute(
        f"INSERT INTO activity ({columns}) VALUES ({marks})", tuple(values.values())
    )
    return int(cursor.lastrowid or 0)


def _plan(
    session: Session,
    links: _Links,
    *,
    activity_type: ActivityType,
    at: When,
    owner_id: int,
    purpose: str | None = None,
    objective: str | None = None,
    min_objective: str | None = None,
    follows_id: int | None = None,
) -> int:
    day, time_of_day = at
    if day < session.today:
        raise InvalidValue(
            f"{day} is in the past; a plan is for today or later",
            hint="record what happened with 'salescli visit log'",
        )
    activity_id = _insert(
        session,
        links,
        type=activity_type,
        status=ActivityStatus.PLANNED,
        planned_on=day,
        planned_time=time_of_day,
        purpose=tidy(purpose),
        objective=tidy(objective),
        min_objective=tidy(min_objective),
        follows_id=follows_id,
        owner_id=owner_id,
    )
    record_event(
        session,
        entity="activity",
        entity_id=activity_id,
        action="plan",
        changes={"type": activity_type.value, "account_id": links.account_id,
                 "planned_on": day.isoformat(), "planned_time": time_of_day},
    )  # fmt: skip
    return activity_id


@writes
def plan_activity(
    session: Session,
    *,
    account: str | None,
    at: When,
    activity_type: ActivityType = ActivityType.VISIT,
    opportunity: int | None = None,
    contact: str | None = None,
    purpose: str | None = None,
    objective: str | None = None,
    min_objective: str | None = None,
    owner: str | None = None,
) -> Activity:
    links = _links(session, account, opportunity, contact)
    activity_id = _plan(
        session,
        links,
        activity_type=activity_type,
        at=at,
        owner_id=new_owner(session, owner).id,
        purpose=purpose,
        objective=objective,
        min_objective=min_objective,
    )
    return get_activity(session, activity_id)


@record
class Logged:
    """What `visit log` and `visit done` did: the activity, and the follow-up planned."""

    activity: Activity
    follow_up: Activity | None = None


def _now_time() -> str:
    return datetime.now().strftime("%H:%M")


def _check_done_at(session: Session, at: When | None) -> When:
    if at is None:
        return session.today, _now_time()
    if at[0] > session.today:
        raise InvalidValue(
            f"{at[0]} is after today; what has not happened yet is planned",
            hint="plan it with 'salescli visit plan'",
        )
    return at


def _follow_up(
    session: Session,
    links: _Links,
    *,
    activity_type: ActivityType,
    after: int,
    next_step: str | None,
    next_at: When | None,
    owner_id: int,
) -> int | None:
    """Plan the follow-up of a done activity, and carry the next step to its deal."""
    if next_at is None:
        return None
    follow_id = _plan(
        session,
        links,
        activity_type=activity_type,
        at=next_at,
        owner_id=owner_id,
        purpose=next_step,
        follows_id=after,
    )
    if links.opportunity_id is not None:
        session.db.execute(
            "UPDATE opportunity SET next_step = COALESCE(?, next_step), next_date = ?,"
            " updated_at = ? WHERE id = ? AND status IN ('open', 'suspended')",
            (tidy(next_step), next_at[0].isoformat(), session.now(), links.opportunity_id),
        )
    return follow_id


def _may_change_deal(session: Session, activity: Activity) -> None:
    """For what an activity's owner does that changes its deal too: refused unless the
    acting rep may change the deal."""
    if activity.opportunity_id is not None:
        deal = activity.opportunity_id
        require_deal_owner(session, deal, owner_of(session, DEAL, deal))


def _step_done(session: Session, activity: Activity) -> None:
    """A deal whose next step was this planned activity no longer waits for it (a follow-up
    planned with the outcome sets the next one)."""
    if activity.opportunity_id is None or activity.planned_on is None:
        return
    session.db.execute(
        "UPDATE opportunity SET next_step = NULL, next_date = NULL, updated_at = ?"
        " WHERE id = ? AND next_date = ?",
        (session.now(), activity.opportunity_id, activity.planned_on.isoformat()),
    )


def _outcome(outcome: str) -> str:
    text = outcome.strip()
    if not text.strip(".… "):
        # "..." is the placeholder remind prints in the commands it suggests.
        raise InvalidValue("say what came of it (--outcome)", hint='e.g. --outcome "wants a demo"')
    return text


def _next(
    next_step: str | None, next_at: When | None, next_type: ActivityType | None = None
) -> None:
    if next_step is not None and next_at is None:
        raise UsageProblem("--next needs --next-date: when is the next step?")
    if next_type is not None and next_at is None:
        raise UsageProblem(f"--next-type {next_type.value} needs --next-date: when is it?")


@writes
def log_activity(
    session: Session,
    *,
    account: str | None,
    outcome: str,
    activity_type: ActivityType = ActivityType.VISIT,
    at: When | None = None,
    opportunity: int | None = None,
    contact: str | None = None,
    next_step: str | None = None,
    next_at: When | None = None,
    next_type: ActivityType | None = None,
) -> Logged:
    """Record an activity that happened (default: now) and plan its follow-up, of the
    same type unless ``next_type`` says (a visit followed by a call)."""
    text = _outcome(outcome)
    _next(next_step, next_at, next_type)
    links = _links(session, account, opportunity, contact)
    day, time_of_day = _check_done_at(session, at)
    owner_id = session.actor.id
    activity_id = _insert(
        session,
        links,
        type=activity_type,
        status=ActivityStatus.DONE,
        done_on=day,
        done_time=time_of_day,
        outcome=text,
        next_step=tidy(next_step),
        owner_id=owner_id,
    )
    _touch(session, links, day)
    record_event(
        session,
        entity="activity",
        entity_id=activity_id,
        action="log",
        changes={"type": activity_type.value, "account_id": links.account_id,
                 "done_on": day.isoformat(), "outcome": text},
    )  # fmt: skip
    follow_id = _follow_up(
        session,
        links,
        activity_type=next_type or activity_type,
        after=activity_id,
        next_step=next_step,
        next_at=next_at,
        owner_id=owner_id,
    )
    return Logged(
        activity=get_activity(session, activity_id),
        follow_up=get_activity(session, follow_id) if follow_id else None,
    )


@writes
def complete_activity(
    session: Session,
    *,
    activity_id: int,
    outcome: str,
    next_step: str | None = None,
    next_at: When | None = None,
    at: When | None = None,
    next_type: ActivityType | None = None,
) -> Logged:
    """A planned activity happened (default: now); its follow-up is of the same type
    unless ``next_type`` says."""
    text = _outcome(outcome)
    _next(next_step, next_at, next_type)
    activity = _planned(session, activity_id, "done")
    if next_at is not None:
        _may_change_deal(session, activity)  # the follow-up sets the deal's next step
    day, time_of_day = _check_done_at(session, at)
    links = _Links(activity.account_id, activity.opportunity_id, activity.contact_id)
    session.db.execute(
        "UPDATE activity SET status = 'done', done_on = ?, done_time = ?, outcome = ?,"
        " next_step = ?, updated_at = ? WHERE id = ?",
        (day.isoformat(), time_of_day, text, tidy(next_step), session.now(), activity_id),
    )
    _touch(session, links, day)
    _step_done(session, activity)
    record_event(
        session,
        entity="activity",
        entity_id=activity_id,
        action="done",
        changes={"status": ["planned", "done"], "done_on": day.isoformat(), "outcome": text},
    )
    owner_id = int(
        session.db.scalar("SELECT owner_id FROM activity WHERE id = ?", (activity_id,))
        or session.actor.id
    )
    follow_id = _follow_up(
        session,
        links,
        activity_type=next_type or ActivityType(activity.type),
        after=activity_id,
        next_step=next_step,
        next_at=next_at,
        owner_id=owner_id,
    )
    return Logged(
        activity=get_activity(session, activity_id),
        follow_up=get_activity(session, follow_id) if follow_id else None,
    )


@writes
def cancel_activity(session: Session, *, activity_id: int, reason: str | None = None) -> Activity:
    activity = _planned(session, activity_id, "cancelled")
    _step_done(session, activity)
    session.db.execute(
        "UPDATE activity SET status = 'cancelled', cancel_reason = ?, updated_at = ? WHERE id = ?",
        (tidy(reason), session.now(), activity_id),
    )
    record_event(
        session,
        entity="activity",
        entity_id=activity_id,
        action="cancel",
        changes={"status": ["planned", "cancelled"], "reason": tidy(reason)},
    )
    return get_activity(session, activity_id)


@writes
def move_activity(session: Session, *, activity_id: int, at: When) -> Activity:
    activity = _planned(session, activity_id, "moved")
    if activity.planned_on is not None and session.db.scalar(
        "SELECT 1 FROM opportunity WHERE id = ? AND next_date = ?",
        (activity.opportunity_id, activity.planned_on.isoformat()),
    ):
        _may_change_deal(session, activity)  # the deal's next step moves with it
    day, time_of_day = at
    if day < session.today:
        raise InvalidValue(f"{day} is in the past; a plan is for today or later")
    session.db.execute(
        "UPDATE activity SET planned_on = ?, planned_time = ?, updated_at = ? WHERE id = ?",
        (day.isoformat(), time_of_day, session.now(), activity_id),
    )
    if activity.opportunity_id is not None and activity.planned_on is not None:
        # The deal's next step was this activity: it moves with it.
        session.db.execute(
            "UPDATE opportunity SET next_date = ?, updated_at = ? WHERE id = ? AND next_date = ?",
            (
                day.isoformat(),
                session.now(),
                activity.opportunity_id,
                activity.planned_on.isoformat(),
            ),
        )
    record_event(
        session,
        entity="activity",
        entity_id=activity_id,
        action="move",
        changes={
            "planned_on": [stored(activity.planned_on), day.isoformat()],
            "planned_time": [activity.planned_time, time_of_day],
        },
    )
    return get_activity(session, activity_id)


def list_activities(
    session: Session,
    *,
    upcoming: int | None = None,
    overdue: bool = False,
    start: date | None = None,
    end: date | None = None,
    account: str | None = None,
    opportunity: int | None = None,
    activity_type: ActivityType | None = None,
    status: ActivityStatus | None = None,
    owner: str | None = None,
    everyone: bool = False,
) -> list[Activity]:
    """Planned activities by default (soonest first); ``overdue``, planned ones past their
    day; ``upcoming`` N, planned ones from today to N days ahead; ``start``/``end``, every
    activity (planned or done) in that span of days."""
    where: list[str] = []
    params: list[Any] = []
    if sum((upcoming is not None, overdue, start is not None or end is not None)) > 1:
        raise UsageProblem("choose one of --upcoming, --overdue, or --from/--to")
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    if owner_id is not None:
        where.append("v.owner_id = ?")
        params.append(owner_id)
    today = session.today.isoformat()
    if overdue:
        where.append("v.status = 'planned' AND v.planned_on < ?")
        params.append(today)
    elif upcoming is not None:
        if upcoming < 0:
            raise UsageProblem("--upcoming takes a number of days, 0 or more")
        where.append("v.status = 'planned' AND v.planned_on BETWEEN ? AND ?")
        params += [today, (session.today + timedelta(days=upcoming)).isoformat()]
    elif start is not None or end is not None:
        if start is not None and end is not None and end < start:
            raise UsageProblem(f"--to {end} is before --from {start}")
        where.append("COALESCE(v.done_on, v.planned_on) BETWEEN ? AND ?")
        params += [(start or date.min).isoformat(), (end or date.max).isoformat()]
    if status is not None:
        where.append("v.status = ?")
        params.append(status.value)
    elif not overdue and upcoming is None and start is None and end is None:
        where.append("v.status = 'planned'")
    if account is not None:
        where.append("v.account_id = ?")
        params.append(resolve_account(session, account).id)
    if opportunity is not None:
        where.append("v.opportunity_id = ?")
        params.append(opportunity)
    if activity_type is not None:
        where.append("v.type = ?")
        params.append(activity_type.value)
    order = "COALESCE(v.done_on, v.planned_on), COALESCE(v.done_time, v.planned_time), v.id"
    sql = f"{SELECT}{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {order}"
    return build_all(Activity, session.db.rows(sql, params))


@record
class AgendaItem:
    """One planned activity of the day with what the rep needs on the road."""

    activity: Activity
    address: str | None
    account_phone: str | None
    contact_phone: str | None
    stage: str | None
    amount: Decimal | None


@record
class Agenda:
    day: date
    owner: str | None
    items: list[AgendaItem]


def agenda(
    session: Session, *, day: date | None = None, owner: str | None = None, everyone: bool = False
) -> Agenda:
    """A day's planned activities in time order (whole-day ones first)."""
    chosen = day or session.today
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    where = "v.status = 'planned' AND v.planned_on = ?"
    params: list[Any] = [chosen.isoformat()]
    if owner_id is not None:
        where = "v.owner_id = ? AND " + where
        params.insert(0, owner_id)
    rows = session.db.rows(
        f"{SELECT} WHERE {where} ORDER BY {PLAN_ORDER}",
        params,
    )
    activities = build_all(Activity, rows)
    extras = (
        {
            int(row["id"]): row
            for row in session.db.rows(
                "SELECT v.id, a.address, a.phone AS account_phone, c.phone AS contact_phone,"
                " s.key AS stage, o.amount FROM activity v JOIN account a ON a.id = v.account_id"
                " LEFT JOIN contact c ON c.id = v.contact_id"
                " LEFT JOIN opportunity o ON o.id = v.opportunity_id"
                " LEFT JOIN stage s ON s.id = o.stage_id"
                f" WHERE v.id IN ({', '.join('?' for _ in activities)})",
                [activity.id for activity in activities],
            )
        }
        if activities
        else {}
    )
    items = [
        AgendaItem(
            activity=activity,
            address=extras[activity.id]["address"],
            account_phone=extras[activity.id]["account_phone"],
            contact_phone=extras[activity.id]["contact_phone"],
            stage=extras[activity.id]["stage"],
            amount=None
            if extras[activity.id]["amount"] is None
            else from_minor(int(extras[activity.id]["amount"])),
        )
        for activity in activities
    ]
    owner_handle = None
    if owner_id is not None:
        owner_handle = str(session.db.scalar("SELECT handle FROM rep WHERE id = ?", (owner_id,)))
    return Agenda(day=chosen, owner=owner_handle, items=items)
