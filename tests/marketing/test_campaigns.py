"""`salescli campaign ...`: plan, approval, costs, close, and attribution of leads and
deals. Today is pinned to Monday 2026-11-23."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Cli


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def book_state(db: Path) -> list[list[tuple[object, ...]]]:
    return [
        rows(db, f"SELECT * FROM {table} ORDER BY id")
        for table in ("campaign", "campaign_cost", "lead", "opportunity", "event")
    ]


@pytest.fixture
def expo(cli: Cli) -> Cli:
    cli.ok("campaign", "add", "Expo 2027", "--type", "展会", "--region", "East",
           "--start", "2026-12-01", "--end", "2026-12-03", "--budget", "80,000")  # fmt: skip
    return cli


def test_a_campaign_goes_from_plan_to_completed(expo: Cli) -> None:
    refused = expo("campaign", "approve", "Expo 2027")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: only a manager may approve a campaign; alice is a rep")
    expo.ok("campaign", "approve", "Expo", rep="maria")
    expo.ok("campaign", "start", "1")
    expo.ok("campaign", "cost", "1", "24000", "--on", "2026-11-23", "--note", "stand")
    expo.ok("campaign", "cost", "1", "1.2万", "--on", "2026-11-30", "--note", "flights")
    closed = expo.ok("campaign", "close", "1", "--attendance", "240")
    assert closed.stderr == "campaign 1: Expo 2027 closed, now completed\n"
    data = json.loads(expo.ok("campaign", "show", "1", "--json").stdout)["campaign"]
    assert (data["status"], data["cost"], data["budget"], data["attendance"]) == (
        "completed",
        36000,
        80000,
        240,
    )
    assert (data["type"], data["approved_by"], data["closed_on"]) == (
        "trade-show",
        "maria",
        "2026-11-23",
    )
    again = expo("campaign", "start", "1")
    assert again.exit_code == 1
    assert again.stderr.startswith("error: campaign 1 is completed; it cannot be started")


def test_campaign_show_lists_costs_leads_and_deals(expo: Cli) -> None:
    expo.ok("campaign", "cost", "Expo", "500", "--note", "badges")
    expo.ok("lead", "add", "Wang Wei", "--company", "Huawei", "--campaign", "Expo 2027")
    expo.ok("lead", "add", "Li Na", "--campaign", "1")
    expo.ok("lead", "convert", "1", "--force", "--amount", "9000")
    expo.ok("account", "add", "Acme")
    expo.ok("opp", "add", "Acme", "Retrofit", "--amount", "5000", "--close", "+1m")
    expo.ok("opp", "edit", "2", "--campaign", "expo")
    expo.ok("opp", "win", "2", "--summary", "met at the stand")
    assert expo.ok("campaign", "show", "Expo").stdout == (
        "Campaign 1: Expo 2027\n"
        "  Type     trade-show\n"
        "  Region   East\n"
        "  Status   planned\n"
        "  Dates    2026-12-01 to 2026-12-03\n"
        "  Budget   80,000.00\n"
        "  Cost     500.00\n"
        "  Owner    alice\n"
        "  Planned  2026-11-23\n"
        "\n"
        "Costs\n"
        "Date        Amount  Note    By\n"
        "2026-11-23  500.00  badges  alice\n"
        "\n"
        "Leads\n"
        "ID  Name      Company  Status     Deal  Owner\n"
        " 1  Wang Wei  Huawei   converted     1  alice\n"
        " 2  Li Na              new              alice\n"
        "\n"
        "Deals\n"
        "ID  Name                Account  Status    Amount  Owner\n"
        " 1  Huawei: first deal  Huawei   open    9,000.00  alice\n"
        " 2  Retrofit            Acme     won     5,000.00  alice\n"
    )
    deal = json.loads(expo.ok("opp", "show", "1", "--json").stdout)["opportunity"]
    assert (deal["campaign_id"], deal["campaign"]) == (1, "Expo 2027")
    expo.ok("opp", "edit", "2", "--campaign", "")
    assert rows(expo.db, "SELECT campaign_id FROM opportunity ORDER BY id") == [(1,), (None,)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("campaign", "cost", "1", "0"), "error: a cost of 0 records nothing"),
        (
            ("campaign", "cost", "1", "10", "--on", "2026-11-01"),
            "error: a cost dated 2026-11-01 is before campaign 1 was planned (2026-11-23)",
        ),
        (("campaign", "cost", "Fair", "10"), "error: no campaign matches 'Fair'"),
        (("campaign", "show", "9"), "error: no campaign matches '9'"),
        (("lead", "add", "X", "--campaign", "Fair"), "error: no campaign matches 'Fair'"),
        (
            ("campaign", "add", "expo 2027"),
            "error: campaign 'Expo 2027' already exists (id 1)",
        ),
        (
            ("campaign", "add", "Late", "--start", "2026-12-02", "--end", "2026-12-01"),
            "error: a campaign cannot end (2026-12-01) before it starts (2026-12-02)",
        ),
        (("campaign", "cost", "1", "10", "--as", "bob"), None),
    ],
)
def test_bad_campaign_input_is_one_line_and_writes_nothing(
    expo: Cli, args: tuple[str, ...], message: str | None
) -> None:
    before = book_state(expo.db)
    if message is None:  # bob is not the campaign's owner
        result = expo(*args[:-2], rep="bob")
        message = "error: campaign 1 belongs to alice; ask alice or a manager"
    else:
        result = expo(*args)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message
    assert book_state(expo.db) == before


def test_a_negative_cost_is_refused(expo: Cli) -> None:
    before = book_state(expo.db)
    for args in (("--", "-500"), ("-500",)):  # with or without "--", the amount is read
        result = expo("campaign", "cost", "1", *args)
        assert (result.exit_code, result.stderr) == (
            1,
            "error: an amount cannot be negative (-500)\n",
        )
    assert book_state(expo.db) == before


def test_an_approved_budget_does_not_change(expo: Cli) -> None:
    expo.ok("campaign", "approve", "1", rep="maria")
    result = expo("campaign", "edit", "1", "--budget", "90000")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: campaign 1 is approved; its approved budget cannot")
    expo.ok("campaign", "edit", "1", "--end", "2026-12-04")


def test_campaign_list_shows_what_is_not_over(expo: Cli) -> None:
    expo.ok("campaign", "add", "Old mailing", "--type", "direct-mail")
    expo.ok("campaign", "cancel", "2")
    assert expo.ok("campaign", "list").stdout == (
        "ID  Name       Type        Region  Status   Dates                        Budget  Cost"
        "  Owner\n"
        " 1  Expo 2027  trade-show  East    planned  2026-12-01 to 2026-12-03  80,000.00  0.00"
        "  alice\n"
    )
    listed = json.loads(expo.ok("campaign", "list", "--status", "all", "--json").stdout)
    assert [c["status"] for c in listed] == ["planned", "cancelled"]


def test_campaigns_go_out_to_a_sheet_and_back(expo: Cli, tmp_path: Path) -> None:
    expo.ok("campaign", "cost", "Expo", "1200")
    sheet = tmp_path / "campaigns.csv"
    expo.ok("campaign", "export", str(sheet))
    lines = sheet.read_text(encoding="utf-8").splitlines()
    assert lines == [
        "id,external_id,name,type,region,status,start_on,end_on,budget,attendance,planned_on,"
        "note,owner,cost,created_at,updated_at",
        "1,,Expo 2027,trade-show,East,planned,2026-12-01,2026-12-03,80000.00,,2026-11-23,,"
        f"alice,1200.00,{lines[1].rsplit(',', 2)[1]},{lines[1].rsplit(',', 1)[1]}",
    ]
    sheet.write_text(
        "id,name,budget,region\n1,Expo 2027,90000,North\n,Webinars,5000,\n", encoding="utf-8"
    )
    refused = expo("campaign", "import", str(sheet))
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        1,
        "error: only a manager may import campaigns; alice is a rep",
    )
    expo.ok("campaign", "import", str(sheet), rep="maria")
    listed = json.loads(expo.ok("campaign", "list", "--all", "--json").stdout)
    assert [(c["name"], c["budget"], c["region"], c["status"], c["owner"]) for c in listed] == [
        ("Expo 2027", 90000, "North", "planned", "alice"),
        ("Webinars", 5000, None, "planned", "maria"),
    ]
    sheet.write_text("name,budget\nBad,-5\n", encoding="utf-8")
    before = book_state(expo.db)
    bad = expo("campaign", "import", str(sheet), rep="maria")
    assert bad.exit_code == 1
    assert "negative" in bad.stderr
    assert book_state(expo.db) == before


def test_an_older_books_leads_get_the_days_they_were_qualified_and_converted(
    tmp_path: Path,
) -> None:
    """Revision 0012 reads those days from each lead's history; a lead imported converted
    has none, and counts from the day it was created (imported)."""
    from salescli.db import open_database
    from tests.test_upgrade import old_book

    path = old_book(tmp_path / "old.db", "0008", reps=1)
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO lead (id, name, status, created_at, updated_at)"
            " VALUES (?, ?, ?, '2026-10-01 08:00:00', '2026-10-01 08:00:00')",
            [(1, "Worked", "converted"), (2, "Imported", "converted"), (3, "Open", "qualified")],
        )
        connection.executemany(
            "INSERT INTO event (at, entity, entity_id, action, changes) VALUES (?, 'lead', ?, ?, ?)",
            [
                ("2026-10-05 10:00:00", 1, "qualify", '{"status": ["contacted", "qualified"]}'),
                ("2026-10-09 10:00:00", 1, "convert", '{"status": ["qualified", "converted"]}'),
                ("2026-10-07 10:00:00", 3, "qualify", '{"man_need": [null, true]}'),
                ("2026-10-08 10:00:00", 3, "qualify", '{"status": ["new", "qualified"]}'),
            ],
        )
    open_database(path).close()
    assert rows(path, "SELECT id, qualified_on, converted_on FROM lead ORDER BY id") == [
        (1, "2026-10-05", "2026-10-09"),
        (2, None, "2026-10-01"),
        (3, "2026-10-08", None),
    ]


def test_deal_sheets_carry_the_campaign(expo: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "deals.csv"
    sheet.write_text(
        "name,account,amount,close_date,stage,campaign\n"
        "Retrofit,Acme,5000,2027-02-01,Proposal,Expo 2027\n"
        "Spares,Acme,800,2027-02-01,Proposal,\n",
        encoding="utf-8",
    )
    expo.ok("account", "add", "Acme")
    expo.ok("opp", "import", str(sheet))
    deals = json.loads(expo.ok("opp", "list", "--json").stdout)
    assert [(d["name"], d["campaign"]) for d in deals] == [
        ("Retrofit", "Expo 2027"),
        ("Spares", None),
    ]
    exported = expo.ok("opp", "export").stdout.splitlines()
    assert exported[0].split(",")[-3:] == ["campaign", "shares", "history"]
    sheet.write_text(
        "name,account,amount,close_date,stage,campaign\nX,Acme,1,2027-02-01,Proposal,Fair\n",
        encoding="utf-8",
    )
    before = book_state(expo.db)
    bad = expo("opp", "import", str(sheet))
    assert bad.exit_code == 1
    assert "line 2: campaign: no campaign 'Fair'" in bad.stderr
    assert book_state(expo.db) == before


def test_a_campaign_import_is_undone_whole(expo: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "campaigns.csv"
    sheet.write_text("id,name,budget\n1,Expo 2027,90000\n,Webinars,5000\n", encoding="utf-8")
    before = rows(expo.db, "SELECT * FROM campaign ORDER BY id")
    expo.ok("campaign", "import", str(sheet), rep="maria")
    assert [r[1] for r in rows(expo.db, "SELECT id, budget FROM campaign ORDER BY id")] == [
        9000000,
        500000,
    ]
    expo.ok("import", "undo", "1", rep="maria")
    assert rows(expo.db, "SELECT * FROM campaign ORDER BY id") == before
