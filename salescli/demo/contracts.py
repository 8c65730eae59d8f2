"""The demo's contracts, planned as dated steps that run with the deals' history (in date
order, through the ordinary services): four won deals become contracts in several
states, one amended to version 2, one with a schedule holding a paid, a partly paid and
an overdue installment, and its account at its credit limit.

Each contract is made for the latest deal won by its first day that has none yet, of
those sold from the first stage: a reorder at the agreed prices needs no new contract."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from salescli.demo.timeline import Step
from salescli.services.core.session import Session
from salescli.services.orders import contract_lifecycle, contracts, credit, receivables

MANAGER = "maria"
# After each day's history steps.
ORDER = 1_000_000
SUSPEND_REASON = "customer's site closed for renovation"


class Plan:
    """The steps, and the contracts they made (by their letter: a, b, c, d)."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.steps: list[Step] = []
        self.numbers: dict[str, str] = {}

    def on(self, days_ago: int, action: Callable[[Session], Any]) -> None:
        day = self.today - timedelta(days=days_ago)
        self.steps.append(
            Step(day, ORDER + len(self.steps), MANAGER, lambda session, _ids: action(session))
        )

    def draft(self, letter: str, days_ago: int, *, approve: bool = True) -> None:
        """A contract for the latest won deal without one, submitted (and approved)."""

        def make(session: Session) -> None:
            row = session.db.row(
                "SELECT o.id, o.amount, r.handle FROM opportunity o"
                " JOIN rep r ON r.id = o.owner_id WHERE o.status = 'won'"
                " AND o.closed_on <= ? AND o.amount IS NOT NULL AND NOT EXISTS"
                " (SELECT 1 FROM contract c WHERE c.opportunity_id = o.id)"
                " AND (SELECT s.key FROM stage_change h JOIN stage s ON s.id = h.to_stage_id"
                "  WHERE h.opportunity_id = o.id AND h.from_stage_id IS NULL) = 'prospect'"
                " ORDER BY o.closed_on DESC, o.id LIMIT 1",
                (session.today.isoformat(),),
            )
            assert row is not None, "the history has won deals"
            session.act_as(str(row["handle"]))
            contract = contracts.new_contract(
                session,
                opportunity_id=int(row["id"]),
                amount=Decimal(int(row["amount"])) / 100,
                start_on=session.today + timedelta(days=10),
                end_on=session.today + timedelta(days=375),
            )
            self.numbers[letter] = contract.number
            contract_lifecycle.change_status(session, ref=contract.number, command="submit")
            if approve:
                session.act_as(MANAGER)
                contract_lifecycle.change_status(session, ref=contract.number, command="approve")

        self.on(days_ago, make)

    def owner(self, session: Session, letter: str) -> str:
        """Continue as the contract's owner; returns its number."""
        contract = contracts.resolve_contract(session, self.numbers[letter])
        session.act_as(str(contract.owner))
        return contract.number

    def move(self, letter: str, days_ago: int, command: str) -> None:
        def act(session: Session) -> None:
            number = self.owner(session, letter)
            if command == "sign":
                contract_lifecycle.sign_contract(session, ref=number)
                return
            reason = SUSPEND_REASON if command == "suspend" else None
            contract_lifecycle.change_status(session, ref=number, command=command, reason=reason)

        self.on(days_ago, act)

    def pay(self, letter: str, days_ago: int, position: int, share: Decimal, ref: str) -> None:
        """Pay ``share`` of installment ``position``."""

        def act(session: Session) -> None:
            number = self.owner(session, letter)
            schedule = receivables.schedule_of(session, contracts.resolve_contract(session, number))
            owed = schedule.installments[position - 1].amount
            receivables.record_payment(
                session,
                ref=number,
                amount=(owed * share).quantize(Decimal("0.01")),
                received_on=session.today,
                bank_ref=ref,
            )

        self.on(days_ago, act)


def contract_steps(today: date) -> tuple[list[Step], dict[str, str]]:
    """The contracts' steps, and (filled as they run) their numbers by letter: ``a`` with
    the paid, partly paid and overdue installments, ``b`` amended, ``c`` waiting for
    approval, ``d`` suspended."""
    plan = Plan(today)
    # d: signed, started, suspended 45 days ago.
    plan.draft("d", 200)
    plan.move("d", 195, "sign")
    plan.move("d", 190, "start")
    plan.move("d", 45, "suspend")
    # a: signed 150 days ago; paid, partly paid, overdue, and one to come.
    plan.draft("a", 160)
    plan.move("a", 150, "sign")
    plan.on(
        150,
        lambda session: receivables.plan_schedule(
            session,
            ref=plan.owner(session, "a"),
            split=[Decimal(30), Decimal(30), Decimal(30), Decimal(10)],
            due=["sign", "+45d", "+90d", "+180d"],
            notes=["预付款", "到货款", "验收款", "尾款"],
        ),
    )
    plan.pay("a", 148, 1, Decimal(1), "CMB-0042")
    plan.move("a", 140, "start")
    plan.pay("a", 100, 2, Decimal("0.5"), "CMB-0117")
    # b: running, amended to version 2, 60 % carried out.
    plan.draft("b", 100)
    plan.move("b", 95, "sign")
    plan.on(
        95,
        lambda session: receivables.plan_schedule(
            session, ref=plan.owner(session, "b"), split=[Decimal(50)] * 2, due=["sign", "+120d"]
        ),
    )
    plan.move("b", 90, "start")
    plan.pay("b", 90, 1, Decimal(1), "ICBC-7781")

    def amend(session: Session) -> None:
        number = plan.owner(session, "b")
        contract = contracts.resolve_contract(session, number)
        more = (contract.amount * Decimal("0.1")).quantize(Decimal("0.01"))
        contracts.amend_contract(
            session,
            ref=number,
            reason="two more sites",
            amount=contract.amount + more,
            end_on=(contract.end_on or session.today) + timedelta(days=90),
        )
        receivables.add_installment(
            session,
            ref=number,
            amount=more,
            due_on=session.today + timedelta(days=90),
            note="two more sites",
        )

    plan.on(30, amend)
    plan.on(
        10,
        lambda session: contracts.report_progress(
            session, ref=plan.owner(session, "b"), percent=60, milestone="installed line 3"
        ),
    )
    # c: submitted for approval.
    plan.draft("c", 5, approve=False)

    # a's account at its credit limit, by a manager's 5C assessment.
    def at_limit(session: Session) -> None:
        session.act_as(MANAGER)
        account_id = contracts.resolve_contract(session, plan.numbers["a"]).account_id
        credit.set_credit(
            session,
            ref=str(account_id),
            limit=credit.exposure_of(session, account_id),
            scores=credit.parse_scores(
                "character=4,capacity=3,capital=3,collateral=2,conditions=4"
            ),
            note="held at the exposure until the overdue installments are paid",
        )

    plan.on(1, at_limit)
    return plan.steps, plan.numbers
