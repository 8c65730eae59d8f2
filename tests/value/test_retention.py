"""report retention, lifetime value and report customers on books worked out by hand
(today 2026-11-23)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from tests.conftest import Cli
from tests.value.conftest import load_purchases

# The year before is 2024-11-24 to 2025-11-23, this year 2025-11-24 to 2026-11-23; the
# quarter before 2026-05-24 to 2026-08-23, this quarter 2026-08-24 to 2026-11-23.
HISTORY = [
    ("Keep", "1000", "2025-03-01"),  # year: retained (900 is more than half of 1000)
    ("Keep", "900", "2026-06-01"),  # quarter: bought before, nothing now: full defector
    ("Half", "1000", "2025-05-01"),  # year: partial defector (500 is half)
    ("Half", "500", "2026-09-01"),
    ("Gone", "2000", "2025-02-01"),  # year: full defector
    ("Fresh", "300", "2026-10-01"),  # bought only now: not active before
    ("Old", "100", "2024-11-23"),  # before the year before
]


RETENTION_PLAIN = """\
Retention by won revenue: a year against the one before
  Before             after 2024-11-23 up to 2025-11-23
  Now                after 2025-11-23 up to 2026-11-23
  Active before      3
  Retained           2 (66.7%)
  Full defectors     1 (33.3%), 2,000.00 lost
  Partial defectors  1 (33.3%), 500.00 lost (bought 50% less or more)

Full defectors
ID  Account  Owner    Before   Now      Lost  Why
 3  Gone     alice  2,000.00  0.00  2,000.00  competitor: went to Globex

Partial defectors
ID  Account  Owner    Before     Now    Lost  Why
 2  Half     alice  1,000.00  500.00  500.00  price

