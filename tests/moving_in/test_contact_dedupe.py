"""Moving in from another CRM (issue 17): a call log with one row per call names the same
contact many times; contacts import merges such rows into one contact (the account's, or
an earlier line's) and says how many it merged."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli
from tests.moving_in.helpers import write

CALL_LOG = (
    "Company,Contact Name,Phone,Email\n"
    "Acme,Zhou Xun,139 0000 1111,\n"  # the account's contact, same phone
    "Acme,zhou xun,,\n"  # the same name and nothing else
    "Acme,Li Na,,li@acme.cn\n"
    "Acme,Li Na,,LI@acme.cn\n"  # an earlier line's contact, same email
    "Acme,Li Na,,lina@gmail.com\n"  # another Li Na
    "Acme,Wang Wei,,\n"
    "Acme,Wang Wei,,\n"
    "Globex,Zhou Xun,139 0000 1111,\n"  # another account: another person
)


def test_a_call_log_makes_one_contact_per_person(cli: Cli, tmp_path: Path) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("account", "add", "Globex")
    cli.ok("contact", "add", "Acme", "Zhou Xun", "--phone", "+86 139 0000 1111")
    result = cli.ok("contact", "import", str(write(tmp_path / "calls.csv", CALL_LOG)))
    assert (
        result.stderr == "imported 8 contacts: 4 new, 0 updated, 4 merged into the same contact\n"
    )
    contacts = json.loads(cli.ok("contact", "list", "--json").stdout)
    assert sorted((c["account"], c["name"], c["email"] or "") for c in contacts) == [
        ("Acme", "Li Na", "li@acme.cn"),
        ("Acme", "Li Na", "lina@gmail.com"),
        ("Acme", "Wang Wei", ""),
        ("Acme", "Zhou Xun", ""),
        ("Globex", "Zhou Xun", ""),
    ]


def test_importing_the_same_file_twice_adds_nothing(cli: Cli, tmp_path: Path) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("account", "add", "Globex")
    path = write(tmp_path / "calls.csv", CALL_LOG)
    cli.ok("contact", "import", str(path))
    again = cli.ok("contact", "import", str(path))
    assert again.stderr == "imported 8 contacts: 0 new, 0 updated, 8 merged into the same contact\n"
