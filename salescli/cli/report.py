"""`salescli report`: how the funnel has done, for reps and their manager."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from salescli import config
from salescli.cli.account_value import BASIS_FLAG
from salescli.cli.context import state
from salescli.cli.options import (
    AllOpt,
    JsonOpt,
    OwnerOpt,
    SvgOpt,
    WholeNumber,
    parse_date_option,
)
from salescli.errors import UsageProblem
from salescli.models.enums import RevenueBasis
from salescli.render.output import emit

app = typer.Typer(
    help="Reports on the funnel's results, the customers' value, campaigns, leads and expenses.",
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


@app.command("customers")
def customers(
    ctx: typer.Context,
    months: Annotated[
        int,
        typer.Option(
            "--months", click_type=WholeNumber(1, 120), metavar="N", help="Revenue over N months."
        ),
    ] = 12,
    basis: Annotated[RevenueBasis, BASIS_FLAG] = RevenueBasis.WON,
    top: Annotated[
        int,
        typer.Option(
            "--top",
            click_type=WholeNumber(0),
            metavar="N",
            help="Rows of the Pareto table (0: every customer who bought).",
        ),
    ] = 20,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Who brings the revenue: the Pareto table and where 80 % is reached, accounts and
    revenue per class, the top 1/5/20 % concentration, and lifetime value.

    Example: salescli report customers --all --top 10 --svg pareto.svg
    """
    from salescli.render.value_views import customers_view
    from salescli.services.value.report import customers_report

    rules = config.value_rules()
    with state(ctx).session(create=False) as session:
        report = customers_report(
            session, rules=rules, basis=basis, months=months, owner=owner, everyone=all_, top=top
        )
    emit(report, as_json=json, human=lambda: customers_view(report), svg=svg, title="Customers")


@app.command("retention")
def retention(
    ctx: typer.Context,
    period: Annotated[
        str,
        typer.Option(
            "--period",
            metavar="year|quarter",
            help="Compare the 12 (or 3) months to today with the 12 (3) before.",
        ),
    ] = "year",
    basis: Annotated[RevenueBasis, BASIS_FLAG] = RevenueBasis.WON,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Customers kept and lost: active before, retained, full and partial defectors with
    rates, revenue lost and the accounts, and why they left as a Pareto table.

    Example: salescli report retention --all --period quarter
    """
    from salescli.render.value_views import retention_view
    from salescli.services.value.retention import PERIOD_MONTHS, retention_report

    if period.strip().lower() not in PERIOD_MONTHS:
        raise UsageProblem(f"--period: '{period}' is not a period here", hint="use year or quarter")

    rules = config.value_rules()
    with state(ctx).session(create=False) as session:
        report = retention_report(
            session,
            rules=rules,
            period=period.strip().lower(),
            basis=basis,
            owner=owner,
            everyone=all_,
        )
    emit(report, as_json=json, human=lambda: retention_view(report), svg=svg, title="Retention")


SinceOpt = Annotated[
    date | None,
    typer.Option("--since", parser=parse_date_option, metavar="DATE", help="From this date."),
]
UntilOpt = Annotated[
    date | None,
    typer.Option(
        "--until", parser=parse_date_option, metavar="DATE", help="To this date (default: today)."
    ),
]


@app.command("campaigns")
def campaigns(
    ctx: typer.Context,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="type|region|owner|quarter", help="Group the campaigns."),
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    margin: Annotated[
        bool,
        typer.Option(
            "--margin",
            help="Read the won amount through gross margin (won less the accepted quotes'"
            " cost): a Margin column, and ROI = (margin - cost) / cost where every won"
            " deal's cost is known.",
        ),
    ] = False,
    json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """What each campaign cost and brought: budget and cost, leads qualified and converted,
    deals won and their amount, contracts, cost per lead and per won deal, and ROI =
    (won amount - cost) / cost; campaigns starting in the window (default: all).

    Example: salescli report campaigns --all --by quarter --since 2026-01-01 --margin
    """
    from salescli.render.marketing_views import campaign_report_view
    from salescli.services.marketing.reports import campaign_report

    with state(ctx).session(create=False) as session:
        report = campaign_report(
            session, by=by, since=since, until=until, owner=owner, everyone=all_
        )
    emit(
        report,
        as_json=json,
        human=lambda: campaign_report_view(report, margin=margin),
        svg=svg,
        title="Campaign return",
    )


@app.command("leads")
def leads(
    ctx: typer.Context,
    by: Annotated[
        str,
        typer.Option("--by", metavar="source|campaign|owner|month", help="Group the leads."),
    ] = "source",
    since: SinceOpt = None,
    until: UntilOpt = None,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """How leads created in the window (default: the last 365 days) convert: contacted,
    qualified, converted and disqualified with their rates, the median days to
    qualification and to conversion, and what the converted leads' deals won.

    Example: salescli report leads --all --by source --since 2026-01-01
    """
    from salescli.render.marketing_views import lead_report_view
    from salescli.services.marketing.reports import lead_report

    with state(ctx).session(create=False) as session:
        report = lead_report(session, by=by, since=since, until=until, owner=owner, everyone=all_)
    emit(report, as_json=json, human=lambda: lead_report_view(report), svg=svg, title="Leads")


@app.command("expenses")
def expenses(
    ctx: typer.Context,
    by: Annotated[
        str,
        typer.Option("--by", metavar="rep|account|category|month", help="Group the expenses."),
    ] = "rep",
    since: SinceOpt = None,
    until: UntilOpt = None,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Expenses in the window (default: the last 365 days; rejected ones left out), waiting
    and approved, and by rep or account the amount won then and the cost of sale
    (expenses / won amount).

    Example: salescli report expenses --all --by account --since 2026-01-01
    """
    from salescli.render.marketing_views import expense_report_view
    from salescli.services.marketing.reports import expense_report

    with state(ctx).session(create=False) as session:
        report = expense_report(
            session, by=by, since=since, until=until, owner=owner, everyone=all_
        )
    emit(report, as_json=json, human=lambda: expense_report_view(report), svg=svg, title="Expenses")
