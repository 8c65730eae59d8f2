"""A realistic demo book built through the ordinary services, so it obeys every rule."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from itertools import zip_longest
from typing import Any

from salescli import dates
from salescli.demo import sample_data as sample
from salescli.errors import Refused
from salescli.models.enums import (
    AccountStatus,
    ActivityType,
    ContactRole,
    LeadSource,
    LeadStatus,
    LossReason,
    Role,
)
from salescli.models.records import AccountDetail, Lead, Rep
from salescli.services.activities import activities
from salescli.services.core import reps
from salescli.services.core.session import Session
from salescli.services.customers import accounts, contacts
from salescli.services.leads import leads
from salescli.services.overview import account as overview_account
from salescli.services.pipeline import archive, lifecycle, opportunities, shares
from salescli.services.pipeline.stages import open_stages

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
    # Activities by type and by status, and how many the tour rep has planned today.
    activities: dict[str, int] = field(default_factory=dict)
    activity_statuses: dict[str, int] = field(default_factory=dict)
    planned_today: int = 0


def build_demo(session: Session, *, size: int = 30, seed: int = 7) -> DemoBook:
    """Fill an empty book: reps, ``size`` accounts with contacts and facts, 2 x size leads
    in every status with next actions around today, some sixty-five deals with 18 months
    of funnel history (plus those the converted leads open today), and the calls, visits,
    emails, meetings and messages of those 18 months and of the week around today."""
    if size < 1:
        raise Refused("--size must be at least 1")
    if session.db.scalar("SELECT count(*) FROM rep"):
        raise Refused(
            f"{session.db.path} already holds a book; the demo fills only a new database",
            hint="pass --db with a new file, or leave --db out for a throwaway one",
        )
    rng = random.Random(seed)
    today = session.today
    # The team and its accounts were there before the history began, at a set time of
    # day: two demo books are alike.
    _on(session, today - timedelta(days=HISTORY_DAYS + 30), 0)
    with session.db.transaction():
        for handle, name, role in DEMO_REPS:
            reps.add_rep(
                session, handle=handle, name=name, role=role, email=f"{handle}@example.com"
            )
        session.act_as("maria")
        first_account = _accounts(session, rng, size, today, random.Random(seed + 3))
        # The deals' own random stream: they stay the same whatever the --size; and the
        # activities', which leaves the deals as they were.
        diary = random.Random(seed + 2)
        sample_deal, minute = _deals(session, random.Random(seed + 1), today, diary)
        _on(session, today, minute)  # after the history's steps of today
        lead_ids = _leads(session, rng, size * 2, today)
        _qualification_calls(session, diary, today, after=minute)
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
        sample_deal_id=sample_deal,
        activities=_count(session, "type"),
        activity_statuses=_count(session, "status"),
        planned_today=len(activities.agenda(session).items),
    )


def _count(session: Session, column: str) -> dict[str, int]:
    return {
        str(row[0]): int(row[1])
        for row in session.db.rows(
            f"SELECT {column}, count(*) FROM activity GROUP BY {column} ORDER BY count(*) DESC"
        )
    }


def _accounts(
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
        name = sample.company_name(rng, chinese, serial=index + 1)
        industry, region = rng.choice(sample.INDUSTRIES), rng.choice(sample.REGIONS)
        account = accounts.add_account(
            session,
            name=name,
            industry=industry,
            region=region,
            phone=sample.phone(rng, chinese),
            address=sample.address(places, region),
            status=statuses[index % len(statuses)],
            owner=OWNERS[index % len(OWNERS)],
        )
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


@dataclass
class Ids:
    """What the steps made so far, by their number in the plan: deals and activities."""

    deals: dict[int, int] = field(default_factory=dict)
    activities: dict[int, int] = field(default_factory=dict)


Action = Callable[[Session, Ids], None]


@dataclass(frozen=True)
class Mark:
    """A step of a deal's life: its day, the service that took it, the stage the deal is
    in after it, and who owned the deal then."""

    day: date
    service: Callable[..., Any]
    stage: str
    owner: str


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
        self.account, self.contact = account_id, contact
        self.chinese = _chinese(account_name)
        self.marks = [Mark(opened, opportunities.add_opportunity, self.stage, owner)]
        names = sample.CN_DEALS if self.chinese else sample.EN_DEALS
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
        self.marks.append(Mark(self.day, service, self.stage, self.owner))
        return self

    def advance(self, after_days: int, *, next_in: tuple[int, int] = (2, 9)) -> Story:
        self.stage = STAGES[STAGES.index(self.stage) + 1]
        rng = self.plan.rng
        return self.step(
            after_days,
            lifecycle.advance_opportunity,
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
        return self.step(after_days, lifecycle.win_opportunity, summary=summary)

    def lose(self, after_days: int, loss: tuple[str, str | None, str]) -> Story:
        reason, competitor, summary = loss
        return self.step(
            after_days,
            lifecycle.lose_opportunity,
            reason=LossReason(reason),
            competitor=competitor,
            summary=summary,
        )

    def back(self, after_days: int, to: str, note: str) -> Story:
        self.stage = to
        return self.step(after_days, lifecycle.move_back, to=to, note=note)

    def share(self, after_days: int, rep: str, split: int) -> Story:
        return self.step(after_days, shares.share_opportunity, rep=rep, split=Decimal(split))

    def suspend(self, after_days: int, *, until: date) -> Story:
        self.suspended = True
        return self.step(
            after_days,
            lifecycle.suspend_opportunity,
            reason=self.plan.rng.choice(sample.SUSPEND_REASONS),
            until=until,
        )

    def transfer(self, after_days: int, to: str, *, by: str, note: str) -> Story:
        self.day += timedelta(days=after_days)
        self.plan.add(
            self.day,
            by,
            partial(
                _move, deal=self.deal, service=lifecycle.transfer_opportunity, to=to, note=note
            ),
        )
        self.owner = to
        self.marks.append(Mark(self.day, lifecycle.transfer_opportunity, self.stage, to))
        return self


def _open_deal(session: Session, ids: Ids, *, deal: int, **fields: Any) -> None:
    ids.deals[deal] = opportunities.add_opportunity(session, **fields).id


def _move(
    session: Session,
    ids: Ids,
    *,
    deal: int,
    service: Callable[..., Any],
    **fields: Any,
) -> None:
    service(session, opportunity_id=ids.deals[deal], **fields)


def _archive(session: Session, ids: Ids, *, deals: list[int]) -> None:
    archive.archive_opportunities(session, ids=[ids.deals[deal] for deal in deals])


def _deals(
    session: Session, rng: random.Random, today: date, diary_rng: random.Random
) -> tuple[int, int]:
    """Some sixty deals with their history, and the activities of the whole book (from
    ``diary_rng``); returns the id of the deal worth showing, and how many steps (the
    minutes after 9:00) were taken today."""
    expected = {stage.key: stage.days or 0 for stage in open_stages(session)}
    plan = Plan(rng, today, _accounts_by_owner(session), expected)
    closed = _closed_deals(plan)
    live = [(_live_deal(plan, live), live) for live in LIVE_DEALS]
    sample_deal = _lost_and_reopened(plan)
    moved_back = _moved_back(plan)
    oldest = sorted(closed, key=lambda story: story.day)[:ARCHIVED_OLDEST]
    plan.add(
        today - timedelta(days=ARCHIVE_DAYS_AGO),
        "maria",
        partial(_archive, deals=[story.deal for story in oldest]),
    )
    # The activities come after every deal's steps in the plan, so on a day they follow
    # the deals' steps and leave the deals' ids and times as they were.
    _activities(
        Diary(plan, diary_rng),
        [*closed, *(story for story, _ in live), sample_deal, moved_back],
        working=[*(story for story, live in live if _live_open(plan, live)), sample_deal],
        stalled=[story for story, live in live if _stalled(plan, live) and not live.suspended],
        accounts=_accounts_to_touch(session),
    )
    ids = Ids()
    minutes: dict[date, int] = {}
    for step in sorted(plan.steps, key=lambda step: (step.day, step.order)):
        minutes[step.day] = minutes.get(step.day, 0) + 1
        _on(session, step.day, minutes[step.day])
        session.act_as(step.actor)
        step.action(session, ids)
    return ids.deals[sample_deal.deal], minutes.get(today, 0)


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


def _stalled(plan: Plan, live: Live) -> bool:
    return live.days_in_stage > plan.expected_days[live.stage]


def _live_open(plan: Plan, live: Live) -> bool:
    """Open (not suspended) and not stalled: a deal the rep is working on."""
    return not live.suspended and not _stalled(plan, live)


def _live_deal(plan: Plan, live: Live) -> Story:
    rng, today = plan.rng, plan.today
    entered = today - timedelta(days=live.days_in_stage)
    before = [rng.randint(*STAGE_DAYS[stage]) for stage in STAGES[: STAGES.index(live.stage)]]
    opened = entered - timedelta(days=sum(before))
    # The step the rep works on now is set when the deal enters its stage: overdue when
    # the deal has stalled there.
    stalled = _stalled(plan, live)
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
    return story


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
        lifecycle.reopen_opportunity,
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


# --- Activities --------------------------------------------------------------------------
#
# The reps' calls, visits, emails, meetings and messages are steps of the same plan, from
# their own random stream: along each deal's life (a first call when it opens, touches at
# about the pace its stage asks for, the visit that moved it on, a last call when it
# closed), with the accounts themselves (customers' check-ins, prospects' follow-ups), and
# the week around today that `visit agenda` and `remind` show.

# Days between two touches of a deal in a stage (the stages' cadences are 7, 3 and 2) ...
TOUCH_DAYS = {"prospect": (4, 15), "proposal": (2, 7), "negotiation": (2, 5)}
# ... and since the last one, for a deal the rep works on now, or one left to stall.
QUIET_DAYS = {"prospect": (1, 12), "proposal": (0, 6), "negotiation": (0, 4)}
STALLED_QUIET_DAYS = (15, 30)
# An account's own touches: days between them by its status, and since the last one for
# a customer or prospect (a third of them, and one of the tour rep's, are past the 30
# days' cadence); a former customer has not been called for months.
ACCOUNT_TOUCH_DAYS = {"customer": (18, 45), "prospect": (20, 60), "former": (25, 70)}
QUIET_ACCOUNT_DAYS = (2, 25)
DUE_ACCOUNT_DAYS = (32, 60)
FORMER_QUIET_DAYS = (150, 400)
BOOKED_AHEAD = 0.5  # the share of the visits that moved a deal on booked days before
VISIT_TIMES = ("09:00", "09:30", "10:00", "10:30", "11:00", "14:00", "14:30", "15:00", "16:00")
MEETINGS = ("visit", "meeting")  # the activities that move a deal on


@dataclass(frozen=True)
class Party:
    """Whom an activity is with: an account (its id), maybe one of its deals (by its
    number in the plan), and a contact there (id); ``chinese``: they write in Chinese."""

    account: str
    deal: int | None
    contact: str | None
    chinese: bool

    def refs(self, ids: Ids) -> dict[str, Any]:
        deal = None if self.deal is None else ids.deals[self.deal]
        return {"account": self.account, "opportunity": deal, "contact": self.contact}


@dataclass(frozen=True)
class Touchable:
    """An account of the demo as its own touches need it."""

    account: str
    status: str
    owner: str
    chinese: bool
    contacts: list[str]


def _log(session: Session, ids: Ids, *, party: Party, **fields: Any) -> None:
    activities.log_activity(session, **party.refs(ids), **fields)


def _book(session: Session, ids: Ids, *, key: int, party: Party, **fields: Any) -> None:
    ids.activities[key] = activities.plan_activity(session, **party.refs(ids), **fields).id


def _done(session: Session, ids: Ids, *, key: int, **fields: Any) -> None:
    activities.complete_activity(session, activity_id=ids.activities[key], **fields)


def _cancel(session: Session, ids: Ids, *, key: int, reason: str) -> None:
    activities.cancel_activity(session, activity_id=ids.activities[key], reason=reason)


def _rebook(session: Session, ids: Ids, *, key: int, at: activities.When) -> None:
    activities.move_activity(session, activity_id=ids.activities[key], at=at)


Entry = tuple[str, str, str]  # an activity's type and its text in English and in Chinese
VisitPlan = tuple[str, str | None, str | None]  # purpose, objective, minimum objective


class Diary:
    """Writes activities into the plan as steps, and keeps each account's last touch."""

    def __init__(self, plan: Plan, rng: random.Random) -> None:
        self.plan, self.rng, self.today = plan, rng, plan.today
        self.bookings = 0
        self.last_touch: dict[str, date] = {}
        self.lately: dict[tuple[str, int | None], list[Entry]] = {}

    def pick(self, party: Party, pool: tuple[Entry, ...]) -> Entry:
        """An entry of ``pool``, not one of the last two written about the same account
        or deal: a rep's notes do not repeat themselves."""
        lately = self.lately.setdefault((party.account, party.deal), [])
        entry = self.rng.choice([entry for entry in pool if entry not in lately] or pool)
        lately[:] = [*lately[-1:], entry]
        return entry

    def clock(self, activity_type: str) -> str:
        if activity_type in (*MEETINGS, "handover"):
            return self.rng.choice(VISIT_TIMES)
        return f"{self.rng.randint(8, 17):02d}:{self.rng.choice((0, 5, 15, 20, 30, 40, 45)):02d}"

    def _touched(self, party: Party, day: date) -> None:
        self.last_touch[party.account] = max(day, self.last_touch.get(party.account, day))

    def log(self, day: date, owner: str, party: Party, entry: Entry, **follow_up: Any) -> None:
        kind, english, chinese = entry
        self.plan.add(
            day,
            owner,
            partial(
                _log,
                party=party,
                activity_type=ActivityType(kind),
                at=(day, self.clock(kind)),
                outcome=chinese if party.chinese else english,
                **follow_up,
            ),
        )
        self._touched(party, day)

    def book(
        self, day: date, owner: str, party: Party, kind: str, at: activities.When, what: VisitPlan
    ) -> int:
        key, self.bookings = self.bookings, self.bookings + 1
        purpose, objective, minimum = what
        self.plan.add(
            day,
            owner,
            partial(
                _book,
                key=key,
                party=party,
                activity_type=ActivityType(kind),
                at=at,
                purpose=purpose,
                objective=objective,
                min_objective=minimum,
            ),
        )
        return key

    def done(self, key: int, at: activities.When, owner: str, party: Party, entry: Entry) -> None:
        outcome = entry[2] if party.chinese else entry[1]
        self.plan.add(at[0], owner, partial(_done, key=key, outcome=outcome, at=at))
        self._touched(party, at[0])

    def cancel(self, key: int, day: date, owner: str) -> None:
        reason = self.rng.choice(sample.CANCEL_REASONS)
        self.plan.add(day, owner, partial(_cancel, key=key, reason=reason))

    def move(self, key: int, day: date, owner: str, at: activities.When) -> None:
        self.plan.add(day, owner, partial(_rebook, key=key, at=at))


