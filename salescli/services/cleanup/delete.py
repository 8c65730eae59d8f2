"""Deleting a record entered by mistake, with a trace: its event keeps the rows removed and
the references cleared, so 'salescli undo' puts them back.

A deleted deal is gone, not lost: it counts in no report, win/loss included. What other
records referred to it (a visit on the deal, a lead converted into a contact) stays and
refers to nothing.
"""

from __future__ import annotations

from salescli.errors import Refused
from salescli.models.records import Deleted
from salescli.services.activities.activities import get_activity
from salescli.services.cleanup.trash import Trace, delete_rows
from salescli.services.core import permissions
from salescli.services.core.events import record_event
from salescli.services.core.session import Session, writes
from salescli.services.customers.accounts import resolve_account
from salescli.services.customers.contacts import get_contact
from salescli.services.leads.leads import get_lead
from salescli.services.pipeline.opportunities import get_opportunity


def _finish(session: Session, trace: Trace, *, entity: str, record_id: int, what: str) -> Deleted:
    delete_rows(session, trace)
    unlinked = sum(len(ids) for *_, ids in trace.relinked)
    record_event(
        session,
        entity=entity,
        entity_id=record_id,
        action="delete",
        changes=trace.changes(what=what),
    )
    return Deleted(
        entity=entity,
        id=record_id,
        what=what,
        removed={table: len(rows) for table, rows in trace.rows.items()},
        unlinked=unlinked,
    )


@writes
def delete_lead(session: Session, *, lead_id: int) -> Deleted:
    lead = get_lead(session, lead_id)
    permissions.require_owner(session, permissions.LEAD, lead.id, lead.owner)
    trace = Trace()
    trace.keep_rows(session, "lead", "id = ?", (lead.id,))
    trace.keep_rows(session, "lead_touch", "lead_id = ?", (lead.id,))
    return _finish(
        session, trace, entity="lead", record_id=lead.id, what=f"lead {lead.id} {lead.name}"
    )


@writes
def delete_contact(session: Session, *, contact_id: int) -> Deleted:
    contact = get_contact(session, contact_id)
    permissions.require_account_owner(session, contact.account_id)
    trace = Trace()
    trace.keep_rows(session, "contact", "id = ?", (contact.id,))
    trace.keep_rows(session, "contact_fact", "contact_id = ?", (contact.id,))
    for table in ("lead", "opportunity", "activity", "quote"):
        trace.relink(session, table, "contact_id", contact.id, None)
    what = f"contact {contact.id} {contact.name} ({contact.account})"
    return _finish(session, trace, entity="contact", record_id=contact.id, what=what)


def refuse_quoted(session: Session, column: str, record_id: int, what: str) -> None:
    """A deal or an account that was quoted stays: its quotes are what the customer was
    offered, and refer to it."""
    numbers = [
        int(row[0])
        for row in session.db.tuples(
            f"SELECT DISTINCT number FROM quote WHERE {column} = ? ORDER BY number", (record_id,)
        )
    ]
    if numbers:
        listed = ", ".join(map(str, numbers[:10])) + (", ..." if len(numbers) > 10 else "")
        raise Refused(
            f"{what} has {len(numbers)} quote{'s' if len(numbers) != 1 else ''} ({listed});"
            " nothing deleted",
            hint="a quote is a record of what the customer was offered; archive the deal instead",
        )


def deals_at(session: Session, account_id: int) -> list[int]:
    return [
        int(row[0])
        for row in session.db.tuples(
            "SELECT id FROM opportunity WHERE account_id = ? ORDER BY id", (account_id,)
        )
    ]


def refuse_with_contracts(session: Session, column: str, record_id: int, what: str) -> None:
    """A record with contracts stays: contracts and the money received under them are
    never deleted (a mistaken one is terminated)."""
    numbers = [
        str(row[0])
        for row in session.db.tuples(
            f"SELECT number FROM contract WHERE {column} = ? ORDER BY id LIMIT 4", (record_id,)
        )
    ]
    if numbers:
        raise Refused(
            f"{what} has contracts ({', '.join(numbers[:3])}{', ...' if len(numbers) > 3 else ''});"
            " nothing deleted",
            hint="contracts are never deleted; a mistaken one is ended with"
            " 'salescli contract terminate NUMBER --reason TEXT'",
        )


