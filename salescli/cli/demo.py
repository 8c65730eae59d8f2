"""`salescli demo`: a realistic book in a throwaway database, and a tour of it."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from salescli.cli.context import state
from salescli.cli.options import JsonOpt, WholeNumber
from salescli.demo import book as demo_service
from salescli.render import views
from salescli.render.output import emit
from salescli.services.core.session import open_session


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
            click_type=WholeNumber(2, 100_000),
            metavar="N",
            help="Accounts to create, besides 20 established customers (converted leads add a few more); twice as many leads (2 to 100000).",
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
    emit(
        views.demo_summary(path, book),
        as_json=json,
        human=lambda: views.demo_tour(path, book, app_state.today, setup=path_setup()),
    )


def path_setup() -> str | None:
    """The command that puts this salescli on the PATH, for the tour's "try it yourself"
    commands to work, or None when `salescli` already runs this one. `make demo` runs
    .venv/bin/salescli, which is not on the PATH of the shell that ran make."""
    scripts = Path(sys.prefix) / "bin"
    found = shutil.which("salescli")
    if found and Path(found).resolve() == (scripts / "salescli").resolve():
        return None
    activate = scripts / "activate"
    if sys.prefix != sys.base_prefix and activate.exists():
        return f"source {_shown(activate)}"
    return f'export PATH="{_shown(scripts)}:$PATH"'


def _shown(path: Path) -> str:
    """A path as a shell reads it back: relative to the current folder when inside it."""
    try:
        relative = path.relative_to(Path.cwd())
    except ValueError:
        return str(path)
    return str(relative)


app = typer.Typer(add_completion=False)
app.command("demo")(demo)
