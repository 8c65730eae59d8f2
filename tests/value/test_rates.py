"""Rates in the value reports keep four decimals in JSON (issue 17: 33.3333, not 33.3);
the screen rounds them to one."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli
from tests.value.conftest import load_purchases


def test_customer_shares_keep_four_decimals(cli: Cli, tmp_path: Path) -> None:
    # Three customers, 100 each: each a third of the revenue.
    load_purchases(
        cli,
        tmp_path,
        [("A", "100", "2026-02-01"), ("B", "100", "2026-03-01"), ("C", "100", "2026-04-01")],
    )
    report = json.loads(cli.ok("report", "customers", "--all", "--json").stdout)
    assert [(row["share"], row["cumulative_share"]) for row in report["pareto"]] == [
        (33.3333, 33.3333),
        (33.3333, 66.6667),
        (33.3333, 100),
    ]
    assert report["eighty_share"] == 100
    assert [c["share"] for c in report["concentration"]][:1] == [33.3333]
    screen = cli.ok("report", "customers", "--all").stdout
    assert "33.3%" in screen and "66.7%" in screen and "33.3333" not in screen
