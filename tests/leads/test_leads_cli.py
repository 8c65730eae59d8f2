"""`salescli lead ...`: from first contact to conversion, through the CLI and the service.

Today is pinned to Monday 2026-11-23.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from salescli.errors import InvalidValue, NotFound, Refused
from salescli.models.enums import LeadStatus
from salescli.services.core.session import Session
from salescli.services.customers import accounts
from salescli.services.leads import convert, leads
from tests.conftest import Cli


def query(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def lead_events(db: Path, lead_id: int) -> list[str]:
    rows = query(
        db,
        "SELECT action FROM event WHERE entity = 'lead' AND entity_id = ? ORDER BY id",
        (lead_id,),
    )
    return [str(row[0]) for row in rows]


def ids(cli: Cli, *args: str, rep: str | None = "") -> list[int]:
    return [
        lead["id"] for lead in json.loads(cli.ok("lead", "list", *args, "--json", rep=rep).stdout)
    ]


def status_of(cli: Cli, lead_id: int) -> str:
    return str(query(cli.db, "SELECT status FROM lead WHERE id = ?", (lead_id,))[0][0])


# --- add -----------------------------------------------------------------------------


def test_lead_add_every_option(cli: Cli) -> None:
    result = cli.ok(
        "lead", "add", "Wang Wei", "--company", "华为", "--title", "CTO", "--phone", "139 1234",
        "--email", "wang@huawei.com", "--source", "referral", "--referred-by", "Li Na",
        "--budget", "12,500", "--need", "a CRM for 40 reps", "--next", "fri", "--note", "met at expo",
        "--json",
    )  # fmt: skip
    assert result.stderr == "added lead 1: Wang Wei; next action 2026-11-27\n"
    shown = json.loads(result.stdout)
    assert {key: shown[key] for key in shown if key not in ("created_at", "updated_at")} == {
        "id": 1,
        "name": "Wang Wei",
        "company": "华为",
        "title": "CTO",
        "phone": "139 1234",
        "email": "wang@huawei.com",
        "source": "referral",
        "referred_by": "Li Na",
        "budget": 12500,
        "need": "a CRM for 40 reps",
        "man_money": None,
        "man_authority": None,
        "man_need": None,
        "status": "new",
        "disqualify_reason": None,
        "next_action": "2026-11-27",  # the Friday after Monday 2026-11-23
        "note": "met at expo",
        "owner": "alice",
        "account_id": None,
        "contact_id": None,
        "external_id": None,
        "campaign_id": None,
        "campaign": None,
    }
    # Integer minor units in the file, 12500.00 as the service reads it.
    assert query(cli.db, "SELECT budget, next_action FROM lead") == [(1250000, "2026-11-27")]
    shown_lines = [line.split() for line in cli.ok("lead", "show", "1").stdout.splitlines()]
    assert ["Budget", "12,500.00"] in shown_lines
    assert lead_events(cli.db, 1) == ["add"]


def test_lead_budget_reads_back_as_decimal(cli: Cli, db_path: Path) -> None:
    cli.ok("lead", "add", "Wang Wei", "--budget", "12,500")
    from salescli.services.core.session import open_session

    with open_session(db_path, today=cli.today, acting_handle="alice") as session:
        assert leads.get_lead(session, 1).budget == Decimal("12500.00")


@pytest.mark.parametrize("budget", ["abc", "12.345", "1,2,3"])
def test_lead_add_bad_budget(cli: Cli, budget: str) -> None:
    result = cli("lead", "add", "Wang Wei", "--budget", budget)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Invalid value for '--budget'")
    assert query(cli.db, "SELECT count(*) FROM lead") == [(0,)]


def test_lead_add_negative_budget_is_bad_data(cli: Cli) -> None:
    result = cli("lead", "add", "Wang Wei", "--budget", "-5")
    assert (result.exit_code, result.stderr) == (1, "error: an amount cannot be negative (-5)\n")
    assert query(cli.db, "SELECT count(*) FROM lead") == [(0,)]


@pytest.mark.parametrize("when", ["someday", "2026-02-30", "fr", "+3x"])
def test_lead_add_bad_next(cli: Cli, when: str) -> None:
    result = cli("lead", "add", "Wang Wei", "--next", when)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Invalid value for '--next'")
    assert "YYYY-MM-DD" in result.stderr
    assert query(cli.db, "SELECT count(*) FROM lead") == [(0,)]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("fri", "2026-11-27"),
        ("monday", "2026-11-30"),  # next Monday, not today
        ("today", "2026-11-23"),
        ("tomorrow", "2026-11-24"),
        ("+3d", "2026-11-26"),
        ("+2w", "2026-12-07"),
        ("+1m", "2026-12-23"),
        ("2027-01-15", "2027-01-15"),
    ],
)
def test_lead_add_next_relative_to_today(cli: Cli, when: str, expected: str) -> None:
    shown = json.loads(cli.ok("lead", "add", "Wang Wei", "--next", when, "--json").stdout)
    assert shown["next_action"] == expected


def test_lead_add_missing_name_and_bad_source(cli: Cli) -> None:
    missing = cli("lead", "add", "--company", "Acme")
    assert missing.exit_code == 2
    assert missing.stderr.splitlines()[0] == "error: missing lead name"
    bad_source = cli("lead", "add", "Wang Wei", "--source", "billboard")
    assert bad_source.exit_code == 2
    assert "'billboard'" in bad_source.stderr
    assert query(cli.db, "SELECT count(*) FROM lead") == [(0,)]


def test_lead_add_for_another_owner(cli: Cli) -> None:
    shown = json.loads(cli.ok("lead", "add", "Wang Wei", "--owner", "bob", "--json").stdout)
    assert shown["owner"] == "bob"
    unknown = cli("lead", "add", "Wang Wei", "--owner", "zed")
    assert unknown.exit_code == 1
    assert unknown.stderr.splitlines()[0] == "error: no rep 'zed'"


# --- list ----------------------------------------------------------------------------


@pytest.fixture
def book(cli: Cli) -> Cli:
    """Leads 1-6 of alice and 7 of bob:
    1 overdue (2026-11-20), web   2 due today, referral   3 due tomorrow, referral
    4 no next action, trade-show  5 disqualified          6 converted (Acme)
    7 bob's, due today."""
    cli.ok(
        "lead", "add", "Ann Overdue", "--company", "Acme", "--next", "2026-11-20", "--source", "web"
    )
    cli.ok("lead", "add", "Ben Today", "--next", "today", "--source", "referral")
    cli.ok("lead", "add", "Cai Tomorrow", "--next", "tomorrow", "--source", "referral")
    cli.ok("lead", "add", "Dee Someday", "--source", "trade-show")
    cli.ok("lead", "add", "Eve Gone", "--next", "2026-11-01")
    cli.ok("lead", "disqualify", "5", "--reason", "no budget")
    cli.ok("lead", "add", "Fay Won", "--company", "Acme", "--next", "2026-11-02")
    cli.ok("lead", "convert", "6", "--force")
    cli.ok("lead", "add", "Gus Bob", "--owner", "bob", "--next", "today")
    return cli


