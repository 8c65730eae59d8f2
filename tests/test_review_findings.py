"""Bugs found in review, each with the test that would have caught it."""

from __future__ import annotations

import os
import subprocess
import sys
import time as clock
from datetime import date, time
from pathlib import Path

import pytest

from salescli import dates
from tests.conftest import Cli

SALESCLI = str(Path(sys.executable).parent / "salescli")


def test_a_utf8_file_with_one_stray_byte_is_refused_not_read_as_gb18030(
    cli: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_bytes(
        "name,company\nJosé Müller,Café Ltd\nZoë Brontë,Crème SA\n".encode() + b"Ren\xe9e,Acme\n"
    )
    result = cli("lead", "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {sheet}: line 4: is not valid UTF-8\n"
        "hint: save the file as UTF-8, or pass --encoding (gb18030, cp1252, ...)\n"
    )
    cli.ok("lead", "import", str(sheet), "--encoding", "cp1252")


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    clock.tzset()
    yield
    monkeypatch.undo()
    clock.tzset()


def test_a_late_evening_record_keeps_its_date_across_daylight_saving(berlin: None) -> None:
    # Run in winter (UTC+1) as if on a summer day (UTC+2), at 23:30 local time.
    stamped = dates.stamp(date(2026, 7, 1), time(23, 30))
    assert stamped == "2026-07-01T21:30:00Z"
    assert dates.local_date_of(stamped) == date(2026, 7, 1)


def test_init_leaves_no_rep_behind_when_the_config_cannot_be_written(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("SALESCLI_CONFIG_DIR", str(blocker / "config"))
    result = Cli(db_path, rep=None)("init", "--rep", "carol", "--name", "Carol")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot write {blocker / 'config' / 'config.toml'}")
    monkeypatch.setenv("SALESCLI_CONFIG_DIR", str(tmp_path / "config"))
    assert Cli(db_path, rep=None)("rep", "list", "--json").stdout == "[]\n"


def test_export_into_a_missing_folder_says_so(cli: Cli, tmp_path: Path) -> None:
    result = cli("lead", "export", str(tmp_path / "nowhere" / "leads.csv"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: cannot write {tmp_path / 'nowhere' / 'leads.csv'}: no folder {tmp_path / 'nowhere'}\n"
    )


def test_importing_from_a_pipe_asks_for_a_file(cli: Cli) -> None:
    env = {**os.environ, "SALESCLI_TODAY": "2026-11-23"}
    result = subprocess.run(
        [SALESCLI, "--db", str(cli.db), "--as", "alice", "lead", "import", "/dev/stdin"],
        input=b"name\nWang Wei\n",
        capture_output=True,
        env=env,
        timeout=20,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith("error: cannot read /dev/stdin")
    assert (
        lines[1] == "hint: a CSV must be a readable file: save the data to a file and import that"
    )


def test_an_edit_with_nothing_to_change_says_so(cli: Cli) -> None:
    cli.ok("lead", "add", "Wang Wei")
    result = cli("lead", "edit", "1")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: nothing to change\nhint: give at least one field to change; see --help\n"
    )


def test_a_sheet_may_name_owners_by_full_name(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text("姓名,负责人\n王伟,Bob Li\n李娜,BOB LI\n", encoding="utf-8")
    cli.ok("lead", "import", str(sheet))
    owners = [line.split()[-1] for line in cli.ok("lead", "list", "--all").stdout.splitlines()[1:]]
    assert owners == ["bob", "bob"]


def test_a_lead_imported_as_converted_without_an_account_says_so(cli: Cli, tmp_path: Path) -> None:
    # Other CRMs' exports carry converted leads as history, with no account of ours.
    sheet = tmp_path / "pipeline.csv"
    sheet.write_text("Full Name,Lead Status\nWang Wei,Closed - Converted\n", encoding="utf-8")
    cli.ok("lead", "import", str(sheet))
    result = cli("lead", "convert", "1")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: lead 1 is converted; it cannot be converted\n"
        "hint: it was imported as converted, with no account\n"
    )


def test_init_says_when_it_leaves_an_existing_rep_alone(cli: Cli) -> None:
    result = cli.ok("init", "--rep", "alice", "--name", "Alice Wong", "--role", "manager")
    assert result.stderr.splitlines()[0] == (
        "warning: rep alice was already in the book as Alice Chen (rep);"
        " --name and --role left as they are"
    )


def test_a_refused_file_still_names_the_columns_it_did_not_read(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text("name,Next,budget\nWang Wei,31/11/2026,lots\n", encoding="utf-8")
    result = cli("lead", "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "warning: ignored columns: Next (map them with --map SRC=FIELD)",
        "line 2: budget: 'lots' is not an amount (write it like 12500 or 12,500.00)",
    ]
