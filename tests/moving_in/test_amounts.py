"""Moving in from another CRM (issue 17): amounts are read in the file's number format and
currency, or refused naming --decimal, --rate or the book's currency; never added across
currencies or misread as a hundredth of themselves."""

from __future__ import annotations

import json
from pathlib import Path

from salescli import config
from tests.conftest import Cli
from tests.moving_in.helpers import by_name, write

# A Salesforce report export of a multi-currency org: labels, a currency column.
MULTI_CURRENCY = (
    "Opportunity Name,Stage,Amount,Opportunity Currency\n"
    'Bogotá rollout,prospect,"COP 48,000,000.00",COP\n'
    'Monterrey pilot,prospect,"MXN 250,000.00",MXN\n'
    'Austin renewal,prospect,"USD 12,000.00",USD\n'
)


def amounts(cli: Cli) -> dict[str, float]:
    return by_name(cli, "amount")


def test_a_dot_and_three_digits_is_refused_without_decimal(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "eu.csv", "Deal Name,Deal Stage,Amount\nBerlin,prospect,1.500\n")
    result = cli("opp", "import", str(path))
    assert result.exit_code == 1
    assert "line 2: amount: '1.500' could be read two ways (say how the file writes numbers:" in (
        result.stderr
    )
    assert "--decimal ," in result.stderr
    assert amounts(cli) == {}


def test_european_numbers_with_decimal_comma(cli: Cli, tmp_path: Path) -> None:
    text = "Deal Name;Deal Stage;Amount\nBerlin;prospect;1.500\nParis;prospect;1.500,00\nLyon;prospect;2,5\n"
    path = write(tmp_path / "eu.csv", text)
    cli.ok("opp", "import", str(path), "--decimal", ",")
    assert amounts(cli) == {"Berlin": 1500.0, "Paris": 1500.0, "Lyon": 2.5}


def test_decimal_dot_reads_one_and_a_half(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "us.csv", "Deal Name,Deal Stage,Amount\nBoston,prospect,1.500\n")
    cli.ok("opp", "import", str(path), "--decimal", ".")
    assert amounts(cli) == {"Boston": 1.5}


def test_a_bad_decimal_mark_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "us.csv", "Deal Name,Deal Stage,Amount\nBoston,prospect,1\n")
    result = cli("opp", "import", str(path), "--decimal", ";")
    assert result.exit_code == 2
    assert "--decimal must be . or , not ';'" in result.stderr


def test_three_currencies_are_not_added_together(cli: Cli, tmp_path: Path) -> None:
    config.set_config_value("currency", "USD")
    path = write(tmp_path / "sf.csv", MULTI_CURRENCY)
    result = cli("opp", "import", str(path))
    assert result.exit_code == 1
    assert (
        "line 2: currency: COP is not the book's currency (USD); convert it with"
        " --rate COP=RATE (1 COP in USD)"
    ) in result.stderr
    assert "line 3: currency: MXN is not the book's currency" in result.stderr
    assert "line 4" not in result.stderr
    # no --keep-currency: a deal has no currency of its own
    assert result.stderr.endswith(
        "hint: deals carry the book's currency (totals never add two): give --rate CODE=RATE"
        " for each other currency in the file\n"
    )
    assert amounts(cli) == {}


def test_rates_convert_into_the_books_currency(cli: Cli, tmp_path: Path) -> None:
    config.set_config_value("currency", "USD")
    path = write(tmp_path / "sf.csv", MULTI_CURRENCY)
    cli.ok("opp", "import", str(path), "--rate", "COP=0.00025", "--rate", "MXN=0.058")
    assert amounts(cli) == {
        "Bogotá rollout": 12000.0,
        "Monterrey pilot": 14500.0,
        "Austin renewal": 12000.0,
    }


def test_a_currency_without_the_books_currency_set_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "hs.csv", "Deal Name,Deal Stage,Amount,Currency\nX,prospect,100,EUR\n")
    result = cli("opp", "import", str(path))
    assert result.exit_code == 1
    assert (
        "line 2: currency: the file's amounts are in EUR, but the book's currency is not set"
        " (salescli config set currency EUR, if the book is in EUR)"
    ) in result.stderr


def test_a_code_in_the_cell_must_agree_with_the_currency_column(cli: Cli, tmp_path: Path) -> None:
    config.set_config_value("currency", "EUR")
    text = "Deal Name,Deal Stage,Amount,Currency\nX,prospect,USD 100,EUR\n"
    result = cli("opp", "import", str(write(tmp_path / "x.csv", text)))
    assert result.exit_code == 1
    assert "line 2: amount: is in USD, but the row's currency is EUR" in result.stderr


