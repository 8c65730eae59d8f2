"""The demo's accounts, their contacts and profile facts."""

from __future__ import annotations

import random
from datetime import date, timedelta

from salescli.config import value_rules
from salescli.demo import sample_data as sample
from salescli.demo.team import OWNERS
from salescli.models.enums import AccountStatus, ContactRole
from salescli.models.records import Account
from salescli.services.core.session import Session
from salescli.services.customers import accounts, contacts
from salescli.services.value import profile
from salescli.services.value.classify import classify_accounts


def _company(
    session: Session,
    rng: random.Random,
    places: random.Random,
    index: int,
    status: AccountStatus,
) -> Account:
    """The ``index``-th company (Chinese at odd places), owned in turn by the reps; its
    address drawn from ``places``."""
    chinese = index % 2 == 1
    name = sample.company_name(rng, chinese, serial=index + 1)
    industry, region = rng.choice(sample.INDUSTRIES), rng.choice(sample.REGIONS)
    return accounts.add_account(
        session,
        name=name,
        industry=industry,
        region=region,
        phone=sample.phone(rng, chinese),
        address=sample.address(places, region),
        status=status,
        owner=OWNERS[index % len(OWNERS)],
    )


def add_accounts(
    session: Session, rng: random.Random, size: int, today: date, places: random.Random
) -> int:
    """``size`` accounts with contacts; their addresses come from ``places``, a stream of
    their own, so the rest of the book stays as it was before accounts had them."""
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
        account = _company(session, rng, places, index, statuses[index % len(statuses)])
        first = first or account.id
        if index in (0, 3):  # two big customers ranked A: contacted every 14 days
            accounts.edit_account(session, ref=str(account.id), rank="A")
        for contact_index in range(1 + index % 3):
            # Some birthdays fall in the coming fortnight, so reminders have something to say.
            birthday = today + timedelta(days=rng.randint(-200, 160))
            if contact_index == 0 and index % 4 == 0:
                ahead = rng.randint(1, 14)
                if index == 0:  # the tour rep's first account: within `remind`'s week
                    ahead = 1 + (ahead - 1) % 7
                birthday = today + timedelta(days=ahead)
            contacts.add_contact(
                session,
                account=str(account.id),
                name=sample.person_name(rng, chinese),
                title=rng.choice(sample.TITLES),
                role=list(ContactRole)[contact_index % len(ContactRole)],
                phone=sample.phone(rng, chinese),
                email=f"contact{account.id}.{contact_index}@example.com",
                birthday=birthday.replace(year=rng.randint(1965, 1992)),
                force=True,  # generated numbers may repeat
            )
        answers: tuple[tuple[str, str], ...] = sample.PROFILE if index == 0 else ()
        if index % 3 == 0 and index:
            answers = (sample.FACTS[index % len(sample.FACTS)],)
        for key, value in answers:
            profile.set_profile(session, kind="account", ref=str(account.id), key=key, value=value)
    return first


# Established customers, there before the book's history began, who buy again and again
# (spare parts, consumables, service renewals). With them the book ranks over 40
# customers, so that the top 5 % (class B) reaches past the first customer by the rule.
INSTALLED_BASE = 20


def add_installed_base(
    session: Session, rng: random.Random, after: int, today: date
) -> dict[str, list[tuple[str, str, str | None]]]:
    """The established customers, numbered on from the ``after`` accounts before them,
    each with one contact (born months away from today, so reminders stay as they were),
    from ``rng``, a stream of their own: (id, name, contact id) of each, by owner."""
    added: dict[str, list[tuple[str, str, str | None]]] = {}
    for index in range(after, after + INSTALLED_BASE):
        chinese = index % 2 == 1
        account = _company(session, rng, rng, index, AccountStatus.CUSTOMER)
        birthday = today + timedelta(days=rng.randint(30, 330))
        contact = contacts.add_contact(
            session,
            account=str(account.id),
            name=sample.person_name(rng, chinese),
            title=rng.choice(sample.TITLES),
            role=ContactRole.DECISION_MAKER,
            phone=sample.phone(rng, chinese),
            email=f"contact{account.id}.0@example.com",
            birthday=birthday.replace(year=rng.randint(1965, 1992)),
            force=True,
        )
        added.setdefault(OWNERS[index % len(OWNERS)], []).append(
            (str(account.id), account.name, str(contact.id))
        )
    return added


def pin_a_promising_customer(session: Session) -> None:
    """Today, as the manager: class B pinned on the customer the rule ranks first in D,
    for its development potential; the pin keeps it through `account classify --apply`.
    Every class also holds customers by the rule alone."""
    ranked = classify_accounts(session, rules=value_rules(), everyone=True).rows
    promising = next((row for row in ranked if row.proposed == "D" and row.revenue > 0), None)
    if promising is not None:
        accounts.edit_account(session, ref=str(promising.id), rank="B", pinned=True)
