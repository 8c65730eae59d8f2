"""The money rules of receivables, on the services: a split adds up to the cent, receipts
pay the oldest installments first, overpayment only as a credit, reversals put the money
owed back, and the schedule never passes the contract."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescli.errors import InvalidValue, NotFound, Refused
from salescli.services.core.session import Session
from salescli.services.customers.accounts import add_account
from salescli.services.orders import contract_lifecycle, contracts, credit, receivables
from salescli.services.orders.receivables import split_amount
from tests.conftest import as_manager

D = Decimal


def signed(session: Session, amount: str = "100000", number: str = "C-1") -> str:
    """A signed contract of alice's at Acme for ``amount``."""
    if not session.db.scalar("SELECT 1 FROM account WHERE name = 'Acme'"):
        add_account(session, name="Acme")
    contracts.new_contract(session, account="Acme", amount=D(amount), number=number)
    contract_lifecycle.change_status(session, ref=number, command="submit")
    with as_manager(session):
        contract_lifecycle.change_status(session, ref=number, command="approve")
    contract_lifecycle.sign_contract(session, ref=number)
    return number


def owed(session: Session, number: str) -> list[tuple[int, str, str]]:
    """(position, amount, received) of each installment."""
    schedule = receivables.schedule_of(session, contracts.resolve_contract(session, number))
    return [(i.position, str(i.amount), str(i.received)) for i in schedule.installments]


def events(session: Session) -> int:
    return int(session.db.scalar("SELECT count(*) FROM event"))


def test_a_split_rounds_each_part_and_puts_the_rest_on_the_largest() -> None:
    assert split_amount(D("100.00"), [D(30), D(60), D(10)]) == [D(30), D(60), D(10)]
    # 0.0333 each rounds to 0.03: 0.09, and the cent left goes to the first of equals.
    assert split_amount(D("0.10"), [D("33.33"), D("33.33"), D("33.34")]) == [
        D("0.04"),
        D("0.03"),
        D("0.03"),
    ]
    # 0.025 each rounds half-up to 0.03: 0.06, one cent too many, taken from the first.
    assert split_amount(D("0.05"), [D(50), D(50)]) == [D("0.02"), D("0.03")]
    # 1,000.01 by 30/60/10: 300.00, 600.01 (600.006), 100.00.
    assert split_amount(D("1000.01"), [D(30), D(60), D(10)]) == [
        D("300.00"),
        D("600.01"),
        D("100.00"),
    ]


@given(
    cents=st.integers(min_value=0, max_value=10**13),
    parts=st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=12),
)
def test_any_split_adds_up_to_the_cent(cents: int, parts: list[int]) -> None:
    total = sum(parts)
    percents = [D(part) * 100 / D(total) for part in parts]
    # Percentages as typed have few decimals: scale the last so they add up to 100.
    percents = [p.quantize(D("0.01")) for p in percents]
    percents[-1] = D(100) - sum(percents[:-1])
    if percents[-1] <= 0:
        return
    amount = D(cents) / 100
    shares = split_amount(amount, percents)
    assert sum(shares) == amount
    assert all(share == share.quantize(D("0.01")) for share in shares)


def test_a_split_that_does_not_add_up_to_100_is_refused_naming_the_difference() -> None:
    with pytest.raises(InvalidValue, match=r"adds up to 90 %, not 100 % \(-10 %\)"):
        split_amount(D(1000), [D(30), D(60)])


def test_a_plan_splits_the_amount_and_pays_the_oldest_first(session: Session) -> None:
    number = signed(session, "1000.01")
    receivables.plan_schedule(
        session, ref=number, split=[D(30), D(60), D(10)], due=["sign", "+60d", "2027-06-01"]
    )
    assert owed(session, number) == [
        (1, "300.00", "0.00"),
        (2, "600.01", "0.00"),
        (3, "100.00", "0.00"),
    ]
    schedule = receivables.schedule_of(session, contracts.resolve_contract(session, number))
    assert [i.due_on for i in schedule.installments] == [
        date(2026, 11, 23),
        date(2027, 1, 22),
        date(2027, 6, 1),
    ]
    receipt = receivables.record_payment(
        session, ref=number, amount=D("500"), received_on=date(2026, 11, 23), bank_ref="B-1"
    )
    assert [(part.position, str(part.amount)) for part in receipt.parts] == [
        (1, "300.00"),
        (2, "200.00"),
    ]
    assert owed(session, number) == [
        (1, "300.00", "300.00"),
        (2, "600.01", "200.00"),
        (3, "100.00", "0.00"),
    ]


def test_a_payment_to_one_installment_pays_only_it(session: Session) -> None:
    number = signed(session, "1000")
    receivables.plan_schedule(session, ref=number, split=[D(50), D(50)], due=["sign", "+30d"])
    receivables.record_payment(
        session, ref=number, amount=D(100), received_on=session.today, installment=2
    )
    assert owed(session, number) == [(1, "500.00", "0.00"), (2, "500.00", "100.00")]
    with pytest.raises(Refused, match=r"500.00 is more than the 400.00 owed on installment 2"):
        receivables.record_payment(
            session, ref=number, amount=D(500), received_on=session.today, installment=2
        )
    with pytest.raises(NotFound, match="has no installment 3"):
        receivables.record_payment(
            session, ref=number, amount=D(1), received_on=session.today, installment=3
        )


