"""`quote export` / `quote import`: one row per line with the quote's fields repeated,
a round trip to the byte on a fresh book, every problem named by line with nothing
written, --dry-run, --map, and undo through the import log."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Cli

HEADER = (
    "number,version,account,opportunity_id,contact,owner,status,quoted_on,valid_until,"
    "tax_included,discount,note,sent_on,decided_on,reject_reason,line,product,description,"
    "unit,quantity,unit_price,line_discount,tax_rate,unit_cost,line_net,quote_net,quote_tax,"
    "quote_gross"
)
EXPORTED = f"""\
{HEADER}
1,1,Acme,1,Dana Wu,alice,sent,2026-11-23,2026-12-23,no,3%,"Freight, insured",2026-11-23,,,1,SKU-1,Widget,pcs,10,99.99,5%,13%,60.00,949.91,2085.41,189.62,2275.03
1,1,Acme,1,Dana Wu,alice,sent,2026-11-23,2026-12-23,no,3%,"Freight, insured",2026-11-23,,,2,SVC,Service hour,hour,8,150.00,,6%,90.00,1200.00,2085.41,189.62,2275.03
1,2,Acme,1,Dana Wu,alice,accepted,2026-11-23,2026-12-23,no,3%,"Freight, insured",2026-11-23,2026-11-23,,1,SKU-1,Widget,pcs,10,99.99,5%,13%,60.00,949.91,2357.01,224.93,2581.94
1,2,Acme,1,Dana Wu,alice,accepted,2026-11-23,2026-12-23,no,3%,"Freight, insured",2026-11-23,2026-11-23,,2,SVC,Service hour,hour,8,150.00,,6%,90.00,1200.00,2357.01,224.93,2581.94
1,2,Acme,1,Dana Wu,alice,accepted,2026-11-23,2026-12-23,no,3%,"Freight, insured",2026-11-23,2026-11-23,,3,,'=Cabling,,2.5,120.00,20.00,13%,,280.00,2357.01,224.93,2581.94
2,1,Acme,,,alice,rejected,2026-11-23,2026-12-23,yes,100.00,,2026-11-23,2026-11-23,too dear,1,,Support 支持,,1,1130.00,,13%,,1130.00,911.50,118.50,1030.00
3,1,Acme,,,alice,draft,2026-11-23,2026-12-23,no,,,,,,,,,,,,,,,,0.00,0.00,0.00
"""


@pytest.fixture
def base(cli: Cli) -> Cli:
    """Acme with a contact and alice's deal 1, two products: what a fresh book needs to
    take the quotes."""
    cli.ok("account", "add", "Acme")
    cli.ok("contact", "add", "Acme", "Dana Wu")
    cli.ok("opp", "add", "Acme", "Line controllers", "--amount", "1000", "--close", "2027-01-31")
    cli.ok("product", "add", "SKU-1", "Widget", "--price", "99.99", "--cost", "60", "--tax", "13%")
    cli.ok("product", "add", "SVC", "Service hour", "--price", "150", "--unit", "hour", "--tax", "6%", "--cost", "90")  # fmt: skip
    return cli


def _count(cli: Cli) -> int:
    with sqlite3.connect(cli.db) as db:
        return int(db.execute("SELECT count(*) FROM quote").fetchone()[0])


def _quotes(cli: Cli) -> None:
    """A sent and superseded version, the accepted revision with a formula-like text
    line, a rejected tax-included quote with an amount discount, an empty draft."""
    cli.ok("quote", "new", "1", "--discount", "3%", "--contact", "Dana Wu", "--note", "Freight, insured")  # fmt: skip
    cli.ok("quote", "line", "add", "1", "SKU-1", "--qty", "10", "--discount", "5%")
    cli.ok("quote", "line", "add", "1", "SVC", "--qty", "8")
    cli.ok("quote", "send", "1")
    cli.ok("quote", "revise", "1")
    cli.ok("quote", "line", "add", "1", "--text", "=Cabling", "--price", "120", "--qty", "2.5", "--discount", "20", "--tax", "13%")  # fmt: skip
    cli.ok("quote", "send", "1")
    cli.ok("quote", "accept", "1")
    cli.ok("quote", "new", "--account", "Acme", "--tax-included", "--discount", "100")
    cli.ok("quote", "line", "add", "2", "--text", "Support 支持", "--price", "1130", "--tax", "13%")
    cli.ok("quote", "send", "2")
    cli.ok("quote", "reject", "2", "--reason", "too dear")
    cli.ok("quote", "new", "--account", "Acme")


def test_export_writes_one_row_per_line_with_the_quote_repeated(base: Cli) -> None:
    _quotes(base)
    assert base.ok("quote", "export").stdout == EXPORTED


def test_export_import_export_is_byte_identical_on_a_fresh_book(base: Cli, tmp_path: Path) -> None:
    fresh = Cli(tmp_path / "fresh.db")
    shutil.copy(base.db, fresh.db)  # the same accounts, deals and products, no quotes
    _quotes(base)
    first = tmp_path / "first.csv"
    base.ok("quote", "export", str(first))
    result = fresh.ok("quote", "import", str(first))
    assert result.stderr == "imported 4 quotes: 4 new, 0 updated\n"
    second = tmp_path / "second.csv"
    fresh.ok("quote", "export", str(second))
    assert second.read_bytes() == first.read_bytes() == EXPORTED.replace("\n", "\r\n").encode()
    shown = fresh.ok("quote", "show", "1", "--version", "1").stdout
    assert "Status       sent (superseded), sent 2026-11-23" in shown


def test_a_dry_run_checks_and_writes_nothing(base: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "q.csv"
    sheet.write_text(EXPORTED, encoding="utf-8")
    result = base.ok("quote", "import", str(sheet), "--dry-run")
    assert result.stderr == "would import 4 quotes: 4 new, 0 updated\n"
    assert _count(base) == 0


def test_another_systems_sheet_is_read_with_its_headers_and_product_defaults(
    base: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "报价.csv"
    sheet.write_text(
        "报价单号,客户,状态,报价日期,编码,数量,Angebotstext\n"
        "7,Acme,已发送,2026-11-20,SKU-1,4,first\n"
        "7,Acme,已发送,2026-11-20,SVC,2.5,second\n",
        encoding="gb18030",
    )
    base.ok("quote", "import", str(sheet), "--map", "Angebotstext=-")
    shown = base.ok("quote", "show", "7").stdout
    assert "Status       sent" in shown
    assert "1  SKU-1    Widget           4 pcs       99.99            13%  399.96" in shown
    assert "2  SVC      Service hour  2.5 hour      150.00             6%  375.00" in shown
    assert "Valid until  2026-12-20" in shown  # quote.valid_days after its date


def test_a_bad_file_is_refused_whole_naming_each_line(base: Cli, tmp_path: Path) -> None:
    base.ok("account", "add", "Globex")
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "number,account,opportunity_id,owner,status,product,quantity,unit_price,description\n"
        "1,Acme,1,alice,accepted,SKU-1,1,,\n"
        "1,Globex,1,alice,accepted,SVC,1,,\n"
        "2,Nowhere,,,draft,,1,10,x\n"
        "3,Globex,1,,draft,,1,10,x\n"
        "4,Acme,1,,accepted,NOPE,1,,\n"
        "5,Acme,,nobody,draft,,-1,10,x\n"
        "6,Acme,,,draft,,1,,\n",
        encoding="utf-8",
    )
    refused = base("quote", "import", str(sheet))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "line 3: account: differs from line 2, a row of the same quote 1 version 1",
        "line 4: account: no account matches 'Nowhere'",
        "line 5: opportunity_id: opportunity 1 is another account's",
        "line 6: status: opportunity 1 already has an accepted quote, quote 1 on line 2",
        "line 6: product: no product 'NOPE'",
        "line 7: quantity: a quantity cannot be negative (-1)",
        "line 8: a line needs a product, a description or a unit_price",
        f"error: {sheet}: 7 problems, nothing imported",
        "hint: fix those lines and import again (a misread column: --map SRC=FIELD)",
    ]
    assert _count(base) == 0


def test_a_version_the_book_has_is_refused_or_skipped(base: Cli, tmp_path: Path) -> None:
    _quotes(base)
    sheet = tmp_path / "q.csv"
    base.ok("quote", "export", str(sheet))
    refused = base("quote", "import", str(sheet))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == (
        "line 2: quote 1 version 1 is in the book already (--on-conflict skip passes over it)"
    )
    skipped = base.ok("quote", "import", str(sheet), "--on-conflict", "skip")
    assert skipped.stderr == "imported 4 quotes: 0 new, 0 updated, 4 skipped\n"
    update = base("quote", "import", str(sheet), "--on-conflict", "update")
    assert update.exit_code == 2


def test_undo_removes_the_imported_versions_and_restores_the_superseded_one(
    base: Cli, tmp_path: Path
) -> None:
    base.ok("quote", "new", "1")
    base.ok("quote", "line", "add", "1", "SKU-1")
    base.ok("quote", "send", "1")
    sheet = tmp_path / "v2.csv"
    sheet.write_text(
        "number,version,account,opportunity_id,status,product,quantity\n1,2,Acme,1,draft,SKU-1,3\n",
        encoding="utf-8",
    )
    base.ok("quote", "import", str(sheet))
    assert "sent (superseded)" in base.ok("quote", "history", "1").stdout
    undone = base.ok("import", "undo", "1")
    assert undone.stderr == f"undid import 1 (quote, {sheet}): 2 records removed, 1 restored\n"
    with sqlite3.connect(base.db) as db:
        rows = db.execute("SELECT version, status, superseded_at FROM quote").fetchall()
        lines = db.execute("SELECT count(*) FROM quote_line").fetchone()
    assert rows == [(1, "sent", None)]
    assert lines == (1,)


def test_a_rep_imports_only_their_own_quotes(base: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "q.csv"
    sheet.write_text(
        "number,account,opportunity_id,owner,description,unit_price\n1,Acme,1,bob,x,1\n",
        encoding="utf-8",
    )
    refused = base("quote", "import", str(sheet))
    assert refused.stderr.splitlines()[0] == (
        "line 2: owner: only a manager imports another rep's quotes"
    )
    base.ok("quote", "import", str(sheet), rep="maria")
    assert "bob" in base.ok("quote", "list", "--all").stdout


@pytest.mark.parametrize(
    ("note", "written"),
    [
        ("+86 138 0013 8000", "+86 138 0013 8000"),  # a phone number stays as it is
        ("-5% off on delivery", "'-5% off on delivery"),
        ("@buyer asked", "'@buyer asked"),
        ("'=kept inert", "''=kept inert"),
        ("'quoted", "'quoted"),
        ("=1+1", "'=1+1"),
        ("plain", "plain"),
    ],
)
def test_export_makes_formula_like_text_inert_as_every_export_does(
    base: Cli, note: str, written: str
) -> None:
    base.ok("quote", "new", "--account", "Acme", "--note", note)
    row = base.ok("quote", "export").stdout.splitlines()[1].split(",")
    assert row[HEADER.split(",").index("note")] == written
