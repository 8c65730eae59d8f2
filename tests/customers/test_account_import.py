"""Account imports match existing accounts by name too, and say so when names collide."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli


def test_renaming_an_account_onto_another_name_is_refused_by_line(cli: Cli, tmp_path: Path) -> None:
    first = tmp_path / "accounts.csv"
    first.write_text("name,region\nAcme,Chicago\nGlobex,Shanghai\n", encoding="utf-8")
    cli.ok("account", "import", str(first))
    rename = tmp_path / "rename.csv"
    rename.write_text("id,name\n1,GLOBEX\n", encoding="utf-8")
    refused = cli("account", "import", str(rename))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == "line 2: name: another record already has this name"
    assert [a.split()[1] for a in cli.ok("account", "list").stdout.splitlines()[1:]] == [
        "Acme",
        "Globex",
    ]


def test_a_row_naming_an_existing_account_in_another_case_updates_it(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("account", "add", "Acme Corp", "--region", "Chicago")
    sheet = tmp_path / "accounts.csv"
    sheet.write_text("Company Name,Region\nACME CORP,Boston\n", encoding="utf-8")
    imported = cli.ok("account", "import", str(sheet))
    assert imported.stderr == "imported 1 account: 0 new, 1 updated\n"
    # The file is the truth for the columns it has, the name's spelling included.
    assert cli.ok("account", "show", "acme").stdout == (
        "Account 1: ACME CORP\n"
        "  Status  prospect\n"
        "  Region  Boston\n"
        "  Owner   alice\n"
        "\n"
        "Value\n"
        "  Class      -\n"
        "  VIP        no\n"
        "  Lifecycle  -: no purchase yet\n"
        "  Purchases  none\n"
        "  Profile    0 of 41 known (0%)\n"
        "\n"
        "Contacts\n"
        "  (none)\n"
    )
