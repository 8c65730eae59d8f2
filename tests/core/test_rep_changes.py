"""Reps can be edited, deactivated, and brought back."""

from __future__ import annotations

import sqlite3

from tests.conftest import Cli


def test_activate_undoes_deactivate(cli: Cli) -> None:
    cli.ok("rep", "deactivate", "bob", rep="maria")
    refused = cli("account", "add", "BobCo", "--owner", "bob")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: rep 'bob' is inactive")
    activated = cli.ok("rep", "activate", "bob", rep="maria")
    assert activated.stderr == "activated rep bob\n"
    cli.ok("account", "add", "BobCo", "--owner", "bob")
    with sqlite3.connect(cli.db) as connection:
        actions = [
            row[0]
            for row in connection.execute(
                "SELECT action FROM event WHERE entity = 'rep' AND entity_id ="
                " (SELECT id FROM rep WHERE handle = 'bob') ORDER BY id"
            )
        ]
    assert actions == ["add", "deactivate", "activate"]


def test_activating_an_active_rep_is_refused(cli: Cli) -> None:
    result = cli("rep", "activate", "bob", rep="maria")
    assert result.exit_code == 1
    assert result.stderr == "error: rep 'bob' is already active\n"


def test_edit_changes_a_reps_role_name_and_email(cli: Cli) -> None:
    result = cli.ok(
        "rep", "edit", "bob", "--role", "manager", "--email", "bob@example.com", rep="maria"
    )
    assert result.stderr == "rep bob saved (Bob Li, manager)\n"
    assert cli.ok("rep", "show", "bob").stdout == (
        "bob — Bob Li\n  Role    manager\n  Email   bob@example.com\n  Active  yes\n"
        "  Since   2026-11-23\n"
    )
    cli.ok("rep", "edit", "bob", "--email", "", rep="bob")  # bob's own email
    assert "Email" not in cli.ok("rep", "show", "bob").stdout
    nothing = cli("rep", "edit", "bob")
    assert nothing.exit_code == 2
    assert (
        nothing.stderr
        == "error: nothing to change\nhint: give --name, --email, --role, --manager or --region\n"
    )
