"""`salescli remind`: the daily digest, each rule at its boundary, and the digest as cron
receives it. Today is Monday 2026-11-23; "coming up" runs to Monday 2026-11-30."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from salescli.config import AccountCadence, ReminderSettings
from salescli.models.enums import AccountStatus, ActivityType, ContactRole, LossReason
from salescli.services.activities import activities
from salescli.services.activities.remind import (
    KINDS,
    RULES,
    SECTIONS,
    Reminder,
    Rule,
    Scope,
    remind,
)
from salescli.services.core import reps
from salescli.services.core.session import Session, open_session
from salescli.services.customers import accounts, contacts
from salescli.services.leads import leads
from salescli.services.pipeline import lifecycle, opportunities
from tests.conftest import TODAY, Cli, acting
from tests.test_end_to_end import ANSI, SALESCLI, TIMEOUT, base_env

JSON_KEYS = [
    "kind",
    "due",
    "days_overdue",
    "account",
    "contact",
    "phone",
    "opportunity",
    "owner",
    "message",
    "command",
]


def days_ago(count: int) -> date:
    return TODAY - timedelta(days=count)


def on(session: Session, day: date) -> None:
    """Act as if today were ``day`` (the book is filled as time goes by)."""
    session.today = day
    session._now = None


@pytest.fixture
def book_session(cli: Cli, db_path: Path) -> Iterator[Session]:
    """A service session on the `cli` book (alice, bob, maria), acting as alice."""
    with open_session(db_path, today=TODAY, acting_handle="alice") as session:
        yield session
        on(session, TODAY)


def kinds(found: list[Reminder]) -> list[tuple[str, str]]:
    return [(item.kind, item.message) for item in found]


def digest_of(session: Session, **options: object) -> list[Reminder]:
    on(session, TODAY)
    return remind(session, **options).items  # type: ignore[arg-type]


# ---- the small book -------------------------------------------------------------------


def fill_book(session: Session) -> None:
    """Alice's book, one item in each section, and things that must stay quiet."""
    on(session, days_ago(400))
    accounts.add_account(
        session, name="Acme Steel", phone="+86 10 8888 0000", status=AccountStatus.CUSTOMER
    )
    contacts.add_contact(
        session,
        account="Acme Steel",
        name="Li Na",
        role=ContactRole.DECISION_MAKER,
        phone="+86 139 0000 0001",
        birthday=date(1980, 11, 25),
    )
    accounts.add_account(session, name="Globex", status=AccountStatus.PROSPECT)
    accounts.add_account(session, name="Former Co", status=AccountStatus.FORMER)
    # A deal opened 13 days ago in prospect and never touched: due (cadence 7 days).
    on(session, days_ago(13))
    opportunities.add_opportunity(
        session,
        account="Acme Steel",
        name="Steel frames",
        amount=Decimal("250000"),
        close_date=TODAY + timedelta(days=60),
        contact="Li Na",
        next_step="send revised quote",
        next_date=days_ago(2),
    )
    # A proposal that has been in its stage 31 days (expected 30): stalled, and its
    # close date passed yesterday; touched yesterday, so not due for contact.
    on(session, days_ago(31))
    opportunities.add_opportunity(
        session,
        account="Globex",
        name="Warehouse racks",
        amount=Decimal("80000"),
        close_date=days_ago(1),
        stage="proposal",
    )
    # Planned ten days ago: a visit that was due on Friday, one today, one on Wednesday.
    on(session, days_ago(10))
    activities.plan_activity(
        session,
        account="Acme Steel",
        at=(days_ago(3), "10:00"),
        opportunity=1,
        contact="Li Na",
        purpose="present the proposal",
    )
    activities.plan_activity(
        session,
        account="Globex",
        at=(TODAY, "14:30"),
        activity_type=ActivityType.CALL,
        purpose="confirm the site survey",
    )
    activities.plan_activity(
        session, account="Acme Steel", at=(TODAY + timedelta(days=2), None), purpose="plant tour"
    )
    leads.add_lead(session, name="Wang Wei", company="华为", next_action=days_ago(1))
    leads.add_lead(session, name="Jane Roe", company="Initech", phone="+1 312 555 0100",
                   next_action=TODAY)  # fmt: skip
    leads.add_lead(session, name="Zhang San", next_action=TODAY + timedelta(days=7))
    leads.add_lead(session, name="Later Lead", next_action=TODAY + timedelta(days=8))
    on(session, days_ago(1))
    activities.log_activity(
        session, account=None, opportunity=2, outcome="racks measured", at=(days_ago(1), "16:00")
    )
    # Acme's last touch: 31 days ago, one day past a customer's 30.
    on(session, days_ago(31))
    activities.log_activity(session, account="Acme Steel", outcome="quarterly review")
    on(session, TODAY)


