"""The digest's quote rules (`salescli remind`): a sent quote about to expire, and a sent
quote with no answer for longer than its deal's stage cadence (its account's without a
deal), each with the command that acts on it; their day counts are settings."""

from __future__ import annotations

import json
import shlex
from datetime import date

import pytest

from tests.conftest import Cli


def on(cli: Cli, day: str) -> Cli:
    cli.today = date.fromisoformat(day)
    return cli


@pytest.fixture
def book(cli: Cli) -> Cli:
    """On Monday 2026-11-23 alice sends quote 1 (deal 1, valid 30 days), quote 2 (Acme,
    no deal, valid until 2026-12-08) and quote 3 (deal 2), and keeps quote 4 a draft;
    bob sends quote 5 at Globex. Alice follows deal 2 up on 2026-11-30."""
    cli.ok("account", "add", "Acme", "--phone", "+49 30 1234")
    cli.ok("contact", "add", "Acme", "Dana Wu", "--phone", "+49 170 555")
    cli.ok("account", "add", "Globex", "--owner", "bob")
    for account, name, owner in (
        ("Acme", "Line controllers", "alice"),
        ("Acme", "Spare parts", "alice"),
        ("Globex", "Fleet", "bob"),
    ):
        cli.ok("opp", "add", account, name, "--amount", "1000", "--close", "2027-01-31",
               "--owner", owner)  # fmt: skip
    cli.ok("product", "add", "SKU-1", "Widget", "--price", "99.99", "--tax", "13%")
    for number, new, qty, owner in (
        (1, ("1",), "10", "alice"),
        (2, ("--account", "Acme", "--valid-until", "2026-12-08"), "1", "alice"),
        (3, ("2",), "2", "alice"),
        (4, ("1",), "3", "alice"),
        (5, ("3",), "3", "bob"),
    ):
        cli.ok("quote", "new", *new, rep=owner)
        cli.ok("quote", "line", "add", str(number), "SKU-1", "--qty", qty, rep=owner)
        if number != 4:
            cli.ok("quote", "send", str(number), rep=owner)
    on(cli, "2026-11-30").ok("visit", "log", "--opp", "2", "--outcome", "asked about quote 3")
    return cli


def section(digest: str, title: str) -> str:
    """One section of a plain digest, from its title to the blank line after it."""
    start = digest.index(f"\n{title} (") + 1
    end = digest.find("\n\n", start)
    return digest[start : None if end < 0 else end + 1]


QUOTES_ON_DEC_3 = """\
Quotes (2)
When                    What                                                                                                                    With            Phone        Command
Mon 2026-11-30, 3d ago  quote 1 (999.90) for deal 1 Line controllers sent 10 days ago, no answer (prospect, every 7 days): accept or reject it  Acme / Dana Wu  +49 170 555  salescli quote accept 1
Tue 2026-12-08, in 5d   quote 2 (99.99) expires after 2026-12-08: accept, reject or revise it                                                   Acme / Dana Wu  +49 170 555  salescli quote revise 2 --valid-until DATE
"""


def test_the_quotes_section_of_the_digest(book: Cli) -> None:
    """Quote 1 is past its stage's cadence, quote 2 expires within 7 days; quote 3 was
    followed up on since it was sent, quote 4 is a draft and quote 5 is bob's."""
    digest = on(book, "2026-12-03").ok("remind").stdout
    assert section(digest, "Quotes") == QUOTES_ON_DEC_3
    # Quotes come after the deals' sections and before the contracts'.
    assert digest.index("\nContact due (") < digest.index("\nQuotes (")
    bobs = book.ok("remind", rep="bob").stdout
    assert section(bobs, "Quotes") == (
        "Quotes (1)\n"
        "When                    What" + " " * 105 + "With    Phone  Command\n"
        "Mon 2026-11-30, 3d ago  quote 5 (299.97) for deal 3 Fleet sent 10 days ago, no answer"
        " (prospect, every 7 days): accept or reject it  Globex         salescli quote accept 5\n"
    )


def test_remind_json_carries_the_quote_items(book: Cli) -> None:
    items = [
        item
        for item in json.loads(on(book, "2026-12-03").ok("remind", "--json").stdout)
        if item["kind"].startswith("quote")
    ]
    assert items == [
        {
            "kind": "quote-unanswered",
            "due": "2026-11-30",
            "days_overdue": 3,
            "account": "Acme",
            "contact": "Dana Wu",
            "phone": "+49 170 555",
            "opportunity": 1,
            "owner": "alice",
            "message": "quote 1 (999.90) for deal 1 Line controllers sent 10 days ago, no answer"
            " (prospect, every 7 days): accept or reject it",
            "command": "salescli quote accept 1",
        },
        {
            "kind": "quote-expiring",
            "due": "2026-12-08",
            "days_overdue": -5,
            "account": "Acme",
            "contact": "Dana Wu",
            "phone": "+49 170 555",
            "opportunity": None,
            "owner": "alice",
            "message": "quote 2 (99.99) expires after 2026-12-08: accept, reject or revise it",
            "command": "salescli quote revise 2 --valid-until DATE",
        },
    ]
    for item in items:  # each suggested command parses (--help: nothing runs)
        assert book(*shlex.split(item["command"])[1:], "--help").exit_code == 0


