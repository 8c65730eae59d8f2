"""`salescli db`: where the book is, its integrity, its backups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from salescli import config
from salescli.cli.context import state
from salescli.cli.options import JsonOpt
from salescli.errors import Refused, StorageProblem
from salescli.render import views
from salescli.render.cells import counted
from salescli.render.output import done, emit, emit_fields
from salescli.services.core import database

app = typer.Typer(
    help="The database file: path, check, backup.", no_args_is_help=True, add_completion=False
)


@app.command("path")
def path(ctx: typer.Context, json: JsonOpt = False) -> None:
    """Print where the database, config file and backups are (opens nothing).

    Example: salescli db path
    """
    db_path = state(ctx).db_path
    places = {
        "database": str(db_path),
        "config": str(config.config_path()),
        "backups": str(config.backups_dir(db_path)),
    }
    emit(places, as_json=json, human=lambda: emit_fields("salescli files", list(places.items())))


@app.command("check")
def check(ctx: typer.Context, json: JsonOpt = False) -> None:
    """Check the database's integrity and foreign keys; exit 1 if anything is wrong.

    Example: salescli db check
    """
    try:
        with state(ctx).session(create=False) as session:
            report = database.check_database(session)
    except StorageProblem as problem:
        # The book cannot even be opened to be checked (its first pages are damaged):
        # the hint must not send the rep back to this command.
        raise StorageProblem(
            f"{problem.message}; it cannot be opened to be checked",
            hint=database.restore_hint(state(ctx).db_path),
        ) from problem
    emit(report, as_json=json, human=lambda: views.integrity_report(report))
    if not report.ok:
        raise Refused(
            f"{report.path} has {counted(len(report.problems), 'problems')}",
            hint=database.restore_hint(Path(report.path)),
        )


@app.command("backup")
def backup(
    ctx: typer.Context,
    dest: Annotated[
        Path | None,
        typer.Argument(help="File or directory to write (default: backups/ beside the database)."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Copy the database safely while it is in use, readable by you only.

    Example: salescli db backup ~/safe/salescli-2026-11-23.db
    """
    with state(ctx).session(create=False) as session:
        written = database.backup_database(session, destination=dest)
    done(f"backed up to {written.path} ({written.bytes:,} bytes)", written, as_json=json)