EXPECTED_DIGEST = """\
alice (Alice Chen), Mon 2026-11-23: 12 to do

Overdue (3)
When                    What                                                          With                Phone              Command
Fri 2026-11-20, 3d ago  visit 1 at 10:00: present the proposal (deal 1 Steel frames)  Acme Steel / Li Na  +86 139 0000 0001  salescli visit done 1 --outcome "..."
Sat 2026-11-21, 2d ago  deal 1 Steel frames: send revised quote                       Acme Steel / Li Na  +86 139 0000 0001  salescli visit log --opp 1 --outcome "..."
Sun 2026-11-22, 1d ago  follow up lead 1 Wang Wei                                     华为 / Wang Wei                        salescli lead touch 1 --note "..."

Today (2)
When   What                                      With                Phone            Command
today  call 2 at 14:30: confirm the site survey  Globex                               salescli visit done 2 --outcome "..."
today  follow up lead 2 Jane Roe                 Initech / Jane Roe  +1 312 555 0100  salescli lead touch 2 --note "..."

Contact due (2)
When                    What                                                                             With                Phone              Command
Tue 2026-11-17, 6d ago  deal 1 Steel frames (prospect, every 7 days): no touch yet, 13 days in prospect  Acme Steel / Li Na  +86 139 0000 0001  salescli visit log --opp 1 --outcome "..."
Sun 2026-11-22, 1d ago  Acme Steel (customer, every 30 days): last touch 31 days ago                     Acme Steel / Li Na  +86 139 0000 0001  salescli visit log 'Acme Steel' --outcome "..."

Stalled (1)
When                    What                                                           With    Phone  Command
Sun 2026-11-22, 1d ago  deal 2 Warehouse racks: 31 days in proposal, expected 30 days  Globex         salescli opp show 2

Close date passed (1)
When                    What                                                             With    Phone  Command
Sun 2026-11-22, 1d ago  deal 2 Warehouse racks (proposal): expected to close 2026-11-22  Globex         salescli opp edit 2 --close DATE

Coming up (3)
When                   What                        With                Phone              Command
Wed 2026-11-25, in 2d  visit 3: plant tour         Acme Steel          +86 10 8888 0000   salescli visit show 3
Wed 2026-11-25, in 2d  birthday of Li Na           Acme Steel / Li Na  +86 139 0000 0001  salescli contact show 1
Mon 2026-11-30, in 7d  follow up lead 3 Zhang San  Zhang San                              salescli lead show 3
"""


@pytest.fixture
def book(cli: Cli, book_session: Session) -> Cli:
    fill_book(book_session)
    return cli


def test_the_whole_digest_of_a_small_book(book: Cli) -> None:
    result = book.ok("remind")
    assert result.stdout == EXPECTED_DIGEST
    assert result.stderr == ""


def test_json_is_one_list_of_items_with_the_documented_keys(book: Cli) -> None:
    data = json.loads(book.ok("remind", "--json").stdout)
    assert [list(item) for item in data] == [JSON_KEYS] * 12
    assert [item["kind"] for item in data] == [
        "activity-overdue", "deal-next-overdue", "lead-overdue", "activity-today",
        "lead-today", "contact-due-deal", "contact-due-account", "stalled",
        "close-date-passed", "coming-up-activity", "birthday", "coming-up-lead",
    ]  # fmt: skip
    assert data[0] == {
        "kind": "activity-overdue",
        "due": "2026-11-20",
        "days_overdue": 3,
        "account": "Acme Steel",
        "contact": "Li Na",
        "phone": "+86 139 0000 0001",
        "opportunity": 1,
        "owner": "alice",
        "message": "visit 1 at 10:00: present the proposal (deal 1 Steel frames)",
        "command": 'salescli visit done 1 --outcome "..."',
    }
    assert data[-1]["days_overdue"] == -7  # coming up: negative, days ahead


def test_the_commands_it_suggests_are_real(book: Cli) -> None:
    """Each suggested command line parses (with --help appended, nothing runs)."""
    import shlex

    for item in json.loads(book.ok("remind", "--json").stdout):
        argv = shlex.split(item["command"])
        assert argv[0] == "salescli"
        result = book(*argv[1:], "--help")
        assert result.exit_code == 0, (item["command"], result.stderr)


def test_the_registry_is_in_section_order_with_unique_kinds() -> None:
    assert len(set(KINDS)) == len(KINDS)
    assert SECTIONS == (
        "Overdue", "Collections", "Today", "Contact due", "Stalled", "Close date passed", "Quotes",
        "Contracts", "Campaigns and expenses", "Coming up",
    )  # fmt: skip
    positions = [SECTIONS.index(rule.section) for rule in RULES]
    assert positions == sorted(positions)


