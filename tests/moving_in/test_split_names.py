"""A person's name over two columns, as Salesforce and HubSpot export leads and contacts
("First Name", "Last Name") and a Chinese sheet writes 姓 and 名, is read as one name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from salescli.split_names import joined
from tests.conftest import Cli


@pytest.mark.parametrize(
    ("given", "family", "name"),
    [
        ("Ada", "Lovelace", "Ada Lovelace"),
        ("伟", "王", "王伟"),
        ("  Ada ", " Lovelace ", "Ada Lovelace"),
        ("", "Lovelace", "Lovelace"),
        ("Grace", "", "Grace"),
        ("", "", ""),
    ],
)
def test_the_halves_join_as_the_name_is_written(given: str, family: str, name: str) -> None:
    assert joined(given, family) == name


def names(cli: Cli, entity: str) -> list[str]:
    listed = json.loads(cli.ok(entity, "list", "--json").stdout)
    return [row["name"] for row in listed]


def test_a_salesforce_lead_export_with_first_and_last_names(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text(
        "First Name,Last Name,Company,Email,Lead Status\n"
        "Ada,Lovelace,Analytical Engines,ada@example.com,Open\n"
        "伟,王,华为,wang@example.com,Open\n"
        ",Solo,Acme,solo@example.com,Open\n"
        "\n"
        "Grace,,Navy,grace@example.com,Open\n",
        encoding="utf-8",
    )
    result = cli.ok("lead", "import", str(sheet))
    assert "imported 4 leads: 4 new, 0 updated" in result.stderr
    assert "ignored" not in result.stderr  # the halves were read, into the name
    assert sorted(names(cli, "lead")) == sorted(["Ada Lovelace", "王伟", "Solo", "Grace"])


def test_a_chinese_contact_sheet_with_family_and_given_names(cli: Cli, tmp_path: Path) -> None:
    cli.ok("account", "add", "腾讯")
    sheet = tmp_path / "contacts.csv"
    sheet.write_text("姓,名,公司,电话\n李,娜,腾讯,13800138000\n", encoding="utf-8")
    result = cli.ok("contact", "import", str(sheet), "--keep-extra")
    assert names(cli, "contact") == ["李娜"]
    assert "kept" not in result.stderr  # the halves are no extra columns to keep


def test_a_file_with_a_whole_name_reads_that_and_not_the_halves(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text(
        "Full Name,First Name,Last Name,Company\nDr Ada King,Ada,Lovelace,Analytical Engines\n",
        encoding="utf-8",
    )
    result = cli.ok("lead", "import", str(sheet))
    assert names(cli, "lead") == ["Dr Ada King"]
    assert "First Name, Last Name" in result.stderr  # read no further: ignored, and said so


def test_a_column_mapped_to_the_name_wins_over_the_halves(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text(
        "Person,First Name,Last Name,Company\nAda L.,Ada,Lovelace,Analytical Engines\n",
        encoding="utf-8",
    )
    cli.ok("lead", "import", str(sheet), "--map", "Person=name")
    assert names(cli, "lead") == ["Ada L."]


def test_without_a_name_or_its_halves_the_file_is_refused_as_before(
    cli: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text("Company,Email\nAcme,a@example.com\n", encoding="utf-8")
    result = cli("lead", "import", str(sheet))
    assert result.exit_code == 1
    assert "no column for name" in result.stderr
