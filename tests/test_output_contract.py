"""What scripts and pipes rely on: pinned --json keys, whole plain outputs, no ANSI codes,
and help text with an example for every command."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
import typer.main

from salescli.cli.app import app
from tests.conftest import Cli

REP_KEYS = ["id", "handle", "name", "email", "role", "manager", "region", "active", "created_at"]
ACCOUNT_KEYS = [
    "id", "name", "industry", "region", "phone", "email", "address", "website", "status",
    "abc_class", "owner", "external_id", "created_at", "updated_at",
]  # fmt: skip
CONTACT_KEYS = [
    "id", "account_id", "account", "name", "title", "role", "phone", "email", "birthday",
    "external_id", "created_at", "updated_at",
]  # fmt: skip
LEAD_KEYS = [
    "id", "name", "company", "title", "phone", "email", "source", "referred_by", "budget",
    "need", "man_money", "man_authority", "man_need", "status", "disqualify_reason",
    "next_action", "note", "owner", "account_id", "contact_id", "external_id", "created_at",
    "updated_at", "campaign_id", "campaign",
]  # fmt: skip
OPP_KEYS = [
    "id", "name", "account_id", "account", "contact_id", "contact", "amount", "close_date",
    "stage", "stage_name", "stage_entered", "days_in_stage", "probability",
    "probability_override", "status", "forecast_category", "source", "competitor",
    "loss_reason", "summary", "next_step", "next_date", "suspend_reason", "suspended_until",
    "opened_on", "closed_on", "owner", "archived_at", "external_id", "created_at",
    "updated_at", "campaign_id", "campaign",
]  # fmt: skip
STAGE_KEYS = [
    "id", "key", "name", "position", "kind", "conversion", "probability", "days",
    "cadence_days", "deals",
]  # fmt: skip
OPP_DETAIL_KEYS = [
    "opportunity", "history", "shares", "owner_split", "activities", "quotes",
    "accepted_quotes", "contracts", "expenses",
]  # fmt: skip
PRODUCT_KEYS = [
    "id", "code", "name", "unit", "list_price", "unit_cost", "tax_rate", "tax_included",
    "active", "price", "created_at", "updated_at",
]  # fmt: skip
PRICE_KEYS = [
    "id", "product_id", "account_id", "account", "price", "valid_from", "rep", "created_at",
]  # fmt: skip
QUOTE_KEYS = [
    "id", "number", "version", "account_id", "account", "opportunity_id", "opportunity",
    "contact_id", "contact", "owner", "status", "superseded", "quoted_on", "valid_until",
    "tax_included", "discount_percent", "discount_amount", "note", "max_discount",
    "needs_approval", "approved_by", "approved_at", "sent_on", "decided_on", "reject_reason",
    "lines", "list_amount", "discount", "net", "tax", "gross", "cost", "margin",
    "margin_percent", "created_at", "updated_at",
]  # fmt: skip
QUOTE_LINE_KEYS = [
    "position", "product", "description", "unit", "quantity", "unit_price",
    "discount_percent", "discount_amount", "tax_rate", "unit_cost", "list_amount",
    "discount", "net", "overall_share", "amount",
]  # fmt: skip
QUOTE_DETAIL_KEYS = ["quote", "lines", "taxes", "versions", "contracts"]
BOB = ("--as", "bob")
ACTIVITY_KEYS = [
    "id", "type", "status", "account_id", "account", "opportunity_id", "opportunity",
    "contact_id", "contact", "planned_on", "planned_time", "done_on", "done_time", "purpose",
    "objective", "min_objective", "outcome", "next_step", "cancel_reason", "follows_id",
    "owner", "external_id", "created_at", "updated_at",
]  # fmt: skip
REMIND_KEYS = [
    "kind", "due", "days_overdue", "account", "contact", "phone", "opportunity", "owner",
    "message", "command",
]  # fmt: skip
HANDOVER_RUN = ("--as", "maria", "handover", "run", "--from", "alice", "--to", "bob", "--yes")
HANDOVER_PLAN_KEYS = [
    "departing", "departing_name", "departing_id", "on_date", "strategy", "reason",
    "deactivate", "visit_within", "imminent_stage", "only_accounts", "successors", "kept",
]  # fmt: skip
HANDOVER_KEYS = [
    "id", "on_date", "at", "departing", "successors", "by", "strategy", "reason", "accounts",
    "deactivated", "moved", "visits", "reverted_at",
]  # fmt: skip
CAMPAIGN_KEYS = [
    "id", "name", "type", "region", "status", "start_on", "end_on", "budget", "cost",
    "attendance", "note", "owner", "planned_on", "approved_on", "approved_by", "closed_on",
    "external_id", "created_at", "updated_at",
]  # fmt: skip
CAMPAIGN_COST_KEYS = ["id", "campaign_id", "on_date", "amount", "note", "rep", "created_at"]
CAMPAIGN_DETAIL_KEYS = ["campaign", "costs", "leads", "deals", "contracts"]
NEW_CAMPAIGN = ("campaign", "add", "Expo", "--budget", "5000")
APPROVED_CAMPAIGN = [NEW_CAMPAIGN, ("--as", "maria", "campaign", "approve", "Expo")]
EXPENSE_KEYS = [
    "id", "on_date", "amount", "category", "status", "account_id", "account", "opportunity_id",
    "opportunity", "activity_id", "campaign_id", "campaign", "note", "receipt", "submitted_on",
    "decided_on", "decided_by", "reject_reason", "reimbursed_on", "owner", "external_id",
    "created_at", "updated_at",
]  # fmt: skip
EXPENSE_BATCH_KEYS = ["action", "ids", "amount"]
NEW_EXPENSE = ("expense", "add", "80", "--category", "meals", "--account", "Acme")
SUBMITTED_EXPENSE = [NEW_EXPENSE, ("expense", "submit", "1")]
APPROVED_EXPENSE = [*SUBMITTED_EXPENSE, ("--as", "maria", "expense", "approve", "1")]
REPORT_KEYS = ["by", "since", "until", "rows", "total"]
SEARCH_KEYS = ["kind", "id", "title", "detail", "matched", "value", "command"]
STAGE_MOVE_KEYS = ["opportunity", "from_stage", "to_stage", "days_in_previous"]
DELETED_KEYS = ["entity", "id", "what", "removed", "unlinked"]
MERGED_KEYS = ["entity", "kept_id", "merged_id", "what", "moved", "filled", "kept"]


@pytest.fixture
def book(cli: Cli) -> Cli:
    """A small pinned book: two of alice's accounts, one of bob's, a contact, a fact and
    three leads."""
    cli.ok("account", "add", "Acme", "--industry", "manufacturing", "--region", "Berlin",
           "--phone", "+49 30 1234", "--status", "customer")  # fmt: skip
    cli.ok("account", "add", "华为技术", "--industry", "telecom", "--region", "深圳")
    cli.ok("account", "add", "Globex", "--owner", "bob")
    cli.ok("contact", "add", "Acme", "Dana Wu", "--title", "CTO", "--role", "decision-maker",
           "--email", "dana@acme.com", "--birthday", "1980-04-02")  # fmt: skip
    cli.ok("account", "fact", "Acme", "family", "two kids")
    cli.ok("lead", "add", "Wang Wei", "--company", "华为技术", "--source", "referral",
           "--referred-by", "Li Na", "--budget", "12500.5", "--need", "CRM", "--next", "fri",
           "--phone", "139 0000 1111")  # fmt: skip
    cli.ok("lead", "add", "Tom Late", "--company", "Initech", "--source", "web",
           "--next", "2026-11-20")  # fmt: skip
    cli.ok("lead", "add", "Bo Other", "--owner", "bob")
    cli.ok("opp", "add", "Acme", "Line controllers", "--amount", "120000", "--close",
           "2027-02-28", "--contact", "Dana Wu", "--next", "site survey", "--next-date", "fri")  # fmt: skip
    cli.ok("opp", "add", "Globex", "Fleet renewal", "--amount", "80000", "--close", "2027-01-15",
           "--owner", "bob")  # fmt: skip
    cli.ok("visit", "plan", "Acme", "--at", "2026-11-25 10:00", "--opp", "1", "--contact",
           "Dana Wu", "--objective", "agree scope")  # fmt: skip
    cli.ok("visit", "log", "Acme", "--type", "call", "--outcome", "wants a demo", "--at", "-2d")
    # bob's quote 1 on his deal 2, at Globex, with one line.
    cli.ok("product", "add", "P-1", "Controller", "--price", "800", "--cost", "500", "--tax", "13%")
    cli.ok("quote", "new", "2", rep="bob")
    cli.ok("quote", "line", "add", "1", "P-1", "--qty", "2", rep="bob")
    cli.ok("product", "price", "P-1", "750", "--account", "Globex", "--from", "2026-12-01")
    return cli


# --- (1) JSON contract -----------------------------------------------------------------

CASES: dict[str, tuple[tuple[str, ...], str, list[str]]] = {
    # name: (arguments, "object" or "list", the exact keys of the object or of each item)
    "rep show": (("rep", "show", "alice"), "object", REP_KEYS),
    "rep list": (("rep", "list"), "list", REP_KEYS),
    "account show": (
        ("account", "show", "Acme"),
        "object",
        [
            "account",
            "facts",
            "contacts",
            "leads",
            "opportunities",
            "activities",
            "quotes",
            "contracts",
            "overdue",
            "overdue_flag_days",
            "value",
            "expenses",
        ],
    ),
    "account list": (("account", "list"), "list", ACCOUNT_KEYS),
    "account profile": (
        ("account", "profile", "Acme"),
        "object",
        ["kind", "id", "name", "known", "items", "completeness", "questions", "other"],
    ),
    "contact profile": (
        ("contact", "profile", "1"),
        "object",
        ["kind", "id", "name", "known", "items", "completeness", "questions", "other"],
    ),
    "report customers": (
        ("report", "customers"),
        "object",
        [
            "basis",
            "months",
            "start",
            "end",
            "customers",
            "revenue",
            "eighty_accounts",
            "eighty_share",
            "classes",
            "concentration",
            "pareto",
            "lifetime_value",
            "average_lifetime_value",
        ],
    ),
    "report retention": (
        ("report", "retention"),
        "object",
        [
            "basis",
            "period",
            "before_start",
            "before_end",
            "now_start",
            "now_end",
            "active_before",
            "retained",
            "retention_rate",
            "full_defectors",
            "full_rate",
            "full_revenue_lost",
            "partial_defectors",
            "partial_rate",
            "partial_revenue_lost",
            "partial_threshold",
            "full",
            "partial",
            "reasons",
        ],
    ),
    "account classify": (
        ("account", "classify"),
        "object",
        [
            "basis",
            "months",
            "start",
            "end",
            "customers",
            "thresholds",
            "counts",
            "applied",
            "changed",
            "rows",
        ],
    ),
    "contact list": (("contact", "list"), "list", CONTACT_KEYS),
    "contact show": (("contact", "show", "1"), "object", CONTACT_KEYS),
    "lead show": (("lead", "show", "1"), "object", ["lead", "touches", "account", "contact"]),
    "lead list": (("lead", "list"), "list", LEAD_KEYS),
    "lead add": (("lead", "add", "New Person", "--budget", "99.95"), "object", LEAD_KEYS),
    "lead qualify": (
        ("lead", "qualify", "2", "--money", "yes", "--authority", "yes", "--need", "no"),
        "object",
        ["lead", "missing", "was_qualified"],
    ),
    "lead convert": (
        ("lead", "convert", "1", "--force"),
        "object",
        ["lead", "account", "contact", "account_created", "opportunity"],
    ),
    "opp stages": (("opp", "stages"), "list", STAGE_KEYS),
    "opp stages move": (
        ("--as", "maria", "opp", "stages", "move", "proposal", "--first"),
        "list",
        STAGE_KEYS,
    ),
    "opp list": (("opp", "list"), "list", OPP_KEYS),
    "report campaigns": (("report", "campaigns"), "object", REPORT_KEYS),
    "report leads": (("report", "leads"), "object", REPORT_KEYS),
    "report expenses": (("report", "expenses"), "object", REPORT_KEYS),
    "opp show": (("opp", "show", "1"), "object", OPP_DETAIL_KEYS),
    "product list": (("product", "list"), "list", PRODUCT_KEYS),
    "product show": (("product", "show", "P-1"), "object", ["product", "prices", "quoted"]),
    "quote show": (("quote", "show", "1"), "object", QUOTE_DETAIL_KEYS),
    "quote list": (("quote", "list", "--all"), "list", QUOTE_KEYS),
    "quote history": (("quote", "history", "1"), "list", QUOTE_KEYS),
    "visit list": (("visit", "list"), "list", ACTIVITY_KEYS),
    "remind": (("remind",), "list", REMIND_KEYS),
    "search": (("search", "acme"), "list", SEARCH_KEYS),
    "visit show": (("visit", "show", "1"), "object", ACTIVITY_KEYS),
    "visit agenda": (("visit", "agenda", "2026-11-25"), "object", ["day", "owner", "items"]),
    "opp funnel": (
        ("opp", "funnel", "--all"),
        "object",
        [
            "since",
            "until",
            "owner",
            "stages",
            "deals",
            "suspended",
            "amount",
            "weighted",
            "won",
            "lost",
            "won_amount",
            "win_rate",
            "avg_cycle_days",
            "median_cycle_days",
        ],
    ),
    "forecast": (
        ("forecast", "--all"),
        "object",
        [
            "method",
            "by",
            "today",
            "owner",
            "learned",
            "lookback_days",
            "periods",
            "overdue",
            "later",
            "undated",
            "rates",
            "key_deals",
            "quoted",
        ],
    ),
    "forecast quota": (
        ("forecast", "quota", "--all"),
        "object",
        ["period", "today", "owner", "reps", "total", "to_date", "year_earlier"],
    ),
    "report reps": (
        ("report", "reps"),
        "object",
        ["since", "until", "reps", "team", "total", "stages", "collections"],
    ),
    "report activity": (
        ("report", "activity", "--all"),
        "object",
        ["period", "since", "until", "planned_from", "planned_until", "owner", "reps", "total"],
    ),
    "report winloss": (
        ("report", "winloss", "--all", "--by", "owner"),
        "object",
        [
            "since",
            "until",
            "owner",
            "by",
            "won",
            "lost",
            "won_amount",
            "lost_amount",
            "win_rate",
            "avg_won_amount",
            "median_won_amount",
            "groups",
            "loss_reasons",
            "competitors",
        ],
    ),
    "db path": (("db", "path"), "object", ["database", "config", "backups"]),
    "db check": (
        ("db", "check"),
        "object",
        ["ok", "path", "schema_revision", "problems", "counts"],
    ),
    "config show": (("config", "show"), "list", ["key", "value", "source"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_json_keys_are_pinned(book: Cli, case: str) -> None:
    args, shape, keys = CASES[case]
    assert_keys(json.loads(book.ok(*args, "--json").stdout), shape, keys)


def assert_keys(data: Any, shape: str, keys: list[str]) -> None:
    if shape == "list":
        assert isinstance(data, list)
        assert data, "the pinned book gives every list at least one item"
        for item in data:
            assert sorted(item) == sorted(keys)
    else:
        assert isinstance(data, dict)
        assert sorted(data) == sorted(keys)


def test_json_nested_records_have_the_record_keys(book: Cli) -> None:
    shown = json.loads(book.ok("account", "show", "Acme", "--json").stdout)
    assert sorted(shown["account"]) == sorted(ACCOUNT_KEYS)
    assert sorted(shown["contacts"][0]) == sorted(CONTACT_KEYS)
    assert sorted(shown["facts"][0]) == ["key", "updated_at", "value"]
    converted = json.loads(book.ok("lead", "convert", "1", "--force", "--json").stdout)
    assert sorted(converted["lead"]) == sorted(LEAD_KEYS)
    assert sorted(converted["account"]) == sorted(ACCOUNT_KEYS)
    assert sorted(converted["contact"]) == sorted(CONTACT_KEYS)
    lead = json.loads(book.ok("lead", "show", "1", "--json").stdout)
    assert (lead["account"], lead["contact"]) == ("华为技术", "Wang Wei")


def test_json_quote_records_nested_in_details_have_their_keys(book: Cli) -> None:
    shown = json.loads(book.ok("quote", "show", "1", "--json").stdout)
    assert sorted(shown["quote"]) == sorted(QUOTE_KEYS)
    assert sorted(shown["lines"][0]) == sorted(QUOTE_LINE_KEYS)
    assert sorted(shown["taxes"][0]) == ["rate", "tax"]
    product = json.loads(book.ok("product", "show", "P-1", "--json").stdout)
    assert sorted(product["product"]) == sorted(PRODUCT_KEYS)
    assert sorted(product["prices"][0]) == sorted(PRICE_KEYS)
    book.ok("quote", "send", "1", rep="bob")
    quoted = json.loads(book.ok("product", "show", "P-1", "--json").stdout)["quoted"]
    assert sorted(quoted[0]) == [
        "account", "account_id", "discount", "net", "quantity", "quote_number",
        "quote_version", "quoted_on", "status", "unit_price",
    ]  # fmt: skip
    deal = json.loads(book.ok("opp", "show", "2", "--json").stdout)
    assert sorted(deal["quotes"][0]) == sorted(QUOTE_KEYS)
    book.ok("quote", "accept", "1", rep="bob")
    accepted = json.loads(book.ok("opp", "show", "2", "--json").stdout)["accepted_quotes"]
    assert sorted(accepted[0]) == [
        "amount_after", "amount_before", "on_date", "quote", "rep", "version",
    ]  # fmt: skip


def test_json_amounts_are_numbers_and_dates_iso(book: Cli) -> None:
    lead = json.loads(book.ok("lead", "show", "1", "--json").stdout)["lead"]
    assert lead["budget"] == 12500.5
    assert isinstance(lead["budget"], float)
    assert lead["next_action"] == "2026-11-27"
    assert date.fromisoformat(lead["next_action"]) == date(2026, 11, 27)
    assert isinstance(datetime.fromisoformat(lead["created_at"]), datetime)
    whole = json.loads(book.ok("lead", "add", "Round", "--budget", "12,500", "--json").stdout)
    assert whole["budget"] == 12500
    assert isinstance(whole["budget"], int)
    contact = json.loads(book.ok("contact", "list", "--json").stdout)[0]
    assert contact["birthday"] == "1980-04-02"
    rep = json.loads(book.ok("rep", "show", "alice", "--json").stdout)
    assert rep["active"] is True


# --- (2) whole plain outputs -------------------------------------------------------------

LEAD_LIST = (
    "ID  Name      Company   Status  Source    Next action              Phone          Owner\n"
    " 2  Tom Late  Initech   new     web       2026-11-20 (3d overdue)                 alice\n"
    " 1  Wang Wei  华为技术  new     referral  2026-11-27               139 0000 1111  alice\n"
)

ACCOUNT_LIST = (
    "ID  Name      Status    Industry       Region  Phone        Owner\n"
    " 1  Acme      customer  manufacturing  Berlin  +49 30 1234  alice\n"
    " 2  华为技术  prospect  telecom        深圳                 alice\n"
)

ACCOUNT_SHOW = (
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
    "ID  Name     Title  Role            Phone  Email          Birthday\n"
    " 1  Dana Wu  CTO    decision-maker         dana@acme.com  1980-04-02\n"
    "\n"
    "Opportunities\n"
    "ID  Name              Stage         Amount  Prob.  Close       Owner\n"
    " 1  Line controllers  prospect  120,000.00    36%  2027-02-28  alice\n"
    "\n"
    "Activities\n"
    "ID  When              Type   Status   About\n"
    " 1  2026-11-25 10:00  visit  planned  agree scope\n"
    " 2  2026-11-21        call   done     wants a demo\n"
)

LEAD_SHOW = (
    "Lead 1: Wang Wei\n"
    "  Status       new\n"
    "  Company      华为技术\n"
    "  Phone        139 0000 1111\n"
    "  Source       referral\n"
    "  Referred by  Li Na\n"
    "  Budget       12,500.50\n"
    "  Need         CRM\n"
    "  MAN          money unknown, authority unknown, need unknown\n"
    "  Next action  2026-11-27\n"
    "  Owner        alice\n"
    "  Created      2026-11-23\n"
    "\n"
    "Touches\n"
    "  (no touches yet)\n"
)


def test_lead_list_plain(book: Cli) -> None:
    assert book.ok("lead", "list").stdout == LEAD_LIST


def test_account_list_plain(book: Cli) -> None:
    assert book.ok("account", "list").stdout == ACCOUNT_LIST


def test_account_show_plain(book: Cli) -> None:
    assert book.ok("account", "show", "Acme").stdout == ACCOUNT_SHOW


def test_lead_show_plain(book: Cli) -> None:
    assert book.ok("lead", "show", "1").stdout == LEAD_SHOW


# --- (3) no ANSI escapes -----------------------------------------------------------------

PLAIN_COMMANDS = [
    ("lead", "list"),
    ("lead", "list", "--all"),
    ("lead", "show", "1"),
    ("account", "list", "--all"),
    ("account", "show", "Acme"),
    ("contact", "list"),
    ("rep", "list"),
    ("rep", "show", "alice"),
    ("db", "path"),
    ("db", "check"),
    ("config", "show"),
    ("opp", "list", "--all"),
    ("opp", "show", "1"),
    ("opp", "stages"),
    ("opp", "funnel", "--all"),
    ("report", "winloss", "--all"),
    ("visit", "list"),
    ("visit", "agenda", "2026-11-25"),
    ("remind",),
    ("remind", "--all"),
    ("search", "acme"),
    ("report", "reps"),
    ("report", "activity", "--all"),
    ("forecast", "--all"),
    ("forecast", "quota", "--all"),
]


@pytest.mark.parametrize("args", PLAIN_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("as_json", [False, True], ids=["plain", "json"])
def test_no_ansi_escapes(book: Cli, args: tuple[str, ...], as_json: bool) -> None:
    result = book.ok(*args, *(["--json"] if as_json else []))
    assert result.stdout
    assert "\x1b" not in result.stdout
    assert "\x1b" not in result.stderr


def test_no_ansi_in_errors_and_confirmations(book: Cli) -> None:
    for result in (
        book("account", "show", "Zeta"),
        book("lead", "add", "X", "--next", "someday"),
        book.ok("lead", "touch", "1", "--note", "called"),
    ):
        assert "\x1b" not in result.stdout + result.stderr


# --- (4) help text -----------------------------------------------------------------------


def is_group(command: Any) -> bool:
    return hasattr(command, "list_commands")


def walk(command: Any, path: str = "salescli") -> Iterator[tuple[str, Any]]:
    """Every command and group under `command`, asking each group for its commands the way
    `--help` does (the root group loads its groups lazily)."""
    yield path, command
    if is_group(command):
        ctx = typer.Context(command)
        for name in command.list_commands(ctx):
            yield from walk(command.get_command(ctx, name), f"{path} {name}")


def test_every_command_has_help_and_leaf_commands_an_example() -> None:
    root = typer.main.get_command(app)
    found = list(walk(root))
    assert len(found) > 20
    missing = []
    for path, command in found:
        help_text = (command.help or "").strip()
        if not help_text:
            missing.append(f"{path}: no help")
        elif not is_group(command) and "Example:" not in help_text:
            missing.append(f"{path}: no example")
    assert missing == []


def test_help_runs_for_every_command_without_a_database(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from typer.testing import CliRunner

    db = tmp_path_factory.mktemp("help") / "never.db"
    for path, _ in walk(typer.main.get_command(app)):
        args = ["--db", str(db), *path.split()[1:], "--help"]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, f"{path}: {result.stderr}"
        assert "Usage:" in result.stdout
    assert not db.exists()


# --- (1b) JSON contract of the commands that change things --------------------------

IMPORT_KEYS = [
    "rows", "inserted", "updated", "unchanged", "skipped", "dry_run", "ignored_columns",
    "look_alikes", "look_alike_lines", "assigned_to", "kept_columns", "extra_kept_as",
    "opened_on_close", "computed_columns",
]  # fmt: skip
SETTING_KEYS = ["key", "value", "source"]

# name: (setup commands, arguments, the exact keys). "{tmp}" is a fresh folder and
# "{csv}" a one-row CSV file with a name column.
CHANGE_CASES: dict[str, tuple[list[tuple[str, ...]], tuple[str, ...], list[str]]] = {
    "init": ([], ("init", "--rep", "alice", "--name", "Alice Chen"), REP_KEYS),
    "demo": (
        [],
        ("demo", "--db", "{tmp}/demo.db", "--size", "2"),
        [
            "path",
            "reps",
            "accounts",
            "contacts",
            "leads",
            "tour_rep",
            "sample_account_id",
            "sample_lead_id",
        ],
    ),
    "rep add": ([], ("--as", "maria", "rep", "add", "carol", "--name", "Carol"), REP_KEYS),
    "rep deactivate": ([], ("--as", "maria", "rep", "deactivate", "bob"), REP_KEYS),
    "rep edit": ([], ("--as", "maria", "rep", "edit", "bob", "--role", "manager"), REP_KEYS),
    "rep activate": (
        [("--as", "maria", "rep", "deactivate", "bob")],
        ("--as", "maria", "rep", "activate", "bob"),
        REP_KEYS,
    ),
    "account add": ([], ("account", "add", "Initech"), ACCOUNT_KEYS),
    "account edit": ([], ("account", "edit", "Acme", "--region", "Hamburg"), ACCOUNT_KEYS),
    "account fact": ([], ("account", "fact", "Acme", "family"), ["key", "value", "updated_at"]),
    "account vip": ([], ("--as", "maria", "account", "vip", "Acme", "--reason", "x"), ACCOUNT_KEYS),
    "account import": ([], ("account", "import", "{csv}"), IMPORT_KEYS),
    "contact add": ([], ("contact", "add", "Acme", "Eve Li"), CONTACT_KEYS),
    "contact edit": ([], ("contact", "edit", "1", "--title", "CEO"), CONTACT_KEYS),
    "contact import": (
        [],
        ("contact", "import", "{tmp}/contacts.csv"),
        IMPORT_KEYS,
    ),
    "lead edit": ([], ("lead", "edit", "1", "--note", "met at the fair"), LEAD_KEYS),
    "campaign add": ([], NEW_CAMPAIGN, CAMPAIGN_KEYS),
    "campaign edit": (
        [NEW_CAMPAIGN],
        ("campaign", "edit", "Expo", "--region", "Nord"),
        CAMPAIGN_KEYS,
    ),
    "campaign list": ([NEW_CAMPAIGN], ("campaign", "list"), CAMPAIGN_KEYS),
    "campaign show": ([NEW_CAMPAIGN], ("campaign", "show", "Expo"), CAMPAIGN_DETAIL_KEYS),
    "campaign approve": (
        [NEW_CAMPAIGN],
        ("--as", "maria", "campaign", "approve", "Expo"),
        CAMPAIGN_KEYS,
    ),
    "campaign start": (APPROVED_CAMPAIGN, ("campaign", "start", "Expo"), CAMPAIGN_KEYS),
    "campaign cost": ([NEW_CAMPAIGN], ("campaign", "cost", "Expo", "120"), CAMPAIGN_COST_KEYS),
    "campaign close": (
        APPROVED_CAMPAIGN,
        ("campaign", "close", "Expo", "--attendance", "40"),
        CAMPAIGN_KEYS,
    ),
    "campaign cancel": ([NEW_CAMPAIGN], ("campaign", "cancel", "Expo"), CAMPAIGN_KEYS),
    "campaign import": (
        [],
        ("--as", "maria", "campaign", "import", "{tmp}/campaigns.csv"),
        IMPORT_KEYS,
    ),
    "expense add": ([], NEW_EXPENSE, EXPENSE_KEYS),
    "rep import": (
        [],
        ("--as", "maria", "rep", "import", "{tmp}/reps.csv"),
        IMPORT_KEYS,
    ),
    "expense import": (
        [],
        ("--as", "maria", "expense", "import", "{tmp}/expenses.csv"),
        IMPORT_KEYS,
    ),
    "expense edit": ([NEW_EXPENSE], ("expense", "edit", "1", "--note", "lunch"), EXPENSE_KEYS),
    "expense list": ([NEW_EXPENSE], ("expense", "list"), EXPENSE_KEYS),
    "expense submit": ([NEW_EXPENSE], ("expense", "submit", "1"), EXPENSE_BATCH_KEYS),
    "expense approve": (
        SUBMITTED_EXPENSE,
        ("--as", "maria", "expense", "approve", "1"),
        EXPENSE_BATCH_KEYS,
    ),
    "expense reject": (
        SUBMITTED_EXPENSE,
        ("--as", "maria", "expense", "reject", "1", "--reason", "no receipt"),
        EXPENSE_BATCH_KEYS,
    ),
    "expense reimburse": (
        APPROVED_EXPENSE,
        ("--as", "maria", "expense", "reimburse", "1"),
        EXPENSE_BATCH_KEYS,
    ),
    "expense reverse": (
        [*APPROVED_EXPENSE, ("--as", "maria", "expense", "reimburse", "1")],
        ("--as", "maria", "expense", "reverse", "1"),
        EXPENSE_BATCH_KEYS,
    ),
    "lead touch": ([], ("lead", "touch", "1", "--note", "called"), LEAD_KEYS),
    "lead disqualify": ([], ("lead", "disqualify", "2", "--reason", "no budget"), LEAD_KEYS),
    "lead import": ([], ("lead", "import", "{csv}"), IMPORT_KEYS),
    "opp stages set": (
        [],
        ("--as", "maria", "opp", "stages", "set", "proposal", "--days", "45"),
        STAGE_KEYS,
    ),
    "opp stages add": (
        [],
        ("--as", "maria", "opp", "stages", "add", "demo", "--name", "Demo", "--first"),
        STAGE_KEYS,
    ),
    "opp stages remove": (
        [("--as", "maria", "opp", "stages", "add", "demo", "--name", "Demo", "--first")],
        ("--as", "maria", "opp", "stages", "remove", "demo"),
        STAGE_KEYS,
    ),
    "opp add": (
        [],
        ("opp", "add", "Acme", "Spare parts", "--amount", "9.5", "--close", "+1m"),
        OPP_KEYS,
    ),
    "opp edit": ([], ("opp", "edit", "1", "--amount", "130000"), OPP_KEYS),
    "opp advance": ([], ("opp", "advance", "1", "--note", "RFP in"), STAGE_MOVE_KEYS),
    "opp back": (
        [("opp", "advance", "1")],
        ("opp", "back", "1", "--to", "prospect", "--note", "re-pitch"),
        STAGE_MOVE_KEYS,
    ),
    "opp win": ([], ("opp", "win", "1", "--summary", "best fit"), OPP_KEYS),
    "opp lose": ([], ("opp", "lose", "1", "--reason", "price", "--summary", "too dear"), OPP_KEYS),
    "opp suspend": ([], ("opp", "suspend", "1", "--reason", "budget frozen"), OPP_KEYS),
    "opp reactivate": (
        [("opp", "suspend", "1", "--reason", "budget frozen")],
        ("opp", "reactivate", "1"),
        OPP_KEYS,
    ),
    "opp reopen": (
        [("opp", "lose", "1", "--reason", "timing", "--summary", "later")],
        ("opp", "reopen", "1", "--note", "back"),
        STAGE_MOVE_KEYS,
    ),
    "opp transfer": ([], ("opp", "transfer", "1", "--to", "bob"), OPP_KEYS),
    "opp share": ([], ("opp", "share", "1", "--with", "bob", "--split", "30"), OPP_DETAIL_KEYS),
    "opp unshare": (
        [("opp", "share", "1", "--with", "bob", "--split", "30")],
        ("opp", "unshare", "1", "--with", "bob"),
        OPP_DETAIL_KEYS,
    ),
    "opp import": ([], ("opp", "import", "{tmp}/deals.csv"), IMPORT_KEYS),
    "visit plan": ([], ("visit", "plan", "Acme", "--at", "fri"), ACTIVITY_KEYS),
    "visit import": ([], ("visit", "import", "{tmp}/visits.csv"), IMPORT_KEYS),
    "visit log": (
        [],
        ("visit", "log", "Acme", "--outcome", "met", "--next", "call", "--next-date", "+1w"),
        ["activity", "follow_up"],
    ),
    "visit done": (
        [],
        ("visit", "done", "1", "--outcome", "scope agreed"),
        ["activity", "follow_up"],
    ),
    "visit cancel": ([], ("visit", "cancel", "1"), ACTIVITY_KEYS),
    "visit move": ([], ("visit", "move", "1", "--at", "mon 9:00"), ACTIVITY_KEYS),
    "forecast quota set": (
        [],
        (
            "--as",
            "maria",
            "forecast",
            "quota",
            "set",
            "alice",
            "2026-Q4",
            "90000",
            "--weights",
            "30,30,40",
        ),
        ["rep", "period", "total", "months"],
    ),
    "forecast quota clear": (
        [("--as", "maria", "forecast", "quota", "set", "alice", "2026-12", "1000")],
        ("--as", "maria", "forecast", "quota", "clear", "alice", "2026-12"),
        ["rep", "period", "total", "months"],
    ),
    "handover preview": (
        [],
        ("--as", "maria", "handover", "preview", "--from", "alice", "--to", "bob"),
        HANDOVER_PLAN_KEYS,
    ),
    "handover run": ([], HANDOVER_RUN, ["handover_id", "report", "plan"]),
    "handover show": (
        [HANDOVER_RUN],
        ("--as", "maria", "handover", "show", "1"),
        ["handover", "moved", "visits", "items"],
    ),
    "handover revert": (
        [HANDOVER_RUN],
        ("--as", "maria", "handover", "revert", "1", "--yes"),
        [
            "handover_id",
            "departing",
            "moved_back",
            "shares_restored",
            "visits_removed",
            "reactivated",
            "left_alone",
        ],
    ),
    "opp purge": (
        [("opp", "win", "1", "--summary", "best fit"), ("opp", "archive", "1")],
        ("opp", "purge", "--archived-before", "+1d", "--yes"),
        ["purged", "stage_changes", "file"],
    ),
    "opp archive": (
        [("opp", "win", "1", "--summary", "best fit")],
        ("opp", "archive", "1"),
        ["archived", "already"],
    ),
    "lead delete": ([], ("lead", "delete", "2", "--yes"), DELETED_KEYS),
    "contact delete": ([], ("contact", "delete", "1", "--yes"), DELETED_KEYS),
    "account delete": ([], ("account", "delete", "华为技术", "--yes"), DELETED_KEYS),
    "visit delete": ([], ("visit", "delete", "1", "--yes"), DELETED_KEYS),
    "opp delete": ([], ("opp", "delete", "1", "--yes"), DELETED_KEYS),
    "account merge": ([], ("account", "merge", "Acme", "华为技术", "--yes"), MERGED_KEYS),
    "contact merge": (
        [("contact", "add", "Acme", "Dana W.")],
        ("contact", "merge", "1", "2", "--yes"),
        MERGED_KEYS,
    ),
    "undo": (
        [("lead", "delete", "2", "--yes")],
        ("undo",),
        ["event_id", "action", "entity", "entity_id", "what", "restored", "overwrote"],
    ),
    "import undo": (
        [("lead", "import", "{tmp}/in.csv")],
        ("import", "undo", "1"),
        ["id", "entity", "file", "removed", "restored", "overridden"],
    ),
    "db backup": ([], ("db", "backup", "{tmp}/copy.db"), ["source", "path", "bytes"]),
    "product add": ([], ("product", "add", "P-2", "Thing", "--price", "5"), PRODUCT_KEYS),
    "product edit": ([], ("product", "edit", "P-1", "--cost", "3"), PRODUCT_KEYS),
    "product deactivate": ([], ("product", "deactivate", "P-1"), PRODUCT_KEYS),
    "product price": ([], ("product", "price", "P-1", "9"), PRICE_KEYS),
    "product import": ([], ("product", "import", "{tmp}/products.csv"), IMPORT_KEYS),
    "quote import": ([], ("quote", "import", "{tmp}/quotes.csv"), IMPORT_KEYS),
    "quote new": ([], ("quote", "new", "1"), QUOTE_KEYS),
    "quote edit": ([], (*BOB, "quote", "edit", "1", "--note", "call first"), QUOTE_KEYS),
    "quote line add": ([], (*BOB, "quote", "line", "add", "1", "P-1"), QUOTE_DETAIL_KEYS),
    "quote line edit": (
        [],
        (*BOB, "quote", "line", "edit", "1", "1", "--qty", "3"),
        QUOTE_DETAIL_KEYS,
    ),
    "quote line remove": ([], (*BOB, "quote", "line", "remove", "1", "1"), QUOTE_DETAIL_KEYS),
    "quote send": ([], (*BOB, "quote", "send", "1"), QUOTE_KEYS),
    "quote accept": ([(*BOB, "quote", "send", "1")], (*BOB, "quote", "accept", "1"), QUOTE_KEYS),
    "quote reject": (
        [(*BOB, "quote", "send", "1")],
        (*BOB, "quote", "reject", "1", "--reason", "price"),
        QUOTE_KEYS,
    ),
    "quote revise": ([(*BOB, "quote", "send", "1")], (*BOB, "quote", "revise", "1"), QUOTE_KEYS),
    "quote approve": (
        [(*BOB, "quote", "line", "edit", "1", "1", "--discount", "50%")],
        ("--as", "maria", "quote", "approve", "1"),
        QUOTE_KEYS,
    ),
    "config set": ([], ("config", "set", "rep", "alice"), SETTING_KEYS),
    "config unset": ([], ("config", "unset", "rep"), SETTING_KEYS),
}


@pytest.mark.parametrize("case", list(CHANGE_CASES))
def test_json_keys_of_changes_are_pinned(book: Cli, tmp_path: Any, case: str) -> None:
    setup, args, keys = CHANGE_CASES[case]
    folder = tmp_path / "contract"
    folder.mkdir()
    (folder / "in.csv").write_text("name\nZhou Xun\n", encoding="utf-8")
    (folder / "products.csv").write_text("code,name,price\nP-3,Cable,12\n", encoding="utf-8")
    (folder / "contacts.csv").write_text("account,name\nAcme,Zhou Xun\n", encoding="utf-8")
    (folder / "quotes.csv").write_text(
        "number,account,description,unit_price\n9,Acme,Cable,12\n", encoding="utf-8"
    )
    (folder / "campaigns.csv").write_text("name,budget\nExpo,5000\n", encoding="utf-8")
    (folder / "reps.csv").write_text("handle,name\nzoe,Zoe Wu\n", encoding="utf-8")
    (folder / "expenses.csv").write_text(
        "date,category,amount\n2026-11-20,meals,45\n", encoding="utf-8"
    )
    (folder / "visits.csv").write_text(
        "account,type,done_on,outcome\nAcme,call,2026-11-20,wants a demo\n", encoding="utf-8"
    )
    (folder / "deals.csv").write_text(
        "name,account,amount,close_date,stage\nRetrofit,Acme,5000,2027-02-01,Proposal\n",
        encoding="utf-8",
    )
    for step in setup:
        book.ok(*[arg.replace("{tmp}", str(folder)) for arg in step])
    filled = [
        arg.replace("{tmp}", str(folder)).replace("{csv}", str(folder / "in.csv")) for arg in args
    ]
    data = json.loads(book.ok(*filled, "--json").stdout)
    if isinstance(data, list):  # a list that needs records the book does not have
        assert data
        assert all(sorted(item) == sorted(keys) for item in data)
        return
    assert isinstance(data, dict)
    assert sorted(data) == sorted(keys)


def test_every_command_with_json_has_its_keys_pinned() -> None:
    root = typer.main.get_command(app)
    with_json: list[str] = []

    def walk(command: Any, path: str) -> None:
        if hasattr(command, "list_commands"):
            context = command.make_context(path, ["--help"], resilient_parsing=True)
            for name in command.list_commands(context):
                walk(command.get_command(context, name), f"{path} {name}".strip())
        elif any(param.name == "json" for param in command.params):
            with_json.append(path)

    walk(root, "")
    assert with_json, "no command takes --json?"
    # handover list, import list: lists, pinned by their own tests below (the book has no
    # handover and no import).
    unpinned = set(with_json) - set(CASES) - set(CHANGE_CASES) - set(CONTRACT_CASES)
    assert sorted(unpinned - {"handover list", "import list"}) == []


def test_json_keys_of_handover_list_are_pinned(book: Cli) -> None:
    book.ok(*HANDOVER_RUN)
    [item] = json.loads(book.ok("--as", "maria", "handover", "list", "--json").stdout)
    assert sorted(item) == sorted(HANDOVER_KEYS)


# ---- the plain renderer ---------------------------------------------------------------


def test_plain_table_aligns_wide_characters_as_two_columns() -> None:
    """Chinese names take two terminal columns a character; ASCII columns, right-aligned
    numbers and a ragged last column line up as before (no trailing spaces)."""
    from salescli.render.output import plain_table

    rows = [["阿里巴巴", "7", "李娜 call"], ["Acme Steel", "12500", "x"], ["华为", "3", ""]]
    assert plain_table(["Account", "Amount", "Note"], rows, [False, True, False]) == (
        "Account     Amount  Note\n"
        "阿里巴巴         7  李娜 call\n"
        "Acme Steel   12500  x\n"
        "华为             3\n"
    )


def test_named_tuple_records_are_json_objects() -> None:
    from typing import NamedTuple

    from salescli.render.output import jsonable

    class Item(NamedTuple):
        kind: str
        due: date

    assert jsonable([Item("birthday", date(2026, 11, 25))]) == [
        {"kind": "birthday", "due": "2026-11-25"}
    ]


def test_json_keys_of_import_list_are_pinned(book: Cli, tmp_path: Any) -> None:
    sheet = tmp_path / "in.csv"
    sheet.write_text("name\nZhou Xun\n", encoding="utf-8")
    book.ok("lead", "import", str(sheet))
    data = json.loads(book.ok("import", "list", "--json").stdout)
    assert [sorted(item) for item in data] == [
        sorted(["id", "at", "rep", "entity", "file", "rows", "inserted", "updated", "undone_at"])
    ]


# --- contracts and receivables ---------------------------------------------------------

CONTRACT_KEYS = [
    "id",
    "number",
    "title",
    "account_id",
    "account",
    "opportunity_id",
    "opportunity",
    "amount",
    "received",
    "balance",
    "start_on",
    "end_on",
    "terms",
    "status",
    "status_on",
    "status_reason",
    "version",
    "progress",
    "milestone",
    "signed_on",
    "owner",
    "external_id",
    "quote",
    "quote_version",
    "created_at",
    "updated_at",
]
INSTALLMENT_KEYS = [
    "id",
    "contract_id",
    "contract",
    "account_id",
    "account",
    "position",
    "due_on",
    "amount",
    "received",
    "outstanding",
    "status",
    "days_overdue",
    "note",
    "owner",
]
RECEIPT_KEYS = [
    "id",
    "contract_id",
    "contract",
    "account",
    "received_on",
    "amount",
    "credit",
    "ref",
    "recorded_by",
    "at",
    "reversed_at",
    "reverse_reason",
    "parts",
]
CHANGE_KEYS = ["contract", "action", "from_status", "to_status", "notes", "warnings"]
SCHEDULE_KEYS = ["contract", "installments", "scheduled", "unscheduled"]
CREDIT_KEYS = [
    "account_id",
    "account",
    "rating",
    "credit_limit",
    "outstanding",
    "unbilled",
    "exposure",
    "headroom",
    "overdue",
    "long_overdue",
    "flag_days",
    "credit_balance",
    "assessments",
]
SIGNED = (
    (
        "contract",
        "new",
        "--account",
        "华为技术",
        "--amount",
        "90000",
        "--start",
        "2026-11-01",
        "--end",
        "2027-10-31",
        "--number",
        "C-1",
    ),
    ("contract", "submit", "C-1"),
    ("--as", "maria", "contract", "approve", "C-1"),
    ("contract", "sign", "C-1"),
    ("receivable", "plan", "C-1", "--split", "50,50", "--dates", "2026-11-01,2027-01-31"),
    ("receivable", "pay", "C-1", "10000", "--on", "2026-11-20", "--ref", "B-7"),
)
ACTIVE = (*SIGNED, ("contract", "start", "C-1"))
# name: (setup, arguments, "object" or "list", the keys of the object or of each item)
CONTRACT_CASES: dict[str, tuple[tuple[tuple[str, ...], ...], tuple[str, ...], str, list[str]]] = {
    "contract new": ((), SIGNED[0], "object", CONTRACT_KEYS),
    "contract list": (SIGNED, ("contract", "list"), "list", CONTRACT_KEYS),
    "contract show": (
        SIGNED,
        ("contract", "show", "C-1"),
        "object",
        [
            "contract",
            "shown_version",
            "installments",
            "receipts",
            "scheduled",
            "unscheduled",
            "lines",
            "lines_total",
        ],
    ),
    "contract history": (
        SIGNED,
        ("contract", "history", "C-1"),
        "object",
        ["contract", "versions", "steps"],
    ),
    "contract amend": (
        SIGNED,
        ("contract", "amend", "C-1", "--end", "2027-12-31", "--reason", "later"),
        "object",
        CHANGE_KEYS,
    ),
    "contract progress": (ACTIVE, ("contract", "progress", "C-1", "40%"), "object", CHANGE_KEYS),
    "contract submit": (SIGNED[:1], ("contract", "submit", "C-1"), "object", CHANGE_KEYS),
    "contract approve": (
        SIGNED[:2],
        ("--as", "maria", "contract", "approve", "C-1"),
        "object",
        CHANGE_KEYS,
    ),
    "contract sign": (SIGNED[:3], ("contract", "sign", "C-1"), "object", CHANGE_KEYS),
    "contract start": (SIGNED, ("contract", "start", "C-1"), "object", CHANGE_KEYS),
    "contract suspend": (
        ACTIVE,
        ("contract", "suspend", "C-1", "--reason", "site closed"),
        "object",
        CHANGE_KEYS,
    ),
    "contract resume": (
        (*ACTIVE, ("contract", "suspend", "C-1", "--reason", "site closed")),
        ("contract", "resume", "C-1"),
        "object",
        CHANGE_KEYS,
    ),
    "contract complete": (ACTIVE, ("contract", "complete", "C-1"), "object", CHANGE_KEYS),
    "contract close": (
        (*ACTIVE, ("contract", "complete", "C-1")),
        ("contract", "close", "C-1"),
        "object",
        CHANGE_KEYS,
    ),
    "contract terminate": (
        SIGNED,
        ("contract", "terminate", "C-1", "--reason", "bankrupt"),
        "object",
        CHANGE_KEYS,
    ),
    "receivable plan": (
        SIGNED[:4],
        ("receivable", "plan", "C-1", "--split", "100", "--dates", "sign"),
        "object",
        SCHEDULE_KEYS,
    ),
    "receivable add": (
        SIGNED[:4],
        ("receivable", "add", "C-1", "500", "--due", "2027-01-01"),
        "object",
        SCHEDULE_KEYS,
    ),
    "receivable pay": (SIGNED[:5], SIGNED[5], "object", RECEIPT_KEYS),
    "receivable unpay": (
        SIGNED,
        ("receivable", "unpay", "1", "--reason", "wrong contract"),
        "object",
        RECEIPT_KEYS,
    ),
    "receivable list": (SIGNED, ("receivable", "list"), "list", INSTALLMENT_KEYS),
    "receivable aging": (
        SIGNED,
        ("receivable", "aging"),
        "object",
        ["today", "owner", "rows", "reps", "total"],
    ),
    "receivable forecast": (
        SIGNED,
        ("receivable", "forecast"),
        "object",
        ["today", "owner", "months", "collected", "due_to_date", "collection_rate", "key_tasks"],
    ),
    "account credit": (SIGNED, ("account", "credit", "华为技术"), "object", CREDIT_KEYS),
    "contract import": ((), ("contract", "import", "{tmp}/contracts.csv"), "object", IMPORT_KEYS),
    "receivable import": (
        SIGNED,
        ("receivable", "import", "{tmp}/receipts.csv"),
        "object",
        IMPORT_KEYS,
    ),
}


@pytest.mark.parametrize("case", list(CONTRACT_CASES))
def test_json_keys_of_contracts_are_pinned(book: Cli, case: str, tmp_path: Any) -> None:
    setup, args, shape, keys = CONTRACT_CASES[case]
    (tmp_path / "receipts.csv").write_text("date,contract,amount\n2026-11-21,C-1,500\n")
    (tmp_path / "contracts.csv").write_text("number,account,amount\nX-1,Acme,500\n")
    for step in setup:
        book.ok(*step)
    filled = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    assert_keys(json.loads(book.ok(*filled, "--json").stdout), shape, keys)


def test_json_nested_contract_records_have_their_keys(book: Cli) -> None:
    for step in SIGNED:
        book.ok(*step)
    shown = json.loads(book.ok("contract", "show", "C-1", "--json").stdout)
    assert sorted(shown["contract"]) == sorted(CONTRACT_KEYS)
    assert sorted(shown["installments"][0]) == sorted(INSTALLMENT_KEYS)
    assert sorted(shown["receipts"][0]) == sorted(RECEIPT_KEYS)
    assert sorted(shown["receipts"][0]["parts"][0]) == ["amount", "installment_id", "position"]
    account = json.loads(book.ok("account", "show", "华为技术", "--json").stdout)
    assert sorted(account["contracts"][0]) == sorted(CONTRACT_KEYS)
    assert sorted(account["overdue"][0]) == sorted(INSTALLMENT_KEYS)
    assert shown["installments"][0]["amount"] == 45000
    assert shown["contract"]["signed_on"] == "2026-11-23"