def test_a_new_kind_of_reminder_is_one_more_rule(book: Cli, book_session: Session) -> None:
    """How later issues add sections (tenders closing, samples to chase)."""

    def tenders_closing(session: Session, scope: Scope, kind: str) -> list[Reminder]:
        due = scope.today + timedelta(days=2)
        return [
            Reminder(kind, due, -2, "Globex", None, None, 2, "alice", "tender 7 closes",
                     "salescli opp show 2")
        ]  # fmt: skip

    rules = (*RULES, Rule("tender-closing", "Tenders closing", tenders_closing))
    on(book_session, TODAY)
    digest = remind(book_session, rules=rules)
    # The book has every kind of reminder but those of quotes, contracts, receivables,
    # campaigns and expenses (tests/orders and tests/marketing cover those sections).
    shown = [
        title
        for title in SECTIONS
        if title not in ("Collections", "Quotes", "Contracts", "Campaigns and expenses")
    ]
    assert [section.title for section in digest.reps[0].sections] == [*shown, "Tenders closing"]
    assert digest.items[-1].kind == "tender-closing"


# ---- each rule at its boundary --------------------------------------------------------


@pytest.fixture
def acme(book_session: Session) -> Session:
    """Alice's customer Acme, added long ago and touched today, and her prospect Globex
    with an open deal (neither due by the account cadence)."""
    on(book_session, days_ago(400))
    accounts.add_account(book_session, name="Acme", status=AccountStatus.CUSTOMER)
    accounts.add_account(book_session, name="Globex", status=AccountStatus.PROSPECT)
    on(book_session, TODAY)
    opportunities.add_opportunity(
        book_session, account="Globex", name="Racks", amount=None, close_date=date(2027, 6, 30)
    )
    touch(book_session, "Acme", TODAY)
    touch(book_session, "Globex", TODAY, opportunity=1)
    return book_session


def touch(session: Session, account: str, day: date, *, opportunity: int | None = None) -> None:
    on(session, day)
    activities.log_activity(
        session, account=account, opportunity=opportunity, outcome="talked", at=(day, "09:00")
    )


def deal(
    session: Session, name: str, *, entered: date, stage: str = "prospect", **fields: object
) -> int:
    """A deal of Acme's that entered ``stage`` on ``entered`` (and was opened then)."""
    on(session, entered)
    defaults: dict[str, object] = {"amount": None, "close_date": date(2027, 6, 30)}
    found = opportunities.add_opportunity(
        session,
        account="Acme",
        name=name,
        stage=stage,
        **{**defaults, **fields},  # type: ignore[arg-type]
    )
    return found.id


def test_nothing_is_due_in_a_book_touched_today(acme: Session) -> None:
    assert digest_of(acme) == []


def test_a_plan_due_today_is_today_yesterday_overdue_and_the_last_day_ahead_coming_up(
    acme: Session,
) -> None:
    on(acme, days_ago(5))
    for day in (days_ago(1), TODAY, TODAY + timedelta(days=7), TODAY + timedelta(days=8)):
        activities.plan_activity(acme, account="Acme", at=(day, None), purpose=str(day))
    found = digest_of(acme)
    assert [(item.kind, item.due, item.days_overdue) for item in found] == [
        ("activity-overdue", days_ago(1), 1),
        ("activity-today", TODAY, 0),
        ("coming-up-activity", TODAY + timedelta(days=7), -7),
    ]
    assert [item.kind for item in digest_of(acme, days=0)] == ["activity-overdue", "activity-today"]
    assert [item.kind for item in digest_of(acme, days=8)][-1] == "coming-up-activity"
    assert len(digest_of(acme, days=8)) == 4


def test_done_and_cancelled_plans_are_not_reminded(acme: Session) -> None:
    on(acme, days_ago(5))
    first = activities.plan_activity(acme, account="Acme", at=(days_ago(2), None))
    second = activities.plan_activity(acme, account="Acme", at=(days_ago(1), None))
    on(acme, TODAY)
    activities.complete_activity(acme, activity_id=first.id, outcome="done late")
    activities.cancel_activity(acme, activity_id=second.id, reason="postponed")
    assert digest_of(acme) == []


def test_lead_next_actions_overdue_today_and_ahead(acme: Session) -> None:
    for name, day in (("Past", days_ago(1)), ("Now", TODAY), ("Soon", TODAY + timedelta(days=3))):
        leads.add_lead(acme, name=name, phone="139", next_action=day)
    closed = leads.add_lead(acme, name="Closed", next_action=days_ago(3))
    leads.disqualify_lead(acme, lead_id=closed.id, reason="no budget")
    assert kinds(digest_of(acme)) == [
        ("lead-overdue", "follow up lead 1 Past"),
        ("lead-today", "follow up lead 2 Now"),
        ("coming-up-lead", "follow up lead 3 Soon"),
    ]


