"""A deactivated rep can be brought back."""

from __future__ import annotations

import sqlite3

from tests.conftest import Cli


def test_activate_undoes_deactivate(cli: Cli) -> None:
    cli.ok("rep", "deactivate", "bob")
    refused = cli("account", "add", "BobCo", "--owner", "bob")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: rep 'bob' is inactive")
    activated = cli.ok("rep", "activate", "bob")
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
    result = cli("rep", "activate", "bob")
    assert result.exit_code == 1
    assert result.stderr == "error: rep 'bob' is already active\n"
