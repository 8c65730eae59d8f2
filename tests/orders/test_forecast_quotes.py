"""`forecast --explain` names the deals whose amount comes from their accepted quote,
with the quote's number and version, and says when the deal was edited since."""

from __future__ import annotations

import json

from tests.conftest import Cli


def test_explain_names_the_accepted_quote_behind_a_deals_amount(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Controllers", "--amount", "1000", "--close", "2026-12-20")
    cli.ok("opp", "add", "Acme", "Sensors", "--amount", "700", "--close", "2026-12-21")
    cli.ok("opp", "add", "Acme", "Cables", "--amount", "300", "--close", "2026-12-22")
    cli.ok("opp", "add", "Acme", "Bob's", "--amount", "50", "--close", "2026-12-22", "--owner", "bob")  # fmt: skip
    for deal, price in (("1", "2000"), ("2", "900"), ("4", "10")):
        number = str(int(deal) if deal != "4" else 3)
        cli.ok("quote", "new", deal, rep="bob" if deal == "4" else "")
        cli.ok("quote", "line", "add", number, "--text", "Work", "--price", price, rep="bob" if deal == "4" else "")  # fmt: skip
        cli.ok("quote", "send", number, rep="bob" if deal == "4" else "")
    cli.ok("quote", "revise", "1")
    cli.ok("quote", "line", "edit", "1", "1", "--price", "1800")
    cli.ok("quote", "send", "1")
    cli.ok("quote", "accept", "1")
    cli.ok("quote", "accept", "2")
    cli.ok("quote", "accept", "3", rep="bob")
    cli.ok("opp", "edit", "2", "--amount", "950")  # edited after the quote was accepted
    shown = cli.ok("forecast", "--explain").stdout
    assert shown.split("Amounts from accepted quotes\n")[1] == (
        "ID  Deal         Account  Owner    Amount  From\n"
        " 1  Controllers  Acme     alice  1,800.00  quote 1 v2\n"
        " 2  Sensors      Acme     alice    950.00  quote 2 v1 (900.00; edited since)\n"
    )
    everyone = cli.ok("forecast", "--explain", "--all").stdout
    assert " 4  Bob's        Acme     bob       10.00  quote 3 v1\n" in everyone
    data = json.loads(cli.ok("forecast", "--json", "--explain").stdout)
    assert data["quoted"][0] == {
        "id": 1,
        "name": "Controllers",
        "account": "Acme",
        "owner": "alice",
        "amount": 1800,
        "quote": 1,
        "version": 2,
        "quote_net": 1800,
    }
    assert json.loads(cli.ok("forecast", "--json").stdout)["quoted"] == []