def test_lead_list_default_is_my_open_leads(book: Cli) -> None:
    assert book.ok("lead", "list").stdout == (
        "ID  Name          Company  Status  Source      Next action              Phone  Owner\n"
        " 1  Ann Overdue   Acme     new     web         2026-11-20 (3d overdue)         alice\n"
        " 2  Ben Today              new     referral    2026-11-23                      alice\n"
        " 3  Cai Tomorrow           new     referral    2026-11-24                      alice\n"
        " 4  Dee Someday            new     trade-show                                  alice\n"
    )
    assert ids(book, rep="bob") == [7]


def test_lead_list_due_includes_today_not_tomorrow(book: Cli) -> None:
    assert ids(book, "--due") == [1, 2]
    assert ids(book, "--due", "--all") == [1, 2, 7]


def test_lead_list_status_source_owner_all(book: Cli) -> None:
    assert ids(book, "--status", "disqualified") == [5]
    assert ids(book, "--status", "converted") == [6]
    assert ids(book, "--status", "new", "--all") == [1, 2, 7, 3, 4]
    assert ids(book, "--source", "referral") == [2, 3]
    assert ids(book, "--owner", "bob") == [7]
    assert ids(book, "--all") == [1, 2, 7, 3, 4]
    bad = book("lead", "list", "--status", "won")
    assert bad.exit_code == 2
    unknown_owner = book("lead", "list", "--owner", "zed")
    assert unknown_owner.exit_code == 1


def test_lead_list_empty(cli: Cli) -> None:
    result = cli.ok("lead", "list")
    assert (result.stdout, result.stderr) == ("", "no leads match\n")


# --- show / edit -----------------------------------------------------------------------


