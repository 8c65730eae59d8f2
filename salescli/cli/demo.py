"""`salescli demo`: a realistic book in a throwaway database, and a tour of it."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from salescli.cli.context import state
from salescli.cli.options import JsonOpt
from salescli.render import views
from salescli.render.output import emit_json, emit_section
from salescli.services import accounts, leads, reps
from salescli.services import demo as demo_service
from salescli.services.session import Session, open_session


def demo(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="New database file to fill (default: a fresh temporary one)."),
    ] = None,
    size: Annotated[
        int,
        typer.Option(
            "--size",
            min=1,
            max=100_000,
            help="Accounts to create (converted leads add a few more); twice as many leads.",
        ),
    ] = 30,
    json: JsonOpt = False,
) -> None:
    """Fill a new database with a realistic book (never your own) and tour it.

    Example: salescli demo --db /tmp/demo.db --size 50
    """
    app_state = state(ctx)
    explicit = db or (Path(app_state.db_option) if app_state.db_option else None)
    path = explicit or Path(tempfile.mkdtemp(prefix="salescli-demo-")) / "demo.db"
    with open_session(path, today=app_state.today, acting_handle=None) as session:
        book = demo_service.build_demo(session, size=size)
        if json:
            emit_json({"path": str(path), **emit_ready(book)})
            return
        session.act_as(book.tour_rep)
        _tour(session, path, book, app_state.today)


def emit_ready(book: demo_service.DemoBook) -> dict[str, object]:
    return {key: getattr(book, key) for key in book.__dataclass_fields__}


def _tour(session: Session, path: Path, book: demo_service.DemoBook, today: date) -> None:
    typer.echo(
        f"Demo book at {path}: {book.reps} reps, {book.accounts} accounts,"
        f" {book.contacts} contacts, {book.leads} leads (today is {today})."
    )
    emit_section("The team: salescli rep list")
    views.reps_table(reps.list_reps(session))
    emit_section(
        f"{book.tour_rep}'s leads needing action: salescli --as {book.tour_rep} lead list --due"
    )
    views.leads_table(leads.list_leads(session, due=True), today)
    emit_section(f"One account: salescli account show {book.sample_account_id}")
    views.account_detail(accounts.show_account(session, ref=str(book.sample_account_id)))
    emit_section("Try it yourself")
    typer.echo(f"  export SALESCLI_DB={path} SALESCLI_REP={book.tour_rep} SALESCLI_TODAY={today}")
    typer.echo("  salescli lead list --all        # every open lead")
    typer.echo(f"  salescli lead show {book.sample_lead_id}             # a lead's story")
    typer.echo("  salescli account list --search Shanghai")


app = typer.Typer(add_completion=False)
app.command("demo")(demo)
