"""Moving in from another CRM (issue 17): reps made from an import's owner names keep
their handles through export and import into another book."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli
from tests.moving_in.helpers import by_name, write


def test_a_handle_written_as_a_handle_is_kept(cli: Cli, tmp_path: Path) -> None:
    text = "Deal Name,Deal Stage,Deal Owner\nA,prospect,moses.frase\nB,prospect,Moses Frase\n"
    cli.ok("opp", "import", str(write(tmp_path / "x.csv", text)), "--create-missing", rep="maria")
    assert by_name(cli, "owner") == {"A": "moses.frase", "B": "moses-frase"}


def test_an_exported_book_imports_with_the_same_handles(cli: Cli, tmp_path: Path) -> None:
    text = "Deal Name,Deal Stage,Deal Owner\nA,prospect,Moses Frase\n"
    cli.ok("opp", "import", str(write(tmp_path / "x.csv", text)), "--create-missing", rep="maria")
    exported = tmp_path / "out.csv"
    cli.ok("opp", "export", str(exported))
    other = Cli(tmp_path / "other.db")
    other.ok("rep", "add", "maria", "--name", "Maria Gonzalez", "--role", "manager", rep=None)
    other.ok("opp", "import", str(exported), "--create-missing", rep="maria")
    assert by_name(other, "owner") == {"A": "moses-frase"}
