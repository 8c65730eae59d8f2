"""`receivable export` and `receivable import` read each other back: receipts the book
already has are unchanged (never booked twice), and installments are checked against the
contract's amount; plus `contract amend` and the credit limit through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli

# The fixture `book` (Acme's signed C-1, 100,000, planned 30/60/10 and paid 40,000 with
# ref B-1; Globex's draft C-2, bob's) comes from test_contracts_cli.
from tests.orders.test_contracts_cli import (
    book,  # noqa: F401
    state_of,
)


@pytest.fixture
def paid(book: Cli) -> Cli:  # noqa: F811
    """C-1 also paid 5,000 (B-2, reversed); Acme's C-3 (1,000, one installment) paid
    1,500 with 500 kept as a credit."""
    book.ok("receivable", "pay", "C-1", "5000", "--ref", "B-2", "--on", "2026-11-20")
    book.ok("receivable", "unpay", "2", "--reason", "wrong contract")
    book.ok("contract", "new", "--account", "Acme", "--amount", "1000", "--number", "C-3")
    book.ok("contract", "submit", "C-3")
    book.ok("contract", "approve", "C-3", rep="maria")
    book.ok("contract", "sign", "C-3")
    book.ok("receivable", "add", "C-3", "1000", "--due", "2026-12-01")
    book.ok("receivable", "pay", "C-3", "1500", "--ref", "B-3", "--credit")
    return book


def test_a_receipts_export_imports_back_unchanged_and_exports_the_same(
    paid: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "receipts.csv"
    paid.ok("receivable", "export", str(sheet), "--receipts")
    first = sheet.read_bytes()
    lines = first.decode().splitlines()
    assert [line.split(",")[:6] for line in lines] == [
        ["id", "received_on", "contract", "amount", "ref", "credit"],
        ["1", "2026-11-23", "C-1", "40000.00", "B-1", "0.00"],
        ["2", "2026-11-20", "C-1", "5000.00", "B-2", "0.00"],
        ["3", "2026-11-23", "C-3", "1500.00", "B-3", "500.00"],
    ]
    before = state_of(paid)
    dry = paid.ok("receivable", "import", str(sheet), "--dry-run")
    assert dry.stderr == "would import 3 receipts: 0 new, 0 updated, 3 unchanged\n"
    result = paid.ok("receivable", "import", str(sheet))
    assert result.stderr == "imported 3 receipts: 0 new, 0 updated, 3 unchanged\n"
    assert state_of(paid) == before
    paid.ok("receivable", "export", str(sheet), "--receipts")
    assert sheet.read_bytes() == first


def test_a_receipt_is_known_by_id_else_by_ref_contract_date_and_amount(
    paid: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "bank.csv"
    sheet.write_text(
        "id,received_on,contract,amount,ref,credit,reversed_at\n"
        ",2026-11-23,C-1,40000,B-1,no,\n"  # the book's receipt 1, by its reference
        "99,2026-11-22,C-1,1000,B-9,no,\n"  # an id this book does not have: new
        ",2026-11-22,C-1,2000,,no,\n"  # no reference: always new
        ",2026-11-21,C-1,300,B-7,0.00,2026-11-22T10:00:00\n",  # reversed elsewhere: skipped
        encoding="utf-8",
    )
    before = state_of(paid)
    assert paid.ok("receivable", "import", str(sheet), "--dry-run").stderr == (
        "would import 4 receipts: 2 new, 0 updated, 1 unchanged, 1 skipped\n"
    )
    assert state_of(paid) == before
    paid.ok("receivable", "import", str(sheet))
    exported = paid.ok("receivable", "export", "--receipts").stdout.splitlines()
    assert [line.split(",")[:6] for line in exported[4:]] == [
        ["4", "2026-11-22", "C-1", "1000.00", "B-9", "0.00"],
        ["5", "2026-11-22", "C-1", "2000.00", "", "0.00"],
    ]


def test_an_id_naming_another_receipt_is_refused_and_nothing_is_written(
    paid: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "bank.csv"
    sheet.write_text(
        "id,received_on,contract,amount,ref,credit\n"
        "1,2026-11-23,C-1,100,B-1,maybe\n"
        "1,2026-11-23,C-1,100,B-1,no\n",
        encoding="utf-8",
    )
    before = state_of(paid)
    refused = paid("receivable", "import", str(sheet))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[:2] == [
        "line 2: credit: 'maybe' is not yes, no or an amount",
        "line 3: id: receipt 1 is 2026-11-23 C-1 40,000.00 in the book, not this row"
        " (leave id empty for a new receipt)",
    ]
    assert state_of(paid) == before


def test_a_reps_import_of_another_reps_rows_lists_every_line(paid: Cli, tmp_path: Path) -> None:
    paid.ok("contract", "new", "--account", "Globex", "--amount", "500", "--number", "C-4",
            rep="bob")  # fmt: skip
    paid.ok("contract", "submit", "C-4", rep="bob")
    paid.ok("contract", "approve", "C-4", rep="maria")
    paid.ok("contract", "sign", "C-4", rep="bob")
    paid.ok("receivable", "add", "C-4", "500", "--due", "2026-12-01", rep="bob")
    sheet = tmp_path / "bank.csv"
    sheet.write_text(
        "received_on,contract,amount,ref\n"
        "2026-11-23,C-4,100,X-1\n"
        "2026-11-23,C-1,100,X-2\n"
        "2026-11-23,C-4,100,X-3\n",
        encoding="utf-8",
    )
    before = state_of(paid)
    refused = paid("receivable", "import", str(sheet))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[:3] == [
        "line 2: contract: contract 4 belongs to bob; ask bob or a manager",
        "line 4: contract: contract 4 belongs to bob; ask bob or a manager",
        f"error: {sheet}: 2 problems, nothing imported",
    ]
    assert state_of(paid) == before


def test_raising_a_signed_contract_over_the_limit_is_refused_in_one_line(book: Cli) -> None:  # noqa: F811
    book.ok("account", "credit", "Acme", "--limit", "100000", rep="maria")
    before = state_of(book)
    refused = book("contract", "amend", "C-1", "--amount", "140000.01", "--reason", "more")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        1,
        "error: raising C-1 to 140,000.01 would take the account over its credit limit:"
        " limit 100,000.00, exposure 60,000.00 + 40,000.01, short by 0.01",
    )
    assert state_of(book) == before
    book.ok("contract", "amend", "C-1", "--amount", "140000", "--reason", "more")
    book.ok("contract", "amend", "C-1", "--amount", "170000", "--reason", "big",
            "--over-limit", rep="maria")  # fmt: skip
    assert "big" in book.ok("contract", "history", "C-1").stdout


def test_an_installments_export_imports_back_unchanged_and_exports_the_same(
    paid: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "schedule.csv"
    paid.ok("receivable", "export", str(sheet))
    first = sheet.read_bytes()
    assert first.decode().splitlines() == [
        "contract,account,owner,position,due_on,amount,received,note",
        "C-1,Acme,alice,1,2026-11-23,30000.00,30000.00,预付款",
        "C-1,Acme,alice,2,2027-01-22,60000.00,10000.00,进度款",
        "C-1,Acme,alice,3,2027-05-22,10000.00,0.00,尾款",
        "C-3,Acme,alice,1,2026-12-01,1000.00,1000.00,",
    ]
    # Unchanged rows pass whatever the contract's status, owner or total: bob's import
    # of this export changes nothing, as alice's after C-3 is closed.
    for command in ("start", "complete", "close"):
        paid.ok("contract", command, "C-3")
    before = state_of(paid)
    assert paid.ok("receivable", "import", str(sheet), "--installments", rep="bob").stderr == (
        "imported 4 installments: 0 new, 0 updated, 4 unchanged\n"
    )
    assert paid.ok("receivable", "import", str(sheet), "--installments", "--dry-run").stderr == (
        "would import 4 installments: 0 new, 0 updated, 4 unchanged\n"
    )
    assert paid.ok("receivable", "import", str(sheet), "--installments").stderr == (
        "imported 4 installments: 0 new, 0 updated, 4 unchanged\n"
    )
    assert state_of(paid) == before
    paid.ok("receivable", "export", str(sheet))
    assert sheet.read_bytes() == first


def test_a_schedule_that_does_not_add_up_is_refused_whole(paid: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "schedule.csv"
    sheet.write_text(
        "合同编号,期次,到期日,金额,备注\n"
        "C-1,1,2026-11-23,30000,预付款\n"
        "C-1,2,2027-01-22,5000,进度款\n"  # below the 10,000 received on it
        "C-1,3,2027-05-22,10000,尾款\n"
        "C-2,1,2027-01-01,4000,\n"  # Globex's C-2 is bob's
        "C-2,2,2027-02-01,1000,\n"
        "C-9,1,2027-01-01,1,\n"
        "C-3,1,2026-12-01,1000,\n"
        "C-3,1,2026-12-02,1,\n",
        encoding="utf-8",
    )
    before = state_of(paid)
    refused = paid("receivable", "import", str(sheet), "--installments")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "line 2: amount: C-1's installments add up to 45,000.00, not its 100,000.00 (-55,000.00)",
        "line 3: amount: installment 2 of C-1 has 10,000.00 received; it cannot be less (5,000.00)",
        "line 5: contract: contract 2 belongs to bob; ask bob or a manager",
        "line 6: contract: contract 2 belongs to bob; ask bob or a manager",
        "line 7: contract: no contract 'C-9'",
        "line 8: amount: C-3's installments add up to 1,001.00, not its 1,000.00 (+1.00)",
        "line 9: position: C-3 has installment 1 on line 8 too",
        "line 9: amount: installment 1 of C-3 has 1,000.00 received; it cannot be less (1.00)",
        f"error: {sheet}: 8 problems, nothing imported",
        "hint: fix those lines and import again (a misread column: --map SRC=FIELD)",
    ]
    assert state_of(paid) == before


def test_a_new_schedule_replaces_the_unpaid_installments_and_undoes(
    paid: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "schedule.csv"
    sheet.write_text(
        "contract,position,due_on,amount,note\n"
        "C-1,1,2026-11-23,30000,预付款\n"
        "C-1,2,2027-02-01,60000,进度款\n"
        "C-1,4,2027-06-01,6000,\n"
        "C-1,5,2027-07-01,4000,尾款\n",
        encoding="utf-8",
    )
    before = state_of(paid)
    assert paid.ok("receivable", "import", str(sheet), "--installments").stderr == (
        "imported 4 installments: 2 new, 1 updated, 1 unchanged\n"
    )
    assert paid.ok("receivable", "export").stdout.splitlines()[1:5] == [
        "C-1,Acme,alice,1,2026-11-23,30000.00,30000.00,预付款",
        "C-1,Acme,alice,2,2027-02-01,60000.00,10000.00,进度款",
        "C-1,Acme,alice,4,2027-06-01,6000.00,0.00,",
        "C-1,Acme,alice,5,2027-07-01,4000.00,0.00,尾款",
    ]
    assert paid.ok("import", "list").stdout.count("installment") == 1
    paid.ok("import", "undo", "1")
    after = state_of(paid)
    assert after[1:] == before[1:]


def test_completing_sets_100_percent_and_closing_with_money_owed_warns(book: Cli) -> None:  # noqa: F811
    book.ok("contract", "progress", "C-1", "60%")
    book.ok("contract", "start", "C-1")
    completed = book.ok("contract", "complete", "C-1")
    assert "  Complete     100%\n" in book.ok("contract", "show", "C-1").stdout
    assert "warning" not in completed.stderr
    closed = book.ok("contract", "close", "C-1")
    assert closed.stderr.splitlines()[0] == (
        "warning: contract C-1 is closed with 60,000.00 of 100,000.00 unpaid; it stays owed"
        " (salescli receivable list --contract C-1)"
    )
    assert book.ok("receivable", "list", "--contract", "C-1", "--csv").stdout.count("\n") == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("receivable", "unpay", "1"), "error: missing --reason: say why the receipt is reversed"),
        (("contract", "suspend", "C-1"), "error: missing --reason: say why it is suspended"),
        (("contract", "terminate", "C-1"), "error: missing --reason: say why it is terminated"),
        (("contract", "amend", "C-1", "--amount", "1"), "error: missing --reason: say why it is amended"),
        (("contract", "sign", "C-2", "--over-limit"),
         "error: missing --reason: say why it may pass the credit limit"),
        (("quote", "reject", "1"), "error: missing --reason: say why it was declined"),
        (("quote", "accept", "1", "--over-limit"),
         "error: missing --reason: say why it may pass the credit limit"),
    ],
)  # fmt: skip
def test_a_missing_reason_is_one_readable_line_exit_1_and_writes_nothing(
    book: Cli,  # noqa: F811
    args: tuple[str, ...],
    message: str,
) -> None:
    before = state_of(book)
    result = book(*args)
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert state_of(book) == before
