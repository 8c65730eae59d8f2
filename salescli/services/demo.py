"""A realistic demo book built through the ordinary services, so it obeys every rule."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from salescli import dates
from salescli.errors import Refused
from salescli.models.enums import (
    AccountStatus,
    ContactRole,
    LeadSource,
    LeadStatus,
    LossReason,
    Role,
)
from salescli.models.records import AccountDetail, Lead, Rep
from salescli.services import accounts, contacts, leads, opportunities, reps
from salescli.services import sample_data as sample
from salescli.services.session import Session
from salescli.services.stages import open_stages

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
    # Deals by status (open, suspended, won, lost), how many of them are archived and how
    # many open ones are stalled, and one deal whose history is worth a look.
    deals: dict[str, int] = field(default_factory=dict)
    archived_deals: int = 0
    stalled_deals: int = 0
    sample_deal_id: int | None = None


def build_demo(session: Session, *, size: int = 30, seed: int = 7) -> DemoBook:
    """Fill an empty book: reps, ``size`` accounts with contacts and facts, 2 x size leads
    in every status with next actions around today, and some sixty-five deals with 18
    months of funnel history (plus those the converted leads open today)."""
    if size < 1:
        raise Refused("--size must be at least 1")
    if session.db.scalar("SELECT count(*) FROM rep"):
        raise Refused(
            f"{session.db.path} already holds a book; the demo fills only a new database",
            hint="pass --db with a new file, or leave --db out for a throwaway one",
        )
    rng = random.Random(seed)
    today = session.today
    _on(session, today, 0)  # a set time of day: two demo books are alike
    with session.db.transaction():
        for handle, name, role in DEMO_REPS:
            reps.add_rep(
                session, handle=handle, name=name, role=role, email=f"{handle}@example.com"
            )
        session.act_as("maria")
        first_account = _accounts(session, rng, size, today)
        # The deals' own random stream: they stay the same whatever the --size.
        sample_deal = _deals(session, random.Random(seed + 1), today)
        lead_ids = _leads(session, rng, size * 2, today)
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
        sample_account=accounts.show_account(session, ref=str(first_account)),
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
        sample_deal_id=sample_deal,
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
        # Shifted each round of the plan, so every owner has leads in every status.
        owner = OWNERS[(index + index // len(plan)) % len(OWNERS)]
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
            budget=Decimal(rng.randrange(60, 800) * 500),
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


# --- Deals -------------------------------------------------------------------------------
#
# Every deal's life is planned first as dated steps (open, advance, win, lose, ...); then
# all steps of all deals run in date order through the ordinary services, each on its own
# day, so the book's history (stage changes, events, ids) reads as if it had been typed in
# over 18 months.

HISTORY_DAYS = 540  # about 18 months before the demo's today
STAGES = ("prospect", "proposal", "negotiation")
# Days a deal spends in a stage before it moves on (the stages expect 60, 30 and 30).
STAGE_DAYS = {"prospect": (10, 70), "proposal": (7, 40), "negotiation": (5, 35)}
WINDOW_DAYS = 365  # what `opp funnel` observes by default
# Closed deals: how many ended where, in two cohorts: those closed before the funnel's
# default window (the last 12 months) and those opened inside it. With the live deals
# and the two stories below, the funnel observes about 60 % of prospects moving on, 75 %
# of proposals and 88 % of negotiations won, over the last 12 months as over the whole
# history.
OLDER_DEALS = (("lost", "prospect", 2), ("lost", "proposal", 1), ("won", "negotiation", 2))
RECENT_DEALS = (
    ("lost", "prospect", 21),
    ("lost", "proposal", 6),
    ("lost", "negotiation", 2),
    ("won", "negotiation", 13),
)
ARCHIVED_OLDEST = 4  # the oldest closed deals were archived in a clean-up
ARCHIVE_DAYS_AGO = 20


@dataclass(frozen=True)
class Live:
    """An open or suspended deal of the demo: its stage, how long it has been there, its
    owner and close date (days from today; negative: the date has passed)."""

    stage: str
    days_in_stage: int
    owner: str
    close_in: int
    suspended: bool = False
    share: tuple[str, int] | None = None
    transfer_to: str | None = None


LIVE_DEALS = (
    Live("prospect", 5, "alice", 120),
    Live("prospect", 12, "bob", 95),
    Live("prospect", 21, "wei", 140),
    Live("prospect", 34, "alice", 80),
    Live("prospect", 78, "alice", -12),  # stalled, and its close date has passed
    Live("prospect", 104, "bob", 30),  # stalled
    Live("prospect", 40, "wei", 150, suspended=True),
    Live("proposal", 3, "wei", 70),
    Live("proposal", 9, "alice", 45),
    Live("proposal", 17, "bob", 60, transfer_to="wei"),
    Live("proposal", 46, "wei", -5),  # stalled, close date passed
    Live("proposal", 50, "alice", 90, suspended=True),
    Live("negotiation", 6, "bob", 21),
    Live("negotiation", 14, "alice", 12, share=("wei", 40)),
    Live("negotiation", 41, "alice", -3),  # stalled, close date passed
    Live("negotiation", 35, "bob", 40, suspended=True),
)

Action = Callable[[Session, dict[int, int]], None]


@dataclass(frozen=True)
class Step:
    day: date
    order: int
    actor: str
    action: Action


@dataclass
class Plan:
    """The dated steps of every deal, and the accounts they are sold to."""

    rng: random.Random
    today: date
    accounts_by_owner: dict[str, list[tuple[str, str, str | None]]]
    expected_days: dict[str, int]
    steps: list[Step] = field(default_factory=list)
    deals: int = 0

    def add(self, day: date, actor: str, action: Action) -> None:
        if day > self.today:
            raise ValueError(f"a demo step on {day} is after today")  # a bug in the tables
        self.steps.append(Step(day, len(self.steps), actor, action))

    def account_for(self, owner: str) -> tuple[str, str, str | None]:
        """An account of ``owner`` (any account when they have none): id, name, contact."""
        pool = self.accounts_by_owner.get(owner) or [
            account for owned in self.accounts_by_owner.values() for account in owned
        ]
        return self.rng.choice(pool)


class Story:
    """One deal's life, written as steps of the plan from the day it was opened."""

    def __init__(
        self,
        plan: Plan,
        *,
        opened: date,
        owner: str,
        close_in: int,
        next_date: date | None = None,
    ) -> None:
        self.plan, self.day, self.owner = plan, opened, owner
        self.deal = plan.deals
        plan.deals += 1
        self.stage = STAGES[0]
        self.suspended = False
        rng = plan.rng
        account_id, account_name, contact = plan.account_for(owner)
        names = sample.CN_DEALS if _chinese(account_name) else sample.EN_DEALS
        plan.add(
            opened,
            owner,
            partial(
                _open_deal,
                deal=self.deal,
                account=account_id,
                contact=contact,
                name=rng.choice(names),
                amount=_amount(rng),
                close_date=opened + timedelta(days=close_in),
                source=rng.choice(sample.DEAL_SOURCES),
                owner=owner,
                next_step=rng.choice(sample.NEXT_STEPS[self.stage]),
                next_date=next_date or opened + timedelta(days=rng.randint(2, 9)),
            ),
        )

    def step(self, after_days: int, service: Callable[..., Any], **kwargs: Any) -> Story:
        self.day += timedelta(days=after_days)
        self.plan.add(
            self.day, self.owner, partial(_move, deal=self.deal, service=service, **kwargs)
        )
        return self

    def advance(self, after_days: int, *, next_in: tuple[int, int] = (2, 9)) -> Story:
        self.stage = STAGES[STAGES.index(self.stage) + 1]
        rng = self.plan.rng
        return self.step(
            after_days,
            opportunities.advance_opportunity,
            note=rng.choice(sample.ADVANCE_NOTES[self.stage]),
            next_step=rng.choice(sample.NEXT_STEPS[self.stage]),
            next_date=self.day + timedelta(days=after_days + rng.randint(*next_in)),
        )

    def through(self, last: str, durations: list[int]) -> Story:
        """Advance stage by stage up to ``last``, ``durations`` days in each before it."""
        for days in durations[: STAGES.index(last)]:
            self.advance(days)
        return self

    def win(self, after_days: int, summary: str) -> Story:
        return self.step(after_days, opportunities.win_opportunity, summary=summary)

    def lose(self, after_days: int, loss: tuple[str, str | None, str]) -> Story:
        reason, competitor, summary = loss
        return self.step(
            after_days,
            opportunities.lose_opportunity,
            reason=LossReason(reason),
            competitor=competitor,
            summary=summary,
        )

    def back(self, after_days: int, to: str, note: str) -> Story:
        self.stage = to
        return self.step(after_days, opportunities.move_back, to=to, note=note)

    def share(self, after_days: int, rep: str, split: int) -> Story:
        return self.step(after_days, opportunities.share_opportunity, rep=rep, split=Decimal(split))

    def suspend(self, after_days: int, *, until: date) -> Story:
        self.suspended = True
        return self.step(
            after_days,
            opportunities.suspend_opportunity,
            reason=self.plan.rng.choice(sample.SUSPEND_REASONS),
            until=until,
        )

    def transfer(self, after_days: int, to: str, *, by: str, note: str) -> Story:
        self.day += timedelta(days=after_days)
        self.plan.add(
            self.day,
            by,
            partial(
                _move, deal=self.deal, service=opportunities.transfer_opportunity, to=to, note=note
            ),
        )
        self.owner = to
        return self


