"""The demo's deals: some sixty of them over 18 months, in every stage and status,
whose observed conversions look like a real funnel's, and the installed base's reorders,
planned as stories."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from salescli.demo import sample_data as sample
from salescli.demo.stories import STAGES, Plan, Story
from salescli.demo.team import OWNERS, TOUR_REP
from salescli.demo.timeline import HISTORY_DAYS, Ids
from salescli.models.frozen import record
from salescli.services.core.session import Session
from salescli.services.pipeline import archive, lifecycle, opportunities
from salescli.services.pipeline.stages import open_stages

Account = tuple[str, str, str | None]  # id, name, contact id

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


@record
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


@record
class Deals:
    """The demo's deals as planned: every deal's story but the installed base's reorders,
    those the reps work on now (open and not stalled) and those left to stall, and the one
    worth showing."""

    plan: Plan
    stories: list[Story]
    reorders: list[Story]
    working: list[Story]
    stalled: list[Story]
    showcase: Story


def plan_deals(
    session: Session, rng: random.Random, today: date, installed: dict[str, list[Account]]
) -> Deals:
    """Some sixty deals with their history, the ``installed`` base's reorders (by owner),
    and the clean-up that archived the oldest closed deals, as steps of a plan (from
    ``rng``)."""
    expected = {stage.key: stage.days or 0 for stage in open_stages(session)}
    reordering = {account[0] for owned in installed.values() for account in owned}
    plan = Plan(rng, today, _accounts_by_owner(session, leave_out=reordering), expected)
    closed = _closed_deals(plan)
    live = [(_live_deal(plan, live), live) for live in LIVE_DEALS]
    sample_deal = _lost_and_reopened(plan)
    moved_back = _moved_back(plan)
    repeat = _repeat_purchases(plan, closed)
    reorders = _reorders(plan, installed)
    oldest = sorted(closed, key=lambda story: story.day)[:ARCHIVED_OLDEST]
    plan.add(
        today - timedelta(days=ARCHIVE_DAYS_AGO),
        "maria",
        partial(_archive, deals=[story.deal for story in oldest]),
    )
    return Deals(
        plan,
        stories=[*closed, *(story for story, _ in live), sample_deal, moved_back, *repeat],
        reorders=reorders,
        working=[*(story for story, live in live if _live_open(plan, live)), sample_deal],
        stalled=[story for story, live in live if _stalled(plan, live) and not live.suspended],
        showcase=sample_deal,
    )


def _archive(session: Session, ids: Ids, *, deals: list[int]) -> None:
    archive.archive_opportunities(session, ids=[ids.deals[deal] for deal in deals])


def _accounts_by_owner(session: Session, *, leave_out: set[str]) -> dict[str, list[Account]]:
    """The accounts new deals are sold to, by owner: all but those ``leave_out``."""
    by_owner: dict[str, list[Account]] = {}
    for row in session.db.rows(
        "SELECT a.id, a.name, r.handle,"
        " (SELECT min(c.id) FROM contact c WHERE c.account_id = a.id) AS contact"
        " FROM account a JOIN rep r ON r.id = a.owner_id ORDER BY a.id"
    ):
        if str(row["id"]) in leave_out:
            continue
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


# Repeat customers: the second and third biggest buyers of the last 12 months had bought
# in the 12 before as well: one about half as much (growing, in `account show`), one
# about as much (stable). Their earlier deals were opened this many days before today
# and won within the 145 days the stages can take, inside the 12 months before the last
# 12; smaller than the largest deals won, which the trade fair is credited with.
REPEAT_OPENED_DAYS_AGO = 525
REPEAT_SHARES = (Decimal("0.5"), Decimal("0.95"))


def _repeat_purchases(plan: Plan, closed: list[Story]) -> list[Story]:
    """The earlier deals of the second and third biggest buyers of the last 12 months
    (of those that had not bought before), planned last so the other deals stay as they
    were."""
    today = plan.today
    recent: dict[str, Decimal] = {}
    first_of: dict[str, Story] = {}
    earlier: set[str] = set()
    for story in closed:
        if story.marks[-1].service is not lifecycle.win_opportunity:
            continue
        if story.day <= today - timedelta(days=WINDOW_DAYS):
            earlier.add(story.account)
            continue
        recent[story.account] = recent.get(story.account, Decimal(0)) + story.amount
        first_of.setdefault(story.account, story)
    ranked = sorted(
        (account for account in recent if account not in earlier),
        key=lambda account: (-recent[account], account),
    )
    stories: list[Story] = []
    for account, share in zip(ranked[1:], REPEAT_SHARES, strict=False):
        bought_since = first_of[account]
        step = 5_000 if recent[account] * share >= 200_000 else 1_000
        story = Story(
            plan,
            opened=today - timedelta(days=REPEAT_OPENED_DAYS_AGO),
            owner=bought_since.marks[0].owner,
            close_in=120,
            account=(account, bought_since.account_name, bought_since.contact),
            amount=max(
                Decimal(30_000), (recent[account] * share / step).quantize(Decimal(1)) * step
            ),
        )
        durations = [plan.rng.randint(*STAGE_DAYS[stage]) for stage in STAGES]
        story.through("negotiation", durations)
        story.win(durations[-1], sample.WIN_SUMMARIES[len(stories) % len(sample.WIN_SUMMARIES)])
        stories.append(story)
    return stories


# The installed base's reorders at the agreed prices: they open in negotiation and close
# within weeks. Each customer reordered once in the 12 months before the last 12 and once
# in the last 12, from a little less to half as much again (stable, growing or declining
# in `account show`); a few more reorders were lost, about one in eight as negotiations
# are, so the funnel's observed conversions stay as they were.
REORDER_AMOUNTS = (30_000, 120_000)
# Opened this many days before today: closed (within 35 days) before the last 12 months
# and after the book's history began, or in the last 12 months and before today.
REORDER_BEFORE = (400, 530)
REORDER_NOW = (40, 330)
REORDER_CHANGE = (0.7, 1.5)
REORDERS_LOST = (2, 3)  # in the 12 months before the last 12, and in the last 12
# Every other installed customer is a small one, buying spare parts and service at a
# twentieth of those amounts (1,500 to 9,000 a reorder, a year apart): under the VIP rule
# (10,000 in one purchase, 20,000 in a month), so that VIP marks only some customers.
SMALL_CUSTOMER_SHARE = Decimal("0.05")


def _reorders(plan: Plan, installed: dict[str, list[Account]]) -> list[Story]:
    """Every installed customer's two reorders, and those lost, planned after the other
    deals so that these stay as they were."""
    rng = plan.rng
    stories: list[Story] = []
    everyone = [(owner, account) for owner, owned in installed.items() for account in owned]
    share = {
        account: SMALL_CUSTOMER_SHARE if position % 3 == 1 else Decimal(1)
        for position, (_, account) in enumerate(everyone)
    }
    for owner, account in everyone:
        before = rng.randint(*REORDER_AMOUNTS) // 1_000
        now = max(30, round(before * rng.uniform(*REORDER_CHANGE)))
        for opened, thousands in ((REORDER_BEFORE, before), (REORDER_NOW, now)):
            amount = thousands * 1_000 * share[account]
            story, days = _reorder(plan, owner, account, opened, amount)
            stories.append(story.win(days, rng.choice(sample.REORDER_WINS)))
    for count, opened in zip(REORDERS_LOST, (REORDER_BEFORE, REORDER_NOW), strict=True):
        for owner, account in rng.sample(everyone, count):
            amount = rng.randint(*REORDER_AMOUNTS) // 1_000 * 1_000 * share[account]
            story, days = _reorder(plan, owner, account, opened, amount)
            stories.append(story.lose(days, rng.choice(sample.REORDER_LOSSES)))
    return stories


def _reorder(
    plan: Plan, owner: str, account: Account, opened: tuple[int, int], amount: Decimal
) -> tuple[Story, int]:
    """A reorder opened in negotiation between ``opened`` days ago, and the days it
    takes to close."""
    rng, today = plan.rng, plan.today
    days = rng.randint(*STAGE_DAYS["negotiation"])
    story = Story(
        plan,
        opened=today - timedelta(days=rng.randint(*opened)),
        owner=owner,
        close_in=days,
        account=account,
        amount=amount,
        stage="negotiation",
        names=(sample.EN_REORDERS, sample.CN_REORDERS),
    )
    return story, days


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
