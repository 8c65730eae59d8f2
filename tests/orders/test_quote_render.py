"""`quote render`: a quote as a Markdown or HTML document to send, with the seller from
the settings, the customer and contact, lines and totals; written to stdout or to a new
file, never over an existing one without --force."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.conftest import Cli

MARKDOWN = """\
# Quote 1

**From**

云拓网络 Yuntuo Networks\\
深圳市南山区科技园 8 栋\\
Shenzhen 518057\\
0755-2666 1234 · sales@yuntuo.cn\\
Tax id: 91440300MA5F

**To**

华联 \\<Hualian\\> \\| Retail\\
北京市西单北大街 130 号\\
010-6601 8888\\
Attn: 王芳, 采购经理\\
wang@hualian.cn

|  |  |
| --- | --- |
| Quote | 1, version 1 |
| Date | 2026-11-23 |
| Valid until | 2026-12-23 |
| Prices | CNY, excluding tax |
| Prepared by | Alice Chen |

## Lines

| # | Description | Qty | Unit | Unit price | Discount | Tax | Amount |
| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: |
| 1 | Widget (SKU-1) | 10 | pcs | 99.99 | 5% | 13% | 949.91 |
| 2 | Service hour (SVC) | 8 | hour | 150.00 |  | 6% | 1,200.00 |
| 3 | Cabling \\*cat6\\* | 2.5 |  | 40.00 |  | 13% | 100.00 |

## Totals

|  | CNY |
| --- | ---: |
| Subtotal | 2,249.91 |
| Overall discount 3% | -67.50 |
| Net | 2,182.41 |
| Tax 6% | 69.84 |
| Tax 13% | 132.39 |
| **Total incl. tax (CNY)** | **2,384.64** |

## Note

Delivery included

## Terms

Payment 30% on order.\\
价格含运费。
"""


@pytest.fixture
def book(cli: Cli) -> Cli:
    """Quote 1 (draft) on alice's deal at 华联, addressed to 王芳, three lines and 3 %
    off overall; the seller's details and terms set."""
    cli.ok("account", "add", "华联 <Hualian> | Retail", "--phone", "010-6601 8888")
    cli.ok("account", "edit", "华联", "--address", "北京市西单北大街 130 号")
    cli.ok("contact", "add", "华联", "王芳", "--title", "采购经理", "--email", "wang@hualian.cn")
    cli.ok("opp", "add", "华联", "门店网络", "--amount", "1000", "--close", "2027-01-31")
    cli.ok("product", "add", "SKU-1", "Widget", "--price", "99.99", "--cost", "60", "--tax", "13%")
    cli.ok(
        "product", "add", "SVC", "Service hour", "--price", "150", "--unit", "hour", "--tax", "6%"
    )
    cli.ok(
        "quote", "new", "1", "--discount", "3%", "--contact", "王芳", "--note", "Delivery included"
    )
    cli.ok("quote", "line", "add", "1", "SKU-1", "--qty", "10", "--discount", "5%")
    cli.ok("quote", "line", "add", "1", "SVC", "--qty", "8")
    cli.ok("quote", "line", "add", "1", "--text", "Cabling *cat6*", "--price", "40", "--qty", "2.5", "--tax", "13%")  # fmt: skip
    for key, value in (
        ("company.name", "云拓网络 Yuntuo Networks"),
        ("company.address", "深圳市南山区科技园 8 栋\nShenzhen 518057"),
        ("company.phone", "0755-2666 1234"),
        ("company.email", "sales@yuntuo.cn"),
        ("company.tax_id", "91440300MA5F"),
        ("quote.terms", "Payment 30% on order.\n价格含运费。"),
    ):
        cli.ok("config", "set", key, value)
    return cli


def test_markdown_shows_seller_customer_lines_totals_and_terms(book: Cli) -> None:
    assert book.ok("quote", "render", "1").stdout == MARKDOWN


