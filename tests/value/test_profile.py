"""The structured profile, and the cadence that follows `account classify --apply`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli
from tests.value.conftest import load_purchases


def test_profile_answers_missing_and_free_form_facts(cli: Cli) -> None:
    cli.ok("account", "add", "Acme", "--status", "customer")
    cli.ok("account", "fact", "Acme", "hobbies", "golf on Sundays")
    cli.ok("account", "fact", "Acme", "parking", "use the north gate")
    cli.ok("account", "profile", "Acme", "--set", "family.children", "two, daughter abroad")
    cli.ok("account", "profile", "Acme", "--set", "Plans.Goals", "open a Wuhan plant", rep="maria")
    shown = json.loads(cli.ok("account", "profile", "Acme", "--json").stdout)
    assert (shown["known"], shown["items"], shown["completeness"]) == (2, 41, 5)
    answered = {item["key"]: item for item in shown["questions"] if item["value"]}
    assert {
        key: (i["value"], i["recorded_on"], i["recorded_by"]) for key, i in answered.items()
    } == {
        "family.children": ("two, daughter abroad", "2026-11-23", "alice"),
        "plans.goals": ("open a Wuhan plant", "2026-11-23", "maria"),
    }
    assert [(item["key"], item["section"]) for item in shown["other"]] == [
        ("hobbies", "interests"),
        ("parking", "other"),
    ]
    plain = cli.ok("account", "profile", "Acme").stdout
    assert plain.startswith("Profile of account 1: Acme — 2 of 41 known (5%)\n")
    assert "  family.children     two, daughter abroad  (2026-11-23, alice)\n" in plain
    assert "  family.spouse       (missing) Spouse or partner: name and occupation\n" in plain
    assert "\nOther facts\n  parking (fact)  use the north gate  (2026-11-23, alice)\n" in plain
    page = cli.ok("account", "show", "Acme").stdout
    assert "  Profile    2 of 41 known (5%)\n" in page
    # The answers have their own page; account show lists the free-form facts only.
    assert "\nFacts\n  hobbies  golf on Sundays\n  parking  use the north gate\n\n" in page
    cli.ok("account", "profile", "Acme", "--clear", "family.children")
    assert json.loads(cli.ok("account", "profile", "Acme", "--json").stdout)["known"] == 1


def test_profile_refuses_what_is_not_a_question_and_others_accounts(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("account", "add", "Globex", "--owner", "bob")
    refused = cli("account", "profile", "Acme", "--set", "family.pets", "a cat")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == "error: 'family.pets' is not a profile question"
    assert cli("account", "profile", "Globex", "--set", "family.children", "one").exit_code == 1
    assert cli("account", "profile", "Acme", "--clear", "family.children").exit_code == 1


def test_contact_profile(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("contact", "add", "Acme", "Dana Wu")
    cli.ok("contact", "profile", "1", "--set", "interests.sports", "marathons")
    shown = json.loads(cli.ok("contact", "profile", "1", "--json").stdout)
    assert (shown["kind"], shown["name"], shown["known"]) == ("contact", "Dana Wu", 1)
    assert json.loads(cli.ok("account", "profile", "Acme", "--json").stdout)["known"] == 0


def test_the_digest_follows_classify_apply(cli: Cli, tmp_path: Path) -> None:
    load_purchases(cli, tmp_path, [("Big", "5000", "2026-06-01"), ("Small", "10", "2026-06-01")])
    for name in ("Big", "Small"):
        cli.ok("visit", "log", name, "--type", "call", "--outcome", "fine", "--at", "-20d")
    # A customer is due every 30 days: neither is due 20 days after the call.
    assert "Big" not in cli.ok("remind").stdout
    cli.ok("account", "classify", "--apply")
    # Big is now class A, due every 14 days: 6 days overdue.
    digest = cli.ok("remind").stdout
    assert "Big (customer, class A, every 14 days): last touch 20 days ago" in digest
    assert "Small" not in digest


def test_deleting_a_contact_or_account_and_undoing_it_keeps_the_profile(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("contact", "add", "Acme", "Dana Wu")
    cli.ok("contact", "profile", "1", "--set", "interests.sports", "marathons")
    for deleting in (("contact", "delete", "1", "--yes"), ("account", "delete", "Acme", "--yes")):
        cli.ok(*deleting)
        cli.ok("undo")
        shown = json.loads(cli.ok("contact", "profile", "1", "--json").stdout)
        assert [item["value"] for item in shown["questions"] if item["value"]] == ["marathons"]
