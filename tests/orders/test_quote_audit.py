"""Gaps an audit of quotes found: accepting a quote shows in the deal's history, a
rendered quote with no seller is warned about, and the HTML page names its language."""

from __future__ import annotations

import json

from tests.conftest import Cli


def _quoted_deal(cli: Cli) -> None:
    """alice's deal 1 at Acme worth 38,000.00 and quote 1 on it, sent, net 9,600.00."""
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Line controllers", "--amount", "38000", "--close", "2027-01-31")
    cli.ok("product", "add", "SW-24", "Licence", "--price", "1200", "--tax", "13%")
    cli.ok("quote", "new", "1")
    cli.ok("quote", "line", "add", "1", "SW-24", "--qty", "8")
    cli.ok("quote", "send", "1")


def test_accepting_a_quote_shows_in_the_deals_history(cli: Cli) -> None:
    _quoted_deal(cli)
    cli.ok("quote", "revise", "1")
    cli.ok("quote", "send", "1")
    cli.ok("quote", "accept", "1", rep="maria")  # a manager accepts for alice
    assert cli.ok("opp", "show", "1").stdout == (
        "Opportunity 1: Line controllers\n"
        "  Status       open\n"
        "  Account      Acme (1)\n"
        "  Stage        Prospect (prospect), since 2026-11-23, 0d\n"
        "  Amount       9,600.00\n"
        "  Probability  36%\n"
        "  Close date   2027-01-31\n"
        "  Owner        alice\n"
        "  Opened       2026-11-23\n"
        "\n"
        "Stage history\n"
        "Date        Entered   Days there  From      By     Note\n"
        "2026-11-23  prospect   0d so far  (opened)  alice  opened\n"
        "\n"
        "Quotes accepted\n"
        "Date        By     What\n"
        "2026-11-23  maria  quote 1 v2 accepted: amount 38,000.00 → 9,600.00\n"
        "\n"
        "Quotes\n"
        "Quote  Ver.  Account  Deal                Status    Valid until       Net      Gross\n"
        "    1     2  Acme     1 Line controllers  accepted  2026-12-23   9,600.00  10,848.00\n"
    )
    shown = json.loads(cli.ok("opp", "show", "1", "--json").stdout)
    assert shown["accepted_quotes"] == [
        {
            "on_date": "2026-11-23",
            "rep": "maria",
            "quote": 1,
            "version": 2,
            "amount_before": 38000,
            "amount_after": 9600,
        }
    ]


def test_a_deal_with_no_accepted_quote_has_no_such_section(cli: Cli) -> None:
    _quoted_deal(cli)
    assert "Quotes accepted" not in cli.ok("opp", "show", "1").stdout
    assert json.loads(cli.ok("opp", "show", "1", "--json").stdout)["accepted_quotes"] == []


def test_rendering_with_no_company_name_warns_with_the_setting_to_fill(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("quote", "new", "--account", "Acme")
    result = cli.ok("quote", "render", "1")
    assert result.stdout.startswith("# Quote 1\n\n**To**\n\nAcme\n")
    assert result.stderr == (
        "warning: company.name is not set: the document names no seller;"
        " set it with 'salescli config set company.name NAME'\n"
    )
    cli.ok("config", "set", "company.name", "Yuntuo Networks")
    assert cli.ok("quote", "render", "1").stderr == ""


def test_the_html_page_is_english_unless_the_quote_holds_chinese(cli: Cli) -> None:
    cli.ok("config", "set", "company.name", "Yuntuo Networks")
    cli.ok("account", "add", "Acme")
    cli.ok("quote", "new", "--account", "Acme")
    cli.ok("quote", "line", "add", "1", "--text", "Installation", "--price", "500")
    page = cli.ok("quote", "render", "1", "--format", "html").stdout
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    cli.ok("quote", "line", "add", "1", "--text", "安装调试", "--price", "300")
    page = cli.ok("quote", "render", "1", "--format", "html").stdout
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh">\n')


def test_product_list_says_yes_or_no_in_active(cli: Cli) -> None:
    cli.ok("product", "add", "SW-24", "Licence", "--price", "1200", "--tax", "13%")
    cli.ok("product", "add", "OLD-1", "Old licence", "--price", "900")
    cli.ok("product", "deactivate", "OLD-1", rep="maria")
    listed = cli.ok("product", "list", "--all").stdout
    assert listed == (
        "Code   Name         Unit     Price  Cost  Tax  Active\n"
        "OLD-1  Old licence  pcs     900.00        0%   no\n"
        "SW-24  Licence      pcs   1,200.00        13%  yes\n"
    )
