"""Adding a lead or contact that looks like an existing record, and re-importing a lead
file: look-alikes are named, and nothing is added unless asked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from salescli.cli import prompts
from salescli.services.core.duplicates import phone_key
from tests.conftest import Cli


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("lead", "add", "Wang Wei", "--phone", "+86 139 0000 1111", "--email", "wang@acme.cn")
    cli.ok("account", "add", "Acme")
    cli.ok("contact", "add", "Acme", "Dana Wu", "--email", "dana@acme.com")
    return cli


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (
            ("lead", "add", "W. Wang", "--phone", "139-0000-1111"),
            "error: lead W. Wang looks like an existing record: lead 1 (Wang Wei) has this phone\n",
        ),
        (
            ("lead", "add", "Dana", "--email", "DANA@acme.com"),
            "error: lead Dana looks like an existing record: contact 1 (Dana Wu) has this email\n",
        ),
        (
            ("contact", "add", "Acme", "Wang Wei", "--phone", "13900001111"),
            "error: contact Wang Wei looks like an existing record: lead 1 (Wang Wei) has this"
            " phone\n",
        ),
    ],
    ids=["lead-phone", "lead-email-of-contact", "contact-phone-of-lead"],
)
def test_a_look_alike_is_refused_off_a_terminal_naming_the_record_unless_forced(
    book: Cli, command: tuple[str, ...], said: str
) -> None:
    table = command[0]
    before = count(book.db, table)
    refused = book(*command)
    assert refused.exit_code == 1
    assert refused.stderr == said + "hint: --force adds it anyway; nothing was added\n"
    assert count(book.db, table) == before
    book.ok(*command, "--force")
    assert count(book.db, table) == before + 1


def test_on_a_terminal_the_look_alike_is_named_and_the_rep_asked(
    book: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    monkeypatch.setattr(prompts, "confirm", lambda question: asked.append(question) or False)
    refused = book("lead", "add", "W. Wang", "--phone", "139 0000 1111")
    assert refused.exit_code == 1
    assert refused.stderr == ("warning: lead 1 (Wang Wei) has this phone\nerror: nothing added\n")
    assert asked == ["Add lead W. Wang anyway?"]
    assert count(book.db, "lead") == 1
    monkeypatch.setattr(prompts, "confirm", lambda question: True)
    book.ok("lead", "add", "W. Wang", "--phone", "139 0000 1111")
    assert count(book.db, "lead") == 2


def test_different_numbers_and_short_ones_are_no_look_alikes(book: Cli) -> None:
    book.ok("lead", "add", "Other", "--phone", "+86 139 0000 1112")
    book.ok("lead", "add", "Ext", "--phone", "12")
    book.ok("lead", "add", "Ext Too", "--phone", "12")
    assert phone_key("+86 (139) 0000-1111") == phone_key("0086 13900001111") == "13900001111"


def test_re_importing_a_lead_file_skips_and_reports_the_look_alikes(
    book: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "expo.csv"
    sheet.write_text(
        "name,phone,email\nWang Wei,139 0000 1111,\nZhou Xun,,zhou@x.cn\nLi Na,,wang@ACME.cn\n",
        encoding="utf-8",
    )
    imported = book.ok("lead", "import", str(sheet))
    assert imported.stderr == (
        "imported 3 leads: 1 new, 0 updated, 2 skipped as look-alikes\n"
        "1 new lead assigned to alice (the file has no owner column)\n"
        "warning: line 2: looks like lead 1 (Wang Wei): same phone\n"
        "warning: line 4: looks like lead 1 (Wang Wei): same email\n"
        "warning: --on-conflict add imports them as new leads\n"
    )
    assert count(book.db, "lead") == 2
    again = book.ok("lead", "import", str(sheet))
    assert again.stderr.startswith("imported 3 leads: 0 new, 0 updated, 3 skipped as look-alikes")
    before = count(book.db, "lead")
    refused = book("lead", "import", str(sheet), "--on-conflict", "error")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == "line 2: looks like lead 1 (Wang Wei): same phone"
    assert count(book.db, "lead") == before
    book.ok("lead", "import", str(sheet), "--on-conflict", "add")
    assert count(book.db, "lead") == before + 3


def test_a_file_naming_a_person_twice_adds_them_once(book: Cli, tmp_path: Path) -> None:
    """The second row with a phone or email that an earlier new row has is a look-alike
    too, as a lead already in the book would be; a short number tells nobody apart."""
    sheet = tmp_path / "fair.csv"
    sheet.write_text(
        "name,phone,email\n"
        "Zhou Xun,+86 137 1234 5678,\n"
        "Zhou X.,0086 13712345678,\n"
        "Li Na,,li@corp.cn\n"
        "Na Li,,LI@corp.cn \n"
        "Desk,12,\n"
        "Desk Too,12,\n",
        encoding="utf-8",
    )
    imported = book.ok("lead", "import", str(sheet))
    assert imported.stderr == (
        "imported 6 leads: 4 new, 0 updated, 2 skipped as look-alikes\n"
        "all 4 new leads assigned to alice (the file has no owner column)\n"
        "warning: line 3: looks like an earlier line (Zhou Xun): same phone\n"
        "warning: line 5: looks like an earlier line (Li Na): same email\n"
        "warning: --on-conflict add imports them as new leads\n"
    )
    assert count(book.db, "lead") == 1 + 4
    book.ok("lead", "import", str(sheet), "--on-conflict", "add", "--dry-run")
    refused = book("lead", "import", str(sheet), "--on-conflict", "error")
    assert refused.stderr.splitlines()[0] == "line 2: looks like lead 2 (Zhou Xun): same phone"


def test_a_row_naming_a_lead_by_external_id_updates_it_and_is_no_look_alike(
    cli: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "crm.csv"
    sheet.write_text("external_id,name,phone\nE1,Wang Wei,139 0000 1111\n", encoding="utf-8")
    cli.ok("lead", "import", str(sheet))
    sheet.write_text("external_id,name,phone\nE1,Wang Wei Jr,139 0000 1111\n", encoding="utf-8")
    assert cli.ok("lead", "import", str(sheet)).stderr == "imported 1 lead: 0 new, 1 updated\n"
