"""The everyday lists' --search (the rules of `salescli search`) and `lead list --status all`."""

from __future__ import annotations

import json

from tests.conftest import Cli


def test_lead_list_search_and_status_all(book: Cli) -> None:
    book.ok("lead", "add", "Zhang San", "--company", "华联物流")
    book.ok("lead", "disqualify", "2", "--reason", "no-budget")
    listed = json.loads(book.ok("lead", "list", "--search", "华联", "--json").stdout)
    assert [lead["id"] for lead in listed] == [1]
    listed = json.loads(
        book.ok("lead", "list", "--search", "华联", "--status", "all", "--json").stdout
    )
    assert [lead["id"] for lead in listed] == [1, 2]
    listed = json.loads(book.ok("lead", "list", "--search", "186 1234 5678", "--json").stdout)
    assert [lead["id"] for lead in listed] == [1]


def test_lead_list_refuses_an_unknown_status(book: Cli) -> None:
    result = book("lead", "list", "--status", "sleeping")
    assert result.exit_code == 2
    assert "all" in result.stderr


def test_contact_and_opp_lists_search(book: Cli) -> None:
    listed = json.loads(book.ok("contact", "list", "--all", "--search", "wang", "--json").stdout)
    assert sorted(contact["id"] for contact in listed) == [1, 3]
    listed = json.loads(book.ok("opp", "list", "--search", "冷链", "--json").stdout)
    assert [deal["id"] for deal in listed] == [1]
    assert json.loads(book.ok("opp", "list", "--search", "nothing", "--json").stdout) == []


def test_account_list_search_matches_a_phone_however_written(book: Cli) -> None:
    listed = json.loads(book.ok("account", "list", "--search", "6234 5678", "--json").stdout)
    assert [account["id"] for account in listed] == [1]