def test_deal_next_dates_overdue_today_and_ahead(acme: Session) -> None:
    for name, day in (("Past", days_ago(1)), ("Now", TODAY), ("Soon", TODAY + timedelta(days=3))):
        deal(acme, name, entered=TODAY, next_step="call back", next_date=day)
    assert kinds(digest_of(acme)) == [
        ("deal-next-overdue", "deal 2 Past: call back"),
        ("deal-next-today", "deal 3 Now: call back"),
        ("coming-up-deal-next", "deal 4 Soon: call back"),
    ]


def test_deal_cadence_exactly_reached_is_not_due_one_day_over_is(acme: Session) -> None:
    """A proposal is contacted every 3 days: touched 3 days ago, not yet due."""
    reached = deal(acme, "Reached", entered=days_ago(20), stage="proposal")
    over = deal(acme, "Over", entered=days_ago(20), stage="proposal")
    touch(acme, "Acme", days_ago(3), opportunity=reached)
    touch(acme, "Acme", days_ago(4), opportunity=over)
    touch(acme, "Acme", TODAY)
    found = digest_of(acme)
    assert [(item.kind, item.opportunity, item.days_overdue, item.due) for item in found] == [
        ("contact-due-deal", over, 1, days_ago(1))
    ]
    assert found[0].message == "deal 3 Over (proposal, every 3 days): last touch 4 days ago"
    assert found[0].command == 'salescli visit log --opp 3 --outcome "..."'


def test_an_untouched_deal_counts_from_the_day_it_entered_its_stage(acme: Session) -> None:
    deal(acme, "Seven days", entered=days_ago(7))  # prospect: every 7 days
    deal(acme, "Eight days", entered=days_ago(8))
    assert kinds(digest_of(acme)) == [
        (
            "contact-due-deal",
            "deal 3 Eight days (prospect, every 7 days): no touch yet, 8 days in prospect",
        )
    ]


def test_account_cadence_by_status_and_class(acme: Session) -> None:
    on(acme, days_ago(400))
    for name, status in (
        ("Customer 30", AccountStatus.CUSTOMER),
        ("Customer 31", AccountStatus.CUSTOMER),
        ("Class A 14", AccountStatus.CUSTOMER),
        ("Class A 15", AccountStatus.CUSTOMER),
        ("Prospect 31", AccountStatus.PROSPECT),
        ("Former", AccountStatus.FORMER),
    ):
        accounts.add_account(acme, name=name, status=status)
    for name in ("Class A 14", "Class A 15"):
        accounts.edit_account(acme, ref=name, rank="A")
    for name, ago in (
        ("Customer 30", 30), ("Customer 31", 31), ("Class A 14", 14), ("Class A 15", 15),
        ("Prospect 31", 31), ("Former", 300),
    ):  # fmt: skip
        touch(acme, name, days_ago(ago))
    found = digest_of(acme)
    assert [(item.kind, item.account, item.days_overdue) for item in found] == [
        ("contact-due-account", "Customer 31", 1),
        ("contact-due-account", "Class A 15", 1),
        ("contact-due-account", "Prospect 31", 1),
    ]
    assert found[1].message == (
        "Class A 15 (customer, class A, every 14 days): last touch 15 days ago"
    )
    assert found[1].command == "salescli visit log 'Class A 15' --outcome \"...\""
    # The cadences come from the settings (cadence.customer, cadence.a, cadence.prospect).
    on(acme, TODAY)
    tighter = remind(
        acme, settings=ReminderSettings(AccountCadence(customer=29, a_class=13, prospect=40))
    ).items
    assert [(item.account, item.due) for item in tighter] == [
        ("Customer 31", days_ago(2)),
        ("Class A 15", days_ago(2)),
        ("Customer 30", days_ago(1)),
        ("Class A 14", days_ago(1)),
    ]


def test_an_account_never_touched_counts_from_the_day_it_was_added(acme: Session) -> None:
    on(acme, days_ago(31))
    accounts.add_account(acme, name="New customer", status=AccountStatus.CUSTOMER)
    on(acme, days_ago(30))
    accounts.add_account(acme, name="Newer customer", status=AccountStatus.CUSTOMER)
    assert kinds(digest_of(acme)) == [
        (
            "contact-due-account",
            "New customer (customer, every 30 days): never touched, added 31 days ago",
        )
    ]


def test_a_prospect_is_due_only_without_an_open_deal(acme: Session) -> None:
    """Globex, a prospect last touched 40 days ago, has an open deal (touched today): the
    deal's cadence applies, not the account's; once the deal is lost, the account is due."""
    acme.db.execute(
        "UPDATE account SET last_touch = ? WHERE name = 'Globex'", (days_ago(40).isoformat(),)
    )
    assert digest_of(acme) == []
    on(acme, TODAY)
    lifecycle.lose_opportunity(
        acme, opportunity_id=1, reason=LossReason.BUDGET, summary="no budget"
    )
    assert [item.account for item in digest_of(acme)] == ["Globex"]


