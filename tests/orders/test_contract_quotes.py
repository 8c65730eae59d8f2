"""A contract's lines and the quote it came from: an older book learns which quote each
contract was made from, amendments change the lines, and the lines are checked against
the contract's amount."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Cli


def test_an_older_books_contracts_learn_their_quote_from_its_event(tmp_path: Path) -> None:
    """Revision 0019 reads the quote number and version from each contract's 'from-quote'
    event; a contract made without a quote gets none."""
    from salescli.db import open_database
    from tests.test_upgrade import old_book

    path = old_book(tmp_path / "old.db", "0016", reps=1)
    stamp = "2026-11-01T09:00:00Z"
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO account (id, name, status, created_at, updated_at)"
            " VALUES (1, 'Acme', 'customer', ?, ?)",
            (stamp, stamp),
        )
        connection.executemany(
            "INSERT INTO quote (id, number, version, account_id, status, quoted_on, valid_until,"
            " tax_included, max_discount, list_amount, discount, net, tax, gross, created_at,"
            " updated_at) VALUES (?, ?, ?, 1, ?, '2026-11-01', '2026-12-01', 0, 0, 0, 0, 0, 0,"
            " 0, ?, ?)",
            [
                (1, 7, 1, "sent", stamp, stamp),
                (2, 7, 2, "accepted", stamp, stamp),
                (3, 8, 1, "accepted", stamp, stamp),
            ],
        )
        connection.executemany(
            "INSERT INTO contract (id, number, account_id, amount, status, status_on, version,"
            " progress, created_at, updated_at) VALUES (?, ?, 1, 100, 'draft', '2026-11-02', 1,"
            " 0, ?, ?)",
            [(1, "HT-1", stamp, stamp), (2, "HT-2", stamp, stamp)],
        )
        connection.execute(
            "INSERT INTO event (at, entity, entity_id, action, changes)"
            " VALUES (?, 'contract', 1, 'from-quote', '{\"quote\": 7, \"version\": 2}')",
            (stamp,),
        )
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        found = connection.execute("SELECT id, quote_id FROM contract ORDER BY id").fetchall()
    assert found == [(1, 2), (2, None)]


@pytest.fixture
def book(cli: Cli) -> Cli:
    """alice's contract C-1 at Acme from accepted quote 1: Widget x10 (13 %, 921.41 after
    the quote's discounts) and Service hour x8 (6 %, 1,164.00), 2,275.03 with tax."""
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Line controllers", "--amount", "1000", "--close", "2027-01-31")
    cli.ok("product", "add", "SKU-1", "Widget", "--price", "99.99", "--tax", "13%")
    cli.ok("product", "add", "SVC", "Service hour", "--price", "150", "--unit", "hour")
    cli.ok("product", "edit", "SVC", "--tax", "6%")
    cli.ok("quote", "new", "1", "--discount", "3%")
    cli.ok("quote", "line", "add", "1", "SKU-1", "--qty", "10", "--discount", "5%")
    cli.ok("quote", "line", "add", "1", "SVC", "--qty", "8")
    cli.ok("quote", "send", "1")
    cli.ok("quote", "accept", "1")
    cli.ok("contract", "new", "--from-quote", "1", "--number", "C-1")
    return cli


LINES_V2 = """\
Lines
#  Product  Description      Qty  Unit price  Tax    Amount
1  SKU-1    Widget        10 pcs       99.99  13%    921.41
2  SVC      Service hour  8 hour      150.00   6%  1,164.00
3  SVC      Service hour  2 hour      150.00   6%    300.00
  with tax the lines add up to 2,593.03: 318.00 over the amount
"""


def lines_of(book: Cli, *version: str) -> list[tuple[object, ...]]:
    shown = json.loads(book.ok("contract", "show", "C-1", *version, "--json").stdout)
    return [(line["position"], line["product"], line["amount"]) for line in shown["lines"]]


def test_an_added_line_makes_a_version_and_warns_by_how_much_the_lines_miss(book: Cli) -> None:
    added = book.ok(
        "contract", "amend", "C-1", "--add-line", "--product", "SVC", "--qty", "2",
        "--reason", "two more hours",
    )  # fmt: skip
    # 921.41 + 1,464.00 and their tax (119.78 at 13 %, 87.84 at 6 %) against 2,275.03.
    assert added.stderr == (
        "warning: the lines add up to 2,593.03 with tax, the contract's amount is 2,275.03:"
        " the lines are 318.00 over it\n"
        "contract C-1 amended: version 2\n"
    )
    assert LINES_V2 in book.ok("contract", "show", "C-1").stdout
    # Version 1 keeps its two lines, and they add up: no line about it.
    first = book.ok("contract", "show", "C-1", "--version", "1").stdout
    assert "3  SVC" not in first
    assert "with tax" not in first
    assert lines_of(book, "--version", "1") == [(1, "SKU-1", 921.41), (2, "SVC", 1164.0)]
    # Setting the amount the lines come to ends the warning.
    fixed = book.ok("contract", "amend", "C-1", "--amount", "2593.03", "--reason", "priced")
    assert fixed.stderr == "contract C-1 amended: version 3\n"
    assert "with tax" not in book.ok("contract", "show", "C-1").stdout


