"""account classify: ABC classes from revenue and the VIP rule, checked against counts
and thresholds worked out by hand (today is 2026-11-23, the window after 2025-11-23 up
to 2026-11-23)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from salescli import config
from salescli.services.value.classify import NO_BOUNDARY, class_runs
from tests.conftest import Cli
from tests.value.conftest import load_purchases


def classes(cli: Cli, *args: str) -> dict[str, str]:
    shown = json.loads(cli.ok("account", "classify", "--all", "--json", *args, rep="maria").stdout)
    return {row["name"]: row["proposed"] for row in shown["rows"]}


def test_a_hundred_customers_buying_1_to_100_give_1_a_4_b_15_c_80_d(
    cli: Cli, tmp_path: Path
) -> None:
    load_purchases(cli, tmp_path, [(f"C{n:03d}", str(n), "2026-06-01") for n in range(1, 101)])
    proposed = classes(cli)
    # Top 1 % of 100 is the first place, 5 % the first five, 20 % the first twenty.
    expected = {f"C{n:03d}": "A" if n == 100 else "B" if n >= 96 else "C" if n >= 81 else "D"
                for n in range(1, 101)}  # fmt: skip
    assert proposed == expected
    assert [list(proposed.values()).count(name) for name in "ABCD"] == [1, 4, 15, 80]


def test_a_tie_at_a_boundary_goes_to_the_higher_class(cli: Cli, tmp_path: Path) -> None:
    # 100 customers; the 5th and 6th (and 7th) bought the same 96: B takes all three.
    amounts = [*range(1, 94), 96, 96, 96, 97, 98, 99, 100]
    load_purchases(
        cli, tmp_path, [(f"C{i:03d}", str(n), "2026-06-01") for i, n in enumerate(amounts)]
    )
    proposed = classes(cli)
    counts = [list(proposed.values()).count(name) for name in "ABCD"]
    assert counts == [1, 6, 13, 80]
    # C still ends at the 20th place (81): the tie's two extra B places come out of C.
    assert sorted(n for i, n in enumerate(amounts) if proposed[f"C{i:03d}"] == "C") == list(
        range(81, 94)
    )


def test_few_customers_still_have_an_a_and_no_revenue_is_d(cli: Cli, tmp_path: Path) -> None:
    load_purchases(
        cli,
        tmp_path,
        [("Big", "500", "2026-02-01"), ("Small", "20", "2026-03-01"), ("Old", "900", "2025-11-23")],
        customers=["Idle"],
    )
    # Old's purchase was on the window's first day, which is outside it (after 2025-11-23).
    assert classes(cli) == {"Big": "A", "Small": "D", "Idle": "D", "Old": "D"}


def test_the_window_follows_months(cli: Cli, tmp_path: Path) -> None:
    load_purchases(cli, tmp_path, [("Big", "500", "2026-02-01"), ("Old", "900", "2025-01-10")])
    assert classes(cli, "--months", "24") == {"Old": "A", "Big": "D"}


def vips(cli: Cli) -> dict[str, str | None]:
    shown = json.loads(cli.ok("account", "classify", "--all", "--json", rep="maria").stdout)
    return {row["name"]: row["vip_why"] for row in shown["rows"] if row["vip"]}


def test_the_vip_rule(cli: Cli, tmp_path: Path) -> None:
    load_purchases(
        cli,
        tmp_path,
        [
            ("One", "10000", "2026-05-05"),  # one purchase of 10,000
            ("Under", "9999.99", "2026-05-05"),
            ("Month", "9000", "2026-07-01"),  # 20,000 within July
            ("Month", "6000", "2026-07-15"),
            ("Month", "5000", "2026-07-31"),
            ("Short", "9000", "2026-08-01"),  # 19,999.99 within August
            ("Short", "6000", "2026-08-15"),
            ("Short", "4999.99", "2026-08-31"),
            ("Two", "9000", "2026-08-30"),  # 20,000 over two months
            ("Two", "6000", "2026-08-31"),
            ("Two", "5000", "2026-09-01"),
        ],
    )
    assert vips(cli) == {"One": "purchase", "Month": "month"}


def test_apply_writes_classes_keeps_pins_and_a_manager_nomination(cli: Cli, tmp_path: Path) -> None:
    load_purchases(cli, tmp_path, [("Big", "500", "2026-02-01"), ("Small", "20", "2026-03-01")])
    cli.ok("account", "edit", "Small", "--class", "B", "--pin")
    cli.ok("account", "vip", "Small", "--reason", "strategic partner", rep="maria")
    result = cli.ok("account", "classify", "--apply")
    assert result.stdout.splitlines()[3:] == [
        "ID  Account  Owner  Revenue  Now         Proposed   VIP",
        " 1  Big      alice   500.00  -           A (was -)",
        " 2  Small    alice    20.00  B (pinned)  B (kept)   VIP (nominated)",
        "A 1 · B 1 · C 0 · D 0; 1 change written",
    ]
    listed = json.loads(cli.ok("account", "list", "--json").stdout)
    assert [(row["name"], row["abc_class"]) for row in listed] == [("Big", "A"), ("Small", "B")]
    assert "; 0 changes to write with --apply" in cli.ok("account", "classify").stdout


def test_a_rep_applies_to_their_own_accounts_only(cli: Cli, tmp_path: Path) -> None:
    load_purchases(cli, tmp_path, [("Big", "500", "2026-02-01")])
    refused = cli("account", "classify", "--all", "--apply")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: only a manager may classify other reps' accounts")
    listed = json.loads(cli.ok("account", "list", "--json").stdout)
    assert listed[0]["abc_class"] is None
    assert cli("account", "vip", "Big", "--reason", "x").exit_code == 1


def test_contracted_and_collected_need_their_records(cli: Cli, tmp_path: Path) -> None:
    load_purchases(cli, tmp_path, [("Big", "500", "2026-02-01")])
    for basis, records in (("contracted", "signed contracts"), ("collected", "receipts")):
        refused = cli("account", "classify", "--basis", basis)
        assert refused.exit_code == 1
        assert refused.stderr.splitlines()[0] == (
            f"error: --basis {basis} needs {records}, which this book has none of"
        )


def test_changed_and_csv(cli: Cli, tmp_path: Path) -> None:
    load_purchases(cli, tmp_path, [("Big", "500", "2026-02-01"), ("Small", "20", "2026-03-01")])
    cli.ok("account", "edit", "Small", "--class", "D")
    changed = json.loads(cli.ok("account", "classify", "--changed", "--json").stdout)
    assert [(row["name"], row["current"], row["proposed"]) for row in changed["rows"]] == [
        ("Big", None, "A")
    ]
    assert cli.ok("account", "classify", "--csv").stdout.splitlines() == [
        "id,name,owner,revenue,current,proposed,pinned,vip,vip_why",
        "1,Big,alice,500.00,,A,no,no,",
        "2,Small,alice,20.00,D,D,no,no,",
    ]
    assert cli("account", "edit", "Big", "--pin").exit_code == 1  # no class to pin yet


@given(
    revenues=st.lists(st.integers(min_value=-5, max_value=40), max_size=60),
    lines=st.lists(
        st.one_of(st.integers(min_value=1, max_value=45), st.just(NO_BOUNDARY)),
        min_size=3,
        max_size=3,
    ),
)
def test_classes_run_down_the_ranking_as_each_revenue_reaches_its_line(
    revenues: list[int], lines: list[int]
) -> None:
    """`class_runs` bisects the ranked revenues; here each revenue is classed by itself:
    the first class whose line it reaches, else D."""
    ranked = sorted(revenues, reverse=True)
    named = dict(zip("ABC", lines, strict=True))
    expected = [next((name for name in "ABC" if revenue >= named[name]), "D") for revenue in ranked]
    assert class_runs(ranked, named) == expected


def test_class_thresholds_stay_in_order(cli: Cli, tmp_path: Path) -> None:
    # A above B would leave B nobody while A takes its places: refused, nothing written.
    load_purchases(cli, tmp_path, [(f"C{n:03d}", str(n), "2026-06-01") for n in range(1, 41)])
    before = config.config_path().read_bytes() if config.config_path().exists() else None
    refused = cli("config", "set", "class.a", "10%")
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert refused.stderr == (
        "error: class.a 10% would be above class.b 5%: class.a <= class.b <= class.c\n"
        "hint: now class.a 1%, class.b 5%, class.c 20%; nothing was changed\n"
    )
    assert (config.config_path().read_bytes() if config.config_path().exists() else None) == before
    cli.ok("config", "set", "class.b", "12%")
    cli.ok("config", "set", "class.a", "10%")
    refused = cli("config", "set", "class.c", "11%")
    assert (refused.exit_code, refused.stderr.splitlines()) == (
        1,
        [
            "error: class.c 11% would be below class.b 12%: class.a <= class.b <= class.c",
            "hint: now class.a 10%, class.b 12%, class.c 20%; nothing was changed",
        ],
    )
    # Unsetting B would take it back to 5 %, below A's 10 %.
    refused = cli("config", "unset", "class.b")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        1,
        "error: class.b 5% (its default) would be below class.a 10%: class.a <= class.b <= class.c",
    )
    assert config.resolve("class.b").value == "12%"
    # Equal shares are allowed: B is then empty by choice, and the counts still add up.
    cli.ok("config", "set", "class.b", "10%")
    assert [list(classes(cli).values()).count(name) for name in "ABCD"] == [4, 0, 4, 32]


def test_account_list_by_class_shows_the_value_columns(cli: Cli, tmp_path: Path) -> None:
    load_purchases(
        cli,
        tmp_path,
        [("Big", "900", "2026-02-01"), ("Mid", "500", "2026-03-01"), ("Small", "20", "2026-04-01")],
    )
    cli.ok("account", "edit", "Mid", "--class", "A", "--pin", rep="maria")
    cli.ok("account", "classify", "--all", "--apply", rep="maria")
    # The rows show the class that picked them, as --sort revenue and --lifecycle do.
    assert cli.ok("account", "list", "--class", "A").stdout.splitlines() == [
        "ID  Name  Status    Class       VIP  Revenue 12m  Lifecycle  Owner",
        " 1  Big   customer  A                     900.00  new        alice",
        " 2  Mid   customer  A (pinned)            500.00  new        alice",
    ]
    by_class = json.loads(cli.ok("account", "list", "--class", "A", "--json").stdout)
    by_revenue = json.loads(cli.ok("account", "list", "--sort", "revenue", "--json").stdout)
    assert [list(row) for row in by_class] == [list(row) for row in by_revenue[:2]]
    assert [(row["name"], row["abc_class"]) for row in by_class] == [("Big", "A"), ("Mid", "A")]
    assert cli.ok("account", "list", "--class", "A", "--sort", "revenue").stdout.splitlines()[
        1:
    ] == [
        " 1  Big   customer  A                     900.00  new        alice",
        " 2  Mid   customer  A (pinned)            500.00  new        alice",
    ]
