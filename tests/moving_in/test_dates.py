"""Moving in from another CRM (issue 17): US (M/D/YYYY) and European (D/M/YYYY) dates are
read with --date-format or the order the file proves, refused when ambiguous; datetimes
with a zone are the day they were where the book is kept."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TODAY, Cli
from tests.moving_in.helpers import by_name, write


def close_dates(cli: Cli) -> dict[str, str]:
    return by_name(cli, "close_date")


# A Salesforce report export: labels and M/D/YYYY.
US_REPORT = "Opportunity Name,Stage,Close Date\nA,prospect,6/2/2027\nB,prospect,12/31/2026\n"


def test_the_file_proves_month_first(cli: Cli, tmp_path: Path) -> None:
    cli.ok("opp", "import", str(write(tmp_path / "us.csv", US_REPORT)))
    assert close_dates(cli) == {"A": "2027-06-02", "B": "2026-12-31"}


def test_the_file_proves_day_first(cli: Cli, tmp_path: Path) -> None:
    text = "Opportunity Name,Stage,Close Date\nA,prospect,6/2/2027\nB,prospect,31/12/2026\n"
    cli.ok("opp", "import", str(write(tmp_path / "eu.csv", text)))
    assert close_dates(cli) == {"A": "2027-02-06", "B": "2026-12-31"}


def test_ambiguous_dates_are_refused_naming_the_option(cli: Cli, tmp_path: Path) -> None:
    text = "Opportunity Name,Stage,Close Date\nA,prospect,6/2/2027\nB,prospect,3/4/2027\n"
    path = write(tmp_path / "x.csv", text)
    result = cli("opp", "import", str(path))
    assert result.exit_code == 1
    assert (
        "line 2: close_date: '6/2/2027' could be 2 June 2027 or 6 February 2027 (say how the"
        " file writes dates: --date-format mdy (6/2/2023), dmy or ymd)"
    ) in result.stderr
    assert close_dates(cli) == {}
    cli.ok("opp", "import", str(path), "--date-format", "dmy")
    assert close_dates(cli) == {"A": "2027-02-06", "B": "2027-04-03"}


def test_dates_that_disagree_are_refused(cli: Cli, tmp_path: Path) -> None:
    text = "Opportunity Name,Stage,Close Date\nA,prospect,6/25/2027\nB,prospect,25/6/2027\n"
    result = cli("opp", "import", str(write(tmp_path / "x.csv", text)))
    assert result.exit_code == 1
    assert (
        "its dates disagree: line 3 has 25/6/2027, day first, and line 2 has 6/25/2027, month first"
    ) in result.stderr


def test_a_strftime_pattern(cli: Cli, tmp_path: Path) -> None:
    text = "Opportunity Name,Stage,Close Date\nA,prospect,02.06.2027\n"
    cli.ok("opp", "import", str(write(tmp_path / "x.csv", text)), "--date-format", "%d.%m.%Y")
    assert close_dates(cli) == {"A": "2027-06-02"}


def test_a_bad_date_format_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", US_REPORT)
    result = cli("opp", "import", str(path), "--date-format", "yesterday")
    assert result.exit_code == 2
    assert "--date-format must be mdy, dmy, ymd or a strftime pattern" in result.stderr


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("shanghai")
def test_zoned_datetimes_are_the_local_day(cli: Cli, tmp_path: Path) -> None:
    """A Salesforce data export's times: 20:00 UTC is the next morning in Shanghai; a time
    without a zone is the day it names."""
    text = (
        "Name,StageName,CloseDate\n"
        "A,prospect,2027-06-02T20:00:00Z\n"
        "B,prospect,2027-06-02 15:04:11\n"
        "C,prospect,2027-06-02T15:04:11.000+0000\n"
    )
    cli.ok("opp", "import", str(write(tmp_path / "sf.csv", text)))
    assert close_dates(cli) == {"A": "2027-06-03", "B": "2027-06-02", "C": "2027-06-02"}


def test_lead_dates_follow_the_same_rules(cli: Cli, tmp_path: Path) -> None:
    text = "Name,Next Action\nWang Wei,3/4/2027\n"
    result = cli("lead", "import", str(write(tmp_path / "l.csv", text)))
    assert result.exit_code == 1
    assert "could be 4 March 2027 or 3 April 2027" in result.stderr


def test_closed_deals_without_a_created_date_open_on_their_close_date(
    cli: Cli, tmp_path: Path
) -> None:
    """A historic export of won and lost deals with no created-date column (today is
    later than every close date): each opens on its close date, and the summary says so."""
    text = (
        "name,account,amount,stage,close date,status\n"
        "Old win,Acme,1000,won,2026-09-30,won\n"
        "Old loss,Acme,500,lost,2026-08-15,lost\n"
        "Open one,Acme,200,prospect,2027-01-31,open\n"
    )
    path = tmp_path / "closed.csv"
    path.write_text(text, encoding="utf-8")
    result = cli.ok("opp", "import", str(path), "--create-missing")
    assert result.stderr == (
        "imported 3 deals: 3 new, 0 updated\n"
        "all 3 new deals assigned to alice (the file has no owner column)\n"
        "2 won or lost deals opened on their close date (the file gives no opened date)\n"
    )
    deals = json.loads(cli.ok("opp", "list", "--all", "--status", "all", "--json").stdout)
    found = {deal["name"]: (deal["opened_on"], deal["closed_on"]) for deal in deals}
    assert found == {
        "Old win": ("2026-09-30", "2026-09-30"),
        "Old loss": ("2026-08-15", "2026-08-15"),
        "Open one": (TODAY.isoformat(), None),
    }


def test_a_closed_deals_own_opened_date_is_kept(cli: Cli, tmp_path: Path) -> None:
    text = "name,account,stage,created date,close date\nOld win,Acme,won,2026-06-01,2026-09-30\n"
    path = tmp_path / "closed.csv"
    path.write_text(text, encoding="utf-8")
    result = cli.ok("opp", "import", str(path), "--create-missing")
    assert "opened on their close date" not in result.stderr
    [deal] = json.loads(cli.ok("opp", "list", "--all", "--status", "all", "--json").stdout)
    assert (deal["opened_on"], deal["closed_on"]) == ("2026-06-01", "2026-09-30")
