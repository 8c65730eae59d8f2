"""`salescli lead`: prospects from first contact to conversion."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated

import typer

from salescli.cli import prompts
from salescli.cli.context import state
from salescli.cli.options import (
    RECORD_ID,
    AllOpt,
    AmountOpt,
    AssignOpt,
    CampaignOpt,
    CompanyOpt,
    CsvOpt,
    DateFormatOpt,
    DecimalOpt,
    DryRunOpt,
    EditAmountOpt,
    EditNextOpt,
    EmailOpt,
    EncodingOpt,
    ExcelOpt,
    ExportFile,
    FileCurrencyOpt,
    ImportFile,
    JsonOpt,
    MapOpt,
    NameOpt,
    NextOpt,
    NoteOpt,
    OwnerOpt,
    PhoneOpt,
    RateOpt,
    SearchOpt,
    TitleOpt,
    ValueMapFileOpt,
    ValueMapOpt,
    choice_flag,
    parse_amount_option,
    parse_date_option,
    yes_no_answer,
)
from salescli.cli.transfer import run_export, run_import
from salescli.models.enums import LeadSource, LeadStatus
from salescli.models.records import Lead
from salescli.render import views
from salescli.render.output import done, emit, emit_list
from salescli.services.leads import leads

app = typer.Typer(
    help="Leads: prospects from first contact to conversion.",
    no_args_is_help=True,
    add_completion=False,
)
LeadId = Annotated[int, typer.Argument(metavar="ID", click_type=RECORD_ID, help="The lead's id.")]
SourceOpt = Annotated[
    LeadSource | None,
    choice_flag(
        LeadSource,
        "--source",
        what="lead source",
        metavar="SOURCE",
        text="Where the lead came from",
    ),
]


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="The person's name.")] = None,
    company: CompanyOpt = None,
    title: TitleOpt = None,
    phone: PhoneOpt = None,
    email: EmailOpt = None,
    source: SourceOpt = None,
    referred_by: Annotated[
        str | None, typer.Option("--referred-by", metavar="TEXT", help="Who sent them to you.")
    ] = None,
    budget: AmountOpt = None,
    need: Annotated[
        str | None, typer.Option("--need", metavar="TEXT", help="What they need.")
    ] = None,
    next_: NextOpt = None,
    note: NoteOpt = None,
    owner: AssignOpt = None,
    campaign: CampaignOpt = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Add it even if a lead or contact has its phone or email."),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Add a lead (yours unless --owner says otherwise); a lead or contact with the same
    phone or email is named, and the lead added only on confirmation or with --force.

    Example: salescli lead add "Wang Wei" --company 华为 --source referral --referred-by "Li Na" --next fri
    """
    lead_name = prompts.require(name, label="Lead name", flag="the NAME argument")
    with state(ctx).session() as session:
        from salescli.cli.cleanup import allow_look_alikes

        force = allow_look_alikes(
            session, phone=phone, email=email, what=f"lead {lead_name}", force=force
        )
        lead = leads.add_lead(
            session,
            force=force,
            name=lead_name,
            company=company,
            title=title,
            phone=phone,
            email=email,
            source=source,
            referred_by=referred_by,
            budget=budget,
            need=need,
            next_action=next_,
            note=note,
            owner=owner,
            campaign=campaign,
        )
    when = views.next_action_note(lead) if lead.next_action else ""
    done(f"added lead {lead.id}: {lead.name}{when}", lead, as_json=json)


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="new|contacted|qualified|converted|disqualified|all",
            help="Any one status, or all (default: the open ones).",
        ),
    ] = None,
    source: SourceOpt = None,
    due: Annotated[bool, typer.Option("--due", help="Next action today or overdue.")] = False,
    search: SearchOpt = None,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """List your open leads (or --owner's, or --all); --due for what needs action now.

    Example: salescli lead list --all --status all --search 华联
    """
    app_state = state(ctx)
    with app_state.session(create=False) as session:
        found = leads.list_leads(
            session,
            status=status,
            source=source,
            due=due,
            owner=owner,
            everyone=all_,
            search=search,
        )
    emit_list(
        found,
        as_json=json,
        as_csv=csv,
        human=lambda: views.leads_table(found, app_state.today),
        record_type=Lead,
    )


