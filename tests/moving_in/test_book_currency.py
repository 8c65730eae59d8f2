"""The currency is the book's (issue 17): stored in the book, so two users of one book,
each with a config file of their own, never import amounts in two currencies."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from salescli import config
from tests.conftest import Cli
from tests.moving_in.helpers import by_name, write

USD_FILE = "Deal Name,Deal Stage,Amount,Currency\nAustin,prospect,1000,USD\n"
CNY_FILE = "Deal Name,Deal Stage,Amount,Currency\nShanghai,prospect,100,CNY\n"


def shown_currency(cli: Cli) -> dict[str, str]:
    shown = json.loads(cli.ok("config", "show", "--json").stdout)
    [row] = [row for row in shown if row["key"] == "currency"]
    return dict(row)


def test_config_set_currency_writes_the_book_not_the_users_file(
    cli: Cli, tmp_path: Path, db_path: Path
) -> None:
    result = cli.ok("config", "set", "currency", "usd")
    assert result.stderr == f"currency = USD (in the book {db_path})\n"
    assert config.book_currency() is None  # nothing in this user's config file
    connection = sqlite3.connect(db_path)
    assert connection.execute("SELECT key, value FROM book_setting").fetchall() == [
        ("currency", "USD")
    ]
    connection.close()
    assert shown_currency(cli) == {"key": "currency", "value": "USD", "source": "book"}


def test_a_second_user_with_another_currency_is_refused(cli: Cli, tmp_path: Path) -> None:
    cli.ok("config", "set", "currency", "USD")
    cli.ok("opp", "import", str(write(tmp_path / "usd.csv", USD_FILE)))
    config.set_config_value("currency", "CNY")  # another user's config file
    result = cli("opp", "import", str(write(tmp_path / "cny.csv", CNY_FILE)), rep="bob")
    assert result.exit_code == 1
    assert "line 2: currency: CNY is not the book's currency (USD)" in result.stderr
    assert by_name(cli, "amount") == {"Austin": 1000.0}


def test_a_config_file_currency_from_before_is_taken_into_the_book(
    cli: Cli, tmp_path: Path
) -> None:
    config.set_config_value("currency", "USD")
    assert shown_currency(cli) == {"key": "currency", "value": "USD", "source": "config"}
    cli.ok("opp", "import", str(write(tmp_path / "usd.csv", USD_FILE)))
    assert shown_currency(cli) == {"key": "currency", "value": "USD", "source": "book"}
    config.set_config_value("currency", "CNY")  # the file changes; the book does not
    assert shown_currency(cli) == {"key": "currency", "value": "USD", "source": "book"}


def test_a_refused_import_does_not_fix_the_books_currency(cli: Cli, tmp_path: Path) -> None:
    config.set_config_value("currency", "USD")
    result = cli("opp", "import", str(write(tmp_path / "cny.csv", CNY_FILE)))
    assert result.exit_code == 1
    assert shown_currency(cli)["source"] == "config"


def test_changing_the_books_currency_warns_that_amounts_are_not_converted(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("config", "set", "currency", "USD")
    cli.ok("opp", "import", str(write(tmp_path / "usd.csv", USD_FILE)))
    result = cli.ok("config", "set", "currency", "CNY")
    assert result.stderr.startswith(
        "warning: amounts are not converted: the book's 1 deal in USD now read as CNY\n"
    )
    cli.ok("config", "unset", "currency")
    assert shown_currency(cli) == {"key": "currency", "value": None, "source": "default"}


def test_prices_are_in_the_books_currency(cli: Cli) -> None:
    cli.ok("config", "set", "currency", "USD")
    cli.ok("product", "add", "SKU-1", "Switch", "--price", "$100")
    result = cli("product", "add", "SKU-2", "Router", "--price", "¥100")
    assert result.exit_code == 1
    assert "error: '¥100' is in CNY; this book's currency is USD" in result.stderr