def test_stalled_after_the_stage_s_expected_days(acme: Session) -> None:
    """A proposal is expected to take 30 days."""
    on_time = deal(acme, "Thirty days", entered=days_ago(30), stage="proposal")
    late = deal(acme, "Thirty-one days", entered=days_ago(31), stage="proposal")
    for opportunity in (on_time, late):
        touch(acme, "Acme", TODAY, opportunity=opportunity)
    assert kinds(digest_of(acme)) == [
        ("stalled", "deal 3 Thirty-one days: 31 days in proposal, expected 30 days")
    ]


def test_close_date_passed_the_day_after(acme: Session) -> None:
    deal(acme, "Closes today", entered=TODAY, close_date=TODAY)
    deal(acme, "Closed yesterday", entered=TODAY, close_date=days_ago(1))
    assert kinds(digest_of(acme)) == [
        ("close-date-passed", "deal 3 Closed yesterday (prospect): expected to close 2026-11-22")
    ]


def overdue_everything(session: Session) -> int:
    """A deal of Acme's with every reason to be reminded: stalled, untouched, next step
    and close date passed."""
    return deal(
        session,
        "Neglected",
        entered=days_ago(90),
        close_date=days_ago(10),
        next_step="call",
        next_date=days_ago(5),
    )


def test_a_deal_due_for_every_deal_rule_is_in_each_section_deals_of_a_day_by_id(
    acme: Session,
) -> None:
    """The deal rules share one read of the deals: each still lists every deal it is
    due for, by day and, on a day, by deal."""
    first, second = overdue_everything(acme), overdue_everything(acme)
    found = [(item.kind, item.opportunity, item.due) for item in digest_of(acme)]
    assert found == [
        ("deal-next-overdue", first, days_ago(5)),
        ("deal-next-overdue", second, days_ago(5)),
        ("contact-due-deal", first, days_ago(83)),
        ("contact-due-deal", second, days_ago(83)),
        ("stalled", first, days_ago(30)),
        ("stalled", second, days_ago(30)),
        ("close-date-passed", first, days_ago(10)),
        ("close-date-passed", second, days_ago(10)),
    ]


def test_a_next_date_written_with_a_time_by_another_program_is_not_a_crash(
    acme: Session,
) -> None:
    """The book's next dates are plain days; one a spreadsheet tool wrote with a time
    of today falls in no next-step section, as before, and the digest still comes."""
    neglected = deal(acme, "Timed", entered=TODAY, next_step="call", next_date=TODAY)
    acme.db.connection.execute(
        "UPDATE opportunity SET next_date = ? WHERE id = ?", (f"{TODAY} 10:00", neglected)
    )
    assert digest_of(acme) == []


def test_suspended_deals_are_skipped(acme: Session) -> None:
    neglected = overdue_everything(acme)
    assert {item.kind for item in digest_of(acme)} == {
        "deal-next-overdue", "contact-due-deal", "stalled", "close-date-passed"
    }  # fmt: skip
    lifecycle.suspend_opportunity(acme, opportunity_id=neglected, reason="budget frozen")
    assert digest_of(acme) == []


def test_a_suspension_comes_back_on_its_last_day(acme: Session, cli: Cli) -> None:
    """`opp suspend --until DAY`: out of the digest before that day, then a reminder to
    reactivate or lose the deal, today on the day and overdue after it."""
    paused = overdue_everything(acme)
    on(acme, days_ago(10))
    lifecycle.suspend_opportunity(acme, opportunity_id=paused, reason="budget frozen", until=TODAY)
    on(acme, TODAY - timedelta(days=1))
    assert remind(acme).items == []
    message = f"deal {paused} Neglected was suspended until {TODAY}: reactivate or lose it"
    (item,) = digest_of(acme)
    assert (item.kind, item.message, item.days_overdue, item.opportunity) == (
        "suspension-ends", message, 0, paused
    )  # fmt: skip
    assert item.command == f"salescli opp reactivate {paused}"
    assert cli(*item.command.split()[1:], "--help").exit_code == 0  # a real command
    on(acme, TODAY + timedelta(days=3))
    assert [(i.kind, i.days_overdue) for i in remind(acme).items] == [("suspension-over", 3)]
    assert [i.kind for i in remind(acme, owner="bob").items] == []
    lifecycle.reactivate_opportunity(acme, opportunity_id=paused)
    assert "suspension-over" not in {i.kind for i in remind(acme).items}


def test_archived_deals_are_skipped(acme: Session) -> None:
    """Only closed deals are archived by salescli, but an imported one may be open."""
    neglected = overdue_everything(acme)
    acme.db.execute(
        "UPDATE opportunity SET archived_at = '2026-11-01T10:00:00Z' WHERE id = ?", (neglected,)
    )
    assert digest_of(acme) == []


