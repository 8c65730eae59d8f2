"""The diary writes the reps' activities into the demo's plan as steps: logged, booked,
done, moved, cancelled; whom each is with, and each account's last touch."""

from __future__ import annotations

import random
from datetime import date
from functools import partial
from typing import Any

from salescli.demo import sample_data as sample
from salescli.demo.stories import Plan
from salescli.demo.timeline import Ids
from salescli.models.enums import ActivityType
from salescli.models.frozen import record
from salescli.services.activities import activities
from salescli.services.core.session import Session

VISIT_TIMES = ("09:00", "09:30", "10:00", "10:30", "11:00", "14:00", "14:30", "15:00", "16:00")
MEETINGS = ("visit", "meeting")  # the activities that move a deal on


@record
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


@record
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