def _activities(
    diary: Diary,
    stories: list[Story],
    *,
    working: list[Story],
    stalled: list[Story],
    accounts: list[Touchable],
) -> None:
    """Every deal's activities, then the accounts' own, then the week around today of
    each rep (``working``: the open deals they work on; ``stalled``: those they left)."""
    for story in stories:
        _deal_diary(diary, story, stalled=story in stalled)
    _account_diary(diary, accounts, busy={story.account for story in [*working, *stalled]})
    for owner in OWNERS:
        _week(
            diary,
            owner,
            TOUR_WEEK if owner == TOUR_REP else TEAM_WEEK,
            working=[story for story in working if story.owner == owner],
            stalled=[story for story in stalled if story.owner == owner],
            customers=_in_turn(
                account
                for account in accounts
                if account.owner == owner and account.status == AccountStatus.CUSTOMER
            ),
        )


def _in_turn(accounts: Iterable[Touchable]) -> list[Touchable]:
    """Chinese and other accounts in turn, so that a rep's week has both."""
    chinese: list[Touchable] = []
    others: list[Touchable] = []
    for account in accounts:
        (chinese if account.chinese else others).append(account)
    return [account for pair in zip_longest(chinese, others) for account in pair if account]


def _accounts_to_touch(session: Session) -> list[Touchable]:
    contacts_of: dict[str, list[str]] = {}
    for row in session.db.rows("SELECT id, account_id FROM contact ORDER BY id"):
        contacts_of.setdefault(str(row["account_id"]), []).append(str(row["id"]))
    return [
        Touchable(
            str(row["id"]),
            str(row["status"]),
            str(row["handle"]),
            _chinese(row["name"]),
            contacts_of.get(str(row["id"]), []),
        )
        for row in session.db.rows(
            "SELECT a.id, a.name, a.status, r.handle FROM account a"
            " JOIN rep r ON r.id = a.owner_id ORDER BY a.id"
        )
    ]


