"""Contracts on the services: the whole transition table (every move not in it refused,
naming the allowed ones), numbers, amendments, progress, lists and the credit limit at
its boundary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from salescli.errors import InvalidValue, Refused
from salescli.services.core.session import Session
from salescli.services.customers.accounts import add_account
from salescli.services.orders import contract_lifecycle, contracts, credit, receivables
from salescli.services.pipeline.opportunities import add_opportunity, get_opportunity
from tests.conftest import acting, as_manager

D = Decimal
COMMANDS = ("submit", "approve", "sign", "start", "complete", "close", "suspend", "resume",
            "terminate")  # fmt: skip
PATHS = {
    "draft": (),
    "submitted": ("submit",),
    "approved": ("submit", "approve"),
    "signed": ("submit", "approve", "sign"),
    "active": ("submit", "approve", "sign", "start"),
    "suspended": ("submit", "approve", "sign", "start", "suspend"),
    "completed": ("submit", "approve", "sign", "start", "complete"),
    "closed": ("submit", "approve", "sign", "start", "complete", "close"),
    "terminated": ("terminate",),
}
ALLOWED = {
    "draft": {"submit", "terminate"},
    "submitted": {"approve", "terminate"},
    "approved": {"sign", "terminate"},
    "signed": {"start", "terminate"},
    "active": {"complete", "suspend", "terminate"},
    "suspended": {"resume", "terminate"},
    "completed": {"close"},
    "closed": set(),
    "terminated": set(),
}


def move(session: Session, number: str, command: str) -> str:
    reason = "because" if command in ("suspend", "terminate") else None
    with as_manager(session):
        change = contract_lifecycle.change_status(
            session, ref=number, command=command, reason=reason
        )
    return change.to_status


@pytest.mark.parametrize("status", list(PATHS))
def test_every_transition_from_each_status(session: Session, status: str) -> None:
    add_account(session, name="Acme")
    for command in COMMANDS:
        number = f"{status}-{command}"
        contracts.new_contract(session, account="Acme", amount=D(100), number=number)
        for step in PATHS[status]:
            move(session, number, step)
        assert contracts.resolve_contract(session, number).status == status
        if command in ALLOWED[status]:
            move(session, number, command)
            continue
        events = session.db.scalar("SELECT count(*) FROM event")
        with pytest.raises(Refused) as refused:
            move(session, number, command)
        allowed = ", ".join(c for c in COMMANDS if c in ALLOWED[status])
        expected = f"contract {number} is {status}; it cannot {command}"
        assert refused.value.message == expected + (
            f" (from {status}: {allowed})" if allowed else ""
        )
        assert session.db.scalar("SELECT count(*) FROM event") == events
        assert contracts.resolve_contract(session, number).status == status


def test_the_history_keeps_every_move_with_who_and_when(session: Session) -> None:
    add_account(session, name="Acme")
    contracts.new_contract(session, account="Acme", amount=D(100), number="C-1")
    for command in PATHS["suspended"]:
        move(session, "C-1", command)
    history = contracts.contract_history(session, ref="c-1")
    assert [(s.action, s.from_status, s.to_status, s.rep) for s in history.steps] == [
        ("new", None, "draft", "alice"),
        ("submit", "draft", "submitted", "maria"),
        ("approve", "submitted", "approved", "maria"),
        ("sign", "approved", "signed", "maria"),
        ("start", "signed", "active", "maria"),
        ("suspend", "active", "suspended", "maria"),
    ]
    assert history.contract.status_reason == "because"
    assert history.steps[-1].on_date == date(2026, 11, 23)


def test_approving_is_for_managers(session: Session) -> None:
    add_account(session, name="Acme")
    contracts.new_contract(session, account="Acme", amount=D(100), number="C-1")
    contract_lifecycle.change_status(session, ref="C-1", command="submit")
    with pytest.raises(Refused, match="only a manager may approve contracts; alice is a rep"):
        contract_lifecycle.change_status(session, ref="C-1", command="approve")
    assert contracts.resolve_contract(session, "C-1").status == "submitted"


def test_another_reps_contract_is_theirs_to_change(session: Session) -> None:
    add_account(session, name="Acme")
    contracts.new_contract(session, account="Acme", amount=D(100), number="C-1")
    with acting(session, "bob"), pytest.raises(Refused, match="contract 1 belongs to alice"):
        contract_lifecycle.change_status(session, ref="C-1", command="submit")


def test_numbers_are_generated_per_year_and_never_taken_twice(session: Session) -> None:
    add_account(session, name="Acme")
    first = contracts.new_contract(session, account="Acme", amount=D(1))
    second = contracts.new_contract(session, account="Acme", amount=D(1))
    assert (first.number, second.number) == ("HT-2026-0001", "HT-2026-0002")
    with pytest.raises(Refused, match="contract number ht-2026-0001 is already taken"):
        contracts.new_contract(session, account="Acme", amount=D(1), number="ht-2026-0001")
    assert session.db.scalar("SELECT count(*) FROM contract") == 2


def test_a_contract_for_a_deal_takes_its_account_title_and_owner(session: Session) -> None:
    add_account(session, name="Acme", owner="bob")
    deal = add_opportunity(
        session, account="Acme", name="Line 3", amount=D(5000), close_date=date(2027, 1, 31)
    )
    with acting(session, "bob"):
        contract = contracts.new_contract(session, opportunity_id=deal.id, amount=D(4800))
    assert (contract.account, contract.title, contract.owner) == ("Acme", "Line 3", "bob")
    with acting(session, "bob"):
        contract_lifecycle.change_status(session, ref=contract.number, command="submit")
    move(session, contract.number, "approve")
    with acting(session, "bob"):
        signed = contract_lifecycle.sign_contract(session, ref=contract.number, win_deal=True)
    assert signed.notes == ["opportunity 1 (Line 3) won"]
    assert get_opportunity(session, deal.id).status == "won"
    assert [c.number for c in contracts.contracts_of_deal(session, deal.id)] == [contract.number]


def test_signing_without_winning_says_the_deal_is_open(session: Session) -> None:
    add_account(session, name="Acme")
    deal = add_opportunity(
        session, account="Acme", name="Line 3", amount=D(5000), close_date=date(2027, 1, 31)
    )
    contract = contracts.new_contract(session, opportunity_id=deal.id, amount=D(4800))
    move(session, contract.number, "submit")
    move(session, contract.number, "approve")
    signed = contract_lifecycle.sign_contract(session, ref=contract.number)
    assert signed.notes == [
        "opportunity 1 is still open: win it with 'salescli opp win 1 --summary TEXT'"
    ]
    assert get_opportunity(session, deal.id).status == "open"


def approved(session: Session, number: str, amount: str) -> None:
    contracts.new_contract(session, account="Acme", amount=D(amount), number=number)
    move(session, number, "submit")
    move(session, number, "approve")


def signed_and_planned(session: Session) -> None:
    """Acme, limit 1,000, with C-1 for 600 signed and planned in two halves."""
    add_account(session, name="Acme")
    with as_manager(session):
        credit.set_credit(session, ref="Acme", limit=D(1000))
    approved(session, "C-1", "600")
    contract_lifecycle.sign_contract(session, ref="C-1")
    receivables.plan_schedule(session, ref="C-1", split=[D(50)] * 2, due=["sign", "+30d"])


def test_the_credit_limit_allows_exactly_the_limit_and_refuses_a_cent_over(
    session: Session,
) -> None:
    signed_and_planned(session)
    receivables.record_payment(session, ref="C-1", amount=D(100), received_on=session.today)
    # Exposure 500 (owed on installments); 500.01 more is a cent over.
    approved(session, "C-2", "500.01")
    events = session.db.scalar("SELECT count(*) FROM event")
    with pytest.raises(Refused) as refused:
        contract_lifecycle.sign_contract(session, ref="C-2")
    assert refused.value.message == (
        "signing C-2 would take the account over its credit limit: limit 1,000.00,"
        " exposure 500.00 + 500.01, short by 0.01"
    )
    assert session.db.scalar("SELECT count(*) FROM event") == events
    contracts.amend_contract(session, ref="C-2", reason="a cent less", amount=D(500))
    contract_lifecycle.sign_contract(session, ref="C-2")
    shown = credit.show_credit(session, ref="Acme")
    assert (shown.outstanding, shown.unbilled, shown.exposure, shown.headroom) == (
        D(500),
        D(500),
        D(1000),
        D(0),
    )


def test_a_manager_may_pass_the_limit_with_a_reason_which_is_recorded(session: Session) -> None:
    add_account(session, name="Acme")
    with as_manager(session):
        credit.set_credit(session, ref="Acme", limit=D(100))
    approved(session, "C-1", "200")
    with pytest.raises(Refused, match="only a manager may pass an account's credit limit"):
        contract_lifecycle.sign_contract(session, ref="C-1", over_limit="strategic customer")
    with as_manager(session):
        contract_lifecycle.sign_contract(session, ref="C-1", over_limit="strategic customer")
    steps = contracts.contract_history(session, ref="C-1").steps
    assert (steps[-1].action, steps[-1].over_limit) == ("sign", "strategic customer")


def test_raising_a_signed_contract_allows_exactly_the_limit_and_refuses_a_cent_over(
    session: Session,
) -> None:
    signed_and_planned(session)
    # Exposure 600 (all owed on installments); raising by 400.01 is a cent over.
    events = session.db.scalar("SELECT count(*) FROM event")
    with pytest.raises(Refused) as refused:
        contracts.amend_contract(session, ref="C-1", reason="more", amount=D("1000.01"))
    assert refused.value.message == (
        "raising C-1 to 1,000.01 would take the account over its credit limit:"
        " limit 1,000.00, exposure 600.00 + 400.01, short by 0.01"
    )
    assert session.db.scalar("SELECT count(*) FROM event") == events
    assert contracts.resolve_contract(session, "C-1").version == 1
    contracts.amend_contract(session, ref="C-1", reason="more", amount=D(1000))
    shown = credit.show_credit(session, ref="Acme")
    assert (shown.exposure, shown.headroom) == (D(1000), D(0))
    # A draft is not exposure yet: amending it is not checked (signing it is).
    contracts.new_contract(session, account="Acme", amount=D(10), number="C-2")
    contracts.amend_contract(session, ref="C-2", reason="more", amount=D(5000))


def test_a_manager_may_raise_past_the_limit_and_the_reason_is_recorded(session: Session) -> None:
    add_account(session, name="Acme")
    with as_manager(session):
        credit.set_credit(session, ref="Acme", limit=D(100))
    approved(session, "C-1", "100")
    contract_lifecycle.sign_contract(session, ref="C-1")
    with pytest.raises(Refused, match="only a manager may pass an account's credit limit"):
        contracts.amend_contract(
            session, ref="C-1", reason="two more sites", amount=D(300), over_limit=True
        )
    with as_manager(session):
        contracts.amend_contract(
            session, ref="C-1", reason="two more sites", amount=D(300), over_limit=True
        )
    steps = contracts.contract_history(session, ref="C-1").steps
    assert (steps[-1].action, steps[-1].over_limit) == ("amend", "two more sites")
    assert credit.show_credit(session, ref="Acme").headroom == D(-200)


def test_credit_is_set_by_managers_and_rated_from_the_5c_bands(session: Session) -> None:
    add_account(session, name="Acme")
    with pytest.raises(Refused, match="only a manager may set credit limits"):
        credit.set_credit(session, ref="Acme", limit=D(1000))
    assert credit.assessments_of(session, 1) == []
    scores = credit.parse_scores("character=4,capacity=3,capital=3,collateral=2,conditions=4")
    with as_manager(session):
        shown = credit.set_credit(session, ref="Acme", limit=D(500000), scores=scores)
        credit.set_credit(session, ref="Acme", rating="a", note="audited accounts")
    assert (shown.rating, shown.credit_limit) == ("C", D(500000))
    final = credit.show_credit(session, ref="Acme")
    assert (final.rating, final.credit_limit) == ("A", D(500000))
    assert [(a.score, a.rating, a.by) for a in final.assessments] == [
        (16, "C", "maria"),
        (None, "A", "maria"),
    ]
    assert [credit.rating_of(total) for total in (25, 21, 20, 17, 16, 13, 12, 5)] == list(
        "AABBCCDD"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("character=4,capacity=3", "lacks capital, collateral, conditions"),
        ("character=6,capacity=3,capital=3,collateral=2,conditions=4", "scored 1 to 5, not '6'"),
        ("charm=4", "'charm' is not one of the 5C"),
    ],
)
def test_a_bad_5c_score_is_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        credit.parse_scores(text)


def test_amending_keeps_each_version(session: Session) -> None:
    add_account(session, name="Acme")
    contracts.new_contract(
        session, account="Acme", amount=D(100), number="C-1", end_on=date(2027, 6, 30)
    )
    change = contracts.amend_contract(
        session, ref="C-1", reason="longer", end_on=date(2027, 12, 31), terms="net 60"
    )
    assert (change.contract.version, change.contract.end_on) == (2, date(2027, 12, 31))
    first = contracts.version_of(session, change.contract, 1)
    assert (first.end_on, first.terms, first.reason) == (date(2027, 6, 30), None, None)
    for command in PATHS["closed"]:
        move(session, "C-1", command)
    with pytest.raises(Refused, match="contract C-1 is closed; it cannot be amended"):
        contracts.amend_contract(session, ref="C-1", reason="late", amount=D(1))


def test_progress_is_reported_on_running_contracts(session: Session) -> None:
    add_account(session, name="Acme")
    contracts.new_contract(session, account="Acme", amount=D(100), number="C-1")
    with pytest.raises(Refused, match="C-1 is draft; progress is reported on a signed"):
        contracts.report_progress(session, ref="C-1", percent=10)
    for command in PATHS["active"]:
        move(session, "C-1", command)
    contracts.report_progress(session, ref="C-1", percent=60, milestone="installed line 3")
    shown = contracts.report_progress(session, ref="C-1", milestone="line 4 delivered")
    assert (shown.contract.progress, shown.contract.milestone) == (60, "line 4 delivered")
    with pytest.raises(InvalidValue, match="between 0 and 100"):
        contracts.report_progress(session, ref="C-1", percent=101)


def test_expiring_and_renewal_lists(session: Session) -> None:
    add_account(session, name="Acme")
    add_account(session, name="Globex")
    add_account(session, name="Initech")
    for number, account, end in (
        ("C-1", "Acme", date(2026, 12, 31)),
        ("C-2", "Acme", date(2027, 12, 31)),
        ("C-3", "Globex", date(2027, 1, 15)),
        ("C-4", "Globex", date(2026, 11, 1)),
        ("C-5", "Initech", date(2026, 10, 1)),
    ):
        contracts.new_contract(session, account=account, amount=D(1), number=number, end_on=end)
        for command in PATHS["active"]:
            move(session, number, command)
    numbers = [c.number for c in contracts.list_contracts(session, expiring=60)]
    assert numbers == ["C-1", "C-3"]
    # C-1 is followed by C-2 at Acme, C-4 by C-3 at Globex; C-5 ended alone.
    renew = [c.number for c in contracts.list_contracts(session, renewal=True)]
    assert renew == ["C-5", "C-3"]


def test_a_handover_moves_live_contracts_with_their_accounts_and_revert_restores(
    session: Session,
) -> None:
    from salescli.services.handover.plan import HandoverRequest, preview_handover
    from salescli.services.handover.revert import revert_handover
    from salescli.services.handover.run import run_handover

    add_account(session, name="Acme")
    approved(session, "C-1", "1000")
    contract_lifecycle.sign_contract(session, ref="C-1")
    receivables.plan_schedule(session, ref="C-1", split=[D(100)], due=["sign"])
    receivables.record_payment(session, ref="C-1", amount=D(400), received_on=session.today)
    contracts.new_contract(session, account="Acme", amount=D(5), number="C-2")
    move(session, "C-2", "terminate")

    def owners() -> list[tuple[str, str]]:
        return [(c.number, str(c.owner)) for c in contracts.contracts_of_account(session, 1)]

    with as_manager(session):
        plan = preview_handover(
            session, request=HandoverRequest(departing="alice", successors=("bob",))
        )
        assert (plan.successors[0].receivables, plan.successors[0].overdue) == (D(600), D(0))
        run_handover(session, request=HandoverRequest(departing="alice", successors=("bob",)))
        # The running contract and what it is owed go to bob; the terminated one stays.
        assert owners() == [("C-2", "alice"), ("C-1", "bob")]
        assert [i.owner for i in receivables.list_receivables(session, everyone=True)] == ["bob"]
        assert [r.recorded_by for r in receivables.receipts_of(session, 1)] == ["alice"]
        revert_handover(session, handover_id=1)
    assert owners() == [("C-2", "alice"), ("C-1", "alice")]
