"""The example exports in examples/ import with the exact commands the README shows."""

from __future__ import annotations

from pathlib import Path

from salescli import config
from tests.conftest import Cli
from tests.moving_in.helpers import by_name, deals

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COMMANDS = {
    "salesforce-report-export.csv": (
        "--create-missing",
        "--stage-map", "Prospecting=prospect", "--stage-map", "Proposal/Price Quote=proposal",
    ),
    "hubspot-deals.csv": (
        "--create-missing",
        "--stage-map", "Appointment Scheduled=prospect", "--stage-map", "Contract Sent=negotiation",
    ),
    "salesforce-data-export-cp1252.csv": (
        "--map", "Id=external_id", "--map", "OwnerId=-", "--map", "AccountId=-",
        "--stage-map", "Prospecting=prospect", "--stage-map", "Negotiation/Review=negotiation",
        "--value-map", "ForecastCategoryName:Forecast=commit", "--rate", "EUR=1.08",
    ),
}  # fmt: skip


def test_the_readme_shows_these_commands() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8").replace("\\\n", " ")
    for name, args in COMMANDS.items():
        shown = " ".join(f'"{arg}"' if "=" in arg else arg for arg in args)
        assert f"salescli opp import examples/{name} {shown}" in " ".join(readme.split()), name


def test_each_example_imports_as_the_readme_says(cli: Cli) -> None:
    """As a manager (maria), who may add the reps the files name."""
    config.set_config_value("currency", "USD")
    for name, args in COMMANDS.items():
        cli.ok("opp", "import", str(EXAMPLES / name), *args, rep="maria")
    amounts = by_name(cli, "amount")
    exported = cli.ok("opp", "export").stdout.splitlines()
    assert len(exported) == 1 + 11
    assert len(deals(cli)) == 6  # the open ones
    assert amounts["Cloud migration"] == 48000.0  # $48,000.00, a US report
    assert amounts["Société Générale – data platform"] == 129600.0  # EUR 120,000 at 1.08
    assert by_name(cli, "probability")["Annual licence"] == 90.0  # HubSpot's 0.9
    assert by_name(cli, "close_date")["Cloud migration"] == "2026-12-18"  # 12/18/2026
    assert by_name(cli, "forecast_category")["Société Générale – data platform"] == "commit"
