"""The forecast: the textbook's funnel flow, every column of the weighted forecast on a
small known book, overdue and other buckets, splits, learned rates and key deals.

Today is 2026-11-23 unless a test says otherwise. The default funnel is the textbook's:
prospect (conversion 50 %, 60 days, win probability 36 %), proposal (80 %, 30 days,
72 %), negotiation (90 %, 30 days, 90 %), won, lost.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from salescli.errors import UsageProblem
from salescli.models.enums import ForecastCategory, LossReason, Role
from salescli.render.output import jsonable
from salescli.services.core import reps
from salescli.services.core.session import Session
from salescli.services.customers import accounts
from salescli.services.pipeline import lifecycle, opportunities, shares, stages
from salescli.services.pipeline.forecast import Forecast, ForecastPeriod, forecast_report, lands_on
from tests.conftest import Cli, as_deal_owner

D = Decimal


def on(session: Session, day: str) -> None:
    """Act as if today were ``day`` (what is recorded follows from it)."""
    session.today = date.fromisoformat(day)
    session._now = None


def deal(
    session: Session,
    name: str,
    amount: str | None,
    close: str,
    *,
    stage: str | None = None,
    owner: str = "alice",
    probability: str | None = None,
    category: ForecastCategory | None = None,
) -> int:
    opened = opportunities.add_opportunity(
        session,
        account="Acme Trading",
        name=name,
        amount=None if amount is None else D(amount),
        close_date=date.fromisoformat(close),
        stage=stage,
        probability=None if probability is None else D(probability),
        owner=owner,
    )
    if category is not None:
        opportunities.edit_opportunity(session, opportunity_id=opened.id, category=category)
    return opened.id


def won(session: Session, name: str, amount: str, day: str, owner: str = "alice") -> int:
    today = session.today
    on(session, day)
    deal_id = deal(session, name, amount, day, owner=owner)
    lifecycle.win_opportunity(session, opportunity_id=deal_id, summary="closed")
    on(session, today.isoformat())
    return deal_id


def period(report: Forecast, label: str) -> ForecastPeriod:
    return next(row for row in report.periods if row.period == label)


@pytest.fixture
def acme(session: Session) -> Session:
    accounts.add_account(session, name="Acme Trading")
    return session


# ---- flow: the textbook example -----------------------------------------------------------


@pytest.fixture
def textbook(acme: Session) -> Session:
    """200,000 in negotiation, 250,000 in proposal, 500,000 in prospect, all just
    entered."""
    deal(acme, "Negotiating", "200000", "2026-12-31", stage="negotiation")
    deal(acme, "Proposed", "250000", "2026-12-31", stage="proposal")
    deal(acme, "Prospect", "500000", "2026-12-31")
    return acme


def flows(report: Forecast) -> list[tuple[str, Decimal]]:
    return [(row.period, row.forecast) for row in report.periods]


def test_the_textbook_flow(textbook: Session) -> None:
    report = forecast_report(textbook, method="flow")
    # 200,000 x 90 % next month; 250,000 x 80 % x 90 % the month after; 500,000 x 50 % x
    # 80 % x 90 % four months out (60 + 30 + 30 days = 4 months).
    assert flows(report) == [
        ("2026-11", D("0.00")),
        ("2026-12", D("180000.00")),
        ("2027-01", D("180000.00")),
        ("2027-02", D("0.00")),
        ("2027-03", D("180000.00")),
        ("2027-04", D("0.00")),
    ]
    assert [row.deals for row in report.periods] == [0, 1, 1, 0, 1, 0]
    assert (report.overdue, report.undated) == (None, None)
    assert report.later.forecast == D("0.00")
    # The flow has no categories.
    assert period(report, "2026-12").commit is None


def test_the_textbook_flow_with_a_one_month_prospect(textbook: Session) -> None:
    stages.set_stage(textbook, key="prospect", days=30)
    report = forecast_report(textbook, method="flow")
    # Prospect now takes one month: the third month, as the textbook has it.
    assert flows(report)[1:5] == [
        ("2026-12", D("180000.00")),
        ("2027-01", D("180000.00")),
        ("2027-02", D("180000.00")),
        ("2027-03", D("0.00")),
    ]


def test_a_textbook_month_is_a_calendar_month_from_any_day(acme: Session) -> None:
    # From the last day of January, 30 days of 24 hours would reach 2 March and skip
    # February; a month of the flow is a calendar month, so "next month" stays February.
    on(acme, "2027-01-31")
    deal(acme, "Negotiating", "200000", "2027-03-31", stage="negotiation")
    deal(acme, "Proposed", "250000", "2027-03-31", stage="proposal")
    deal(acme, "Prospect", "500000", "2027-03-31")
    report = forecast_report(acme, method="flow", months=5)
    assert flows(report) == [
        ("2027-01", D("0.00")),
        ("2027-02", D("180000.00")),
        ("2027-03", D("180000.00")),
        ("2027-04", D("0.00")),
        ("2027-05", D("180000.00")),
    ]
    assert lands_on(date(2027, 1, 31), 30) == date(2027, 2, 28)
    assert lands_on(date(2026, 11, 23), 45) == date(2027, 1, 7)
    assert lands_on(date(2026, 11, 23), 120) == date(2027, 3, 23)


def test_days_already_spent_shorten_the_flow(acme: Session) -> None:
    on(acme, "2026-10-14")
    deal(acme, "Old prospect", "100000", "2026-12-31")
    on(acme, "2026-11-23")
    # 40 days in prospect: 20 left + 30 + 30 = 80 days: 2 months (2027-01-23) and 20 days.
    report = forecast_report(acme, method="flow")
    assert period(report, "2027-02").forecast == D("36000.00")
    assert report.key_deals[0].expected_on == date(2027, 2, 12)
    on(acme, "2027-03-01")
    # Stuck in prospect beyond its 60 days: only the later stages are left (60 days).
    report = forecast_report(acme, method="flow", months=3)
    assert flows(report) == [
        ("2027-03", D("0.00")),
        ("2027-04", D("0.00")),
        ("2027-05", D("36000.00")),
    ]


def test_flow_ignores_a_deals_own_probability(acme: Session) -> None:
    deal(acme, "Sure thing", "10000", "2026-12-31", stage="negotiation", probability="99")
    assert period(forecast_report(acme, method="flow"), "2026-12").forecast == D("9000.00")
    assert period(forecast_report(acme), "2026-12").forecast == D("9900.00")


# ---- weighted: every column on a small known book ---------------------------------------


@pytest.fixture
def book(acme: Session) -> Session:
    """alice's deals (bob's J), today 2026-11-23; weighted = amount x probability.

    A  10,000 negotiation 90 %        close 2026-12-10  commit (from 90 %)      9,000
    B  20,000 proposal 72 %           close 2026-12-20  best case (72 %)       14,400
    C   5,000 prospect 36 %           close 2026-12-05  commit (set)            1,800
    D   8,000 proposal, own 95 %      close 2027-01-15  commit (95 %)           7,600
    E   3,000 prospect                close 2026-11-30  pipeline                1,080
    F   4,000 negotiation             close 2026-11-10  overdue, commit         3,600
    G   6,000 proposal, suspended     close 2026-12-15  left out
    H   7,000 won 2026-11-05; I 9,000 won 2026-10-20; lost L 2,500 2026-11-12
    K   2,000 prospect                close 2027-06-15  later (by month)          720
    M   1,000 proposal, no close date                   undated, best case        720
    N   no amount, negotiation        close 2026-12-01  counts as a deal, 0
    J  50,000 negotiation (bob)       close 2026-12-31  commit                 45,000
    alice's quota: 2026-12 30,000.
    """
    s = acme
    won(s, "H", "7000", "2026-11-05")
    won(s, "I", "9000", "2026-10-20")
    on(s, "2026-11-12")
    lost = deal(s, "L", "2500", "2026-11-12")
    lifecycle.lose_opportunity(s, opportunity_id=lost, reason=LossReason.PRICE, summary="closed")
    on(s, "2026-11-23")
    deal(s, "A", "10000", "2026-12-10", stage="negotiation")
    deal(s, "B", "20000", "2026-12-20", stage="proposal")
    deal(s, "C", "5000", "2026-12-05", category=ForecastCategory.COMMIT)
    deal(s, "D", "8000", "2027-01-15", stage="proposal", probability="95")
    deal(s, "E", "3000", "2026-11-30")
    deal(s, "F", "4000", "2026-11-10", stage="negotiation")
    g = deal(s, "G", "6000", "2026-12-15", stage="proposal")
    lifecycle.suspend_opportunity(s, opportunity_id=g, reason="budget freeze")
    deal(s, "K", "2000", "2027-06-15")
    m = deal(s, "M", "1000", "2026-12-31", stage="proposal")
    s.db.execute("UPDATE opportunity SET close_date = NULL WHERE id = ?", (m,))
    deal(s, "N", None, "2026-12-01", stage="negotiation")
    deal(s, "J", "50000", "2026-12-31", stage="negotiation", owner="bob")
    s.db.execute(
        "INSERT INTO quota (rep_id, month, amount, updated_at) VALUES"
        " ((SELECT id FROM rep WHERE handle = 'alice'), '2026-12', 3000000, 'now')"
    )
    return s


def figures(row: ForecastPeriod) -> tuple[object, ...]:
    return (
        row.deals,
        row.closed_won,
        row.commit,
        row.best_case_cumulative,
        row.pipeline_cumulative,
        row.forecast,
        row.quota,
        row.attainment,
        row.projected,
        row.projected_attainment,
    )


def amounts(*values: str | None) -> tuple[Decimal | None, ...]:
    return tuple(None if value is None else D(value) for value in values)


def test_every_column_of_the_weighted_forecast(book: Session) -> None:
    report = forecast_report(book)
    assert (report.method, report.by, report.owner, report.learned) == (
        "weighted",
        "month",
        "alice",
        False,
    )
    assert [row.period for row in report.periods] == [
        "2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04",
    ]  # fmt: skip
    nov, dec, jan, feb, *_ = report.periods
    assert (nov.start, nov.end) == (date(2026, 11, 1), date(2026, 11, 30))
    # November: E (pipeline); won H on 11-05 (I was won in October, L lost).
    assert figures(nov) == (
        1, *amounts("7000", "0", "0", "3000", "1080", None, None, "8080", None)
    )  # fmt: skip
    # December: A (commit) + B (best case) + C (commit by its category) + N (no amount);
    # commit 15,000, best case+ 35,000, pipeline+ 35,000; against a quota of 30,000:
    # won 0 %, projected 25,200 / 30,000 = 84 %.
    assert figures(dec) == (
        4, *amounts("0", "15000", "35000", "35000", "25200", "30000", "0", "25200", "84")
    )  # fmt: skip
    # January: D, its own 95 % makes it commit.
    assert figures(jan) == (
        1, *amounts("0", "8000", "8000", "8000", "7600", None, None, "7600", None)
    )  # fmt: skip
    assert figures(feb) == (0, *amounts("0", "0", "0", "0", "0", None, None, "0", None))


def test_overdue_later_and_undated_buckets(book: Session) -> None:
    report = forecast_report(book)
    assert report.overdue is not None and report.undated is not None
    # F closed on paper on 2026-11-10: overdue, not silently in November.
    assert figures(report.overdue) == (
        1, *amounts(None, "4000", "4000", "4000", "3600", None, None, None, None)
    )  # fmt: skip
    assert figures(report.later) == (
        1, *amounts(None, "0", "0", "2000", "720", None, None, None, None)
    )  # fmt: skip
    assert figures(report.undated) == (
        1, *amounts(None, "0", "1000", "1000", "720", None, None, None, None)
    )  # fmt: skip
    assert report.overdue.start is None


def test_by_quarter_takes_whole_quarters(book: Session) -> None:
    report = forecast_report(book, by="quarter")
    # Six months from November fall in 2026-Q4, 2027-Q1 and 2027-Q2, taken whole: K
    # (2027-06-15) is in Q2, not later; October's win counts in Q4.
    q4, q1, q2 = report.periods
    assert [(row.period, row.start, row.end) for row in report.periods] == [
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2027-Q1", date(2027, 1, 1), date(2027, 3, 31)),
        ("2027-Q2", date(2027, 4, 1), date(2027, 6, 30)),
    ]
    # Q4: won H + I = 16,000 against 30,000 (53.3 %); open E, A, B, C, N: 26,280 weighted;
    # projected 42,280 (140.9 %).
    assert figures(q4) == (
        5, *amounts("16000", "15000", "35000", "38000", "26280", "30000", "53.3333", "42280", "140.9333")
    )  # fmt: skip
    assert q1.forecast == D("7600.00")
    assert (q2.deals, q2.forecast, q2.pipeline_cumulative) == (1, D("720.00"), D("2000.00"))
    assert report.later.deals == 0


def test_everyone_counts_every_deal_once(book: Session) -> None:
    report = forecast_report(book, everyone=True)
    assert report.owner is None
    dec = period(report, "2026-12")
    # J (bob's, 50,000 x 90 %) joins; the quota is everyone's (alice's only).
    assert figures(dec) == (
        5, *amounts("0", "65000", "85000", "85000", "70200", "30000", "0", "70200", "234")
    )  # fmt: skip
    assert forecast_report(book, owner="bob").periods[1].forecast == D("45000.00")


def test_months_sets_the_horizon(book: Session) -> None:
    report = forecast_report(book, months=2)
    assert [row.period for row in report.periods] == ["2026-11", "2026-12"]
    # D (January) and K are later now.
    assert (report.later.deals, report.later.forecast) == (2, D("8320.00"))


def test_key_deals_carry_the_largest_share(book: Session) -> None:
    report = forecast_report(book, key_deals=2)
    keys = [(d.period, d.name, d.forecast, d.share) for d in report.key_deals]
    # December: B 14,400 of 25,200 (57.1 %), A 9,000 (35.7 %); C is third.
    assert keys == [
        ("2026-11", "E", D("1080.00"), D("100.0")),
        ("2026-12", "B", D("14400.00"), D("57.1429")),
        ("2026-12", "A", D("9000.00"), D("35.7143")),
        ("2027-01", "D", D("7600.00"), D("100.0")),
    ]
    first = report.key_deals[1]
    assert (first.account, first.owner, first.stage, first.expected_on) == (
        "Acme Trading",
        "alice",
        "proposal",
        date(2026, 12, 20),
    )
    assert (first.amount, first.credit, first.probability) == (
        D("20000.00"),
        D("100.00"),
        D("72.00"),
    )
    assert forecast_report(book, key_deals=0).key_deals == []


def test_key_deals_of_the_flow(textbook: Session) -> None:
    report = forecast_report(textbook, method="flow")
    assert [(d.period, d.name, d.probability, d.expected_on) for d in report.key_deals] == [
        ("2026-12", "Negotiating", D("90.00"), date(2026, 12, 23)),
        ("2027-01", "Proposed", D("72.00"), date(2027, 1, 23)),
        ("2027-03", "Prospect", D("36.00"), date(2027, 3, 23)),
    ]


# ---- splits -------------------------------------------------------------------------------


def test_co_owned_deals_count_by_share(acme: Session) -> None:
    s = acme
    a = deal(s, "A", "10000", "2026-12-10", stage="negotiation")
    shares.share_opportunity(s, opportunity_id=a, rep="bob", split=D("30"))
    j = deal(s, "J", "50000", "2026-12-31", stage="negotiation", owner="bob")
    with as_deal_owner(s, j):  # the owner shares the credit
        shares.share_opportunity(s, opportunity_id=j, rep="alice", split=D("20"))
    on(s, "2026-11-05")
    h = deal(s, "H", "7000", "2026-11-05")
    shares.share_opportunity(s, opportunity_id=h, rep="bob", split=D("50"))
    lifecycle.win_opportunity(s, opportunity_id=h, summary="closed")
    on(s, "2026-11-23")

    mine = forecast_report(s)
    # alice: 70 % of A (6,300 weighted, 7,000 commit) + 20 % of J (9,000; 10,000).
    dec = period(mine, "2026-12")
    assert (dec.deals, dec.forecast, dec.commit, dec.pipeline_cumulative) == (
        2,
        D("15300.00"),
        D("17000.00"),
        D("17000.00"),
    )
    assert period(mine, "2026-11").closed_won == D("3500.00")
    assert [(d.name, d.credit, d.forecast) for d in mine.key_deals if d.period == "2026-12"] == [
        ("J", D("20.00"), D("9000.00")),
        ("A", D("70.00"), D("6300.00")),
    ]
    theirs = forecast_report(s, owner="bob")
    dec = period(theirs, "2026-12")
    # bob: 30 % of A (2,700) + 80 % of J (36,000).
    assert (dec.deals, dec.forecast, dec.commit) == (2, D("38700.00"), D("43000.00"))
    assert period(theirs, "2026-11").closed_won == D("3500.00")
    everyone = forecast_report(s, everyone=True)
    dec = period(everyone, "2026-12")
    assert (dec.deals, dec.forecast, dec.commit) == (2, D("54000.00"), D("60000.00"))
    assert period(everyone, "2026-11").closed_won == D("7000.00")
    # The flow splits the same way.
    assert period(forecast_report(s, method="flow"), "2026-12").forecast == D("15300.00")
    assert period(forecast_report(s, method="flow", owner="bob"), "2026-12").forecast == D(
        "38700.00"
    )


# ---- learned rates ---------------------------------------------------------------------------


@pytest.fixture
def history(acme: Session) -> Session:
    """A stage history written directly, all on alice's deal X, in the last year unless
    said:

    prospect:    9 advance (40 days), 3 lose (20 days), 1 import (100 days), 1 advance in
                 2025-01 (outside the window): 12 observed, 75 %, (360 + 60) / 12 = 35 days
    proposal:    8 advance, 1 lose (30 days): 9 observed, fewer than 10: configured
    negotiation: 10 win (15 days): 100 %, 15 days
    """
    s = acme
    x = deal(s, "X", "100000", "2026-12-31")
    ids = {row["key"]: row["id"] for row in s.db.rows("SELECT key, id FROM stage")}
    moves = (
        [("prospect", "proposal", "advance", "2026-06-01", 40)] * 9
        + [("prospect", "lost", "lose", "2026-06-02", 20)] * 3
        + [("prospect", "won", "import", "2026-06-03", 100)]
        + [("prospect", "proposal", "advance", "2025-01-10", 1)]
        + [("proposal", "negotiation", "advance", "2026-07-01", 30)] * 8
        + [("proposal", "lost", "lose", "2026-07-01", 30)]
        + [("negotiation", "won", "win", "2026-08-01", 15)] * 10
    )
    s.db.executemany(
        "INSERT INTO stage_change (opportunity_id, from_stage_id, to_stage_id, move, on_date,"
        " days, at, rep_id) VALUES (?, ?, ?, ?, ?, ?, 'now', NULL)",
        [(x, ids[a], ids[b], move, day, days) for a, b, move, day, days in moves],
    )
    return s


def test_learned_rates_and_the_fallback(history: Session) -> None:
    report = forecast_report(history, learned=True, method="flow")
    rates = {rate.stage: rate for rate in report.rates}
    prospect, proposal, negotiation = rates["prospect"], rates["proposal"], rates["negotiation"]
    assert (prospect.source, prospect.conversion, prospect.days) == ("learned", D("75.00"), 35)
    assert (prospect.observed_deals, prospect.observed_conversion, prospect.observed_days) == (
        12,
        D("75.0"),
        D("35.0"),
    )
    # Too few deals seen: the configured 80 % and 30 days stay.
    assert (proposal.source, proposal.conversion, proposal.days) == ("configured", D("80.00"), 30)
    assert (proposal.observed_deals, proposal.observed_conversion) == (9, D("88.8889"))
    assert (negotiation.source, negotiation.conversion, negotiation.days) == (
        "learned",
        D("100.00"),
        15,
    )
    # Win probabilities from the rates used: 100 %; 80 %; 75 % x 80 % = 60 %.
    assert [rate.probability for rate in report.rates] == [D("60.00"), D("80.00"), D("100.00")]
    assert report.lookback_days == 365
    # X (100,000 in prospect, just entered): 35 + 30 + 15 = 80 days: 2027-02-12.
    assert period(report, "2027-02").forecast == D("60000.00")
    assert report.key_deals[0].expected_on == date(2027, 2, 12)
    # The weighted forecast uses the learned probability too (60 %: best case).
    weighted = period(forecast_report(history, learned=True), "2026-12")
    assert (weighted.forecast, weighted.commit, weighted.best_case_cumulative) == (
        D("60000.00"),
        D("0.00"),
        D("100000.00"),
    )


def test_configured_rates_without_learned(history: Session) -> None:
    report = forecast_report(history, method="flow")
    assert [(r.stage, r.source, r.conversion, r.days, r.probability) for r in report.rates] == [
        ("prospect", "configured", D("50.00"), 60, D("36.00")),
        ("proposal", "configured", D("80.00"), 30, D("72.00")),
        ("negotiation", "configured", D("90.00"), 30, D("90.00")),
    ]
    assert report.rates[0].observed_deals is None and report.lookback_days is None


def test_learned_from_the_reps_own_history_and_window(history: Session) -> None:
    # bob has no history: everything stays configured.
    bob = forecast_report(history, owner="bob", learned=True)
    assert {rate.source for rate in bob.rates} == {"configured"}
    # Everyone's history is alice's here.
    everyone = forecast_report(history, everyone=True, learned=True)
    assert [rate.source for rate in everyone.rates] == ["learned", "configured", "learned"]
    # 150 days back (from 2026-06-26): only negotiation's and proposal's moves are seen.
    short = forecast_report(history, learned=True, lookback_days=150)
    assert [(r.stage, r.observed_deals, r.source) for r in short.rates] == [
        ("prospect", 0, "configured"),
        ("proposal", 9, "configured"),
        ("negotiation", 10, "learned"),
    ]


def test_bad_choices_are_usage_errors(acme: Session) -> None:
    with pytest.raises(UsageProblem, match="--by"):
        forecast_report(acme, by="week")
    with pytest.raises(UsageProblem, match="--method"):
        forecast_report(acme, method="magic")
    with pytest.raises(UsageProblem, match="--months"):
        forecast_report(acme, months=0)


def test_an_empty_book(acme: Session) -> None:
    report = forecast_report(acme, everyone=True)
    assert all(row.forecast == 0 and row.deals == 0 for row in report.periods)
    assert report.key_deals == []


# ---- the command ----------------------------------------------------------------------------


@pytest.fixture
def textbook_cli(cli: Cli) -> Cli:
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Negotiating", "--amount", "200000", "--stage", "negotiation",
           "--close", "2026-12-31")  # fmt: skip
    cli.ok("opp", "add", "Acme", "Proposed", "--amount", "250000", "--stage", "proposal",
           "--close", "2026-12-31")  # fmt: skip
    cli.ok("opp", "add", "Acme", "Prospect", "--amount", "500000", "--close", "2026-12-31")
    return cli


FLOW_PLAIN = """\
Period   Deals   Won        Flow
2026-11      0  0.00        0.00
2026-12      1  0.00  180,000.00
2027-01      1  0.00  180,000.00
2027-02      0  0.00        0.00
2027-03      1  0.00  180,000.00
Flow: amount x the conversion of its stage and every later one, landing when the stages left are done (their expected days, less the days already spent in the current stage; 30 days = a calendar month).
Won: deals won in the period, up to today.
Co-owned deals count by share: alice's split of them (an owner keeps 100 % less the co-owners' splits).
Forecast for alice, flow, by month, as of 2026-11-23.

