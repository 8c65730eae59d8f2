"""A deal's life written as dated steps of the demo's plan: open, advance, share,
suspend, transfer, move back, win, lose, reopen."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from salescli.demo import sample_data as sample
from salescli.demo.timeline import Action, Ids, Step
from salescli.models.enums import LossReason
from salescli.models.frozen import record
from salescli.services.core.session import Session
from salescli.services.pipeline import lifecycle, opportunities, shares

STAGES = ("prospect", "proposal", "negotiation")


@record
class Mark:
    """A step of a deal's life: its day, the service that took it, the stage the deal is
    in after it, and who owned the deal then."""

    day: date
    service: Callable[..., Any]
    stage: str
    owner: str


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
        account: tuple[str, str, str | None] | None = None,
        amount: Decimal | None = None,
        stage: str = STAGES[0],
        names: tuple[tuple[str, ...], tuple[str, ...]] = (sample.EN_DEALS, sample.CN_DEALS),
    ) -> None:
        """``account`` (id, name, contact) and ``amount`` are drawn when not given; the
        deal opens in ``stage`` (a reorder at agreed prices skips the first ones), named
        from ``names`` (English, Chinese)."""
        self.plan, self.day, self.owner = plan, opened, owner
        self.deal = plan.deals
        plan.deals += 1
        self.stage = stage
        self.suspended = False
        rng = plan.rng
        account_id, account_name, contact = account or plan.account_for(owner)
        self.account, self.account_name, self.contact = account_id, account_name, contact
        self.chinese = sample.is_chinese(account_name)
        self.marks = [Mark(opened, opportunities.add_opportunity, self.stage, owner)]
        name = rng.choice(names[self.chinese])
        self.amount = amount if amount is not None else _amount(rng)
        plan.add(
            opened,
            owner,
            partial(
                _open_deal,
                deal=self.deal,
                account=account_id,
                contact=contact,
                name=name,
                amount=self.amount,
                stage=stage,
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


def _amount(rng: random.Random) -> Decimal:
    """A B2B deal size between 30,000 and 2,000,000, most of them a few hundred thousand."""
    raw = math.exp(rng.uniform(math.log(30_000), math.log(2_000_000)))
    step = 1_000 if raw < 200_000 else 5_000
    return Decimal(min(2_000_000, max(30_000, round(raw / step) * step)))
