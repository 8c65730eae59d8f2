"""Leads: unqualified prospects, from first contact to conversion.

Status moves ``new -> contacted -> qualified -> converted``, or to ``disqualified`` (with
a reason) from any open status. Qualification is MAN: money (can pay), authority (can
decide) and need (needs it); a lead is qualified only when all three are yes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from salescli.errors import InvalidValue, NotFound, Refused, UsageProblem
from salescli.models.enums import OPEN_LEAD_STATUSES, LeadSource, LeadStatus
from salescli.models.records import (
    Lead,
    LeadDetail,
    LeadTouch,
    Qualification,
)
from salescli.services.core import finding
from salescli.services.core.attribution import campaign_change, campaign_id
from salescli.services.core.duplicates import refuse_look_alikes
from salescli.services.core.edits import apply_changes, requested_changes, tidy
from salescli.services.core.events import record_event
from salescli.services.core.permissions import LEAD, require_owner
from salescli.services.core.reps import new_owner, owner_change, owner_scope
from salescli.services.core.rows import build, build_all, stored
from salescli.services.core.session import Session, writes

SELECT = (
    "SELECT l.id, l.name, l.company, l.title, l.phone, l.email, l.source, l.referred_by,"
    " l.budget, l.need, l.man_money, l.man_authority, l.man_need, l.status,"
    " l.disqualify_reason, l.next_action, l.note, r.handle AS owner, l.account_id,"
    " l.contact_id, l.external_id, l.created_at, l.updated_at, l.campaign_id,"
    " m.name AS campaign"
    " FROM lead l LEFT JOIN rep r ON r.id = l.owner_id"
    " LEFT JOIN campaign m ON m.id = l.campaign_id"
)
# The same list as the partial index ix_lead_open_due's condition (a test checks it), so
# the everyday list can use that index.
OPEN_STATUSES_SQL = "(" + ", ".join(f"'{status.value}'" for status in OPEN_LEAD_STATUSES) + ")"
# ``--status all``: leads of every status.
ALL_STATUSES = "all"
MAN_QUESTIONS = {"man_money": "money", "man_authority": "authority", "man_need": "need"}


def get_lead(session: Session, lead_id: int) -> Lead:
    row = session.db.row(f"{SELECT} WHERE l.id = ?", (lead_id,))
    if row is None:
        raise NotFound(f"no lead {lead_id}", hint="see 'salescli lead list --all'")
    return build(Lead, row)


def open_lead(session: Session, lead_id: int, action: str) -> Lead:
    """A lead still being worked, which the acting rep may change."""
    lead = get_lead(session, lead_id)
    require_owner(session, LEAD, lead_id, lead.owner)
    if lead.status == LeadStatus.CONVERTED:
        raise Refused(
            f"lead {lead_id} is converted; it cannot be {action}",
            hint=(
                f"see 'salescli account show {lead.account_id}'"
                if lead.account_id
                else "it was imported as converted, with no account"
            ),
        )
    if lead.status == LeadStatus.DISQUALIFIED:
        raise Refused(
            f"lead {lead_id} is disqualified ({lead.disqualify_reason}); it cannot be {action}",
            hint=f"reopen it with 'salescli lead edit {lead_id} --status contacted'",
        )
    return lead


@writes
def add_lead(
    session: Session,
    *,
    name: str,
    company: str | None = None,
    title: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    source: LeadSource | None = None,
    referred_by: str | None = None,
    budget: Decimal | None = None,
    need: str | None = None,
    next_action: date | None = None,
    note: str | None = None,
    owner: str | None = None,
    campaign: str | None = None,
    force: bool = False,
) -> Lead:
    """Add a lead; refused when a lead or contact has its phone or email, unless
    ``force``."""
    name = name.strip()
    company, title, phone, email = tidy(company), tidy(title), tidy(phone), tidy(email)
    referred_by, need, note = tidy(referred_by), tidy(need), tidy(note)
    if not name:
        raise InvalidValue("a lead needs a name")
    if not force:
        refuse_look_alikes(session, phone=phone, email=email, what=f"lead {name}")
    owner_rep = new_owner(session, owner)
    from_campaign = campaign_id(session, campaign) if campaign else None
    now = session.now()
    cursor = session.db.execute(
        "INSERT INTO lead (name, company, title, phone, email, source, referred_by, budget,"
        " need, status, next_action, note, owner_id, created_at, updated_at, campaign_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?)",
        (
            name,
            company,
            title,
            phone,
            email,
            stored(source),
            referred_by,
            stored(budget),
            need,
            stored(next_action),
            note,
            owner_rep.id,
            now,
            now,
            from_campaign,
        ),
    )
    lead_id = int(cursor.lastrowid or 0)
    record_event(
        session,
        entity="lead",
        entity_id=lead_id,
        action="add",
        changes={
            "name": name,
            "company": company,
            "owner": owner_rep.handle,
            **({"campaign_id": from_campaign} if from_campaign else {}),
        },
    )
    return get_lead(session, lead_id)


def list_leads(
    session: Session,
    *,
    status: LeadStatus | str | None = None,
    source: LeadSource | None = None,
    due: bool = False,
    owner: str | None = None,
    everyone: bool = False,
    search: str | None = None,
) -> list[Lead]:
    """Open leads by default; ``status`` picks any one status or 'all', ``due`` those
    whose next action is today or overdue (soonest first), ``search`` those matching a
    text (core.finding: name, company, e-mail, external id, note, phone by its digits)."""
    where: list[str] = []
    params: list[Any] = []
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    if owner_id is not None:
        where.append("l.owner_id = ?")
        params.append(owner_id)
    if status is None:
        where.append(f"l.status IN {OPEN_STATUSES_SQL}")
    elif status != ALL_STATUSES:
        where.append("l.status = ?")
        params.append(_lead_status(status).value)
    if source is not None:
        where.append("l.source = ?")
        params.append(source.value)
    if due:
        where.append("l.next_action <= ?")
        params.append(session.today.isoformat())
    matching = finding.search_condition(session, finding.LEAD, "l", search)
    if matching is not None:
        where.append(matching.sql)
        params.extend(matching.params)
    order = "l.next_action, l.id" if due else "l.next_action IS NULL, l.next_action, l.id"
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    sql = f"{SELECT}{clause} ORDER BY {order}"
    return build_all(Lead, session.db.rows(sql, params))


def _lead_status(status: LeadStatus | str) -> LeadStatus:
    if isinstance(status, LeadStatus):
        return status
    try:
        return LeadStatus(LeadStatus.parse(status, what="lead status"))
    except InvalidValue as err:
        choices = ", ".join([*LeadStatus.values(), ALL_STATUSES])
        raise UsageProblem(f"--status: {err.message}", hint=f"choose {choices}") from err


def show_lead(session: Session, *, lead_id: int) -> LeadDetail:
    lead = get_lead(session, lead_id)
    touches = build_all(
        LeadTouch,
        session.db.rows(
            "SELECT t.id, t.at, r.handle AS rep, t.note, t.next_action FROM lead_touch t"
            " LEFT JOIN rep r ON r.id = t.rep_id WHERE t.lead_id = ? ORDER BY t.at, t.id",
            (lead_id,),
        ),
    )
    account = contact = None
    if lead.account_id:
        account = session.db.scalar("SELECT name FROM account WHERE id = ?", (lead.account_id,))
    if lead.contact_id:
        contact = session.db.scalar("SELECT name FROM contact WHERE id = ?", (lead.contact_id,))
    return LeadDetail(lead=lead, touches=touches, account=account, contact=contact)


@writes
def edit_lead(
    session: Session,
    *,
    lead_id: int,
    name: str | None = None,
    company: str | None = None,
    title: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    source: LeadSource | None = None,
    referred_by: str | None = None,
    budget: Decimal | None = None,
    need: str | None = None,
    next_action: date | None = None,
    note: str | None = None,
    owner: str | None = None,
    status: LeadStatus | None = None,
    campaign: str | None = None,
) -> Lead:
    lead = get_lead(session, lead_id)
    require_owner(session, LEAD, lead_id, lead.owner)
    changes = requested_changes(
        name=name,
        company=company,
        title=title,
        phone=phone,
        email=email,
        referred_by=referred_by,
        need=need,
        note=note,
    )
    if "name" in changes and not changes["name"]:
        raise InvalidValue("a lead needs a name")
    for key, value in (("source", source), ("budget", budget), ("next_action", next_action)):
        if value is not None:
            changes[key] = stored(value) if key == "source" else value
    owner_changes, columns = owner_change(session, owner)
    changes.update(owner_changes)
    campaign_changes, campaign_columns = campaign_change(session, campaign)
    changes.update(campaign_changes)
    columns.update(campaign_columns)
    if status is not None and status != lead.status:
        if status in (LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED, LeadStatus.QUALIFIED):
            command = {"converted": "convert", "disqualified": "disqualify", "qualified": "qualify"}
            raise Refused(
                f"a lead becomes {status.value} through 'salescli lead {command[status.value]}'"
            )
        if lead.status == LeadStatus.CONVERTED:
            raise Refused(f"lead {lead_id} is converted; its status cannot change")
        changes["status"] = status.value
        if lead.status == LeadStatus.DISQUALIFIED:
            changes["disqualify_reason"] = None
    apply_changes(
        session, table="lead", entity="lead", record=lead, changes=changes, columns=columns
    )
    return get_lead(session, lead_id)


@writes
def touch_lead(
    session: Session, *, lead_id: int, note: str, next_action: date | None = None
) -> Lead:
    """Record a contact with the lead. A new lead becomes contacted. Without a new next
    action, a next action that was due is cleared (this touch was it); a later one stays."""
    if not note.strip(".… "):  # "..." is the placeholder remind prints
        raise InvalidValue("a touch needs a note saying what happened")
    lead = open_lead(session, lead_id, "touched")
    following = next_action
    if following is None and lead.next_action and lead.next_action > session.today:
        following = lead.next_action
    status = LeadStatus.CONTACTED.value if lead.status == LeadStatus.NEW else lead.status
    session.db.execute(
        "INSERT INTO lead_touch (lead_id, at, rep_id, note, next_action) VALUES (?, ?, ?, ?, ?)",
        (lead_id, session.now(), session.actor.id, note.strip(), stored(next_action)),
    )
    session.db.execute(
        "UPDATE lead SET status = ?, next_action = ?, updated_at = ? WHERE id = ?",
        (status, stored(following), session.now(), lead_id),
    )
    record_event(
        session,
        entity="lead",
        entity_id=lead_id,
        action="touch",
        changes={
            "note": note.strip(),
            "status": [lead.status, status],
            "next_action": [stored(lead.next_action), stored(following)],
        },
    )
    return get_lead(session, lead_id)


@writes
def qualify_lead(
    session: Session,
    *,
    lead_id: int,
    money_ok: bool | None = None,
    authority_ok: bool | None = None,
    need_ok: bool | None = None,
) -> Qualification:
    """Record MAN answers; the lead is qualified when all three are yes."""
    lead = open_lead(session, lead_id, "qualified")
    answers = {
        "man_money": lead.man_money if money_ok is None else money_ok,
        "man_authority": lead.man_authority if authority_ok is None else authority_ok,
        "man_need": lead.man_need if need_ok is None else need_ok,
    }
    missing = [MAN_QUESTIONS[key] for key, value in answers.items() if value is not True]
    if not missing:
        status = LeadStatus.QUALIFIED.value
    elif lead.status == LeadStatus.QUALIFIED:
        status = LeadStatus.CONTACTED.value
    else:
        status = lead.status
    changes = {**answers, "status": status}
    apply_changes(
        session, table="lead", entity="lead", record=lead, changes=changes, action="qualify"
    )
    if status != lead.status:
        # The day it became qualified (and no longer is, when an answer turned to no),
        # for the median days to qualification of `report leads`.
        qualified_on = session.today if status == LeadStatus.QUALIFIED.value else None
        session.db.execute(
            "UPDATE lead SET qualified_on = ? WHERE id = ?", (stored(qualified_on), lead_id)
        )
    return Qualification(
        lead=get_lead(session, lead_id), missing=missing, was_qualified=lead.status == "qualified"
    )


@writes
def disqualify_lead(session: Session, *, lead_id: int, reason: str) -> Lead:
    if not reason.strip():
        raise InvalidValue("say why the lead is disqualified (--reason)")
    lead = open_lead(session, lead_id, "disqualified")
    apply_changes(
        session,
        table="lead",
        entity="lead",
        record=lead,
        changes={
            "status": LeadStatus.DISQUALIFIED.value,
            "disqualify_reason": reason.strip(),
            "next_action": None,
        },
        action="disqualify",
    )
    return get_lead(session, lead_id)
