"""`salescli contract` and `salescli receivable` through the CLI: whole plain outputs,
and every bad input a one-line error, exit 1, nothing written."""

from __future__ import annotations

import json
import shlex
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Cli


def on(cli: Cli, day: str) -> Cli:
    cli.today = date.fromisoformat(day)
    return cli


@pytest.fixture
def book(cli: Cli) -> Cli:
    """Acme (alice's) with contract C-1 for 100,000 signed on 2026-11-23, planned
    30/60/10 and paid 40,000 that day; Globex (bob's) with a draft C-2."""
    cli.ok("account", "add", "Acme", "--phone", "+49 30 1234")
    cli.ok("account", "add", "Globex", "--owner", "bob")
    cli.ok("opp", "add", "Acme", "Line 3", "--amount", "120000", "--close", "2027-01-31")
    cli.ok("contract", "new", "--opp", "1", "--amount", "100000", "--number", "C-1",
           "--start", "2026-12-01", "--end", "2027-11-30")  # fmt: skip
    cli.ok("contract", "submit", "C-1")
    cli.ok("contract", "approve", "C-1", rep="maria")
    cli.ok("contract", "sign", "C-1", "--win-deal")
    cli.ok("receivable", "plan", "C-1", "--split", "30,60,10", "--dates", "sign,+60d,+180d",
           "--notes", "预付款,进度款,尾款")  # fmt: skip
    cli.ok("receivable", "pay", "C-1", "40000", "--ref", "B-1")
    cli.ok("contract", "new", "--account", "Globex", "--amount", "5000", "--number", "C-2",
           rep="bob")  # fmt: skip
    return cli


def test_contract_show_plain(book: Cli) -> None:
    out = on(book, "2027-03-01").ok("contract", "show", "c-1").stdout
    assert out == (
        "Contract C-1\n"
        "  ID           1\n"
        "  Title        Line 3\n"
        "  Account      Acme\n"
        "  Opportunity  1 Line 3\n"
        "  Status       signed\n"
        "  Version      1 of 1\n"
        "  Amount       100,000.00\n"
        "  Received     40,000.00\n"
        "  Balance      60,000.00\n"
        "  Starts       2026-12-01\n"
        "  Ends         2027-11-30\n"
        "  Signed       2026-11-23\n"
        "  Complete     0%\n"
        "  Owner        alice\n"
        "\n"
        "Payment schedule\n"
        "#  Due                          Amount   Received  Outstanding  Status   Note\n"
        "1  2026-11-23                30,000.00  30,000.00         0.00  paid     预付款\n"
        "2  2027-01-22 (38d overdue)  60,000.00  10,000.00    50,000.00  overdue  进度款\n"
        "3  2027-05-22                10,000.00       0.00    10,000.00  due      尾款\n"
        "\n"
        "Receipts\n"
        "ID  Received       Amount  Paid                        Ref  By     Reversed\n"
        " 1  2026-11-23  40,000.00  #1 30,000.00, #2 10,000.00  B-1  alice\n"
    )


def test_an_amended_contract_shows_each_version(book: Cli) -> None:
    result = book.ok("contract", "amend", "C-1", "--amount", "110000", "--reason", "two more sites")
    assert result.stderr == (
        "the payment schedule adds up to 100,000.00, the contract is now 110,000.00: adjust it"
        " with 'salescli receivable plan C-1 ...' or 'receivable add'\n"
        "contract C-1 amended: version 2\n"
    )
    first = book.ok("contract", "show", "C-1", "--version", "1").stdout
    assert "Contract C-1, version 1 of 2\n" in first
    assert "  Amount       100,000.00\n" in first
    assert "Payment schedule" not in first
    now = book.ok("contract", "show", "C-1").stdout
    assert "  Amended      2026-11-23: two more sites\n" in now
    assert "not scheduled: 10,000.00\n" in now
    history = book.ok("contract", "history", "C-1").stdout
    assert "      2  2026-11-23  110,000.00  2027-11-30  alice  two more sites\n" in history
    missing = book("contract", "show", "C-1", "--version", "3")
    assert (missing.exit_code, missing.stderr) == (
        1,
        "error: contract C-1 has no version 3\nhint: it has versions 1 to 2\n",
    )