def test_won_and_lost_deals_are_skipped(acme: Session) -> None:
    won = overdue_everything(acme)
    lost = overdue_everything(acme)
    on(acme, TODAY)
    lifecycle.win_opportunity(acme, opportunity_id=won, summary="signed")
    lifecycle.lose_opportunity(
        acme, opportunity_id=lost, reason=LossReason.PRICE, summary="too dear"
    )
    assert digest_of(acme) == []


def bobs_records(session: Session) -> None:
    """Bob's overdue plan, lead and deal."""
    session.act_as("bob")
    on(session, days_ago(400))
    accounts.add_account(session, name="Bob's customer", status=AccountStatus.CUSTOMER)
    on(session, days_ago(3))
    activities.plan_activity(session, account="Bob's customer", at=(days_ago(1), "11:00"))
    leads.add_lead(session, name="Bob's lead", next_action=days_ago(1))
    session.act_as("alice")


def test_inactive_reps_records_are_reminded_to_no_one(acme: Session, cli: Cli) -> None:
    bobs_records(acme)
    assert {item.owner for item in digest_of(acme, everyone=True)} == {"bob"}
    assert len(digest_of(acme, owner="bob")) == 3
    with acting(acme, "maria"):
        reps.deactivate_rep(acme, handle="bob")
    assert digest_of(acme, everyone=True) == []
    assert digest_of(acme, owner="bob") == []
    result = cli.ok("remind", "--owner", "bob")
    assert result.stdout == "bob (Bob Li), Mon 2026-11-23: nothing due\n"
    assert result.stderr == "warning: rep bob is inactive: their records are reminded to no one\n"


def birthdays(found: list[Reminder]) -> list[Reminder]:
    return [item for item in found if item.kind.startswith("birthday")]


def test_birthdays_across_the_year_end(acme: Session) -> None:
    for name, born in (
        ("New Year", date(1975, 1, 2)),
        ("Old Year", date(1980, 12, 31)),
        ("Today", date(1990, 12, 28)),
        ("Too far", date(1985, 1, 5)),
        ("Gone by", date(1970, 12, 27)),
    ):
        contacts.add_contact(acme, account="Acme", name=name, birthday=born)
    today = date(2026, 12, 28)
    on(acme, today)
    found = birthdays(remind(acme).items)
    assert [(item.kind, item.contact, item.due, item.days_overdue) for item in found] == [
        ("birthday-today", "Today", today, 0),
        ("birthday", "Old Year", date(2026, 12, 31), -3),
        ("birthday", "New Year", date(2027, 1, 2), -5),
    ]


def test_a_29_february_birthday_is_kept_on_the_28th_in_other_years(acme: Session) -> None:
    contacts.add_contact(acme, account="Acme", name="Leap", birthday=date(1988, 2, 29))
    for today, due in (
        (date(2027, 2, 25), date(2027, 2, 28)),
        (date(2028, 2, 25), date(2028, 2, 29)),
    ):
        on(acme, today)
        assert [(item.kind, item.due) for item in birthdays(remind(acme).items)] == [
            ("birthday", due)
        ]
    on(acme, date(2027, 2, 28))
    assert [item.kind for item in birthdays(remind(acme).items)] == ["birthday-today"]


# ---- the command ----------------------------------------------------------------------


def test_quiet_prints_nothing_when_nothing_is_due(cli: Cli) -> None:
    result = cli.ok("remind", "--quiet")
    assert (result.stdout, result.stderr) == ("", "")
    assert cli.ok("remind", "--quiet", "--json").stdout == ""
    assert cli.ok("remind").stdout == "alice (Alice Chen), Mon 2026-11-23: nothing due\n"
    assert cli.ok("remind", "--json").stdout == "[]\n"


def test_quiet_prints_the_digest_when_something_is_due(book: Cli) -> None:
    assert book.ok("remind", "-q").stdout == EXPECTED_DIGEST


def test_all_groups_by_rep(book: Cli, book_session: Session) -> None:
    bobs_records(book_session)
    on(book_session, TODAY)
    result = book.ok("remind", "--all", "--days", "1", rep="maria")
    lines = result.stdout.splitlines()
    assert lines[0] == "Every active rep, Mon 2026-11-23: 12 to do for 2 reps"
    headings = [line for line in lines if line.startswith("== ")]
    assert headings == ["== alice (Alice Chen): 9 to do", "== bob (Bob Li): 3 to do"]
    alice, bob = result.stdout.split("\n== bob (Bob Li): 3 to do\n")
    # Alice's part is her own digest without what is coming up (--days 1).
    assert (
        alice.split("== alice (Alice Chen): 9 to do\n", 1)[1] + "\n"
        == (EXPECTED_DIGEST.split("\n", 1)[1].split("Coming up (3)")[0])
    )
    assert bob == (
        "\n"
        "Overdue (2)\n"
        "When                    What                         With            Phone  Command\n"
        "Sun 2026-11-22, 1d ago  visit 6 at 11:00             Bob's customer         salescli visit done 6 --outcome \"...\"\n"
        "Sun 2026-11-22, 1d ago  follow up lead 5 Bob's lead  Bob's lead             salescli lead touch 5 --note \"...\"\n"
        "\n"
        "Contact due (1)\n"
        "When                      What                                                                         With            Phone  Command\n"
        "Tue 2025-11-18, 370d ago  Bob's customer (customer, every 30 days): never touched, added 400 days ago  Bob's customer         salescli visit log \"Bob's customer\" --outcome \"...\"\n"
    )  # fmt: skip
    data = json.loads(book.ok("remind", "--all", "--json", rep="maria").stdout)
    assert [item["owner"] for item in data] == ["alice"] * 12 + ["bob"] * 3


