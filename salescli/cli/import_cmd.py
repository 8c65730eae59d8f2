"""`salescli import`: the imports kept for undo, and undoing one."""

from __future__ import annotations

from typing import Annotated

import typer

from salescli.cli.context import state
from salescli.cli.options import RECORD_ID, CsvOpt, JsonOpt
from salescli.render import undo_views
from salescli.render.output import done, emit_list

app = typer.Typer(help="Imports: list them, undo one.", no_args_is_help=True, add_completion=False)


@app.command("list")
def list_(ctx: typer.Context, json: JsonOpt = False, csv: CsvOpt = False) -> None:
    """List every import with its id: when, who, what, which file, rows created and updated.

    Example: salescli import list
    """
    from salescli.services.core.import_log import list_imports

    with state(ctx).session(create=False) as session:
        runs = list_imports(session)
    emit_list(runs, as_json=json, as_csv=csv, human=lambda: undo_views.import_list(runs))


@app.command("undo")
def undo(
    ctx: typer.Context,
    import_id: Annotated[
        int, typer.Argument(metavar="ID", click_type=RECORD_ID, help="The import's id.")
    ],
    force: Annotated[
        bool,
        typer.Option("--force", help="Undo even though later changes touched its records."),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Remove what an import created and put back what it changed, all at once; refused
    when later changes touched those records (they are listed) unless --force.

    Example: salescli import undo 3
    """
    from salescli.services.core.import_log import undo_import

    with state(ctx).session(create=False) as session:
        result = undo_import(session, import_id, force=force)
    done(undo_views.import_undo_message(result), result, as_json=json)
