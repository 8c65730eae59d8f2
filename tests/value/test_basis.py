"""`--basis contracted` and `--basis collected` on a small book of contracts and receipts
whose figures are worked out by hand here (today 2026-11-23; the last 12 months run after
2025-11-23, the 12 before after 2024-11-23).

- Acme: HT-1 signed 2026-03-10 for 100,000, amended to 120,000 (contracted: the latest
  version, 120,000 on 2026-03-10); paid 50,000 on 2026-04-01 and 10,000 on 2026-05-01,
  the second reversed (collected: 50,000).
- Globex: HT-2 signed 2025-06-01 for 30,000 (the 12 months before), paid 30,000 on
  2025-12-15 (the last 12 months).
- Initech: HT-3 signed 2026-02-01 for 80,000, paid 20,000 on 2026-02-15, then terminated
  (contracted: what was received, 20,000; collected: 20,000).
- Umbrella: HT-4 approved for 500,000 and never signed, HT-5 terminated as a draft:
  nothing on either basis.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from salescli.models.enums import RevenueBasis
from salescli.services.core.session import open_session
from salescli.services.value.revenue import histories
from tests.conftest import Cli


def on(cli: Cli, day: str) -> Cli:
    cli.today = date.fromisoformat(day)
    return cli


def signed(cli: Cli, account: str, number: str, amount: str, day: str) -> None:
    on(cli, day).ok("contract", "new", "--account", account, "--amount", amount,
                    "--number", number)  # fmt: skip
    cli.ok("contract", "submit", number)
    cli.ok("contract", "approve", number, rep="maria")
    cli.ok("contract", "sign", number)
    cli.ok("receivable", "plan", number, "--split", "100", "--dates", "sign")


@pytest.fixture
def book(cli: Cli) -> Cli:
    for name in ("Acme", "Globex", "Initech", "Umbrella"):
        cli.ok("account", "add", name, "--status", "customer")
    signed(cli, "Acme", "HT-1", "100000", "2026-03-10")
    on(cli, "2026-03-20").ok("contract", "amend", "HT-1", "--amount", "120000", "--reason", "more")
    on(cli, "2026-04-01").ok("receivable", "pay", "HT-1", "50000")
    on(cli, "2026-05-01").ok("receivable", "pay", "HT-1", "10000")
    cli.ok("receivable", "unpay", "2", "--reason", "wrong contract")
    signed(cli, "Globex", "HT-2", "30000", "2025-06-01")
    on(cli, "2025-12-15").ok("receivable", "pay", "HT-2", "30000")
    signed(cli, "Initech", "HT-3", "80000", "2026-02-01")
    on(cli, "2026-02-15").ok("receivable", "pay", "HT-3", "20000")
    on(cli, "2026-03-01").ok("contract", "terminate", "HT-3", "--reason", "bankrupt")
    on(cli, "2026-06-01").ok("contract", "new", "--account", "Umbrella", "--amount", "500000",
                             "--number", "HT-4")  # fmt: skip
    cli.ok("contract", "submit", "HT-4")
    cli.ok("contract", "approve", "HT-4", rep="maria")
    cli.ok("contract", "new", "--account", "Umbrella", "--amount", "1000", "--number", "HT-5")
    cli.ok("contract", "terminate", "HT-5", "--reason", "typo")
    return on(cli, "2026-11-23")


def classified(cli: Cli, basis: str) -> dict[str, tuple[str, bool]]:
    shown = json.loads(
        cli.ok("account", "classify", "--all", "--json", "--basis", basis, rep="maria").stdout
    )
    assert shown["basis"] == basis
    return {row["name"]: (row["revenue"], row["vip"]) for row in shown["rows"]}


def test_contracted_is_signed_value_by_signing_date(book: Cli) -> None:
    assert classified(book, "contracted") == {
        "Acme": (120000.0, True),
        "Initech": (20000.0, True),
        "Globex": (0.0, False),
        "Umbrella": (0.0, False),
    }


def test_collected_is_receipts_net_of_reversals_by_receipt_date(book: Cli) -> None:
    assert classified(book, "collected") == {
        "Acme": (50000.0, True),
        "Globex": (30000.0, True),
        "Initech": (20000.0, True),
        "Umbrella": (0.0, False),
    }


def test_the_histories_on_each_basis(book: Cli) -> None:
    with open_session(book.db, today=date(2026, 11, 23), acting_handle="alice") as session:
        names = dict(session.db.tuples("SELECT id, name FROM account"))
        seen = {
            basis: {
                names[ident]: (h.last_12, h.previous_12, h.all_time, h.purchases, h.first)
                for ident, h in histories(session, basis=basis, today=session.today).items()
            }
            for basis in (RevenueBasis.CONTRACTED, RevenueBasis.COLLECTED)
        }
    assert seen[RevenueBasis.CONTRACTED] == {
        "Acme": (12_000_000, 0, 12_000_000, 1, "2026-03-10"),
        "Globex": (0, 3_000_000, 3_000_000, 1, "2025-06-01"),
        "Initech": (2_000_000, 0, 2_000_000, 1, "2026-02-01"),
    }
    assert seen[RevenueBasis.COLLECTED] == {
        "Acme": (5_000_000, 0, 5_000_000, 1, "2026-04-01"),
        "Globex": (3_000_000, 0, 3_000_000, 1, "2025-12-15"),
        "Initech": (2_000_000, 0, 2_000_000, 1, "2026-02-15"),
    }


def test_retention_and_the_customers_report_on_contracted(book: Cli) -> None:
    # Contracted: Globex signed in the year before and nothing since, a full defector.
    shown = json.loads(
        book.ok("report", "retention", "--all", "--json", "--basis", "contracted").stdout
    )
    assert (shown["active_before"], shown["full_defectors"]) == (1, 1)
    assert [(d["name"], d["lost"]) for d in shown["full"]] == [("Globex", 30000.0)]
    report = json.loads(
        book.ok("report", "customers", "--all", "--json", "--basis", "collected").stdout
    )
    assert Decimal(str(report["revenue"])) == Decimal(100000)
    assert [(row["name"], row["revenue"]) for row in report["pareto"]] == [
        ("Acme", 50000.0),
        ("Globex", 30000.0),
        ("Initech", 20000.0),
    ]


def test_a_book_whose_receipts_are_all_reversed_has_none_to_collect(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    signed(cli, "Acme", "HT-1", "1000", "2026-03-10")
    cli.ok("receivable", "pay", "HT-1", "1000")
    cli.ok("receivable", "unpay", "1", "--reason", "bounced")
    refused = on(cli, "2026-11-23")("report", "customers", "--basis", "collected")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == (
        "error: --basis collected needs receipts, which this book has none of"
    )
    assert json.loads(cli.ok("account", "classify", "--basis", "contracted", "--json").stdout)[
        "rows"
    ] == [
        {
            "id": 1,
            "name": "Acme",
            "owner": "alice",
            "revenue": 1000.0,
            "current": None,
            "proposed": "A",
            "pinned": False,
            "vip": False,
            "vip_why": None,
        }
    ]


def test_the_longest_basis_and_window_still_head_within_80_columns(book: Cli) -> None:
    on(book, "2026-11-23")
    for command in (("account", "classify"), ("report", "customers")):
        first = book.ok(*command, "--all", "--basis", "contracted", "--months", "120").stdout
        heading = first.splitlines()[0]
        assert heading.endswith(
            " contracted revenue after 2016-11-23 up to 2026-11-23 (120 months)"
        )
        assert len(heading) <= 80, heading