def test_overpayment_is_refused_unless_kept_as_a_credit(session: Session) -> None:
    number = signed(session, "1000")
    receivables.plan_schedule(session, ref=number, split=[D(100)], due=["sign"])
    before = events(session)
    with pytest.raises(
        Refused, match=r"1,000.01 is more than the 1,000.00 owed on contract C-1 \(over by 0.01\)"
    ):
        receivables.record_payment(
            session, ref=number, amount=D("1000.01"), received_on=session.today
        )
    assert events(session) == before
    # Exactly what is owed is no overpayment.
    receivables.record_payment(session, ref=number, amount=D("999.99"), received_on=session.today)
    receipt = receivables.record_payment(
        session, ref=number, amount=D("5.01"), received_on=session.today, credit=True
    )
    assert (str(receipt.amount), str(receipt.credit)) == ("5.01", "5.00")
    assert owed(session, number) == [(1, "1000.00", "1000.00")]
    acme = credit.show_credit(session, ref="Acme")
    assert (str(acme.credit_balance), str(acme.outstanding)) == ("5.00", "0.00")


def test_a_reversed_receipt_is_owed_again_and_kept(session: Session) -> None:
    number = signed(session, "1000")
    receivables.plan_schedule(session, ref=number, split=[D(40), D(60)], due=["sign", "+30d"])
    receipt = receivables.record_payment(
        session, ref=number, amount=D(700), received_on=session.today
    )
    reversed_ = receivables.reverse_payment(session, receipt_id=receipt.id, reason="wrong contract")
    assert reversed_.reversed_at and reversed_.reverse_reason == "wrong contract"
    assert owed(session, number) == [(1, "400.00", "0.00"), (2, "600.00", "0.00")]
    assert session.db.scalar("SELECT count(*) FROM receipt") == 1
    with pytest.raises(Refused, match="reversed already"):
        receivables.reverse_payment(session, receipt_id=receipt.id, reason="again")


def test_a_schedule_never_passes_the_contract(session: Session) -> None:
    number = signed(session, "1000")
    receivables.add_installment(session, ref=number, amount=D(600), due_on=date(2027, 1, 1))
    with pytest.raises(
        Refused, match=r"add up to 1,000.01, more than contract C-1.s 1,000.00 \(over by 0.01\)"
    ):
        receivables.add_installment(
            session, ref=number, amount=D("400.01"), due_on=date(2027, 2, 1)
        )
    schedule = receivables.add_installment(
        session, ref=number, amount=D(400), due_on=date(2027, 2, 1)
    )
    assert (schedule.scheduled, schedule.unscheduled) == (D(1000), D(0))


def test_a_new_plan_keeps_installments_with_money_received(session: Session) -> None:
    number = signed(session, "1000")
    receivables.plan_schedule(session, ref=number, split=[D(30), D(70)], due=["sign", "+30d"])
    receivables.record_payment(session, ref=number, amount=D(100), received_on=session.today)
    receivables.plan_schedule(session, ref=number, split=[D(50), D(50)], due=["+60d", "+90d"])
    assert owed(session, number) == [
        (1, "300.00", "100.00"),
        (2, "350.00", "0.00"),
        (3, "350.00", "0.00"),
    ]


def test_an_amendment_never_rewrites_money_received(session: Session) -> None:
    number = signed(session, "1000")
    receivables.plan_schedule(session, ref=number, split=[D(100)], due=["sign"])
    receivables.record_payment(session, ref=number, amount=D(800), received_on=session.today)
    with pytest.raises(Refused, match=r"has received 800.00; its amount cannot be less \(799.99\)"):
        contracts.amend_contract(session, ref=number, reason="cheaper", amount=D("799.99"))
    change = contracts.amend_contract(session, ref=number, reason="more sites", amount=D(1200))
    assert change.notes == [
        "the payment schedule adds up to 1,000.00, the contract is now 1,200.00: adjust it"
        " with 'salescli receivable plan C-1 ...' or 'receivable add'"
    ]
    assert owed(session, number) == [(1, "1000.00", "800.00")]
    assert [v.amount for v in contracts.versions_of(session, change.contract.id)] == [
        D(1000),
        D(1200),
    ]


@pytest.mark.parametrize("status", ["draft", "terminated"])
def test_no_payment_on_a_draft_or_terminated_contract(session: Session, status: str) -> None:
    add_account(session, name="Acme")
    contracts.new_contract(session, account="Acme", amount=D(1000), number="C-1")
    if status == "terminated":
        contract_lifecycle.change_status(session, ref="C-1", command="terminate", reason="x")
    with pytest.raises(Refused, match=f"contract C-1 is {status}; money is received only"):
        receivables.record_payment(session, ref="C-1", amount=D(1), received_on=session.today)


def test_a_receipt_in_the_future_or_of_nothing_is_refused(session: Session) -> None:
    number = signed(session, "1000")
    receivables.plan_schedule(session, ref=number, split=[D(100)], due=["sign"])
    with pytest.raises(InvalidValue, match=r"in the future \(2026-11-24\)"):
        receivables.record_payment(session, ref=number, amount=D(1), received_on=date(2026, 11, 24))
    with pytest.raises(InvalidValue, match="cannot be negative"):
        receivables.record_payment(session, ref=number, amount=D(-1), received_on=session.today)
    with pytest.raises(InvalidValue, match="more than 0"):
        receivables.record_payment(session, ref=number, amount=D(0), received_on=session.today)