@writes
def delete_account(session: Session, *, ref: str, cascade: bool = False) -> Deleted:
    """Delete an account with its contacts, activities and facts; refused while it has
    deals, unless ``cascade`` (they go too)."""
    account = resolve_account(session, ref)
    permissions.require_owner(session, permissions.ACCOUNT, account.id, account.owner)
    refuse_quoted(session, "account_id", account.id, f"account {account.id} {account.name}")
    refuse_with_contracts(session, "account_id", account.id, f"account {account.id} {account.name}")
    deals = deals_at(session, account.id)
    if deals and not cascade:
        raise Refused(
            f"account {account.id} {account.name} has {len(deals)} deal"
            f"{'s' if len(deals) != 1 else ''} ({', '.join(map(str, deals[:10]))}"
            f"{', ...' if len(deals) > 10 else ''}); nothing deleted",
            hint="a deal entered by mistake: 'salescli opp delete ID'; --cascade deletes the"
            " account's deals with it",
        )
    activities = [
        int(row[0])
        for row in session.db.tuples("SELECT id FROM activity WHERE account_id = ?", (account.id,))
    ]
    permissions.refuse_others(session, permissions.DEAL, deals)
    permissions.refuse_others(session, permissions.ACTIVITY, activities)
    contacts = [
        int(row[0])
        for row in session.db.tuples("SELECT id FROM contact WHERE account_id = ?", (account.id,))
    ]
    trace = Trace()
    trace.keep_rows(session, "account", "id = ?", (account.id,))
    trace.keep_rows(session, "account_fact", "account_id = ?", (account.id,))
    trace.keep_rows(session, "contact", "account_id = ?", (account.id,))
    trace.keep_rows(
        session,
        "contact_fact",
        "contact_id IN (SELECT id FROM contact WHERE account_id = ?)",
        (account.id,),
    )
    trace.keep_rows(session, "opportunity", "account_id = ?", (account.id,))
    owned_deals = "opportunity_id IN (SELECT id FROM opportunity WHERE account_id = ?)"
    trace.keep_rows(session, "stage_change", owned_deals, (account.id,))
    trace.keep_rows(session, "opportunity_share", owned_deals, (account.id,))
    trace.keep_rows(session, "activity", "account_id = ?", (account.id,))
    # Leads converted into the account (or its contacts) stay, pointing at nothing.
    trace.relink(session, "lead", "account_id", account.id, None)
    for contact_id in contacts:
        trace.relink(session, "lead", "contact_id", contact_id, None)
    for activity_id in activities:
        trace.relink(session, "activity", "follows_id", activity_id, None)
    what = f"account {account.id} {account.name}"
    return _finish(session, trace, entity="account", record_id=account.id, what=what)


@writes
def delete_activity(session: Session, *, activity_id: int) -> Deleted:
    activity = get_activity(session, activity_id)
    permissions.require_owner(session, permissions.ACTIVITY, activity.id, activity.owner)
    trace = Trace()
    trace.keep_rows(session, "activity", "id = ?", (activity.id,))
    trace.relink(session, "activity", "follows_id", activity.id, None)
    # The last touch of the account and of the deal may have been this activity's day
    # (undo counts it in again).
    touched = [("account", activity.account_id)]
    if activity.opportunity_id is not None:
        touched.append(("opportunity", activity.opportunity_id))
    deleted = _finish(
        session,
        trace,
        entity="activity",
        record_id=activity.id,
        what=f"{activity.type} {activity.id} with {activity.account}",
    )
    for table, record_id in touched:
        column = "account_id" if table == "account" else "opportunity_id"
        session.db.execute(
            f"UPDATE {table} SET last_touch = (SELECT max(done_on) FROM activity"
            f" WHERE {column} = ? AND status = 'done') WHERE id = ?",
            (record_id, record_id),
        )
    return deleted


@writes
def delete_opportunity(session: Session, *, opportunity_id: int) -> Deleted:
    """Delete a deal entered by mistake: unlike a lost deal, it counts nowhere. Its owner's
    or a manager's to do: a co-owner works the deal but does not remove it."""
    deal = get_opportunity(session, opportunity_id)
    permissions.require_deal_owner(session, deal.id, deal.owner, co_owners=False)
    refuse_quoted(session, "opportunity_id", deal.id, f"opportunity {deal.id}")
    refuse_with_contracts(session, "opportunity_id", deal.id, f"deal {deal.id} {deal.name}")
    trace = Trace()
    trace.keep_rows(session, "opportunity", "id = ?", (deal.id,))
    trace.keep_rows(session, "stage_change", "opportunity_id = ?", (deal.id,))
    trace.keep_rows(session, "opportunity_share", "opportunity_id = ?", (deal.id,))
    trace.relink(session, "activity", "opportunity_id", deal.id, None)
    what = f"deal {deal.id} {deal.name} ({deal.account})"
    return _finish(session, trace, entity="opportunity", record_id=deal.id, what=what)
