"""The funnel and win/loss reports over a history built at known dates.

The book (today 2026-11-23, so the default window starts 2025-11-23), default funnel:
prospect (conversion 50 %, win probability 36 %), proposal (80 %, 72 %), negotiation
(90 %, 90 %), won, lost. Days are the days a deal spent in the stage it left.

deal    owner  amount     history                                                 now
old     alice   9,000     opened 2025-06-01 prospect; ->proposal 2025-07-01 (30);  lost (2025)
                          ->lost 2025-08-01 (31), price
d1      alice  10,000     opened 2026-01-05; ->proposal 02-04 (30); ->won 03-06    won, cycle 60
                          (30); source referral
d2      alice  20,000     opened 2026-01-05; ->proposal 02-14 (40); ->negotiation  won, cycle 100
                          03-16 (30); ->won 04-15 (30); referral; beat Globex
d3      alice   5,000     opened 2026-02-01; ->proposal 03-03 (30); ->lost 03-23    lost
                          (20), competitor Acme Corp; web
d4      bob     8,000     opened 2026-02-01; ->proposal 02-11 (10); ->lost 04-12    lost
                          (60), price, competitor "acme corp"; web
d5      alice   4,000     opened 2026-03-01; ->lost 03-11 (10) from prospect,      lost
                          price, competitor Initech; referral
d6      alice  12,000     opened 2026-04-01; ->proposal 05-01 (30); back to        open, proposal
                          prospect 05-21 (20); ->proposal 06-20 (30)
d7      alice  10,000     opened 2026-06-01 prospect; suspended 07-01               suspended
d8      alice  30,000     opened 2026-09-01 in proposal, probability override 50 %  open, proposal
d9      alice   1,234.56  opened 2026-10-01 prospect                                open, prospect
d10     bob     2,000     opened 2026-10-01 in negotiation                          open, negotiation
d11     bob     7,000     opened 2026-01-10; ->won 02-09 (30) from prospect;       won, cycle 30,
                          archived 11-01                                            archived
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal

import pytest

from salescli.errors import InvalidValue, UsageProblem
from salescli.models.enums import LossReason
from salescli.render import funnel_views
from salescli.render.output import jsonable
from salescli.services.core.session import Session
from salescli.services.customers import accounts
from salescli.services.pipeline import archive, funnel, lifecycle, opportunities
from salescli.services.pipeline.funnel import (
    CompetitorWins,
    Funnel,
    FunnelStage,
    LossReasonCount,
    WinLossGroup,
    funnel_report,
    winloss_report,
)
from tests.conftest import as_deal_owner

D = Decimal


def on(session: Session, day: str) -> None:
    """Act as if today were ``day`` (the history's dates follow from it)."""
    session.today = date.fromisoformat(day)
    session._now = None


def opened(
    session: Session,
    day: str,
    name: str,
    amount: str,
    *,
    owner: str = "alice",
    stage: str | None = None,
    probability: str | None = None,
    source: str | None = None,
) -> int:
    on(session, day)
    deal = opportunities.add_opportunity(
        session,
        account="Acme Trading",
        name=name,
        amount=D(amount),
        close_date=date(2026, 12, 31),
        stage=stage,
        probability=None if probability is None else D(probability),
        source=source,
        owner=owner,
    )
    return deal.id


def advance(session: Session, day: str, deal: int, to: str | None = None) -> None:
    on(session, day)
    with as_deal_owner(session, deal):
        lifecycle.advance_opportunity(session, opportunity_id=deal, to=to, summary="closed")


def lose(
    session: Session, day: str, deal: int, reason: LossReason, competitor: str | None = None
) -> None:
    on(session, day)
    with as_deal_owner(session, deal):
        lifecycle.lose_opportunity(
            session, opportunity_id=deal, reason=reason, competitor=competitor, summary="closed"
        )


@pytest.fixture
def book(session: Session) -> Session:
    on(session, "2025-05-01")
    accounts.add_account(session, name="Acme Trading")

    old = opened(session, "2025-06-01", "Old", "9000")
    advance(session, "2025-07-01", old)
    lose(session, "2025-08-01", old, LossReason.PRICE)

    d1 = opened(session, "2026-01-05", "D1", "10000", source="referral")
    advance(session, "2026-02-04", d1)
    advance(session, "2026-03-06", d1, to="won")

    d2 = opened(session, "2026-01-05", "D2", "20000", source="referral")
    opportunities.edit_opportunity(session, opportunity_id=d2, competitor="Globex")
    advance(session, "2026-02-14", d2)
    advance(session, "2026-03-16", d2)
    advance(session, "2026-04-15", d2)

    d3 = opened(session, "2026-02-01", "D3", "5000", source="web")
    advance(session, "2026-03-03", d3)
    lose(session, "2026-03-23", d3, LossReason.COMPETITOR, "Acme Corp")

    d4 = opened(session, "2026-02-01", "D4", "8000", owner="bob", source="web")
    advance(session, "2026-02-11", d4)
    lose(session, "2026-04-12", d4, LossReason.PRICE, "acme corp")

    d5 = opened(session, "2026-03-01", "D5", "4000", source="referral")
    lose(session, "2026-03-11", d5, LossReason.PRICE, "Initech")

    d6 = opened(session, "2026-04-01", "D6", "12000")
    advance(session, "2026-05-01", d6)
    on(session, "2026-05-21")
    lifecycle.move_back(session, opportunity_id=d6, to="prospect", note="budget reset")
    advance(session, "2026-06-20", d6)

    d7 = opened(session, "2026-06-01", "D7", "10000")
    on(session, "2026-07-01")
    lifecycle.suspend_opportunity(session, opportunity_id=d7, reason="reorganisation")

    opened(session, "2026-09-01", "D8", "30000", stage="proposal", probability="50")
    opened(session, "2026-10-01", "D9", "1234.56")
    opened(session, "2026-10-01", "D10", "2000", owner="bob", stage="negotiation")

    d11 = opened(session, "2026-01-10", "D11", "7000", owner="bob")
    advance(session, "2026-02-09", d11, to="won")
    on(session, "2026-11-01")
    with as_deal_owner(session, d11):
        archive.archive_opportunities(session, ids=[d11])

    on(session, "2026-11-23")
    return session


def stage(report: Funnel, key: str) -> FunnelStage:
    return next(row for row in report.stages if row.key == key)


def test_open_deals_by_stage(book: Session) -> None:
    report = funnel_report(book, everyone=True)
    assert [row.key for row in report.stages] == ["prospect", "proposal", "negotiation"]
    prospect, proposal, negotiation = report.stages
    # Prospect: d9 open (d7 is suspended, counted apart); 1,234.56 x 36 % = 444.4416.
    assert (prospect.deals, prospect.suspended) == (1, 1)
    assert prospect.amount == D("1234.56")
    assert prospect.weighted == D("444.44")
    # Proposal: d6 12,000 x 72 % (the stage's) + d8 30,000 x 50 % (its own) = 8,640 + 15,000.
    assert (proposal.deals, proposal.suspended) == (2, 0)
    assert proposal.amount == D("42000.00")
    assert proposal.weighted == D("23640.00")
    # Negotiation: d10 2,000 x 90 %.
    assert (negotiation.deals, negotiation.amount, negotiation.weighted) == (
        1,
        D("2000.00"),
        D("1800.00"),
    )
    assert (report.deals, report.suspended) == (4, 1)
    assert report.amount == D("45234.56")
    assert report.weighted == D("25884.44")
    assert [row.conversion for row in report.stages] == [D("50.00"), D("80.00"), D("90.00")]
    assert [row.probability for row in report.stages] == [D("36.00"), D("72.00"), D("90.00")]
    assert [row.expected_days for row in report.stages] == [60, 30, 30]


def test_observed_conversion_and_days_in_stage(book: Session) -> None:
    report = funnel_report(book, everyone=True)
    assert (report.since, report.until, report.owner) == (
        date(2025, 11, 23),
        date(2026, 11, 23),
        None,
    )
    prospect, proposal, negotiation = report.stages
    # Out of prospect in the window: forward d1 (30), d2 (40), d3 (30), d4 (10), d6 twice
    # (30, 30), d11 to won (30); lost d5 (10). The old deal's moves are in 2025-07.
    # Observed 7 / 8 = 87.5 %; days 210 / 8 = 26.25 -> 26.3.
    assert (prospect.advanced, prospect.lost, prospect.left) == (7, 1, 8)
    assert prospect.observed == D("87.5")
    assert prospect.avg_days == D("26.3")
    # Out of proposal: forward d1 to won (30), d2 (30); lost d3 (20), d4 (60); d6 went back
    # (20): in neither count, but in the days. 2 / 4 = 50 %; 160 / 5 = 32.0.
    assert (proposal.advanced, proposal.lost, proposal.left) == (2, 2, 4)
    assert proposal.observed == D("50.0")
    assert proposal.avg_days == D("32.0")
    # Out of negotiation: d2 to won (30).
    assert (negotiation.advanced, negotiation.lost, negotiation.left) == (1, 0, 1)
    assert negotiation.observed == D("100.0")
    assert negotiation.avg_days == D("30.0")


def test_closed_in_the_window(book: Session) -> None:
    report = funnel_report(book, everyone=True)
    # Won d1 (cycle 60), d2 (100), d11 (30, archived: still history); lost d3, d4, d5.
    assert (report.won, report.lost) == (3, 3)
    assert report.won_amount == D("37000.00")
    assert report.win_rate == D("50.0")
    # (60 + 100 + 30) / 3 = 63.33; the median of 30, 60, 100 is 60.
    assert report.avg_cycle_days == D("63.3")
    assert report.median_cycle_days == D("60.0")


def test_since_takes_older_history_in(book: Session) -> None:
    report = funnel_report(book, everyone=True, since=date(2025, 6, 1))
    prospect, proposal, _ = report.stages
    # The old deal's prospect -> proposal (30) joins: 8 / 9 = 88.9 %; 240 / 9 = 26.67.
    assert (prospect.advanced, prospect.lost) == (8, 1)
    assert prospect.observed == D("88.8889")
    assert prospect.avg_days == D("26.7")
    # Its loss from proposal (31): 2 / 5 = 40 %; 191 / 6 = 31.83.
    assert (proposal.advanced, proposal.lost) == (2, 3)
    assert proposal.observed == D("40.0")
    assert proposal.avg_days == D("31.8")
    # 3 won of 7 closed: 42.86 %.
    assert (report.won, report.lost, report.win_rate) == (3, 4, D("42.8571"))
    # Open deals are the same whatever the window.
    assert (report.deals, report.amount) == (4, D("45234.56"))


def test_since_leaves_older_moves_out(book: Session) -> None:
    report = funnel_report(book, everyone=True, since=date(2026, 3, 1))
    prospect, proposal, negotiation = report.stages
    # From 2026-03-01: out of prospect d3 (03-03, 30), d5 lost (03-11, 10), d6 (05-01,
    # 30; 06-20, 30): 3 / 4 = 75 %, 100 / 4 = 25.0.
    assert (prospect.advanced, prospect.lost, prospect.observed) == (3, 1, D("75.0"))
    assert prospect.avg_days == D("25.0")
    # Out of proposal: d1 won 03-06 (30), d2 03-16 (30), d3 lost (20), d4 lost (60), d6 back
    # (20): as in the year, every one of them is after 03-01.
    assert (proposal.advanced, proposal.lost, proposal.avg_days) == (2, 2, D("32.0"))
    assert negotiation.left == 1
    # Closed from 03-01: won d1 (03-06), d2 (04-15); lost d3, d4, d5; d11 (02-09) is out.
    assert (report.won, report.lost, report.won_amount) == (2, 3, D("30000.00"))
    assert report.win_rate == D("40.0")
    assert report.avg_cycle_days == D("80.0")


def test_a_window_with_nothing_in_it(book: Session) -> None:
    report = funnel_report(book, everyone=True, since=date(2026, 11, 23))
    assert all(row.observed is None and row.avg_days is None for row in report.stages)
    assert all(row.left == 0 for row in report.stages)
    assert (report.won, report.lost, report.won_amount) == (0, 0, D("0.00"))
    assert (report.win_rate, report.avg_cycle_days) == (None, None)
    assert report.deals == 4


def test_since_after_today_is_refused(book: Session) -> None:
    with pytest.raises(InvalidValue, match="after today"):
        funnel_report(book, since=date(2026, 11, 24))


def test_the_acting_rep_by_default(book: Session) -> None:
    report = funnel_report(book)
    assert report.owner == "alice"
    prospect, proposal, negotiation = report.stages
    # alice: d9 (d7 suspended) in prospect, d6 and d8 in proposal, nothing in negotiation.
    assert (prospect.deals, prospect.suspended, prospect.weighted) == (1, 1, D("444.44"))
    assert (proposal.deals, proposal.weighted) == (2, D("23640.00"))
    assert (negotiation.deals, negotiation.amount, negotiation.weighted) == (
        0,
        D("0.00"),
        D("0.00"),
    )
    # Out of prospect: d1 (30), d2 (40), d3 (30), d6 (30, 30) forward, d5 lost (10):
    # 5 / 6 = 83.3 %, 170 / 6 = 28.3.
    assert (prospect.advanced, prospect.lost) == (5, 1)
    assert (prospect.observed, prospect.avg_days) == (D("83.3333"), D("28.3"))
    # Out of proposal: d1 (30), d2 (30) forward, d3 lost (20), d6 back (20): 2 / 3.
    assert (proposal.advanced, proposal.lost) == (2, 1)
    assert (proposal.observed, proposal.avg_days) == (D("66.6667"), D("25.0"))
    assert negotiation.observed == D("100.0")
    # Won d1, d2 (cycles 60 and 100); lost d3, d5.
    assert (report.won, report.lost, report.won_amount) == (2, 2, D("30000.00"))
    assert (report.win_rate, report.avg_cycle_days) == (D("50.0"), D("80.0"))


def test_another_rep(book: Session) -> None:
    report = funnel_report(book, owner="bob")
    assert report.owner == "bob"
    prospect, proposal, negotiation = report.stages
    assert [row.deals for row in report.stages] == [0, 0, 1]
    assert (report.amount, report.weighted) == (D("2000.00"), D("1800.00"))
    # bob's moves: d4 prospect -> proposal (10) and -> lost (60); d11 prospect -> won (30).
    assert (prospect.advanced, prospect.lost, prospect.avg_days) == (2, 0, D("20.0"))
    assert (proposal.advanced, proposal.lost, proposal.observed) == (0, 1, D("0.0"))
    assert proposal.avg_days == D("60.0")
    assert (negotiation.left, negotiation.observed, negotiation.avg_days) == (0, None, None)
    assert (report.won, report.lost, report.won_amount) == (1, 1, D("7000.00"))
    assert (report.win_rate, report.avg_cycle_days) == (D("50.0"), D("30.0"))


def test_winloss_totals_reasons_and_competitors(book: Session) -> None:
    report = winloss_report(book, everyone=True)
    assert (report.since, report.until, report.owner, report.by) == (
        date(2025, 11, 23),
        date(2026, 11, 23),
        None,
        None,
    )
    # Won d1 10,000, d2 20,000, d11 7,000; lost d3 5,000, d4 8,000, d5 4,000.
    assert (report.won, report.lost) == (3, 3)
    assert (report.won_amount, report.lost_amount) == (D("37000.00"), D("17000.00"))
    assert report.win_rate == D("50.0")
    assert report.groups == []
    # price: d4 + d5 (2 of 3 losses); competitor: d3.
    assert report.loss_reasons == [
        LossReasonCount(reason="price", deals=2, amount=D("12000.00"), share=D("66.6667")),
        LossReasonCount(reason="competitor", deals=1, amount=D("5000.00"), share=D("33.3333")),
    ]
    # "Acme Corp" and "acme corp" are one competitor; Globex was beaten, not a winner.
    assert report.competitors == [
        CompetitorWins(competitor="Acme Corp", deals=2, amount=D("13000.00")),
        CompetitorWins(competitor="Initech", deals=1, amount=D("4000.00")),
    ]


def group(
    key: str | None, won: int, lost: int, won_amount: str, lost_amount: str, rate: str | None
) -> WinLossGroup:
    return WinLossGroup(
        key=key,
        won=won,
        lost=lost,
        won_amount=D(won_amount),
        lost_amount=D(lost_amount),
        win_rate=None if rate is None else D(rate),
    )


def test_winloss_by_owner(book: Session) -> None:
    report = winloss_report(book, everyone=True, by="owner")
    assert report.by == "owner"
    assert report.groups == [
        group("alice", 2, 2, "30000", "9000", "50.0"),
        group("bob", 1, 1, "7000", "8000", "50.0"),
    ]


def test_winloss_by_source(book: Session) -> None:
    report = winloss_report(book, everyone=True, by="Source")
    # referral: d1, d2 won, d5 lost; web: d3, d4 lost; none: d11 won. Most deals first.
    assert report.groups == [
        group("referral", 2, 1, "30000", "4000", "66.6667"),
        group("web", 0, 2, "0", "13000", "0.0"),
        group(None, 1, 0, "7000", "0", "100.0"),
    ]


def test_winloss_by_competitor(book: Session) -> None:
    report = winloss_report(book, everyone=True, by="competitor")
    # Two deals each for Acme Corp (lost, in either case) and none (d1, d11 won); then
    # Globex (beaten on d2) and Initech (d5) by name.
    assert report.groups == [
        group("Acme Corp", 0, 2, "0", "13000", "0.0"),
        group(None, 2, 0, "17000", "0", "100.0"),
        group("Globex", 1, 0, "20000", "0", "100.0"),
        group("Initech", 0, 1, "0", "4000", "0.0"),
    ]


def test_winloss_by_reason_counts_losses_only(book: Session) -> None:
    report = winloss_report(book, everyone=True, by="reason")
    assert report.groups == [
        group("price", 0, 2, "0", "12000", None),
        group("competitor", 0, 1, "0", "5000", None),
    ]


def test_winloss_for_one_rep_and_window(book: Session) -> None:
    mine = winloss_report(book, by="reason")
    assert mine.owner == "alice"
    # alice lost d3 (competitor, Acme Corp, 5,000) and d5 (price, Initech, 4,000).
    assert (mine.won, mine.lost, mine.won_amount, mine.lost_amount) == (
        2,
        2,
        D("30000.00"),
        D("9000.00"),
    )
    assert [(r.reason, r.deals, r.share) for r in mine.loss_reasons] == [
        ("competitor", 1, D("50.0")),
        ("price", 1, D("50.0")),
    ]
    assert [c.competitor for c in mine.competitors] == ["Acme Corp", "Initech"]
    # From 2025-06-01 the old deal's loss (price, 9,000) counts too.
    older = winloss_report(book, everyone=True, since=date(2025, 6, 1))
    assert (older.won, older.lost, older.win_rate) == (3, 4, D("42.8571"))
    assert older.loss_reasons[0] == LossReasonCount(
        reason="price", deals=3, amount=D("21000.00"), share=D("75.0")
    )


def test_winloss_rejects_an_unknown_grouping(book: Session) -> None:
    with pytest.raises(UsageProblem) as raised:
        winloss_report(book, by="region")
    assert raised.value.hint == "choose one of: owner, reason, competitor, source"


def test_json_keys_are_the_fields(book: Session) -> None:
    data = jsonable(funnel_report(book, everyone=True))
    assert list(data) == [f.name for f in fields(Funnel)]
    assert list(data["stages"][0]) == [f.name for f in fields(FunnelStage)]
    assert data["stages"][1]["weighted"] == 23640
    assert data["since"] == "2025-11-23"
    losses = jsonable(winloss_report(book, everyone=True, by="owner"))
    assert list(losses) == [f.name for f in fields(funnel.WinLoss)]
    assert losses["groups"][0]["key"] == "alice"


def test_views_in_a_pipe(book: Session, capsys: pytest.CaptureFixture[str]) -> None:
    funnel_views.funnel_view(funnel_report(book, everyone=True))
    shown = capsys.readouterr().out
    assert "\x1b[" not in shown and "█" not in shown
    lines = shown.splitlines()
    assert lines[0].split() == ["Stage", "Deals", "Amount", "Weighted", "Conv.", "Obs.", "Days"]
    assert lines[1].split() == ["Prospect", "1", "1,234.56", "444.44", "50%", "87.5%", "26.3"]
    assert lines[4].split() == ["Total", "4", "45,234.56", "25,884.44"]
    assert "  Win rate     50%" in lines
    assert "  Sales cycle  63.3 days on average, median 60.0 (won)" in lines
    funnel_views.winloss_view(winloss_report(book, everyone=True, by="source"))
    shown = capsys.readouterr().out
    # Won d1 10,000, d2 20,000, d11 7,000: 37,000 / 3 = 12,333.33; the median 10,000.
    assert "  Won deal size  12,333.33 on average, median 10,000.00" in shown.splitlines()
    assert "(none)      1     0      100%    7,000.00         0.00" in shown
    assert "  Lost           3 (17,000.00)" in shown
    assert "Acme Corp       2  13,000.00" in shown


def test_the_funnel_bar_is_centred() -> None:
    assert funnel_views.funnel_bar(10, 10, width=4) == "████"
    assert funnel_views.funnel_bar(5, 10, width=4) == " ██"
    assert funnel_views.funnel_bar(1, 8, width=4) == " ▐"
    assert funnel_views.funnel_bar(0, 10, width=4) == ""