def test_html_is_one_utf8_page_with_its_style_inline_and_text_escaped(book: Cli) -> None:
    page = book.ok("quote", "render", "1", "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>\n<html")
    assert '<meta charset="utf-8">' in page
    assert "<style>" in page and "@page { size: A4" in page
    # Nothing is fetched: no link, script, image or web font.
    for outside in ("http://", "https://", "<link", "<script", "<img", "url("):
        assert outside not in page
    assert "<title>Quote 1 — 华联 &lt;Hualian&gt; | Retail</title>" in page
    assert '<div class="name">华联 &lt;Hualian&gt; | Retail</div>' in page
    assert (
        '<tr><td class="num">3</td><td>Cabling *cat6*</td><td class="num">2.5</td><td></td>'
        '<td class="num">40.00</td><td class="num"></td><td class="num">13%</td>'
        '<td class="num">100.00</td></tr>'
    ) in page
    assert (
        '<tr class=strong><td>Total incl. tax (CNY)</td><td class="num">2,384.64</td></tr>'
    ) in page
    assert '<div class="text">Payment 30% on order.\n价格含运费。</div>' in page
    # Internal figures stay out of what the customer receives.
    assert "Margin" not in page and "60.00" not in page


def test_a_tax_included_quote_shows_the_gross_then_the_tax_it_holds(book: Cli) -> None:
    book.ok("quote", "new", "--account", "华联", "--tax-included")
    book.ok("quote", "line", "add", "2", "--text", "Support", "--price", "113", "--tax", "13%")
    text = book.ok("quote", "render", "2").stdout
    totals = text.split("## Totals\n\n")[1].split("\n\n")[0]
    assert totals == (
        "|  | CNY |\n| --- | ---: |\n"
        "| **Total incl. tax (CNY)** | **113.00** |\n"
        "| of which tax 13% | 13.00 |\n"
        "| Net excl. tax | 100.00 |"
    )
    assert "| Prices | CNY, including tax |" in text


def test_an_old_version_says_it_is_superseded(book: Cli) -> None:
    book.ok("quote", "send", "1")
    book.ok("quote", "revise", "1")
    old = book.ok("quote", "render", "1", "--version", "1").stdout
    assert old.startswith(
        "# Quote 1, version 1\n\n**Superseded: version 2 replaces this version.**\n"
    )
    assert book.ok("quote", "render", "1").stdout.startswith("# Quote 1, version 2\n\n**From**")


def test_without_settings_the_document_leaves_the_seller_out(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("quote", "new", "--account", "Acme")
    text = cli.ok("quote", "render", "1").stdout
    assert text.startswith("# Quote 1\n\n**To**\n\nAcme\n\n")
    assert "## Lines\n\n(no lines yet)\n" in text
    assert "## Terms" not in text


def test_a_file_is_written_private_and_never_over_an_existing_one(
    book: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "quote-1.html"
    result = book.ok("quote", "render", "1", "-o", str(target))
    assert result.stdout == ""
    assert result.stderr == f"wrote quote 1 v1 to {target}\n"
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")  # the .html name chose the format
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.write_text("edited by hand", encoding="utf-8")
    refused = book("quote", "render", "1", "-o", str(target))
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (1, f"error: {target} exists")
    assert target.read_text(encoding="utf-8") == "edited by hand"
    book.ok("quote", "render", "1", "-o", str(target), "--format", "md", "--force")
    assert target.read_text(encoding="utf-8") == MARKDOWN


def test_bad_input_is_refused_with_nothing_written(book: Cli, tmp_path: Path) -> None:
    target = tmp_path / "q.md"
    missing = book("quote", "render", "9", "-o", str(target))
    assert (missing.exit_code, missing.stderr.splitlines()[0]) == (1, "error: no quote 9")
    no_version = book("quote", "render", "1", "--version", "3", "-o", str(target))
    assert no_version.stderr.splitlines()[0] == "error: quote 1 has no version 3"
    bad_format = book("quote", "render", "1", "--format", "pdf", "-o", str(target))
    assert bad_format.exit_code == 2
    assert not target.exists()
