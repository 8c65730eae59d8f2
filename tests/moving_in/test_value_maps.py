"""Moving in from another CRM (issue 17): another system's words for a choice column
(lead sources, stage and forecast-category names, 0/1 statuses) are mapped with
--value-map or a map file; a refused file lists its unread values with their counts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli
from tests.moving_in.helpers import by_name, write

# The shape of a public leads data set: sources as a web analytics tool names them, and
# "Converted" as 0/1.
LEADS = (
    "Prospect ID,Lead Origin,Lead Source,Converted,Name\n"
    "7927b2df,API,Olark Chat,0,Lead one\n"
    "2a272436,API,Google,1,Lead two\n"
    "8cc8c611,Landing Page Submission,Direct Traffic,0,Lead three\n"
    "0cc2df48,API,Google,0,Lead four\n"
)


def test_a_refused_file_lists_its_unread_values_with_counts(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "leads.csv", LEADS)
    result = cli("lead", "import", str(path), "--map", "Converted=status", "--dry-run")
    assert result.exit_code == 1
    assert (
        "values not read: source (Lead Source): 'Google' x2, 'Direct Traffic' x1,"
        " 'Olark Chat' x1\n"
        "values not read: status (Converted): '0' x3, '1' x1\n"
    ) in result.stderr
    assert "hint: fix those lines, or map the file's values: --value-map" in result.stderr


def test_value_maps_import_them(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "leads.csv", LEADS)
    maps = write(
        tmp_path / "map.toml",
        '["Lead Source"]\nGoogle = "web"\n"Olark Chat" = "web"\n"Direct Traffic" = "web"\n',
    )
    cli.ok(
        "lead", "import", str(path), "--map", "Converted=status", "--value-map-file", str(maps),
        "--value-map", "Converted:0=new", "--value-map", "Converted:1=qualified",
    )  # fmt: skip
    leads = json.loads(cli.ok("lead", "list", "--status", "all", "--all", "--json").stdout)
    assert {lead["name"]: (lead["source"], lead["status"]) for lead in leads} == {
        "Lead one": ("web", "new"),
        "Lead two": ("web", "qualified"),
        "Lead three": ("web", "new"),
        "Lead four": ("web", "new"),
    }


def test_salesforce_forecast_category_api_values(cli: Cli, tmp_path: Path) -> None:
    """Salesforce's API value 'Forecast' is what its screens call Commit."""
    text = "Name,StageName,ForecastCategoryName\nA,prospect,Forecast\nB,prospect,BestCase\n"
    path = write(tmp_path / "sf.csv", text)
    cli.ok(
        "opp", "import", str(path),
        "--value-map", "ForecastCategoryName:Forecast=commit",
        "--value-map", "ForecastCategoryName:BestCase=best-case",
    )  # fmt: skip
    assert by_name(cli, "forecast_category") == {"A": "commit", "B": "best-case"}


def test_a_stage_value_map_works_like_stage_map(cli: Cli, tmp_path: Path) -> None:
    text = "Deal Name,Deal Stage\nA,Engaging\n"
    path = write(tmp_path / "x.csv", text)
    cli.ok("opp", "import", str(path), "--value-map", "Deal Stage:Engaging=proposal")
    assert by_name(cli, "stage") == {"A": "proposal"}


def test_a_value_map_for_a_column_the_file_lacks_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "Deal Name,Deal Stage\nA,prospect\n")
    result = cli("opp", "import", str(path), "--value-map", "Lead Source:Google=web")
    assert result.exit_code == 2
    assert "a value map names a column 'leadsource'" in result.stderr


def test_a_bad_value_map_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "Deal Name,Deal Stage\nA,prospect\n")
    result = cli("opp", "import", str(path), "--value-map", "Google=web")
    assert result.exit_code == 2
    assert "--value-map 'Google=web' is not COLUMN:VALUE=MEANING" in result.stderr
