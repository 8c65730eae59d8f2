"""Receivable aging and the overdue list on a book that puts installments on every
bucket edge (due today, 1, 30, 31, 60, 61, 90 and 91 days ago), with partial payments,
a reversed receipt, contracts that owe nothing (drafts, terminated, paid up), two reps,
and an account whose contracts two reps own: whole plain outputs."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import Cli

TODAY = date(2027, 3, 1)


def signed_contract(cli: Cli, number: str, account: str, *, owner: str = "alice") -> None:
    cli.ok("contract", "new", "--account", account, "--amount", "20000", "--number", number,
           "--start", "2026-06-01", "--owner", owner, rep="maria")  # fmt: skip
    cli.ok("contract", "submit", number, rep="maria")
    cli.ok("contract", "approve", number, rep="maria")
    cli.ok("contract", "sign", number, rep="maria")


def installments(cli: Cli, number: str, *dues: tuple[str, str]) -> None:
    for amount, due in dues:
        cli.ok("receivable", "add", number, amount, "--due", due, rep="maria")


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.today = TODAY
    cli.ok("account", "add", "Acme", "--owner", "alice", rep="maria")
    cli.ok("account", "add", "alpha", "--owner", "alice", rep="maria")
    cli.ok("account", "add", "Zeta", "--owner", "alice", rep="maria")
    cli.ok("account", "add", "Globex", "--owner", "bob", rep="maria")
    # Acme: one installment on each side of every bucket edge.
    signed_contract(cli, "C-1", "Acme")
    installments(
        cli,
        "C-1",
        ("1000", "2027-03-01"),  # due today: not due
        ("1100", "2027-02-28"),  # 1 day: 1-30
        ("1200", "2027-01-30"),  # 30 days: 1-30
        ("1300", "2027-01-29"),  # 31 days: 31-60
        ("1400", "2026-12-31"),  # 60 days: 31-60
        ("1500", "2026-12-30"),  # 61 days: 61-90
        ("1600", "2026-12-01"),  # 90 days: 61-90
        ("1700", "2026-11-30"),  # 91 days: over 90
        ("1800", "2027-04-01"),  # not due
    )
    # Partly paid (the 1-day one: 100 of 1,100 left), and a receipt reversed: owed again.
    cli.ok("receivable", "pay", "C-1", "1000", "--installment", "2", rep="maria")
    cli.ok("receivable", "pay", "C-1", "1300", "--installment", "4", rep="maria")
    cli.ok("receivable", "unpay", "2", "--reason", "wrong contract", rep="maria")
    # Acme also has a contract of bob's: a row of its own under bob.
    signed_contract(cli, "C-2", "Acme", owner="bob")
    installments(cli, "C-2", ("2500", "2027-01-15"))
    # alpha and Zeta sort without regard to letter case; Zeta's contract is paid up.
    signed_contract(cli, "C-3", "alpha")
    installments(cli, "C-3", ("300.25", "2026-10-01"), ("400.50", "2027-02-27"))
    signed_contract(cli, "C-4", "Zeta")
    installments(cli, "C-4", ("900", "2027-02-01"))
    cli.ok("receivable", "pay", "C-4", "900", rep="maria")
    signed_contract(cli, "C-5", "Zeta")
    installments(cli, "C-5", ("50", "2027-02-20"), ("75", "2027-03-01"))
    cli.ok("receivable", "pay", "C-5", "20", rep="maria")
    # Globex (bob's): one overdue installment; a draft's and a terminated contract's
    # installments are not receivables.
    signed_contract(cli, "C-6", "Globex", owner="bob")
    installments(cli, "C-6", ("7000", "2026-09-01"))
    cli.ok("contract", "new", "--account", "Globex", "--amount", "900", "--number", "C-7",
           "--owner", "bob", rep="maria")  # fmt: skip
    installments(cli, "C-7", ("900", "2026-12-01"))
    signed_contract(cli, "C-8", "Globex", owner="bob")
    installments(cli, "C-8", ("600", "2026-12-01"))
    cli.ok("contract", "terminate", "C-8", "--reason", "cancelled", rep="maria")
    return cli


def test_aging_puts_each_edge_in_its_bucket(book: Cli) -> None:
    assert book.ok("receivable", "aging", "--all", rep="maria").stdout == (
        "Account  Owner   Not due      1-30     31-60     61-90   Over 90      Total\n"
        "Acme     alice  2,800.00  1,300.00  2,700.00  3,100.00  1,700.00  11,600.00\n"
        "alpha    alice      0.00    400.50      0.00      0.00    300.25     700.75\n"
        "Zeta     alice     75.00     30.00      0.00      0.00      0.00     105.00\n"
        "Acme     bob        0.00      0.00  2,500.00      0.00      0.00   2,500.00\n"
        "Globex   bob        0.00      0.00      0.00      0.00  7,000.00   7,000.00\n"
        "total           2,875.00  1,730.50  5,200.00  3,100.00  9,000.25  21,905.75\n"
        "\n"
        "By rep\n"
        "Rep     Not due      1-30     31-60     61-90   Over 90      Total\n"
        "alice  2,875.00  1,730.50  2,700.00  3,100.00  2,000.25  12,405.75\n"
        "bob        0.00      0.00  2,500.00      0.00  7,000.00   9,500.00\n"
    )


def test_aging_of_one_rep(book: Cli) -> None:
    assert book.ok("receivable", "aging", rep="bob").stdout == (
        "Account  Owner  Not due  1-30     31-60  61-90   Over 90     Total\n"
        "Acme     bob       0.00  0.00  2,500.00   0.00      0.00  2,500.00\n"
        "Globex   bob       0.00  0.00      0.00   0.00  7,000.00  7,000.00\n"
        "total              0.00  0.00  2,500.00   0.00  7,000.00  9,500.00\n"
    )
    data = json.loads(book.ok("receivable", "aging", "--json").stdout)
    assert data["owner"] == "alice"
    assert [(row["account"], row["days_1_30"], row["total"]) for row in data["rows"]] == [
        ("Acme", 1300, 11600),
        ("alpha", 400.5, 700.75),
        ("Zeta", 30, 105),
    ]
    assert data["total"] == {
        "account_id": None,
        "account": "total",
        "owner": None,
        "not_due": 2875,
        "days_1_30": 1730.5,
        "days_31_60": 2700,
        "days_61_90": 3100,
        "over_90": 2000.25,
        "total": 12405.75,
    }
    assert data["reps"] == [data["total"] | {"account": "", "owner": "alice"}]
    assert book.ok("receivable", "aging", rep="maria").stderr == "nothing is owed\n"


def test_the_overdue_list_of_one_rep(book: Cli) -> None:
    assert book.ok("receivable", "list", "--overdue").stdout == (
        "Contract  Account  #  Due                          Amount  Received  Outstanding"
        "  Status   Note  Owner\n"
        "C-3       alpha    1  2026-10-01 (151d overdue)    300.25      0.00       300.25"
        "  overdue        alice\n"
        "C-1       Acme     8  2026-11-30 (91d overdue)   1,700.00      0.00     1,700.00"
        "  overdue        alice\n"
        "C-1       Acme     7  2026-12-01 (90d overdue)   1,600.00      0.00     1,600.00"
        "  overdue        alice\n"
        "C-1       Acme     6  2026-12-30 (61d overdue)   1,500.00      0.00     1,500.00"
        "  overdue        alice\n"
        "C-1       Acme     5  2026-12-31 (60d overdue)   1,400.00      0.00     1,400.00"
        "  overdue        alice\n"
        "C-1       Acme     4  2027-01-29 (31d overdue)   1,300.00      0.00     1,300.00"
        "  overdue        alice\n"
        "C-1       Acme     3  2027-01-30 (30d overdue)   1,200.00      0.00     1,200.00"
        "  overdue        alice\n"
        "C-5       Zeta     1  2027-02-20 (9d overdue)       50.00     20.00        30.00"
        "  overdue        alice\n"
        "C-3       alpha    2  2027-02-27 (2d overdue)      400.50      0.00       400.50"
        "  overdue        alice\n"
        "C-1       Acme     2  2027-02-28 (1d overdue)    1,100.00  1,000.00       100.00"
        "  overdue        alice\n"
    )
