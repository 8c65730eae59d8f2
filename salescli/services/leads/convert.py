"""A qualified lead becomes a customer: an account (matched by name, or new), a contact
there, and a first deal. It stands above the customers and the pipeline, which the rest
of the lead service does not need (so `lead list` does not load them)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from salescli.errors import Refused, UsageProblem
from salescli.models.enums import LeadStatus
from salescli.models.records import Conversion
from salescli.services.core.edits import tidy
from salescli.services.core.events import record_event
from salescli.services.core.session import Session, writes
from salescli.services.customers.accounts import add_account, get_account
from salescli.services.customers.contacts import add_contact, get_contact
from salescli.services.leads.leads import get_lead, open_lead
from salescli.services.pipeline.opportunities import add_opportunity, expected_close


@writes
def convert_lead(
    session: Session,
    *,
    lead_id: int,
    force: bool = False,
    open_opportunity: bool = True,
    opportunity_name: str | None = None,
    amount: Decimal | None = None,
    close_date: date | None = None,
    stage: str | None = None,
) -> Conversion:
    """Make the lead a customer record: link the account whose name is the lead's company
    (or create it), add the lead as a contact there, mark the lead converted, and open an
    opportunity with the account (unless ``open_opportunity`` is false).

    The deal's amount defaults to the lead's budget; its close date to today plus the
    funnel's expected duration from the stage it starts in."""
    if not open_opportunity and any(
        value is not None for value in (opportunity_name, amount, close_date, stage)
    ):
        raise UsageProblem("--no-opportunity cannot be combined with the deal's options")

    lead = open_lead(session, lead_id, "converted")
    if lead.status != LeadStatus.QUALIFIED and not force:
        raise Refused(
            f"lead {lead_id} is {lead.status}, not qualified",
            hint=f"qualify it with 'salescli lead qualify {lead_id} --money yes --authority yes"
            " --need yes', or pass --force",
        )
    account_name = (lead.company or lead.name).strip()
    now = session.now()
    account_id = session.db.scalar(
        "SELECT id FROM account WHERE name = ? COLLATE NOCASE", (account_name,)
    )
    created = account_id is None
    if created:
        personal = lead.company is None  # the lead is the customer: their details are its
        account_id = add_account(
            session,
            name=account_name,
            phone=lead.phone if personal else None,
            email=lead.email if personal else None,
            owner=lead.owner,
        ).id
    contact_id = session.db.scalar(
        "SELECT id FROM contact WHERE account_id = ? AND name = ? COLLATE NOCASE",
        (account_id, lead.name),
    )
    if contact_id is None:
        contact_id = add_contact(
            session,
            account=str(account_id),
            name=lead.name,
            title=lead.title,
            phone=lead.phone,
            email=lead.email,
            force=True,  # the lead itself has this phone and email
        ).id
    session.db.execute(
        "UPDATE lead SET status = 'converted', account_id = ?, contact_id = ?, next_action = NULL,"
        " converted_on = ?, qualified_on = coalesce(qualified_on, ?), updated_at = ? WHERE id = ?",
        (
            account_id,
            contact_id,
            session.today.isoformat(),
            session.today.isoformat(),
            now,
            lead_id,
        ),
    )
    record_event(
        session,
        entity="lead",
        entity_id=lead_id,
        action="convert",
        changes={
            "account_id": account_id,
            "contact_id": contact_id,
            "status": [lead.status, "converted"],
        },
    )
    opportunity = None
    if open_opportunity:
        account_name = str(
            session.db.scalar("SELECT name FROM account WHERE id = ?", (account_id,))
        )
        opportunity = add_opportunity(
            session,
            account=str(account_id),
            name=tidy(opportunity_name) or lead.need or f"{account_name}: first deal",
            amount=amount if amount is not None else lead.budget,
            close_date=close_date or expected_close(session, stage),
            stage=stage,
            contact=str(contact_id),
            source=lead.source,
            owner=lead.owner,
            note=f"from lead {lead_id}",
            campaign=str(lead.campaign_id) if lead.campaign_id else None,
        )
        session.db.execute(
            "UPDATE lead SET opportunity_id = ? WHERE id = ?", (opportunity.id, lead_id)
        )
    return Conversion(
        lead=get_lead(session, lead_id),
        account=get_account(session, int(account_id)),
        contact=get_contact(session, int(contact_id)),
        account_created=created,
        opportunity=opportunity,
    )
