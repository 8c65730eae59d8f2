"""`salescli campaign`: marketing campaigns, their approval, costs and results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import typer

from salescli.cli import prompts
from salescli.cli.context import state
from salescli.cli.options import (
    AllOpt,
    AssignOpt,
    CsvOpt,
    DryRunOpt,
    EditAmountOpt,
    EncodingOpt,
    ExcelOpt,
    ExportFile,
    ImportFile,
    JsonOpt,
    MapOpt,
    NameOpt,
    NoteOpt,
    OnConflict,
    OnConflictOpt,
    OwnerOpt,
    RegionOpt,
    WholeNumber,
    choice_flag,
    parse_amount_option,
    parse_date_option,
)
from salescli.cli.transfer import run_export, run_import
from salescli.models.enums import CampaignType
from salescli.models.records import Campaign
from salescli.render import marketing_views as views
from salescli.render.output import done, emit, emit_list
from salescli.services.marketing import campaigns

app = typer.Typer(
    help="Campaigns: budget, approval, costs, attendance and what they brought.",
    no_args_is_help=True,
    add_completion=False,
)
CampaignRef = Annotated[
    str, typer.Argument(metavar="CAMPAIGN", help="The campaign's id or name (or its start).")
]
TypeOpt = Annotated[
    CampaignType | None,
    choice_flag(CampaignType, "--type", what="campaign type", metavar="TYPE", text="The kind"),
]
StartOpt = Annotated[
    date | None,
    typer.Option("--start", parser=parse_date_option, metavar="DATE", help="First day."),
]
EndOpt = Annotated[
    date | None, typer.Option("--end", parser=parse_date_option, metavar="DATE", help="Last day.")
]
BudgetOpt = Annotated[
    Decimal | None,
    typer.Option(
        "--budget", parser=parse_amount_option, metavar="AMOUNT", help="What it may spend."
    ),
]


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="The campaign's name.")] = None,
    kind: TypeOpt = None,
    region: RegionOpt = None,
    start: StartOpt = None,
    end: EndOpt = None,
    budget: BudgetOpt = None,
    owner: AssignOpt = None,
    note: NoteOpt = None,
    json: JsonOpt = False,
) -> None:
    """Plan a campaign with its budget; a manager approves it with 'campaign approve'.

    Example: salescli campaign add "Hannover Messe 2027" --type 展会 --region 华东 --start 2027-04-12 --end 2027-04-16 --budget 80000
    """
    campaign_name = prompts.require(name, label="Campaign name", flag="the NAME argument")
    with state(ctx).session() as session:
        campaign = campaigns.add_campaign(
            session,
            name=campaign_name,
            kind=kind or CampaignType.OTHER,
            region=region,
            start=start,
            end=end,
            budget=budget,
            owner=owner,
            note=note,
        )
    done(f"added campaign {campaign.id}: {campaign.name} (planned)", campaign, as_json=json)


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: CampaignRef,
    name: NameOpt = None,
    kind: TypeOpt = None,
    region: RegionOpt = None,
    start: StartOpt = None,
    end: EndOpt = None,
    budget: EditAmountOpt = None,
    owner: AssignOpt = None,
    note: NoteOpt = None,
    json: JsonOpt = False,
) -> None:
    """Change a campaign's plan; the budget only while it is planned.

    Example: salescli campaign edit 3 --end 2027-04-17 --note "hall 7, stand B12"
    """
    with state(ctx).session() as session:
        campaign = campaigns.edit_campaign(
            session,
            ref=ref,
            name=name,
            kind=kind,
            region=region,
            start=start,
            end=end,
            budget=budget,
            owner=owner,
            note=note,
        )
    done(f"campaign {campaign.id}: {campaign.name} saved", campaign, as_json=json)


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="planned|approved|running|completed|cancelled|all",
            help="Any one status, or all (default: those not over).",
        ),
    ] = None,
    kind: TypeOpt = None,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """List your campaigns that are not over (or --owner's, or --all), with budget and cost.

    Example: salescli campaign list --all --status all
    """
    with state(ctx).session(create=False) as session:
        found = campaigns.list_campaigns(
            session, status=status, kind=kind, owner=owner, everyone=all_
        )
    emit_list(
        found,
        as_json=json,
        as_csv=csv,
        human=lambda: views.campaigns_table(found),
        record_type=Campaign,
    )


@app.command("show")
def show(ctx: typer.Context, ref: CampaignRef, json: JsonOpt = False) -> None:
    """Show a campaign with its costs and the leads, deals and contracts it brought.

    Example: salescli campaign show "Hannover Messe 2027"
    """
    with state(ctx).session(create=False) as session:
        detail = campaigns.show_campaign(session, ref=ref)
    emit(detail, as_json=json, human=lambda: views.campaign_detail(detail))


@app.command("approve")
def approve(ctx: typer.Context, ref: CampaignRef, json: JsonOpt = False) -> None:
    """Approve a planned campaign and its budget (a manager).

    Example: salescli --as maria campaign approve 3
    """
    with state(ctx).session() as session:
        campaign = campaigns.approve_campaign(session, ref=ref)
    done(views.campaign_message(campaign, "approved"), campaign, as_json=json)


@app.command("start")
def start_(ctx: typer.Context, ref: CampaignRef, json: JsonOpt = False) -> None:
    """Mark an approved campaign as running.

    Example: salescli campaign start 3
    """
    with state(ctx).session() as session:
        campaign = campaigns.start_campaign(session, ref=ref)
    done(views.campaign_message(campaign, "started"), campaign, as_json=json)


@app.command("cost")
def cost(
    ctx: typer.Context,
    ref: CampaignRef,
    amount: Annotated[
        Decimal,
        typer.Argument(parser=parse_amount_option, metavar="AMOUNT", help="What it cost."),
    ],
    on: Annotated[
        date | None,
        typer.Option(
            "--on", parser=parse_date_option, metavar="DATE", help="The day (default: today)."
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="What it was.")] = None,
    json: JsonOpt = False,
) -> None:
    """Record an actual cost of a campaign; repeat it for each bill.

    Example: salescli campaign cost 3 24000 --on 2027-03-01 --note "stand rental"
    """
    with state(ctx).session() as session:
        recorded = campaigns.add_cost(session, ref=ref, amount=amount, on=on, note=note)
        campaign = campaigns.get_campaign(session, recorded.campaign_id)
    done(views.cost_message(recorded, campaign), recorded, as_json=json)


@app.command("close")
def close(
    ctx: typer.Context,
    ref: CampaignRef,
    attendance: Annotated[
        int,
        typer.Option(
            "--attendance",
            click_type=WholeNumber(0, what="a count"),
            metavar="N",
            help="How many took part.",
        ),
    ],
    json: JsonOpt = False,
) -> None:
    """Close a campaign that is over, recording how many took part; it becomes completed.

    Example: salescli campaign close 3 --attendance 240
    """
    with state(ctx).session() as session:
        campaign = campaigns.close_campaign(session, ref=ref, attendance=attendance)
    done(views.campaign_message(campaign, "closed"), campaign, as_json=json)


@app.command("cancel")
def cancel(ctx: typer.Context, ref: CampaignRef, json: JsonOpt = False) -> None:
    """Cancel a campaign that has not completed; its costs stay recorded.

    Example: salescli campaign cancel 3
    """
    with state(ctx).session() as session:
        campaign = campaigns.cancel_campaign(session, ref=ref)
    done(views.campaign_message(campaign, "cancelled"), campaign, as_json=json)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: ImportFile,
    map_: MapOpt = None,
    on_conflict: OnConflictOpt = OnConflict.UPDATE,
    dry_run: DryRunOpt = False,
    encoding: EncodingOpt = None,
    json: JsonOpt = False,
) -> None:
    """Import campaigns from CSV (a manager); rows match existing ones by id or external_id.

    Example: salescli --as maria campaign import campaigns-2027.csv --dry-run
    """
    from salescli.services.marketing import campaigns_csv

    run_import(
        ctx,
        campaigns_csv.import_campaigns,
        what="campaigns",
        file=file,
        mapping=map_,
        on_conflict=on_conflict,
        dry_run=dry_run,
        encoding=encoding,
        as_json=json,
    )


@app.command("export")
def export(ctx: typer.Context, file: ExportFile = None, excel: ExcelOpt = False) -> None:
    """Export every campaign as CSV, with its actual cost.

    Example: salescli campaign export campaigns.csv --excel
    """
    from salescli.services.marketing import campaigns_csv

    run_export(ctx, campaigns_csv.export_campaigns, what="campaigns", file=file, excel=excel)
