"""Each rep's planned activities in the week around today: what `visit agenda` and
`remind` show."""

from __future__ import annotations

import random
from datetime import timedelta

from salescli.demo import sample_data as sample
from salescli.demo.diary import MEETINGS, Diary, Party, Touchable, VisitPlan
from salescli.demo.stories import Story
from salescli.models.frozen import record


@record
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


def plan_week(
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
    steps = [step for step in sample.NEXT_STEPS[stage] if sample.is_chinese(step) == chinese]
    return rng.choice(steps or list(sample.NEXT_STEPS[stage])), None, None
