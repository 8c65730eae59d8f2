"""The demo book: what ``build_demo`` makes, in that order, through the ordinary
services, so it obeys every rule; and what its tour shows."""

from __future__ import annotations

import random
from dataclasses import field
from datetime import timedelta

from salescli.config import QuoteRules
from salescli.demo.activities import log_qualification_calls, plan_activities
from salescli.demo.contracts import contract_steps
from salescli.demo.customers import (
    add_accounts,
    add_installed_base,
    pin_a_promising_customer,
)
from salescli.demo.deals import plan_deals
from salescli.demo.leads import add_leads
from salescli.demo.marketing import attribute_to_campaigns, marketing_steps
from salescli.demo.quotes import DEMO_SELLER, DemoQuotes, quote_steps
from salescli.demo.team import DEMO_REPS, TOUR_REP, add_team
from salescli.demo.timeline import HISTORY_DAYS, on_day, run_steps
from salescli.errors import Refused
from salescli.models.frozen import record
from salescli.models.records import (
    AccountDetail,
    Aging,
    CollectionForecast,
    Lead,
    QuoteDocument,
    Rep,
)
from salescli.services.activities import activities
from salescli.services.core import reps
from salescli.services.core.session import Session
from salescli.services.leads import leads
from salescli.services.orders import collections, contracts
from salescli.services.orders.quote_document import quote_document
from salescli.services.overview import account as overview_account
from salescli.services.pipeline import opportunities


@record
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
    # Deals by status (open, suspended, won, lost), how many of them are archived and how
    # many open ones are stalled, and one deal whose history is worth a look.
    deals: dict[str, int] = field(default_factory=dict)
    archived_deals: int = 0
    stalled_deals: int = 0
    sample_deal_id: int | None = None
    # Activities by type and by status, and how many the tour rep has planned today.
    activities: dict[str, int] = field(default_factory=dict)
    activity_statuses: dict[str, int] = field(default_factory=dict)
    planned_today: int = 0
    # The contracts made (numbers), and what the tour shows of their money: the aging
    # and the collection forecast of the whole team.
    contracts: list[str] = field(default_factory=list)
    aging: Aging | None = field(default=None, repr=False)
    collections: CollectionForecast | None = field(default=None, repr=False)
    credit_account_id: int | None = None  # an account at its credit limit
    # The quotes the tour points at, their count by status, and the accepted one as the
    # customer received it.
    quotes: DemoQuotes | None = None
    quote_statuses: dict[str, int] = field(default_factory=dict)
    sample_quote: QuoteDocument | None = field(default=None, repr=False)


def build_demo(session: Session, *, size: int = 30, seed: int = 7) -> DemoBook:
    """Fill an empty book: reps, ``size`` accounts with contacts and facts, 2 x size leads
    in every status with next actions around today, some sixty-five deals with 18 months
    of funnel history (plus those the converted leads open today), twenty established
    customers with their yearly reorders, and the calls, visits,
    emails, meetings and messages of those 18 months and of the week around today; three
    campaigns with their leads and deals, and expenses in every state."""
    # Two accounts at least: one is held at its credit limit, and the quotes go to deals
    # on another.
    if size < 2:
        raise Refused("--size must be at least 2")
    if session.db.scalar("SELECT count(*) FROM rep"):
        raise Refused(
            f"{session.db.path} already holds a book; the demo fills only a new database",
            hint="pass --db with a new file, or leave --db out for a throwaway one",
        )
    rng = random.Random(seed)
    today = session.today
    # The team and its accounts were there before the history began, at a set time of
    # day: two demo books are alike.
    on_day(session, today - timedelta(days=HISTORY_DAYS + 30), 0)
    with session.db.transaction():
        add_team(session)
        session.act_as("maria")
        first_account = add_accounts(session, rng, size, today, random.Random(seed + 3))
        installed = add_installed_base(session, random.Random(seed + 4), size, today)
        # The deals' own random stream: they stay the same whatever the --size; and the
        # activities', which leaves the deals as they were.
        diary = random.Random(seed + 2)
        deals = plan_deals(session, random.Random(seed + 1), today, installed)
        plan_activities(session, deals, diary)
        signing, numbers = contract_steps(today)
        quoting, demo_quotes = quote_steps(today)
        steps = [*deals.plan.steps, *signing, *marketing_steps(today), *quoting]
        ids, minute = run_steps(session, steps, today)
        on_day(session, today, minute)  # after the history's steps of today
        lead_ids = add_leads(session, rng, size * 2, today)
        log_qualification_calls(session, diary, today, after=minute)
        attribute_to_campaigns(session, today, minute + 400)
        pin_a_promising_customer(session)  # as the manager, after the campaigns
        contract_numbers = [numbers[letter] for letter in "abcd" if letter in numbers]
    session.today, session._now = today, None
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
        sample_account=overview_account.show_account(session, ref=str(first_account)),
        deals={
            str(row["status"]): int(row["deals"])
            for row in session.db.rows(
                "SELECT status, count(*) AS deals FROM opportunity GROUP BY status"
            )
        },
        archived_deals=int(
            session.db.scalar("SELECT count(*) FROM opportunity WHERE archived_at IS NOT NULL")
        ),
        stalled_deals=len(opportunities.list_opportunities(session, stalled=True, everyone=True)),
        sample_deal_id=ids.deals[deals.showcase.deal],
        activities=_count(session, "type"),
        activity_statuses=_count(session, "status"),
        planned_today=len(activities.agenda(session).items),
        contracts=contract_numbers,
        aging=collections.aging(session, everyone=True),
        collections=collections.collection_forecast(session, everyone=True, past=5),
        credit_account_id=(
            contracts.resolve_contract(session, contract_numbers[0]).account_id
            if contract_numbers
            else None
        ),
        quotes=demo_quotes,
        quote_statuses={
            str(row[0]): int(row[1])
            for row in session.db.rows(
                "SELECT CASE WHEN status = 'sent' AND valid_until < ? THEN 'expired'"
                " ELSE status END AS shown, count(*) FROM quote WHERE superseded_at IS NULL"
                " GROUP BY shown ORDER BY shown",
                (today.isoformat(),),
            )
        },
        sample_quote=quote_document(
            session, number=demo_quotes.accepted, rules=QuoteRules(), seller=DEMO_SELLER
        ),
    )


def _count(session: Session, column: str) -> dict[str, int]:
    return {
        str(row[0]): int(row[1])
        for row in session.db.rows(
            f"SELECT {column}, count(*) FROM activity GROUP BY {column} ORDER BY count(*) DESC"
        )
    }
