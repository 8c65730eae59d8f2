"""Moving in from another CRM (issue 17): an unbalanced quote must not swallow the rows
after it into one deal's name."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli
from tests.moving_in.helpers import deals, write


def names(cli: Cli) -> list[str]:
    return [deal["name"] for deal in deals(cli)]


def test_a_quote_never_closed_is_refused_at_its_line(cli: Cli, tmp_path: Path) -> None:
    text = (
        "Deal Name,Deal Stage,Amount\n"
        "Cloud migration,prospect,100\n"
        '"Acme 12 inch rack,prospect,200\n'
        "Support renewal,prospect,300\n"
        "Data warehouse,prospect,400\n"
    )
    result = cli("opp", "import", str(write(tmp_path / "x.csv", text)))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith(
        "x.csv: line 3: a quoted cell opens here and runs over 3 lines that look like rows of"
        " their own: a closing quote is missing"
    )
    assert names(cli) == []


def test_a_quote_closed_rows_later_is_refused(cli: Cli, tmp_path: Path) -> None:
    text = (
        "Deal Name,Deal Stage,Amount\n"
        '"Acme,prospect,1\n'
        "Beta,prospect,2\n"
        'Gamma "x",prospect,3\n'
        "Delta,prospect,4\n"
    )
    result = cli("opp", "import", str(write(tmp_path / "x.csv", text)))
    assert result.exit_code == 1
    assert "line 2: a quoted cell opens here and runs over 3 lines" in result.stderr
    assert names(cli) == []


def test_a_note_over_several_lines_still_imports(cli: Cli, tmp_path: Path) -> None:
    text = (
        "Deal Name,Deal Stage,Description\n"
        'Cloud migration,prospect,"Call back\nprice: 1,200, discount 5"\n'
        "Support renewal,prospect,short\n"
    )
    cli.ok("opp", "import", str(write(tmp_path / "x.csv", text)))
    assert names(cli) == ["Cloud migration", "Support renewal"]
