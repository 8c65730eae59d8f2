"""Products, prices and quotes through the CLI: a quote's lines and totals to the cent,
its states and versions, approval, accepting into the deal, the price reference, and
every bad input refused in one line with nothing written."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Cli

SHOWN = """\
Quote 1
  Status       draft
  Account      Acme (1)
  Deal         Line controllers (1)
  Date         2026-11-23
  Valid until  2026-12-23
  Prices       exclude tax
  Owner        alice

Lines
#  Product  Description      Qty  Unit price  Discount  Tax    Amount
1  SKU-1    Widget        10 pcs       99.99        5%  13%    949.91
2  SVC      Service hour  8 hour      150.00             6%  1,200.00

Totals
  List      2,199.90
  Discount    114.49 (overall 3%)
  Net       2,085.41
  Tax 6%       69.84
  Tax 13%     119.78
  Gross     2,275.03
  Margin      765.41 (36.7%)
"""


@pytest.fixture
def book(cli: Cli) -> Cli:
    """alice's deal 1 at Acme, bob's deal 2 at Globex, two products, and quote 1 (draft)
    on deal 1 with two lines and 3 % off overall."""
    cli.ok("account", "add", "Acme")
    cli.ok("account", "add", "Globex", "--owner", "bob")
    cli.ok("opp", "add", "Acme", "Line controllers", "--amount", "1000", "--close", "2027-01-31")
    cli.ok(
        "opp",
        "add",
        "Globex",
        "Fleet",
        "--amount",
        "500",
        "--close",
        "2027-01-31",
        "--owner",
        "bob",
    )
    cli.ok("product", "add", "SKU-1", "Widget", "--price", "99.99", "--cost", "60", "--tax", "13%")
    cli.ok(
        "product",
        "add",
        "SVC",
        "Service hour",
        "--price",
        "150",
        "--unit",
        "hour",
        "--tax",
        "6%",
        "--cost",
        "90",
    )
    cli.ok("quote", "new", "1", "--discount", "3%")
    cli.ok("quote", "line", "add", "1", "SKU-1", "--qty", "10", "--discount", "5%")
    cli.ok("quote", "line", "add", "1", "SVC", "--qty", "8")
    return cli


TABLES = ("product", "product_price", "quote", "quote_line", "event", "opportunity", "contract")


def state(cli: Cli) -> dict[str, list[tuple[object, ...]]]:
    """Everything a quote command could write, to show that a refusal wrote nothing."""
    with sqlite3.connect(cli.db) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in TABLES
        }


def test_quote_show_prints_lines_and_totals_to_the_cent(book: Cli) -> None:
    assert book.ok("quote", "show", "1").stdout == SHOWN


def test_quote_show_json_carries_lines_taxes_and_totals(book: Cli) -> None:
    shown = json.loads(book.ok("quote", "show", "1", "--json").stdout)
    assert shown["quote"]["net"] == 2085.41
    assert shown["quote"]["gross"] == 2275.03
    assert shown["taxes"] == [{"rate": 6, "tax": 69.84}, {"rate": 13, "tax": 119.78}]
    assert [line["overall_share"] for line in shown["lines"]] == [28.5, 36]
    assert shown["lines"][1]["quantity"] == 8


def test_a_quote_with_prices_including_tax_still_adds_up(book: Cli) -> None:
    book.ok("quote", "new", "--account", "Acme", "--tax-included")
    book.ok(
        "quote",
        "line",
        "add",
        "2",
        "--text",
        "含税 installation",
        "--price",
        "113",
        "--qty",
        "2",
        "--tax",
        "13%",
    )
    book.ok(
        "quote",
        "line",
        "add",
        "2",
        "--text",
        "Hours",
        "--price",
        "100",
        "--qty",
        "2.5",
        "--tax",
        "13",
    )
    shown = json.loads(book.ok("quote", "show", "2", "--json").stdout)["quote"]
    # 226 + 250 = 476 including 13 %: 421.2389 net, so 421.24, and 54.76 tax.
    assert (shown["net"], shown["tax"], shown["gross"]) == (421.24, 54.76, 476)


def test_a_tax_included_product_on_a_tax_exclusive_quote_is_priced_without_tax(book: Cli) -> None:
    book.ok("product", "add", "BOX", "Box", "--price", "113", "--tax", "13%", "--tax-included")
    book.ok("quote", "line", "add", "1", "BOX")
    lines = json.loads(book.ok("quote", "show", "1", "--json").stdout)["lines"]
    assert lines[2]["unit_price"] == 100


def test_dated_and_customers_prices_are_used_on_the_quote_date(book: Cli) -> None:
    book.ok("product", "price", "SKU-1", "110", "--from", "2026-12-01")
    book.ok("product", "price", "SKU-1", "95", "--account", "Globex", "--from", "2026-12-10")
    book.today = date(2026, 12, 2)
    book.ok("quote", "new", "--account", "Acme")
    book.ok("quote", "line", "add", "2", "SKU-1")
    book.ok("quote", "new", "2", rep="bob")
    book.ok("quote", "line", "add", "3", "SKU-1", rep="bob")
    book.today = date(2026, 12, 10)
    book.ok("quote", "new", "2", rep="bob")
    book.ok("quote", "line", "add", "4", "SKU-1", rep="bob")
    prices = [
        json.loads(book.ok("quote", "show", str(n), "--json").stdout)["lines"][0]["unit_price"]
        for n in (2, 3, 4)
    ]
    assert prices == [110, 110, 95]


def test_product_show_gives_the_price_history_and_what_each_customer_was_quoted(book: Cli) -> None:
    book.ok("product", "price", "SKU-1", "110", "--from", "2026-12-01")
    book.ok("product", "price", "SKU-1", "95", "--account", "Globex")
    book.ok("quote", "send", "1")
    book.ok("quote", "new", "2", rep="bob")
    book.ok("quote", "line", "add", "2", "SKU-1", "--qty", "2.5", rep="bob")
    book.ok("quote", "send", "2", rep="bob")
    assert book.ok("product", "show", "SKU-1").stdout == (
        "Product SKU-1: Widget\n"
        "  Status      active\n"
        "  Unit        pcs\n"
        "  List price  99.99\n"
        "  Unit cost   60.00\n"
        "  Tax rate    13%\n"
        "  Id          1\n"
        "\n"
        "Price history\n"
        "From        For        Price  Set by\n"
        "2026-12-01  everyone  110.00  alice\n"
        "2026-11-23  Globex     95.00  alice\n"
        "\n"
        "Last quoted to each customer\n"
        "Account  Quote  Date        Status  Qty  Unit price  Discount     Net\n"
        "Acme     1 v1   2026-11-23  sent     10       99.99     49.99  949.91\n"
        "Globex   2 v1   2026-11-23  sent    2.5       95.00            237.50\n"
    )


def test_sending_freezes_a_quote_and_revising_makes_the_next_version(book: Cli) -> None:
    book.ok("quote", "send", "1")
    before = state(book)
    refused = book("quote", "line", "add", "1", "SVC")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        1,
        "error: quote 1 is sent; revise it first",
    )
    assert state(book) == before
    book.ok("quote", "revise", "1")
    book.ok("quote", "line", "edit", "1", "2", "--qty", "10")
    first = json.loads(book.ok("quote", "show", "1", "--version", "1", "--json").stdout)
    second = json.loads(book.ok("quote", "show", "1", "--json").stdout)
    assert (first["quote"]["superseded"], first["quote"]["status"], first["quote"]["net"]) == (
        True, "sent", 2085.41,
    )  # fmt: skip
    assert (second["quote"]["version"], second["quote"]["status"], second["versions"]) == (
        2,
        "draft",
        2,
    )
    history = book.ok("quote", "history", "1").stdout
    assert history == (
        "Ver.  Date        Status             Valid until  Lines  Discount       Net     Tax     Gross\n"
        "   1  2026-11-23  sent (superseded)  2026-12-23       2    114.49  2,085.41  189.62  2,275.03\n"
        "   2  2026-11-23  draft              2026-12-23       2    123.49  2,376.41  207.08  2,583.49\n"
    )
    refused = book("quote", "accept", "1")  # the latest is a draft
    assert refused.exit_code == 1


def test_accepting_sets_the_deals_amount_and_records_it(book: Cli) -> None:
    book.ok("quote", "send", "1")
    result = book.ok("quote", "accept", "1")
    assert "deal 1's amount is now 2,085.41" in result.stderr
    deal = json.loads(book.ok("opp", "show", "1", "--json").stdout)
    assert deal["opportunity"]["amount"] == 2085.41
    assert deal["opportunity"]["status"] == "open"  # accepting does not win it
    assert [(q["number"], q["status"]) for q in deal["quotes"]] == [(1, "accepted")]
    with sqlite3.connect(book.db) as connection:
        changes = connection.execute(
            "SELECT changes FROM event WHERE entity = 'opportunity' AND action = 'quote-accepted'"
        ).fetchone()[0]
    assert json.loads(changes)["amount"] == [100000, 208541]
    assert "Quotes" in book.ok("opp", "show", "1").stdout
    assert "accepted" in book.ok("account", "show", "Acme").stdout


def test_a_second_accepted_quote_on_a_deal_is_refused(book: Cli) -> None:
    book.ok("quote", "send", "1")
    book.ok("quote", "accept", "1")
    book.ok("quote", "new", "1")
    book.ok("quote", "line", "add", "2", "SVC")
    book.ok("quote", "send", "2")
    before = state(book)
    refused = book("quote", "accept", "2")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == "error: opportunity 1 already has an accepted quote, 1"
    assert state(book) == before


def test_an_expired_quote_cannot_be_accepted(book: Cli) -> None:
    book.ok("quote", "send", "1")
    book.today = date(2026, 12, 24)
    assert json.loads(book.ok("quote", "list", "--json").stdout)[0]["status"] == "expired"
    before = state(book)
    refused = book("quote", "accept", "1")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        1,
        "error: quote 1 expired on 2026-12-24",
    )
    assert state(book) == before


def test_a_superseded_version_cannot_be_accepted(book: Cli) -> None:
    book.ok("quote", "send", "1")
    book.ok("quote", "revise", "1")
    before = state(book)
    refused = book("quote", "accept", "1", "--version", "1")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        1,
        "error: quote 1 version 1 is superseded by version 2",
    )
    assert state(book) == before


def test_a_discount_over_the_limit_needs_a_managers_approval(book: Cli) -> None:
    book.ok("quote", "line", "edit", "1", "1", "--discount", "20%")
    assert [
        q["number"]
        for q in json.loads(book.ok("quote", "list", "--pending-approval", "--json").stdout)
    ] == [1]
    # The manager who approves sees the team's waiting quotes without --all; bob, his own.
    waiting = book.ok("quote", "list", "--pending-approval", "--json", rep="maria").stdout
    assert [q["number"] for q in json.loads(waiting)] == [1]
    assert (
        json.loads(book.ok("quote", "list", "--pending-approval", "--json", rep="bob").stdout) == []
    )
    before = state(book)
    refused = book("quote", "send", "1")
    assert refused.exit_code == 1
    assert "a manager must approve it first" in refused.stderr.splitlines()[0]
    refused = book("quote", "approve", "1")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        1,
        "error: only a manager may approve quotes; alice is a rep",
    )
    assert state(book) == before
    book.ok("quote", "approve", "1", rep="maria")
    assert json.loads(book.ok("quote", "list", "--pending-approval", "--json").stdout) == []
    book.ok("quote", "send", "1")


def test_an_amount_discount_counts_against_the_limit_too(book: Cli) -> None:
    book.ok("config", "set", "quote.max_discount", "10")
    # 150 off 1,200.00 is 12.5 %.
    book.ok("quote", "line", "edit", "1", "2", "--discount", "150")
    shown = json.loads(book.ok("quote", "show", "1", "--json").stdout)["quote"]
    assert (shown["max_discount"], shown["needs_approval"]) == (12.5, True)


def test_quote_list_is_scoped_and_filtered(book: Cli) -> None:
    book.ok("quote", "new", "2", rep="bob")
    book.ok("quote", "new", "--account", "Acme", "--valid-until", "2026-11-30")
    book.ok("quote", "line", "add", "3", "SVC")
    book.ok("quote", "send", "3")

    def numbers(*args: str) -> list[int]:
        return [q["number"] for q in json.loads(book.ok("quote", "list", *args, "--json").stdout)]

    assert numbers() == [3, 1]
    assert numbers("--all") == [3, 1, 2]
    assert numbers("--owner", "bob") == [2]
    assert numbers("--opp", "1") == [1]
    assert numbers("--account", "Globex") == [2]
    assert numbers("--status", "sent") == [3]
    assert numbers("--status", "draft") == [1]
    assert numbers("--expiring", "7") == [3]
    assert numbers("--expiring", "6") == []
    csv = book.ok("quote", "list", "--csv").stdout.splitlines()
    assert csv[0].startswith("id,number,version,account_id,account,")
    assert len(csv) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("quote", "line", "add", "1", "NOPE"), "error: no product 'NOPE'"),
        (
            ("quote", "line", "add", "1", "OLD"),
            "error: product OLD is inactive; it cannot go on a quote",
        ),
        (
            ("quote", "line", "add", "1", "SVC", "--price", "$100"),
            "error: '$100' is in USD; this book's currency is CNY",
        ),
        (
            ("quote", "line", "add", "1", "SVC", "--qty", "-2"),
            "error: a quantity cannot be negative (-2)",
        ),
        (("quote", "line", "add", "1", "SVC", "--price", "-2"), "error: amount '-2' is negative"),
        (
            ("quote", "line", "add", "1", "SVC", "--discount", "120%"),
            "error: a discount cannot be over 100 % (120%)",
        ),
        (
            ("quote", "line", "add", "1", "SVC", "--discount", "200"),
            "error: a discount of 200.00 is more than the line (150.00)",
        ),
        (
            ("quote", "line", "add", "1", "SVC", "--qty", "1.0005"),
            "error: a quantity has at most 3 decimals, not 1.0005",
        ),
        (
            ("quote", "line", "add", "1", "SVC", "--tax", "100%"),
            "error: a tax rate is from 0 to under 100 %, not 100%",
        ),
        (("quote", "line", "edit", "1", "9", "--qty", "2"), "error: quote 1 has no line 9"),
        (("quote", "line", "remove", "1", "9"), "error: quote 1 has no line 9"),
        (
            ("product", "add", "SKU-1", "Again", "--price", "5"),
            "error: product SKU-1 already exists",
        ),
        (
            ("product", "add", "X1", "Dollar", "--price", "€5"),
            "error: '€5' is in EUR; this book's currency is CNY",
        ),
        (("product", "price", "SKU-1", "£7"), "error: '£7' is in GBP; this book's currency is CNY"),
        (("quote", "send", "9"), "error: no quote 9"),
        (("quote", "new", "2"), "error: deal 2 belongs to bob; ask bob or a manager"),
        (("quote", "show", "1", "--version", "3"), "error: quote 1 has no version 3"),
        (
            ("quote", "reject", "1", "--reason", "x"),
            "error: quote 1 is draft; only a sent quote is rejected",
        ),
        (("quote", "revise", "1"), "error: quote 1 is still a draft; change its lines directly"),
        (("quote", "accept", "1"), "error: quote 1 is draft; only a sent quote is accepted"),
        (
            ("quote", "new", "1", "--valid-until", "2026-11-01"),
            "error: a quote valid until 2026-11-01 has already expired",
        ),
    ],
)
def test_bad_input_is_refused_in_one_line_with_nothing_written(
    book: Cli, args: tuple[str, ...], message: str
) -> None:
    book.ok("product", "add", "OLD", "Old thing", "--price", "1")
    book.ok("product", "deactivate", "OLD")
    before = state(book)
    refused = book(*args)
    assert refused.exit_code == 1, refused.stdout
    assert refused.stderr.splitlines()[0] == message
    assert state(book) == before


def test_only_the_owner_or_a_manager_changes_a_quote(book: Cli) -> None:
    before = state(book)
    refused = book("quote", "line", "add", "1", "SVC", rep="bob")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        1,
        "error: quote 1 belongs to alice; ask alice or a manager",
    )
    assert state(book) == before
    book.ok("quote", "line", "add", "1", "SVC", rep="maria")


def test_removing_a_line_moves_the_later_ones_up(book: Cli) -> None:
    book.ok("quote", "line", "add", "1", "--text", "Setup", "--price", "500")
    book.ok("quote", "line", "remove", "1", "1")
    lines = json.loads(book.ok("quote", "show", "1", "--json").stdout)["lines"]
    assert [(line["position"], line["description"]) for line in lines] == [
        (1, "Service hour"),
        (2, "Setup"),
    ]


def test_a_deactivated_product_stays_on_the_quotes_that_have_it(book: Cli) -> None:
    book.ok("product", "deactivate", "SKU-1")
    assert book.ok("quote", "show", "1").stdout == SHOWN
    assert [p["code"] for p in json.loads(book.ok("product", "list", "--json").stdout)] == ["SVC"]
    assert len(json.loads(book.ok("product", "list", "--all", "--json").stdout)) == 2


def test_every_change_is_an_event(book: Cli, db_path: Path) -> None:
    book.ok("quote", "send", "1")
    book.ok("quote", "reject", "1", "--reason", "price")
    book.ok("quote", "revise", "1")
    with sqlite3.connect(db_path) as connection:
        actions = [
            row[0]
            for row in connection.execute(
                "SELECT entity || ' ' || action FROM event WHERE entity IN ('quote', 'product') ORDER BY id"
            )
        ]
    assert actions == [
        "product add", "product add", "quote add", "quote line-add", "quote line-add",
        "quote send", "quote reject", "quote revise",
    ]  # fmt: skip


def test_a_free_text_line_without_a_price_is_a_usage_error(book: Cli) -> None:
    before = state(book)
    refused = book("quote", "line", "add", "1", "--text", "setup")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        2,
        "error: a free-text line needs --price",
    )
    assert state(book) == before


def test_a_quoted_deal_or_account_is_not_deleted_and_a_merge_takes_its_quotes(book: Cli) -> None:
    before = state(book)
    refused = book("opp", "delete", "1", "--yes")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        1,
        "error: opportunity 1 has 1 quote (1); nothing deleted",
    )
    refused = book("account", "delete", "Acme", "--cascade", "--yes")
    assert (
        refused.stderr.splitlines()[0] == "error: account 1 Acme has 1 quote (1); nothing deleted"
    )
    assert state(book) == before
    book.ok("account", "add", "Acme Ltd")
    book.ok("account", "merge", "Acme Ltd", "Acme", "--yes")
    assert (
        json.loads(book.ok("quote", "show", "1", "--json").stdout)["quote"]["account"] == "Acme Ltd"
    )
    book.ok("undo")
    assert json.loads(book.ok("quote", "show", "1", "--json").stdout)["quote"]["account"] == "Acme"


def test_a_deal_with_quotes_is_not_purged(book: Cli) -> None:
    book.ok("opp", "lose", "1", "--reason", "price", "--summary", "too dear")
    book.ok("opp", "archive", "1")
    purged = json.loads(
        book.ok("opp", "purge", "--archived-before", "+1d", "--yes", "--json").stdout
    )
    assert purged["purged"] == 0
    assert (
        json.loads(book.ok("quote", "show", "1", "--json").stdout)["quote"]["opportunity_id"] == 1
    )


def test_the_price_list_goes_out_and_back_as_csv(book: Cli, tmp_path: Path) -> None:
    exported = tmp_path / "prices.csv"
    book.ok("product", "export", str(exported))
    header, first = exported.read_text(encoding="utf-8").splitlines()[:2]
    assert header == (
        "id,code,name,unit,list_price,unit_cost,tax_rate,tax_included,active,created_at,updated_at"
    )
    assert first.startswith("1,SKU-1,Widget,pcs,99.99,60.00,13,no,yes,2026-11-23T")
    before = state(book)["product"]
    assert "0 new, 0 updated" in book.ok("product", "import", str(exported)).stderr
    assert state(book)["product"] == before
    sheet = tmp_path / "中文.csv"
    sheet.write_text(
        "编码,品名,单价,税率,含税\nSKU-1,Widget v2,¥105,13%,否\nNEW-1,新产品,88,9%,是\n",
        encoding="utf-8",
    )
    book.ok("product", "import", str(sheet))
    listed = {p["code"]: p for p in json.loads(book.ok("product", "list", "--json").stdout)}
    assert (listed["SKU-1"]["name"], listed["SKU-1"]["list_price"]) == ("Widget v2", 105)
    assert (
        listed["NEW-1"]["tax_rate"],
        listed["NEW-1"]["tax_included"],
        listed["NEW-1"]["unit"],
    ) == (9, True, "pcs")


def test_a_price_list_with_a_bad_row_is_refused_whole(book: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("code,name,price\nX-1,Fine,5\nX-2,Dollars,$5\nX-3,,3\n", encoding="utf-8")
    before = state(book)
    refused = book("product", "import", str(sheet))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[:2] == [
        "line 3: list_price: '$5' is in USD; this book's currency is CNY (write the amount in the"
        " book's currency ('salescli config set currency' names it))",
        "line 4: name: is required",
    ]
    assert state(book) == before


def test_a_tax_included_quote_says_its_list_and_discount_include_tax(book: Cli) -> None:
    book.ok("quote", "new", "--account", "Acme", "--tax-included", "--discount", "10")
    book.ok(
        "quote",
        "line",
        "add",
        "2",
        "--text",
        "Cable",
        "--price",
        "33.90",
        "--qty",
        "3",
        "--tax",
        "13%",
    )
    totals = book.ok("quote", "show", "2").stdout.split("Totals\n")[1]
    # 101.70 less 10 is 91.70 including tax: 81.15 net (91.70 / 1.13 = 81.1504), 10.55 tax.
    assert totals == (
        "  List incl. tax      101.70\n"
        "  Discount incl. tax   10.00 (overall 10.00)\n"
        "  Net                  81.15\n"
        "  Tax 13%              10.55\n"
        "  Gross                91.70\n"
    )


def test_the_books_currency_is_a_setting(book: Cli) -> None:
    book.ok("config", "set", "currency", "usd")
    book.ok("quote", "line", "add", "1", "--text", "Setup", "--price", "$100")
    refused = book("quote", "line", "add", "1", "--text", "Setup", "--price", "¥100")
    assert refused.stderr.splitlines()[0] == "error: '¥100' is in CNY; this book's currency is USD"
    refused = book("config", "set", "currency", "dollars")
    assert (
        refused.stderr.splitlines()[0]
        == "error: currency must be a three-letter ISO code, not 'dollars'"
    )


def test_accepting_a_quote_allows_exactly_the_credit_limit(book: Cli) -> None:
    book.ok("account", "credit", "Acme", "--limit", "2275.03", rep="maria")
    book.ok("quote", "send", "1")
    book.ok("quote", "accept", "1")  # gross 2,275.03: exactly at the limit
    assert json.loads(book.ok("quote", "show", "1", "--json").stdout)["quote"]["status"] == (
        "accepted"
    )


def test_accepting_a_quote_a_cent_over_the_credit_limit_is_refused(book: Cli) -> None:
    book.ok("account", "credit", "Acme", "--limit", "2275.02", rep="maria")
    book.ok("quote", "send", "1")
    before = state(book)
    refused = book("quote", "accept", "1")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        1,
        "error: accepting quote 1 would take the account over its credit limit: limit"
        " 2,275.02, exposure 0.00 + 2,275.03, short by 0.01",
    )
    rep_passing = book("quote", "accept", "1", "--over-limit", "--reason", "good payer")
    assert (rep_passing.exit_code, rep_passing.stderr.splitlines()[0]) == (
        1,
        "error: only a manager may pass an account's credit limit; alice is a rep",
    )
    assert state(book) == before


def test_a_manager_passes_the_credit_limit_at_accept_and_the_reason_is_recorded(
    book: Cli,
) -> None:
    book.ok("account", "credit", "Acme", "--limit", "1000", rep="maria")
    book.ok("quote", "send", "1")
    book.ok("quote", "accept", "1", "--over-limit", "--reason", "strategic customer", rep="maria")
    with sqlite3.connect(book.db) as connection:
        changes = connection.execute(
            "SELECT changes FROM event WHERE entity = 'quote' AND action = 'accept'"
        ).fetchone()[0]
    assert json.loads(changes)["over_limit"] == "strategic customer"


def test_a_contract_from_an_accepted_quote_takes_its_deal_lines_and_total(book: Cli) -> None:
    book.ok("quote", "send", "1")
    book.ok("quote", "accept", "1")
    result = book.ok("contract", "new", "--from-quote", "1", "--end", "2027-11-30")
    assert result.stderr == "drafted contract HT-2026-0001 (Acme) for 2,275.03\n"
    assert book.ok("contract", "show", "HT-2026-0001").stdout == (
        "Contract HT-2026-0001\n"
        "  ID           1\n"
        "  Title        Line controllers\n"
        "  Account      Acme\n"
        "  Opportunity  1 Line controllers\n"
        "  Quote        1 version 1\n"
        "  Status       draft\n"
        "  Version      1 of 1\n"
        "  Amount       2,275.03\n"
        "  Received     0.00\n"
        "  Balance      2,275.03\n"
        "  Ends         2027-11-30\n"
        "  Complete     0%\n"
        "  Owner        alice\n"
        "\n"
        "Lines\n"
        "#  Product  Description      Qty  Unit price  Tax    Amount\n"
        "1  SKU-1    Widget        10 pcs       99.99  13%    921.41\n"
        "2  SVC      Service hour  8 hour      150.00   6%  1,164.00\n"
        "\n"
        "Payment schedule\n"
        "  (none: plan it with 'salescli receivable plan')\n"
    )
    shown = json.loads(book.ok("contract", "show", "HT-2026-0001", "--json").stdout)
    assert [(line["product"], line["amount"]) for line in shown["lines"]] == [
        ("SKU-1", 921.41),
        ("SVC", 1164.0),
    ]
    assert sum(line["amount"] for line in shown["lines"]) == pytest.approx(2085.41)  # the net
    with sqlite3.connect(book.db) as connection:
        changes = connection.execute(
            "SELECT changes FROM event WHERE entity = 'contract' AND action = 'from-quote'"
        ).fetchone()[0]
    assert json.loads(changes) == {
        "quote": 1, "version": 1, "lines": 2, "net": 208541, "tax": 18962, "gross": 227503,
    }  # fmt: skip


def test_an_amended_contract_from_a_quote_keeps_its_lines_in_every_version(book: Cli) -> None:
    book.ok("quote", "send", "1")
    book.ok("quote", "accept", "1")
    book.ok("contract", "new", "--from-quote", "1", "--number", "C-9")
    book.ok("contract", "amend", "C-9", "--amount", "2300", "--reason", "freight")
    for version in ("1", "2"):
        shown = json.loads(
            book.ok("contract", "show", "C-9", "--version", version, "--json").stdout
        )
        assert [line["position"] for line in shown["lines"]] == [1, 2]
    assert "Lines\n#  Product" in book.ok("contract", "show", "C-9", "--version", "1").stdout


def test_a_contract_without_a_quote_has_no_lines(book: Cli) -> None:
    book.ok("contract", "new", "--account", "Acme", "--amount", "100", "--number", "C-1")
    assert "Lines" not in book.ok("contract", "show", "C-1").stdout
    assert json.loads(book.ok("contract", "show", "C-1", "--json").stdout)["lines"] == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("--from-quote", "1"),
            1,
            "error: quote 1 is draft; a contract is made from an accepted quote",
        ),
        (("--from-quote", "9"), 1, "error: no quote 9"),
        (
            ("--from-quote", "1", "--amount", "5"),
            2,  # a usage error, as giving neither --opp nor --account is
            "error: --from-quote takes the deal, account and amount from the quote",
        ),
    ],
)
def test_a_contract_only_comes_from_an_accepted_quote(
    book: Cli, args: tuple[str, ...], code: int, message: str
) -> None:
    before = state(book)
    with sqlite3.connect(book.db) as connection:
        contracts = connection.execute("SELECT count(*) FROM contract").fetchone()
    refused = book("contract", "new", *args)
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (code, message)
    assert state(book) == before
    with sqlite3.connect(book.db) as connection:
        assert connection.execute("SELECT count(*) FROM contract").fetchone() == contracts


def test_a_sent_quote_is_refused_with_the_way_to_accept_it(book: Cli) -> None:
    book.ok("quote", "send", "1")
    refused = book("contract", "new", "--from-quote", "1")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "error: quote 1 is sent; a contract is made from an accepted quote",
        "hint: when the customer accepts it: salescli quote accept 1",
    ]


def _accepted_with_contract(book: Cli) -> None:
    book.ok("quote", "send", "1")
    book.ok("quote", "accept", "1")
    book.ok("contract", "new", "--from-quote", "1", "--number", "C-1")


def test_a_contract_keeps_the_quote_it_came_from_and_the_quote_names_it(book: Cli) -> None:
    _accepted_with_contract(book)
    shown = json.loads(book.ok("contract", "show", "C-1", "--json").stdout)["contract"]
    assert (shown["quote"], shown["quote_version"]) == (1, 1)
    assert "  Quote        1 version 1\n" in book.ok("contract", "show", "C-1").stdout
    assert "  Contract     C-1 (draft, from version 1)\n" in book.ok("quote", "show", "1").stdout
    assert json.loads(book.ok("quote", "show", "1", "--json").stdout)["contracts"] == [
        {"number": "C-1", "status": "draft", "quote_version": 1}
    ]
    # A contract made without a quote names none.
    book.ok("contract", "new", "--account", "Acme", "--amount", "5", "--number", "C-2")
    plain = json.loads(book.ok("contract", "show", "C-2", "--json").stdout)["contract"]
    assert (plain["quote"], plain["quote_version"]) == (None, None)
    assert "Quote" not in book.ok("contract", "show", "C-2").stdout


def test_a_second_contract_from_one_quote_is_refused_naming_the_first(book: Cli) -> None:
    _accepted_with_contract(book)
    before = state(book)
    refused = book("contract", "new", "--from-quote", "1", "--number", "C-2")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "error: quote 1 already has contract C-1 (draft)",
        "hint: change that one: salescli contract amend C-1 --reason TEXT (a quote makes"
        " another contract only once its contract is terminated)",
    ]
    assert state(book) == before


def test_a_quote_whose_contract_was_terminated_makes_another(book: Cli) -> None:
    _accepted_with_contract(book)
    book.ok("contract", "terminate", "C-1", "--reason", "wrong entity")
    book.ok("contract", "new", "--from-quote", "1", "--number", "C-2")
    assert "  Contract     C-1 (terminated, from version 1), C-2 (draft, from version 1)\n" in (
        book.ok("quote", "show", "1").stdout
    )
    # The second one stands now: a third is refused, naming it.
    refused = book("contract", "new", "--from-quote", "1", "--number", "C-3")
    assert refused.stderr.splitlines()[0] == "error: quote 1 already has contract C-2 (draft)"
