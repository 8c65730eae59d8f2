"""`salescli init`: a new book and its first rep."""

from __future__ import annotations

from typing import Annotated

import typer

from salescli.cli import prompts
from salescli.cli.context import state
from salescli.cli.options import JsonOpt, choice_flag
from salescli.models.enums import Role
from salescli.render.output import done, warn
from salescli.services.core import reps


def init(
    ctx: typer.Context,
    rep: Annotated[str | None, typer.Option("--rep", metavar="HANDLE", help="Your handle.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Your full name.")] = None,
    email: Annotated[str | None, typer.Option("--email")] = None,
    role: Annotated[
        Role,
        choice_flag(Role, "--role", what="role", metavar="ROLE", text="What they may do"),
    ] = Role.REP,
    set_default: Annotated[
        bool,
        typer.Option(
            "--set-default",
            help="Make this rep (and, with --db, this book) the default for later commands,"
            " replacing the current default.",
        ),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Create the database (if needed) and its first rep, the rep who acts in it.

    The first book you set up gives the default rep, and with --db the default database,
    for later commands. Another book (--db scratch.db) keeps its rep to itself and leaves
    the defaults alone, unless --set-default.

    Example: salescli init --rep alice --name "Alice Chen" --role manager
    """
    handle = prompts.require(rep, label="Handle", flag="--rep HANDLE")
    full_name = prompts.require(name, label="Name", flag="--name NAME")
    app_state = state(ctx)
    with app_state.session() as session:
        created, defaults = reps.initialise(
            session,
            handle=handle,
            name=full_name,
            email=email,
            role=role,
            db_given=app_state.db_option is not None,
            make_default=set_default,
        )
    if (created.name, created.role) != (full_name.strip(), role.value):
        warn(
            f"rep {created.handle} was already in the book as {created.name} ({created.role});"
            " --name and --role left as they are"
        )
    done(
        f"book ready at {app_state.db_path}; acting rep: {created.handle}"
        + ("" if defaults.rep_is_default else " (in this book; the default rep is unchanged)")
        + ("" if defaults.db_is_default else "; not the default book (--set-default makes it so)"),
        created,
        as_json=json,
    )


app = typer.Typer(add_completion=False)
app.command("init")(init)