@app.command("show")
def show(ctx: typer.Context, lead_id: LeadId, json: JsonOpt = False) -> None:
    """Show a lead with its MAN answers and every recorded touch.

    Example: salescli lead show 42
    """
    with state(ctx).session(create=False) as session:
        detail = leads.show_lead(session, lead_id=lead_id)
    emit(detail, as_json=json, human=lambda: views.lead_detail(detail))


@app.command("edit")
def edit(
    ctx: typer.Context,
    lead_id: LeadId,
    name: NameOpt = None,
    company: CompanyOpt = None,
    title: TitleOpt = None,
    phone: PhoneOpt = None,
    email: EmailOpt = None,
    source: SourceOpt = None,
    referred_by: Annotated[
        str | None, typer.Option("--referred-by", metavar="TEXT", help="Who sent them to you.")
    ] = None,
    budget: EditAmountOpt = None,
    need: Annotated[str | None, typer.Option("--need", metavar="TEXT")] = None,
    next_: EditNextOpt = None,
    note: NoteOpt = None,
    owner: AssignOpt = None,
    status: Annotated[
        LeadStatus | None,
        choice_flag(
            LeadStatus,
            "--status",
            what="lead status",
            metavar="STATUS",
            text="new or contacted (e.g. to reopen a lead).",
            listed=False,
        ),
    ] = None,
    campaign: CampaignOpt = None,
    json: JsonOpt = False,
) -> None:
    """Change a lead's fields; an empty value ("") clears a field.

    Example: salescli lead edit 42 --phone "+86 139 1234 5678" --next +1w
    """
    with state(ctx).session() as session:
        lead = leads.edit_lead(
            session,
            lead_id=lead_id,
            name=name,
            company=company,
            title=title,
            phone=phone,
            email=email,
            source=source,
            referred_by=referred_by,
            budget=budget,
            need=need,
            next_action=next_,
            note=note,
            owner=owner,
            status=status,
            campaign=campaign,
        )
    done(f"lead {lead.id}: {lead.name} saved", lead, as_json=json)


@app.command("touch")
def touch(
    ctx: typer.Context,
    lead_id: LeadId,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="What happened.")
    ] = None,
    next_: NextOpt = None,
    json: JsonOpt = False,
) -> None:
    """Record a contact with a lead; a new lead becomes contacted.

    Example: salescli lead touch 42 --note "called, wants a demo" --next +3d
    """
    text = prompts.require(
        note, label="What happened", flag="--note TEXT", what="a note of what happened"
    )
    with state(ctx).session() as session:
        lead = leads.touch_lead(session, lead_id=lead_id, note=text, next_action=next_)
    done(
        f"lead {lead.id}: touch recorded, now {lead.status}{views.next_action_note(lead)}",
        lead,
        as_json=json,
    )


