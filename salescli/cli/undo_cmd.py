"""`salescli undo`: put back your last deletion or merge."""

from __future__ import annotations

from typing import Annotated

import typer

from salescli.cli.context import state
from salescli.cli.options import JsonOpt
from salescli.render import undo_views
from salescli.render.output import done

app = typer.Typer(add_completion=False)


@app.command()
def undo(
    ctx: typer.Context,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Undo even what was changed since (listed), overwriting it and saying so.",
        ),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Put back your last deletion or merge (records deleted with 'delete', merged with
    'merge'); each undo goes one further back. Only what is unchanged since is put back:
    a field or reference changed since is named and the undo refused, unless --force.
    Imports: 'salescli import undo ID'.

    Example: salescli undo
    """
    from salescli.services.cleanup.trash import undo_last

    with state(ctx).session(create=False) as session:
        result = undo_last(session, force=force)
    done(undo_views.change_message(result), result, as_json=json)
