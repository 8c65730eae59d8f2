"""The demo's marketing: three campaigns (a trade fair that paid for itself many times,
a direct mailing that did not, and a webinar series still running), the leads and deals
they brought, and the team's expenses of the last weeks in every state."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from salescli.demo.timeline import Ids, Step, on_day
from salescli.models.enums import CampaignType
from salescli.services.core.session import Session
from salescli.services.leads import leads
from salescli.services.marketing import campaigns, expenses
from salescli.services.pipeline import opportunities

# name, type, region, owner, (planned, start, end) in days before today, budget,
# costs (days before today, amount), attendance (None: still running)
CAMPAIGNS = (
    ("Hannover Messe 2026", CampaignType.TRADE_SHOW, "Europe", "alice", (200, 180, 176),
     Decimal(60000), ((190, Decimal(24000)), (176, Decimal(19500))), 240),
    ("Autumn direct mail", CampaignType.DIRECT_MAIL, "华东", "wei", (120, 100, 90),
     Decimal(15000), ((100, Decimal(12800)), (90, Decimal(8300))), 35),
    ("Webinar series Q4", CampaignType.WEB, "Online", "bob", (40, 20, -30),
     Decimal(8000), ((18, Decimal(2500)),), None),
)  # fmt: skip
# Which leads (by source) and deals each campaign brought.
LEAD_SOURCES = ("trade-show", "direct-mail", "web")


# After a day's deal and activity steps.
ORDER = 100_000


def marketing_steps(today: date) -> list[Step]:
    """The campaigns' lives and the expenses, as dated steps of the demo's plan (so the
    history stays in date order)."""
    steps: list[Step] = []

    def step(days: int, actor: str, action: Callable[[Session], object]) -> None:
        def run(session: Session, _: Ids) -> None:
            action(session)

        steps.append(Step(today - timedelta(days=days), ORDER + len(steps), actor, run))

    for name, kind, region, owner, (planned, start, end), budget, costs, attendance in CAMPAIGNS:
        step(planned, owner, functools.partial(
            campaigns.add_campaign, name=name, kind=kind, region=region,
            start=today - timedelta(days=start), end=today - timedelta(days=end), budget=budget,
        ))  # fmt: skip
        step(planned - 1, "maria", functools.partial(campaigns.approve_campaign, ref=name))
        step(start, owner, functools.partial(campaigns.start_campaign, ref=name))
        for days, amount in costs:
            step(days, owner, functools.partial(
                campaigns.add_cost, ref=name, amount=amount, note="invoice"
            ))  # fmt: skip
        if attendance is not None:
            step(end - 4, owner, functools.partial(
                campaigns.close_campaign, ref=name, attendance=attendance
            ))  # fmt: skip
    for number, (rep, days, amount, category, nth, note, outcome) in enumerate(EXPENSES):
        step(days, rep, functools.partial(
            _add_expense, rep=rep, amount=amount, category=category, nth=nth, note=note,
            receipt=None if outcome == "rejected" else f"R-{1000 + number}",
        ))  # fmt: skip
        if outcome == "recorded":
            continue
        step(days - 1, rep, functools.partial(_decide, expenses.submit_expenses, note))
        if outcome == "submitted":
            continue
        if outcome == "rejected":
            step(days - 2, "maria", functools.partial(
                _decide, expenses.reject_expenses, note, reason="no receipt"
            ))  # fmt: skip
            continue
        step(days - 2, "maria", functools.partial(_decide, expenses.approve_expenses, note))
        if outcome == "reimbursed":
            step(days - 5, "maria", functools.partial(_decide, expenses.reimburse_expenses, note))
    return steps


def _add_expense(
    session: Session,
    *,
    rep: str,
    amount: Decimal,
    category: str,
    nth: int,
    note: str,
    receipt: str | None,
) -> None:
    account_id = session.db.scalar(
        "SELECT a.id FROM account a JOIN rep r ON r.id = a.owner_id WHERE r.handle = ?"
        " ORDER BY a.id LIMIT 1 OFFSET ?",
        (rep, nth),
    )
    expenses.add_expense(
        session,
        amount=amount,
        category=category,
        account=str(account_id) if account_id else None,
        note=note,
        receipt=receipt,
    )


def _decide(change: Callable[..., object], note: str, session: Session, **more: str) -> None:
    expense_id = int(session.db.scalar("SELECT id FROM expense WHERE note = ?", (note,)))
    change(session, ids=[expense_id], **more)


def attribute_to_campaigns(session: Session, today: date, minute: int) -> None:
    """Today, after the rest: the campaigns' leads and deals (as the manager)."""
    on_day(session, today, minute)
    session.act_as("maria")
    _attribute(session)


def _attribute(session: Session) -> None:
    """The trade fair: its leads, three of the largest deals won and one open; the
    mailing: its leads and a lost deal; the webinars: their leads."""
    for campaign_id, source in enumerate(LEAD_SOURCES, start=1):
        for (lead_id,) in session.db.tuples(
            "SELECT id FROM lead WHERE source = ? AND status != 'converted' ORDER BY id LIMIT 4",
            (source,),
        ):
            leads.edit_lead(session, lead_id=lead_id, campaign=str(campaign_id))
    # The mailing's lost deal is the smallest of new business (30,000 or more; amounts
    # are stored in hundredths), not a small customer's service reorder.
    picks = (
        (1, "status = 'won'", "amount DESC", 3),
        (1, "status = 'open'", "amount DESC", 1),
        (2, "status = 'lost' AND amount >= 3000000", "amount", 1),
    )
    for campaign_id, where, order, count in picks:
        for (deal_id,) in session.db.tuples(
            f"SELECT id FROM opportunity WHERE {where} AND archived_at IS NULL"
            f" AND campaign_id IS NULL ORDER BY {order}, id LIMIT ?",
            (count,),
        ):
            opportunities.edit_opportunity(
                session, opportunity_id=deal_id, campaign=str(campaign_id)
            )


# rep, days before today, amount, category, account (its n-th account of the rep), note,
# and what becomes of it: recorded, submitted, approved, rejected or reimbursed.
EXPENSES = (
    ("alice", 19, Decimal("380.00"), "entertainment", 2, "dinner with the plant director",
     "reimbursed"),
    ("alice", 15, Decimal("126.50"), "travel", 3, "train to the site visit", "approved"),
    ("alice", 12, Decimal("45.00"), "gifts", 2, "mooncakes", "rejected"),
    ("alice", 8, Decimal("62.00"), "meals", 4, "lunch after the demo", "submitted"),
    ("alice", 2, Decimal("210.00"), "samples", 3, "sample cartridges", "recorded"),
    ("bob", 14, Decimal("158.00"), "travel", 1, "taxi and hotel", "submitted"),
    ("bob", 4, Decimal("88.00"), "meals", 2, "coffee with procurement", "recorded"),
    ("wei", 10, Decimal("520.00"), "entertainment", 1, "招待客户晚宴", "approved"),
)  # fmt: skip
