"""The demo's leads, in every status, with next actions around today."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from salescli.demo import sample_data as sample
from salescli.demo.team import OWNERS
from salescli.models.enums import LeadSource, LeadStatus
from salescli.models.records import Lead
from salescli.services.core.session import Session
from salescli.services.leads import convert, leads


def add_leads(session: Session, rng: random.Random, count: int, today: date) -> list[int]:
    plan = (
        LeadStatus.NEW,
        LeadStatus.CONTACTED,
        LeadStatus.CONTACTED,
        LeadStatus.QUALIFIED,
        LeadStatus.CONVERTED,
        LeadStatus.DISQUALIFIED,
    )
    ids = []
    # The names of the book's accounts. Converted, a lead joins the account named as its
    # company (or as the lead, without one), which may be another rep's and not theirs to
    # add to: a company that would take a name gets a number of its own, as the accounts
    # have, numbered on from theirs; a lead without one, named like an account, a company.
    taken = {str(name).casefold() for (name,) in session.db.tuples("SELECT name FROM account")}
    for index in range(count):
        chinese = (index // 3) % 2 == 0  # every owner gets both kinds of name
        # Shifted each round of the plan, so every owner has leads in every status.
        owner = OWNERS[(index + index // len(plan)) % len(OWNERS)]
        session.act_as(owner)
        name = sample.person_name(rng, chinese)
        company = (
            sample.company_name(rng, chinese, serial=len(taken) + 1, taken=taken)
            if index % 5
            else None
        )
        if company is None and name.casefold() in taken:
            company = sample.company_name(rng, chinese, serial=len(taken) + 1)
        lead = leads.add_lead(
            session,
            name=name,
            company=company,
            title=rng.choice(sample.TITLES),
            phone=sample.phone(rng, chinese),
            email=f"lead{index + 1}@example.com",
            source=list(LeadSource)[index % len(LeadSource)],
            referred_by=sample.person_name(rng, chinese) if index % 8 == 0 else None,
            budget=Decimal(rng.randrange(60, 800) * 500),
            need=rng.choice(sample.NEEDS),
            next_action=today + timedelta(days=rng.randint(-6, 12)),
            force=True,  # generated numbers may repeat; the demo is not about duplicates
        )
        ids.append(lead.id)
        target = plan[index % len(plan)]
        _advance(session, lead, target, rng, today)
        if target == LeadStatus.CONVERTED:
            taken.add((company or name).casefold())
    return ids


def _advance(
    session: Session, lead: Lead, target: LeadStatus, rng: random.Random, today: date
) -> None:
    if target == LeadStatus.NEW:
        return
    if target == LeadStatus.DISQUALIFIED:
        leads.disqualify_lead(session, lead_id=lead.id, reason="no budget this year")
        return
    leads.touch_lead(
        session,
        lead_id=lead.id,
        note="first call: interested, asked for a brochure",
        next_action=today + timedelta(days=rng.randint(-4, 10)),
    )
    if target == LeadStatus.CONTACTED:
        leads.qualify_lead(session, lead_id=lead.id, money_ok=True, need_ok=True)
        return
    leads.qualify_lead(session, lead_id=lead.id, money_ok=True, authority_ok=True, need_ok=True)
    if target == LeadStatus.CONVERTED:
        convert.convert_lead(session, lead_id=lead.id)
