"""Files an import must refuse or summarise plainly (issue 18, items 13 and 15): a cell
over the field limit, a file of 10,000 columns. (NUL bytes and other control characters
are in test_controls.py.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from salescli.csvio import FIELD_LIMIT
from tests.conftest import Cli

TOO_LARGE_HINT = (
    "hint: a cell that large is not CRM data: check that this is the CSV you meant"
    " (an unclosed quote reads the rest of the file as one cell)\n"
)


def leads(db: Path) -> list[tuple[str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT name FROM lead ORDER BY id").fetchall()


def test_a_20_mb_single_line_is_refused_plainly(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "huge.csv"
    sheet.write_text("name" + "x" * 20_000_000, encoding="utf-8")
    result = cli("lead", "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {sheet}: line 1: a cell is larger than 1,048,576 characters\n{TOO_LARGE_HINT}"
    )
    assert leads(cli.db) == []


def test_an_unclosed_quote_is_refused_at_the_line_where_the_cell_starts(
    cli: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "quote.csv"
    lines = ["name,note", "Wang Wei,fine", 'Li Na,"never closed', *(["more text"] * 30_000)]
    sheet.write_text("\n".join(lines) + "x" * FIELD_LIMIT, encoding="utf-8")
    result = cli("lead", "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {sheet}: line 3: a cell is larger than 1,048,576 characters\n{TOO_LARGE_HINT}"
    )
    assert leads(cli.db) == []


def test_a_long_note_under_the_limit_is_imported(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "long.csv"
    note = "word " * 100_000  # 500,000 characters: over the csv module's 128 KiB default
    sheet.write_text(f'name,note\nWang Wei,"{note}"\n', encoding="utf-8")
    cli.ok("lead", "import", str(sheet))
    assert leads(cli.db) == [("Wang Wei",)]


def test_ten_thousand_ignored_columns_are_summarised(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "wide.csv"
    extra = [f"extra column {i}" for i in range(9_999)]
    sheet.write_text(",".join(["name", *extra]) + "\nWang Wei\n", encoding="utf-8")
    result = cli.ok("lead", "import", str(sheet))
    warning = result.stderr.splitlines()[0]
    named = ", ".join(extra[:10])
    assert warning == (
        f"warning: 9,999 columns ignored: {named} … and 9,989 more (map them with --map SRC=FIELD)"
    )
    assert leads(cli.db) == [("Wang Wei",)]


def test_a_few_ignored_columns_are_each_named_and_long_names_cut(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "few.csv"
    sheet.write_text("name,Colour," + "L" * 100 + "\nWang Wei,red,x\n", encoding="utf-8")
    result = cli.ok("lead", "import", str(sheet))
    assert result.stderr.splitlines()[0] == (
        f"warning: ignored columns: Colour, {'L' * 39}… (map them with --map SRC=FIELD)"
    )
