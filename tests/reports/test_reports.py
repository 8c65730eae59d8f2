"""`report reps` and `report activity` against hand computations on small known books.

The reps book (services; today 2026-11-23, so the default window starts 2025-11-23), the
default funnel prospect -> proposal -> negotiation -> won / lost:

deal  owner  amount  history                                                   counts for
old   alice   50,000 opened 2025-06-01; won 2025-09-01                         nobody: before
a1    alice   10,000 opened 2026-01-05; ->proposal 02-04; won 03-06; bob 30 %  won, cycle 60
a2    alice   20,000 opened 2026-02-01; won 05-02 from prospect                won, cycle 90
a3    alice    5,000 opened 2026-03-01; ->proposal 03-11; lost 04-10           lost at proposal
a4    alice    4,000 opened 2026-03-01; ->proposal 03-11; lost 04-20           lost at proposal
a5    alice    6,000 opened 2026-05-01; lost 05-11                             lost at prospect
a8    alice    7,000 opened 2026-06-01; ->proposal 06-11; lost 07-01           lost at proposal
a9    alice    1,000 opened 2026-10-01, open                                   nothing
b1    bob      8,000 opened 2026-01-10; won 02-09; alice 25 %                  won, cycle 30
b2    bob     12,000 opened 2026-02-01; ->proposal 02-11; ->negotiation 03-01; lost at negotiation
                     lost 03-31
b3    bob      3,000 opened 2026-06-01; lost 06-11                             lost at prospect
b4    bob      (none) opened 2026-07-01; won 08-01                             won, cycle 31
d1    dave     9,000 opened 2026-01-15; won 03-16; dave has left since         won, cycle 60

Quotas (minor units in the table): alice 5,000 for 2025-10 (before the window) and
2025-11, 3,000 a month for 2026-01 to 2026-12; bob 20,000 for 2026-06; maria (a
manager, no deals) 50,000 for 2026-05.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from salescli.errors import InvalidValue, UsageProblem
from salescli.models.enums import LossReason, Role
from salescli.render.output import jsonable
from salescli.services.core import reps
from salescli.services.core.session import Session
from salescli.services.customers import accounts
from salescli.services.pipeline import lifecycle, opportunities, shares
from salescli.services.reports.reports import (
    ActivityReport,
    RepActivity,
    RepFigures,
    RepsReport,
    TeamFigures,
    TeamTotals,
    activity_report,
    reps_report,
)
from tests.conftest import Cli, acting

D = Decimal


def on(session: Session, day: str) -> None:
    """Act as if today were ``day`` (the history's dates follow from it)."""
    session.today = date.fromisoformat(day)
    session._now = None


def opened(session: Session, day: str, name: str, amount: str | None, owner: str) -> int:
    on(session, day)
    return opportunities.add_opportunity(
        session,
        account="Acme Trading",
        name=name,
        amount=None if amount is None else D(amount),
        close_date=date(2026, 12, 31),
        owner=owner,
    ).id


def advance(session: Session, day: str, deal: int, to: str | None = None) -> None:
    on(session, day)
    lifecycle.advance_opportunity(session, opportunity_id=deal, to=to, summary="closed")


def lose(session: Session, day: str, deal: int) -> None:
    on(session, day)
    lifecycle.lose_opportunity(
        session, opportunity_id=deal, reason=LossReason.PRICE, summary="closed"
    )


def quota(session: Session, handle: str, month: str, amount: int) -> None:
    """A quota row as `forecast quota set` will write it (amount in minor units)."""
    session.db.execute(
        "INSERT INTO quota (rep_id, month, amount, updated_at)"
        " VALUES ((SELECT id FROM rep WHERE handle = ?), ?, ?, ?)",
        (handle, month, amount * 100, session.now()),
    )


@pytest.fixture
def book(session: Session) -> Session:
    reps.add_rep(session, handle="dave", name="Dave Ma")
    reps.add_rep(session, handle="maria", name="Maria Gonzalez", role=Role.MANAGER)
    # The manager records the team's history (a rep changes only their own deals).
    with acting(session, "maria"):
        on(session, "2025-05-01")
        accounts.add_account(session, name="Acme Trading")

        old = opened(session, "2025-06-01", "Old", "50000", "alice")
        advance(session, "2025-09-01", old, to="won")

        a1 = opened(session, "2026-01-05", "A1", "10000", "alice")
        shares.share_opportunity(session, opportunity_id=a1, rep="bob", split=D(30))
        advance(session, "2026-02-04", a1)
        advance(session, "2026-03-06", a1, to="won")
        a2 = opened(session, "2026-02-01", "A2", "20000", "alice")
        advance(session, "2026-05-02", a2, to="won")
        a3 = opened(session, "2026-03-01", "A3", "5000", "alice")
        advance(session, "2026-03-11", a3)
        lose(session, "2026-04-10", a3)
        a4 = opened(session, "2026-03-01", "A4", "4000", "alice")
        advance(session, "2026-03-11", a4)
        lose(session, "2026-04-20", a4)
        a5 = opened(session, "2026-05-01", "A5", "6000", "alice")
        lose(session, "2026-05-11", a5)
        a8 = opened(session, "2026-06-01", "A8", "7000", "alice")
        advance(session, "2026-06-11", a8)
        lose(session, "2026-07-01", a8)
        opened(session, "2026-10-01", "A9", "1000", "alice")

        b1 = opened(session, "2026-01-10", "B1", "8000", "bob")
        shares.share_opportunity(session, opportunity_id=b1, rep="alice", split=D(25))
        advance(session, "2026-02-09", b1, to="won")
        b2 = opened(session, "2026-02-01", "B2", "12000", "bob")
        advance(session, "2026-02-11", b2)
        advance(session, "2026-03-01", b2)
        lose(session, "2026-03-31", b2)
        b3 = opened(session, "2026-06-01", "B3", "3000", "bob")
        lose(session, "2026-06-11", b3)
        b4 = opened(session, "2026-07-01", "B4", None, "bob")
        advance(session, "2026-08-01", b4, to="won")

        d1 = opened(session, "2026-01-15", "D1", "9000", "dave")
        advance(session, "2026-03-16", d1, to="won")
        reps.deactivate_rep(session, handle="dave")

    on(session, "2026-11-23")
    quota(session, "alice", "2025-10", 5000)
    quota(session, "alice", "2025-11", 5000)
    for month in range(1, 13):
        quota(session, "alice", f"2026-{month:02d}", 3000)
    quota(session, "bob", "2026-06", 20000)
    quota(session, "maria", "2026-05", 50000)
    return session


def rep_of(report: RepsReport, handle: str) -> RepFigures:
    return next(rep for rep in report.reps if rep.rep == handle)


def test_reps_in_the_report(book: Session) -> None:
    report = reps_report(book)
    assert (report.since, report.until) == (date(2025, 11, 23), date(2026, 11, 23))
    # maria is a manager with no deals: not one of the team; dave has left but closed a
    # deal in the window.
    assert [(rep.rep, rep.active) for rep in report.reps] == [
        ("alice", True),
        ("bob", True),
        ("dave", False),
    ]
    assert report.stages["proposal"] == "Proposal"


def test_each_reps_figures(book: Session) -> None:
    report = reps_report(book)
    # alice: won a1, a2; lost a3, a4, a5, a8: 2 / 6. Credit: a1 10,000 less bob's 30 %
    # (7,000) + a2 20,000 + her 25 % of b1 (2,000) = 29,000. Deal size (10,000 + 20,000) / 2;
    # cycle (60 + 90) / 2. Lost at proposal: a3, a4, a8 (a5 from prospect).
    # Quota: 2025-11 5,000 x 8/30 (the 23rd to the 30th) + 10 x 3,000 (2026-01 to 10) +
    # 3,000 x 23/30 (2026-11 to the 23rd) = 1,333.33 + 30,000 + 2,300 = 33,633.33;
    # 2025-10 and 2026-12 are outside. 29,000 / 33,633.33 = 86.22 %.
    assert rep_of(report, "alice") == RepFigures(
        rep="alice",
        name="Alice Chen",
        active=True,
        won=2,
        lost=4,
        win_rate=D("33.3333"),
        won_amount=D("29000.00"),
        avg_deal=D("15000.00"),
        avg_cycle_days=D("75.0"),
        median_cycle_days=D("75.0"),
        lost_at="proposal",
        lost_at_deals=3,
        quota=D("33633.33"),
        attainment=D("86.2240"),
    )
    # bob: won b1, b4 (no amount); lost b2 (negotiation), b3 (prospect): the tie goes to
    # the earlier stage. Credit: b1 8,000 less alice's 25 % (6,000) + 30 % of a1 (3,000).
    # Deal size: b1 alone has an amount. Cycle (30 + 31) / 2. Quota: 2026-06 whole.
    assert rep_of(report, "bob") == RepFigures(
        rep="bob",
        name="Bob Li",
        active=True,
        won=2,
        lost=2,
        win_rate=D("50.0"),
        won_amount=D("9000.00"),
        avg_deal=D("8000.00"),
        avg_cycle_days=D("30.5"),
        median_cycle_days=D("30.5"),
        lost_at="prospect",
        lost_at_deals=1,
        quota=D("20000.00"),
        attainment=D("45.0"),
    )
    assert rep_of(report, "dave") == RepFigures(
        rep="dave",
        name="Dave Ma",
        active=False,
        won=1,
        lost=0,
        win_rate=D("100.0"),
        won_amount=D("9000.00"),
        avg_deal=D("9000.00"),
        avg_cycle_days=D("60.0"),
        median_cycle_days=D("60.0"),
        lost_at=None,
        lost_at_deals=0,
        quota=None,
        attainment=None,
    )


def test_team_average_and_total(book: Session) -> None:
    report = reps_report(book)
    # Three reps: 5 won and 6 lost in all; credit 29,000 + 9,000 + 9,000 = 47,000, the
    # won amounts exactly (splits move credit, they never add any).
    assert report.total == TeamTotals(won=5, lost=6, won_amount=D("47000.00"), quota=D("53633.33"))
    # Averages per rep: 5 / 3, 6 / 3, 47,000 / 3; the quota of the two reps with one
    # (maria's is not the team's). The team's own: 5 / 11 won; deal size over the four
    # won deals with an amount (47,000 / 4); cycle (60 + 90 + 30 + 31 + 60) / 5; lost at
    # proposal (3, against 2 at prospect and 1 at negotiation); attainment of alice and
    # bob together (38,000 / 53,633.33); dave has no quota and is left out of it.
    assert report.team == TeamFigures(
        reps=3,
        won=D("1.7"),
        lost=D("2.0"),
        win_rate=D("45.4545"),
        won_amount=D("15666.67"),
        avg_deal=D("11750.00"),
        avg_cycle_days=D("54.2"),
        # The team's five cycles 30, 31, 60, 60, 90: the median is 60.
        median_cycle_days=D("60.0"),
        lost_at="proposal",
        lost_at_deals=3,
        quota=D("26816.67"),
        attainment=D("70.8515"),
    )


def test_since_narrows_the_window_and_the_quota(book: Session) -> None:
    report = reps_report(book, since=date(2026, 3, 1))
    alice, bob, dave = report.reps
    # b1 (won 02-09) is out, and alice's 25 % of it: 7,000 + 20,000. Quota 2026-03 to 10
    # and 23/30 of 11: 24,000 + 2,300; 27,000 / 26,300 = 102.66 %.
    assert (alice.won, alice.lost, alice.won_amount) == (2, 4, D("27000.00"))
    assert (alice.quota, alice.attainment) == (D("26300.00"), D("102.6616"))
    # bob keeps b4 (no amount) and his 30 % of a1.
    assert (bob.won, bob.lost, bob.won_amount, bob.avg_deal) == (1, 2, D("3000.00"), None)
    assert (bob.avg_cycle_days, bob.attainment) == (D("31.0"), D("15.0"))
    assert (dave.won, dave.won_amount) == (1, D("9000.00"))


def test_a_window_with_nothing_closed(book: Session) -> None:
    report = reps_report(book, since=date(2026, 11, 1))
    # Only the active reps; nothing won, and a quota of 23/30 of 3,000 for alice.
    assert [rep.rep for rep in report.reps] == ["alice", "bob"]
    alice = report.reps[0]
    assert (alice.won, alice.win_rate, alice.avg_deal, alice.avg_cycle_days) == (
        0,
        None,
        None,
        None,
    )
    assert (alice.quota, alice.attainment) == (D("2300.00"), D("0.0"))
    assert report.team.lost_at is None
    assert report.total == TeamTotals(won=0, lost=0, won_amount=D("0.00"), quota=D("2300.00"))


def test_since_after_today_is_refused(book: Session) -> None:
    with pytest.raises(InvalidValue, match="after today"):
        reps_report(book, since=date(2026, 11, 24))


def test_reps_json_keys(book: Session) -> None:
    data = jsonable(reps_report(book))
    assert sorted(data) == ["collections", "reps", "since", "stages", "team", "total", "until"]
    assert sorted(data["reps"][0]) == sorted(f.name for f in fields(RepFigures))
    assert sorted(data["team"]) == sorted(f.name for f in fields(TeamFigures))
    assert data["reps"][0]["won_amount"] == 29000
    assert data["reps"][0]["attainment"] == 86.224  # four decimals: 86.2240


# --- the work report -------------------------------------------------------------------------
#
# The activity book (CLI; acting as alice unless said). Today is Thursday 2026-11-26: the
# week is Monday 11-23 to 11-26, the month 11-01 to 11-26; plans count from tomorrow
# (11-27) to the end of next week (12-06) or next month (12-31).
#
# day    what                                                    week  month
# 10-20  opp 1 opened (alice)
# 10-31  visit done                                                     -
# 11-01  meeting done                                                   x
# 11-02  opp 2 opened; 11-03 lost                                        x
# 11-05  lead 1 converted (no deal)                                      x
# 11-20  opp 1 advanced                                                  x
# 11-22  visit done (a Sunday)                                          x
# 11-23  call done; opp 3 opened                                  x     x
# 11-24  opp 1 advanced again; lead 2 converted (opens opp 4);    x     x
#        bob opens opp 5
# 11-25  opp 3 won; opp 1 back a stage; bob's call done            x     x
# 11-26  email done; plans (today, 11-27, 12-06, 12-07, 2027-01-01, one cancelled);
#        bob plans a visit on 12-01


def at(cli: Cli, day: str) -> Cli:
    cli.today = date.fromisoformat(day)
    return cli


@pytest.fixture
def work(cli: Cli) -> Cli:
    at(cli, "2026-10-01").ok("account", "add", "Acme")
    cli.ok("account", "add", "Globex", "--owner", "bob")
    at(cli, "2026-10-20").ok(
        "opp", "add", "Acme", "Deal one", "--amount", "1000", "--close", "2027-01-31"
    )
    at(cli, "2026-10-31").ok("visit", "log", "Acme", "--outcome", "met the buyer")
    at(cli, "2026-11-01").ok("visit", "log", "Acme", "--type", "meeting", "--outcome", "kick-off")
    at(cli, "2026-11-02").ok(
        "opp", "add", "Acme", "Deal two", "--amount", "500", "--close", "2027-01-31"
    )
    at(cli, "2026-11-03").ok("opp", "lose", "2", "--reason", "price", "--summary", "dear")
    at(cli, "2026-11-05").ok("lead", "add", "Lee Ming", "--company", "Leeco")
    cli.ok("lead", "convert", "1", "--force", "--no-opportunity")
    at(cli, "2026-11-20").ok("opp", "advance", "1")
    at(cli, "2026-11-22").ok("visit", "log", "Acme", "--outcome", "weekend fair")
    at(cli, "2026-11-23").ok("visit", "log", "Acme", "--type", "call", "--outcome", "pricing")
    cli.ok("opp", "add", "Acme", "Deal three", "--amount", "2000", "--close", "2027-01-31")
    at(cli, "2026-11-24").ok("opp", "advance", "1")
    cli.ok("lead", "add", "Kim Soo", "--company", "Kimco", "--budget", "5000")
    cli.ok("lead", "convert", "2", "--force")
    cli.ok(
        "opp", "add", "Globex", "Deal five", "--amount", "800", "--close", "2027-01-31", rep="bob"
    )
    at(cli, "2026-11-25").ok("opp", "win", "3", "--summary", "fast delivery")
    cli.ok("opp", "back", "1", "--to", "proposal", "--note", "new buyer")
    cli.ok("visit", "log", "Globex", "--type", "call", "--outcome", "renewal", rep="bob")
    at(cli, "2026-11-26").ok("visit", "log", "Acme", "--type", "email", "--outcome", "sent terms")
    for when, kind in (
        ("2026-11-26", "visit"),
        ("2026-11-27", "visit"),
        ("2026-12-06", "call"),
        ("2026-12-07", "meeting"),
        ("2027-01-01", "visit"),
    ):
        cli.ok("visit", "plan", "Acme", "--at", when, "--type", kind)
    planned = json.loads(cli.ok("visit", "plan", "Acme", "--at", "2026-11-28", "--json").stdout)
    cli.ok("visit", "cancel", str(planned["id"]), "--reason", "moved")
    cli.ok("visit", "plan", "Globex", "--at", "2026-12-01", rep="bob")
    return cli


def report_of(cli: Cli, *args: str) -> dict:
    return json.loads(cli.ok("report", "activity", *args, "--json").stdout)


def counts(**given: int) -> dict[str, int]:
    kinds = ("visit", "call", "email", "meeting", "message", "handover")
    return {kind: given.get(kind, 0) for kind in kinds}


def test_this_week_for_the_acting_rep(work: Cli) -> None:
    data = report_of(work)
    assert (data["period"], data["since"], data["until"], data["owner"]) == (
        "week",
        "2026-11-23",
        "2026-11-26",
        "alice",
    )
    assert (data["planned_from"], data["planned_until"]) == ("2026-11-27", "2026-12-06")
    [alice] = data["reps"]
    # The Sunday visit and the 11-01 meeting are last week's; opp 1 advanced once this
    # week (its move back is not an advance); opp 3 won; lead 2 converted; opps 3 and 4
    # opened (4 by the conversion); plans on 11-27 and 12-06 (not today's, not 12-07,
    # not the cancelled one).
    assert alice == {
        "rep": "alice",
        "name": "Alice Chen",
        "done": counts(call=1, email=1),
        "done_total": 2,
        "advanced": 1,
        "won": 1,
        "lost": 0,
        "leads_converted": 1,
        "opened": 2,
        "planned": counts(visit=1, call=1),
        "planned_total": 2,
    }
    assert data["total"] == {**alice, "rep": None, "name": None}


def test_this_month(work: Cli) -> None:
    data = report_of(work, "--month")
    assert (data["period"], data["since"], data["until"]) == ("month", "2026-11-01", "2026-11-26")
    assert (data["planned_from"], data["planned_until"]) == ("2026-11-27", "2026-12-31")
    [alice] = data["reps"]
    # From the 1st: the meeting and the Sunday visit join (the 10-31 visit does not); opp
    # 1 advanced twice, counted once; opp 2 lost; lead 1 converted too; opp 2 opened too;
    # the 12-07 meeting is planned within next month.
    assert alice["done"] == counts(visit=1, call=1, email=1, meeting=1)
    assert (alice["done_total"], alice["advanced"], alice["won"], alice["lost"]) == (4, 1, 1, 1)
    assert (alice["leads_converted"], alice["opened"]) == (2, 3)
    assert (alice["planned"], alice["planned_total"]) == (counts(visit=1, call=1, meeting=1), 3)


def test_every_rep_with_the_team_total(work: Cli) -> None:
    data = report_of(work, "--all")
    assert data["owner"] is None
    # maria is a manager with no work: not listed.
    assert [rep["rep"] for rep in data["reps"]] == ["alice", "bob"]
    bob = data["reps"][1]
    assert bob["done"] == counts(call=1)
    assert (bob["advanced"], bob["won"], bob["lost"], bob["opened"]) == (0, 0, 0, 1)
    assert (bob["planned"], bob["planned_total"]) == (counts(visit=1), 1)
    total = data["total"]
    assert total["done"] == counts(call=2, email=1)
    assert (total["done_total"], total["advanced"], total["won"], total["opened"]) == (3, 1, 1, 3)
    assert (total["leads_converted"], total["planned_total"]) == (1, 3)


def test_another_reps_report(work: Cli) -> None:
    data = report_of(work, "--owner", "bob")
    assert data["owner"] == "bob"
    assert [rep["rep"] for rep in data["reps"]] == ["bob"]
    assert data["reps"][0]["done_total"] == 1


def test_a_manager_with_work_is_listed(work: Cli) -> None:
    work.ok("visit", "log", "Acme", "--type", "call", "--outcome", "escalation", rep="maria")
    assert [rep["rep"] for rep in report_of(work, "--all")["reps"]] == ["alice", "bob", "maria"]


def test_period_boundaries(session: Session) -> None:
    # A Sunday ends its week; the plans are next week's, Monday to Sunday.
    on(session, "2026-11-29")
    week = activity_report(session)
    assert (week.since, week.until) == (date(2026, 11, 23), date(2026, 11, 29))
    assert (week.planned_from, week.planned_until) == (date(2026, 11, 30), date(2026, 12, 6))
    # A Monday is a week of one day.
    on(session, "2026-11-23")
    assert activity_report(session).since == date(2026, 11, 23)
    # December's next month is next year's January.
    on(session, "2026-12-01")
    month = activity_report(session, month=True)
    assert (month.period, month.since, month.until) == (
        "month",
        date(2026, 12, 1),
        date(2026, 12, 1),
    )
    assert (month.planned_from, month.planned_until) == (date(2026, 12, 2), date(2027, 1, 31))


def test_week_and_month_together_are_refused(session: Session) -> None:
    with pytest.raises(UsageProblem, match="--week and --month"):
        activity_report(session, week=True, month=True)
    with pytest.raises(UsageProblem, match="--owner and --all"):
        activity_report(session, owner="bob", everyone=True)


def test_activity_json_keys(work: Cli) -> None:
    data = report_of(work, "--all")
    assert sorted(data) == sorted(f.name for f in fields(ActivityReport))
    for row in [*data["reps"], data["total"]]:
        assert sorted(row) == sorted(f.name for f in fields(RepActivity))


# --- the views --------------------------------------------------------------------------------


def reps_cli(cli: Cli) -> Cli:
    """A small book for the reps view: alice wins one deal shared with bob, loses one."""
    cli.ok("account", "add", "Acme")
    at(cli, "2026-09-01").ok(
        "opp", "add", "Acme", "Line", "--amount", "10000", "--close", "2027-01-31"
    )
    cli.ok("opp", "add", "Acme", "Spare parts", "--amount", "2000", "--close", "2027-01-31")
    cli.ok("opp", "share", "1", "--with", "bob", "--split", "40")
    at(cli, "2026-10-01").ok("opp", "win", "1", "--summary", "service")
    cli.ok("opp", "lose", "2", "--reason", "price", "--summary", "dear")
    at(cli, "2026-11-23")
    return cli


REPS_PLAIN = (
    "Rep           Won  Lost  Win rate  Won amount   Avg deal  Cycle (d)  Median (d)       Lost at"
    "  Quota  Attained\n"
    "alice           1     1       50%    6,000.00  10,000.00       30.0        30.0  Prospect (1)"
    "      -         -\n"
    "bob             0     0         -    4,000.00          -          -           -             -"
    "      -         -\n"
    "Team average  0.5   0.5       50%    5,000.00  10,000.00       30.0        30.0  Prospect (1)"
    "      -         -\n"
    "Team total      1     1             10,000.00                                                "
    "      -\n"
)


def test_reps_plain_view(cli: Cli) -> None:
    out = reps_cli(cli).ok("report", "reps").stdout
    assert out.startswith(REPS_PLAIN)
    assert "credit co-owned deals by split" in out
    assert "\x1b" not in out


def test_activity_plain_views(work: Cli) -> None:
    mine = work.ok("report", "activity").stdout
    assert mine.startswith(
        "Work report — alice (Alice Chen), this week, 2026-11-23 to 2026-11-26\n"
        "  Activities done                   2: 1 call, 1 email\n"
        "  Deals advanced                    1\n"
        "  Won                               1\n"
        "  Lost                              0\n"
        "  Leads converted                   1\n"
        "  New deals                         2\n"
        "  Planned 2026-11-27 to 2026-12-06  2: 1 visit, 1 call\n"
    )
    every = work.ok("report", "activity", "--all").stdout.splitlines()
    assert every[0].split() == [
        "Rep", "Done", "Calls", "Emails", "Advanced", "Won", "Lost", "Leads", "conv.",
        "New", "deals", "Planned",
    ]  # fmt: skip
    assert every[1].split() == ["alice", "2", "1", "1", "1", "1", "0", "1", "2", "2"]
    assert every[2].split() == ["bob", "1", "1", "0", "0", "0", "0", "0", "1", "1"]
    assert every[3].split() == ["Team", "total", "3", "2", "1", "1", "1", "0", "1", "3", "3"]
    assert "Planned: activities planned from 2026-11-27 to 2026-12-06." in every


@pytest.mark.parametrize("command", [("reps",), ("activity", "--all")])
def test_svg(work: Cli, tmp_path: Path, command: tuple[str, ...]) -> None:
    picture = tmp_path / "report.svg"
    result = work.ok("report", *command, "--svg", str(picture))
    assert result.stdout == ""
    assert f"wrote {picture}" in result.stderr
    drawn = picture.read_text(encoding="utf-8")
    assert drawn.startswith("<svg")
    assert "Team" in drawn
    assert picture.stat().st_mode & 0o777 == 0o600


def test_usage_errors(work: Cli) -> None:
    assert work("report", "activity", "--week", "--month").exit_code == 2
    assert work("report", "activity", "--owner", "bob", "--all").exit_code == 2
    assert work("report", "reps", "--json", "--svg", "x.svg").exit_code == 2
    assert work("report", "reps", "--since", "2026-12-01").exit_code == 1
