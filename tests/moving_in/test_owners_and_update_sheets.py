"""Moving in from another CRM (issue 17): a file without an owner column says whose the
new deals became, a column that looks like the owner is named, and a file read as an
update sheet by accident says so and how to add its rows instead."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli
from tests.moving_in.helpers import write


def test_no_owner_column_says_who_got_every_deal(cli: Cli, tmp_path: Path) -> None:
    text = "Deal Name,Deal Stage\nA,prospect\nB,prospect\nC,prospect\n"
    result = cli.ok("opp", "import", str(write(tmp_path / "x.csv", text)))
    assert result.stderr == (
        "imported 3 deals: 3 new, 0 updated\n"
        "all 3 new deals assigned to alice (the file has no owner column)\n"
    )


def test_an_owner_column_under_an_unknown_name_is_named(cli: Cli, tmp_path: Path) -> None:
    text = "Deal Name,Deal Stage,Salesperson\nA,prospect,Bob Li\n"
    result = cli("opp", "import", str(write(tmp_path / "x.csv", text)))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path / 'x.csv'}: no owner column, but 'Salesperson' looks like one:"
        " without it every record would be alice's\n"
        "hint: read it as the owner with --map 'Salesperson=owner' (with --create-missing for"
        " reps the book lacks), or ignore it with --map 'Salesperson=-'\n"
    )
    cli.ok("opp", "import", str(tmp_path / "x.csv"), "--map", "Salesperson=owner")
    deals = json.loads(cli.ok("opp", "list", "--all", "--json").stdout)
    assert [deal["owner"] for deal in deals] == ["bob"]


def test_an_owner_column_the_book_knows_says_nothing_more(cli: Cli, tmp_path: Path) -> None:
    text = "Deal Name,Deal Stage,Deal Owner\nA,prospect,bob\n"
    result = cli.ok("opp", "import", str(write(tmp_path / "x.csv", text)))
    assert result.stderr == "imported 1 deal: 1 new, 0 updated\n"


def test_a_lead_file_without_owners_says_so_too(cli: Cli, tmp_path: Path) -> None:
    text = "Name,Company\nWang Wei,Huawei\n"
    result = cli.ok("lead", "import", str(write(tmp_path / "l.csv", text)))
    assert "1 new lead assigned to alice (the file has no owner column)" in result.stderr


def test_an_accidental_update_sheet_says_how_to_add_the_rows(cli: Cli, tmp_path: Path) -> None:
    """A HubSpot export with 'Record ID' (an external id) and 'Title' for the name."""
    text = "Record ID,Title,Deal Stage\n9001,Cloud migration,prospect\n9002,Pilot,prospect\n"
    path = write(tmp_path / "hs.csv", text)
    result = cli("opp", "import", str(path))
    assert result.exit_code == 1
    assert "line 2: external_id: no opportunity 9001" in result.stderr
    assert "line 3: external_id: no opportunity 9002" in result.stderr
    assert (
        "hint: without a name column this file was read as changes to existing opportunity"
        " records, found by external_id; to add its rows as new ones, read the column that"
        " holds the name with --map 'COLUMN=name'"
    ) in result.stderr
    cli.ok("opp", "import", str(path), "--map", "Title=name")
    deals = json.loads(cli.ok("opp", "list", "--all", "--json").stdout)
    assert sorted(deal["name"] for deal in deals) == ["Cloud migration", "Pilot"]


def test_the_public_pipeline_data_sets_sales_agent_and_close_value(
    cli: Cli, tmp_path: Path
) -> None:
    """The public sales-pipeline data set: sales_agent is its owner, close_value its amount."""
    text = (
        "opportunity_id,sales_agent,account,deal_stage,close_value\n"
        "1C1I7A6R,Bob Li,Cancity,prospect,1054\n"
    )
    path = write(tmp_path / "pipeline.csv", text)
    args = ("opp", "import", str(path), "--create-missing", "--map", "opportunity_id=name")
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: {path}: no owner column, but 'sales_agent' looks like one:"
        " without it every record would be alice's\n"
        "hint: read it as the owner with --map 'sales_agent=owner'"
    )
    result = cli.ok(*args, "--map", "sales_agent=owner")
    assert "ignored columns" not in result.stderr
    deals = json.loads(cli.ok("opp", "list", "--all", "--json").stdout)
    assert [(deal["name"], deal["owner"], deal["amount"]) for deal in deals] == [
        ("1C1I7A6R", "bob", 1054.0)
    ]
