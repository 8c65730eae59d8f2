"""`salescli expense ...` and `report expenses`: the ledger, its approval, the monthly
claim and the cost of sale. Today is pinned to Monday 2026-11-23."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli
from tests.marketing.conftest import state


def test_an_expense_at_a_visit_belongs_to_its_account_and_deal(ledger: Cli) -> None:
    data = json.loads(ledger.ok("expense", "list", "--month", "2026-11", "--json").stdout)
    assert [
        (e["id"], e["category"], e["account"], e["opportunity_id"], e["activity_id"]) for e in data
    ] == [
        (1, "entertainment", "Acme", None, None),
        (2, "travel", "Acme", 1, 1),
    ]


def test_the_month_goes_from_recorded_to_reimbursed(ledger: Cli) -> None:
    submitted = ledger.ok("expense", "submit", "--month", "2026-11")
    assert submitted.stderr == "2 expenses submitted (500.00): 1, 2\n"
    refused = ledger("expense", "approve", "1")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: only a manager may approve expenses; alice is a rep")
    ledger.ok("expense", "approve", "1", "2", rep="maria")
    ledger.ok("expense", "reimburse", "1", rep="maria")
    assert ledger.ok("expense", "list").stdout == (
        "ID  Date        Category       Amount  Status      Account  Deal  Note                 "
        "Receipt  Owner\n"
        " 3  2026-10-02  gifts           50.00  recorded                                         "
        "        alice\n"
        " 1  2026-11-12  entertainment  380.00  reimbursed  Acme           dinner with the CTO  "
        "F-2211   alice\n"
        " 2  2026-11-20  travel         120.00  approved    Acme        1                       "
        "         alice\n"
    )
    claim = ledger.ok("expense", "export", "--month", "2026-11", "--status", "approved").stdout
    assert claim.splitlines() == [
        "id,external_id,owner,on_date,category,amount,status,account,opportunity_id,"
        "activity_id,campaign,note,receipt,submitted_on,decided_by,decided_on,reject_reason,"
        "reimbursed_on",
        "2,,alice,2026-11-20,travel,120.00,approved,Acme,1,1,,,,2026-11-23,maria,2026-11-23,,",
    ]


@pytest.mark.parametrize(
    ("args", "rep", "message"),
    [
        (("expense", "add", "10", "--category", "taxi"), "alice",
         "error: 'taxi' is not a known expense category"),
        (("expense", "add", "0", "--category", "meals"), "alice",
         "error: an expense of 0 records nothing"),
        (("expense", "add", "10", "--category", "meals", "--campaign", "Expo"), "alice",
         "error: no campaign matches 'Expo'"),
        (("expense", "add", "10", "--category", "meals", "--opp", "9"), "alice",
         "error: no opportunity 9"),
        (("expense", "edit", "4", "--amount", "250"), "alice",
         "error: expense 4 belongs to bob; ask bob or a manager"),
        (("expense", "reject", "1", "--reason", "x"), "maria",
         "error: expense 1 is recorded; it cannot be rejected"),
        (("expense", "submit", "--month", "2026-09"), "alice",
         "error: no recorded expenses of yours in 2026-09 to submit"),
    ],
)  # fmt: skip
def test_bad_expense_input_is_one_line_and_writes_nothing(
    ledger: Cli, args: tuple[str, ...], rep: str, message: str
) -> None:
    before = state(ledger.db)
    result = ledger(*args, rep=rep)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message
    assert state(ledger.db) == before


def test_a_category_outside_the_list_names_the_list(ledger: Cli) -> None:
    result = ledger("expense", "add", "10", "--category", "taxi")
    assert result.stderr.splitlines()[1] == (
        "hint: choose one of: travel, meals, gifts, samples, entertainment, other"
    )


def test_a_settled_expense_is_rejected_or_reversed_before_it_changes(ledger: Cli) -> None:
    ledger.ok("expense", "submit", "1")
    ledger.ok("expense", "approve", "1", rep="maria")
    before = state(ledger.db)
    approved = ledger("expense", "edit", "1", "--amount", "400")
    assert (approved.exit_code, approved.stderr.splitlines()[0]) == (
        1,
        "error: expense 1 is approved; reject or reverse it first",
    )
    assert state(ledger.db) == before
    ledger.ok("expense", "reimburse", "1", rep="maria")
    reimbursed = ledger("expense", "edit", "1", "--amount", "400")
    assert reimbursed.stderr.splitlines()[0] == (
        "error: expense 1 is reimbursed; reject or reverse it first"
    )
    ledger.ok("expense", "reverse", "1", rep="maria")
    ledger.ok("expense", "reject", "1", "--reason", "no receipt", rep="maria")
    ledger.ok("expense", "edit", "1", "--amount", "400", "--receipt", "F-2299")
    ledger.ok("expense", "submit", "1")
    data = json.loads(ledger.ok("expense", "list", "--status", "submitted", "--json").stdout)
    assert [(e["id"], e["amount"], e["reject_reason"]) for e in data] == [(1, 400, None)]


def test_cost_of_sale_by_rep_and_account(ledger: Cli) -> None:
    # alice: 550 of expenses against 10,000 won: 5.5 %; bob: 200 and nothing won.
    # Acme: 500 against 10,000: 5 %.
    ledger.ok("opp", "win", "1", "--summary", "demo convinced them")
    ledger.ok("expense", "submit", "2")
    assert ledger.ok("report", "expenses", "--all").stdout == (
        "Rep    Expenses  Amount  Waiting  Approved  Won amount  Cost of sale\n"
        "alice         3  550.00   550.00      0.00   10,000.00          5.5%\n"
        "bob           1  200.00   200.00      0.00        0.00             -\n"
        "total         4  750.00   750.00      0.00   10,000.00          7.5%\n"
    )
    by_account = json.loads(
        ledger.ok("report", "expenses", "--all", "--by", "account", "--json").stdout
    )
    assert [(r["group"], r["amount"], r["cost_of_sale"]) for r in by_account["rows"]] == [
        ("Acme", 500, 5),
        ("Globex", 200, None),
        ("(none)", 50, None),
    ]
    by_month = json.loads(ledger.ok("report", "expenses", "--by", "month", "--json").stdout)
    assert [(r["group"], r["amount"]) for r in by_month["rows"]] == [
        ("2026-10", 50),
        ("2026-11", 500),
    ]
    assert by_month["total"]["cost_of_sale"] is None


def test_account_and_deal_pages_show_their_expenses(ledger: Cli) -> None:
    page = ledger.ok("opp", "show", "1").stdout
    assert page.endswith(
        "\nExpenses (120.00, rejected ones left out)\n"
        "ID  Date        Category  Amount  Status    Account  Deal  Note  Receipt  Owner\n"
        " 2  2026-11-20  travel    120.00  recorded  Acme        1                 alice\n"
    )
    account = json.loads(ledger.ok("account", "show", "Acme", "--json").stdout)
    assert [e["id"] for e in account["expenses"]] == [1, 2]


def test_remind_asks_for_campaign_results_and_approvals(ledger: Cli) -> None:
    ledger.ok("campaign", "add", "Expo", "--start", "2026-11-10", "--end", "2026-11-12")
    ledger.ok("campaign", "approve", "Expo", rep="maria")
    ledger.ok("expense", "submit", "1", "2")
    mine = json.loads(ledger.ok("remind", "--json").stdout)
    assert [(r["kind"], r["message"], r["command"]) for r in mine] == [
        (
            "campaign-results",
            "campaign Expo ended 11 days ago; results not recorded",
            "salescli campaign close 1 --attendance N",
        )
    ]
    manager = json.loads(ledger.ok("remind", "--json", rep="maria").stdout)
    assert [(r["kind"], r["message"], r["days_overdue"]) for r in manager] == [
        ("expenses-to-approve", "2 expenses (500.00) waiting for approval", 0)
    ]
    ledger.ok("campaign", "close", "1", "--attendance", "12")
    ledger.ok("expense", "approve", "1", "2", rep="maria")
    assert json.loads(ledger.ok("remind", "--all", "--json", rep="maria").stdout) == []


def test_a_handover_moves_live_campaigns_and_names_unsettled_expenses(ledger: Cli) -> None:
    ledger.ok("campaign", "add", "Expo")
    ledger.ok("campaign", "add", "Old fair")
    ledger.ok("campaign", "cancel", "Old fair")
    ledger.ok("expense", "submit", "1")
    result = ledger.ok("handover", "run", "--from", "alice", "--to", "bob", "--yes", rep="maria")
    header = (
        "| Successor | Accounts | Contacts | Deals | Activities | Leads | Contracts | Campaigns |"
    )
    assert header in result.stdout
    assert (
        "| 3 | expenses not yet reimbursed | expenses stay with the rep who incurred them;"
        " 550.00 to settle: 'salescli expense list --owner alice --status all' |"
    ) in result.stdout
    owners = json.loads(ledger.ok("campaign", "list", "--all", "--status", "all", "--json").stdout)
    assert [(c["name"], c["owner"]) for c in owners] == [("Expo", "bob"), ("Old fair", "alice")]
    ledger.ok("handover", "revert", "1", "--yes", rep="maria")
    owners = json.loads(ledger.ok("campaign", "list", "--all", "--status", "all", "--json").stdout)
    assert [c["owner"] for c in owners] == ["alice", "alice"]
    mine = json.loads(ledger.ok("expense", "list", "--json").stdout)
    assert [e["owner"] for e in mine] == ["alice", "alice", "alice"]