def _workday(day: date, after: date) -> date:
    """``day``, or the Friday before it when it falls on a weekend and that Friday is
    still after ``after``."""
    friday = day - timedelta(days=max(0, day.weekday() - 4))
    return friday if friday > after else day


def _deal_diary(diary: Diary, story: Story, *, stalled: bool) -> None:
    """A deal's activities: one on each step of its life, and touches in between while
    it is open, up to a few days before the next step (or, still open, before today)."""
    rng = diary.rng
    party = Party(story.account, story.deal, story.contact, story.chinese)
    halts = (
        lifecycle.suspend_opportunity,
        lifecycle.win_opportunity,
        lifecycle.lose_opportunity,
    )
    active = False
    for index, mark in enumerate(story.marks):
        _step_activity(diary, story, party, mark)
        if mark.service in halts:
            active = False
        elif mark.service in (opportunities.add_opportunity, lifecycle.reopen_opportunity):
            active = True
        if not active:
            continue
        if index + 1 < len(story.marks):
            last = story.marks[index + 1].day - timedelta(days=rng.randint(1, 3))
        else:
            quiet = STALLED_QUIET_DAYS if stalled else QUIET_DAYS[mark.stage]
            last = diary.today - timedelta(days=rng.randint(*quiet))
        day = last
        while day > mark.day:
            touch = diary.pick(party, sample.DEAL_TOUCHES[mark.stage])
            diary.log(_workday(day, mark.day), mark.owner, party, touch)
            day -= timedelta(days=rng.randint(*TOUCH_DAYS[mark.stage]))


