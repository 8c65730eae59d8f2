"""The root command: global options, the one error handler, and the command groups."""

from __future__ import annotations

import copy
import functools
import gc
import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup
from typer.models import CommandInfo

from salescli import __version__, config, dates
from salescli.cli import context
from salescli.controls import ALLOWED, control_problem, visible
from salescli.errors import (
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    CsvRejected,
    Interrupted,
    InvalidValue,
    SalesError,
    UsageProblem,
)

DEBUG_ENV = "SALESCLI_DEBUG"


def report(message: str, hint: str | None = None) -> None:
    sys.stderr.write(f"error: {visible(message)}\n")
    if hint:
        sys.stderr.write(f"hint: {visible(hint)}\n")


def refuse_control_characters(arguments: Sequence[str]) -> None:
    """Nothing typed carries a control character into the book (an ESC sequence that
    would recolour or retitle a terminal each time the record is shown, a NUL that cuts
    text short elsewhere); tab and line breaks are text, as in a note."""
    for index, argument in enumerate(arguments):
        problem = control_problem(argument)
        if problem is None:
            continue
        after = arguments[index - 1] if index else ""
        where = f" (after {visible(after)})" if after.startswith("-") else ""
        raise UsageProblem(
            f"argument {index + 1}{where} {problem}",
            hint=f"type it without control characters: only {ALLOWED} are kept",
        )


def negative_number(err: Exception) -> str | None:
    """Click reads a negative number given as an argument (quota set alice 2026-12 -5) as
    an unknown option, and would say "No such option: -5"."""
    from typer._click.exceptions import NoSuchOption

    if isinstance(err, NoSuchOption) and err.option_name[1:2].isdigit():
        return err.option_name
    return None


# Command groups are imported only when invoked, so a command loads its own module and
# services and nothing else (measured: ~20 ms saved on every everyday command).
# Each module defines `app`, a typer.Typer; a single-command module becomes that command.
LAZY_COMMANDS: dict[str, str] = {
    "init": "salescli.cli.setup",
    "demo": "salescli.cli.demo",
    "rep": "salescli.cli.rep",
    "account": "salescli.cli.account",
    "contact": "salescli.cli.contact",
    "lead": "salescli.cli.lead",
    "opp": "salescli.cli.opp",
    "product": "salescli.cli.product",
    "quote": "salescli.cli.quote",
    "contract": "salescli.cli.contract",
    "receivable": "salescli.cli.receivable",
    "report": "salescli.cli.report",
    "forecast": "salescli.cli.forecast",
    "visit": "salescli.cli.visit",
    "campaign": "salescli.cli.campaign",
    "expense": "salescli.cli.expense",
    "remind": "salescli.cli.remind",
    "search": "salescli.cli.search",
    "handover": "salescli.cli.handover",
    "db": "salescli.cli.db_cmd",
    "config": "salescli.cli.config_cmd",
    "import": "salescli.cli.import_cmd",
    "undo": "salescli.cli.undo_cmd",
}


@functools.cache
def _load_command(name: str) -> Any:
    module = importlib.import_module(LAZY_COMMANDS[name])
    from salescli.cli.options import use_sales_command

    use_sales_command(module.app)
    command = _group_command(module.app)
    command.name = name
    _reflow_help(command)
    _loaded()
    return command


def reflow(text: str) -> str:
    """A docstring's paragraphs as single lines, for rich to wrap at the terminal's width:
    the line breaks that keep the source under 99 columns would otherwise show as ragged
    lines in help. A line starting "Example:" stays on its own."""
    import inspect
    import re

    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(re.sub(r"\n(?!Example:)", " ", paragraph) for paragraph in paragraphs)


def _reflow_help(command: Any) -> None:
    """Reflow a command's help, and its subcommands' when typer made them all at once
    (a lazily made group reflows each one as it is made)."""
    if command.help:
        command.help = reflow(command.help)
    subcommands = getattr(command, "commands", None)
    if isinstance(subcommands, dict):
        for subcommand in subcommands.values():
            _reflow_help(subcommand)


