"""Control characters and rich markup from data (issue 18, item 5; NUL bytes, item 15).

The attack: a name holding ESC[31m recolours the rep's terminal, ESC]0;...BEL retitles
it, and "[red]" would be read as rich markup. Typed and imported values with control
characters are refused; whatever is already in a book is shown written out (``\\x1b``)
in every view, plain or on a terminal, and kept exact in --json and --csv.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from salescli.controls import control_problem, visible
from salescli.render import handover_views, output
from salescli.services.core import reps
from salescli.services.core.session import open_session
from salescli.services.customers import accounts
from salescli.services.leads import leads
from tests.conftest import TODAY, Cli

RECOLOUR = "Evil\x1b[31mRed"
RETITLE = "Quiet\x1b]0;pwned\x07Corp"
C1 = "Csi\x9b31mCo"
MARKUP = "[red]x[/red] [bold"
RAW = ("\x1b", "\x07", "\x9b")


def stored(db: Path, table: str) -> list[tuple[str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(f"SELECT name FROM {table} ORDER BY id").fetchall()


@pytest.fixture
def hostile(db_path: Path) -> Cli:
    """A book that already holds hostile names (written before salescli refused them,
    or by another program): leads and accounts named to recolour and retitle."""
    with open_session(db_path, today=TODAY, acting_handle="alice") as session:
        reps.add_rep(session, handle="alice", name="Alice Chen")
        for name in (RECOLOUR, RETITLE, C1, MARKUP):
            leads.add_lead(session, name=name, company=name, note=f"note of {name}\nline two")
            accounts.add_account(session, name=name)
    return Cli(db_path)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Views drawn as on a colour terminal (rich writes its own escape codes then)."""
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    yield


VIEWS = [
    ("lead", "list"),
    ("lead", "show", "1"),
    ("lead", "show", "2"),
    ("account", "list"),
    ("account", "show", "1"),
    ("account", "show", "2"),
]


def assert_shown_escaped(text: str) -> None:
    for raw in RAW:
        assert raw not in text
    assert "\\x1b[31m" in text or "\\x1b]0;pwned\\x07" in text or "\\x9b" in text


@pytest.mark.parametrize("view", VIEWS)
def test_views_in_a_pipe_write_control_characters_out(hostile: Cli, view: tuple[str, ...]) -> None:
    shown = hostile.ok(*view).stdout
    assert_shown_escaped(shown)


def test_a_plain_list_shows_each_name_written_out(hostile: Cli) -> None:
    shown = hostile.ok("lead", "list").stdout
    assert "Evil\\x1b[31mRed" in shown
    assert "Quiet\\x1b]0;pwned\\x07Corp" in shown
    assert "Csi\\x9b31mCo" in shown
    assert MARKUP in shown


@pytest.mark.parametrize("view", VIEWS)
def test_views_on_a_terminal_write_control_characters_out(
    hostile: Cli, terminal: None, view: tuple[str, ...]
) -> None:
    shown = hostile.ok(*view).stdout
    assert "\x1b[1m" in shown  # rich's own bold: this is a colour terminal
    assert "\x1b]0;" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "\x1b[31m" not in shown  # no red: neither the data's ESC nor "[red]" markup
    assert "\\x1b[31m" in shown or "\\x1b]0;pwned\\x07" in shown


def test_rich_markup_in_data_is_shown_literally_on_a_terminal(hostile: Cli, terminal: None) -> None:
    assert "[red]x[/red] [bold" in hostile.ok("lead", "list").stdout
    assert "[red]x[/red] [bold" in hostile.ok("lead", "show", "4").stdout
    assert "[red]x[/red] [bold" in hostile.ok("account", "show", "4").stdout


def test_emoji_codes_in_data_are_shown_as_typed_on_a_terminal(cli: Cli, terminal: None) -> None:
    cli.ok("account", "add", "Acme :warning: Corp")
    assert "Acme :warning: Corp" in cli.ok("account", "list").stdout
    assert "Acme :warning: Corp" in cli.ok("account", "show", "1").stdout


