"""A realistic demo book built through the ordinary services, so it obeys every rule."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from salescli.errors import Refused
from salescli.models.enums import AccountStatus, ContactRole, LeadSource, LeadStatus, Role
from salescli.models.records import AccountDetail, Lead, Rep
from salescli.services import accounts, contacts, leads, reps
from salescli.services import sample_data as sample
from salescli.services.session import Session

DEMO_REPS = (
    ("maria", "Maria Gonzalez", Role.MANAGER),
    ("alice", "Alice Chen", Role.REP),
    ("bob", "Bob Li", Role.REP),
    ("wei", "张伟", Role.REP),
)
OWNERS = ("alice", "bob", "wei")
TOUR_REP = "alice"


@dataclass(frozen=True)
class DemoBook:
    """What the demo made, and what its tour shows: the team, the tour rep's due leads
    and one account in full."""

    reps: int
    accounts: int
    contacts: int
    leads: int
    tour_rep: str
    sample_account_id: int
    sample_lead_id: int
    team: list[Rep] = field(default_factory=list, repr=False)
    due: list[Lead] = field(default_factory=list, repr=False)
    sample_account: AccountDetail | None = field(default=None, repr=False)


def build_demo(session: Session, *, size: int = 30, seed: int = 7) -> DemoBook:
    """Fill an empty book: reps, ``size`` accounts with contacts and facts, 2 x size leads
    in every status with next actions around today."""
    if size < 1:
        raise Refused("--size must be at least 1")
    if session.db.scalar("SELECT count(*) FROM rep"):
        raise Refused(
            f"{session.db.path} already holds a book; the demo fills only a new database",
            hint="pass --db with a new file, or leave --db out for a throwaway one",
        )
    rng = random.Random(seed)
    today = session.today
    with session.db.transaction():
        for handle, name, role in DEMO_REPS:
            reps.add_rep(
                session, handle=handle, name=name, role=role, email=f"{handle}@example.com"
            )
        session.act_as("maria")
        first_account = _accounts(session, rng, size, today)
        lead_ids = _leads(session, rng, size * 2, today)
    session.act_as(TOUR_REP)
    return DemoBook(
        reps=len(DEMO_REPS),
        accounts=int(session.db.scalar("SELECT count(*) FROM account")),
        contacts=int(session.db.scalar("SELECT count(*) FROM contact")),
        leads=int(session.db.scalar("SELECT count(*) FROM lead")),
        tour_rep=TOUR_REP,
        sample_account_id=first_account,
        sample_lead_id=lead_ids[0],
        team=reps.list_reps(session),
        due=leads.list_leads(session, due=True),
        sample_account=accounts.show_account(session, ref=str(first_account)),
    )


def _accounts(session: Session, rng: random.Random, size: int, today: date) -> int:
    first = 0
    statuses = (
        AccountStatus.CUSTOMER,
        AccountStatus.PROSPECT,
        AccountStatus.PROSPECT,
        AccountStatus.CUSTOMER,
        AccountStatus.FORMER,
    )
    for index in range(size):
        chinese = index % 2 == 1
        account = accounts.add_account(
            session,
            name=sample.company_name(rng, chinese, serial=index + 1),
            industry=rng.choice(sample.INDUSTRIES),
            region=rng.choice(sample.REGIONS),
            phone=sample.phone(rng, chinese),
            status=statuses[index % len(statuses)],
            owner=OWNERS[index % len(OWNERS)],
        )
        first = first or account.id
        for contact_index in range(1 + index % 3):
            # Some birthdays fall in the coming fortnight, so reminders have something to say.
            birthday = today + timedelta(days=rng.randint(-200, 160))
            if contact_index == 0 and index % 4 == 0:
                birthday = today + timedelta(days=rng.randint(1, 14))
            contacts.add_contact(
                session,
                account=str(account.id),
                name=sample.person_name(rng, chinese),
                title=rng.choice(sample.TITLES),
                role=list(ContactRole)[contact_index % len(ContactRole)],
                phone=sample.phone(rng, chinese),
                email=f"contact{account.id}.{contact_index}@example.com",
                birthday=birthday.replace(year=rng.randint(1965, 1992)),
            )
        if index % 3 == 0:
            key, value = sample.FACTS[index % len(sample.FACTS)]
            accounts.set_fact(session, ref=str(account.id), key=key, value=value)
    return first


def _leads(session: Session, rng: random.Random, count: int, today: date) -> list[int]:
    plan = (
        LeadStatus.NEW,
        LeadStatus.CONTACTED,
        LeadStatus.CONTACTED,
        LeadStatus.QUALIFIED,
        LeadStatus.CONVERTED,
        LeadStatus.DISQUALIFIED,
    )
    ids = []
    for index in range(count):
        chinese = (index // 3) % 2 == 0  # every owner gets both kinds of name
        owner = OWNERS[index % len(OWNERS)]
        session.act_as(owner)
        lead = leads.add_lead(
            session,
            name=sample.person_name(rng, chinese),
            company=sample.company_name(rng, chinese) if index % 5 else None,
            title=rng.choice(sample.TITLES),
            phone=sample.phone(rng, chinese),
            email=f"lead{index + 1}@example.com",
            source=list(LeadSource)[index % len(LeadSource)],
            referred_by=sample.person_name(rng, chinese) if index % 8 == 0 else None,
            budget=Decimal(rng.randrange(20, 800) * 500),
            need=rng.choice(sample.NEEDS),
            next_action=today + timedelta(days=rng.randint(-6, 12)),
        )
        ids.append(lead.id)
        _advance(session, lead, plan[index % len(plan)], rng, today)
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
        leads.convert_lead(session, lead_id=lead.id)
