"""Export → change the stage column in a spreadsheet → import: the change is a stage move
made today, recorded in the history as `opp advance` or `opp back` would record it."""

from __future__ import annotations

import csv
import json
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Line", "--amount", "100", "--close", "2027-01-31")
    cli.ok("opp", "add", "Acme", "Spares", "--amount", "50", "--close", "2027-02-28")
    return replace(cli, today=date(2026, 12, 2))


def edit_sheet(book: Cli, tmp_path: Path, changes: dict[int, dict[str, str]]) -> Path:
    sheet = tmp_path / "deals.csv"
    book.ok("opp", "export", str(sheet))
    with sheet.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row.update(changes.get(int(row["id"]), {}))
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return sheet


def deal_of(book: Cli, deal: int) -> dict:  # type: ignore[type-arg]
    listed = json.loads(book.ok("opp", "list", "--all", "--status", "all", "--json").stdout)
    return next(row for row in listed if row["id"] == deal)  # type: ignore[no-any-return]


def moves(book: Cli, deal: int) -> list[tuple[str, str, str]]:
    with sqlite3.connect(book.db) as connection:
        return [
            (str(day), str(stage), str(move))
            for day, stage, move in connection.execute(
                "SELECT h.on_date, s.key, h.move FROM stage_change h JOIN stage s"
                " ON s.id = h.to_stage_id WHERE h.opportunity_id = ? ORDER BY h.on_date, h.id",
                (deal,),
            )
        ]


def test_a_stage_changed_in_a_sheet_is_a_move_made_today(book: Cli, tmp_path: Path) -> None:
    sheet = edit_sheet(book, tmp_path, {1: {"stage": "proposal"}})
    result = book.ok("opp", "import", str(sheet))
    assert "1 updated" in result.stderr
    assert moves(book, 1) == [
        ("2026-11-23", "prospect", "open"),
        ("2026-12-02", "proposal", "advance"),
    ]
    assert moves(book, 2) == [("2026-11-23", "prospect", "open")]
    deal = deal_of(book, 1)
    assert (deal["stage"], deal["stage_entered"], deal["days_in_stage"]) == (
        "proposal",
        "2026-12-02",
        0,
    )

    # The same sheet imported again finds the move made, and changes nothing.
    again = book.ok("opp", "import", str(sheet))
    assert "0 updated" in again.stderr
    assert len(moves(book, 1)) == 2


def test_the_moves_recorded_before_are_kept_as_they_were(book: Cli, tmp_path: Path) -> None:
    """Only the new move is written: the earlier ones keep their notes, who made them,
    and when (a rewrite used to turn every note into "imported")."""
    book.ok("opp", "advance", "1", "--note", "budget approved for this year")

    def recorded() -> list[tuple[object, ...]]:
        with sqlite3.connect(book.db) as connection:
            return connection.execute(
                "SELECT id, on_date, to_stage_id, note, rep_id, at FROM stage_change"
                " WHERE opportunity_id = 1 ORDER BY id"
            ).fetchall()

    before = recorded()
    sheet = edit_sheet(book, tmp_path, {1: {"stage": "negotiation"}})
    book.ok("opp", "import", str(sheet))
    after = recorded()
    assert after[: len(before)] == before
    assert len(after) == len(before) + 1


def test_a_stage_moved_back_in_a_sheet(book: Cli, tmp_path: Path) -> None:
    book.ok("opp", "advance", "1", "--to", "negotiation")
    sheet = edit_sheet(book, tmp_path, {1: {"stage": "proposal"}})
    book.ok("opp", "import", str(sheet))
    assert moves(book, 1)[-1] == ("2026-12-02", "proposal", "back")


def test_a_deal_lost_in_a_sheet_closes_today(book: Cli, tmp_path: Path) -> None:
    sheet = edit_sheet(book, tmp_path, {2: {"stage": "lost"}})
    book.ok("opp", "import", str(sheet))
    deal = deal_of(book, 2)
    assert (deal["status"], deal["closed_on"], deal["probability"]) == ("lost", "2026-12-02", 0)
    assert moves(book, 2)[-1] == ("2026-12-02", "lost", "lose")


def test_a_history_edited_to_disagree_is_still_refused(book: Cli, tmp_path: Path) -> None:
    sheet = edit_sheet(book, tmp_path, {1: {"stage": "proposal", "history": "2026-11-20 prospect"}})
    result = book("opp", "import", str(sheet))
    assert result.exit_code == 1
    assert "history: ends in prospect, but the stage is proposal" in result.stderr
    assert moves(book, 1) == [("2026-11-23", "prospect", "open")]
