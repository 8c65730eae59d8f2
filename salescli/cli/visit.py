"""`salescli visit`: visits, calls, emails, meetings and messages, planned and done."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from salescli.cli import prompts
from salescli.cli.context import state
from salescli.cli.options import (
    RECORD_ID,
    AllOpt,
    CsvOpt,
    DryRunOpt,
    EncodingOpt,
    ExcelOpt,
    ExportFile,
    ImportFile,
    JsonOpt,
    MapOpt,
    OnConflict,
    OnConflictOpt,
    OwnerOpt,
    WholeNumber,
    choice_option,
    parse_date_option,
    when_option,
)
from salescli.cli.transfer import run_export, run_import
from salescli.models.enums import ActivityType
from salescli.models.records import Activity
from salescli.render import activity_views
from salescli.render.output import done, emit, emit_list, say
from salescli.services.activities import activities

app = typer.Typer(
    help="Visits, calls, emails, meetings and messages: planned, done, on your calendar.",
    no_args_is_help=True,
    add_completion=False,
)

ActivityId = Annotated[
    int, typer.Argument(metavar="ID", click_type=RECORD_ID, help="The activity's id.")
]
AccountArg = Annotated[str | None, typer.Argument(help="The account (id or name).")]
TYPES = "|".join(ActivityType.values())
TypeOpt = Annotated[
    str | None,
    typer.Option("--type", metavar=TYPES, help="What kind of contact (default: visit)."),
]


def _type(text: str | None) -> ActivityType:
    chosen = choice_option(ActivityType, text, flag="--type", what="kind of activity")
    return chosen or ActivityType.VISIT


def _next_type(text: str | None) -> ActivityType | None:
    return choice_option(ActivityType, text, flag="--next-type", what="kind of activity")


OppOpt = Annotated[
    int | None,
    typer.Option("--opp", metavar="ID", click_type=RECORD_ID, help="The deal it is about."),
]
ContactOpt = Annotated[
    str | None,
    typer.Option("--contact", metavar="NAME", help="The person at the account (name or id)."),
]
OutcomeOpt = Annotated[
    str | None, typer.Option("--outcome", metavar="TEXT", help="What came of it.")
]
NextOpt = Annotated[
    str | None, typer.Option("--next", metavar="TEXT", help="The next step (needs --next-date).")
]
NextTypeOpt = Annotated[
    str | None,
    typer.Option(
        "--next-type",
        metavar=TYPES,
        help="What kind of follow-up --next-date plans (default: the same kind).",
    ),
]
NextWhenOpt = Annotated[
    str | None,
    typer.Option(
        "--next-date",
        metavar="WHEN",
        help="Plan the follow-up then: a date, or a date and time (fri 10:00).",
    ),
]


@app.command("plan")
def plan(
    ctx: typer.Context,
    account: AccountArg = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", metavar="WHEN", help="A date, or a date and time: 2026-12-01 10:30, fri 9am."
        ),
    ] = None,
    type_: TypeOpt = None,
    opp: OppOpt = None,
    contact: ContactOpt = None,
    purpose: Annotated[
        str | None, typer.Option("--purpose", metavar="TEXT", help="What it is for.")
    ] = None,
    objective: Annotated[
        str | None, typer.Option("--objective", metavar="TEXT", help="The main objective.")
    ] = None,
    min_objective: Annotated[
        str | None,
        typer.Option("--min-objective", metavar="TEXT", help="The least to come away with."),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="HANDLE", help="Who goes (default: you).")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Plan a visit (or --type call, meeting...) with an account, with its objectives.

    Example: salescli visit plan Huawei --at "fri 10:00" --opp 42 --contact "Wang Wei" --objective "agree pilot scope" --min-objective "meet the CTO"
    """
    when_text = prompts.require(
        at, label="When (date, or date and time)", flag="--at WHEN", what="when it is"
    )
    chosen = when_option(when_text, flag="--at")
    assert chosen is not None
    with state(ctx).session() as session:
        activity = activities.plan_activity(
            session,
            account=account,
            at=chosen,
            activity_type=_type(type_),
            opportunity=opp,
            contact=contact,
            purpose=purpose,
            objective=objective,
            min_objective=min_objective,
            owner=owner,
        )
    done(activity_views.planned_message(activity), activity, as_json=json)