def _open_deal(session: Session, ids: dict[int, int], *, deal: int, **fields: Any) -> None:
    ids[deal] = opportunities.add_opportunity(session, **fields).id


def _move(
    session: Session,
    ids: dict[int, int],
    *,
    deal: int,
    service: Callable[..., Any],
    **fields: Any,
) -> None:
    service(session, opportunity_id=ids[deal], **fields)


def _archive(session: Session, ids: dict[int, int], *, deals: list[int]) -> None:
    opportunities.archive_opportunities(session, ids=[ids[deal] for deal in deals])


def _deals(session: Session, rng: random.Random, today: date) -> int:
    """Some sixty deals with their history; returns the id of the one worth showing."""
    expected = {stage.key: stage.days or 0 for stage in open_stages(session)}
    plan = Plan(rng, today, _accounts_by_owner(session), expected)
    closed = _closed_deals(plan)
    for live in LIVE_DEALS:
        _live_deal(plan, live)
    sample_deal = _lost_and_reopened(plan)
    _moved_back(plan)
    oldest = sorted(closed, key=lambda story: story.day)[:ARCHIVED_OLDEST]
    plan.add(
        today - timedelta(days=ARCHIVE_DAYS_AGO),
        "maria",
        partial(_archive, deals=[story.deal for story in oldest]),
    )
    ids: dict[int, int] = {}
    minutes: dict[date, int] = {}
    for step in sorted(plan.steps, key=lambda step: (step.day, step.order)):
        minutes[step.day] = minutes.get(step.day, 0) + 1
        _on(session, step.day, minutes[step.day])
        session.act_as(step.actor)
        step.action(session, ids)
    _on(session, today, 0)
    return ids[sample_deal.deal]