# The activity on the day of a step of a deal's life, by the service that took it.
STEP_TOUCHES: dict[Callable[..., Any], str] = {
    opportunities.add_opportunity: "open",
    lifecycle.move_back: "back",
    lifecycle.win_opportunity: "won",
    lifecycle.lose_opportunity: "lost",
    lifecycle.suspend_opportunity: "suspend",
    lifecycle.reopen_opportunity: "reopen",
}


def _step_activity(diary: Diary, story: Story, party: Party, mark: Mark) -> None:
    if mark.service is lifecycle.advance_opportunity:
        _moved_on(diary, story, party, mark)
    elif mark.service is lifecycle.transfer_opportunity:
        # The new owner meets the customer, introduced by the one who leaves.
        day = mark.day + timedelta(days=2)
        if day <= diary.today:
            diary.log(day, mark.owner, party, sample.DEAL_TOUCHES["handover"][0])
    elif mark.service in STEP_TOUCHES:
        touch = diary.pick(party, sample.DEAL_TOUCHES[STEP_TOUCHES[mark.service]])
        diary.log(mark.day, mark.owner, party, touch)


def _moved_on(diary: Diary, story: Story, party: Party, mark: Mark) -> None:
    """The visit or meeting after which the deal moved on: logged on the day, or booked
    days before with its objectives and done on the day (now and then moved a day, or
    cancelled and replaced by another meeting)."""
    rng, day, owner = diary.rng, mark.day, mark.owner
    entry = rng.choice([e for e in sample.DEAL_TOUCHES[mark.stage] if e[0] in MEETINGS])
    booked = max(story.marks[0].day, day - timedelta(days=rng.randint(1, 7)))
    if rng.random() >= BOOKED_AHEAD or booked == day:
        diary.log(day, owner, party, entry)
        return
    before = STAGES[STAGES.index(mark.stage) - 1]
    what = sample.VISIT_PLANS[before][party.chinese]
    time_of_day = diary.clock(entry[0])
    fate = rng.random()
    if fate < 0.1 and booked <= day - timedelta(days=2):
        key = diary.book(booked, owner, party, entry[0], (day - timedelta(days=1), "10:00"), what)
        diary.cancel(key, day - timedelta(days=2), owner)
        diary.log(day, owner, party, entry)
    elif fate < 0.25:
        yesterday = day - timedelta(days=1)
        key = diary.book(booked, owner, party, entry[0], (yesterday, time_of_day), what)
        diary.move(key, yesterday, owner, (day, time_of_day))
        diary.done(key, (day, time_of_day), owner, party, entry)
    else:
        key = diary.book(booked, owner, party, entry[0], (day, time_of_day), what)
        diary.done(key, (day, time_of_day), owner, party, entry)


