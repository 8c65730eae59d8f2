"""Lifecycle stages, each rule at its threshold (today 2026-11-23: the last 12 months are
after 2025-11-23, the 12 before after 2024-11-23)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from salescli import config
from salescli.services.value.lifecycle import lifecycle_of
from salescli.services.value.revenue import History
from tests.conftest import Cli
from tests.value.conftest import load_purchases

TODAY = date(2026, 11, 23)


def stage(now: int, before: int, first: str, last: str, status: str = "customer") -> str | None:
    history = History(now, before, now + before, 2, first, last)
    return lifecycle_of(history, status=status, today=TODAY, rules=config.value_rules()).stage


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (12000, 10000, "growing"),  # +20 % exactly
        (11999, 10000, "stable"),  # +19.99 %
        (8000, 10000, "stable"),  # -20 % exactly: within ±20 %
        (7999, 10000, "declining"),  # down more than 20 %
        (0, 10000, "declining"),
        (100, 0, "growing"),  # bought now, nothing the 12 months before
    ],
)
def test_the_change_on_the_previous_12_months(now: int, before: int, expected: str) -> None:
    assert stage(now, before, "2023-01-01", "2026-10-01") == expected


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (7999, 10000, "declining: 79.99 in the last 12 months against 100.00 the 12 before (-20.01%)"),
        (8000, 10000, "stable: 80.00 in the last 12 months against 100.00 the 12 before (-20%)"),
        (11999, 10000, "stable: 119.99 in the last 12 months against 100.00 the 12 before (+19.99%)"),
        (12000, 10000, "growing: 120.00 in the last 12 months against 100.00 the 12 before (+20%)"),
        (7951, 10000, "declining: 79.51 in the last 12 months against 100.00 the 12 before (-20.5%)"),
        (10456, 10000, "stable: 104.56 in the last 12 months against 100.00 the 12 before (+4.6%)"),
        (79999999, 100000000, "declining: 799,999.99 in the last 12 months against"
         " 1,000,000.00 the 12 before (-20.000001%)"),
    ],
)  # fmt: skip
def test_a_rounded_change_never_contradicts_its_stage(now: int, before: int, expected: str) -> None:
    history = History(now, before, now + before, 2, "2023-01-01", "2026-10-01")
    found = lifecycle_of(history, status="customer", today=TODAY, rules=config.value_rules())
    assert f"{found.stage}: {found.reason}" == expected


def test_new_is_a_first_purchase_within_12_months() -> None:
    assert stage(500, 0, "2025-11-24", "2026-10-01") == "new"
    assert stage(500, 0, "2025-11-23", "2026-10-01") == "growing"  # 12 months ago: not new


def test_no_value_is_no_purchase_in_24_months() -> None:
    assert stage(0, 0, "2020-01-01", "2024-11-23") == "no-value"
    assert stage(0, 100, "2020-01-01", "2024-11-24") == "declining"


def test_never_bought() -> None:
    rules = config.value_rules()
    assert lifecycle_of(None, status="customer", today=TODAY, rules=rules).stage == "no-value"
    assert lifecycle_of(None, status="prospect", today=TODAY, rules=rules).stage is None


def test_the_thresholds_are_settings(cli: Cli) -> None:
    cli.ok("config", "set", "lifecycle.change", "10%")
    cli.ok("config", "set", "lifecycle.new", "6")
    assert stage(11000, 10000, "2023-01-01", "2026-10-01") == "growing"
    assert stage(500, 0, "2026-04-01", "2026-10-01") == "growing"
    refused = cli("config", "set", "lifecycle.change", "120%")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        "error: lifecycle.change must be a percentage over 0 and up to 100, not '120%'"
    )


def test_account_list_by_lifecycle_and_the_reason_in_show(cli: Cli, tmp_path: Path) -> None:
    load_purchases(
        cli,
        tmp_path,
        [
            ("Down", "10000", "2025-06-01"),
            ("Down", "7999", "2026-06-01"),
            ("Even", "10000", "2025-06-01"),
            ("Even", "8000", "2026-06-01"),
            ("Fresh", "100", "2026-06-01"),
            ("Gone", "100", "2024-11-01"),
        ],
    )
    listed = json.loads(cli.ok("account", "list", "--lifecycle", "declining", "--json").stdout)
    assert [(row["name"], row["revenue"], row["lifecycle"]) for row in listed] == [
        ("Down", 7999, "declining")
    ]
    plain = cli.ok("account", "list", "--sort", "revenue").stdout
    assert plain.splitlines() == [
        "ID  Name   Status    Class  VIP  Revenue 12m  Lifecycle  Owner",
        " 2  Even   customer  -              8,000.00  stable     alice",
        " 1  Down   customer  -              7,999.00  declining  alice",
        " 3  Fresh  customer  -                100.00  new        alice",
        " 4  Gone   customer  -                  0.00  no-value   alice",
    ]
    shown = cli.ok("account", "show", "Down").stdout
    assert (
        "  Lifecycle             declining: 7,999.00 in the last 12 months against"
        " 10,000.00 the 12 before (-20.01%)\n" in shown
    )
    assert cli("account", "list", "--sort", "name").exit_code == 2


def signed_due_on(cli: Cli, account: str, number: str, amount: str, day: str) -> None:
    """A contract signed on ``day`` with its whole amount due that day."""
    cli.today = date.fromisoformat(day)
    cli.ok("contract", "new", "--account", account, "--amount", amount, "--number", number)
    cli.ok("contract", "submit", number)
    cli.ok("contract", "approve", number, rep="maria")
    cli.ok("contract", "sign", number)
    cli.ok("receivable", "plan", number, "--split", "100", "--dates", "sign")


def test_problem_is_anything_owed_more_than_90_days_after_it_was_due(
    cli: Cli, tmp_path: Path
) -> None:
    # Every account bought 2026-06-01 (new without the receivables). 2026-11-23 less 90
    # days is 2026-08-25: due then is 90 days overdue, due the day before is 91.
    names = ("Late", "Ninety", "Paid", "Ended", "Twice")
    load_purchases(cli, tmp_path, [(name, "100", "2026-06-01") for name in names])
    signed_due_on(cli, "Late", "L-1", "5000", "2026-08-24")
    cli.ok("receivable", "pay", "L-1", "1000.50")
    signed_due_on(cli, "Ninety", "N-1", "5000", "2026-08-25")
    signed_due_on(cli, "Paid", "P-1", "5000", "2026-08-24")
    cli.ok("receivable", "pay", "P-1", "5000")
    signed_due_on(cli, "Ended", "E-1", "5000", "2026-08-24")
    cli.ok("contract", "terminate", "E-1", "--reason", "bankrupt")
    signed_due_on(cli, "Twice", "T-1", "300", "2026-05-02")
    signed_due_on(cli, "Twice", "T-2", "200", "2026-07-01")
    cli.today = TODAY
    listed = json.loads(cli.ok("account", "list", "--lifecycle", "problem", "--json").stdout)
    assert [row["name"] for row in listed] == ["Late", "Twice"]
    # A list of one stage says why each account is there, as account show does.
    assert listed[1]["lifecycle_reason"] == (
        "owes 500.00 more than 90 days overdue (due since 2026-05-02)"
    )
    plain = cli.ok("account", "list", "--lifecycle", "problem").stdout
    assert plain.splitlines()[0].split() == [
        "ID", "Name", "Status", "Class", "VIP", "Revenue", "12m", "Lifecycle", "Owner", "Why",
    ]  # fmt: skip
    assert plain.splitlines()[2].endswith(
        "owes 500.00 more than 90 days overdue (due since 2026-05-02)"
    )
    everyone = cli.ok("account", "list", "--sort", "revenue", "--json").stdout
    stages = {row["name"]: row["lifecycle"] for row in json.loads(everyone)}
    assert stages == {"Late": "problem", "Ninety": "new", "Paid": "new", "Ended": "new",
                      "Twice": "problem"}  # fmt: skip
    assert (
        "  Lifecycle             problem: owes 3,999.50 more than 90 days overdue"
        " (due since 2026-08-24)\n" in cli.ok("account", "show", "Late").stdout
    )
    assert json.loads(cli.ok("account", "show", "Twice", "--json").stdout)["value"][
        "lifecycle"
    ] == {
        "stage": "problem",
        "reason": "owes 500.00 more than 90 days overdue (due since 2026-05-02)",
    }
    ninety = cli.ok("account", "show", "Ninety").stdout
    assert "Overdue receivables: 5,000.00\n" in ninety and "FLAGGED" not in ninety
    assert "Over 90 days" not in cli.ok("account", "credit", "Ninety").stdout
    # One setting moves the flag everywhere: the stage, account show and account credit.
    cli.ok("config", "set", "receivable.overdue_days", "89")
    listed = json.loads(cli.ok("account", "list", "--lifecycle", "problem", "--json").stdout)
    assert [row["name"] for row in listed] == ["Late", "Ninety", "Twice"]
    ninety = cli.ok("account", "show", "Ninety").stdout
    assert "Overdue receivables: 5,000.00 - FLAGGED: over 89 days overdue\n" in ninety
    assert (
        "  Over 89 days      5,000.00 (flagged)\n" in cli.ok("account", "credit", "Ninety").stdout
    )
    credit = json.loads(cli.ok("account", "credit", "Ninety", "--json").stdout)
    assert (credit["long_overdue"], credit["flag_days"]) == (5000, 89)


def test_nothing_in_24_months_under_a_longer_no_value_is_declining_since_the_last_purchase(
    cli: Cli, tmp_path: Path
) -> None:
    # Bought once, 24 months ago to the day: outside both 12-month windows, and not
    # no-value when that takes 36 months. Nothing fell from 0.00 to 0.00.
    load_purchases(cli, tmp_path, [("Quiet", "500", "2022-06-01"), ("Quiet", "300", "2024-11-23")])
    cli.ok("config", "set", "lifecycle.no-value", "36")
    shown = cli.ok("account", "show", "Quiet").stdout
    assert (
        "  Lifecycle             declining: nothing bought in the last 24 months;"
        " last purchase 2024-11-23\n" in shown
    )
    listed = json.loads(cli.ok("account", "list", "--lifecycle", "declining", "--json").stdout)
    assert [(row["name"], row["lifecycle_reason"]) for row in listed] == [
        ("Quiet", "nothing bought in the last 24 months; last purchase 2024-11-23")
    ]
    cli.ok("config", "unset", "lifecycle.no-value")
    assert json.loads(cli.ok("account", "show", "Quiet", "--json").stdout)["value"][
        "lifecycle"
    ] == {"stage": "no-value", "reason": "no purchase since 2024-11-23 (24 months or more)"}
