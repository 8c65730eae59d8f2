"""`salescli search`: find accounts, contacts, leads, deals and activity notes."""

from __future__ import annotations

from typing import Annotated

import typer

from salescli.cli.context import state
from salescli.cli.options import JsonOpt
from salescli.render.output import emit
from salescli.render.search_views import search_view
from salescli.services.search import search as searching

TextArg = Annotated[
    list[str],
    typer.Argument(
        metavar="TEXT", help="What to look for: words (all must match) or a phone number."
    ),
]
MineOpt = Annotated[bool, typer.Option("--mine", help="Only your records.")]
OwnerOpt = Annotated[
    str | None, typer.Option("--owner", metavar="HANDLE", help="Only this rep's records.")
]
LimitOpt = Annotated[
    int,
    typer.Option(
        "--limit",
        min=1,
        max=searching.MAX_LIMIT,
        metavar="N",
        help="At most N records of each kind (newest first).",
    ),
]


def search(
    ctx: typer.Context,
    text: TextArg,
    mine: MineOpt = False,
    owner: OwnerOpt = None,
    limit: LimitOpt = searching.DEFAULT_LIMIT,
    json: JsonOpt = False,
) -> None:
    """Find accounts, contacts, leads, deals and notes by name, phone, e-mail or text.

    Searches everyone's book (--mine for yours) by name, phone, e-mail, external id or
    note text: case-insensitive, Chinese or Latin, a phone number whatever its spacing,
    dashes or +86. Results come grouped by kind, each with the command that shows it.
    Quotes are not searched yet: the book has no quotes.

    Exit 0 whether or not anything matches (a note on stderr says when nothing does).

    Example: salescli search 华联 · salescli search "+86 138 0013 8000"
    """
    with state(ctx).session(create=False) as session:
        result = searching.search(session, text=" ".join(text), owner=owner, mine=mine, limit=limit)
    emit(result.hits, as_json=json, human=lambda: search_view(result))


app = typer.Typer(add_completion=False)
app.command("search")(search)
