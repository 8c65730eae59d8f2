"""Moving in from another CRM (issue 17): options that cannot work are refused once, up
front, and messages name the fix (audit v17, items 19 to 22)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli
from tests.moving_in.helpers import by_name, write

DEALS = "Deal Name,Deal Stage,Amount,Close Date\nBerlin,prospect,100,2026-12-01\n"


def test_a_decimal_comma_amount_names_decimal_comma(cli: Cli, tmp_path: Path) -> None:
    text = "Deal Name;Deal Stage;Amount\nParis;prospect;1.500,00\nBerlin;prospect;1.500\n"
    path = write(tmp_path / "eu.csv", text)
    result = cli("opp", "import", str(path))
    assert result.exit_code == 1
    assert (
        "line 2: amount: '1.500,00' is written with a decimal comma (read it with"
        " --decimal , (1.500,00 is 1500.00))\n"
        "line 3: amount: '1.500' could be read two ways"
    ) in result.stderr
    assert by_name(cli, "amount") == {}


def test_a_date_format_without_a_date_is_refused_up_front(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", DEALS)
    for pattern in ("%Q", "%d.%m"):
        result = cli("opp", "import", str(path), "--date-format", pattern)
        assert result.exit_code == 2, pattern
        assert result.stderr.startswith(f"error: --date-format '{pattern}' ")
        assert "line 2" not in result.stderr
    assert by_name(cli, "amount") == {}


def test_a_rate_for_the_books_own_currency_warns(cli: Cli, tmp_path: Path) -> None:
    cli.ok("config", "set", "currency", "USD")
    path = write(tmp_path / "x.csv", DEALS)
    result = cli.ok("opp", "import", str(path), "--rate", "USD=7.1")
    assert result.stderr.startswith(
        "warning: --rate USD=...: USD is the book's own currency, which is not converted\n"
    )
    assert by_name(cli, "amount") == {"Berlin": 100.0}


def test_an_invalid_value_map_target_is_refused_once(cli: Cli, tmp_path: Path) -> None:
    text = "Name,Lead Source\nA,Google\nB,Google\n"
    path = write(tmp_path / "leads.csv", text)
    result = cli("lead", "import", str(path), "--value-map", "Lead Source:Google=bogus")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --value-map 'Lead Source:google=bogus': ")
    assert "line 2" not in result.stderr
    assert result.stderr.count("\n") <= 2
