"""Quotas: setting them for a month, a quarter or a year (evenly, by weights, to the
cent), who may, and attainment across month, quarter and year boundaries, to date, a
year earlier, and with co-owned deals."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from salescli.dates import Period, parse_period
from salescli.errors import InvalidValue, NotFound, Refused
from salescli.models.enums import LossReason, Role
from salescli.services.core import reps
from salescli.services.core.session import Session, open_session
from salescli.services.customers import accounts
from salescli.services.pipeline import lifecycle, opportunities, shares
from salescli.services.pipeline.quotas import (
    Attainment,
    QuotaMonth,
    clear_quota,
    parse_weights,
    quota_attainment,
    set_quota,
    spread,
)
from tests.conftest import TODAY, Cli

D = Decimal


def on(session: Session, day: str) -> None:
    session.today = date.fromisoformat(day)
    session._now = None


@pytest.fixture
def manager(session: Session) -> Iterator[Session]:
    """The book of the session fixture with maria, a manager, acting."""
    reps.add_rep(session, handle="maria", name="Maria", role=Role.MANAGER)
    session.act_as("maria")
    yield session


def months_of(session: Session, handle: str) -> dict[str, Decimal]:
    rows = session.db.rows(
        "SELECT month, amount FROM quota JOIN rep ON rep.id = quota.rep_id"
        " WHERE rep.handle = ? ORDER BY month",
        (handle,),
    )
    return {str(row["month"]): D(int(row["amount"])) / 100 for row in rows}


# ---- periods and spreading -------------------------------------------------------------


def test_periods() -> None:
    assert parse_period("2026-12") == Period(
        "2026-12", "month", date(2026, 12, 1), date(2026, 12, 31)
    )
    assert parse_period("2026-2") == Period("2026-02", "month", date(2026, 2, 1), date(2026, 2, 28))
    assert parse_period(" 2026-q4 ") == Period(
        "2026-Q4", "quarter", date(2026, 10, 1), date(2026, 12, 31)
    )
    assert parse_period("2027Q1").months == ["2027-01", "2027-02", "2027-03"]
    assert parse_period("2026") == Period("2026", "year", date(2026, 1, 1), date(2026, 12, 31))
    for bad in ("2026-13", "2026-Q5", "2026-00", "next year", "", "26-12", "2026-12-01"):
        with pytest.raises(InvalidValue, match="is not a period"):
            parse_period(bad)


def test_spreading_is_exact_to_the_cent() -> None:
    # 100,000.00 over a quarter: 33,333.33 twice and the remainder on the last month.
    assert spread(10_000_000, 3) == [3_333_333, 3_333_333, 3_333_334]
    # 100,000.01 over a year: 8,333.33 eleven times, 8,333.38 in December.
    months = spread(10_000_001, 12)
    assert months == [833_333] * 11 + [833_338]
    assert sum(months) == 10_000_001
    assert spread(500, 1) == [500]
    # By weights: each month rounded down to the cent, the last takes the rest.
    assert spread(10_000_000, 3, [D(30), D(30), D(40)]) == [3_000_000, 3_000_000, 4_000_000]
    assert spread(10_001, 3, [D(30), D(30), D(40)]) == [3_000, 3_000, 4_001]
    assert spread(100_000, 3, parse_weights("33.33, 33.33, 33.34")) == [33_330, 33_330, 33_340]


def test_weights_must_add_up_to_100_and_match_the_months() -> None:
    with pytest.raises(InvalidValue, match="add up to 99 %, not 100 %"):
        spread(10_000, 3, [D(30), D(30), D(39)])
    with pytest.raises(InvalidValue, match="gives 2 shares for 3 months"):
        spread(10_000, 3, [D(50), D(50)])
    with pytest.raises(InvalidValue, match="not a percentage"):
        parse_weights("30,thirty,40")
    with pytest.raises(InvalidValue, match="cannot be -10"):
        parse_weights("50,60,-10")
    assert parse_weights("30% 30% 40%") == [D(30), D(30), D(40)]


# ---- setting and clearing ----------------------------------------------------------------


def test_set_a_month_a_quarter_and_a_year(manager: Session) -> None:
    change = set_quota(manager, rep="alice", period="2026-12", amount=D("10000"))
    assert (change.rep, change.period, change.total) == ("alice", "2026-12", D("10000.00"))
    assert change.months == [QuotaMonth("2026-12", D("10000.00"), None)]
    quarter = set_quota(manager, rep="alice", period="2026-Q4", amount=D("100000"))
    # The quarter replaces December's quota, and says what it was.
    assert quarter.months == [
        QuotaMonth("2026-10", D("33333.33"), None),
        QuotaMonth("2026-11", D("33333.33"), None),
        QuotaMonth("2026-12", D("33333.34"), D("10000.00")),
    ]
    set_quota(manager, rep="bob", period="2027", amount=D("120000.05"))
    bob = months_of(manager, "bob")
    assert len(bob) == 12 and sum(bob.values()) == D("120000.05")
    assert (bob["2027-01"], bob["2027-12"]) == (D("10000"), D("10000.05"))
    assert months_of(manager, "alice") == {
        "2026-10": D("33333.33"),
        "2026-11": D("33333.33"),
        "2026-12": D("33333.34"),
    }


def test_set_by_weights(manager: Session) -> None:
    set_quota(
        manager, rep="alice", period="2026-Q4", amount=D("300000"), weights=[D(30), D(30), D(40)]
    )
    assert months_of(manager, "alice") == {
        "2026-10": D("90000"),
        "2026-11": D("90000"),
        "2026-12": D("120000"),
    }
    with pytest.raises(InvalidValue, match="add up to"):
        set_quota(
            manager, rep="alice", period="2026-Q4", amount=D("1"), weights=[D(50), D(49), D(0)]
        )
    # Nothing changed by the refused call.
    assert months_of(manager, "alice")["2026-12"] == D("120000")


def test_each_change_is_recorded(manager: Session) -> None:
    set_quota(manager, rep="alice", period="2026-12", amount=D("5000"))
    clear_quota(manager, rep="alice", period="2026-Q4")
    events = manager.db.rows("SELECT entity, action, changes FROM event WHERE entity = 'quota'")
    assert [(e["entity"], e["action"]) for e in events] == [("quota", "set"), ("quota", "clear")]
    assert json.loads(events[0]["changes"]) == {
        "months": {"2026-12": [None, 500000]},
        "period": "2026-12",
        "rep": "alice",
    }
    assert json.loads(events[1]["changes"])["months"] == {"2026-12": [500000, None]}


def test_clear(manager: Session) -> None:
    set_quota(manager, rep="alice", period="2026", amount=D("120000"))
    change = clear_quota(manager, rep="alice", period="2026-Q4")
    assert change.total is None
    assert [(m.month, m.amount, m.previous) for m in change.months] == [
        ("2026-10", None, D("10000.00")),
        ("2026-11", None, D("10000.00")),
        ("2026-12", None, D("10000.00")),
    ]
    assert len(months_of(manager, "alice")) == 9
    with pytest.raises(NotFound, match="alice has no quota in 2026-Q4"):
        clear_quota(manager, rep="alice", period="2026-Q4")


def test_only_a_manager_sets_quotas(manager: Session) -> None:
    manager.act_as("alice")
    with pytest.raises(Refused, match="only a manager may set quotas; alice is a rep") as refused:
        set_quota(manager, rep="alice", period="2026-12", amount=D("1000000"))
    # The hint does not say who the managers are.
    assert refused.value.hint == "ask a manager of this book, or act as one with --as HANDLE"
    with pytest.raises(Refused, match="only a manager may clear quotas"):
        clear_quota(manager, rep="bob", period="2026-12")
    assert months_of(manager, "alice") == {}


def test_a_book_without_managers_says_how_to_make_one(session: Session) -> None:
    with pytest.raises(Refused) as refused:
        set_quota(session, rep="alice", period="2026-12", amount=D("1"))
    assert (
        refused.value.hint == "no rep is a manager yet: 'salescli rep edit HANDLE --role manager'"
    )


def test_unknown_rep(manager: Session) -> None:
    with pytest.raises(NotFound, match="no rep 'zed'"):
        set_quota(manager, rep="zed", period="2026-12", amount=D("1"))


# ---- attainment --------------------------------------------------------------------------


@pytest.fixture
def book(manager: Session) -> Session:
    """Deals won (alice's unless said), in date order:

    w1  1,000  2025-10-15   2025-Q4, before the same day a year earlier (2025-11-23)
    w2  2,000  2025-12-31   2025-Q4, after it
    w3  4,000  2026-09-30   Q3: in the year to date only
    w4  8,000  2026-10-01   Q4's first day: quarter and year to date, not November
    w6 32,000  2026-11-02   bob's, alice co-owns 25 %: 8,000 hers, 24,000 his
    lost 64,000 2026-11-10  not counted
    w5 16,000  2026-11-23   today
    w7    500  2026-12-31   and w8 250 on 2027-01-01: after today (for later reports)
    open: o1 10,000 negotiation closing 2026-12-15 (9,000 weighted), o2 20,000 proposal
    closing 2027-01-10, o3 5,000 negotiation closing 2026-11-01 (overdue).
    Quotas: alice 2026 120,000 (10,000 a month), then 2026-Q4 60,000 (20,000 a month):
    150,000 in 2026; alice 2025-Q4 30,000; bob 2026-Q4 90,000.
    """
    s = manager
    on(s, "2025-10-01")
    accounts.add_account(s, name="Acme Trading", owner="alice")

    def won(
        name: str, amount: str, day: str, owner: str = "alice", share: str | None = None
    ) -> None:
        on(s, day)
        deal = opportunities.add_opportunity(
            s,
            account="Acme Trading",
            name=name,
            amount=D(amount),
            close_date=date.fromisoformat(day),
            owner=owner,
        )
        if share is not None:
            shares.share_opportunity(s, opportunity_id=deal.id, rep="alice", split=D(share))
        lifecycle.win_opportunity(s, opportunity_id=deal.id, summary="closed")

    won("w1", "1000", "2025-10-15")
    won("w2", "2000", "2025-12-31")
    won("w3", "4000", "2026-09-30")
    won("w4", "8000", "2026-10-01")
    won("w6", "32000", "2026-11-02", owner="bob", share="25")
    on(s, "2026-11-10")
    lost = opportunities.add_opportunity(
        s, account="Acme Trading", name="lost", amount=D("64000"), close_date=date(2026, 11, 10)
    )
    lifecycle.lose_opportunity(
        s, opportunity_id=lost.id, reason=LossReason.BUDGET, summary="closed"
    )
    won("w5", "16000", "2026-11-23")
    on(s, "2026-11-23")
    for name, amount, close, stage in (
        ("o1", "10000", "2026-12-15", "negotiation"),
        ("o2", "20000", "2027-01-10", "proposal"),
        ("o3", "5000", "2026-11-01", "negotiation"),
    ):
        opportunities.add_opportunity(
            s,
            account="Acme Trading",
            name=name,
            amount=D(amount),
            close_date=date.fromisoformat(close),
            stage=stage,
        )
    won("w7", "500", "2026-12-31")
    won("w8", "250", "2027-01-01")
    on(s, "2026-11-23")
    set_quota(s, rep="alice", period="2026", amount=D("120000"))
    set_quota(s, rep="alice", period="2026-Q4", amount=D("60000"))
    set_quota(s, rep="alice", period="2025-Q4", amount=D("30000"))
    set_quota(s, rep="bob", period="2026-Q4", amount=D("90000"))
    s.act_as("alice")
    return s


def row(quota: str | None, won: str, attainment: str | None, gap: str | None, pipeline: str,
        coverage: str | None, rep: str | None = "alice") -> Attainment:  # fmt: skip
    def d(value: str | None) -> Decimal | None:
        return None if value is None else D(value)

    return Attainment(rep, d(quota), D(won), d(attainment), d(gap), D(pipeline), d(coverage))


def test_attainment_this_quarter(book: Session) -> None:
    report = quota_attainment(book)
    assert (report.period.label, report.owner, report.today) == ("2026-Q4", "alice", TODAY)
    # Won w4 8,000 + w5 16,000 + 25 % of w6 8,000 = 32,000 of 60,000: 53.3 %, gap 28,000;
    # pipeline o1 9,000 (o3 is overdue, o2 closes in January): coverage 0.32.
    expected = row("60000", "32000", "53.3333", "28000", "9000", "0.3")
    assert report.reps == [expected]
    assert report.total == expected


def test_to_date_windows(book: Session) -> None:
    windows = {w.label: w for w in quota_attainment(book).to_date}
    mtd, qtd, ytd = windows["month to date"], windows["quarter to date"], windows["year to date"]
    # November: w5 16,000 + w6's 8,000 against 20,000.
    assert (mtd.period.label, mtd.quota, mtd.won, mtd.attainment) == (
        "2026-11", D("20000.00"), D("24000.00"), D("120.0")
    )  # fmt: skip
    assert (qtd.period.label, qtd.quota, qtd.won, qtd.attainment) == (
        "2026-Q4", D("60000.00"), D("32000.00"), D("53.3333")
    )  # fmt: skip
    # The year: 9 months at 10,000 and Q4's 60,000; w3 joins.
    assert (ytd.period.label, ytd.quota, ytd.won, ytd.attainment) == (
        "2026", D("150000.00"), D("36000.00"), D("24.0")
    )  # fmt: skip
    assert {w.until for w in windows.values()} == {TODAY}


def test_a_year_earlier(book: Session) -> None:
    earlier = quota_attainment(book).year_earlier
    assert earlier.period.label == "2025-Q4"
    # w1 and w2 against 30,000; by 2025-11-23 only w1 had been won.
    assert (earlier.quota, earlier.won, earlier.attainment) == (
        D("30000.00"),
        D("3000.00"),
        D("10.0"),
    )
    assert (earlier.same_day, earlier.won_by_same_day) == (date(2025, 11, 23), D("1000.00"))


def test_a_month_ahead_and_a_year(book: Session) -> None:
    december = quota_attainment(book, period="2026-12")
    # Nothing won yet (w7 is after today); o1's 9,000 covers 45 % of the 20,000 gap.
    assert december.total == row("20000", "0", "0.0", "20000", "9000", "0.5")
    year = quota_attainment(book, period="2026")
    assert year.total == row("150000", "36000", "24.0", "114000", "9000", "0.1")
    assert year.year_earlier.period.label == "2025"
    assert year.year_earlier.won_by_same_day == D("1000.00")


def test_across_the_year_boundary(book: Session) -> None:
    on(book, "2027-01-05")
    report = quota_attainment(book, period="2026-Q4")
    # The quarter is over: w7 (2026-12-31) counts, w8 (2027-01-01) does not; no pipeline.
    assert report.total == row("60000", "32500", "54.1667", "27500", "0", "0.0")
    windows = {w.label: (w.period.label, w.quota, w.won) for w in report.to_date}
    assert windows == {
        "month to date": ("2027-01", None, D("250.00")),
        "quarter to date": ("2027-Q1", None, D("250.00")),
        "year to date": ("2027", None, D("250.00")),
    }
    # Not the current period: the year before is compared whole.
    assert (report.year_earlier.same_day, report.year_earlier.won_by_same_day) == (None, None)
    assert report.year_earlier.won == D("3000.00")


def test_everyone(book: Session) -> None:
    report = quota_attainment(book, everyone=True)
    assert report.owner is None
    # maria (a manager, nothing of her own) is left out; bob: 75 % of w6.
    assert report.reps == [
        row("60000", "32000", "53.3333", "28000", "9000", "0.3"),
        row("90000", "24000", "26.6667", "66000", "0", "0.0", rep="bob"),
    ]
    assert report.total == row("150000", "56000", "37.3333", "94000", "9000", "0.1", rep=None)
    assert quota_attainment(book, owner="bob").total == report.reps[1]
    # The team's year to date counts w6 once: 4,000 + 8,000 + 32,000 + 16,000.
    ytd = report.to_date[2]
    assert (ytd.quota, ytd.won) == (D("240000.00"), D("60000.00"))


def test_the_teams_attainment_counts_only_wins_a_quota_asked_for(book: Session) -> None:
    """carol has no quota: her 40,000 count in the team's won figure, not in its %."""
    book.act_as("maria")
    reps.add_rep(book, handle="carol", name="Carol Ma")
    accounts.add_account(book, name="Carol's customer", owner="carol")
    deal = opportunities.add_opportunity(
        book,
        account="Carol's customer",
        name="c1",
        amount=D("40000"),
        close_date=TODAY,
        owner="carol",
    )
    lifecycle.win_opportunity(book, opportunity_id=deal.id, summary="closed")
    report = quota_attainment(book, everyone=True)
    assert report.reps[-1] == row(None, "40000", None, None, "0", None, rep="carol")
    # Won 96,000 in all, but the quotas of 150,000 were set against 56,000 of it.
    assert report.total == row("150000", "96000", "37.3333", "94000", "9000", "0.1", rep=None)
    ytd = report.to_date[2]
    assert (ytd.quota, ytd.won, ytd.attainment) == (D("240000.00"), D("100000.00"), D("25.0"))


def test_no_quota(book: Session) -> None:
    report = quota_attainment(book, period="2024")
    assert report.total == row(None, "0", None, None, "0", None)


def test_bad_period(book: Session) -> None:
    with pytest.raises(InvalidValue, match="'Q4' is not a period"):
        quota_attainment(book, period="Q4")


# ---- the commands ---------------------------------------------------------------------------


def test_quota_commands(cli: Cli) -> None:
    done = cli.ok("forecast", "quota", "set", "alice", "2026-Q4", "90,000", "--weights",
                  "30,30,40", rep="maria")  # fmt: skip
    assert done.stderr == (
        "alice's quota for 2026-Q4 is 90,000.00: 2026-10 27,000.00, 2026-11 27,000.00,"
        " 2026-12 36,000.00\n"
    )
    data = json.loads(cli.ok("forecast", "quota", "set", "bob", "2026-12", "1000", "--json",
                             rep="maria").stdout)  # fmt: skip
    assert data == {
        "rep": "bob",
        "period": "2026-12",
        "total": 1000,
        "months": [{"month": "2026-12", "amount": 1000, "previous": None}],
    }
    cleared = cli.ok("forecast", "quota", "clear", "bob", "2026-Q4", rep="maria")
    assert cleared.stderr == "cleared bob's quota for 2026-Q4 (2026-12)\n"
    shown = json.loads(cli.ok("forecast", "quota", "--json").stdout)
    assert shown["total"]["quota"] == 90000
    assert shown["period"] == {
        "label": "2026-Q4", "kind": "quarter", "start": "2026-10-01", "end": "2026-12-31"
    }  # fmt: skip


def test_quota_command_errors(cli: Cli) -> None:
    refused = cli("forecast", "quota", "set", "alice", "2026-12", "1000")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: only a manager may set quotas; alice is a rep\n"
        "hint: ask a manager of this book, or act as one with --as HANDLE\n"
    )
    bad = cli("forecast", "quota", "set", "alice", "2026-13", "1000", rep="maria")
    assert bad.exit_code == 1 and "'2026-13' is not a period" in bad.stderr
    weights = cli("forecast", "quota", "set", "alice", "2026-Q4", "1000", "--weights", "50,50,50",
                  rep="maria")  # fmt: skip
    assert weights.exit_code == 1 and "add up to 150 %, not 100 %" in weights.stderr
    amount = cli("forecast", "quota", "set", "alice", "2026-12", "lots", rep="maria")
    assert amount.exit_code == 2
    period = cli("forecast", "quota", "--period", "soon")
    assert period.exit_code == 1
    assert cli.ok("forecast", "quota", "--json").stdout  # nothing was written


