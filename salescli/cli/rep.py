"""`salescli rep`: the people who own records."""

from __future__ import annotations

from typing import Annotated

import typer

from salescli.cli import prompts
from salescli.cli.context import state
from salescli.cli.options import (
    CsvOpt,
    DryRunOpt,
    EncodingOpt,
    ExcelOpt,
    ExportFile,
    ImportFile,
    JsonOpt,
    MapOpt,
    OnConflict,
    choice_flag,
)
from salescli.cli.transfer import run_export, run_import
from salescli.models.enums import Role
from salescli.models.records import Rep
from salescli.render import views
from salescli.render.output import done, emit, emit_list
from salescli.services.core import reps

app = typer.Typer(
    help="Reps: add, list, show, edit, deactivate, activate, import, export.",
    no_args_is_help=True,
    add_completion=False,
)
Handle = Annotated[str, typer.Argument(metavar="HANDLE", help="The rep's handle, e.g. alice.")]
ManagerOpt = Annotated[
    str | None,
    typer.Option(
        "--manager", metavar="HANDLE", help='The rep they report to, by handle ("" for nobody).'
    ),
]
RegionOpt = Annotated[
    str | None, typer.Option("--region", help='Their sales region or territory ("" to clear it).')
]


@app.command("add")
def add(
    ctx: typer.Context,
    handle: Handle,
    name: Annotated[str | None, typer.Option("--name", help="Full name.")] = None,
    email: Annotated[str | None, typer.Option("--email")] = None,
    role: Annotated[
        Role,
        choice_flag(Role, "--role", what="role", metavar="ROLE", text="What they may do"),
    ] = Role.REP,
    manager: ManagerOpt = None,
    region: RegionOpt = None,
    json: JsonOpt = False,
) -> None:
    """Add a rep.

    Example: salescli rep add bob --name "Bob Li" --email bob@example.com --manager maria
    """
    full_name = prompts.require(name, label="Name", flag="--name NAME")
    with state(ctx).session() as session:
        rep = reps.add_rep(
            session, handle=handle, name=full_name, email=email, role=role, manager=manager,
            region=region,
        )  # fmt: skip
    done(f"added rep {rep.handle} ({rep.name})", rep, as_json=json)


@app.command("list")
def list_(
    ctx: typer.Context,
    active: Annotated[bool, typer.Option("--active", help="Only active reps.")] = False,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """List reps.

    Example: salescli rep list --active
    """
    with state(ctx).session(create=False) as session:
        found = reps.list_reps(session, include_inactive=not active)
    emit_list(
        found,
        as_json=json,
        as_csv=csv,
        human=lambda: views.reps_table(found),
        record_type=Rep,
    )


@app.command("show")
def show(ctx: typer.Context, handle: Handle, json: JsonOpt = False) -> None:
    """Show one rep.

    Example: salescli rep show alice
    """
    with state(ctx).session(create=False) as session:
        rep = reps.get_rep(session, handle)
    emit(rep, as_json=json, human=lambda: views.rep_detail(rep))


@app.command("edit")
def edit(
    ctx: typer.Context,
    handle: Handle,
    name: Annotated[str | None, typer.Option("--name", help="Full name.")] = None,
    email: Annotated[str | None, typer.Option("--email", help='Email, or "" to clear it.')] = None,
    role: Annotated[
        Role | None,
        choice_flag(Role, "--role", what="role", metavar="ROLE", text="What they may do"),
    ] = None,
    manager: ManagerOpt = None,
    region: RegionOpt = None,
    json: JsonOpt = False,
) -> None:
    """Change a rep's name, email, role (a manager may run handovers), manager or region.

    Example: salescli rep edit bob --manager maria --region 华东
    """
    with state(ctx).session() as session:
        rep = reps.edit_rep(
            session, handle=handle, name=name, email=email, role=role, manager=manager,
            region=region,
        )  # fmt: skip
    done(f"rep {rep.handle} saved ({rep.name}, {rep.role})", rep, as_json=json)


@app.command("deactivate")
def deactivate(ctx: typer.Context, handle: Handle, json: JsonOpt = False) -> None:
    """Mark a rep as gone: they keep their history but can own nothing new.

    Example: salescli rep deactivate bob
    """
    with state(ctx).session() as session:
        rep = reps.deactivate_rep(session, handle=handle)
    done(f"deactivated rep {rep.handle}", rep, as_json=json)


@app.command("activate")
def activate(ctx: typer.Context, handle: Handle, json: JsonOpt = False) -> None:
    """Bring a deactivated rep back, able to own records again.

    Example: salescli rep activate bob
    """
    with state(ctx).session() as session:
        rep = reps.activate_rep(session, handle=handle)
    done(f"activated rep {rep.handle}", rep, as_json=json)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: ImportFile,
    map_: MapOpt = None,
    create_missing: Annotated[
        bool,
        typer.Option(
            "--create-missing",
            help="Give a row without a handle the handle of the rep of that name, or one"
            " made from the name (Moses Frase: moses-frase; moses.frase stays).",
        ),
    ] = False,
    dry_run: DryRunOpt = False,
    encoding: EncodingOpt = None,
    json: JsonOpt = False,
) -> None:
    """Import reps from CSV (a manager): handle, name, email, role, manager, region,
    active; rows match reps by handle, a manager is named by handle or full name.

    Example: salescli --as maria rep import team.csv --create-missing --dry-run
    """
    from salescli.services.core import reps_csv

    run_import(
        ctx,
        lambda session, options: reps_csv.import_reps(
            session, options, create_missing=create_missing
        ),
        what="reps",
        file=file,
        mapping=map_,
        on_conflict=OnConflict.UPDATE,
        dry_run=dry_run,
        encoding=encoding,
        as_json=json,
    )


@app.command("export")
def export(ctx: typer.Context, file: ExportFile = None, excel: ExcelOpt = False) -> None:
    """Export every rep as CSV: handle, name, email, role, manager, region, active.

    Example: salescli rep export team.csv
    """
    from salescli.services.core import reps_csv

    run_export(ctx, reps_csv.export_reps, what="reps", file=file, excel=excel)