def test_owner_and_all_together_is_a_usage_error(cli: Cli) -> None:
    result = cli("remind", "--owner", "bob", "--all")
    assert result.exit_code == 2
    assert result.stderr == "error: --owner and --all cannot be used together\n"


def test_days_out_of_range_is_a_usage_error(cli: Cli) -> None:
    assert cli("remind", "--days", "-1").exit_code == 2


def test_cadence_settings_are_read_from_the_config_file(book: Cli) -> None:
    """Acme Steel, a customer touched 31 days ago, is due at 30 days, not at 45."""
    assert "Acme Steel (customer, every 30 days)" in book.ok("remind").stdout
    book.ok("config", "set", "cadence.customer", "45")
    assert "Acme Steel (customer" not in book.ok("remind").stdout
    settings = json.loads(book.ok("config", "show", "--json").stdout)
    assert {"key": "cadence.customer", "value": 45, "source": "config"} in settings
    assert {"key": "cadence.a", "value": 14, "source": "default"} in settings
    from salescli.config import config_path

    assert "[cadence]\ncustomer = 45\n" in config_path().read_text(encoding="utf-8")
    refused = book("config", "set", "cadence.a", "0")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: cadence.a must be a whole number of days, 1 to 3660, not '0'\n"
        "hint: e.g. 'salescli config set cadence.a 14'\n"
    )
    assert book("config", "set", "cadence.a", "99999999999999999999").exit_code == 1
    book.ok("config", "unset", "cadence.customer")
    assert "[cadence]" not in config_path().read_text(encoding="utf-8")


def test_a_bad_cadence_in_the_config_file_is_an_error_not_a_traceback(book: Cli) -> None:
    from salescli.config import config_path

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('rep = "alice"\n[cadence]\na = "often"\n', encoding="utf-8")
    result = book("remind")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cadence.a must be a whole number of days")


# ---- as cron runs it ------------------------------------------------------------------


