"""`salescli visit`: planning, logging, completing, cancelling and moving activities, the
lists, the agenda, and the last touch they leave on accounts and deals."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Cli


@pytest.fixture
def book(cli: Cli) -> Cli:
    """Acme (address, phone, contact Dana Wu with a phone) with deal 1 in proposal;
    Globex, bob's."""
    cli.ok("account", "add", "Acme", "--address", "1 Main St, Berlin", "--phone", "+49 30 1234")
    cli.ok("account", "add", "Globex", "--owner", "bob")
    cli.ok("contact", "add", "Acme", "Dana Wu", "--phone", "+49 170 555")
    cli.ok("opp", "add", "Acme", "Line controllers", "--amount", "120000", "--close", "2027-02-28",
           "--stage", "proposal")  # fmt: skip
    return cli


def activity(cli: Cli, activity_id: int) -> dict[str, object]:
    data = json.loads(cli.ok("visit", "show", str(activity_id), "--json").stdout)
    assert isinstance(data, dict)
    return data


def touches(db: Path) -> tuple[object, object]:
    with sqlite3.connect(str(db)) as connection:
        account = connection.execute(
            "SELECT last_touch FROM account WHERE name = 'Acme'"
        ).fetchone()
        deal = connection.execute("SELECT last_touch FROM opportunity WHERE id = 1").fetchone()
    return account[0], deal[0]


def test_plan_with_objectives_then_done_with_a_follow_up(book: Cli) -> None:
    planned = book.ok("visit", "plan", "Acme", "--at", "fri 10:00", "--opp", "1", "--contact",
                      "dana wu", "--purpose", "pilot review", "--objective", "agree pilot scope",
                      "--min-objective", "meet the CTO")  # fmt: skip
    assert planned.stderr == "visit 1 with Acme / Dana Wu planned for 2026-11-27 10:00\n"
    assert touches(book.db) == (None, None)
    book.today = date(2026, 11, 27)
    result = book.ok("visit", "done", "1", "--outcome", "pilot agreed", "--next", "send SOW",
                     "--next-date", "mon 9:00", "--at", "10:45")  # fmt: skip
    assert result.stderr == ("visit 1 with Acme done; follow-up 2 planned for 2026-11-30 09:00\n")
    done = activity(book, 1)
    assert (done["status"], done["done_on"], done["done_time"], done["outcome"]) == (
        "done",
        "2026-11-27",
        "10:45",
        "pilot agreed",
    )
    follow = activity(book, 2)
    assert (
        follow["status"],
        follow["purpose"],
        follow["follows_id"],
        follow["opportunity_id"],
    ) == (
        "planned",
        "send SOW",
        1,
        1,
    )
    assert touches(book.db) == ("2026-11-27", "2026-11-27")
    deal = json.loads(book.ok("opp", "show", "1", "--json").stdout)
    assert (deal["opportunity"]["next_step"], deal["opportunity"]["next_date"]) == (
        "send SOW",
        "2026-11-30",
    )
    assert [a["id"] for a in deal["activities"]] == [2, 1]  # planned first, then done


def test_log_what_happened(book: Cli) -> None:
    logged = json.loads(book.ok("visit", "log", "Acme", "--type", "call", "--outcome",
                                "budget approved", "--at", "yesterday 16:00", "--json").stdout)  # fmt: skip
    assert logged["follow_up"] is None
    call = logged["activity"]
    assert (call["type"], call["status"], call["done_on"], call["done_time"]) == (
        "call",
        "done",
        "2026-11-22",
        "16:00",
    )
    assert touches(book.db) == ("2026-11-22", None)  # no deal named
    book.ok("visit", "log", "Acme", "--type", "电话", "--outcome", "older call", "--at", "-1w")
    assert touches(book.db) == ("2026-11-22", None)  # an older touch does not move it back


def test_refusals_write_nothing(book: Cli) -> None:
    def refused(*args: str, code: int = 1) -> str:
        result = book(*args)
        assert result.exit_code == code, result.stderr
        return result.stderr

    assert "in the past" in refused("visit", "plan", "Acme", "--at", "yesterday")
    assert "after today" in refused("visit", "log", "Acme", "--outcome", "x", "--at", "tomorrow")
    assert "is with Acme, not account 2" in refused("visit", "plan", "Globex", "--at", "fri",
                                                    "--opp", "1")  # fmt: skip
    assert "no contact 'Eve'" in refused("visit", "plan", "Acme", "--at", "fri", "--contact", "Eve")
    assert "--next needs --next-date" in refused(
        "visit", "log", "Acme", "--outcome", "x", "--next", "call back", code=2
    )
    assert "'someday' is not a date" in refused("visit", "plan", "Acme", "--at", "someday", code=2)
    assert "missing the outcome" in refused("visit", "log", "Acme", "--outcome", " ", code=2)
    assert "not a kind of activity" in refused("visit", "plan", "Acme", "--at", "fri", "--type",
                                               "fax", code=2)  # fmt: skip
    assert "no activity 9" in refused("visit", "done", "9", "--outcome", "x")
    missing = book("visit", "plan", "Acme")
    assert missing.exit_code == 2 and "--at" in missing.stderr
    assert (
        json.loads(book.ok("visit", "list", "--all", "--from", "2000-01-01", "--json").stdout) == []
    )


