"""Moving in from another CRM (issue 17): reps made from an import's owner names keep
their handles through export and import into another book."""

from __future__ import annotations

import json
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


def test_chinese_names_make_pinyin_handles(cli: Cli, tmp_path: Path) -> None:
    """Not 'rep', 'rep-2'... by the book's state: the same name, the same handle."""
    reps = write(tmp_path / "reps.csv", "name,role\n李娜,rep\n王伟,rep\n")
    cli.ok("rep", "import", str(reps), "--create-missing", rep="maria")
    text = "Deal Name,Deal Stage,Deal Owner\nA,prospect,王伟\nB,prospect,赵六\nC,prospect,Иван\n"
    cli.ok("opp", "import", str(write(tmp_path / "x.csv", text)), "--create-missing", rep="maria")
    assert by_name(cli, "owner") == {"A": "wang-wei", "B": "zhao-liu", "C": "rep-10c39bd2"}
    handles = [rep["handle"] for rep in json.loads(cli.ok("rep", "list", "--json").stdout)]
    assert {"li-na", "wang-wei", "zhao-liu"} <= set(handles)
