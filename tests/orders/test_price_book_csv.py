"""The price book through CSV (`product export --prices` / `product import --prices`):
dated prices and customers' own prices, with the CSV engine's guarantees: all or nothing,
`line N:` errors, --dry-run, undo, and export -> import -> export identical."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Cli

HEADER = "id,code,account,price,valid_from,rep,created_at,updated_at"


@pytest.fixture
def book(cli: Cli) -> Cli:
    """Two products, two accounts, a dated price for everyone and 华联's own price."""
    cli.ok("account", "add", "Acme")
    cli.ok("account", "add", "华联")
    cli.ok("product", "add", "SW-24", "Edge switch", "--price", "4800", "--tax", "13%")
    cli.ok("product", "add", "AP-6", "Access point", "--price", "1650", "--tax", "13%")
    cli.ok("product", "price", "SW-24", "5000", "--from", "2027-01-01")
    cli.ok("product", "price", "SW-24", "4500", "--account", "华联")
    return cli


def _rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT product_id, account_id, price, valid_from FROM product_price ORDER BY id"
        ).fetchall()


def test_export_then_import_then_export_is_identical(book: Cli, tmp_path: Path) -> None:
    first = book.ok("product", "export", "--prices").stdout
    lines = first.splitlines()
    assert lines[0] == HEADER
    assert [line.split(",")[:6] for line in lines[1:]] == [
        ["1", "SW-24", "", "5000.00", "2027-01-01", "alice"],
        ["2", "SW-24", "华联", "4500.00", "2026-11-23", "alice"],
    ]
    sheet = tmp_path / "prices.csv"
    sheet.write_text(first, encoding="utf-8")
    result = book.ok("product", "import", "--prices", str(sheet))
    assert result.stderr == "imported 2 prices: 0 new, 0 updated, 2 unchanged\n"
    assert book.ok("product", "export", "--prices").stdout == first


def test_a_sheet_from_elsewhere_adds_prices_and_quotes_use_them(book: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "prices.csv"
    sheet.write_text(
        "code,account,price,from\n"
        "AP-6,,1500,2027-02-01\n"
        "ap-6,acme,1400.50,2026-11-01\n"
        "SW-24,,5200,2027-01-01\n",
        encoding="utf-8",
    )
    result = book.ok("product", "import", "--prices", str(sheet))
    # SW-24 from 2027-01-01 for everyone already had a price: it is replaced, as
    # `product price` replaces one for the same day.
    assert result.stderr == "imported 3 prices: 2 new, 1 updated\n"
    assert _rows(book.db) == [
        (1, None, 520000, "2027-01-01"),
        (1, 2, 450000, "2026-11-23"),
        (2, None, 150000, "2027-02-01"),
        (2, 1, 140050, "2026-11-01"),
    ]
    shown = json.loads(book.ok("product", "show", "AP-6", "--json").stdout)
    assert [(p["account"], p["price"], p["valid_from"]) for p in shown["prices"]] == [
        (None, 1500, "2027-02-01"),
        ("Acme", 1400.5, "2026-11-01"),
    ]
    book.ok("quote", "new", "--account", "Acme")
    book.ok("quote", "line", "add", "1", "AP-6", "--qty", "1")
    line = json.loads(book.ok("quote", "show", "1", "--json").stdout)["lines"][0]
    assert line["unit_price"] == 1400.5


def test_bad_rows_are_all_named_and_nothing_is_written(book: Cli, tmp_path: Path) -> None:
    before = _rows(book.db)
    sheet = tmp_path / "prices.csv"
    sheet.write_text(
        "code,account,price,valid_from\n"
        "SW-24,,4000,2027-03-01\n"
        "NOPE,,100,2027-01-01\n"
        "AP-6,Nobody,100,2027-01-01\n"
        "AP-6,,-5,2027-01-01\n"
        "AP-6,,$5,2027-01-01\n"
        "AP-6,,100,someday\n",
        encoding="utf-8",
    )
    refused = book("product", "import", "--prices", str(sheet))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "line 3: code: no product 'NOPE'",
        "line 4: account: no account 'Nobody'",
        "line 5: price: amount '-5' is negative",
        "line 6: price: '$5' is in USD; this book's currency is CNY (write the amount in"
        " the book's currency ('salescli config set currency' names it))",
        "line 7: valid_from: 'someday' is not a date (use YYYY-MM-DD)",
        "values not read: price (price): '$5' x1, '-5' x1",
        f"error: {sheet}: 5 problems, nothing imported",
        "hint: fix those lines, or map the file's values: --value-map 'COLUMN:VALUE=MEANING'"
        " (repeatable) or --value-map-file map.toml",
    ]
    assert _rows(book.db) == before


def test_a_dry_run_writes_nothing_and_an_import_is_undone(book: Cli, tmp_path: Path) -> None:
    before = _rows(book.db)
    sheet = tmp_path / "prices.csv"
    sheet.write_text(
        "code,account,price,valid_from\nSW-24,,5200,2027-01-01\nAP-6,华联,1500,2026-12-01\n",
        encoding="utf-8",
    )
    dry = book.ok("product", "import", "--prices", str(sheet), "--dry-run")
    assert dry.stderr == "would import 2 prices: 1 new, 1 updated\n"
    assert _rows(book.db) == before
    book.ok("product", "import", "--prices", str(sheet))
    assert _rows(book.db) != before
    undone = book.ok("import", "undo", "1")
    assert (
        undone.stderr == f"undid import 1 (product price, {sheet}): 1 records removed, 1 restored\n"
    )
    assert _rows(book.db) == before


def test_a_product_import_is_undone_too(book: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "products.csv"
    sheet.write_text("code,name,price\nX-1,Thing,10\nSW-24,Edge switch 24,4900\n", "utf-8")
    book.ok("product", "import", str(sheet))
    undone = book.ok("import", "undo", "1")
    assert undone.stderr == f"undid import 1 (product, {sheet}): 1 records removed, 1 restored\n"
    listed = json.loads(book.ok("product", "list", "--all", "--json").stdout)
    assert [(p["code"], p["name"], p["list_price"]) for p in listed] == [
        ("AP-6", "Access point", 1650),
        ("SW-24", "Edge switch", 4800),
    ]
