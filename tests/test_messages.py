"""Messages and help a rep reads every day: plain words, not click's or typer's defaults."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from salescli.cli import app as root
from salescli.cli.app import app
from tests.conftest import Cli


def test_a_missing_reason_is_named_not_asked(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    cli.ok("opp", "add", "Acme", "Line", "--amount", "100", "--close", "2027-01-31")
    cli.ok("opp", "advance", "1", "--note", "met them")
    result = cli("opp", "back", "1", "--to", "prospect")
    assert result.exit_code == 2
    assert result.stderr == "error: missing why the deal goes back\nhint: give it as --note TEXT\n"


def test_a_negative_amount_is_called_negative_not_an_option(cli: Cli) -> None:
    """The shared amount parser refuses it as bad data (exit 1), and every command's
    parser hands it to that argument instead of calling it an unknown option."""
    result = cli("--as", "maria", "forecast", "quota", "set", "alice", "2026-12", "-500")
    assert (result.exit_code, result.stderr) == (1, "error: an amount cannot be negative (-500)\n")
    cli.ok("account", "add", "Acme")
    for args in (("expense", "add", "-5"), ("expense", "add", "-1,200.50", "--account", "Acme")):
        refused = cli(*args)
        assert refused.exit_code == 1, args
        assert refused.stderr.startswith("error: an amount cannot be negative (-"), args
    # An id below zero is an id refused in words; an unknown option is still one.
    shown = cli("opp", "show", "-3")
    assert (shown.exit_code, shown.stderr.splitlines()[0]) == (
        2,
        "error: Invalid value for 'ID': -3 is not an id: ids are whole numbers from 1",
    )
    assert cli("expense", "add", "-x").stderr.startswith("error: No such option: -x")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("opp", "show", "0"),
            "Invalid value for 'ID': 0 is not an id: ids are whole numbers from 1",
        ),
        (("lead", "show", "x"), "Invalid value for 'ID': 'x' is not an id"),
        *(
            (command, "Invalid value for 'ID': 0 is not an id: ids are whole numbers from 1")
            for command in (("contact", "delete", "0"), ("import", "undo", "0"))
        ),
        (("demo", "--size", "abc"), "Invalid value for '--size': 'abc' is not a whole number"),
        (
            ("forecast", "--months", "61"),
            "Invalid value for '--months': 61 is not in range: give a whole number from 1 to 60",
        ),
    ],
)
def test_numbers_are_refused_in_words(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"error: {message}"
    assert "<=" not in result.stderr
    assert "int range" not in result.stderr


def _help(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    return result.stdout


def test_choices_are_listed_in_words_not_wrapped_mid_word() -> None:
    text = _help("opp", "lose")
    assert "bud" not in text.replace("budget", "")
    assert "budget" in text
    assert "REASON" in text


@pytest.mark.parametrize(
    "command",
    [
        ("lead", "convert"),
        ("opp", "purge"),
        ("opp", "import"),
        ("opp", "export"),
        ("opp", "funnel"),
    ],
)
def test_help_paragraphs_fill_the_width(command: tuple[str, ...]) -> None:
    """At 100 columns a paragraph's lines are filled by rich, not cut where the source
    wrapped: no line of the description ends far short of the width before another."""
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "100"})
    description = result.stdout.split("╭")[0]
    lines = [line.rstrip() for line in description.splitlines() if line.strip()]
    for line, following in itertools.pairwise(lines):
        if not following.lstrip().startswith(
            ("Example:", "Usage:")
        ) and not line.lstrip().startswith("Usage:"):
            assert len(line) + len(following.split()[0]) + 1 > 98, (line, following)


def test_handover_commands_are_listed_in_full_lines() -> None:
    """At 200 columns each command's description fits on a line or two, not the three
    to five lines the source's line breaks made of them."""
    text = CliRunner().invoke(app, ["handover", "--help"], env={"COLUMNS": "200"}).stdout
    panel = text.split("Commands")[1].split("╰")[0].splitlines()[1:]
    assert len(panel) <= 7, "\n".join(panel)


def test_the_top_level_help_names_more_than_leads_accounts_and_contacts() -> None:
    text = " ".join(_help().split())
    for what in ("deals", "visits", "forecasts", "handovers"):
        assert what in text