def test_quota_view_plain(cli: Cli) -> None:
    cli.ok("forecast", "quota", "set", "alice", "2026-Q4", "90000", rep="maria")
    out = cli.ok("forecast", "quota").stdout
    assert out == (
        "Rep        Quota   Won  Won %        Gap  Pipeline  Coverage\n"
        "alice  90,000.00  0.00     0%  90,000.00      0.00      0.0x\n"
        "Pipeline: the weighted amount of open deals expected to close from 2026-11-23 to"
        " 2026-12-31 (overdue ones left out). Coverage: pipeline / gap.\n"
        "Co-owned deals count by share.\n"
        "\n"
        "To date (to 2026-11-23)\n"
        "Window           Period       Quota   Won  Won %\n"
        "month to date    2026-11  30,000.00  0.00     0%\n"
        "quarter to date  2026-Q4  90,000.00  0.00     0%\n"
        "year to date     2026     90,000.00  0.00     0%\n"
        "\n"
        "A year earlier: 2025-Q4 (2025-10-01 to 2025-12-31)\n"
        "  Quota  -\n"
        "  Won    0.00 (0.00 by 2025-11-23)\n"
        "  Won %  -\n"
    )


def test_quota_svg(cli: Cli, tmp_path: Path) -> None:
    cli.ok("forecast", "quota", "set", "alice", "2026-Q4", "90000", rep="maria")
    picture = tmp_path / "quota.svg"
    cli.ok("forecast", "quota", "--all", "--svg", str(picture))
    assert picture.read_text(encoding="utf-8").startswith("<svg")


def test_forecast_shows_the_quota(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Big", "--amount", "50000", "--stage", "negotiation",
           "--close", "2026-12-10")  # fmt: skip
    cli.ok("forecast", "quota", "set", "alice", "2026-12", "60000", rep="maria")
    data = json.loads(cli.ok("forecast", "--json").stdout)
    december = data["periods"][1]
    assert (december["quota"], december["forecast"], december["projected_attainment"]) == (
        60000,
        45000,
        75,
    )


def test_attainment_service_in_a_fresh_session(cli: Cli) -> None:
    cli.ok("forecast", "quota", "set", "bob", "2026", "12000", rep="maria")
    with open_session(cli.db, today=TODAY, acting_handle="maria") as session:
        report = quota_attainment(session, everyone=True)
    assert [r.rep for r in report.reps] == ["alice", "bob"]
    assert report.to_date[2].quota == D("12000.00")