def test_receivable_aging_and_forecast_plain(book: Cli) -> None:
    on(book, "2027-03-01")
    assert book.ok("receivable", "aging").stdout == (
        "Account  Owner    Not due  1-30      31-60  61-90  Over 90      Total\n"
        "Acme     alice  10,000.00  0.00  50,000.00   0.00     0.00  60,000.00\n"
        "total           10,000.00  0.00  50,000.00   0.00     0.00  60,000.00\n"
    )
    assert book.ok("receivable", "forecast", "--past", "4").stdout == (
        "Month                Due     Unpaid  Overdue before  Collected\n"
        "2026-11        30,000.00          -               -  40,000.00\n"
        "2026-12                -          -               -          -\n"
        "2027-01        60,000.00  50,000.00               -          -\n"
        "2027-02                -          -               -          -\n"
        "2027-03 (now)          -          -       50,000.00          -\n"
        "2027-04                -          -               -          -\n"
        "2027-05        10,000.00  10,000.00               -          -\n"
        "collected 40,000.00 of 90,000.00 due to date: collection rate 44.4%\n"
        "\n"
        "Key collection tasks\n"
        "Contract  Account  #  Due                          Amount   Received  Outstanding"
        "  Status   Note    Owner\n"
        "C-1       Acme     2  2027-01-22 (38d overdue)  60,000.00  10,000.00    50,000.00"
        "  overdue  进度款  alice\n"
    )


def test_receivable_lists(book: Cli) -> None:
    on(book, "2027-03-01")
    overdue = book.ok("receivable", "list", "--overdue", "--csv").stdout.splitlines()
    assert overdue[0] == (
        "id,contract_id,contract,account_id,account,position,due_on,amount,received,"
        "outstanding,status,days_overdue,note,owner"
    )
    assert overdue[1:] == [
        "2,1,C-1,1,Acme,2,2027-01-22,60000.00,10000.00,50000.00,overdue,38,进度款,alice"
    ]
    assert book.ok("receivable", "list", "--due-within", "90", "--csv").stdout.count("\n") == 2
    assert book.ok("receivable", "list", rep="bob").stderr == "nothing is owed here\n"
    assert book.ok("receivable", "list", "--all", "--csv").stdout.count("\n") == 3


def test_account_and_deal_pages_list_contracts_and_overdue_money(book: Cli) -> None:
    out = on(book, "2027-05-01").ok("account", "show", "Acme").stdout
    assert (
        "Contracts\n"
        "ID  Number  Account  Title   Status      Amount    Balance  Done  Ends        Owner\n"
        " 1  C-1     Acme     Line 3  signed  100,000.00  60,000.00    0%  2027-11-30  alice\n"
    ) in out
    assert "Overdue receivables: 50,000.00 - FLAGGED: over 90 days overdue\n" in out
    assert "C-1       Acme     2  2027-01-22 (99d overdue)" in out
    deal = book.ok("opp", "show", "1").stdout
    assert (
        " 1  C-1     Acme     Line 3  signed  100,000.00  60,000.00    0%  2027-11-30  alice\n"
        in deal
    )


def test_account_credit_plain(book: Cli) -> None:
    result = book.ok("account", "credit", "Acme", "--limit", "200000", "--score",
                     "character=4,capacity=3,capital=3,collateral=2,conditions=4", rep="maria")  # fmt: skip
    assert result.stderr == "credit of Acme: rating C, limit 200,000.00\n"
    assert book.ok("account", "credit", "Acme").stdout == (
        "Credit of Acme\n"
        "  Rating            C\n"
        "  Limit             200,000.00\n"
        "  Outstanding       60,000.00\n"
        "  Signed, unbilled  0.00\n"
        "  Exposure          60,000.00\n"
        "  Headroom          140,000.00\n"
        "  Overdue           0.00\n"
        "\n"
        "Assessments\n"
        "Date        By     5C         Score  Rating       Limit  Note\n"
        "2026-11-23  maria  4/3/3/2/4     16  C       200,000.00\n"
    )


def state_of(cli: Cli) -> list[tuple[object, ...]]:
    """Every row that a bad command must leave as it was."""
    with sqlite3.connect(cli.db) as connection:
        return [
            *connection.execute("SELECT count(*) FROM event"),
            *connection.execute("SELECT * FROM contract"),
            *connection.execute("SELECT * FROM installment"),
            *connection.execute("SELECT * FROM receipt"),
            *connection.execute("SELECT id, credit_rating, credit_limit FROM account"),
        ]