Why they left
Reason      Accounts  Share  Cumulative      Lost
competitor         1    50%         50%  2,000.00
price              1    50%        100%    500.00
"""


def retention(cli: Cli, *args: str) -> dict:  # type: ignore[type-arg]
    return json.loads(cli.ok("report", "retention", "--all", "--json", *args).stdout)


def test_a_year_with_one_full_and_one_partial_defector(cli: Cli, tmp_path: Path) -> None:
    load_purchases(cli, tmp_path, HISTORY)
    cli.ok("account", "edit", "Gone", "--lost-reason", "竞争对手", "--lost-note", "went to Globex")
    cli.ok("account", "edit", "Half", "--lost-reason", "price")
    report = retention(cli)
    assert (report["before_start"], report["before_end"]) == ("2024-11-24", "2025-11-23")
    assert (report["now_start"], report["now_end"]) == ("2025-11-24", "2026-11-23")
    assert report["active_before"] == 3
    assert (report["retained"], report["retention_rate"]) == (2, 66.6667)
    assert (report["full_defectors"], report["full_rate"], report["full_revenue_lost"]) == (
        1,
        33.3333,  # to four decimals in JSON; the screen shows 33.3%
        2000,
    )
    assert report["partial_rate"] == 33.3333
    assert [(d["name"], d["before"], d["now"], d["lost"]) for d in report["full"]] == [
        ("Gone", 2000, 0, 2000)
    ]
    assert [(d["name"], d["before"], d["now"], d["lost"]) for d in report["partial"]] == [
        ("Half", 1000, 500, 500)
    ]
    assert [
        (r["reason"], r["accounts"], r["share"], r["cumulative_share"], r["revenue_lost"])
        for r in report["reasons"]
    ] == [("competitor", 1, 50, 50, 2000), ("price", 1, 50, 100, 500)]
    plain = cli.ok("report", "retention", "--all").stdout
    assert plain == RETENTION_PLAIN


def test_a_quarter(cli: Cli, tmp_path: Path) -> None:
    load_purchases(cli, tmp_path, HISTORY)
    report = retention(cli, "--period", "quarter")
    assert (report["active_before"], report["retained"], report["full_defectors"]) == (1, 0, 1)
    assert [d["name"] for d in report["full"]] == ["Keep"]
    assert cli("report", "retention", "--period", "month").exit_code == 2


def test_lifetime_value_by_its_formula(cli: Cli, tmp_path: Path) -> None:
    load_purchases(cli, tmp_path, HISTORY)
    shown = json.loads(cli.ok("account", "show", "Keep", "--json").stdout)["value"]["lifetime"]
    # Keep bought 1,900 since 2025-03-01, 632 days: 1.73 years. Retention is 2 of 3.
    years = Decimal(632) / 365
    assert shown["years_active"] == float(years.quantize(Decimal("0.01")))
    average = (Decimal(1900) / Decimal("1.73")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    factor = sum((Decimal(2) / 3) ** t / Decimal("1.1") ** t for t in (1, 2, 3))
    projected = (average * factor).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert (shown["average_yearly_revenue"], shown["projected"]) == (
        float(average),
        float(projected),
    )
    assert shown["lifetime_value"] == float(1900 + projected)
    assert shown["gross_margin"] is None
    assert shown["retention_rate"] == 66.6667


def test_report_customers(cli: Cli, tmp_path: Path) -> None:
    amounts = [1000, 500, 200, 100, 80, 50, 40, 20, 10]
    load_purchases(
        cli,
        tmp_path,
        [(f"C{n}", str(amount), "2026-06-01") for n, amount in enumerate(amounts)],
        customers=["Idle"],
    )
    report = json.loads(cli.ok("report", "customers", "--all", "--json", "--top", "3").stdout)
    # 2,000 in all: 1,000 + 500 + 200 = 85 % after three of the ten customers.
    assert (report["customers"], report["revenue"]) == (10, 2000)
    assert (report["eighty_accounts"], report["eighty_share"]) == (3, 30)
    assert [(r["name"], r["share"], r["cumulative_share"]) for r in report["pareto"]] == [
        ("C0", 50, 50),
        ("C1", 25, 75),
        ("C2", 10, 85),
    ]
    # A: the first; B: floor(10 x 5 %) = 0 places; C: down to the 2nd; D: the rest.
    assert [(c["abc_class"], c["accounts"], c["revenue"]) for c in report["classes"]] == [
        ("A", 1, 1000),
        ("B", 0, 0),
        ("C", 1, 500),
        ("D", 8, 500),
    ]
    assert [(c["top_percent"], c["accounts"], c["share"]) for c in report["concentration"]] == [
        (1, 1, 50),
        (5, 1, 50),
        (20, 2, 75),
    ]
    plain = cli.ok("report", "customers", "--all", "--top", "2").stdout
    assert "3 accounts, 30% of customers, bring 80% of revenue\n" in plain
    svg = tmp_path / "pareto.svg"
    cli.ok("report", "customers", "--all", "--svg", str(svg))
    assert svg.read_text(encoding="utf-8").startswith("<svg")


def test_report_customers_lifetime_value_sums_each_customers_by_the_formula(
    cli: Cli, tmp_path: Path
) -> None:
    """The report sums every customer's lifetime value in integers; worked out here per
    customer with Decimals, as test_lifetime_value_by_its_formula does for one."""
    odd = [("Odd", "333.33", "2024-12-30"), ("Odd", "0.01", "2026-01-15")]
    load_purchases(cli, tmp_path, [*HISTORY, *odd], customers=["Idle"])
    bought: dict[str, list[tuple[Decimal, date]]] = {}
    for name, amount, day in [*HISTORY, *odd]:
        bought.setdefault(name, []).append((Decimal(amount), date.fromisoformat(day)))
    # Active the year before: Keep, Half, Gone and Odd; all but Gone bought again.
    factor = sum((Decimal(3) / 4) ** t / Decimal("1.1") ** t for t in (1, 2, 3))
    cent = Decimal("0.01")
    expected = Decimal(0)
    for purchases in bought.values():
        to_date = sum(amount for amount, _ in purchases)
        days = (date(2026, 11, 23) - min(day for _, day in purchases)).days
        years = max(Decimal(1), Decimal(days) / 365).quantize(cent)
        average = (to_date / years).quantize(cent, ROUND_HALF_UP)
        expected += to_date + (average * factor).quantize(cent, ROUND_HALF_UP)
    report = json.loads(cli.ok("report", "customers", "--all", "--json").stdout)
    assert report["customers"] == 7  # Idle too, who adds nothing
    assert report["lifetime_value"] == float(expected)
    assert report["average_lifetime_value"] == float((expected / 7).quantize(cent))


NOBODY_BEFORE_PLAIN = """\
Retention by won revenue: a year against the one before
  Before             after 2024-11-23 up to 2025-11-23
  Now                after 2025-11-23 up to 2026-11-23
  Active before      0
  Retained           0 (not yet measurable: nobody bought before)
  Full defectors     0, 0.00 lost
  Partial defectors  0, 0.00 lost (bought 50% less or more)

