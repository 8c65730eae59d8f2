"""The largest amount, and totals that stay exact however many deals (issue 18, item 14).

100 deals of 999,999,999,999,999.99 made `forecast --all` and `opp funnel --all` fail
with "integer overflow". Amounts over 9,999,999,999,999.99 are now refused wherever they
enter, and sums are taken in two parts so that even 10,000 deals at the maximum (whose
plain sum in cents is past SQLite's 64 bits) add up to the cent.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import Cli

MAXIMUM = "9999999999999.99"
OVER = "10000000000000"
REFUSAL = f"amount '{OVER}' is over the largest salescli accepts, 9,999,999,999,999.99"
DEALS = 10_000


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.fixture
def huge(cli: Cli, tmp_path: Path) -> Cli:
    """10,000 open deals at the largest amount, each certain (100 %), a third of them per
    month from January to March 2027; and one won deal and one lost at the maximum."""
    cli.ok("account", "add", "Acme")
    sheet = tmp_path / "deals.csv"
    stages = ("prospect", "proposal", "negotiation")
    rows = [f"D{i},Acme,{MAXIMUM},2027-0{1 + i % 3}-01,{stages[i % 3]},100" for i in range(DEALS)]
    sheet.write_text("name,account,amount,close_date,stage,probability\n" + "\n".join(rows))
    cli.ok("opp", "import", str(sheet))
    cli.ok("opp", "add", "Acme", "Won big", "--amount", MAXIMUM, "--close", "2026-12-01")
    cli.ok("opp", "win", str(DEALS + 1), "--summary", "signed")
    cli.ok("opp", "add", "Acme", "Lost big", "--amount", MAXIMUM, "--close", "2026-12-01")
    cli.ok("opp", "lose", str(DEALS + 2), "--reason", "price", "--summary", "dearer")
    return cli


def test_forecast_of_deals_at_the_maximum_is_exact(huge: Cli) -> None:
    shown = huge.ok("forecast", "--all").stdout
    # 3,334 deals in January, 3,333 in February and March, weighted at 100 %.
    january = "33,339,999,999,999,966.66"
    february = "33,329,999,999,999,966.67"
    assert [line.split()[-1] for line in shown.splitlines()[3:6]] == [january, february, february]
    assert shown.splitlines()[3].split()[1] == "3334"


def test_funnel_of_deals_at_the_maximum_is_exact(huge: Cli) -> None:
    shown = huge.ok("opp", "funnel", "--all").stdout
    total = next(line for line in shown.splitlines() if line.startswith("Total"))
    assert total.split() == [
        "Total",
        str(DEALS),
        "99,999,999,999,999,900.00",
        "99,999,999,999,999,900.00",
    ]
    assert "Won          1 (9,999,999,999,999.99)" in shown
    report = json.loads(huge.ok("opp", "funnel", "--all", "--json").stdout)
    assert (report["deals"], report["won_amount"]) == (DEALS, 9999999999999.99)


def test_reps_report_and_quota_attainment_at_the_maximum(huge: Cli) -> None:
    huge.ok("forecast", "quota", "set", "alice", "2026-12", MAXIMUM, rep="maria")
    shown = huge.ok("forecast", "quota", "--all", "--period", "2026-12").stdout
    assert "9,999,999,999,999.99" in shown
    assert "9,999,999,999,999.99" in huge.ok("report", "reps").stdout


@pytest.mark.parametrize(
    "command",
    [
        ("opp", "add", "Acme", "Too big", "--amount"),
        ("opp", "edit", "1", "--amount"),
        ("lead", "add", "Wang Wei", "--budget"),
        ("lead", "edit", "1", "--budget"),
    ],
)
def test_an_amount_over_the_maximum_is_refused_when_typed(
    cli: Cli, command: tuple[str, ...]
) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Fits", "--amount", MAXIMUM, "--close", "2026-12-01")
    cli.ok("lead", "add", "Li Na", "--budget", MAXIMUM)
    result = cli(*command, OVER)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: Invalid value for '{command[-1]}': {REFUSAL}\n"
        f"hint: see 'salescli {command[0]} {command[1]} --help'\n"
    )
    assert count(cli.db, "opportunity") == 1 and count(cli.db, "lead") == 1
    assert json.loads(cli.ok("opp", "show", "1", "--json").stdout)["opportunity"]["amount"] == (
        float(Decimal(MAXIMUM))
    )


@pytest.mark.parametrize(
    ("entity", "header", "row"),
    [
        ("opp", "name,account,amount,stage", f"Too big,Acme,{OVER},prospect"),
        ("lead", "name,budget", f"Wang Wei,{OVER}"),
    ],
)
def test_an_amount_over_the_maximum_is_refused_on_import(
    cli: Cli, tmp_path: Path, entity: str, header: str, row: str
) -> None:
    cli.ok("account", "add", "Acme")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"{header}\n{row}\n")
    result = cli(entity, "import", str(sheet))
    assert result.exit_code == 1
    assert "line 2: " in result.stderr
    assert REFUSAL in result.stderr
    assert count(cli.db, "opportunity") == 0 and count(cli.db, "lead") == 0