@app.command("qualify")
def qualify(
    ctx: typer.Context,
    lead_id: LeadId,
    money: Annotated[
        str | None, typer.Option("--money", metavar="yes|no", help="Can they pay?")
    ] = None,
    authority: Annotated[
        str | None, typer.Option("--authority", metavar="yes|no", help="Can they decide?")
    ] = None,
    need: Annotated[
        str | None, typer.Option("--need", metavar="yes|no", help="Do they need it?")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Record MAN qualification; qualified only when money, authority and need are all yes.

    Example: salescli lead qualify 42 --money yes --authority yes --need yes
    """
    with state(ctx).session() as session:
        result = leads.qualify_lead(
            session,
            lead_id=lead_id,
            money_ok=yes_no_answer(money, flag="--money"),
            authority_ok=yes_no_answer(authority, flag="--authority"),
            need_ok=yes_no_answer(need, flag="--need"),
        )
    done(views.qualification_message(result), result, as_json=json)


@app.command("disqualify")
def disqualify(
    ctx: typer.Context,
    lead_id: LeadId,
    reason: Annotated[str | None, typer.Option("--reason", metavar="TEXT")] = None,
    json: JsonOpt = False,
) -> None:
    """Close a lead as not worth pursuing, saying why.

    Example: salescli lead disqualify 42 --reason "no budget until 2028"
    """
    text = prompts.require(reason, label="Reason", flag="--reason TEXT")
    with state(ctx).session() as session:
        lead = leads.disqualify_lead(session, lead_id=lead_id, reason=text)
    done(f"lead {lead.id} disqualified: {lead.disqualify_reason}", lead, as_json=json)


@app.command("convert")
def convert(
    ctx: typer.Context,
    lead_id: LeadId,
    force: Annotated[bool, typer.Option("--force", help="Convert even if not qualified.")] = False,
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="TEXT", help="The deal's name (default: the lead's need)."),
    ] = None,
    amount: Annotated[
        Decimal | None,
        typer.Option(
            "--amount",
            parser=parse_amount_option,
            metavar="AMOUNT",
            help="The deal's amount (default: the lead's budget).",
        ),
    ] = None,
    close: Annotated[
        date | None,
        typer.Option(
            "--close",
            parser=parse_date_option,
            metavar="DATE",
            help="Expected close date (default: today plus the funnel's expected duration).",
        ),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option("--stage", metavar="KEY", help="The deal's first stage (default: the first)."),
    ] = None,
    no_opportunity: Annotated[
        bool, typer.Option("--no-opportunity", help="Do not open a deal with the account.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Turn a qualified lead into an account (matched by company name, or new), a contact,
    and an opportunity with that account.

    Example: salescli lead convert 42 --amount 250000 --close 2027-03-31
    """
    from salescli.services.leads.convert import convert_lead

    with state(ctx).session() as session:
        result = convert_lead(
            session,
            lead_id=lead_id,
            force=force,
            open_opportunity=not no_opportunity,
            opportunity_name=name,
            amount=amount,
            close_date=close,
            stage=stage,
        )
    done(views.conversion_message(result), result, as_json=json)


class LeadConflict(str, Enum):
    UPDATE = "update"
    SKIP = "skip"
    ERROR = "error"
    ADD = "add"


@app.command("import")
def import_(
    ctx: typer.Context,
    file: ImportFile,
    map_: MapOpt = None,
    on_conflict: Annotated[
        LeadConflict,
        typer.Option(
            "--on-conflict",
            case_sensitive=False,
            help="A row whose id or external_id exists: update it, skip it, or refuse the"
            " file. A new row with an existing lead's phone or email is skipped and"
            " reported (update, skip), refused (error) or added (add).",
        ),
    ] = LeadConflict.UPDATE,
    dry_run: DryRunOpt = False,
    encoding: EncodingOpt = None,
    date_format: DateFormatOpt = None,
    value_map: ValueMapOpt = None,
    value_map_file: ValueMapFileOpt = None,
    decimal: DecimalOpt = None,
    rate: RateOpt = None,
    currency: FileCurrencyOpt = None,
    json: JsonOpt = False,
) -> None:
    """Import leads from CSV; rows match existing leads by id or external_id, and rows
    that look like existing leads (same phone or email) are skipped unless --on-conflict
    add.

    Example: salescli lead import expo-2026.csv --map "Visitor=name" --dry-run
    """
    from salescli.services.leads import leads_csv as csv_leads

    run_import(
        ctx,
        csv_leads.import_leads,
        what="leads",
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
        file_currency=currency,
    )


@app.command("export")
def export(
    ctx: typer.Context,
    file: ExportFile = None,
    owner: OwnerOpt = None,
    status: Annotated[
        LeadStatus | None,
        choice_flag(
            LeadStatus, "--status", what="lead status", metavar="STATUS", text="Only this status"
        ),
    ] = None,
    excel: ExcelOpt = False,
) -> None:
    """Export leads as CSV (every lead, or --owner's, or one --status).

    Example: salescli lead export leads.csv --excel
    """
    from salescli.services.leads import leads_csv as csv_leads

    run_export(
        ctx,
        lambda session: csv_leads.export_leads(session, owner=owner, status=status),
        what="leads",
        file=file,
        excel=excel,
    )


@app.command("delete")
def delete(
    ctx: typer.Context,
    lead_id: LeadId,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (needed off a terminal).")] = False,
    json: JsonOpt = False,
) -> None:
    """Delete a lead entered by mistake, with its touches; 'salescli undo' puts it back.

    Example: salescli lead delete 42 --yes
    """
    from salescli.cli.cleanup import deleting
    from salescli.services.cleanup.delete import delete_lead

    deleting(
        ctx,
        f"Delete lead {lead_id}?",
        lambda session: delete_lead(session, lead_id=lead_id),
        yes=yes,
        as_json=json,
    )
