"""`salescli forecast`: what will be signed in the coming months, and quotas."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from salescli.cli.context import state
from salescli.cli.options import AllOpt, JsonOpt, OwnerOpt, SvgOpt, WholeNumber, parse_amount_option
from salescli.render.output import done, emit

app = typer.Typer(add_completion=False)
quota_app = typer.Typer(add_completion=False)
app.add_typer(quota_app, name="quota")

Handle = Annotated[str, typer.Argument(metavar="HANDLE", help="The rep.")]
PeriodArg = Annotated[
    str,
    typer.Argument(
        metavar="PERIOD", help="A month (2026-12), a quarter (2026-Q4) or a year (2026)."
    ),
]


def amount(text: str) -> Decimal:
    """An amount argument (named so for the help's type column)."""
    return parse_amount_option(text)


@app.callback(invoke_without_command=True)
def forecast(
    ctx: typer.Context,
    months: Annotated[
        int,
        typer.Option(
            "--months",
            click_type=WholeNumber(1, 60),
            metavar="N",
            help="How many months, from this one (1 to 60).",
        ),
    ] = 6,
    by: Annotated[
        str, typer.Option("--by", metavar="month|quarter", help="One row per month or quarter.")
    ] = "month",
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            metavar="weighted|flow",
            help="weighted: amount x probability by close date; flow: through the funnel's"
            " rates and durations.",
        ),
    ] = "weighted",
    learned: Annotated[
        bool,
        typer.Option("--learned", help="Use conversion rates and durations from the history."),
    ] = False,
    lookback: Annotated[
        int,
        typer.Option(
            "--lookback", click_type=WholeNumber(1), metavar="DAYS", help="History --learned reads."
        ),
    ] = 365,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Show the rates and durations used, and which deals' amounts come from an"
            " accepted quote.",
        ),
    ] = False,
    key: Annotated[
        int,
        typer.Option(
            "--key",
            click_type=WholeNumber(0, 100),
            metavar="N",
            help="Key deals per period (0: none).",
        ),
    ] = 5,
    collections: Annotated[
        bool,
        typer.Option(
            "--collections",
            help="The collection forecast instead (as 'receivable forecast'): what is due,"
            " overdue and collected by month, and the key collection tasks; --months, --owner,"
            " --all, --json and --svg apply.",
        ),
    ] = False,
    json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """What will be signed in the coming months, against quota.

    Per month or quarter: won, commit, best case, pipeline and weighted (or flow)
    amounts, quota and attainment; overdue deals apart; the key deals of each period.
    The subcommand `quota` shows attainment and sets quotas.

    Example: salescli forecast --all --months 6 --method flow --learned --explain
    """
    if ctx.invoked_subcommand is not None:
        return
    if collections:
        _collections(ctx, months=months, owner=owner, everyone=all_, json=json, svg=svg)
        return
    from salescli.render.forecast_views import forecast_view
    from salescli.services.pipeline.forecast import forecast_report

    with state(ctx).session(create=False) as session:
        report = forecast_report(
            session,
            months=months,
            by=by,
            owner=owner,
            everyone=all_,
            method=method,
            learned=learned,
            lookback_days=lookback,
            key_deals=key,
            explain=explain,
        )
    emit(
        report,
        as_json=json,
        human=lambda: forecast_view(report, explain=explain),
        svg=svg,
        title="Forecast",
    )


def _collections(
    ctx: typer.Context,
    *,
    months: int,
    owner: str | None,
    everyone: bool,
    json: bool,
    svg: Path | None,
) -> None:
    from salescli.render.contract_views import forecast_view
    from salescli.services.orders.collections import collection_forecast

    with state(ctx).session(create=False) as session:
        report = collection_forecast(session, owner=owner, everyone=everyone, months=months)
        today = session.today
    emit(
        report,
        as_json=json,
        human=lambda: forecast_view(report, today),
        svg=svg,
        title="Collections",
    )


@quota_app.callback(invoke_without_command=True)
def quota(
    ctx: typer.Context,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            metavar="PERIOD",
            help="2026-12, 2026-Q4 or 2026 (default: this quarter).",
        ),
    ] = None,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Quota attainment, and quotas set by managers.

    Quota, won, attainment, gap, pipeline and coverage for the period; month-, quarter-
    and year-to-date; the same period a year earlier.

    Example: salescli forecast quota --all --period 2026-Q4
    """
    if ctx.invoked_subcommand is not None:
        return
    from salescli.render.forecast_views import quota_view
    from salescli.services.pipeline.quotas import quota_attainment

    with state(ctx).session(create=False) as session:
        report = quota_attainment(session, period=period, owner=owner, everyone=all_)
    emit(report, as_json=json, human=lambda: quota_view(report), svg=svg, title="Quota")


@quota_app.command("set")
def quota_set(
    ctx: typer.Context,
    handle: Handle,
    period: PeriodArg,
    amount: Annotated[
        Decimal,
        typer.Argument(parser=amount, metavar="AMOUNT", help="The quota for the whole period."),
    ],
    weights: Annotated[
        str | None,
        typer.Option(
            "--weights",
            metavar="PCTS",
            help="Shares of a quarter's or year's quota by month, adding up to 100"
            " (default: even).",
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Set a rep's quota for a month, a quarter or a year (managers only).

    A quarter or a year is spread over its months: evenly (the odd cents on the last
    month), or by --weights.

    Example: salescli forecast quota set alice 2026-Q4 300000 --weights 30,30,40
    """
    from salescli.render.forecast_views import quota_change_message
    from salescli.services.pipeline.quotas import parse_weights, set_quota

    with state(ctx).session() as session:
        change = set_quota(
            session,
            rep=handle,
            period=period,
            amount=amount,
            weights=None if weights is None else parse_weights(weights),
        )
    done(quota_change_message(change), change, as_json=json)


@quota_app.command("clear")
def quota_clear(
    ctx: typer.Context, handle: Handle, period: PeriodArg, json: JsonOpt = False
) -> None:
    """Remove a rep's quota for a month, a quarter or a year (managers only).

    Example: salescli forecast quota clear alice 2026-12
    """
    from salescli.render.forecast_views import quota_change_message
    from salescli.services.pipeline.quotas import clear_quota

    with state(ctx).session() as session:
        change = clear_quota(session, rep=handle, period=period)
    done(quota_change_message(change), change, as_json=json)
