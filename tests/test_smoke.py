"""The path a new user takes first: init, a lead, the list."""

from __future__ import annotations

from tests.conftest import Cli


def test_init_then_add_and_list_a_lead(db_path) -> None:  # type: ignore[no-untyped-def]
    cli = Cli(db_path, rep=None)
    cli.ok("init", "--rep", "alice", "--name", "Alice Chen")
    cli.ok("lead", "add", "Wang Wei", "--company", "华为", "--next", "today")
    listed = cli.ok("lead", "list", "--due")
    assert listed.stdout == (
        "ID  Name      Company  Status  Source  Next action  Phone  Owner\n"
        " 1  Wang Wei  华为     new             2026-11-23          alice\n"
    )
