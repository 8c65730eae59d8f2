"""`salescli opp stages`: the funnel's stages, their order, conversion rates, expected
durations and contact cadences."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import typer

from salescli.cli.context import state
from salescli.cli.options import JsonOpt, NameOpt, WholeNumber, parse_percent_option
from salescli.render import opp_views
from salescli.render.output import done, emit
from salescli.services.pipeline import stages

app = typer.Typer(add_completion=False)

StageKey = Annotated[str, typer.Argument(metavar="KEY", help="The stage's key (or name).")]
ConversionOpt = Annotated[
    Decimal | None,
    typer.Option(
        "--conversion",
        parser=parse_percent_option,
        metavar="PCT",
        help="Share of deals that go on to the next stage.",
    ),
]
DaysOpt = Annotated[
    int | None,
    typer.Option("--days", click_type=WholeNumber(1), metavar="DAYS",
                 help="Expected days a deal spends in the stage."),
]  # fmt: skip
CadenceOpt = Annotated[
    int | None,
    typer.Option("--cadence", click_type=WholeNumber(1), metavar="N",
                 help="Contact a deal in this stage every N days."),
]  # fmt: skip
AfterOpt = Annotated[
    str | None, typer.Option("--after", metavar="KEY", help="The stage it comes after.")
]
FirstOpt = Annotated[bool, typer.Option("--first", help="Make it the first stage.")]


@app.callback(invoke_without_command=True)
def stages_list(ctx: typer.Context, json: JsonOpt = False) -> None:
    """The funnel's stages: order, conversion rates, durations, contact cadences. Without
    a command, list them with their win probabilities.

    Example: salescli opp stages
    """
    if ctx.invoked_subcommand is not None:
        return
    with state(ctx).session(create=False) as session:
        found = stages.list_stages(session, with_deals=True)
    emit(found, as_json=json, human=lambda: opp_views.stages_table(found))


@app.command("set")
def stages_set(
    ctx: typer.Context,
    key: StageKey,
    name: NameOpt = None,
    conversion: ConversionOpt = None,
    days: DaysOpt = None,
    cadence: CadenceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Change a stage's name, conversion rate, expected duration or contact cadence.

    Example: salescli opp stages set proposal --conversion 75 --days 45
    """
    with state(ctx).session() as session:
        stage = stages.set_stage(
            session, key=key, name=name, conversion=conversion, days=days, cadence=cadence
        )
    done(
        f"stage {stage.key} saved; win probability {opp_views.percent(stage.probability)}",
        stage,
        as_json=json,
    )


@app.command("add")
def stages_add(
    ctx: typer.Context,
    key: StageKey,
    name: Annotated[str, typer.Option("--name", metavar="NAME", help="What reps call it.")],
    after: AfterOpt = None,
    first: FirstOpt = False,
    conversion: ConversionOpt = None,
    days: DaysOpt = None,
    cadence: CadenceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Add an open stage after another (conversion 100 %, 30 days, every 7 days unless given).

    Example: salescli opp stages add demo --name "Product demo" --after prospect --conversion 70
    """
    with state(ctx).session() as session:
        stage = stages.add_stage(
            session,
            key=key,
            name=name,
            after=after,
            first=first,
            conversion=Decimal(100) if conversion is None else conversion,
            days=days or 30,
            cadence=cadence or 7,
        )
    done(
        f"stage {stage.key} added at position {stage.position};"
        f" win probability {opp_views.percent(stage.probability)}",
        stage,
        as_json=json,
    )


@app.command("remove")
def stages_remove(ctx: typer.Context, key: StageKey, json: JsonOpt = False) -> None:
    """Remove an open stage no deal is in (history keeps its name).

    Example: salescli opp stages remove demo
    """
    with state(ctx).session() as session:
        stage = stages.remove_stage(session, key=key)
    done(f"stage {stage.key} removed", stage, as_json=json)


@app.command("move")
def stages_move(
    ctx: typer.Context,
    key: StageKey,
    after: AfterOpt = None,
    first: FirstOpt = False,
    json: JsonOpt = False,
) -> None:
    """Put an open stage in another place in the funnel.

    Example: salescli opp stages move demo --after proposal
    """
    with state(ctx).session() as session:
        found = stages.move_stage(session, key=key, after=after, first=first)
    if json:
        emit(found, as_json=True, human=lambda: None)
    else:
        opp_views.stages_table(found)