def test_the_installed_command_under_cron_is_plain_and_never_prompts(
    book: Cli, tmp_path: Path
) -> None:
    """stdin from /dev/null and stdout a pipe, as under cron: the same digest as in-process,
    no ANSI codes, nothing on stderr (a prompt would be there, or would hang)."""
    env = base_env(tmp_path, SALESCLI_DB=str(book.db), SALESCLI_REP="alice", TERM="xterm-256color")
    result = subprocess.run(
        [str(SALESCLI), "remind"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED_DIGEST
    assert result.stderr == ""
    assert ANSI not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) > 120  # nothing cut at 80
    quiet = subprocess.run(
        [str(SALESCLI), "remind", "--quiet", "--owner", "maria"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_no_colour_codes_even_when_forced(book: Cli, tmp_path: Path) -> None:
    env = base_env(tmp_path, SALESCLI_DB=str(book.db), SALESCLI_REP="alice", FORCE_COLOR="1")
    result = subprocess.run(
        [str(SALESCLI), "remind", "--all"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0
    assert not re.search("\x1b\\[", result.stdout)


def test_the_cron_example_writes_each_reps_digest(book: Cli, tmp_path: Path) -> None:
    """examples/cron/digest.sh with DIGEST_DIR: one private file per rep with something
    due, holding exactly that rep's digest; nothing for a rep with nothing due."""
    script = Path(__file__).resolve().parents[2] / "examples" / "cron" / "digest.sh"
    folder = tmp_path / "digests"
    folder.mkdir()
    env = base_env(
        tmp_path,
        SALESCLI_DB=str(book.db),
        SALESCLI=str(SALESCLI),
        DIGEST_DIR=str(folder),
        SALESCLI_TODAY=book.today.isoformat(),
    )
    result = subprocess.run(
        ["sh", str(script)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT * 3,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    alice = folder / f"alice-{book.today.isoformat()}.txt"
    assert alice.read_text(encoding="utf-8") == EXPECTED_DIGEST
    assert (alice.stat().st_mode & 0o777) == 0o600
    assert not (folder / f"maria-{book.today.isoformat()}.txt").exists()


def run_digest_script(book: Cli, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    script = Path(__file__).resolve().parents[2] / "examples" / "cron" / "digest.sh"
    return subprocess.run(
        ["sh", str(script)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=base_env(
            tmp_path,
            SALESCLI_DB=str(book.db),
            SALESCLI=str(SALESCLI),
            SALESCLI_TODAY=book.today.isoformat(),
            **env,
        ),
        timeout=TIMEOUT * 3,
        check=False,
    )


def fake_mail(tmp_path: Path) -> tuple[Path, Path]:
    """A mail program that writes each call's arguments, one a line, to a log."""
    log = tmp_path / "mail.log"
    program = tmp_path / "fake-mail"
    program.write_text(
        f'#!/bin/sh\nfor word in "$@"; do printf "%s\\n" "$word" >> "{log}"; done\n'
        f'printf "%s\\n" "----" >> "{log}"\ncat > /dev/null\n'
    )
    program.chmod(0o700)
    return program, log


def test_the_cron_example_mails_one_address_after_the_options(book: Cli, tmp_path: Path) -> None:
    book.ok("rep", "edit", "alice", "--email", "alice@example.com", rep="maria")
    program, log = fake_mail(tmp_path)
    result = run_digest_script(book, tmp_path, MAIL_COMMAND=str(program))
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == [
        "-s", "salescli: what is due on 2026-11-23", "--", "alice@example.com", "----",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "planted",
    ["alice@example.com\nbob stranger@example.com", "alice@example.com,stranger@example.com",
     "-E touch-me@example.com"],
)  # fmt: skip
def test_the_cron_example_never_mails_an_address_planted_in_the_book(
    book: Cli, tmp_path: Path, planted: str
) -> None:
    """A book written by hand or by an older salescli may hold an address salescli now
    refuses: the digest is not mailed to it, nor to anything hidden in it."""
    with sqlite3.connect(book.db) as connection:
        connection.execute("UPDATE rep SET email = ? WHERE handle = 'alice'", (planted,))
    program, log = fake_mail(tmp_path)
    result = run_digest_script(book, tmp_path, MAIL_COMMAND=str(program))
    assert result.returncode == 1
    assert f"alice: {planted!r} is not one email address; not mailed" in result.stderr
    assert not log.exists()


def test_the_cron_example_replaces_a_link_planted_at_a_digest_file(
    book: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    victim.chmod(0o644)
    target = folder / f"alice-{book.today.isoformat()}.txt"
    target.symlink_to(victim)
    result = run_digest_script(book, tmp_path, DIGEST_DIR=str(folder))
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "keep me\n"
    assert (victim.stat().st_mode & 0o777) == 0o644
    assert not target.is_symlink()
    assert target.read_text(encoding="utf-8") == EXPECTED_DIGEST
    assert (target.stat().st_mode & 0o777) == 0o600
    assert sorted(path.name for path in folder.iterdir()) == [target.name]


# ---- found in review ------------------------------------------------------------------


def test_a_next_step_that_is_a_planned_activity_is_reminded_once_and_follows_it(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Pilot", "--amount", "1000", "--close", "2027-01-31")
    cli.ok("visit", "log", "Acme", "--opp", "1", "--outcome", "keen", "--next", "send quote",
           "--next-date", "2026-11-25 10:00")  # fmt: skip
    cli.today = date(2026, 11, 25)
    kinds = [item["kind"] for item in json.loads(cli.ok("remind", "--json").stdout)]
    assert "activity-today" in kinds and "deal-next-today" not in kinds
    cli.ok("visit", "move", "2", "--at", "2026-11-27 09:00")
    deal = json.loads(cli.ok("opp", "show", "1", "--json").stdout)["opportunity"]
    assert deal["next_date"] == "2026-11-27"
    cli.today = date(2026, 11, 27)
    cli.ok("visit", "done", "2", "--outcome", "quote sent")
    deal = json.loads(cli.ok("opp", "show", "1", "--json").stdout)["opportunity"]
    assert (deal["next_step"], deal["next_date"]) == (None, None)
    assert not [
        item
        for item in json.loads(cli.ok("remind", "--json").stdout)
        if item["kind"].startswith("deal-next")
    ]


def test_plans_of_a_paused_or_lost_deal_are_not_reminded(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Pilot", "--amount", "1000", "--close", "2027-01-31")
    cli.ok("visit", "plan", "Acme", "--opp", "1", "--at", "2026-11-24 10:00")
    cli.ok("opp", "suspend", "1", "--reason", "budget frozen")
    items = json.loads(cli.ok("remind", "--json").stdout)
    assert not [item for item in items if item["kind"] == "coming-up-activity"]
    assert b"BEGIN:VEVENT" not in cli.ok("visit", "ics").stdout_bytes


def test_the_outcome_placeholder_is_refused(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    result = cli("visit", "log", "Acme", "--outcome", "...")
    assert result.exit_code == 1 and "say what came of it" in result.stderr