def test_lead_show_lists_touches(book: Cli) -> None:
    book.ok("lead", "touch", "2", "--note", "called, wants a demo", "--next", "+3d")
    shown = book.ok("lead", "show", "2").stdout
    fields = [line.split(maxsplit=1) for line in shown.split("\n\nTouches\n")[0].splitlines()]
    assert fields[0] == ["Lead", "2: Ben Today"]
    assert ["Status", "contacted"] in fields
    assert ["Next", "action  2026-11-26"] in fields
    touches = shown.split("\nTouches\n")[1].splitlines()
    assert touches[0].split() == ["When", "By", "Note", "Next"]
    assert touches[1:] == ["2026-11-23  alice  called, wants a demo  2026-11-26"]
    detail = json.loads(book.ok("lead", "show", "2", "--json").stdout)
    assert [(t["rep"], t["note"], t["next_action"]) for t in detail["touches"]] == [
        ("alice", "called, wants a demo", "2026-11-26")
    ]


def test_lead_show_unknown(book: Cli) -> None:
    result = book("lead", "show", "99")
    assert result.exit_code == 1
    assert result.stderr == "error: no lead 99\nhint: see 'salescli lead list --all'\n"
    not_a_number = book("lead", "show", "abc")
    assert not_a_number.exit_code == 2