def test_done_cancel_and_move_only_planned_activities(book: Cli) -> None:
    book.ok("visit", "plan", "Acme", "--at", "fri")
    book.ok("visit", "move", "1", "--at", "2026-12-03 14:00")
    assert (activity(book, 1)["planned_on"], activity(book, 1)["planned_time"]) == (
        "2026-12-03",
        "14:00",
    )
    cancelled = book.ok("visit", "cancel", "1", "--reason", "customer postponed")
    assert cancelled.stderr == "visit 1 with Acme cancelled\n"
    again = book("visit", "done", "1", "--outcome", "x")
    assert again.exit_code == 1
    assert again.stderr == ("error: activity 1 is cancelled; only a planned one can be done\n")
    assert book("visit", "move", "1", "--at", "fri").exit_code == 1
    assert book("visit", "cancel", "1").exit_code == 1


def test_lists(book: Cli) -> None:
    book.ok("visit", "plan", "Acme", "--at", "2026-11-25 10:00")
    book.ok("visit", "plan", "Acme", "--at", "2026-12-10", "--type", "call")
    book.ok("visit", "plan", "Globex", "--at", "2026-11-24", "--owner", "bob", rep="bob")
    book.ok("visit", "log", "Acme", "--outcome", "met", "--at", "2026-11-20 09:00")
    book.today = date(2026, 11, 26)

    def ids(*args: str) -> list[int]:
        return [a["id"] for a in json.loads(book.ok("visit", "list", *args, "--json").stdout)]

    assert ids() == [1, 2]
    assert ids("--overdue") == [1]
    assert ids("--overdue", "--all") == [3, 1]
    assert ids("--upcoming", "14") == [2]
    assert ids("--from", "2026-11-01", "--to", "2026-11-30") == [4, 1]
    assert ids("--type", "call") == [2]
    assert ids("--owner", "bob") == [3]
    usage = book("visit", "list", "--overdue", "--upcoming", "3")
    assert usage.exit_code == 2
    assert book.ok("visit", "list", "--overdue").stdout == (
        "ID  When                           Type   Status   With  Deal  About  Owner\n"
        " 1  2026-11-25 10:00 (1d overdue)  visit  planned  Acme               alice\n"
    )


AGENDA = (
    "Agenda for 2026-11-27 (Friday) — alice\n"
    "\n"
    "all day  call 2: Acme\n"
    "  Address  1 Main St, Berlin\n"
    "  Phone    +49 30 1234\n"
    "  Purpose  send the brochure\n"
    "\n"
    "10:00  visit 1: Acme\n"
    "  Address    1 Main St, Berlin\n"
    "  Phone      +49 30 1234\n"
    "  Contact    Dana Wu, +49 170 555\n"
    "  Objective  agree pilot scope\n"
    "  At least   meet the CTO\n"
    "  Deal       1 Line controllers, proposal, 120,000.00\n"
)


def test_agenda_is_ready_for_the_road(book: Cli) -> None:
    book.ok("visit", "plan", "Acme", "--at", "fri 10:00", "--opp", "1", "--contact", "Dana Wu",
            "--objective", "agree pilot scope", "--min-objective", "meet the CTO")  # fmt: skip
    book.ok(
        "visit", "plan", "Acme", "--at", "fri", "--type", "call", "--purpose", "send the brochure"
    )
    book.ok("visit", "plan", "Globex", "--at", "fri", "--owner", "bob", rep="bob")
    assert book.ok("visit", "agenda", "fri").stdout == AGENDA
    assert book.ok("visit", "agenda").stdout == (
        "Agenda for 2026-11-23 (Monday) — alice\n  nothing planned\n"
    )
    everyone = json.loads(book.ok("visit", "agenda", "2026-11-27", "--all", "--json").stdout)
    assert [item["activity"]["id"] for item in everyone["items"]] == [2, 3, 1]


def test_account_show_lists_deals_and_activities(book: Cli) -> None:
    book.ok("visit", "plan", "Acme", "--at", "fri 10:00", "--purpose", "pilot review")
    book.ok("visit", "log", "Acme", "--outcome", "wants a demo", "--at", "-2d")
    shown = book.ok("account", "show", "Acme").stdout
    assert shown.endswith(
        "Opportunities\n"
        "ID  Name              Stage         Amount  Prob.  Close       Owner\n"
        " 1  Line controllers  proposal  120,000.00    72%  2027-02-28  alice\n"
        "\n"
        "Activities\n"
        "ID  When              Type   Status   About\n"
        " 1  2026-11-27 10:00  visit  planned  pilot review\n"
        " 2  2026-11-21        visit  done     wants a demo\n"
    )


def test_ics_to_standard_output_and_to_a_file(book: Cli, tmp_path: Path) -> None:
    book.ok("visit", "plan", "Acme", "--at", "fri 10:00", "--purpose", "pilot review, phase 1")
    out = book.ok("visit", "ics").stdout_bytes
    assert out.startswith(b"BEGIN:VCALENDAR\r\n") and out.endswith(b"END:VCALENDAR\r\n")
    assert b"DTSTART:20261127T100000\r\n" in out
    assert b"pilot review\\, phase 1" in out
    target = tmp_path / "visits.ics"
    result = book.ok("visit", "ics", str(target), "--days", "7")
    assert result.stderr == f"wrote {target}\n"
    assert target.read_bytes().count(b"BEGIN:VEVENT") == 1
    assert (target.stat().st_mode & 0o777) == 0o600
    round_trip = tmp_path / "visits.csv"
    book.ok("visit", "export", str(round_trip))
    assert "pilot review, phase 1" in round_trip.read_text(encoding="utf-8")
