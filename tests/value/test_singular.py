"""Customer value's counts with their nouns: one of anything is singular (1 account,
1 customer, 1 month, 1 change, 1 year), in whole outputs (today is 2026-11-23)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.value.conftest import load_purchases

WINDOW = "after 2026-10-23 up to 2026-11-23"

CLASSIFY_PLAIN = f"""\
Classes by won revenue {WINDOW} (1 month)
1 customer ranked
Revenue needed: A 12,000.00 · B nobody · C nobody
ID  Account  Owner    Revenue  Now  Proposed   VIP
 1  Acme     alice  12,000.00  -    A (was -)  VIP (purchase)
A 1 · B 0 · C 0 · D 0; 1 change to write with --apply
"""

CUSTOMERS_PLAIN = f"""\
Customers by won revenue {WINDOW} (1 month)
1 customer, 12,000.00 in all
1 account, 100% of customers, brings 80% of revenue

Pareto
#  Account  Class    Revenue  Share  Cumulative
1  Acme     A      12,000.00   100%        100%  ████████████████

Classes
Class  Accounts    Revenue  Share
A             1  12,000.00   100%
B             0       0.00     0%
C             0       0.00     0%
D             0       0.00     0%

Concentration
Top  Accounts    Revenue  Share
 1%         1  12,000.00   100%
 5%         1  12,000.00   100%
20%         1  12,000.00   100%

Lifetime value: 12,000.00 in all, 12,000.00 a customer
"""

# With lifecycle.new and ltv.years set to 1.
LISTED_PLAIN = """\
ID  Name  Status    Class  VIP  Revenue 12m  Lifecycle  Owner  Why
 1  Acme  customer  -             12,000.00  new        alice  first purchase 2026-11-09, within 1 month
"""
VALUE_PLAIN = """\
Value
  Class                 -
  VIP                   no
  Lifecycle             new: first purchase 2026-11-09, within 1 month
  Revenue (won)         last 12 months 12,000.00
    previous 12 months  0.00
    all time            12,000.00
  Purchases             1, first 2026-11-09, last 2026-11-09
  Lifetime value        12,000.00 (12,000.00 to date + 0.00 over 1 year at 0% retention, 10% discount)
    a year              12,000.00, 1.00 purchases
    gross margin        unknown
  Profile               0 of 41 known (0%)
"""
SHOWN_PLAIN = f"""\
Account 1: Acme
  Status  customer
  Owner   alice

{VALUE_PLAIN}
Contacts
  (none)

Opportunities
ID  Name    Stage     Amount  Prob.  Close       Owner
 1  Deal 1  won    12,000.00   100%  2026-11-09  alice
"""


@pytest.fixture
def one_buyer(cli: Cli, tmp_path: Path) -> Cli:
    """One customer who bought 12,000 a fortnight ago."""
    load_purchases(cli, tmp_path, [("Acme", "12000", "2026-11-09")])
    return cli


def test_account_classify_of_one_customer_over_one_month(one_buyer: Cli) -> None:
    assert one_buyer.ok("account", "classify", "--all", "--months", "1").stdout == CLASSIFY_PLAIN


def test_report_customers_of_one_customer_over_one_month(one_buyer: Cli) -> None:
    assert one_buyer.ok("report", "customers", "--all", "--months", "1").stdout == CUSTOMERS_PLAIN


def test_settings_of_one_in_the_lifecycle_reason_and_the_lifetime_value(
    cli: Cli, tmp_path: Path
) -> None:
    # Globex bought in the 12 months before the last 12 (and not since): the book's
    # retention is measurable, 0 %, so Acme's lifetime value projects its one year.
    load_purchases(
        cli, tmp_path, [("Acme", "12000", "2026-11-09"), ("Globex", "500", "2025-06-01")]
    )
    for key in ("lifecycle.new", "ltv.years"):
        cli.ok("config", "set", key, "1")

    listed = cli.ok("account", "list", "--all", "--lifecycle", "new").stdout
    assert listed == LISTED_PLAIN
    assert cli.ok("account", "show", "Acme").stdout == SHOWN_PLAIN
