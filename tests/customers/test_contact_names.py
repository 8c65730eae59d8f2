"""Two contacts with one name at one account: a reference by that name is ambiguous."""

from __future__ import annotations

import pytest

from tests.conftest import Cli


@pytest.fixture
def two_wang_wei(cli: Cli) -> Cli:
    cli.ok("account", "add", "华为")
    cli.ok("contact", "add", "华为", "Wang Wei", "--title", "CTO")
    cli.ok("contact", "add", "华为", "Wang Wei", "--title", "Buyer")
    cli.ok("contact", "add", "华为", "Li Na")
    return cli


@pytest.mark.parametrize(
    "args",
    [
        (
            "opp",
            "add",
            "华为",
            "Campus",
            "--amount",
            "1",
            "--close",
            "2027-01-31",
            "--contact",
            "wang wei",
        ),
        ("visit", "plan", "华为", "--at", "2026-11-25", "--contact", "Wang Wei"),
    ],
)
def test_an_ambiguous_contact_name_lists_both_and_writes_nothing(
    two_wang_wei: Cli, args: tuple[str, ...]
) -> None:
    result = two_wang_wei(*args)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: contact 'wang wei' is ambiguous: 1 Wang Wei (CTO), 2 Wang Wei (Buyer)\n"
        "hint: use the id or more of the name\n"
    ).replace("'wang wei'", f"'{args[-1]}'")
    assert two_wang_wei.ok("opp", "list", "--all", "--json").stdout.strip() == "[]"
    assert two_wang_wei.ok("visit", "list", "--all", "--json").stdout.strip() == "[]"


def test_an_id_or_a_unique_name_still_finds_the_contact(two_wang_wei: Cli) -> None:
    two_wang_wei.ok(
        "opp", "add", "华为", "Campus", "--amount", "1", "--close", "2027-01-31", "--contact", "2"
    )
    two_wang_wei.ok("opp", "edit", "1", "--contact", "Li Na")
