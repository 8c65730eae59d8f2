"""`salescli expense import`: finance's ledger in, through the CSV engine, all or nothing,
and back out byte for byte. Today is pinned to Monday 2026-11-23."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli
from tests.marketing.conftest import state

HEADER = (
    "id,external_id,owner,on_date,category,amount,status,account,opportunity_id,"
    "activity_id,campaign,note,receipt,submitted_on,decided_by,decided_on,reject_reason,"
    "reimbursed_on"
)


def test_an_export_imports_back_unchanged_and_exports_the_same_bytes(
    ledger: Cli, tmp_path: Path
) -> None:
    ledger.ok("expense", "submit", "1", "2")
    ledger.ok("expense", "approve", "1", rep="maria")
    ledger.ok("expense", "reject", "2", "--reason", 'no receipt, "lost"', rep="maria")
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    ledger.ok("expense", "export", str(first), "--all")
    before = state(ledger.db)[0]
    result = ledger.ok("expense", "import", str(first), rep="maria")
    assert result.stderr == "imported 4 expenses: 0 new, 0 updated, 4 unchanged\n"
    assert state(ledger.db)[0] == before
    ledger.ok("expense", "export", str(second), "--all")
    assert second.read_bytes() == first.read_bytes()


def test_a_ledger_goes_into_a_new_book_whole(ledger: Cli, tmp_path: Path) -> None:
    """Into a book with the same reps, accounts, deal and visit: the same export."""
    ledger.ok("expense", "submit", "1")
    ledger.ok("expense", "approve", "1", rep="maria")
    ledger.ok("expense", "reimburse", "1", rep="maria")
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    ledger.ok("expense", "export", str(first), "--all")
    fresh = Cli(tmp_path / "fresh.db")
    fresh.ok("rep", "add", "alice", "--name", "Alice Chen", rep=None)
    fresh.ok("rep", "add", "bob", "--name", "Bob Li", rep=None)
    fresh.ok("rep", "add", "maria", "--name", "Maria Gonzalez", "--role", "manager", rep=None)
    fresh.ok("account", "add", "Acme")
    fresh.ok("account", "add", "Globex", "--owner", "bob")
    fresh.ok("opp", "add", "Acme", "Line upgrade", "--amount", "10000", "--close", "+1m")
    fresh.ok("visit", "log", "Acme", "--opp", "1", "--outcome", "demo done")
    result = fresh.ok("expense", "import", str(first), rep="maria")
    assert result.stderr == "imported 4 expenses: 4 new, 0 updated\n"
    fresh.ok("expense", "export", str(second), "--all")
    assert second.read_bytes() == first.read_bytes()


def test_new_rows_take_their_links_from_the_visit_and_the_deal(ledger: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "ledger.csv"
    sheet.write_text(
        "报销人,日期,类别,金额,拜访,商机,客户,备注\n"
        "bob,2026-11-02,差旅,88.50,,,Globex,taxi\n"
        "alice,2026-11-03,礼品,60,1,,,\n"
        'alice,2026-11-04,meals,"1,200.00",,1,,lunch\n',
        encoding="utf-8",
    )
    dry = ledger.ok("expense", "import", str(sheet), "--dry-run", rep="maria")
    assert dry.stderr == "would import 3 expenses: 3 new, 0 updated\n"
    assert len(state(ledger.db)[0]) == 4
    ledger.ok("expense", "import", str(sheet), rep="maria")
    data = json.loads(ledger.ok("expense", "list", "--all", "--month", "2026-11", "--json").stdout)
    assert [
        (e["id"], e["owner"], e["category"], e["amount"], e["account"], e["opportunity_id"],
         e["activity_id"], e["status"])
        for e in data
        if e["id"] > 4
    ] == [
        (5, "bob", "travel", 88.5, "Globex", None, None, "recorded"),
        (6, "alice", "gifts", 60, "Acme", 1, 1, "recorded"),
        (7, "alice", "meals", 1200, "Acme", 1, None, "recorded"),
    ]  # fmt: skip


def test_a_sheet_without_an_owner_column_is_the_importers(ledger: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "mine.csv"
    sheet.write_text("date,category,amount\n2026-11-20,meals,45\n", encoding="utf-8")
    result = ledger.ok("expense", "import", str(sheet), rep="maria")
    assert result.stderr == (
        "imported 1 expense: 1 new, 0 updated\n"
        "1 new expense assigned to maria (the file has no owner column)\n"
    )


def test_a_bad_file_is_refused_line_by_line_and_writes_nothing(ledger: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "owner,date,category,amount,account,visit,deal,campaign\n"
        "alice,2026-11-02,taxi,10,,,,\n"
        "alice,2026-11-02,meals,-5,,,,\n"
        "carol,2026-11-02,meals,5,,,,\n"
        "alice,2026-11-02,meals,5,Initech,,,\n"
        "alice,2026-11-02,meals,5,Globex,1,,\n"
        "alice,2026-11-02,meals,5,,,7,\n"
        "alice,2026-11-02,meals,5,,,,Expo\n"
        "alice,2026-11-02,meals,5,,,,\n",
        encoding="utf-8",
    )
    before = state(ledger.db)
    result = ledger("expense", "import", str(sheet), rep="maria")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "line 2: category: 'taxi' is not a known expense category (choose one of: travel,"
        " meals, gifts, samples, entertainment, other)",
        "line 3: amount: amount '-5' is negative",
        "line 4: owner: no rep 'carol'",
        "line 5: account: no account 'Initech'",
        "line 6: account: the expense's deal or visit is at account 1, not 2",
        "line 7: opportunity_id: no opportunity 7",
        "line 8: campaign: no campaign 'Expo'",
        "values not read: category (category): 'taxi' x1",
        f"error: {sheet}: 7 problems, nothing imported",
        "hint: fix those lines, or map the file's values: --value-map 'COLUMN:VALUE=MEANING'"
        " (repeatable) or --value-map-file map.toml",
    ]
    assert state(ledger.db) == before


def test_importing_expenses_is_a_managers_job(ledger: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "mine.csv"
    sheet.write_text("date,category,amount,status\n2026-11-20,meals,45,approved\n", "utf-8")
    before = state(ledger.db)
    result = ledger("expense", "import", str(sheet))
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1,
        "error: only a manager may import expenses; alice is a rep",
    )
    assert state(ledger.db) == before


def test_an_import_is_undone_whole(ledger: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "ledger.csv"
    sheet.write_text(
        "id,owner,date,category,Betrag,note\n1,alice,2026-11-12,entertainment,400,corrected\n"
        ",alice,2026-11-21,meals,30,new\n",
        encoding="utf-8",
    )
    before = state(ledger.db)[0]
    result = ledger.ok("expense", "import", str(sheet), "--map", "Betrag=amount", rep="maria")
    assert result.stderr == "imported 2 expenses: 1 new, 1 updated\n"
    data = json.loads(ledger.ok("expense", "list", "--json").stdout)
    assert [(e["id"], e["amount"], e["note"]) for e in data if e["id"] in (1, 5)] == [
        (1, 400, "corrected"),
        (5, 30, "new"),
    ]
    runs = json.loads(ledger.ok("import", "list", "--json").stdout)
    assert [(r["entity"], r["inserted"], r["updated"]) for r in runs] == [("expense", 1, 1)]
    ledger.ok("import", "undo", str(runs[0]["id"]), rep="maria")
    assert state(ledger.db)[0] == before