def test_a_single_revert_says_visit_not_visits() -> None:
    from salescli.render.handover_views import revert_message
    from salescli.services.handover.revert import Reverted

    result = Reverted(
        handover_id=3,
        departing="alice",
        moved_back={"accounts": 1, "deals": 2},
        shares_restored=1,
        visits_removed=1,
        reactivated=False,
        left_alone=[],
    )
    assert revert_message(result) == (
        "handover 3 reverted: moved back 1 account, 2 deals; 1 share restored;"
        " 1 handover visit removed"
    )


def _commands_in_hints() -> list[tuple[str, str]]:
    found = []
    for path in Path(root.__file__).parents[1].rglob("*.py"):
        for match in re.finditer(
            r"""(?<!Example: )['"]salescli ([a-z][^'"{]*?)(?: \.\.\.)?['"]""", path.read_text()
        ):
            found.append((path.name, match.group(1)))
    return found


def test_every_command_a_hint_suggests_exists_with_its_options() -> None:
    """A hint such as 'salescli contact list --account 3' must name a real command and
    real options."""
    hints = _commands_in_hints()
    assert len(hints) > 20
    command_tree = typer.main.get_command(root.app)
    problems = []
    for where, hint in hints:
        words = hint.split()
        current, index = command_tree, 0
        while index < len(words) and hasattr(current, "commands"):
            sub = current.get_command(None, words[index])  # type: ignore[attr-defined, arg-type]
            if sub is None:
                break
            current, index = sub, index + 1
        options = {name for param in current.params for name in param.opts}
        problems += [
            f"{where}: salescli {hint}: {word}"
            for word in words[index:]
            if word.startswith("--") and word.split("=")[0] not in options
        ]
    assert problems == []


def test_contact_not_found_points_to_the_contact_list_of_the_account(cli: Cli) -> None:
    cli.ok("account", "add", "Acme")
    result = cli(
        "opp",
        "add",
        "Acme",
        "Line",
        "--amount",
        "1",
        "--close",
        "2027-01-31",
        "--contact",
        "Nobody",
    )
    assert result.exit_code == 1
    assert "hint: see 'salescli contact list 1'" in result.stderr


def test_ctrl_c_during_an_import_says_nothing_was_imported(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "leads.csv"
    source.write_text("name,company\nWang Wei,Acme\n", encoding="utf-8")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    from salescli.services.leads import leads_csv

    monkeypatch.setattr(leads_csv, "import_leads", interrupted)
    result = cli("lead", "import", str(source))
    assert result.exit_code == 130
    assert result.stderr == "error: interrupted: nothing imported\n"
    assert cli("lead", "list", "--all", "--json").stdout.strip() == "[]"


def test_ctrl_c_elsewhere_is_not_silent(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from salescli.services.leads import leads

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(leads, "list_leads", interrupted)
    result = cli("lead", "list")
    assert result.exit_code == 130
    assert result.stderr == "error: interrupted\n"


@pytest.mark.parametrize(
    ("count", "plural", "shown"),
    [
        (1, "handover visits", "1 handover visit"),
        (2, "handover visits", "2 handover visits"),
        (1, "activities", "1 activity"),
        (0, "records", "0 records"),
        (1, "days", "1 day"),
    ],
)
def test_counts_agree_with_their_nouns(count: int, plural: str, shown: str) -> None:
    from salescli.render.cells import counted

    assert counted(count, plural) == shown


@pytest.mark.parametrize(
    "group", [(), ("opp",), ("lead",), ("handover",), ("account",), ("visit",), ("opp", "stages")]
)
def test_each_command_is_listed_on_one_line_when_the_terminal_is_wide(
    group: tuple[str, ...],
) -> None:
    """Line breaks in a docstring's first paragraph are the source's, not the reader's: at
    300 columns no command's description spills onto a second line."""
    text = CliRunner().invoke(app, [*group, "--help"], env={"COLUMNS": "300"}).stdout
    panel = text.split("─ Commands ─")[1].split("╰")[0].splitlines()[1:]
    continued = [line for line in panel if line.startswith("│" + " " * 6)]
    assert continued == []