def test_lead_show_created_is_the_local_date(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Timestamps are stored in UTC and shown local: a lead added 'today' shows today as
    its creation date whatever the time zone. (Between them, these two zones put UTC on
    another calendar day than local time at every hour of the day.)"""
    shown: dict[str, str] = {}
    try:
        with monkeypatch.context() as patch:
            for zone in ("Etc/GMT-14", "Etc/GMT+12"):
                patch.setenv("TZ", zone)
                time.tzset()
                cli.ok("lead", "add", f"Lead in {zone}")
                lead_id = len(shown) + 1
                detail = cli.ok("lead", "show", str(lead_id)).stdout.splitlines()
                line = [row.split() for row in detail if row.startswith("  Created")]
                shown[zone] = " ".join(line[0])
    finally:
        time.tzset()  # back to the zone the test started in
    assert shown == dict.fromkeys(("Etc/GMT-14", "Etc/GMT+12"), "Created 2026-11-23")


def test_lead_edit(book: Cli) -> None:
    result = book.ok("lead", "edit", "4", "--phone", "+86 139", "--next", "+1w", "--budget",
                     "1.2万", "--source", "seminar", "--owner", "bob", "--json")  # fmt: skip
    assert result.stderr == "lead 4: Dee Someday saved\n"
    shown = json.loads(result.stdout)
    assert (
        shown["phone"],
        shown["next_action"],
        shown["budget"],
        shown["source"],
        shown["owner"],
    ) == (
        "+86 139",
        "2026-11-30",
        12000,
        "seminar",
        "bob",
    )
    assert lead_events(book.db, 4) == ["add", "edit"]
    cleared = json.loads(book.ok("lead", "edit", "4", "--phone", "", "--json", rep="bob").stdout)
    assert cleared["phone"] is None


def test_lead_edit_refusals(book: Cli) -> None:
    unknown = book("lead", "edit", "99", "--phone", "1")
    assert unknown.exit_code == 1
    assert unknown.stderr.splitlines()[0] == "error: no lead 99"
    to_qualified = book("lead", "edit", "1", "--status", "qualified")
    assert to_qualified.exit_code == 1
    assert "salescli lead qualify" in to_qualified.stderr
    converted = book("lead", "edit", "6", "--status", "new")
    assert converted.exit_code == 1
    assert (
        converted.stderr.splitlines()[0] == "error: lead 6 is converted; its status cannot change"
    )
    no_name = book("lead", "edit", "1", "--name", "")
    assert no_name.exit_code == 1
    assert query(book.db, "SELECT name, status FROM lead WHERE id = 1") == [("Ann Overdue", "new")]


def test_lead_edit_reopens_disqualified(book: Cli) -> None:
    book.ok("lead", "edit", "5", "--status", "contacted")
    assert query(book.db, "SELECT status, disqualify_reason FROM lead WHERE id = 5") == [
        ("contacted", None)
    ]


def test_lead_edit_empty_next_clears_it(book: Cli) -> None:
    """The help says: an empty value ("") clears a field."""
    book.ok("lead", "edit", "3", "--next", "")
    assert query(book.db, "SELECT next_action FROM lead WHERE id = 3") == [(None,)]


# --- touch ---------------------------------------------------------------------------


def test_touch_new_lead_becomes_contacted(book: Cli) -> None:
    result = book.ok("lead", "touch", "4", "--note", "called")
    assert result.stderr == "lead 4: touch recorded, now contacted; no next action\n"
    assert status_of(book, 4) == "contacted"
    assert query(book.db, "SELECT note, next_action FROM lead_touch WHERE lead_id = 4") == [
        ("called", None)
    ]
    assert lead_events(book.db, 4) == ["add", "touch"]


def test_touch_clears_a_due_next_action(book: Cli) -> None:
    book.ok("lead", "touch", "1", "--note", "called at last")  # overdue
    book.ok("lead", "touch", "2", "--note", "called")  # due today
    assert query(book.db, "SELECT id, next_action FROM lead WHERE id IN (1, 2)") == [
        (1, None),
        (2, None),
    ]
    assert ids(book, "--due") == []


def test_touch_keeps_a_future_next_action(book: Cli) -> None:
    result = book.ok("lead", "touch", "3", "--note", "emailed")
    assert result.stderr == "lead 3: touch recorded, now contacted; next action 2026-11-24\n"
    assert query(book.db, "SELECT next_action FROM lead WHERE id = 3") == [("2026-11-24",)]


def test_touch_with_next_sets_it(book: Cli) -> None:
    book.ok("lead", "touch", "1", "--note", "called", "--next", "fri")
    assert query(book.db, "SELECT next_action FROM lead WHERE id = 1") == [("2026-11-27",)]


def test_touch_refusals(book: Cli) -> None:
    converted = book("lead", "touch", "6", "--note", "x")
    assert converted.exit_code == 1
    assert converted.stderr == (
        "error: lead 6 is converted; it cannot be touched\nhint: see 'salescli account show 1'\n"
    )
    disqualified = book("lead", "touch", "5", "--note", "x")
    assert disqualified.exit_code == 1
    assert disqualified.stderr.splitlines()[0] == (
        "error: lead 5 is disqualified (no budget); it cannot be touched"
    )
    no_note = book("lead", "touch", "1")
    assert no_note.exit_code == 2
    assert no_note.stderr.splitlines()[0] == "error: missing a note of what happened"
    unknown = book("lead", "touch", "99", "--note", "x")
    assert unknown.exit_code == 1
    assert query(book.db, "SELECT count(*) FROM lead_touch") == [(0,)]


# --- qualify -------------------------------------------------------------------------


def test_qualify_partial_says_what_is_missing(cli: Cli) -> None:
    cli.ok("lead", "add", "Wang Wei")
    result = cli.ok("lead", "qualify", "1", "--money", "yes")
    assert (
        result.stderr == "lead 1 is new; not yet qualified: authority (unknown), need (unknown)\n"
    )
    assert status_of(cli, 1) == "new"
    no = cli.ok("lead", "qualify", "1", "--authority", "no")
    assert no.stderr == "lead 1 is new; not yet qualified: authority (no), need (unknown)\n"


def test_qualify_all_yes_then_a_no(cli: Cli) -> None:
    cli.ok("lead", "add", "Wang Wei")
    result = cli.ok("lead", "qualify", "1", "--money", "yes", "--authority", "yes", "--need", "yes")
    assert result.stderr == "lead 1 is qualified: convert it with 'salescli lead convert 1'\n"
    assert status_of(cli, 1) == "qualified"
    back = cli.ok("lead", "qualify", "1", "--need", "no", "--json")
    assert json.loads(back.stdout)["missing"] == ["need"]
    assert back.stderr == "lead 1 is no longer qualified, now contacted: need (no)\n"
    assert status_of(cli, 1) == "contacted"
    assert lead_events(cli.db, 1) == ["add", "qualify", "qualify"]


def test_qualify_bad_answer_and_closed_leads(book: Cli) -> None:
    bad = book("lead", "qualify", "1", "--money", "maybe")
    assert bad.exit_code == 2
    assert "--money" in bad.stderr
    closed = book("lead", "qualify", "5")
    assert closed.exit_code == 1
    assert "disqualified" in closed.stderr.splitlines()[0]


# --- disqualify ----------------------------------------------------------------------


def test_disqualify_needs_reason_then_leaves_the_list(book: Cli) -> None:
    missing = book("lead", "disqualify", "2")
    assert missing.exit_code == 2
    assert missing.stderr.splitlines()[0] == "error: missing reason"
    assert status_of(book, 2) == "new"
    result = book.ok("lead", "disqualify", "2", "--reason", "student, no budget")
    assert result.stderr == "lead 2 disqualified: student, no budget\n"
    assert 2 not in ids(book)
    assert 2 not in ids(book, "--due")
    assert query(
        book.db, "SELECT status, disqualify_reason, next_action FROM lead WHERE id = 2"
    ) == [("disqualified", "student, no budget", None)]
    assert lead_events(book.db, 2) == ["add", "disqualify"]
    again = book("lead", "disqualify", "2", "--reason", "x")
    assert again.exit_code == 1


# --- convert -------------------------------------------------------------------------


def test_convert_refused_unless_qualified(cli: Cli) -> None:
    cli.ok("lead", "add", "Wang Wei", "--company", "华为")
    result = cli("lead", "convert", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "error: lead 1 is new, not qualified"
    assert "--force" in result.stderr
    assert query(cli.db, "SELECT count(*) FROM account") == [(0,)]
    assert status_of(cli, 1) == "new"


def test_convert_creates_account_and_contact(cli: Cli) -> None:
    cli.ok("lead", "add", "Wang Wei", "--company", "华为技术", "--title", "CTO",
           "--phone", "139", "--email", "w@hw.cn", "--owner", "bob")  # fmt: skip
    result = cli.ok("lead", "convert", "1", "--force", "--json", rep="bob")
    assert result.stderr == (
        "lead 1 converted: new account 1 华为技术, contact 1 Wang Wei, opportunity 1 华为技术: first deal\n"
    )
    assert json.loads(result.stdout)["opportunity"]["owner"] == "bob"
    converted = json.loads(result.stdout)
    assert converted["account_created"] is True
    assert (converted["account"]["name"], converted["account"]["owner"]) == ("华为技术", "bob")
    # A company account does not take the person's phone; the contact does.
    assert converted["account"]["phone"] is None
    contact = converted["contact"]
    assert (contact["name"], contact["title"], contact["phone"], contact["email"]) == (
        "Wang Wei",
        "CTO",
        "139",
        "w@hw.cn",
    )
    assert converted["lead"]["status"] == "converted"
    shown = [line.split() for line in cli.ok("lead", "show", "1").stdout.splitlines()]
    assert ["Account", "华为技术", "(1)"] in shown
    assert ["Contact", "Wang", "Wei", "(1)"] in shown
    assert lead_events(cli.db, 1) == ["add", "convert"]
    assert query(cli.db, "SELECT entity, action FROM event WHERE entity != 'rep' ORDER BY id") == [
        ("lead", "add"),
        ("account", "add"),
        ("contact", "add"),
        ("lead", "convert"),
        ("opportunity", "add"),
    ]
    account = cli.ok("account", "show", "华为", rep="bob").stdout
    assert "\nLeads\nID  Name      Status     Source\n 1  Wang Wei  converted\n" in account


def test_convert_links_existing_account_in_any_case(cli: Cli) -> None:
    cli.ok("account", "add", "Acme Corp", "--owner", "bob")
    cli.ok("lead", "add", "Dana Wu", "--company", "ACME CORP")
    # Bob's account gains a contact: alice may not add it, a manager may.
    assert (
        "account 1 belongs to bob; ask bob or a manager"
        in cli("lead", "convert", "1", "--force").stderr
    )
    result = cli.ok("lead", "convert", "1", "--force", rep="maria")
    assert (
        result.stderr
        == "lead 1 converted: existing account 1 Acme Corp (owned by bob), contact 1 Dana Wu,"
        " opportunity 1 Acme Corp: first deal\n"
    )
    assert query(cli.db, "SELECT count(*) FROM account") == [(1,)]
    assert query(cli.db, "SELECT account_id, name FROM contact") == [(1, "Dana Wu")]


def test_convert_without_company_makes_a_personal_account(cli: Cli) -> None:
    cli.ok("lead", "add", "Solo Trader", "--phone", "555 0100", "--email", "solo@example.com")
    result = cli.ok("lead", "convert", "1", "--force")
    assert result.stderr == (
        "lead 1 converted: new account 1 Solo Trader, contact 1 Solo Trader,"
        " opportunity 1 Solo Trader: first deal\n"
    )
    assert query(cli.db, "SELECT name, phone, email, owner_id FROM account") == [
        ("Solo Trader", "555 0100", "solo@example.com", 1)
    ]


def test_convert_qualified_lead_and_then_refused(cli: Cli) -> None:
    cli.ok("lead", "add", "Wang Wei", "--company", "华为")
    cli.ok("lead", "qualify", "1", "--money", "yes", "--authority", "yes", "--need", "yes")
    cli.ok("lead", "convert", "1")
    assert status_of(cli, 1) == "converted"
    again = cli("lead", "convert", "1", "--force")
    assert again.exit_code == 1
    assert again.stderr.splitlines()[0] == "error: lead 1 is converted; it cannot be converted"


def test_convert_unknown(cli: Cli) -> None:
    result = cli("lead", "convert", "99")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "error: no lead 99"


# --- the service ---------------------------------------------------------------------


def test_service_lifecycle_and_events(session: Session) -> None:
    lead = leads.add_lead(session, name=" Wang Wei ", company="华为", budget=Decimal("12500"))
    assert (lead.name, lead.status, lead.budget, lead.owner) == (
        "Wang Wei",
        "new",
        Decimal("12500.00"),
        "alice",
    )
    touched = leads.touch_lead(
        session, lead_id=lead.id, note="called", next_action=date(2026, 11, 27)
    )
    assert (touched.status, touched.next_action) == ("contacted", date(2026, 11, 27))
    partial = leads.qualify_lead(session, lead_id=lead.id, money_ok=True, need_ok=True)
    assert partial.missing == ["authority"]
    assert partial.lead.status == "contacted"
    full = leads.qualify_lead(session, lead_id=lead.id, authority_ok=True)
    assert (full.missing, full.lead.status) == ([], "qualified")
    back = leads.qualify_lead(session, lead_id=lead.id, money_ok=False)
    assert (back.missing, back.lead.status, back.was_qualified) == (["money"], "contacted", True)
    leads.qualify_lead(session, lead_id=lead.id, money_ok=True)
    conversion = convert.convert_lead(session, lead_id=lead.id)
    assert conversion.account_created
    assert (conversion.account.name, conversion.contact.name) == ("华为", "Wang Wei")
    detail = leads.show_lead(session, lead_id=lead.id)
    assert (detail.account, detail.contact, detail.lead.status) == ("华为", "Wang Wei", "converted")
    actions = [
        row["action"]
        for row in session.db.rows(
            "SELECT action FROM event WHERE entity = 'lead' AND entity_id = ? ORDER BY id",
            (lead.id,),
        )
    ]
    assert actions == ["add", "touch", "qualify", "qualify", "qualify", "qualify", "convert"]
    with pytest.raises(Refused):
        leads.touch_lead(session, lead_id=lead.id, note="x")


def test_service_refusals(session: Session) -> None:
    with pytest.raises(InvalidValue):
        leads.add_lead(session, name="  ")
    lead = leads.add_lead(session, name="Dana")
    with pytest.raises(InvalidValue):
        leads.touch_lead(session, lead_id=lead.id, note="  ")
    with pytest.raises(InvalidValue):
        leads.disqualify_lead(session, lead_id=lead.id, reason=" ")
    with pytest.raises(Refused, match="not qualified"):
        convert.convert_lead(session, lead_id=lead.id)
    with pytest.raises(NotFound):
        leads.show_lead(session, lead_id=99)
    leads.disqualify_lead(session, lead_id=lead.id, reason="no budget")
    with pytest.raises(Refused):
        leads.qualify_lead(session, lead_id=lead.id, money_ok=True)
    with pytest.raises(Refused):
        convert.convert_lead(session, lead_id=lead.id, force=True)
    assert leads.list_leads(session) == []
    assert [x.id for x in leads.list_leads(session, status=LeadStatus.DISQUALIFIED)] == [lead.id]


def test_service_convert_reuses_account_and_contact(session: Session) -> None:
    accounts.add_account(session, name="Acme")
    first = leads.add_lead(session, name="Dana", company="acme")
    conversion = convert.convert_lead(session, lead_id=first.id, force=True)
    assert (conversion.account_created, conversion.account.id) == (False, 1)
    second = leads.add_lead(session, name="DANA", company="Acme")
    again = convert.convert_lead(session, lead_id=second.id, force=True)
    assert again.contact.id == conversion.contact.id
    assert session.db.scalar("SELECT count(*) FROM contact") == 1


def test_service_due_list(session: Session) -> None:
    today = leads.add_lead(session, name="Today", next_action=date(2026, 11, 23))
    leads.add_lead(session, name="Tomorrow", next_action=date(2026, 11, 24))
    late = leads.add_lead(session, name="Late", next_action=date(2026, 11, 2))
    leads.add_lead(session, name="Whenever")
    assert [x.id for x in leads.list_leads(session, due=True)] == [late.id, today.id]
