"""Import rules found in review: empty cells keep existing values where a new record
would get a default; update sheets cannot skip or refuse; events say which rows came."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import Cli


def _lead(cli: Cli, lead_id: int) -> dict[str, object]:
    data = json.loads(cli.ok("lead", "show", str(lead_id), "--json").stdout)
    return data["lead"]


def test_empty_status_and_owner_cells_leave_an_existing_lead_alone(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("lead", "add", "Wang Wei", "--company", "Acme")
    cli.ok("lead", "touch", "1", "--note", "called")
    sheet = tmp_path / "leads.csv"
    sheet.write_text("id,name,status,owner\n1,Wang Wei,,\n2,Li Na,,\n", encoding="utf-8")
    result = cli.ok("lead", "import", str(sheet), rep="bob")
    assert result.stderr == "imported 2 leads: 1 new, 0 updated, 1 unchanged\n"
    kept = _lead(cli, 1)
    assert (kept["status"], kept["owner"]) == ("contacted", "alice")
    added = _lead(cli, 2)
    assert (added["status"], added["owner"]) == ("new", "bob")


def test_a_filled_cell_still_updates_status_and_owner(cli: Cli, tmp_path: Path) -> None:
    cli.ok("lead", "add", "Wang Wei")
    sheet = tmp_path / "leads.csv"
    sheet.write_text("id,name,status,owner\n1,Wang Wei,contacted,bob\n", encoding="utf-8")
    assert cli.ok("lead", "import", str(sheet)).stderr == "imported 1 lead: 0 new, 1 updated\n"
    assert (_lead(cli, 1)["status"], _lead(cli, 1)["owner"]) == ("contacted", "bob")


def test_an_update_sheet_cannot_skip_or_refuse(cli: Cli, tmp_path: Path) -> None:
    cli.ok("lead", "add", "Wang Wei", "--phone", "1")
    sheet = tmp_path / "phones.csv"
    sheet.write_text("id,phone\n1,2\n", encoding="utf-8")
    for mode in ("skip", "error"):
        result = cli("lead", "import", str(sheet), "--on-conflict", mode)
        assert result.exit_code == 2
        assert result.stderr.startswith(
            f"error: --on-conflict {mode} does not apply to {sheet}: without a name column"
        )
    assert _lead(cli, 1)["phone"] == "1"
    assert cli.ok("lead", "import", str(sheet)).stderr == "imported 1 lead: 0 new, 1 updated\n"
    assert _lead(cli, 1)["phone"] == "2"


def test_the_import_event_names_the_new_rows(cli: Cli, tmp_path: Path) -> None:
    cli.ok("lead", "add", "Earlier")
    sheet = tmp_path / "leads.csv"
    sheet.write_text("name\nA\nB\nC\n", encoding="utf-8")
    cli.ok("lead", "import", str(sheet))
    with sqlite3.connect(cli.db) as connection:
        (changes,) = connection.execute(
            "SELECT changes FROM event WHERE action = 'import'"
        ).fetchone()
    assert json.loads(changes) == {
        "file": str(sheet),
        "inserted": 3,
        "updated": 0,
        "inserted_ids": [2, 4],
    }