def _account_diary(diary: Diary, accounts: list[Touchable], *, busy: set[str]) -> None:
    """Each account's own touches back from its last one. One of the tour rep's
    customers or prospects, with no deal worked on and no touch for weeks, is left past
    its cadence, so `remind` has an account to call."""
    rng, today = diary.rng, diary.today
    start = today - timedelta(days=HISTORY_DAYS)
    long_ago = today - timedelta(days=DUE_ACCOUNT_DAYS[0] + 5)
    forgotten = next(
        (
            account.account
            for account in accounts
            if account.owner == TOUR_REP
            and account.status != AccountStatus.FORMER
            and account.account not in busy
            and diary.last_touch.get(account.account, start) < long_ago
        ),
        None,
    )
    for account in accounts:
        if account.status == AccountStatus.FORMER:
            first = start + timedelta(days=rng.randint(0, 30))
            quiet = FORMER_QUIET_DAYS
        else:
            if account.status == AccountStatus.CUSTOMER:
                first = start + timedelta(days=rng.randint(0, 60))
            else:
                first = today - timedelta(days=rng.randint(60, 400))
            due = rng.random() < 1 / 3 or account.account == forgotten
            quiet = DUE_ACCOUNT_DAYS if due else QUIET_ACCOUNT_DAYS
        day = today - timedelta(days=rng.randint(*quiet))
        while True:
            contact = rng.choice(account.contacts) if account.contacts else None
            party = Party(account.account, None, contact, account.chinese)
            touch = diary.pick(party, sample.ACCOUNT_TOUCHES[account.status])
            diary.log(_workday(day, first), account.owner, party, touch)
            day -= timedelta(days=rng.randint(*ACCOUNT_TOUCH_DAYS[account.status]))
            if day <= first:
                break


