"""Follow-ups of another kind (--next-type), and what a planned visit is about."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("account", "add", "Acme")
    return cli


def _follow_up(result_stdout: str) -> dict:  # type: ignore[type-arg]
    return json.loads(result_stdout)["follow_up"]  # type: ignore[no-any-return]


def test_a_visit_logged_with_a_call_to_follow(book: Cli) -> None:
    logged = book.ok(
        "visit", "log", "Acme", "--outcome", "met the CTO", "--next", "call about the quote",
        "--next-date", "fri 10:00", "--next-type", "call", "--json",
    )  # fmt: skip
    follow = _follow_up(logged.stdout)
    assert (follow["type"], follow["planned_on"], follow["purpose"]) == (
        "call", "2026-11-27", "call about the quote",
    )  # fmt: skip
    assert json.loads(logged.stdout)["activity"]["type"] == "visit"


def test_a_planned_visit_done_with_a_meeting_to_follow_in_chinese(book: Cli) -> None:
    book.ok("visit", "plan", "Acme", "--at", "2026-11-23 09:00", "--objective", "demo")
    done = book.ok(
        "visit", "done", "1", "--outcome", "good demo", "--next-date", "下周一 14:00",
        "--next-type", "会议", "--json",
    )  # fmt: skip
    follow = _follow_up(done.stdout)
    assert (follow["type"], follow["planned_on"]) == ("meeting", "2026-11-30")


def test_without_next_type_the_follow_up_is_the_same_kind(book: Cli) -> None:
    logged = book.ok(
        "visit", "log", "Acme", "--type", "call", "--outcome", "ok", "--next-date", "+2d",
        "--json",
    )  # fmt: skip
    assert _follow_up(logged.stdout)["type"] == "call"


def test_next_type_without_a_date_is_refused_and_writes_nothing(book: Cli) -> None:
    result = book("visit", "log", "Acme", "--outcome", "ok", "--next-type", "call")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "error: --next-type call needs --next-date: when is it?"
    )
    assert book.ok("visit", "list", "--all", "--json").stdout.strip() == "[]"


def test_an_unknown_next_type_lists_the_kinds(book: Cli) -> None:
    result = book("visit", "log", "Acme", "--outcome", "ok", "--next-date", "+2d",
                  "--next-type", "fax")  # fmt: skip
    assert result.exit_code == 2
    assert "--next-type: 'fax' is not a kind of activity" in result.stderr


def test_a_visit_planned_with_only_an_objective_shows_it(book: Cli) -> None:
    book.ok("visit", "plan", "Acme", "--at", "2026-11-25", "--objective", "agree pilot scope")
    listed = book.ok("visit", "list").stdout
    assert "agree pilot scope" in listed
    book.ok("visit", "plan", "Acme", "--at", "2026-11-26", "--purpose", "site survey",
            "--objective", "meet the plant manager")  # fmt: skip
    listed = book.ok("visit", "list").stdout
    assert "site survey" in listed
    assert "meet the plant manager" not in listed