Key deals
Period   ID  Deal         Account  Owner  Stage        Lands           Amount  Prob.        Flow  Share
2026-12   1  Negotiating  Acme     alice  negotiation  2026-12-23  200,000.00    90%  180,000.00   100%
2027-01   2  Proposed     Acme     alice  proposal     2027-01-23  250,000.00    72%  180,000.00   100%
2027-03   3  Prospect     Acme     alice  prospect     2027-03-23  500,000.00    36%  180,000.00   100%
Share: the deal's part of its period's forecast.

Rates used
Stage        Conversion  Days  Win prob.  From
Prospect            50%    60        36%  configured
Proposal            80%    30        72%  configured
Negotiation         90%    30        90%  configured
Conversion: to the next stage (the last: to won). Win prob.: this stage's conversion x every later one's.

Amounts from accepted quotes
  (none: every amount was entered on its deal)
"""


def test_forecast_command_plain(textbook_cli: Cli) -> None:
    result = textbook_cli.ok("forecast", "--method", "flow", "--months", "5", "--explain")
    assert result.stdout == FLOW_PLAIN


def test_forecast_command_json(textbook_cli: Cli) -> None:
    data = json.loads(textbook_cli.ok("forecast", "--method", "flow", "--json").stdout)
    assert [p["forecast"] for p in data["periods"]] == [0, 180000, 180000, 0, 180000, 0]
    assert data["overdue"] is None and data["method"] == "flow"
    assert data == jsonable(forecast_report_from(textbook_cli, method="flow"))


def forecast_report_from(cli: Cli, **options: object) -> Forecast:
    from salescli.services.core.session import open_session

    with open_session(cli.db, today=cli.today, acting_handle="alice") as session:
        return forecast_report(session, **options)  # type: ignore[arg-type]


def test_forecast_command_svg(textbook_cli: Cli, tmp_path: Path) -> None:
    picture = tmp_path / "forecast.svg"
    result = textbook_cli.ok("forecast", "--all", "--svg", str(picture))
    assert result.stdout == ""
    assert f"wrote {picture}" in result.stderr
    drawn = picture.read_text(encoding="utf-8")
    assert drawn.startswith("<svg") and "Forecast" in drawn
    # The picture has the terminal's bars.
    assert "█" in drawn or "▒" in drawn


def test_forecast_command_errors(textbook_cli: Cli) -> None:
    bad = textbook_cli("forecast", "--by", "week")
    assert bad.exit_code == 2 and "--by 'week'" in bad.stderr
    both = textbook_cli("forecast", "--json", "--svg", "x.svg")
    assert both.exit_code == 2
    clash = textbook_cli("forecast", "--all", "--owner", "bob")
    assert clash.exit_code == 2


def test_any_rep_reads_anyones_forecast(textbook_cli: Cli) -> None:
    # Reading anyone's forecast is open to every rep, as the funnel is.
    assert textbook_cli.ok("forecast", "--owner", "bob", "--json").stdout


def test_a_manager_has_a_forecast_of_their_own(session: Session) -> None:
    # A manager is a rep like any other for the forecast.
    reps.add_rep(session, handle="maria", name="Maria", role=Role.MANAGER)
    session.act_as("maria")
    assert forecast_report(session).owner == "maria"