def _on(session: Session, day: date, minute: int) -> None:
    """Continue as on ``day``: the services date what they record then, at a set time of
    day (9:00 plus a minute per step) so that two demo books are alike."""
    session.today = day
    clock = datetime.combine(day, datetime.min.time()) + timedelta(hours=9, minutes=minute)
    session._now = dates.stamp(day, clock.time())


def _accounts_by_owner(session: Session) -> dict[str, list[tuple[str, str, str | None]]]:
    by_owner: dict[str, list[tuple[str, str, str | None]]] = {}
    for row in session.db.rows(
        "SELECT a.id, a.name, r.handle,"
        " (SELECT min(c.id) FROM contact c WHERE c.account_id = a.id) AS contact"
        " FROM account a JOIN rep r ON r.id = a.owner_id ORDER BY a.id"
    ):
        contact = None if row["contact"] is None else str(row["contact"])
        by_owner.setdefault(row["handle"], []).append((str(row["id"]), row["name"], contact))
    return by_owner


def _closed_deals(plan: Plan) -> list[Story]:
    """Won and lost deals: a few closed in the six months before the funnel's window, the
    rest opened inside it; in each cohort every outcome is spread evenly over time."""
    rng, today = plan.rng, plan.today
    cohorts = (
        (
            today - timedelta(days=HISTORY_DAYS),
            today - timedelta(days=WINDOW_DAYS + 5),
            OLDER_DEALS,
        ),
        (today - timedelta(days=WINDOW_DAYS - 5), today - timedelta(days=3), RECENT_DEALS),
    )
    stories: list[Story] = []
    losses = wins = 0
    for first, closed_by, table in cohorts:
        for position, outcome, last in _spread(rng, table):
            durations = [
                rng.randint(*STAGE_DAYS[stage]) for stage in STAGES[: STAGES.index(last) + 1]
            ]
            # A paused deal can die: the first prospect lost was suspended for a month first.
            suspended = (
                outcome == "lost"
                and last == "prospect"
                and not any(story.suspended for story in stories)
            )
            if suspended:
                durations[-1] = max(durations[-1], 35)
            latest = closed_by - timedelta(days=sum(durations))
            opened = first + timedelta(days=int((latest - first).days * position))
            # Expected when opened: at or a little before it closed (deals slip), not later
            # than yesterday.
            expected = max(30, sum(durations) - rng.randint(0, 30))
            story = Story(
                plan,
                opened=opened,
                owner=OWNERS[len(stories) % len(OWNERS)],
                close_in=min(expected, (today - opened).days - 1),
            )
            story.through(last, durations)
            if outcome == "won":
                if not wins:
                    story.share(1, OWNERS[(len(stories) + 1) % len(OWNERS)], 25)
                    durations[-1] -= 1
                story.win(durations[-1], sample.WIN_SUMMARIES[wins % len(sample.WIN_SUMMARIES)])
                wins += 1
            else:
                if suspended:
                    story.suspend(durations[-1] - 30, until=story.day + timedelta(days=60))
                    durations[-1] = 30
                story.lose(durations[-1], sample.LOSSES[losses % len(sample.LOSSES)])
                losses += 1
            stories.append(story)
    return stories


