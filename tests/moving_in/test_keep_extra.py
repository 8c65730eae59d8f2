"""Moving in from another CRM (issue 17, item 13): the columns an import does not read
(an account's revenue, employees and year founded; a deal's product) are kept with
--keep-extra, as account facts or a note on each deal, rather than lost; a second import
replaces them, and undo takes them away."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli
from tests.moving_in.helpers import write

# A Salesforce data export of accounts: API names, three columns salescli has no field for.
ACCOUNTS = (
    "Account ID,Name,Industry,AnnualRevenue,NumberOfEmployees,YearStarted,Account Owner\n"
    "001A,Acme Ltd,Manufacturing,1200000,45,1999,alice\n"
    "001B,Beta GmbH,Retail,,12,2010,alice\n"
)
IGNORED = "AnnualRevenue, NumberOfEmployees, YearStarted"


def facts(cli: Cli, account: str) -> str:
    """The account's facts as listed (or the line that says it has none)."""
    result = cli.ok("account", "fact", account)
    return result.stdout or result.stderr


def test_without_keep_extra_the_warning_names_it(cli: Cli, tmp_path: Path) -> None:
    result = cli.ok("account", "import", str(write(tmp_path / "a.csv", ACCOUNTS)))
    assert result.stderr == (
        f"warning: ignored columns: {IGNORED} (map them with --map SRC=FIELD, or keep them"
        " as account facts with --keep-extra)\n"
        "imported 2 accounts: 2 new, 0 updated\n"
    )
    assert facts(cli, "Acme") == "no facts yet\n"


