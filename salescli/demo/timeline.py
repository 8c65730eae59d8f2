"""The demo's clock and its plan of dated steps.

Every deal's life, and every activity, is planned first as dated steps (open, advance,
win, lose, log a call, ...); then all steps run in date order through the ordinary
services, each on its own day, so the book's history (stage changes, events, ids) reads as
if it had been typed in over 18 months."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from salescli import dates
from salescli.models.frozen import record
from salescli.services.core.session import Session

HISTORY_DAYS = 540  # about 18 months before the demo's today


@dataclass
class Ids:
    """What the steps made so far, by their number in the plan: deals and activities."""

    deals: dict[int, int] = field(default_factory=dict)
    activities: dict[int, int] = field(default_factory=dict)


Action = Callable[[Session, Ids], None]


@record
class Step:
    """One step of the plan: its day, its place in the plan (the order of a day's steps),
    the rep who takes it and what it does."""

    day: date
    order: int
    actor: str
    action: Action


def on_day(session: Session, day: date, minute: int) -> None:
    """Continue as on ``day``: the services date what they record then, at a set time of
    day (9:00 plus a minute per step) so that two demo books are alike."""
    session.today = day
    clock = datetime.combine(day, datetime.min.time()) + timedelta(hours=9, minutes=minute)
    session._now = dates.stamp(day, clock.time())


def run_steps(session: Session, steps: Iterable[Step], today: date) -> tuple[Ids, int]:
    """Take ``steps`` in date order (on a day, in the order they were planned), each as its
    actor and at its own minute of its day; returns what they made, and how many steps
    (the minutes after 9:00) were taken ``today``."""
    ids = Ids()
    minutes: dict[date, int] = {}
    for step in sorted(steps, key=lambda step: (step.day, step.order)):
        minutes[step.day] = minutes.get(step.day, 0) + 1
        on_day(session, step.day, minutes[step.day])
        session.act_as(step.actor)
        step.action(session, ids)
    return ids, minutes.get(today, 0)
