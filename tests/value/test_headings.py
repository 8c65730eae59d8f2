"""The headings of account classify, report customers and report retention: under 80
columns in a pipe, whatever the basis and window, and the same words for a window of
purchases in all three (today is 2026-11-23)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli
from tests.value.conftest import load_purchases

PURCHASES = [
    ("Acme", "90000", "2026-03-01"),
    ("Globex", "9000", "2026-06-01"),
    ("Initech", "900", "2025-06-01"),  # in the year before only
]
WINDOW = "after 2025-11-23 up to 2026-11-23"

# 4 customers: A holds the first; B and C, floor(4 x 5 %) and floor(4 x 20 %), nobody.
# Globex's 9,000 is under the VIP purchase (10,000).
CLASSIFY_PLAIN = f"""\
Classes by won revenue {WINDOW} (12 months)
4 customers ranked
Revenue needed: A 90,000.00 · B nobody · C nobody
ID  Account  Owner    Revenue  Now  Proposed   VIP
 2  Acme     alice  90,000.00  -    A (was -)  VIP (purchase)
 3  Globex   alice   9,000.00  -    D (was -)
 1  Idle     alice       0.00  -    D (was -)
 4  Initech  alice       0.00  -    D (was -)
A 1 · B 0 · C 0 · D 3; 4 changes to write with --apply
"""

# Acme is 90.9 % of 99,000 (Initech bought before the window): 1 of 4 customers
# brings 80 %.
CUSTOMERS_PLAIN = f"""\
Customers by won revenue {WINDOW} (12 months)
4 customers, 99,000.00 in all
1 account, 25% of customers, brings 80% of revenue

Pareto
#  Account  Class    Revenue  Share  Cumulative
1  Acme     A      90,000.00  90.9%       90.9%  ██████████████▌
2  Globex   D       9,000.00   9.1%        100%  ████████████████

Classes
Class  Accounts    Revenue  Share
A             1  90,000.00  90.9%
B             0       0.00     0%
C             0       0.00     0%
D             3   9,000.00   9.1%

Concentration
Top  Accounts    Revenue  Share
 1%         1  90,000.00  90.9%
 5%         1  90,000.00  90.9%
20%         1  90,000.00  90.9%

Lifetime value: 99,900.00 in all, 24,975.00 a customer
"""


def book(cli: Cli, tmp_path: Path) -> None:
    load_purchases(cli, tmp_path, PURCHASES, customers=["Idle"])


def test_account_classify_whole_output_in_a_pipe(cli: Cli, tmp_path: Path) -> None:
    book(cli, tmp_path)
    assert cli.ok("account", "classify", "--all").stdout == CLASSIFY_PLAIN


def test_report_customers_whole_output_in_a_pipe(cli: Cli, tmp_path: Path) -> None:
    book(cli, tmp_path)
    assert cli.ok("report", "customers", "--all").stdout == CUSTOMERS_PLAIN


def test_the_three_word_a_window_alike_and_their_headings_fit_80_columns(
    cli: Cli, tmp_path: Path
) -> None:
    book(cli, tmp_path)
    outputs = {
        "classify": cli.ok("account", "classify", "--all", "--months", "120").stdout,
        "customers": cli.ok("report", "customers", "--all", "--months", "120").stdout,
        "retention": cli.ok("report", "retention", "--all", "--period", "quarter").stdout,
    }
    # The longest window (120 months) and a quarter's: "after X up to Y", never "from".
    assert outputs["classify"].startswith(
        "Classes by won revenue after 2016-11-23 up to 2026-11-23 (120 months)\n"
    )
    assert outputs["customers"].startswith(
        "Customers by won revenue after 2016-11-23 up to 2026-11-23 (120 months)\n"
    )
    assert outputs["retention"].splitlines()[:3] == [
        "Retention by won revenue: a quarter against the one before",
        "  Before             after 2026-05-23 up to 2026-08-23",
        "  Now                after 2026-08-23 up to 2026-11-23",
    ]
    for name, output in outputs.items():
        headings = output.split("\n\n")[0].splitlines()[:3]
        assert all(len(line) <= 80 for line in headings), (name, headings)
        assert "from 20" not in output and "(after)" not in output, name
