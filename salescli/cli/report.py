"""`salescli report`: how the funnel has done, for reps and their manager."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from salescli.cli.context import state
from salescli.cli.options import AllOpt, JsonOpt, OwnerOpt, SvgOpt, parse_date_option
from salescli.render.output import emit

app = typer.Typer(
    help="Reports on the funnel's results.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def reports() -> None:
    """Reports on the funnel's results."""


@app.command("winloss")
def winloss(
    ctx: typer.Context,
    since: Annotated[
        date | None,
        typer.Option(
            "--since",
            parser=parse_date_option,
            metavar="DATE",
            help="Deals closed from this date (default: a year ago).",
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="owner|reason|competitor|source", help="Group the deals."),
    ] = None,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Win rate, amounts won and lost, loss reasons ranked, and the competitors who beat us.

    Example: salescli report winloss --all --by owner --since 2026-01-01
    """
    from salescli.render.funnel_views import winloss_view
    from salescli.services.pipeline.funnel import winloss_report

    with state(ctx).session(create=False) as session:
        report = winloss_report(session, since=since, by=by, owner=owner, everyone=all_)
    emit(report, as_json=json, human=lambda: winloss_view(report), svg=svg, title="Won and lost")


@app.command("reps")
def reps(
    ctx: typer.Context,
    since: Annotated[
        date | None,
        typer.Option(
            "--since",
            parser=parse_date_option,
            metavar="DATE",
            help="Deals closed from this date (default: a year ago).",
        ),
    ] = None,
    json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Each rep against the team: won, lost, win rate, credit won, deal size, sales cycle,
    the stage where most deals are lost, and quota attainment.

    Example: salescli report reps --since 2026-01-01
    """
    from salescli.render.report_views import reps_view
    from salescli.services.reports.reports import reps_report

    with state(ctx).session(create=False) as session:
        report = reps_report(session, since=since)
    emit(report, as_json=json, human=lambda: reps_view(report), svg=svg, title="Reps")


@app.command("activity")
def activity(
    ctx: typer.Context,
    week: Annotated[
        bool, typer.Option("--week", help="This week, Monday to today (the default).")
    ] = False,
    month: Annotated[bool, typer.Option("--month", help="This month, the 1st to today.")] = False,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """The work report: activities done by type, deals advanced, won and lost, leads
    converted and deals opened in the period, and the activities planned ahead.

    Example: salescli report activity --month --all
    """
    from salescli.render.report_views import activity_view
    from salescli.services.reports.reports import activity_report

    with state(ctx).session(create=False) as session:
        report = activity_report(session, week=week, month=month, owner=owner, everyone=all_)
    emit(report, as_json=json, human=lambda: activity_view(report), svg=svg, title="Work report")