Full defectors
  (none)

Partial defectors
  (none)

Why they left
  (nobody left)
"""


def test_no_rate_is_measured_when_nobody_bought_the_year_before(cli: Cli, tmp_path: Path) -> None:
    # Both bought only this year: no customer was active before, so no rate exists (0 %
    # would say every customer left) and lifetime value projects nothing.
    load_purchases(cli, tmp_path, [("Alpha", "1000", "2026-02-01"), ("Beta", "300", "2026-05-01")])
    report = retention(cli)
    assert [report[key] for key in ("active_before", "retention_rate", "full_rate")] == [
        0,
        None,
        None,
    ]
    assert report["partial_rate"] is None
    assert cli.ok("report", "retention", "--all").stdout == NOBODY_BEFORE_PLAIN
    lifetime = json.loads(cli.ok("account", "show", "Alpha", "--json").stdout)["value"]["lifetime"]
    assert [lifetime[key] for key in ("retention_rate", "projected", "lifetime_value")] == [
        None,
        0,
        1000,
    ]
    assert (
        "  Lifetime value        1,000.00 (1,000.00 to date; nothing projected: the book's"
        " retention is not yet measurable, nobody bought in the 12 months before the last 12)\n"
        in cli.ok("account", "show", "Alpha").stdout
    )
    customers = json.loads(cli.ok("report", "customers", "--all", "--json").stdout)
    assert customers["lifetime_value"] == 1300
    # One customer who bought the year before and not since: measured, and it is 0 %.
    load_purchases(cli, tmp_path, [("Gamma", "500", "2025-06-01")])
    assert (retention(cli)["retention_rate"], retention(cli)["full_rate"]) == (0, 100)
    assert "  Retained           0 (0%)\n" in cli.ok("report", "retention", "--all").stdout
    assert "0.00 over 3 years at 0% retention" in cli.ok("account", "show", "Alpha").stdout


def test_a_lost_note_needs_a_lost_reason(cli: Cli, tmp_path: Path, db_path: Path) -> None:
    load_purchases(cli, tmp_path, [("Gone", "2000", "2025-02-01")])

    def kept() -> tuple[str | None, str | None]:
        with sqlite3.connect(db_path) as db:
            return db.execute("SELECT lost_reason, lost_note FROM account").fetchone()

    refused = cli("account", "edit", "Gone", "--lost-note", "went to Globex")
    assert (refused.exit_code, refused.stderr) == (
        1,
        "error: --lost-note needs --lost-reason: account 'Gone' has no reason recorded for"
        " leaving\nhint: reasons are price, quality, service, competitor, need-ended, budget,"
        " relationship, other (other for none of them): --lost-reason other --lost-note"
        ' "went to Globex"\n',
    )
    assert kept() == (None, None)
    cli.ok("account", "edit", "Gone", "--lost-reason", "competitor", "--lost-note", "Globex")
    cli.ok("account", "edit", "Gone", "--lost-note", "went to Globex")  # the reason stays
    assert kept() == ("competitor", "went to Globex")
    assert "  Left because          competitor: went to Globex\n" in (
        cli.ok("account", "show", "Gone").stdout
    )
    refused = cli("account", "edit", "Gone", "--lost-reason", "")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        1,
        "error: account 'Gone' keeps its lost note 'went to Globex': clearing the reason"
        " would leave the note without one",
    )
    assert kept() == ("competitor", "went to Globex")
    cli.ok("account", "edit", "Gone", "--lost-reason", "", "--lost-note", "")
    assert kept() == (None, None)
    # A note written before a reason was required shows as a note, not as the reason.
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE account SET lost_note = 'too dear'")
    assert "  Left because          not recorded: too dear\n" in (
        cli.ok("account", "show", "Gone").stdout
    )
    assert (
        json.loads(cli.ok("account", "show", "Gone", "--json").stdout)["value"]["lost_reason"]
        is None
    )
    assert "0.00  2,000.00  not recorded: too dear\n" in cli.ok("report", "retention").stdout
