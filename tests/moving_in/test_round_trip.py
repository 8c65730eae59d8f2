"""Moving in from another CRM (issue 17): a closed deal imported without its history has
an unknown stage before closing. Export writes that step as unknown, so that exporting
and importing into a new book invents no conversion history: the files are identical
and the funnel, the reps report and the learned forecast stay as they were."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import Cli

CLOSED_DEALS = (
    "Deal Name,Account,Amount,Deal Stage,Created Date,Closed Date,Deal Owner\n"
    "ERP rollout,Globex,48000,won,2026-03-02,2026-09-30,bob\n"
    "Data warehouse,Initech,15000,lost,2026-02-10,2026-07-15,bob\n"
    "Cloud migration,Acme,9000,proposal,2026-10-01,,alice\n"
)


def book(path: Path) -> Cli:
    runner = Cli(path)
    runner.ok("rep", "add", "alice", "--name", "Alice Chen", rep=None)
    runner.ok("rep", "add", "bob", "--name", "Bob Li", rep=None)
    return runner


def figures(cli: Cli) -> list[object]:
    return [
        json.loads(cli.ok(*args, "--json").stdout)
        for args in (
            ("opp", "funnel", "--all"),
            ("report", "reps"),
            ("forecast", "--learned", "--all"),
        )
    ]


def test_export_import_export_is_identical_and_invents_no_history(tmp_path: Path) -> None:
    first = book(tmp_path / "first.db")
    source = tmp_path / "crm.csv"
    source.write_text(CLOSED_DEALS, encoding="utf-8")
    first.ok("opp", "import", str(source), "--create-missing")
    exported = tmp_path / "first.csv"
    first.ok("opp", "export", str(exported))
    text = exported.read_text(encoding="utf-8")
    assert "2026-03-02 prospect; 2026-09-30 won (from an unknown stage)" in text
    assert "2026-02-10 prospect; 2026-07-15 lost (from an unknown stage)" in text

    second = book(tmp_path / "second.db")
    second.ok("opp", "import", str(exported), "--create-missing")
    again = tmp_path / "second.csv"
    second.ok("opp", "export", str(again))
    assert again.read_bytes() == exported.read_bytes()
    assert figures(second) == figures(first)
    with sqlite3.connect(tmp_path / "second.db") as db:
        moves = db.execute("SELECT move FROM stage_change ORDER BY id").fetchall()
    assert sorted(move for (move,) in moves) == ["import", "import", "open", "open", "open"]


def test_a_known_step_before_closing_stays_a_real_move(tmp_path: Path) -> None:
    cli = book(tmp_path / "book.db")
    sheet = tmp_path / "history.csv"
    sheet.write_text(
        "name,stage,history\nERP,won,2026-03-02 prospect; 2026-05-01 proposal; 2026-09-30 won\n",
        encoding="utf-8",
    )
    cli.ok("opp", "import", str(sheet))
    out = tmp_path / "out.csv"
    cli.ok("opp", "export", str(out))
    text = out.read_text(encoding="utf-8")
    assert "2026-03-02 prospect; 2026-05-01 proposal; 2026-09-30 won" in text
    assert "unknown" not in text
