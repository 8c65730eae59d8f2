"""`salescli account ...` and `salescli contact ...`, through the CLI and the services."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from salescli.errors import AmbiguousReference, InvalidValue, NotFound, Refused
from salescli.models.enums import AccountStatus, ContactRole
from salescli.services.core.session import Session
from salescli.services.customers import accounts, contacts
from salescli.services.overview import account as overview_account
from tests.conftest import Cli


def query(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def names_of(cli: Cli, *args: str, rep: str | None = "") -> list[str]:
    listed = json.loads(cli.ok(*args, "--json", rep=rep).stdout)
    return [record["name"] for record in listed]


@pytest.fixture
def book(cli: Cli) -> Cli:
    """alice owns Acme (customer), Acme Labs and 华为技术; bob owns Globex (former)."""
    cli.ok("account", "add", "Acme", "--industry", "manufacturing", "--region", "Berlin",
           "--status", "customer", "--phone", "+49 30 1234")  # fmt: skip
    cli.ok("account", "add", "Acme Labs", "--region", "Boston")
    cli.ok("account", "add", "华为技术", "--industry", "telecom", "--region", "深圳")
    cli.ok("account", "add", "Globex", "--owner", "bob", "--status", "former")
    return cli


# --- add / list --------------------------------------------------------------------


def test_account_add_every_option(cli: Cli) -> None:
    result = cli.ok(
        "account", "add", "Initech", "--industry", "software", "--region", "Austin",
        "--phone", "+1 512 555 0100", "--email", "info@initech.com", "--address", "1 Main St",
        "--website", "initech.com", "--status", "customer", "--owner", "bob", "--json",
    )  # fmt: skip
    assert result.stderr == "added account 1: Initech\n"
    shown = json.loads(result.stdout)
    assert {key: shown[key] for key in shown if key not in ("created_at", "updated_at")} == {
        "id": 1,
        "name": "Initech",
        "industry": "software",
        "region": "Austin",
        "phone": "+1 512 555 0100",
        "email": "info@initech.com",
        "address": "1 Main St",
        "website": "initech.com",
        "status": "customer",
        "abc_class": None,
        "owner": "bob",
        "external_id": None,
    }
    assert query(
        cli.db, "SELECT entity, entity_id, action FROM event WHERE entity = 'account'"
    ) == [("account", 1, "add")]


def test_account_add_duplicate_name_in_any_case_refused(book: Cli) -> None:
    result = book("account", "add", "ACME")
    assert result.exit_code == 1
    assert result.stderr == "error: account 'Acme' already exists (id 1)\n"
    assert query(book.db, "SELECT count(*) FROM account") == [(4,)]


def test_account_add_without_name_is_usage_error(cli: Cli) -> None:
    result = cli("account", "add")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "error: missing account name"


def test_account_add_bad_status_is_usage_error(cli: Cli) -> None:
    result = cli("account", "add", "Acme", "--status", "vip")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "'vip'" in result.stderr
    assert query(cli.db, "SELECT count(*) FROM account") == [(0,)]


def test_account_add_unknown_owner(cli: Cli) -> None:
    result = cli("account", "add", "Acme", "--owner", "zed")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "error: no rep 'zed'"


def test_account_list_default_is_mine(book: Cli) -> None:
    assert book.ok("account", "list").stdout == (
        "ID  Name       Status    Industry       Region  Phone        Owner\n"
        " 1  Acme       customer  manufacturing  Berlin  +49 30 1234  alice\n"
        " 2  Acme Labs  prospect                 Boston               alice\n"
        " 3  华为技术   prospect  telecom        深圳                 alice\n"
    )


def test_account_list_owner_and_all(book: Cli) -> None:
    assert names_of(book, "account", "list", "--owner", "bob") == ["Globex"]
    assert names_of(book, "account", "list", "--all") == ["Acme", "Acme Labs", "Globex", "华为技术"]
    assert names_of(book, "account", "list", rep="bob") == ["Globex"]
    assert names_of(book, "account", "list", "--owner", "maria") == []


def test_account_list_owner_unknown(book: Cli) -> None:
    result = book("account", "list", "--owner", "zed")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no rep 'zed'")


def test_account_list_status(book: Cli) -> None:
    assert names_of(book, "account", "list", "--status", "customer") == ["Acme"]
    assert names_of(book, "account", "list", "--all", "--status", "former") == ["Globex"]
    result = book("account", "list", "--status", "vip")
    assert result.exit_code == 2


def test_account_list_nothing_matches_says_so_on_stderr(book: Cli) -> None:
    result = book.ok("account", "list", "--search", "nothing like this")
    assert result.stdout == ""
    assert result.stderr == "no accounts match\n"


def test_account_list_search_chinese_and_ascii(book: Cli) -> None:
    by_region = book.ok("account", "list", "--search", "深圳")
    assert by_region.stdout == (
        "ID  Name      Status    Industry  Region  Phone  Owner\n"
        " 3  华为技术  prospect  telecom   深圳           alice\n"
    )
    assert names_of(book, "account", "list", "--search", "华为") == ["华为技术"]
    assert names_of(book, "account", "list", "--search", "acme") == ["Acme", "Acme Labs"]
    assert names_of(book, "account", "list", "--search", "MANUFACT") == ["Acme"]
    assert names_of(book, "account", "list", "--search", "1234") == ["Acme"]


def test_account_list_search_treats_wildcards_literally(cli: Cli) -> None:
    """A user searching for '_' or '%' means those characters, not SQL LIKE wildcards."""
    cli.ok("account", "add", "A_B")
    cli.ok("account", "add", "AxB")
    cli.ok("account", "add", "100% Juice")
    cli.ok("account", "add", "1000 Lakes")
    assert names_of(cli, "account", "list", "--search", "_") == ["A_B"]
    assert names_of(cli, "account", "list", "--search", "100%") == ["100% Juice"]


# --- references ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("1", "Acme"),
        ("2", "Acme Labs"),
        ("acme", "Acme"),  # exact name, any case, even though it prefixes Acme Labs
        ("ACME LABS", "Acme Labs"),
        ("Acme L", "Acme Labs"),  # unambiguous prefix
        ("glo", "Globex"),  # prefix, any case, another rep's account
        ("华为", "华为技术"),
    ],
)
def test_account_show_by_reference(book: Cli, ref: str, expected: str) -> None:
    shown = json.loads(book.ok("account", "show", ref, "--json").stdout)
    assert shown["account"]["name"] == expected


def test_ambiguous_prefix_lists_candidates(book: Cli) -> None:
    result = book("account", "show", "Ac")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: account 'Ac' is ambiguous: 1 Acme, 2 Acme Labs\n"
        "hint: use the id or more of the name\n"
    )


def test_unknown_account_reference(book: Cli) -> None:
    for command in (("account", "show", "Zeta"), ("account", "edit", "Zeta", "--region", "x")):
        result = book(*command)
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == "error: no account matches 'Zeta'"


def test_unknown_account_id(book: Cli) -> None:
    result = book("account", "show", "99")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "error: no account matches '99'"


# --- show / edit -----------------------------------------------------------------------


def test_account_show_plain(book: Cli) -> None:
    book.ok("contact", "add", "Acme", "Dana Wu", "--title", "CTO", "--role", "decision-maker")
    book.ok("account", "fact", "Acme", "family", "two kids")
    assert book.ok("account", "show", "Acme").stdout == (
        "Account 1: Acme\n"
        "  Status    customer\n"
        "  Industry  manufacturing\n"
        "  Region    Berlin\n"
        "  Phone     +49 30 1234\n"
        "  Owner     alice\n"
        "\n"
        "Value\n"
        "  Class      -\n"
        "  VIP        no\n"
        "  Lifecycle  no-value: no purchase on record\n"
        "  Purchases  none\n"
        "  Profile    0 of 41 known (0%)\n"
        "\n"
        "Facts\n"
        "  family  two kids\n"
        "\n"
        "Contacts\n"
        "ID  Name     Title  Role            Phone  Email  Birthday\n"
        " 1  Dana Wu  CTO    decision-maker\n"
    )


def test_account_edit_fields_and_clear(book: Cli) -> None:
    result = book.ok("account", "edit", "Acme", "--region", "", "--phone", "+49 30 9999",
                     "--status", "former", "--owner", "bob", "--json")  # fmt: skip
    assert result.stderr == "account 1: Acme saved\n"
    shown = json.loads(result.stdout)
    assert (shown["region"], shown["phone"], shown["status"], shown["owner"]) == (
        None,
        "+49 30 9999",
        "former",
        "bob",
    )
    assert query(book.db, "SELECT region FROM account WHERE id = 1") == [(None,)]
    changes = query(
        book.db, "SELECT changes FROM event WHERE entity = 'account' AND action = 'edit'"
    )
    assert json.loads(str(changes[0][0])) == {
        "owner": ["alice", "bob"],
        "phone": ["+49 30 1234", "+49 30 9999"],
        "region": ["Berlin", None],
        "status": ["customer", "former"],
    }


def test_account_rename_and_rename_to_existing_refused(book: Cli) -> None:
    book.ok("account", "edit", "Acme Labs", "--name", "ACME LABS")  # own name, new case: fine
    result = book("account", "edit", "ACME LABS", "--name", "acme")
    assert result.exit_code == 1
    assert result.stderr == "error: account 'Acme' already exists (id 1)\n"
    assert query(book.db, "SELECT name FROM account WHERE id = 2") == [("ACME LABS",)]


def test_account_edit_empty_name_refused(book: Cli) -> None:
    result = book("account", "edit", "Acme", "--name", "")
    assert result.exit_code == 1
    assert result.stderr == "error: an account needs a name\n"


def test_account_edit_bad_status(book: Cli) -> None:
    result = book("account", "edit", "Acme", "--status", "gold")
    assert result.exit_code == 2
    assert query(book.db, "SELECT status FROM account WHERE id = 1") == [("customer",)]


def test_account_edit_to_inactive_owner_refused(book: Cli) -> None:
    book.ok("rep", "deactivate", "bob", rep="maria")
    result = book("account", "edit", "Acme", "--owner", "bob")
    assert result.exit_code == 1
    assert "inactive" in result.stderr


# --- facts ---------------------------------------------------------------------------


def test_fact_set_show_replace_remove(book: Cli) -> None:
    saved = book.ok("account", "fact", "Acme", "Family", "two kids, daughter at MIT")
    assert saved.stderr == "fact 'family' saved\n"
    assert book.ok("account", "fact", "acme", "family").stdout == "two kids, daughter at MIT\n"
    book.ok("account", "fact", "1", "family", "three kids")
    as_json = json.loads(book.ok("account", "fact", "Acme", "FAMILY", "--json").stdout)
    assert (as_json["key"], as_json["value"]) == ("family", "three kids")
    removed = book.ok("account", "fact", "Acme", "family", "--remove", "--yes")
    assert removed.stderr == "fact 'family' removed\n"
    gone = book("account", "fact", "Acme", "family")
    assert gone.exit_code == 1
    assert gone.stderr == "error: account 'Acme' has no fact 'family'\n"
    actions = query(book.db, "SELECT changes FROM event WHERE action = 'fact' ORDER BY id")
    assert [json.loads(str(row[0])) for row in actions] == [
        {"family": [None, "two kids, daughter at MIT"]},
        {"family": ["two kids, daughter at MIT", "three kids"]},
        {"family": ["three kids", None]},
    ]


def test_unknown_fact(book: Cli) -> None:
    for args in (
        ("account", "fact", "Acme", "pets"),
        ("account", "fact", "Acme", "pets", "--remove", "--yes"),
    ):
        result = book(*args)
        assert result.exit_code == 1
        assert result.stderr == "error: account 'Acme' has no fact 'pets'\n"


def test_fact_on_ambiguous_account(book: Cli) -> None:
    result = book("account", "fact", "Ac", "family", "x")
    assert result.exit_code == 1
    assert "ambiguous: 1 Acme, 2 Acme Labs" in result.stderr
    assert query(book.db, "SELECT count(*) FROM account_fact") == [(0,)]


# --- contacts ------------------------------------------------------------------------


def test_contact_add_and_list(book: Cli) -> None:
    added = book.ok("contact", "add", "Acme", "Dana Wu", "--title", "CTO",
                    "--role", "decision-maker", "--phone", "+49 1", "--email", "dana@acme.com",
                    "--birthday", "1980-04-02")  # fmt: skip
    assert added.stderr == "added contact 1: Dana Wu at Acme\n"
    book.ok("contact", "add", "华为", "李娜", "--role", "influencer")
    book.ok("contact", "add", "Globex", "Hank", rep="bob")
    assert book.ok("contact", "list").stdout == (
        "ID  Name     Account   Title  Role            Phone  Email          Birthday\n"
        " 1  Dana Wu  Acme      CTO    decision-maker  +49 1  dana@acme.com  1980-04-02\n"
        " 2  李娜     华为技术         influencer\n"
    )
    assert [c["name"] for c in json.loads(book.ok("contact", "list", "Glob", "--json").stdout)] == [
        "Hank"
    ]
    everyone = json.loads(book.ok("contact", "list", "--all", "--json").stdout)
    assert [c["name"] for c in everyone] == ["Dana Wu", "Hank", "李娜"]
    assert [
        c["name"] for c in json.loads(book.ok("contact", "list", "--owner", "bob", "--json").stdout)
    ] == ["Hank"]
    assert query(book.db, "SELECT count(*) FROM event WHERE entity = 'contact'") == [(3,)]


def test_contact_birthday_relative_and_bad(book: Cli) -> None:
    result = book("contact", "add", "Acme", "Dana Wu", "--birthday", "1980-13-01")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Invalid value for '--birthday'")
    assert "1980-13-01" in result.stderr
    assert query(book.db, "SELECT count(*) FROM contact") == [(0,)]
    other = book("contact", "add", "Acme", "Dana Wu", "--birthday", "someday")
    assert other.exit_code == 2


def test_contact_add_unknown_and_ambiguous_account(book: Cli) -> None:
    unknown = book("contact", "add", "Zeta", "Dana")
    assert unknown.exit_code == 1
    assert unknown.stderr.splitlines()[0] == "error: no account matches 'Zeta'"
    ambiguous = book("contact", "add", "Ac", "Dana")
    assert ambiguous.exit_code == 1
    assert "1 Acme, 2 Acme Labs" in ambiguous.stderr
    assert query(book.db, "SELECT count(*) FROM contact") == [(0,)]


def test_contact_add_missing_name_and_bad_role(book: Cli) -> None:
    missing = book("contact", "add", "Acme")
    assert missing.exit_code == 2
    assert missing.stderr.splitlines()[0] == "error: missing contact name"
    bad_role = book("contact", "add", "Acme", "Dana", "--role", "boss")
    assert bad_role.exit_code == 2
    assert "'boss'" in bad_role.stderr


def test_contact_edit(book: Cli) -> None:
    book.ok("contact", "add", "Acme", "Dana Wu", "--title", "CTO", "--phone", "+49 1")
    result = book.ok("contact", "edit", "1", "--title", "", "--role", "gatekeeper",
                     "--birthday", "1981-02-03", "--account", "Acme L", "--json")  # fmt: skip
    assert result.stderr == "contact 1: Dana Wu saved\n"
    shown = json.loads(result.stdout)
    assert (shown["title"], shown["role"], shown["birthday"], shown["account"], shown["phone"]) == (
        None,
        "gatekeeper",
        "1981-02-03",
        "Acme Labs",
        "+49 1",
    )
    assert query(book.db, "SELECT account_id FROM contact WHERE id = 1") == [(2,)]


def test_contact_edit_bad_input(book: Cli) -> None:
    book.ok("contact", "add", "Acme", "Dana Wu")
    unknown = book("contact", "edit", "99", "--title", "x")
    assert unknown.exit_code == 1
    assert unknown.stderr.splitlines()[0] == "error: no contact 99"
    bad_date = book("contact", "edit", "1", "--birthday", "1980-02-30")
    assert bad_date.exit_code == 2
    bad_account = book("contact", "edit", "1", "--account", "Zeta")
    assert bad_account.exit_code == 1
    assert query(book.db, "SELECT account_id, birthday FROM contact") == [(1, None)]


def test_contact_edit_empty_birthday_clears_it(book: Cli) -> None:
    """The help says: an empty value ("") clears a field."""
    book.ok("contact", "add", "Acme", "Dana Wu", "--birthday", "1980-04-02")
    book.ok("contact", "edit", "1", "--birthday", "")
    assert query(book.db, "SELECT birthday FROM contact WHERE id = 1") == [(None,)]


# --- the services ----------------------------------------------------------------------


def test_service_resolve_account(session: Session) -> None:
    accounts.add_account(session, name="Acme")
    accounts.add_account(session, name="Acme Labs")
    assert accounts.resolve_account(session, "acme").name == "Acme"
    assert accounts.resolve_account(session, "acme l").name == "Acme Labs"
    assert accounts.resolve_account(session, "2").name == "Acme Labs"
    with pytest.raises(AmbiguousReference) as caught:
        accounts.resolve_account(session, "Ac")
    assert caught.value.candidates == ["1 Acme", "2 Acme Labs"]
    with pytest.raises(NotFound):
        accounts.resolve_account(session, "Zeta")
    with pytest.raises(InvalidValue):
        accounts.resolve_account(session, "  ")


def test_service_add_edit_list(session: Session) -> None:
    acme = accounts.add_account(session, name="  Acme ", region="Berlin")
    assert acme.name == "Acme"
    assert acme.owner == "alice"
    with pytest.raises(Refused):
        accounts.add_account(session, name="acme")
    with pytest.raises(InvalidValue):
        accounts.add_account(session, name=" ")
    accounts.add_account(session, name="Globex", owner="bob", status=AccountStatus.CUSTOMER)
    edited = accounts.edit_account(session, ref="Acme", region="", industry="steel")
    assert (edited.region, edited.industry) == (None, "steel")
    assert [a.name for a in accounts.list_accounts(session)] == ["Acme"]
    assert [a.name for a in accounts.list_accounts(session, everyone=True)] == ["Acme", "Globex"]
    assert [
        a.name
        for a in accounts.list_accounts(session, everyone=True, status=AccountStatus.CUSTOMER)
    ] == ["Globex"]
    actions = [
        row["action"]
        for row in session.db.rows("SELECT action FROM event WHERE entity = 'account' ORDER BY id")
    ]
    assert actions == ["add", "add", "edit"]


def test_service_edit_without_changes_writes_no_event(session: Session) -> None:
    accounts.add_account(session, name="Acme", region="Berlin")
    accounts.edit_account(session, ref="Acme", region="Berlin")
    assert session.db.scalar("SELECT count(*) FROM event WHERE action = 'edit'") == 0


def test_service_facts_and_contacts(session: Session) -> None:
    accounts.add_account(session, name="Acme")
    accounts.set_fact(session, ref="Acme", key="  Buying   Habits ", value=" year-end ")
    assert accounts.get_fact(session, ref="1", key="buying habits").value == "year-end"
    with pytest.raises(InvalidValue):
        accounts.set_fact(session, ref="Acme", key="family", value=" ")
    contact = contacts.add_contact(
        session,
        account="Acme",
        name="Dana",
        role=ContactRole.USER,
        birthday=date(1980, 4, 2),
    )
    assert (contact.account, contact.role, contact.birthday) == ("Acme", "user", date(1980, 4, 2))
    detail = overview_account.show_account(session, ref="acme")
    assert [f.key for f in detail.facts] == ["buying habits"]
    assert [c.name for c in detail.contacts] == ["Dana"]
    with pytest.raises(NotFound):
        contacts.add_contact(session, account="Zeta", name="X")


def test_facts_are_listed_and_removal_needs_yes_without_a_terminal(book: Cli) -> None:
    book.ok("account", "fact", "Acme", "family", "two kids")
    book.ok("account", "fact", "Acme", "家庭情况", "已婚")
    assert book.ok("account", "fact", "Acme").stdout == (
        "Key       Value\nfamily    two kids\n家庭情况  已婚\n"
    )
    refused = book("account", "fact", "Acme", "family", "--remove")
    assert refused.exit_code == 2
    assert refused.stderr == "error: this deletes data\nhint: pass --yes to confirm\n"
    assert book.ok("account", "fact", "Acme", "family").stdout == "two kids\n"
    both = book("account", "fact", "Acme", "family", "x", "--remove", "--yes")
    assert both.exit_code == 2
    assert both.stderr.startswith("error: give a VALUE or --remove, not both")


def test_contact_show(book: Cli) -> None:
    book.ok("contact", "add", "Acme", "Dana Wu", "--title", "CTO", "--birthday", "1980-04-02")
    assert book.ok("contact", "show", "1").stdout == (
        "Contact 1: Dana Wu\n  Account   Acme (1)\n  Title     CTO\n  Birthday  1980-04-02\n"
    )
    missing = book("contact", "show", "9")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("error: no contact 9")


def test_account_class_is_set_checked_and_cleared(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    assert (
        json.loads(cli.ok("account", "edit", "Acme", "--class", "a", "--json").stdout)["abc_class"]
        == "A"
    )
    bad = cli("account", "edit", "Acme", "--class", "E")
    assert (bad.exit_code, bad.stderr.splitlines()[0]) == (
        2,  # an option value that cannot be read is bad usage, as --lifecycle bogus is
        "error: Invalid value for '--class': 'E' is not a class; use A, B, C or D",
    )
    listed = cli("account", "list", "--class", "Z")
    assert (listed.exit_code, listed.stderr.splitlines()[0]) == (
        2,
        "error: Invalid value for '--class': 'Z' is not a class; use A, B, C or D",
    )
    assert cli("account", "list", "--lifecycle", "bogus").exit_code == 2
    assert (
        json.loads(cli.ok("account", "edit", "Acme", "--class", "", "--json").stdout)["abc_class"]
        is None
    )