@dataclass(frozen=True)
class Slot:
    """A planned activity of a rep's week: its day and time of day (None: the whole day)
    from today, its type and what it is with (a deal in a stage, a 'stalled' deal, or a
    'customer'), and the day it was booked on. Then it may have been moved here from
    another day, or cancelled on a day; or it is the follow-up planned by a call logged
    on the day it was booked."""

    days: int
    time: str | None
    kind: str
    target: str
    booked: int
    moved_from: int | None = None
    cancelled: int | None = None
    follows: bool = False


# The tour rep's week: two visits left undone (overdue), today three visits and a call,
# and the days ahead.
TOUR_WEEK = (
    Slot(-5, "10:00", "visit", "stalled", booked=-9),
    Slot(-3, "15:00", "call", "prospect", booked=-6),
    Slot(-1, "10:00", "visit", "customer", booked=-8, cancelled=-2),
    Slot(0, "09:30", "visit", "negotiation", booked=-6),
    Slot(0, "11:00", "call", "proposal", booked=-2, follows=True),
    Slot(0, "14:00", "visit", "negotiation", booked=-4),
    Slot(0, "16:30", "visit", "customer", booked=-7),
    Slot(1, "10:00", "visit", "prospect", booked=-4, moved_from=-1),
    Slot(1, "15:30", "call", "customer", booked=-1),
    Slot(2, "09:30", "meeting", "stalled", booked=-3),
    Slot(3, None, "email", "proposal", booked=-1),
    Slot(4, "14:00", "visit", "prospect", booked=-2),
    Slot(9, "10:00", "visit", "proposal", booked=-1),
)
TEAM_WEEK = (
    Slot(-2, "16:00", "call", "stalled", booked=-5),
    Slot(0, "10:00", "visit", "negotiation", booked=-5),
    Slot(0, "15:00", "call", "customer", booked=-1),
    Slot(1, "14:00", "visit", "proposal", booked=-3),
    Slot(3, None, "message", "prospect", booked=0),
)


