"""The book's yearly retention that `account show` projects lifetime value with is kept in
the book between commands (``won_deal_version``) and kept right through every change to
the won deals a rep makes: each step below is checked against a count of the purchases
made here in the test, not against the product's own figure (today 2026-11-23)."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.value.conftest import Purchase, load_purchases

# Active in the year before (2024-11-24 to 2025-11-23): Keep, Half and Gone; Keep and
# Half bought again this year.
HISTORY: list[Purchase] = [
    ("Keep", "1000", "2025-03-01"),
    ("Keep", "900", "2026-06-01"),
    ("Half", "1000", "2025-05-01"),
    ("Half", "500", "2026-09-01"),
    ("Gone", "2000", "2025-02-01"),
    ("Fresh", "300", "2026-10-01"),
]


def retention_of(purchases: list[Purchase], today: date) -> float:
    """The retention rate (percent, four decimals) counted from the purchases alone."""
    year = date(today.year - 1, today.month, today.day).isoformat()
    two = date(today.year - 2, today.month, today.day).isoformat()
    before = {name for name, _, day in purchases if two < day <= year}
    again = {name for name, _, day in purchases if year < day <= today.isoformat()}
    return round(100 * len(before & again) / len(before), 4)


def shown_retention(cli: Cli, account: str = "Keep") -> float:
    shown = json.loads(cli.ok("account", "show", account, "--json").stdout)
    rate: float = shown["value"]["lifetime"]["retention_rate"]
    return rate


def kept(path: Path) -> tuple[int, str | None, int | None, int | None]:
    """The version of the won deals, and the day, retained and active customers kept."""
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT version, retention_on, retained, active FROM won_deal_version"
        ).fetchone()
    connection.close()
    return row  # type: ignore[no-any-return]


def deal_id(cli: Cli, name: str) -> str:
    found = json.loads(cli.ok("opp", "list", "--all", "--status", "won", "--json").stdout)
    return str(next(deal["id"] for deal in found if deal["name"] == name))


def test_account_show_keeps_the_rate_and_counts_again_after_each_change(
    cli: Cli, tmp_path: Path
) -> None:
    load_purchases(cli, tmp_path, HISTORY)
    today = cli.today
    assert shown_retention(cli) == retention_of(HISTORY, today) == 66.6667
    version = kept(cli.db)[0]
    assert kept(cli.db)[1:] == ("2026-11-23", 2, 3)
    assert shown_retention(cli, "Half") == 66.6667  # read from the book: unchanged

    # An open deal is no purchase: the version stays, the kept counts serve.
    cli.ok("opp", "add", "Gone", "Renewal", "--amount", "700", "--close", "2026-12-20")
    assert kept(cli.db)[0] == version

    # Won today, Gone bought again: 3 of 3.
    renewal = json.loads(cli.ok("opp", "list", "--all", "--json").stdout)[0]["id"]
    cli.ok("opp", "win", str(renewal), "--summary", "renewed")
    won = [*HISTORY, ("Gone", "700", today.isoformat())]
    assert kept(cli.db)[0] > version
    assert kept(cli.db)[1:] == ("2026-11-23", 3, 3)  # kept right by the win itself
    assert shown_retention(cli) == retention_of(won, today) == 100.0

    # Deleted as a mistake, then put back.
    cli.ok("opp", "delete", str(renewal), "--yes")
    assert shown_retention(cli) == retention_of(HISTORY, today) == 66.6667
    cli.ok("undo")
    assert shown_retention(cli) == retention_of(won, today) == 100.0

    # Gone merged into Keep: its purchases are Keep's, two customers were active.
    cli.ok("account", "merge", "Keep", "Gone", "--yes", rep="maria")
    merged = [("Keep" if name == "Gone" else name, amount, day) for name, amount, day in won]
    assert shown_retention(cli) == retention_of(merged, today) == 100.0

    # A close date moved by an import, into the year before: Half did not buy again.
    half = deal_id(cli, "Deal 4")
    moved = tmp_path / "moved.csv"
    moved.write_text(f"id,opened_on,closed_on\n{half},2025-09-01,2025-09-01\n", encoding="utf-8")
    cli.ok("opp", "import", str(moved), rep="maria")
    assert kept(cli.db)[1:] == ("2026-11-23", 1, 2)  # kept right through the import
    later = [
        (name, amount, "2025-09-01" if (name, amount) == ("Half", "500") else day)
        for name, amount, day in merged
    ]
    assert shown_retention(cli) == retention_of(later, today) == 50.0

    # Another day, other years: counted again for it.
    tomorrow = Cli(cli.db, today=date(2027, 3, 2))
    assert shown_retention(tomorrow) == retention_of(later, date(2027, 3, 2))
    assert kept(cli.db)[1] == "2027-03-02"


def test_a_book_open_to_read_only_shows_the_rate_and_is_not_written(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_purchases(cli, tmp_path, HISTORY)
    before = cli.db.read_bytes()
    real = os.access
    folder = cli.db.parent

    def access(path: os.PathLike[str] | str, mode: int, **options: object) -> bool:
        inside = Path(path) == folder or Path(path).parent == folder
        return False if inside and mode & os.W_OK else real(path, mode)

    monkeypatch.setattr(os, "access", access)
    assert shown_retention(cli) == 66.6667
    monkeypatch.undo()
    assert cli.db.read_bytes() == before
    assert kept(cli.db)[1] is None


def test_a_book_another_process_is_writing_is_read_without_waiting_for_it(
    cli: Cli, tmp_path: Path
) -> None:
    load_purchases(cli, tmp_path, HISTORY)
    writer = sqlite3.connect(cli.db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an import holding the write lock
    try:
        assert shown_retention(cli) == 66.6667
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert kept(cli.db)[1] is None  # not kept this time; the next command keeps it
    assert shown_retention(cli) == 66.6667
    assert kept(cli.db)[1:] == ("2026-11-23", 2, 3)


def test_a_load_bigger_than_the_book_forgets_the_counts_and_the_next_show_counts(
    cli: Cli, tmp_path: Path
) -> None:
    """Such a load drops the deals' indexes while it runs (bulk.REBUILD_INDEXES_FROM_ROWS):
    the triggers could only look deals up by reading the whole table, so the counts are
    forgotten first."""
    load_purchases(cli, tmp_path, HISTORY)
    assert shown_retention(cli) == 66.6667
    rows = 20_000
    big = tmp_path / "big.csv"
    big.write_text(
        "name,account,amount,stage,opened_on,closed_on,owner\n"
        + "".join(f"Old {n},Fresh,10,won,2023-01-01,2023-01-01,alice\n" for n in range(rows)),
        encoding="utf-8",
    )
    cli.ok("opp", "import", str(big), rep="maria")
    assert kept(cli.db)[1] is None
    assert shown_retention(cli) == retention_of(HISTORY, cli.today) == 66.6667
    assert kept(cli.db)[1:] == ("2026-11-23", 2, 3)
