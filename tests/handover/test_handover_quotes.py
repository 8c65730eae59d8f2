"""A departing rep's open quotes in a handover: drafts (waiting for approval or not) and
sent quotes still valid move with their account to its successor, listed in the plan
and the report; accepted, rejected and expired quotes, and replaced versions, stay as
history; revert moves back what is as the handover left it."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from tests.conftest import Cli


def on(cli: Cli, day: str) -> Cli:
    cli.today = date.fromisoformat(day)
    return cli


def quote(cli: Cli, *new: str, qty: str = "1", send: bool = False) -> None:
    cli.ok("quote", "new", *new)
    listed = json.loads(cli.ok("quote", "list", "--status", "all", "--json").stdout)
    number = str(max(item["number"] for item in listed))
    cli.ok("quote", "line", "add", number, "SKU-1", "--qty", qty)
    if send:
        cli.ok("quote", "send", number)


@pytest.fixture
def book(cli: Cli) -> Cli:
    """alice's Acme with deal 1, on 2026-11-23: quote 1 a draft, 2 sent (valid 30 days),
    3 a draft with 20 % off (waiting for approval), 4 sent valid until 11-25, 5 sent
    and accepted (no deal), 6 sent and revised (version 2 a draft), 7 sent valid until
    11-29."""
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Line controllers", "--amount", "1000", "--close", "2027-01-31")
    cli.ok("product", "add", "SKU-1", "Widget", "--price", "100", "--tax", "13%")
    quote(cli, "1")
    quote(cli, "1", qty="2", send=True)
    quote(cli, "1", "--discount", "20%")
    quote(cli, "--account", "Acme", "--valid-until", "2026-11-25", send=True)
    quote(cli, "--account", "Acme", qty="5", send=True)
    cli.ok("quote", "accept", "5")
    quote(cli, "1", qty="6", send=True)
    cli.ok("quote", "revise", "6")
    quote(cli, "1", "--valid-until", "2026-11-29", qty="7", send=True)
    return cli


def owners(cli: Cli) -> dict[tuple[int, int], str]:
    with sqlite3.connect(cli.db) as connection:
        return {
            (number, version): handle
            for number, version, handle in connection.execute(
                "SELECT q.number, q.version, r.handle FROM quote q JOIN rep r ON r.id = q.owner_id"
            )
        }


ALICE = {(n, 1): "alice" for n in range(1, 8)} | {(6, 2): "alice"}

REPORT_QUOTES = """\
### Open quotes, soonest validity end first

| Quote | Version | Account | Deal | Status | Net | Valid until |
|---:|---:|---|---|---|---:|---|
| 7 | 1 | Acme | 1 Line controllers | sent | 700.00 | 2026-11-29 |
| 1 | 1 | Acme | 1 Line controllers | draft | 100.00 | 2026-12-23 |
| 2 | 1 | Acme | 1 Line controllers | sent | 200.00 | 2026-12-23 |
| 3 | 1 | Acme | 1 Line controllers | draft, awaiting approval | 80.00 | 2026-12-23 |
| 6 | 2 | Acme | 1 Line controllers | draft | 600.00 | 2026-12-23 |
"""
KEPT = (
    "| 2 | quotes | accepted, rejected and expired quotes stay with the rep who made them, as"
    " history (so do the versions a revision replaced) |\n"
)


def test_open_quotes_move_with_their_account_and_are_listed(book: Cli) -> None:
    assert owners(book) == ALICE
    preview = on(book, "2026-11-28").ok(
        "handover", "preview", "--from", "alice", "--to", "bob", rep="maria"
    )
    assert owners(book) == ALICE  # a preview changes nothing
    plan = json.loads(
        book.ok(
            "handover", "preview", "--from", "alice", "--to", "bob", "--json", rep="maria"
        ).stdout
    )
    (bob,) = plan["successors"]
    assert bob["counts"]["quotes"] == 5
    assert [(q["number"], q["version"], q["status"]) for q in bob["quotes"]] == [
        (7, 1, "sent"), (1, 1, "draft"), (2, 1, "sent"), (3, 1, "draft, awaiting approval"),
        (6, 2, "draft"),
    ]  # fmt: skip
    assert {
        "entity": "quote",
        "label": "quotes",
        "count": 2,
        "why": KEPT.split(" | ")[2].removesuffix(" |\n"),
    } in (plan["kept"])
    run = book.ok("handover", "run", "--from", "alice", "--to", "bob", "--yes", rep="maria")
    for report in (preview.stdout, run.stdout):
        assert REPORT_QUOTES in report
        assert KEPT in report
        assert "Takes: accounts 1, deals 1, quotes 5." in report
        assert "| Quotes |" in report
    # Quote 4 expired on 11-26 and 5 was accepted: history, as is 6's first version.
    assert owners(book) == ALICE | {
        (1, 1): "bob", (2, 1): "bob", (3, 1): "bob", (6, 2): "bob", (7, 1): "bob",
    }  # fmt: skip
    with sqlite3.connect(book.db) as connection:
        events = connection.execute(
            "SELECT entity_id, action, changes FROM event WHERE entity = 'quote'"
            " AND action = 'handover' ORDER BY entity_id"
        ).fetchall()
    assert len(events) == 5
    assert json.loads(events[0][2]) == {"handover": 1, "owner": ["alice", "bob"]}
    # bob now acts on them as their owner.
    book.ok("quote", "send", "1", rep="bob")


def test_revert_restores_the_quotes_as_the_handover_left_them(book: Cli) -> None:
    on(book, "2026-11-28").ok(
        "handover", "run", "--from", "alice", "--to", "bob", "--yes", rep="maria"
    )
    on(book, "2026-11-29").ok("quote", "accept", "2", rep="bob")
    book.ok("quote", "send", "1", rep="bob")
    book.ok("quote", "revise", "1", rep="bob")  # version 2, bob's own
    result = on(book, "2026-12-01").ok("handover", "revert", "1", "--yes", "--json", rep="maria")
    reverted = json.loads(result.stdout)
    assert reverted["moved_back"]["quotes"] == 2  # 3 and 6 v2
    left = [(item["entity"], item["why"]) for item in reverted["left_alone"]]
    assert ("quote", "accepted since") in left  # 2
    assert ("quote", "revised since") in left  # 1 v1
    assert ("quote", "expired since") in left  # 7, valid until 11-29
    assert owners(book) == ALICE | {
        (1, 1): "bob", (1, 2): "bob", (2, 1): "bob", (7, 1): "bob",
    }  # fmt: skip
