"""The reps' calls, visits, emails, meetings and messages, written as steps of the deals'
plan from their own random stream: along each deal's life (a first call when it opens,
touches at about the pace its stage asks for, the visit that moved it on, a last call when
it closed), with the accounts themselves (customers' check-ins, prospects' follow-ups), and
the week around today that `visit agenda` and `remind` show; then the calls that
qualified the leads converted today."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from itertools import zip_longest
from typing import Any

from salescli.demo import sample_data as sample
from salescli.demo.deals import Deals
from salescli.demo.diary import MEETINGS, Diary, Party, Touchable
from salescli.demo.stories import STAGES, Mark, Story
from salescli.demo.team import OWNERS, TOUR_REP
from salescli.demo.timeline import HISTORY_DAYS, on_day
from salescli.demo.week import TEAM_WEEK, TOUR_WEEK, plan_week
from salescli.models.enums import AccountStatus, ActivityType
from salescli.services.activities import activities
from salescli.services.core.session import Session
from salescli.services.pipeline import lifecycle, opportunities

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


def plan_activities(session: Session, deals: Deals, rng: random.Random) -> None:
    """Every deal's activities, then the accounts' own, then the week around today of
    each rep (with the open deals they work on, and those they left to stall), then the
    installed base's reorders and touches, as steps
    of the deals' plan from ``rng``. They come after every deal's steps in the plan, so on
    a day they follow the deals' steps and leave the deals' ids and times as they were."""
    diary = Diary(deals.plan, rng)
    installed = {story.account for story in deals.reorders}
    accounts: list[Touchable] = []
    base: list[Touchable] = []
    for account in _accounts_to_touch(session):
        (base if account.account in installed else accounts).append(account)
    working, stalled = deals.working, deals.stalled
    for story in deals.stories:
        _deal_diary(diary, story, stalled=story in stalled)
    _account_diary(diary, accounts, busy={story.account for story in [*working, *stalled]})
    for owner in OWNERS:
        plan_week(
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
    # The installed base last, so that the rest of the diary stays as it was: its reorders
    # and its own touches; it reorders by itself, and the reps' weeks go to the others.
    for story in deals.reorders:
        _deal_diary(diary, story, stalled=False)
    _account_diary(diary, base, busy=set())


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
            sample.is_chinese(row["name"]),
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


def log_qualification_calls(
    session: Session, rng: random.Random, today: date, *, after: int
) -> None:
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
        on_day(session, today, minute)
        session.act_as(row["handle"])
        activities.log_activity(
            session,
            account=str(row["account_id"]),
            opportunity=int(row["id"]),
            contact=None if row["contact_id"] is None else str(row["contact_id"]),
            activity_type=ActivityType(kind),
            at=(today, f"{rng.randint(8, 9):02d}:{rng.choice((0, 15, 30, 45)):02d}"),
            outcome=chinese if sample.is_chinese(row["name"]) else english,
        )