def quote_items(cli: Cli, day: str, *args: str) -> list[tuple[str, str, str]]:
    return [
        (item["kind"], item["due"], item["message"].split(" (")[0])
        for item in json.loads(on(cli, day).ok("remind", "--json", *args).stdout)
        if item["kind"].startswith("quote")
    ]


def test_a_follow_up_counts_the_cadence_again_and_an_expired_quote_is_not_reminded(
    book: Cli,
) -> None:
    # Quote 3 was sent on 11-23 and followed up on 11-30: due 7 days after the touch.
    assert ("quote-unanswered", "2026-12-07", "quote 3") not in quote_items(book, "2026-12-07")
    assert quote_items(book, "2026-12-08") == [
        ("quote-unanswered", "2026-11-30", "quote 1"),
        ("quote-unanswered", "2026-12-07", "quote 3"),
        ("quote-expiring", "2026-12-08", "quote 2"),  # its last valid day
    ]
    message = json.loads(book.ok("remind", "--json").stdout)[-2]["message"]
    assert message == (
        "quote 3 (199.98) for deal 2 Spare parts sent 15 days ago, no answer (prospect, every"
        " 7 days), last touch 8 days ago: accept or reject it"
    )
    # Quote 2 expired the day after: neither expiring nor waiting for an answer.
    assert [item[2] for item in quote_items(book, "2026-12-09")] == ["quote 1", "quote 3"]


def test_an_answered_revised_or_paused_quote_is_not_reminded(book: Cli) -> None:
    on(book, "2026-12-03")
    book.ok("quote", "reject", "2", "--reason", "too dear")
    book.ok("quote", "revise", "1")  # version 2 is a draft
    assert quote_items(book, "2026-12-08") == [("quote-unanswered", "2026-12-07", "quote 3")]
    book.ok("opp", "suspend", "2", "--reason", "budget frozen")
    assert quote_items(book, "2026-12-08") == []
    on(book, "2026-12-03").ok("quote", "send", "1")
    assert quote_items(book, "2026-12-11") == [("quote-unanswered", "2026-12-10", "quote 1 v2")]


def test_a_quote_without_a_deal_follows_its_accounts_cadence(book: Cli) -> None:
    """Acme is a prospect: every 30 days by default, so quote 2 expires first. Its last
    touch (the follow-up of deal 2 on 11-30) counts."""
    assert [item[2] for item in quote_items(book, "2026-12-06")] == ["quote 1", "quote 2"]
    book.ok("config", "set", "cadence.prospect", "5")
    items = json.loads(on(book, "2026-12-06").ok("remind", "--json").stdout)
    assert [
        (item["kind"], item["due"], item["message"])
        for item in items
        if item["message"].startswith("quote 2")
    ] == [
        (
            "quote-unanswered",
            "2026-12-05",
            "quote 2 (99.99) sent 13 days ago, no answer (prospect, every 5 days), last touch"
            " 6 days ago: accept or reject it",
        ),
        ("quote-expiring", "2026-12-08", "quote 2 (99.99) expires after 2026-12-08: accept,"
         " reject or revise it"),
    ]  # fmt: skip


def test_how_far_ahead_an_expiring_quote_is_reminded_is_a_setting(book: Cli) -> None:
    assert ("quote-expiring", "2026-12-08", "quote 2") in quote_items(book, "2026-12-01")
    assert ("quote-expiring", "2026-12-08", "quote 2") not in quote_items(book, "2026-11-30")
    result = book.ok("config", "set", "quote.expiring_days", "3")
    assert result.stderr.startswith("quote.expiring_days = 3 (in ")
    assert ("quote-expiring", "2026-12-08", "quote 2") not in quote_items(book, "2026-12-04")
    assert ("quote-expiring", "2026-12-08", "quote 2") in quote_items(book, "2026-12-05")
    shown = json.loads(book.ok("config", "show", "--json").stdout)
    assert {"key": "quote.expiring_days", "value": 3, "source": "config"} in shown


@pytest.mark.parametrize("value", ["0", "seven", "3.5", "3661"])
def test_a_bad_expiring_days_setting_is_refused(book: Cli, value: str) -> None:
    config = book.db.parent / "config" / "config.toml"
    before = config.read_text() if config.exists() else None
    result = book("config", "set", "quote.expiring_days", value)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: quote.expiring_days must be a whole number of days, 1 to 3660"
    )
    assert len(result.stderr.strip().splitlines()) <= 2  # the error and its hint
    assert (config.read_text() if config.exists() else None) == before
