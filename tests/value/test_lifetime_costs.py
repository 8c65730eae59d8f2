"""Lifetime value net of expenses, and gross margin where costs are known, on books
worked out by hand (today 2026-11-23)."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from tests.conftest import Cli
from tests.value.conftest import load_purchases
from tests.value.test_retention import HISTORY


def lifetime(cli: Cli, account: str) -> dict[str, float | None]:
    return json.loads(cli.ok("account", "show", account, "--json").stdout)["value"]["lifetime"]


def test_lifetime_value_subtracts_the_accounts_expenses(cli: Cli, tmp_path: Path) -> None:
    """Keep bought 1,900 (projected as in test_lifetime_value_by_its_formula). Its
    expenses: 100 recorded, 40 rejected (left out), 60 dated after today (not yet):
    lifetime value 1,900 + projected - 100. Its deals came without quotes: no cost is
    known, so neither is the margin."""
    load_purchases(cli, tmp_path, HISTORY)
    before = lifetime(cli, "Keep")
    cli.ok(
        "expense", "add", "100", "--category", "meals", "--account", "Keep", "--on", "2026-11-01"
    )
    cli.ok("expense", "add", "40", "--category", "gifts", "--account", "Keep", "--on", "2026-11-02")
    cli.ok(
        "expense", "add", "60", "--category", "travel", "--account", "Keep", "--on", "2026-12-01"
    )
    cli.ok("expense", "submit", "2")
    cli.ok("expense", "reject", "2", "--reason", "private", rep="maria")
    shown = lifetime(cli, "Keep")
    average = (Decimal(1900) / Decimal("1.73")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    factor = sum((Decimal(2) / 3) ** t / Decimal("1.1") ** t for t in (1, 2, 3))
    projected = (average * factor).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert (shown["expenses"], shown["lifetime_value"], shown["gross_margin"]) == (
        100,
        float(1900 + projected - 100),
        None,
    )
    assert before["lifetime_value"] == float(1900 + projected)
    assert before["expenses"] == 0
    plain = cli.ok("account", "show", "Keep").stdout
    assert "3 years at 66.7% retention, 10% discount - 100.00 expenses)" in plain


def test_gross_margin_where_every_won_deals_cost_is_known(cli: Cli) -> None:
    """Acme's one deal was won through a quote of 10 x SKU-1 at 1,000 that cost 300 each:
    revenue 10,000, cost 3,000; 500 of expenses. No customer bought in the year before,
    so retention is 0 and nothing is projected: lifetime value 10,000 - 500 = 9,500,
    gross margin 10,000 - 3,000 - 500 = 6,500. A second won deal with no quote makes the
    margin unknown again."""
    cli.ok("product", "add", "SKU-1", "Switch", "--price", "1000", "--cost", "300", rep="maria")
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Switches", "--amount", "1", "--close", "+1m")
    cli.ok("quote", "new", "1")
    cli.ok("quote", "line", "add", "1", "SKU-1", "--qty", "10")
    cli.ok("quote", "send", "1")
    cli.ok("quote", "accept", "1")
    cli.ok("opp", "win", "1", "--summary", "price held")
    cli.ok("expense", "add", "500", "--category", "entertainment", "--account", "Acme")
    shown = lifetime(cli, "Acme")
    assert (shown["revenue_to_date"], shown["projected"], shown["expenses"]) == (10000, 0, 500)
    assert (shown["lifetime_value"], shown["gross_margin"]) == (9500, 6500)
    customers = json.loads(cli.ok("report", "customers", "--json").stdout)
    assert customers["lifetime_value"] == 9500
    cli.ok("opp", "add", "Acme", "Cabling", "--amount", "2000", "--close", "+1m")
    cli.ok("opp", "win", "2", "--summary", "quick")
    shown = lifetime(cli, "Acme")
    assert (shown["lifetime_value"], shown["gross_margin"]) == (11500, None)
