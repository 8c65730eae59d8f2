"""Moving in from another CRM (issue 17): a probability written as a fraction of one
(HubSpot's "Deal probability" 0.9) is 90 %, and a column mixing 0.9 and 75 is refused."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli
from tests.moving_in.helpers import by_name, write

# A HubSpot deal export: fractions in "Deal probability".
HUBSPOT = (
    "Record ID,Deal Name,Deal Stage,Deal probability,Amount\n"
    "9001,Cloud migration,prospect,0.9,1000\n"
    "9002,Support renewal,prospect,0.25,2000\n"
    "9003,Data warehouse,prospect,1,3000\n"
)


def probabilities(cli: Cli) -> dict[str, float]:
    return by_name(cli, "probability")


def test_hubspot_fractions_are_percentages(cli: Cli, tmp_path: Path) -> None:
    cli.ok("opp", "import", str(write(tmp_path / "hs.csv", HUBSPOT)))
    assert probabilities(cli) == {
        "Cloud migration": 90.0,
        "Support renewal": 25.0,
        "Data warehouse": 100.0,
    }


def test_a_fraction_column_with_a_percentage_is_refused(cli: Cli, tmp_path: Path) -> None:
    text = HUBSPOT + "9004,Pilot,prospect,75,100\n"
    result = cli("opp", "import", str(write(tmp_path / "hs.csv", text)))
    assert result.exit_code == 1
    assert (
        "line 5: probability: '75' is over 1, but this column holds fractions (0.9 is 90 %)"
        in result.stderr
    )
    assert probabilities(cli) == {}


def test_a_percentage_column_mixing_fractions_is_refused(cli: Cli, tmp_path: Path) -> None:
    text = "Deal Name,Deal Stage,Probability\nA,prospect,75\nB,prospect,0.9\nC,prospect,40\n"
    result = cli("opp", "import", str(write(tmp_path / "x.csv", text)))
    assert result.exit_code == 1
    assert (
        "line 3: probability: the column holds both fractions (0.9) and percentages (75):"
        " 0.9 could be 0.9 % or 90 %" in result.stderr
    )
    assert probabilities(cli) == {}


def test_percentages_stay_percentages(cli: Cli, tmp_path: Path) -> None:
    text = "Deal Name,Deal Stage,Probability (%)\nA,prospect,75\nB,prospect,40 %\nC,prospect,0\n"
    cli.ok("opp", "import", str(write(tmp_path / "x.csv", text)))
    assert probabilities(cli) == {"A": 75.0, "B": 40.0, "C": 0.0}


def test_a_map_reads_a_fraction_header_as_percentages(cli: Cli, tmp_path: Path) -> None:
    text = "Deal Name,Deal Stage,Deal probability\nA,prospect,75\n"
    path = write(tmp_path / "x.csv", text)
    cli.ok("opp", "import", str(path), "--map", "Deal probability=probability")
    assert probabilities(cli) == {"A": 75.0}
