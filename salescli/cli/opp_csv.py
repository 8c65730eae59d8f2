"""`salescli opp import` and `opp export`: deals from and to CSV files (another CRM's
pipeline, a spreadsheet and back). Joined into `opp` without a name of its own."""

from __future__ import annotations

from typing import Annotated

import typer

from salescli.cli.options import (
    DateFormatOpt,
    DecimalOpt,
    DryRunOpt,
    EncodingOpt,
    ExcelOpt,
    ExportFile,
    FileCurrencyOpt,
    ImportFile,
    JsonOpt,
    KeepExtraOpt,
    MapOpt,
    OnConflict,
    OnConflictOpt,
    OwnerOpt,
    RateOpt,
    ValueMapFileOpt,
    ValueMapOpt,
)
from salescli.cli.transfer import run_export, run_import

app = typer.Typer(add_completion=False)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: ImportFile,
    map_: MapOpt = None,
    stage_map: Annotated[
        list[str] | None,
        typer.Option(
            "--stage-map",
            metavar="NAME=KEY",
            help="Read the file's stage NAME as our stage KEY (names matching ours need none).",
        ),
    ] = None,
    create_missing: Annotated[
        bool,
        typer.Option(
            "--create-missing",
            help="Add the owners, accounts and contacts the file names but the book lacks.",
        ),
    ] = False,
    on_conflict: OnConflictOpt = OnConflict.UPDATE,
    dry_run: DryRunOpt = False,
    encoding: EncodingOpt = None,
    date_format: DateFormatOpt = None,
    value_map: ValueMapOpt = None,
    value_map_file: ValueMapFileOpt = None,
    decimal: DecimalOpt = None,
    rate: RateOpt = None,
    keep_extra: KeepExtraOpt = False,
    currency: FileCurrencyOpt = None,
    json: JsonOpt = False,
) -> None:
    """Import deals from CSV, e.g. another CRM's pipeline; rows match existing deals by id
    or external_id. Won and lost deals keep their close dates; history starts at the
    created date (or follows the history column of an export).

    Example: salescli opp import pipeline.csv --stage-map "Engaging=proposal" --create-missing
    """
    from functools import partial

    from salescli.services.pipeline.opportunities_import import import_opportunities

    run_import(
        ctx,
        partial(
            import_opportunities,
            create_missing=create_missing,
            stage_map=tuple(stage_map or ()),
        ),
        what="deals",
        file=file,
        mapping=map_,
        on_conflict=on_conflict,
        dry_run=dry_run,
        encoding=encoding,
        as_json=json,
        date_format=date_format,
        value_maps=value_map,
        value_map_file=value_map_file,
        decimal=decimal,
        rates=rate,
        keep_extra=keep_extra,
        file_currency=currency,
    )


@app.command("export")
def export(
    ctx: typer.Context,
    file: ExportFile = None,
    owner: OwnerOpt = None,
    status: Annotated[
        str | None,
        typer.Option("--status", metavar="open|suspended|won|lost", help="Only this status."),
    ] = None,
    excel: ExcelOpt = False,
) -> None:
    """Export deals as CSV with their co-owners and stage history (every deal, or
    --owner's, or one --status); `opp import` reads the file back.

    Example: salescli opp export pipeline.csv --excel
    """
    from salescli.services.pipeline.opportunities_export import export_opportunities

    run_export(
        ctx,
        lambda session: export_opportunities(session, owner=owner, status=status),
        what="deals",
        file=file,
        excel=excel,
    )
