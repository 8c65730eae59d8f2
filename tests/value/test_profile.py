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
    cli.ok("account", "fact", "Acme", "kids", "a son")
    shown = json.loads(cli.ok("account", "profile", "Acme", "--json").stdout)
    assert (shown["known"], shown["items"], shown["completeness"]) == (3, 41, 7)
    answered = {item["key"]: item for item in shown["questions"] if item["value"]}
    # The fact 'hobbies' answers interests.hobbies: its key is that question's own.
    assert {
        key: (i["value"], i["recorded_on"], i["recorded_by"]) for key, i in answered.items()
    } == {
        "family.children": ("two, daughter abroad", "2026-11-23", "alice"),
        "interests.hobbies": ("golf on Sundays", "2026-11-23", "alice"),
        "plans.goals": ("open a Wuhan plant", "2026-11-23", "maria"),
    }
    # 'kids' only names a heading; the answer to family.children was given anyway.
    assert [(item["key"], item["section"]) for item in shown["other"]] == [
        ("kids", "family"),
        ("parking", "other"),
    ]
    plain = cli.ok("account", "profile", "Acme").stdout
    assert plain.startswith("Profile of account 1: Acme — 3 of 41 known (7%)\n")
    assert "  family.children     two, daughter abroad  (2026-11-23, alice)\n" in plain
    assert "  family.spouse       (missing) Spouse or partner: name and occupation\n" in plain
    assert "\nOther facts\n  parking (fact)  use the north gate  (2026-11-23, alice)\n" in plain
    page = cli.ok("account", "show", "Acme").stdout
    assert "  Profile    3 of 41 known (7%)\n" in page
    # The answers have their own page; account show lists the free-form facts only.
    assert (
        "\nFacts\n  hobbies  golf on Sundays\n  kids     a son\n  parking  use the north gate\n\n"
        in page
    )
    cli.ok("account", "profile", "Acme", "--clear", "family.children")
    assert json.loads(cli.ok("account", "profile", "Acme", "--json").stdout)["known"] == 2


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


ALPHA_PROFILE = """\
Profile of account 1: Alpha — 2 of 41 known (5%)

Company
  company.products   (missing) What the company makes or sells
  company.size       (missing) Employees, sites and yearly revenue
  company.position   (missing) Market position and main competitors
  company.decision   (missing) How buying decisions are made, and by whom
  company.suppliers  (missing) Current suppliers of what we sell
  company.culture    (missing) Company culture and values

The person
  person.role      (missing) Title and responsibilities
  person.birthday  (missing) Birthday
  person.hometown  (missing) Hometown, and where they live now
  person.style     (missing) How they like to communicate (phone, mail, in person; mornings, evenings)
  person.concerns  (missing) What worries them at work
  person.health    (missing) Health matters to keep in mind

Family
  family.spouse       (missing) Spouse or partner: name and occupation
  family.children     (missing) Children: names and ages
  family.anniversary  (missing) Wedding anniversary
  family.occasions    (missing) Family occasions worth remembering
  family (fact)       two kids  (2026-11-23, alice)

Education
  education.school  (missing) Schools and universities
  education.degree  (missing) Degrees and fields of study
  education.alumni  (missing) Alumni ties and activities

Career
  career.previous      (missing) Previous employers and positions
  career.path          (missing) How they came to this position
  career.ambitions     (missing) Career ambitions
  career.achievements  (missing) Achievements they are proud of
  career.associations  (missing) Professional associations and clubs

Interests
  interests.hobbies  golf  (2026-11-23, alice)
  interests.sports   tennis  (2026-11-23, maria)
  interests.reading  (missing) What they read
  interests.food     (missing) Food and drink they like (and avoid)
  interests.travel   (missing) Places they have been or want to go
  interests.causes   (missing) Causes and charities they support
  interests.avoid    (missing) Topics to stay away from

History with us
  history.since        (missing) Customer since, and how we won them
  history.purchases    (missing) What they buy from us, and why
  history.issues       (missing) Problems and complaints, and how they were settled
  history.contacts     (missing) Who at our company knows them
  history.competitors  (missing) Competitors they have dealt with

Plans
  plans.goals     (missing) Their business goals this year
  plans.projects  (missing) Upcoming projects and their budgets
  plans.needs     (missing) Needs we could meet next
  plans.risks     (missing) What could make them leave
  plans.next      (missing) Our next step with them

Other facts
  parking (fact)  north gate  (2026-11-23, alice)
"""


def test_a_fact_keyed_like_a_question_answers_it(cli: Cli) -> None:
    cli.ok("account", "add", "Alpha", "--status", "customer")
    cli.ok("account", "fact", "Alpha", "hobbies", "golf")
    cli.ok("account", "fact", "Alpha", "Sport", "tennis", rep="maria")
    cli.ok("account", "fact", "Alpha", "parking", "north gate")
    cli.ok("account", "fact", "Alpha", "family", "two kids")
    assert cli.ok("account", "profile", "Alpha").stdout == ALPHA_PROFILE
    assert "  Profile    2 of 41 known (5%)\n" in cli.ok("account", "show", "Alpha").stdout
    # The answer is the fact: --clear names the fact to remove.
    refused = cli("account", "profile", "Alpha", "--clear", "interests.hobbies")
    assert (refused.exit_code, refused.stderr) == (
        1,
        "error: account 'Alpha' has no answer to interests.hobbies\n"
        "hint: the fact 'hobbies' answers it: 'salescli account fact 1 hobbies --remove'\n",
    )
    # An answer given to the question itself wins; the fact then shows as a fact.
    cli.ok("account", "profile", "Alpha", "--set", "interests.hobbies", "chess")
    shown = json.loads(cli.ok("account", "profile", "Alpha", "--json").stdout)
    assert shown["known"] == 2
    assert [item["value"] for item in shown["questions"] if item["key"] == "interests.hobbies"] == [
        "chess"
    ]
    assert [(item["key"], item["section"]) for item in shown["other"]] == [
        ("family", "family"),
        ("hobbies", "interests"),
        ("parking", "other"),
    ]