def test_account_columns_are_kept_as_facts(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", ACCOUNTS)
    result = cli.ok("account", "import", str(path), "--keep-extra")
    assert result.stderr == (
        f"imported 2 accounts: 2 new, 0 updated\nkept 3 extra columns as account facts: {IGNORED}\n"
    )
    assert facts(cli, "Acme") == (
        "Key                  Value\n"
        "annual revenue       1200000\n"
        "number of employees  45\n"
        "year started         1999\n"
    )
    # An empty cell keeps nothing.
    assert facts(cli, "Beta") == (
        "Key                  Value\nnumber of employees  12\nyear started         2010\n"
    )
    profile = cli.ok("account", "profile", "Acme").stdout
    assert profile.endswith(
        "Other facts\n"
        "  annual revenue (fact)       1200000  (2026-11-23, alice)\n"
        "  number of employees (fact)  45  (2026-11-23, alice)\n"
        "  year started (fact)         1999  (2026-11-23, alice)\n"
    )


def test_a_dry_run_says_what_it_would_keep_and_keeps_nothing(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", ACCOUNTS)
    result = cli.ok("account", "import", str(path), "--keep-extra", "--dry-run", "--json")
    summary = json.loads(result.stdout)
    assert summary["kept_columns"] == ["AnnualRevenue", "NumberOfEmployees", "YearStarted"]
    assert summary["extra_kept_as"] == "account facts"
    assert summary["ignored_columns"] == []
    assert summary["dry_run"] is True
    assert f"would keep 3 extra columns as account facts: {IGNORED}\n" in result.stderr
    listed = cli.ok("account", "list", "--json").stdout
    assert json.loads(listed) == []


def test_a_second_import_replaces_facts_and_undo_puts_them_back(cli: Cli, tmp_path: Path) -> None:
    cli.ok("account", "import", str(write(tmp_path / "a.csv", ACCOUNTS)), "--keep-extra")
    changed = ACCOUNTS.replace("1200000", "1500000")
    cli.ok("account", "import", str(write(tmp_path / "b.csv", changed)), "--keep-extra")
    assert facts(cli, "Acme").splitlines()[1] == "annual revenue       1500000"
    assert len(facts(cli, "Acme").splitlines()) == 4  # replaced, not added
    runs = json.loads(cli.ok("import", "list", "--json").stdout)
    cli.ok("import", "undo", str(runs[-1]["id"]))
    assert facts(cli, "Acme").splitlines()[1] == "annual revenue       1200000"
    cli.ok("import", "undo", str(runs[0]["id"]))
    assert cli("account", "fact", "Acme").exit_code == 1  # the account is gone too


def test_facts_kept_on_existing_accounts_go_with_undo(cli: Cli, tmp_path: Path) -> None:
    cli.ok("account", "import", str(write(tmp_path / "a.csv", ACCOUNTS)))
    cli.ok("account", "import", str(tmp_path / "a.csv"), "--keep-extra")
    assert len(facts(cli, "Acme").splitlines()) == 4
    runs = json.loads(cli.ok("import", "list", "--json").stdout)
    assert len(runs) == 2
    cli.ok("import", "undo", str(runs[-1]["id"]))
    assert facts(cli, "Acme") == "no facts yet\n"


def test_skip_leaves_existing_accounts_facts_alone(cli: Cli, tmp_path: Path) -> None:
    cli.ok("account", "import", str(write(tmp_path / "a.csv", ACCOUNTS)))
    more = ACCOUNTS + "001C,Gamma SA,Retail,900,3,2020,alice\n"
    path = write(tmp_path / "b.csv", more)
    cli.ok("account", "import", str(path), "--keep-extra", "--on-conflict", "skip")
    assert facts(cli, "Acme") == "no facts yet\n"
    assert "annual revenue       900" in facts(cli, "Gamma")


# A pipeline export with a product and a region salescli has no field for.
DEALS = (
    "Opportunity ID,Opportunity Name,Account Name,Amount,Stage,Close Date,Created Date,"
    "Owner,Product,Region\n"
    "O-1,Big deal,Acme Ltd,1000,prospect,2027-01-10,2026-11-01,alice,Widget,EMEA\n"
    "O-2,Small deal,Acme Ltd,500,won,2026-11-20,2026-10-01,alice,,APAC\n"
)


def history(cli: Cli, deal: int) -> list[str]:
    shown = cli.ok("opp", "show", str(deal)).stdout
    return shown[shown.index("Stage history") :].splitlines()[2:]


def test_deal_columns_become_a_note_on_each_deal(cli: Cli, tmp_path: Path) -> None:
    cli.ok("account", "add", "Acme Ltd")
    path = write(tmp_path / "d.csv", DEALS)
    plain = cli.ok("opp", "import", str(path), "--dry-run")
    assert plain.stderr.startswith(
        "warning: ignored columns: Product, Region (map them with --map SRC=FIELD, or keep"
        " them as deal notes with --keep-extra)\n"
    )
    result = cli.ok("opp", "import", str(path), "--keep-extra", "--json")
    assert json.loads(result.stdout)["kept_columns"] == ["Product", "Region"]
    assert result.stderr == (
        "imported 2 deals: 2 new, 0 updated\nkept 2 extra columns as deal notes: Product, Region\n"
    )
    assert history(cli, 1) == [
        "2026-11-01  prospect  22d so far  (opened)  alice  imported — Product: Widget; Region: EMEA"
    ]
    assert history(cli, 2) == [
        "2026-10-01  prospect         50d  (opened)  alice  imported — Region: APAC",
        "2026-11-20  won                   prospect  alice  imported",
    ]
    shown = json.loads(cli.ok("opp", "show", "1", "--json").stdout)
    assert shown["history"][0]["note"] == "imported — Product: Widget; Region: EMEA"


def test_a_second_deal_import_replaces_the_note_and_undo_restores_it(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("account", "add", "Acme Ltd")
    cli.ok("opp", "import", str(write(tmp_path / "d.csv", DEALS)), "--keep-extra")
    changed = write(tmp_path / "e.csv", DEALS.replace("Widget", "Gadget"))
    cli.ok("opp", "import", str(changed), "--keep-extra")
    assert history(cli, 1)[0].endswith("imported — Product: Gadget; Region: EMEA")
    runs = json.loads(cli.ok("import", "list", "--json").stdout)
    cli.ok("import", "undo", str(runs[-1]["id"]))
    assert history(cli, 1)[0].endswith("imported — Product: Widget; Region: EMEA")
    cli.ok("import", "undo", str(runs[0]["id"]))
    assert cli("opp", "show", "1").exit_code == 1


def test_a_deal_opened_by_hand_keeps_its_own_note_before_the_kept_one(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("account", "add", "Acme Ltd")
    cli.ok("opp", "add", "Acme Ltd", "Big deal", "--amount", "1000", "--close", "2027-01-10")
    sheet = write(tmp_path / "d.csv", "id,Product\n1,Widget\n")
    result = cli.ok("opp", "import", str(sheet), "--keep-extra")
    assert result.stderr == (
        "imported 1 deal: 0 new, 0 updated, 1 unchanged\n"
        "kept 1 extra column as deal notes: Product\n"
    )
    assert history(cli, 1) == [
        "2026-11-23  prospect   0d so far  (opened)  alice  opened — Product: Widget"
    ]


def test_contact_columns_are_kept_as_contact_facts(cli: Cli, tmp_path: Path) -> None:
    """Rows without an id are new contacts, found in the order they were written; a row
    merged into a contact the file already added keeps nothing."""
    cli.ok("account", "add", "Acme Ltd")
    text = (
        "Account,Name,Email,LinkedIn,Lead Score\n"
        "Acme Ltd,Li Na,li@acme.com,linkedin.com/in/lina,80\n"
        "Acme Ltd,Wang Wei,,,55\n"
        "Acme Ltd,Li Na,li@acme.com,,90\n"
    )
    result = cli.ok("contact", "import", str(write(tmp_path / "c.csv", text)), "--keep-extra")
    assert result.stderr == (
        "imported 3 contacts: 2 new, 0 updated, 1 merged into the same contact\n"
        "kept 2 extra columns as contact facts: LinkedIn, Lead Score\n"
    )
    assert cli.ok("contact", "profile", "1").stdout.endswith(
        "Other facts\n"
        "  lead score (fact)  80  (2026-11-23, alice)\n"
        "  linked in (fact)   linkedin.com/in/lina  (2026-11-23, alice)\n"
    )
    assert cli.ok("contact", "profile", "2").stdout.endswith(
        "Other facts\n  lead score (fact)  55  (2026-11-23, alice)\n"
    )
    runs = json.loads(cli.ok("import", "list", "--json").stdout)
    cli.ok("import", "undo", str(runs[0]["id"]))
    assert cli("contact", "show", "1").exit_code == 1


def test_contact_facts_find_each_row_s_contact_in_a_mixed_file(cli: Cli, tmp_path: Path) -> None:
    """A new contact by external id, a new one without, an existing one by id."""
    cli.ok("account", "add", "Acme Ltd")
    cli.ok("contact", "add", "Acme Ltd", "Old One")
    text = (
        "id,External ID,Account,Name,Score\n"
        ",C-9,Acme Ltd,Ext Person,1\n"
        ",,Acme Ltd,Plain Person,2\n"
        "1,,Acme Ltd,Old One,3\n"
    )
    cli.ok("contact", "import", str(write(tmp_path / "c.csv", text)), "--keep-extra")
    scores = {}
    for contact in ("1", "2", "3"):
        shown = cli.ok("contact", "profile", contact).stdout.splitlines()
        scores[shown[0].split(": ")[1].split(" —")[0]] = shown[-1].split()[2]
    assert scores == {"Old One": "3", "Ext Person": "1", "Plain Person": "2"}