def test_a_symbol_must_agree_with_the_books_currency(cli: Cli, tmp_path: Path) -> None:
    config.set_config_value("currency", "CNY")
    text = "Deal Name,Deal Stage,Amount\nA,prospect,¥1200\nB,prospect,€300\nC,prospect,$5\n"
    result = cli("opp", "import", str(write(tmp_path / "x.csv", text)))
    assert result.exit_code == 1
    assert (
        "line 3: currency: EUR is not the book's currency (CNY); convert it with"
        " --rate EUR=RATE (1 EUR in CNY)\n"
        "line 4: amount: '$5' is written with $, which is not CNY; $ is USD, MXN, ...:"
        " say which with --currency CODE and convert it with --rate CODE=RATE"
        " (e.g. --currency USD --rate USD=RATE)\n"
    ) in result.stderr
    assert "line 2" not in result.stderr


# A Salesforce report export: labels, $ and € amounts, no currency column.
SYMBOLS = (
    "Opportunity Name,Stage,Amount\n"
    'Austin renewal,prospect,"$48,000.00"\n'
    'Berlin pilot,prospect,"1,000.00 €"\n'
)


def test_euro_amounts_convert_with_their_rate(cli: Cli, tmp_path: Path) -> None:
    cli.ok("config", "set", "currency", "CNY")
    text = 'Opportunity Name,Stage,Amount\nBerlin pilot,prospect,"1,000.00 €"\n'
    cli.ok("opp", "import", str(write(tmp_path / "eur.csv", text)), "--rate", "EUR=7.7")
    assert amounts(cli) == {"Berlin pilot": 7700.0}


def test_dollar_amounts_need_the_files_currency(cli: Cli, tmp_path: Path) -> None:
    cli.ok("config", "set", "currency", "CNY")
    path = write(tmp_path / "report.csv", SYMBOLS)
    result = cli("opp", "import", str(path), "--rate", "USD=7.1", "--rate", "EUR=7.7")
    assert result.exit_code == 1
    assert (
        "line 2: amount: '$48,000.00' is written with $, which is not CNY; $ is USD, MXN, ...:"
        " say which with --currency CODE"
    ) in result.stderr
    assert "line 3" not in result.stderr
    assert amounts(cli) == {}
    cli.ok(
        "opp", "import", str(path), "--currency", "USD", "--rate", "USD=7.1", "--rate", "EUR=7.7"
    )
    assert amounts(cli) == {"Austin renewal": 340800.0, "Berlin pilot": 7700.0}


def test_the_files_currency_is_a_code(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "report.csv", SYMBOLS)
    result = cli("opp", "import", str(path), "--currency", "dollars")
    assert result.exit_code == 2
    assert "--currency must be a three-letter ISO code, not 'dollars'" in result.stderr


def test_rows_in_the_books_currency_import_as_they_are(cli: Cli, tmp_path: Path) -> None:
    config.set_config_value("currency", "USD")
    text = 'Deal Name,Deal Stage,Amount,CurrencyIsoCode\nA,prospect,"$48,000.00",USD\nB,prospect,USD 10,\n'
    cli.ok("opp", "import", str(write(tmp_path / "x.csv", text)))
    assert amounts(cli) == {"A": 48000.0, "B": 10.0}


def test_lead_budgets_follow_the_same_rules(cli: Cli, tmp_path: Path) -> None:
    config.set_config_value("currency", "CNY")
    text = "Name,Company,Budget,Currency\nWang Wei,Huawei,1.500,CNY\nAnna,Acme,100,EUR\n"
    result = cli("lead", "import", str(write(tmp_path / "l.csv", text)))
    assert result.exit_code == 1
    assert "line 2: budget: '1.500' could be read two ways" in result.stderr
    assert "line 3: currency: EUR is not the book's currency (CNY)" in result.stderr


def test_the_currency_setting_is_a_code(cli: Cli) -> None:
    result = cli("config", "set", "currency", "dollars")
    assert result.exit_code == 1
    assert "currency must be a three-letter ISO code, not 'dollars'" in result.stderr
    cli.ok("config", "set", "currency", "cny")
    shown = json.loads(cli.ok("config", "show", "--json").stdout)
    assert {"key": "currency", "value": "CNY", "source": "book"} in shown