def test_a_handover_report_shows_links_in_data_as_text(
    cli: Cli, terminal: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name written as a Markdown link must not become a live link, in the report's
    file or on the terminal (where rich would make it an OSC 8 hyperlink)."""
    monkeypatch.setattr(handover_views, "stdout_is_terminal", lambda: True)
    bait = "[Pay here](https://evil.example/pay) <https://evil.example> *now*"
    cli.ok("account", "add", bait, "--status", "customer")
    report = tmp_path / "report.md"
    shown = cli.ok(
        "handover", "run", "--from", "alice", "--to", "bob", "--yes", "--report", str(report),
        rep="maria",
    ).stdout  # fmt: skip
    assert "\x1b]8;" not in shown  # no hyperlink escape
    assert "[Pay here](https://evil.example/pay)" in shown  # the name, as typed
    written = report.read_text(encoding="utf-8")
    assert r"\[Pay here\](https://evil.example/pay) \<https://evil.example\> \*now\*" in written


def test_json_and_csv_keep_the_exact_values(hostile: Cli) -> None:
    listed = json.loads(hostile.ok("lead", "list", "--json").stdout)
    assert [lead["name"] for lead in listed] == [RECOLOUR, RETITLE, C1, MARKUP]
    raw_json = hostile.ok("lead", "list", "--json").stdout
    assert "\x9b" not in raw_json and "\\u009b" in raw_json  # C1 escaped as JSON does C0
    shown = json.loads(hostile.ok("account", "show", "2", "--json").stdout)
    assert shown["account"]["name"] == RETITLE
    exported = hostile.ok("lead", "list", "--csv").stdout
    assert RECOLOUR in exported and RETITLE in exported


def test_an_svg_picture_holds_no_control_character(tmp_path: Path) -> None:
    # --svg draws a view through the same emitters into a recording console.
    picture = tmp_path / "view.svg"
    output.save_svg(
        picture,
        lambda: output.emit_table(
            [output.Col("Name", str)], [RECOLOUR, MARKUP], title=RETITLE, empty=""
        ),
        title="view",
    )
    drawn = picture.read_text()
    assert "\x1b" not in drawn and "\x07" not in drawn
    assert "Evil\\x1b[31mRed" in drawn.replace("&#160;", " ")


def test_messages_on_stderr_write_control_characters_out(hostile: Cli) -> None:
    result = hostile("lead", "show", "Evil\x1b")
    # A typed ESC is refused before anything runs.
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr


# ---------------------------------------------------------------------------------------
# Refused on input: typed or imported


@pytest.mark.parametrize("name", [RECOLOUR, RETITLE, C1, "nul\x00byte", "del\x7f"])
def test_a_typed_control_character_is_refused_and_nothing_is_stored(cli: Cli, name: str) -> None:
    result = cli("lead", "add", name, "--company", "Acme")
    assert result.exit_code == 2
    at = control_problem(name)
    assert result.stderr == (
        f"error: argument 9 {visible(at or '')}\n"
        "hint: type it without control characters: only tab and line breaks are kept\n"
    )
    assert stored(cli.db, "lead") == []


def test_the_refusal_names_the_option_the_value_followed(cli: Cli) -> None:
    result = cli("account", "add", "Acme", "--industry", "x\x1b[2Jy")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: argument 11 (after --industry) contains a control character (\\x1b) at character 2\n"
    )
    email = cli("rep", "add", "carl", "--name", "Carl", "--email", "carl\x1b[31m@example.com")
    assert email.exit_code == 2 and "\x1b" not in email.stderr
    assert stored(cli.db, "account") == []


def test_tabs_and_line_breaks_are_text(cli: Cli) -> None:
    cli.ok("lead", "add", "Wang Wei", "--note", "first\tline\r\nsecond line\nthird")
    note = json.loads(cli.ok("lead", "show", "1", "--json").stdout)["lead"]["note"]
    assert note == "first\tline\r\nsecond line\nthird"


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        (RECOLOUR, "contains a control character (\\x1b) at character 5"),
        (RETITLE, "contains a control character (\\x1b) at character 6"),
        ("Wang\x00Wei", "contains a control character (\\x00) at character 5"),
    ],
)
def test_an_imported_control_character_is_refused_naming_line_and_column(
    cli: Cli, tmp_path: Path, cell: str, problem: str
) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text(f"name,company\nGood,Acme\n{cell},Acme\n", encoding="utf-8", newline="")
    result = cli("lead", "import", str(sheet))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"line 3: name: {visible(problem)}\n")
    assert "\x1b" not in result.stderr and "\x00" not in result.stderr
    assert stored(cli.db, "lead") == []


def test_a_control_character_in_an_ignored_column_does_not_matter(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text("name,junk\nWang Wei,\x1b[31m\n", encoding="utf-8")
    cli.ok("lead", "import", str(sheet))
    assert stored(cli.db, "lead") == [("Wang Wei",)]


def test_visible_writes_out_each_control_character_and_keeps_text() -> None:
    assert visible("a\x1b[31mb\x07c\x9bd\x7fe\x00") == "a\\x1b[31mb\\x07c\\x9bd\\x7fe\\x00"
    assert visible("tab\there\nline\r\nend") == "tab\there\nline\r\nend"
    assert visible("over\rwrite") == "over\\x0dwrite"
    assert visible("王伟 [red]") == "王伟 [red]"
    assert control_problem("line\r\nbreak\tand tab") is None


def test_a_short_row_with_a_control_character_is_reported_not_a_crash(
    cli: Cli, tmp_path: Path
) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text("junk,name,company\n\x1b[31m\n", encoding="utf-8")
    result = cli("lead", "import", str(sheet))
    assert result.exit_code == 1
    assert "line 2: name: is required" in result.stderr