def test_a_lines_quantity_keeps_its_discounted_price_and_a_removed_line_moves_the_rest_up(
    book: Cli,
) -> None:
    edited = book.ok(
        "contract", "amend", "C-1", "--edit-line", "1", "--qty", "5", "--reason", "half",
        "--json",
    )  # fmt: skip
    # 921.41 for ten is 460.705 for five, half-up 460.71; with 1,164.00 and the tax (59.89
    # at 13 %, 69.84 at 6 %) 1,754.44.
    assert json.loads(edited.stdout)["warnings"] == [
        "the lines add up to 1,754.44 with tax, the contract's amount is 2,275.03: the lines"
        " are 520.59 under it"
    ]
    assert lines_of(book) == [(1, "SKU-1", 460.71), (2, "SVC", 1164.0)]
    book.ok("contract", "amend", "C-1", "--edit-line", "2", "--price", "140", "--reason", "rate")
    assert lines_of(book) == [(1, "SKU-1", 460.71), (2, "SVC", 1120.0)]
    book.ok("contract", "amend", "C-1", "--remove-line", "1", "--reason", "no widgets")
    assert lines_of(book) == [(1, "SVC", 1120.0)]
    assert lines_of(book, "--version", "2") == [(1, "SKU-1", 460.71), (2, "SVC", 1164.0)]


def test_a_free_text_line_and_the_amendments_event(book: Cli) -> None:
    book.ok(
        "contract", "amend", "C-1", "--add-line", "--text", "Installation", "--price", "500",
        "--tax", "6%", "--amount", "2805.03", "--reason", "installation",
    )  # fmt: skip
    assert lines_of(book)[-1] == (3, None, 500.0)
    assert "with tax" not in book.ok("contract", "show", "C-1").stdout
    with sqlite3.connect(book.db) as connection:
        changes = connection.execute(
            "SELECT changes FROM event WHERE entity = 'contract' AND action = 'amend'"
        ).fetchone()[0]
    assert json.loads(changes) == {
        "amount": [227503, 280503],
        "line-add": {
            "line": 3, "added": "Installation", "quantity": "1", "unit_price": 50000,
            "amount": 50000,
        },
        "version": [1, 2],
        "reason": "installation",
    }  # fmt: skip


def test_a_contract_without_a_quote_gets_lines_priced_without_tax(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("product", "add", "SKU-1", "Widget", "--price", "100", "--tax", "13%")
    cli.ok("contract", "new", "--account", "Acme", "--amount", "226", "--number", "C-2")
    added = cli.ok(
        "contract", "amend", "C-2", "--add-line", "--product", "SKU-1", "--qty", "2",
        "--reason", "itemised",
    )  # fmt: skip
    assert added.stderr == "contract C-2 amended: version 2\n"  # 200 + 26 tax: it adds up


def state(cli: Cli) -> list[list[tuple[object, ...]]]:
    with sqlite3.connect(cli.db) as connection:
        return [
            connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in ("contract", "contract_version", "contract_line", "contract_step", "event")
        ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--add-line",), 2, "error: --add-line needs --product CODE or --text TEXT"),
        (("--add-line", "--text", "Extra"), 2, "error: a free-text line needs --price"),
        (("--qty", "3"), 2, "error: --qty is a line's value: say which line"),
        (
            ("--add-line", "--remove-line", "1", "--product", "SVC"),
            2,
            "error: --add-line and --remove-line: an amendment changes one line",
        ),
        (("--remove-line", "1", "--qty", "2"), 2, "error: --remove-line 1 takes no --qty"),
        (("--edit-line", "2"), 2, "error: --edit-line 2: nothing to change"),
        (("--edit-line", "9", "--qty", "2"), 1, "error: contract C-1 has no line 9"),
        (
            ("--remove-line", "0"),
            2,
            "error: Invalid value for '--remove-line': 0 is not an id: ids are whole numbers from 1",
        ),
        (("--add-line", "--product", "NOPE"), 1, "error: no product 'NOPE'"),
        (("--edit-line", "1", "--qty", "-1"), 1, "error: a quantity cannot be negative (-1)"),
        (
            ("--edit-line", "1", "--tax", "120%"),
            1,
            "error: a tax rate is from 0 to under 100 %, not 120%",
        ),
    ],
)
def test_a_bad_line_change_is_refused_in_one_line_with_nothing_written(
    book: Cli, args: tuple[str, ...], code: int, message: str
) -> None:
    before = state(book)
    refused = book("contract", "amend", "C-1", *args, "--reason", "why")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (code, message)
    assert state(book) == before


def test_a_closed_contracts_lines_are_not_amended(book: Cli) -> None:
    book.ok("contract", "terminate", "C-1", "--reason", "void")
    before = state(book)
    refused = book("contract", "amend", "C-1", "--remove-line", "1", "--reason", "why")
    assert refused.exit_code == 1
    assert (
        refused.stderr.splitlines()[0] == "error: contract C-1 is terminated; it cannot be amended"
    )
    assert state(book) == before