BAD = {
    "a schedule that does not add up": (
        "alice", ("receivable", "plan", "C-1", "--split", "30,60", "--dates", "sign,+60d"),
        "error: the split adds up to 90 %, not 100 % (-10 %)",
    ),
    "a payment on a draft contract": (
        "bob", ("receivable", "pay", "C-2", "100"),
        "error: contract C-2 is draft; money is received only under a signed contract",
    ),
    "a receipt dated in the future": (
        "alice", ("receivable", "pay", "C-1", "100", "--on", "2026-11-24"),
        "error: a payment cannot be received in the future (2026-11-24)",
    ),
    "an overpayment": (
        "alice", ("receivable", "pay", "C-1", "60000.01"),
        "error: 60,000.01 is more than the 60,000.00 owed on contract C-1 (over by 0.01)",
    ),
    "approving as a rep": (
        "bob", ("contract", "submit", "C-2"), None,
    ),
    "setting credit as a rep": (
        "alice", ("account", "credit", "Acme", "--limit", "1000"),
        "error: only a manager may set credit limits and ratings; alice is a rep",
    ),
    "a contract number already taken": (
        "alice", ("contract", "new", "--account", "Acme", "--amount", "1", "--number", "c-1"),
        "error: contract number c-1 is already taken",
    ),
    "an illegal move": (
        "alice", ("contract", "complete", "C-1"),
        "error: contract C-1 is signed; it cannot complete (from signed: start, terminate)",
    ),
    "another rep's contract": (
        "alice", ("contract", "submit", "C-2"),
        "error: contract 2 belongs to bob; ask bob or a manager",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", [case for case, (_, _, m) in BAD.items() if m])
def test_bad_input_is_one_line_exit_1_and_writes_nothing(book: Cli, case: str) -> None:
    rep, args, message = BAD[case]
    before = state_of(book)
    result = book(*args, rep=rep)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.splitlines()[0] == message
    assert result.stdout == ""
    assert state_of(book) == before


def test_approving_as_a_rep_and_amending_a_closed_contract_are_refused(book: Cli) -> None:
    book.ok("contract", "submit", "C-2", rep="bob")
    before = state_of(book)
    approve = book("contract", "approve", "C-2", rep="bob")
    assert (approve.exit_code, approve.stderr.splitlines()[0]) == (
        1,
        "error: only a manager may approve contracts; bob is a rep",
    )
    assert state_of(book) == before
    for command in ("start", "complete", "close"):
        book.ok("contract", command, "C-1")
    before = state_of(book)
    amend = book("contract", "amend", "C-1", "--amount", "1", "--reason", "late")
    assert (amend.exit_code, amend.stderr) == (
        1,
        "error: contract C-1 is closed; it cannot be amended\n",
    )
    assert state_of(book) == before


def test_a_negative_amount_is_refused_and_writes_nothing(book: Cli) -> None:
    before = state_of(book)
    # Click would read "-500" as an unknown option "-5" (exit 2); it is the amount, and
    # refused as bad data in one line, whether an argument or an option's value.
    for args in (
        ("receivable", "pay", "C-1", "-500"),
        ("receivable", "add", "C-1", "-500", "--due", "2027-03-01"),
        ("contract", "new", "--account", "Acme", "--amount", "-500"),
        ("contract", "amend", "C-1", "--amount", "-500", "--reason", "why"),
    ):
        result = book(*args)
        assert (result.exit_code, result.stderr) == (
            1,
            "error: an amount cannot be negative (-500)\n",
        ), args
    assert state_of(book) == before


def test_unpay_reverses_and_the_receipt_stays(book: Cli) -> None:
    result = book.ok("receivable", "unpay", "1", "--reason", "wrong contract")
    assert result.stderr == (
        "receipt 1 of 40,000.00 reversed: owed again #1 30,000.00, #2 10,000.00\n"
    )
    show = book.ok("contract", "show", "C-1").stdout
    assert " 1  2026-11-23  40,000.00  #1 30,000.00, #2 10,000.00  B-1  alice" in show
    assert "wrong contract" in show
    assert "  Received     0.00\n" in show


def test_remind_collects_money_and_renews_contracts(book: Cli) -> None:
    book.ok("contact", "add", "Acme", "Dana Wu", "--phone", "+49 170 555")
    book.ok("contract", "start", "C-1")
    on(book, "2027-01-20")
    digest = book.ok("remind", "--days", "3").stdout
    assert "Collections (1)\n" in digest
    assert "50,000.00 due on C-1 installment 2" in digest
    assert "salescli receivable pay C-1 50000.00 --installment 2 --ref REF" in digest
    on(book, "2027-05-01")
    book.ok("contract", "suspend", "C-1", "--reason", "site closed")
    on(book, "2027-10-15")
    items = [
        (item["kind"], item["due"], item["phone"], item["command"])
        for item in json.loads(book.ok("remind", "--json").stdout)
        if item["kind"].startswith(("installment", "account", "contract"))
    ]
    assert items == [
        ("installment-overdue", "2027-01-22", "+49 170 555",
         "salescli receivable pay C-1 50000.00 --installment 2 --ref REF"),
        ("account-long-overdue", "2027-04-22", "+49 30 1234", "salescli account credit 1"),
        ("installment-overdue", "2027-05-22", "+49 170 555",
         "salescli receivable pay C-1 10000.00 --installment 3 --ref REF"),
        ("contract-suspended", "2027-05-31", "+49 170 555", "salescli contract resume C-1"),
        ("contract-ending", "2027-11-30", "+49 170 555", "salescli contract show C-1"),
    ]  # fmt: skip
    assert book.ok("remind", rep="bob").stdout.count("C-1") == 0
    for _, _, _, command in items:  # each suggested command parses (--help: nothing runs)
        assert book(*shlex.split(command)[1:], "--help").exit_code == 0, command


def test_the_contract_reminders_day_counts_are_settings(book: Cli) -> None:
    book.ok("contract", "start", "C-1")
    on(book, "2027-05-01").ok("contract", "suspend", "C-1", "--reason", "site closed")
    for key, days in (
        ("contract.renewal_days", "30"),
        ("contract.suspended_days", "10"),
        ("receivable.overdue_days", "200"),
    ):
        assert book.ok("config", "set", key, days).stderr.startswith(f"{key} = {days} (in ")

    def items(day: str) -> list[tuple[str, str, str]]:
        return [
            (item["kind"], item["due"], item["message"])
            for item in json.loads(on(book, day).ok("remind", "--json").stdout)
            if item["kind"].startswith(("account", "contract"))
        ]

    assert items("2027-10-15") == [
        ("account-long-overdue", "2027-08-10",
         "Acme owes 50,000.00 more than 200 days overdue: flagged"),
        ("contract-suspended", "2027-05-11",
         "contract C-1 suspended since 2027-05-01 (site closed): resume or terminate it"),
    ]  # fmt: skip
    assert items("2027-10-31")[-1] == (
        "contract-ending",
        "2027-11-30",
        "contract C-1 ends on 2027-11-30: renew it",
    )
    book.ok("config", "unset", "receivable.overdue_days")
    assert ("account-long-overdue", "2027-04-22",
            "Acme owes 60,000.00 more than 90 days overdue: flagged") in items("2027-10-15")  # fmt: skip


@pytest.mark.parametrize("key", ["contract.renewal_days", "contract.suspended_days",
                                 "receivable.overdue_days"])  # fmt: skip
@pytest.mark.parametrize("value", ["0", "soon", "1.5", "3661"])
def test_a_bad_contract_reminder_setting_is_refused(book: Cli, key: str, value: str) -> None:
    result = book("config", "set", key, value)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"error: {key} must be a whole number of days, 1 to 3660, not '{value}'"
    )
    assert not (book.db.parent / "config" / "config.toml").exists()


def test_report_reps_gives_each_reps_collections(book: Cli) -> None:
    out = on(book, "2027-05-01").ok("report", "reps", "--since", "2026-11-01").stdout
    assert out.endswith(
        "\n"
        "Rep          Due  Collected   Rate    Overdue  Outstanding  DSO\n"
        "alice  90,000.00  40,000.00  44.4%  50,000.00    60,000.00  121\n"
        "Rate: collected / due in the window. Overdue: owed on installments due before the"
        " window's end. DSO (days sales outstanding): all that is owed / the window's average"
        " amount due a day.\n"
    )
    data = json.loads(book.ok("report", "reps", "--json").stdout)["collections"]
    assert data == [
        {"rep": "alice", "due": 90000, "collected": 40000, "collection_rate": 44.4444,
         "overdue": 50000, "outstanding": 60000, "dso": 244},
    ]  # fmt: skip


def test_a_finance_sheet_of_receipts_imports_whole_or_not_at_all(book: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "回单.csv"
    sheet.write_text(
        "交易日,摘要,收款金额,银行流水号\n"
        "2026-11-21,c-1,20000,CMB-1\n"
        "2026-11-22,C-1,50000,CMB-2\n"
        "2026-11-24,C-2,5,CMB-3\n"
        "2026-11-23,C-9,1,CMB-4\n",
        encoding="gb18030",
    )
    mapping = ("--map", "交易日=received_on", "--map", "摘要=contract")
    before = state_of(book)
    refused = book("receivable", "import", str(sheet), *mapping)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "line 3: amount: 50,000.00 is more than the 40,000.00 owed on C-1 after the rows"
        " above (a credit column of yes keeps the rest as a credit)",
        "line 4: contract: C-2 is draft; money is received only under a signed contract",
        "line 5: contract: no contract 'C-9'",
        f"error: {sheet}: 3 problems, nothing imported",
        "hint: fix those lines and import again (a misread column: --map SRC=FIELD)",
    ]
    assert state_of(book) == before
    sheet.write_text(
        "交易日,摘要,收款金额,银行流水号\n2026-11-21,c-1,20000,CMB-1\n2026-11-22,C-1,10000,CMB-2\n",
        encoding="gb18030",
    )
    assert book.ok("receivable", "import", str(sheet), *mapping, "--dry-run").stderr == (
        "would import 2 receipts: 2 new, 0 updated\n"
    )
    assert state_of(book) == before
    book.ok("receivable", "import", str(sheet), *mapping)
    exported = book.ok("receivable", "export", "--receipts").stdout.splitlines()
    assert [line.split(",")[1:6] for line in exported[1:]] == [
        ["2026-11-23", "C-1", "40000.00", "B-1", "0.00"],
        ["2026-11-21", "C-1", "20000.00", "CMB-1", "0.00"],
        ["2026-11-22", "C-1", "10000.00", "CMB-2", "0.00"],
    ]
    assert book.ok("receivable", "list", "--contract", "C-1", "--csv").stdout.count("\n") == 3


def test_contracts_from_another_system_import_as_drafts_whole_or_not_at_all(
    book: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "合同台账.csv"
    sheet.write_text(
        "合同编号,签约客户,合同金额,开始日期,结束日期,负责人\n"
        "X-1,Acme,5000,2027-01-01,2027-12-31,bob\n"
        "X-2,Nope,10,,,\n"
        "c-1,Acme,1,,,\n"
        "X-3,Acme,1,2027-05-01,2027-01-01,\n"
        "X-1,Acme,-5,,,\n",
        encoding="utf-8-sig",
    )
    before = state_of(book)
    refused = book("contract", "import", str(sheet), "--map", "签约客户=account")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[:5] == [
        "line 3: no account matches 'Nope'",
        "line 4: contract C-1 is signed; an import changes drafts only (the row differs in"
        " amount, start_on, end_on): amend it with 'salescli contract amend C-1 --reason"
        " TEXT', or put back what the book has",
        "line 5: a contract cannot end (2027-01-01) before it starts (2027-05-01)",
        "line 6: amount: amount '-5' is negative",
        f"error: {sheet}: 4 problems, nothing imported",
    ]
    assert state_of(book) == before
    sheet.write_text("合同编号,签约客户,合同金额,负责人\nX-1,Acme,5000,bob\n", encoding="utf-8")
    mapping = ("--map", "签约客户=account")
    assert book.ok("contract", "import", str(sheet), *mapping, "--dry-run").stderr == (
        "would import 1 contract: 1 new, 0 updated\n"
    )
    assert state_of(book) == before
    book.ok("contract", "import", str(sheet), *mapping)
    rows = book.ok("contract", "export").stdout.splitlines()
    assert rows[0].startswith(
        "id,number,external_id,account,amount,title,opportunity_id,start_on,end_on,"
    )
    assert [
        row.split(",")[1:2] + row.split(",")[3:5] + row.split(",")[10:12] for row in rows[1:]
    ] == [
        ["C-1", "Acme", "100000.00", "alice", "signed"],
        ["C-2", "Globex", "5000.00", "bob", "draft"],
        ["X-1", "Acme", "5000.00", "bob", "draft"],
    ]


def test_forecast_collections_is_the_collection_forecast(book: Cli) -> None:
    on(book, "2027-03-01")
    assert (
        book.ok("forecast", "--collections", "--months", "3").stdout
        == book.ok("receivable", "forecast", "--months", "3").stdout
    )
    data = json.loads(book.ok("forecast", "--collections", "--json").stdout)
    # The forecast's own default: 6 months from this one.
    assert [month["month"] for month in data["months"]][2:] == [
        "2027-03", "2027-04", "2027-05", "2027-06", "2027-07", "2027-08",
    ]  # fmt: skip


def test_signing_on_a_terminal_offers_to_win_the_open_deal(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salescli.cli import prompts

    asked: list[str] = []
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    monkeypatch.setattr(prompts, "confirm", lambda question: asked.append(question) or True)
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Line 3", "--amount", "5000", "--close", "2027-01-31")
    cli.ok("contract", "new", "--opp", "1", "--amount", "5000", "--number", "C-1")
    cli.ok("contract", "submit", "C-1")
    cli.ok("contract", "approve", "C-1", rep="maria")
    result = cli.ok("contract", "sign", "C-1")
    assert asked == ["Opportunity 1 is still open. Win it too?"]
    assert result.stderr == "opportunity 1 (Line 3) won\ncontract C-1: approved -> signed\n"
    assert json.loads(cli.ok("opp", "show", "1", "--json").stdout)["opportunity"]["status"] == "won"


def test_an_export_reads_back_unchanged_and_exports_the_same(book: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "contracts.csv"
    book.ok("contract", "export", str(sheet))
    first = sheet.read_bytes()
    before = state_of(book)
    result = book.ok("contract", "import", str(sheet), rep="maria")
    assert result.stderr == "imported 2 contracts: 0 new, 0 updated, 2 unchanged\n"
    assert state_of(book) == before
    book.ok("contract", "export", str(sheet))
    assert sheet.read_bytes() == first


def test_an_import_changes_a_draft_and_its_current_version(book: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "contracts.csv"
    book.ok("contract", "export", str(sheet))
    header, signed, draft = sheet.read_text(encoding="utf-8").splitlines()
    columns = header.split(",")
    cells = draft.split(",")
    cells[columns.index("amount")] = "6000.00"
    cells[columns.index("title")] = "Fleet retrofit"
    cells[columns.index("external_id")] = "ERP-77"
    sheet.write_text("\n".join([header, signed, ",".join(cells)]) + "\n", encoding="utf-8")
    result = book.ok("contract", "import", str(sheet), rep="bob")
    assert result.stderr == "imported 2 contracts: 0 new, 1 updated, 1 unchanged\n"
    shown = json.loads(book.ok("contract", "show", "C-2", "--json").stdout)
    assert (shown["contract"]["amount"], shown["contract"]["external_id"]) == (6000.0, "ERP-77")
    assert (shown["shown_version"]["amount"], shown["shown_version"]["title"]) == (
        6000.0,
        "Fleet retrofit",
    )
    with sqlite3.connect(book.db) as connection:
        changes = connection.execute(
            "SELECT changes FROM event WHERE action = 'import-update'"
        ).fetchone()[0]
    assert json.loads(changes) == {
        "external_id": [None, "ERP-77"],
        "amount": [500000, 600000],
        "title": [None, "Fleet retrofit"],
    }
    # The row names the contract by its external id now, even under another number.
    sheet.write_text(
        "external_id,number,account,amount\nERP-77,C-2B,Globex,6000\n", encoding="utf-8"
    )
    book.ok("contract", "import", str(sheet), rep="bob")
    assert json.loads(book.ok("contract", "show", "C-2B", "--json").stdout)["contract"]["id"] == 2


def test_an_import_adds_and_changes_drafts_only(book: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "contracts.csv"
    sheet.write_text(
        "id,number,account,amount,status\n"
        "1,C-1,Acme,90000,signed\n"
        ",X-1,Acme,500,signed\n"
        "2,C-2,Globex,5000,submitted\n"
        "9,C-9,Acme,5,draft\n"
        "2,C-2,Globex,5000,draft\n"
        ",X-2,Acme,500,\n",
        encoding="utf-8",
    )
    before = state_of(book)
    refused = book("contract", "import", str(sheet), rep="maria")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "line 2: contract C-1 is signed; an import changes drafts only (the row differs in"
        " amount): amend it with 'salescli contract amend C-1 --reason TEXT', or put back"
        " what the book has",
        "line 3: status: signed: an import adds drafts only; leave status empty (or draft),"
        " then move the contract on with its commands ('salescli contract"
        " submit|approve|sign')",
        "line 4: status: contract C-2 is draft, the file says submitted; an import does not"
        " change a status: use 'salescli contract submit C-2'",
        "line 5: id: no contract 9; leave id empty to add the row as a new draft",
        "line 6: id: 2 is above in the file too",
        f"error: {sheet}: 5 problems, nothing imported",
        "hint: fix those lines and import again (a misread column: --map SRC=FIELD)",
    ]
    assert state_of(book) == before