def _spread(
    rng: random.Random, table: tuple[tuple[str, str, int], ...]
) -> list[tuple[float, str, str]]:
    """Each (outcome, last stage, count) of the table at evenly spaced positions in [0, 1),
    jittered a little, in the order of their positions."""
    return sorted(
        ((index + rng.uniform(0.25, 0.75)) / count, outcome, last)
        for outcome, last, count in table
        for index in range(count)
    )


def _live_deal(plan: Plan, live: Live) -> None:
    rng, today = plan.rng, plan.today
    entered = today - timedelta(days=live.days_in_stage)
    before = [rng.randint(*STAGE_DAYS[stage]) for stage in STAGES[: STAGES.index(live.stage)]]
    opened = entered - timedelta(days=sum(before))
    # The step the rep works on now is set when the deal enters its stage: overdue when
    # the deal has stalled there.
    stalled = live.days_in_stage > plan.expected_days[live.stage]
    next_in = -rng.randint(5, 15) if stalled else rng.randint(-3, 14)
    story = Story(
        plan,
        opened=opened,
        owner=live.owner,
        close_in=(today - opened).days + live.close_in,
        next_date=today + timedelta(days=next_in) if not before else None,
    )
    for index, days in enumerate(before):
        last = index == len(before) - 1
        story.advance(days, next_in=(next_in + live.days_in_stage,) * 2 if last else (2, 9))
    if live.share:
        story.share(1, *live.share)
    if live.transfer_to:
        story.transfer(
            live.days_in_stage - 5 - (story.day - entered).days,
            live.transfer_to,
            by="maria",
            note="territory change: the account moves to the south-China team",
        )
    if live.suspended:
        elapsed = (story.day - entered).days
        suspend_after = live.days_in_stage - rng.randint(5, 15) - elapsed
        story.suspend(suspend_after, until=today + timedelta(days=rng.randint(20, 60)))


def _lost_and_reopened(plan: Plan) -> Story:
    """Lost to a competitor, won back when their pilot failed; now in negotiation."""
    today = plan.today
    story = Story(plan, opened=today - timedelta(days=300), owner=TOUR_REP, close_in=120)
    story.advance(31).lose(
        24, ("competitor", "Northwind Controls", "Northwind offered a free pilot and a lower price")
    )
    reopened = (today - timedelta(days=62) - story.day).days
    story.step(
        reopened,
        opportunities.reopen_opportunity,
        note="Northwind's pilot failed acceptance; the plant manager asked us back",
    )
    story.share(2, "bob", 30)
    story.step(0, opportunities.edit_opportunity, close_date=today + timedelta(days=20))
    story.advance(35 - 2, next_in=(30, 30))
    return story


def _moved_back(plan: Plan) -> Story:
    """Back to prospect when the customer's new CFO re-scoped it, then won."""
    today = plan.today
    story = Story(plan, opened=today - timedelta(days=420), owner="bob", close_in=110)
    story.advance(40).back(
        20, "prospect", "new CFO re-scoped the project; budget and decision makers to qualify again"
    )
    story.advance(26).advance(18).win(
        22, "won after re-qualifying with the new CFO: smaller first phase, option on phase 2"
    )
    return story


def _amount(rng: random.Random) -> Decimal:
    """A B2B deal size between 30,000 and 2,000,000, most of them a few hundred thousand."""
    raw = math.exp(rng.uniform(math.log(30_000), math.log(2_000_000)))
    step = 1_000 if raw < 200_000 else 5_000
    return Decimal(min(2_000_000, max(30_000, round(raw / step) * step)))


def _chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)