def _loaded() -> None:
    """The command is loaded: collect garbage again, except among the objects start-up
    made, which live until exit (main turns the collector off while they are made; a
    test run, which never turned it off, is left alone)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _group_command(group: typer.Typer) -> Any:
    """``typer.main.get_command(group)``, except that a group's subcommands are made when
    first asked for: typer reads every parameter of a command's function to make it (~0.7
    ms a command), and a run uses one of them. Help lists them all, so it makes them all.
    """
    if (
        group._add_completion
        or not (
            group.registered_callback
            or group.info.callback
            or group.registered_groups
            or len(group.registered_commands) > 1
        )
        or any(not isinstance(info.name, str) or not info.name for info in group.registered_groups)
    ):
        return typer.main.get_command(group)  # a single command, or a case typer merges
    shell = copy.copy(group)  # the group alone: its options, callback and help
    shell.registered_commands = []
    shell.registered_groups = []
    command = typer.main.get_group(shell)
    command.commands = _Subcommands(group)
    return command


class _Subcommands(MutableMapping[str, Any]):
    """A typer group's commands and nested groups by name, in the order typer lists them,
    each converted to a click command on first use as typer.main.get_group_from_info
    converts it."""

    def __init__(self, group: typer.Typer) -> None:
        self._group = group
        self._pending: dict[str, Any] = {}
        for info in group.registered_commands:
            assert info.callback is not None
            self._pending[info.name or typer.main.get_command_name(info.callback.__name__)] = info
        for sub in group.registered_groups:
            assert isinstance(sub.name, str)  # _group_command leaves unnamed ones to typer
            self._pending[sub.name] = sub
        self._made: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        made = self._made.get(name)
        if made is None:
            info = self._pending[name]  # KeyError: no such command
            group = self._group
            if isinstance(info, CommandInfo):
                made = typer.main.get_command_from_info(
                    info,
                    pretty_exceptions_short=group.pretty_exceptions_short,
                    rich_markup_mode=group.rich_markup_mode,
                )
            else:
                made = typer.main.get_group_from_info(
                    info,
                    pretty_exceptions_short=group.pretty_exceptions_short,
                    rich_markup_mode=group.rich_markup_mode,
                    suggest_commands=group.suggest_commands,
                )
            _reflow_help(made)
            self._made[name] = made
        return made

    def __setitem__(self, name: str, command: Any) -> None:
        self._pending.setdefault(name, None)
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        del self._pending[name]
        self._made.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._pending)

    def __len__(self) -> int:
        return len(self._pending)


class SalesGroup(TyperGroup):
    """Loads command groups on demand, and translates every error into one line on
    stderr and its exit code."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *LAZY_COMMANDS]

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # click would turn it into a silent exit 130
            raise Interrupted("interrupted") from None
        except BrokenPipeError:
            # The reader stopped early (| head): not a failure (typer would exit 1).
            # Point stdout at /dev/null so the interpreter's final flush stays quiet.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in LAZY_COMMANDS:
            return _load_command(cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        from typer import _click

        extra.pop("standalone_mode", None)
        arguments = list(sys.argv[1:] if args is None else args)
        try:
            refuse_control_characters(arguments)
            result = super().main(
                arguments, prog_name or "salescli", standalone_mode=False, **extra
            )
        except SalesError as err:
            if isinstance(err, CsvRejected):
                if err.ignored_columns:
                    from salescli.render.views import ignored_columns_note

                    sys.stderr.write(
                        f"warning: {visible(ignored_columns_note(err.ignored_columns))}\n"
                    )
                for problem in err.problems:
                    sys.stderr.write(visible(problem) + "\n")
                if err.total > len(err.problems):
                    sys.stderr.write(f"... and {err.total - len(err.problems)} more\n")
                for values in err.unknown_values:
                    sys.stderr.write(f"values not read: {visible(values)}\n")
            report(err.message, err.hint)
            sys.exit(err.exit_code)
        except _click.exceptions.NoArgsIsHelpError:
            sys.exit(EXIT_USAGE)  # the help is already shown; there is no error to add
        except _click.exceptions.UsageError as err:
            command = err.ctx.command_path if err.ctx else "salescli"
            number = negative_number(err)
            if number:
                report(
                    f"{number}: a negative number is not accepted here",
                    "amounts, quotas, ids and counts are never below zero",
                )
            else:
                report(err.format_message(), f"see '{command} --help'")
            sys.exit(EXIT_USAGE)
        except _click.exceptions.ClickException as err:
            report(err.format_message())
            sys.exit(err.exit_code)
        except typer.Abort:
            report("aborted")
            sys.exit(1)
        except KeyboardInterrupt:
            report("interrupted")
            sys.exit(EXIT_INTERRUPTED)
        except Exception as err:
            if os.environ.get(DEBUG_ENV):
                raise
            report(f"unexpected {type(err).__name__}: {err}", f"set {DEBUG_ENV}=1 for details")
            sys.exit(1)
        if isinstance(result, int) and result:
            sys.exit(result)
        return result


app = typer.Typer(
    cls=SalesGroup,
    name="salescli",
    help="A terminal CRM for B2B sales reps: leads, accounts and contacts, deals through the"
    " funnel, visits and calls, forecasts and handovers, in one local file.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"salescli {__version__}")
        raise typer.Exit()


def _today(text: str, source: str) -> Any:
    try:
        return dates.parse_iso_date(text)
    except InvalidValue as err:
        raise UsageProblem(f"{source}: {err.message}") from err


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", metavar="PATH", help="Database file (env SALESCLI_DB).", show_default=False
        ),
    ] = None,
    as_rep: Annotated[
        str | None,
        typer.Option("--as", metavar="HANDLE", help="Act as this rep (env SALESCLI_REP)."),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="YYYY-MM-DD",
            help="Behave as if today were this date (env SALESCLI_TODAY).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """salescli keeps a rep's whole book of business in one local SQLite file.

    Start with: salescli init --rep alice --name "Alice Chen"
    """
    pinned = today or os.environ.get(config.ENV_TODAY)
    source = "--today" if today else config.ENV_TODAY
    state = context.AppState(
        db_option=db,
        rep_option=as_rep,
        today=_today(pinned, source) if pinned else dates.wall_today(),
    )
    context.CURRENT = state
    ctx.obj = state


def run() -> None:
    app()