@app.command("log")
def log(
    ctx: typer.Context,
    account: AccountArg = None,
    outcome: OutcomeOpt = None,
    type_: TypeOpt = None,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="WHEN", help="When it happened (default: now)."),
    ] = None,
    opp: OppOpt = None,
    contact: ContactOpt = None,
    next_: NextOpt = None,
    next_date: NextWhenOpt = None,
    next_type: NextTypeOpt = None,
    json: JsonOpt = False,
) -> None:
    """Record a contact that happened; with --next-date its follow-up is planned at once.

    Example: salescli visit log Huawei --type call --outcome "budget approved" --opp 42 --next "send contract" --next-date "+2d 10:00"
    """
    text = prompts.require(
        outcome, label="What came of it", flag="--outcome TEXT", what="the outcome"
    )
    with state(ctx).session() as session:
        logged = activities.log_activity(
            session,
            account=account,
            outcome=text,
            activity_type=_type(type_),
            at=when_option(at, flag="--at", past=True),
            opportunity=opp,
            contact=contact,
            next_step=next_,
            next_at=when_option(next_date, flag="--next-date"),
            next_type=_next_type(next_type),
        )
    done(activity_views.logged_message(logged, verb="logged"), logged, as_json=json)


@app.command("done")
def done_(
    ctx: typer.Context,
    activity_id: ActivityId,
    outcome: OutcomeOpt = None,
    next_: NextOpt = None,
    next_date: NextWhenOpt = None,
    next_type: NextTypeOpt = None,
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="WHEN", help="When it happened (default: now)."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Mark a planned activity done, with its outcome and the next step.

    Example: salescli visit done 12 --outcome "pilot agreed for January" --next "send SOW" --next-date "mon 9:00" --next-type call
    """
    text = prompts.require(
        outcome, label="What came of it", flag="--outcome TEXT", what="the outcome"
    )
    with state(ctx).session() as session:
        logged = activities.complete_activity(
            session,
            activity_id=activity_id,
            outcome=text,
            next_step=next_,
            next_at=when_option(next_date, flag="--next-date"),
            at=when_option(at, flag="--at", past=True),
            next_type=_next_type(next_type),
        )
    done(activity_views.logged_message(logged, verb="done"), logged, as_json=json)


@app.command("cancel")
def cancel(
    ctx: typer.Context,
    activity_id: ActivityId,
    reason: Annotated[str | None, typer.Option("--reason", metavar="TEXT")] = None,
    json: JsonOpt = False,
) -> None:
    """Cancel a planned activity.

    Example: salescli visit cancel 12 --reason "customer postponed to January"
    """
    with state(ctx).session() as session:
        activity = activities.cancel_activity(session, activity_id=activity_id, reason=reason)
    done(f"{activity.type} {activity.id} with {activity.account} cancelled", activity, as_json=json)


@app.command("move")
def move(
    ctx: typer.Context,
    activity_id: ActivityId,
    at: Annotated[str, typer.Option("--at", metavar="WHEN", help="The new date (and time).")],
    json: JsonOpt = False,
) -> None:
    """Move a planned activity to another day or time.

    Example: salescli visit move 12 --at "2026-12-03 14:00"
    """
    chosen = when_option(at, flag="--at")
    assert chosen is not None
    with state(ctx).session() as session:
        activity = activities.move_activity(session, activity_id=activity_id, at=chosen)
    done(
        f"{activity.type} {activity.id} moved to {activity_views.when(activity)}",
        activity,
        as_json=json,
    )


@app.command("show")
def show(ctx: typer.Context, activity_id: ActivityId, json: JsonOpt = False) -> None:
    """Show one activity in full.

    Example: salescli visit show 12
    """
    with state(ctx).session(create=False) as session:
        activity = activities.get_activity(session, activity_id)
    emit(activity, as_json=json, human=lambda: activity_views.activity_detail(activity))


@app.command("list")
def list_(
    ctx: typer.Context,
    upcoming: Annotated[
        int | None,
        typer.Option(
            "--upcoming",
            metavar="DAYS",
            click_type=WholeNumber(0, 3660),
            help="Planned from today to DAYS ahead.",
        ),
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Planned, past their day, not done.")
    ] = False,
    from_: Annotated[
        date | None,
        typer.Option(
            "--from", parser=parse_date_option, metavar="DATE", help="Done or planned from."
        ),
    ] = None,
    to: Annotated[
        date | None,
        typer.Option(
            "--to", parser=parse_date_option, metavar="DATE", help="Done or planned until."
        ),
    ] = None,
    account: Annotated[
        str | None, typer.Option("--account", metavar="ACCOUNT", help="Only this account's.")
    ] = None,
    opp: OppOpt = None,
    type_: Annotated[
        str | None, typer.Option("--type", metavar=TYPES, help="Only this kind.")
    ] = None,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """List your planned activities (or --overdue, --upcoming N, every one --from/--to).

    Example: salescli visit list --upcoming 7 --type visit
    """
    app_state = state(ctx)
    with app_state.session(create=False) as session:
        found = activities.list_activities(
            session,
            upcoming=upcoming,
            overdue=overdue,
            start=from_,
            end=to,
            account=account,
            opportunity=opp,
            activity_type=_type(type_) if type_ is not None else None,
            owner=owner,
            everyone=all_,
        )
    emit_list(
        found,
        as_json=json,
        as_csv=csv,
        human=lambda: activity_views.activities_table(found, app_state.today),
        record_type=Activity,
    )


@app.command("agenda")
def agenda(
    ctx: typer.Context,
    day: Annotated[
        date | None,
        typer.Argument(
            parser=parse_date_option, metavar="[DATE]", help="The day (default: today)."
        ),
    ] = None,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
) -> None:
    """One day's plan in time order, with addresses, phones, contacts, objectives and the
    deals' stages and amounts: ready to take on the road.

    Example: salescli visit agenda tomorrow
    """
    with state(ctx).session(create=False) as session:
        plan_of_day = activities.agenda(session, day=day, owner=owner, everyone=all_)
    emit(plan_of_day, as_json=json, human=lambda: activity_views.agenda_view(plan_of_day))


@app.command("ics")
def ics(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(help="Where to write the calendar; '-' or nothing: standard output."),
    ] = None,
    days: Annotated[
        int,
        typer.Option(
            "--days",
            click_type=WholeNumber(0, 3660),
            metavar="DAYS",
            help="Planned activities this many days ahead.",
        ),
    ] = 30,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
) -> None:
    """Your planned activities as an iCalendar (.ics) file for phone and desktop calendars;
    importing it again updates the same events.

    Example: salescli visit ics ~/visits.ics --days 14
    """
    from salescli.services.activities import calendar

    with state(ctx).session(create=False) as session:
        text = calendar.calendar_of(session, days=days, owner=owner, everyone=all_)
    if file is None or str(file) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        calendar.write_calendar(file, text)
        say(f"wrote {file}")


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
    """Import activities from CSV (another CRM's tasks and events, a visit log); done ones
    become their accounts' and deals' latest touch.

    Example: salescli visit import visits.csv --map "拜访对象=account" --dry-run
    """
    from salescli.services.activities import activities_csv as csv_activities

    run_import(
        ctx,
        csv_activities.import_activities,
        what="activities",
        file=file,
        mapping=map_,
        on_conflict=on_conflict,
        dry_run=dry_run,
        encoding=encoding,
        as_json=json,
    )


@app.command("export")
def export(
    ctx: typer.Context,
    file: ExportFile = None,
    owner: OwnerOpt = None,
    status: Annotated[
        str | None,
        typer.Option("--status", metavar="planned|done|cancelled", help="Only this status."),
    ] = None,
    excel: ExcelOpt = False,
) -> None:
    """Export activities as CSV (every one, or --owner's, or one --status).

    Example: salescli visit export visits.csv --status done --excel
    """
    from salescli.services.activities import activities_csv as csv_activities

    run_export(
        ctx,
        lambda session: csv_activities.export_activities(session, owner=owner, status=status),
        what="activities",
        file=file,
        excel=excel,
    )


@app.command("delete")
def delete(
    ctx: typer.Context,
    activity_id: ActivityId,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (needed off a terminal).")] = False,
    json: JsonOpt = False,
) -> None:
    """Delete an activity entered by mistake (a cancelled one stays as cancelled);
    'salescli undo' puts it back.

    Example: salescli visit delete 17 --yes
    """
    from salescli.cli.cleanup import deleting
    from salescli.services.cleanup.delete import delete_activity

    deleting(
        ctx,
        f"Delete activity {activity_id}?",
        lambda session: delete_activity(session, activity_id=activity_id),
        yes=yes,
        as_json=json,
    )