def _week(
    diary: Diary,
    owner: str,
    slots: tuple[Slot, ...],
    *,
    working: list[Story],
    stalled: list[Story],
    customers: list[Touchable],
) -> None:
    """The rep's planned activities around today, each with a deal in the stage it asks
    for (or another deal of theirs, or a customer), taken in turn."""
    rng, today = diary.rng, diary.today
    taken: dict[str, int] = {}
    for slot in slots:
        deals = stalled if slot.target == "stalled" else working
        pool = [story for story in deals if story.stage == slot.target] or deals
        if slot.target == "customer" or not pool:
            pool = []
        turn = taken.get(slot.target, 0)
        taken[slot.target] = turn + 1
        day, booked = today + timedelta(days=slot.days), today + timedelta(days=slot.booked)
        if pool:
            story = pool[turn % len(pool)]
            party = Party(story.account, story.deal, story.contact, story.chinese)
            booked = max(booked, story.marks[0].day)
            stage = story.stage
        elif customers:
            customer = customers[turn % len(customers)]
            contact = customer.contacts[0] if customer.contacts else None
            party = Party(customer.account, None, contact, customer.chinese)
            stage = "customer"
        else:
            continue
        at = (day, slot.time)
        what = _purpose(rng, slot.kind, stage, party.chinese)
        if slot.follows:
            calls = [e for e in sample.DEAL_TOUCHES.get(stage, ()) if e[0] == slot.kind]
            touch = rng.choice(calls or list(sample.ACCOUNT_TOUCHES["customer"]))
            diary.log(booked, owner, party, touch, next_step=what[0], next_at=at)
            continue
        first = (
            at if slot.moved_from is None else (today + timedelta(days=slot.moved_from), "10:00")
        )
        key = diary.book(booked, owner, party, slot.kind, first, what)
        if slot.moved_from is not None:
            diary.move(key, max(booked, first[0] - timedelta(days=1)), owner, at)
        if slot.cancelled is not None:
            diary.cancel(key, today + timedelta(days=slot.cancelled), owner)


def _purpose(rng: random.Random, kind: str, stage: str, chinese: bool) -> VisitPlan:
    """What a rep writes in a plan: a visit's or meeting's purpose and objectives, or a
    call's, email's or message's purpose."""
    if kind in MEETINGS:
        return sample.VISIT_PLANS[stage][chinese]
    if stage == "customer":
        return rng.choice(sample.ACCOUNT_PURPOSES[chinese]), None, None
    steps = [step for step in sample.NEXT_STEPS[stage] if _chinese(step) == chinese]
    return rng.choice(steps or list(sample.NEXT_STEPS[stage])), None, None


def _qualification_calls(session: Session, rng: random.Random, today: date, *, after: int) -> None:
    """The deals the converted leads opened today: the call that qualified each, logged
    at the minutes ``after`` the steps taken so far today."""
    kind, english, chinese = sample.DEAL_TOUCHES["qualified"][0]
    rows = session.db.rows(
        "SELECT o.id, o.account_id, o.contact_id, a.name, r.handle FROM opportunity o"
        " JOIN account a ON a.id = o.account_id JOIN rep r ON r.id = o.owner_id"
        " WHERE o.opened_on = ? AND o.last_touch IS NULL ORDER BY o.id",
        (today.isoformat(),),
    )
    for minute, row in enumerate(rows, start=after + 1):
        _on(session, today, minute)
        session.act_as(row["handle"])
        activities.log_activity(
            session,
            account=str(row["account_id"]),
            opportunity=int(row["id"]),
            contact=None if row["contact_id"] is None else str(row["contact_id"]),
            activity_type=ActivityType(kind),
            at=(today, f"{rng.randint(8, 9):02d}:{rng.choice((0, 15, 30, 45)):02d}"),
            outcome=chinese if _chinese(row["name"]) else english,
        )
