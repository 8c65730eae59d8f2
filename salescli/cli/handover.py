"""`salescli handover`: when a rep leaves, their book moves to successors (managers only)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from salescli import config, files
from salescli.cli import prompts
from salescli.cli.context import state
from salescli.cli.options import RECORD_ID, CsvOpt, JsonOpt, WholeNumber
from salescli.errors import Refused, SalesError, UsageProblem
from salescli.render import handover_views as views
from salescli.render.output import emit, emit_json, emit_list, say
from salescli.services.handover.history import handover_report, list_handovers, show_handover
from salescli.services.handover.plan import (
    DEFAULT_VISIT_WITHIN,
    HandoverPlan,
    HandoverRequest,
    preview_handover,
)
from salescli.services.handover.revert import revert_handover
from salescli.services.handover.run import HandoverDone, run_handover

app = typer.Typer(
    help="Hand a departing rep's book to successors: preview, run, list, show, revert.",
    no_args_is_help=True,
    add_completion=False,
)

FromOpt = Annotated[str, typer.Option("--from", metavar="HANDLE", help="The departing rep.")]
ToOpt = Annotated[
    str,
    typer.Option(
        "--to", metavar="HANDLE[,HANDLE...]", help="The successors: active reps, comma-separated."
    ),
]
StrategyOpt = Annotated[
    str,
    typer.Option(
        "--strategy",
        metavar="balance|round-robin",
        help="With several successors: similar open pipelines (balance) or accounts in turn.",
    ),
]
AccountsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--accounts",
        metavar="REF,...",
        help="Only these accounts: a partial handover. Ids or names, comma-separated (a name"
        " with a comma: its id); repeatable.",
    ),
]
ReasonOpt = Annotated[
    str | None, typer.Option("--reason", metavar="TEXT", help="Why (kept with the handover).")
]
DeactivateOpt = Annotated[
    bool,
    typer.Option("--deactivate", help="Deactivate the departing rep: they can own nothing after."),
]
VisitWithinOpt = Annotated[
    int,
    typer.Option(
        "--visit-within",
        click_type=WholeNumber(1),
        metavar="DAYS",
        help="Plan the introduction visits within this many days.",
    ),
]
ImminentOpt = Annotated[
    str | None,
    typer.Option(
        "--imminent-stage",
        metavar="KEY",
        help="Deals at this stage or later get an introduction visit (default: the last open stage).",
    ),
]
ReportOpt = Annotated[
    Path | None,
    typer.Option(
        "--report",
        metavar="FILE",
        help="Write the Markdown report here (run: default, a new file in the reports/ folder"
        " beside the book).",
    ),
]
YesOpt = Annotated[bool, typer.Option("--yes", help="Do not ask (needed off a terminal).")]
HandoverId = Annotated[
    int, typer.Argument(metavar="ID", click_type=RECORD_ID, help="The handover's id.")
]


@app.callback()
def handovers() -> None:
    """When a rep leaves, their accounts, deals, planned activities, leads and shares move to
    successors: previewed, in one transaction, reported and reversible. Managers only."""


def _request(
    departing: str,
    successors: str,
    strategy: str,
    accounts: list[str] | None,
    reason: str | None,
    deactivate: bool,
    visit_within: int,
    imminent_stage: str | None,
) -> HandoverRequest:
    return HandoverRequest(
        departing=departing,
        successors=tuple(handle for handle in successors.split(",") if handle.strip()),
        strategy=strategy,
        accounts=tuple(ref for refs in accounts or () for ref in refs.split(",") if ref.strip()),
        reason=reason,
        deactivate=deactivate,
        visit_within=visit_within,
        imminent_stage=imminent_stage,
    )


@app.command("preview")
def preview(
    ctx: typer.Context,
    departing: FromOpt,
    successors: ToOpt,
    strategy: StrategyOpt = "balance",
    accounts: AccountsOpt = None,
    reason: ReasonOpt = None,
    deactivate: DeactivateOpt = False,
    visit_within: VisitWithinOpt = DEFAULT_VISIT_WITHIN,
    imminent_stage: ImminentOpt = None,
    report: ReportOpt = None,
    json: JsonOpt = False,
) -> None:
    """Show exactly what `handover run` would do with the same options, changing nothing:
    who takes which accounts, deals, activities, leads and shares, the introduction visits,
    and what stays and why.

    Example: salescli handover preview --from alice --to bob,wei --strategy balance
    """
    request = _request(
        departing, successors, strategy, accounts, reason, deactivate, visit_within, imminent_stage
    )
    if report is not None:
        files.check_target(report.expanduser(), make_folder=True)
    with state(ctx).session(create=False) as session:
        plan = preview_handover(session, request=request)
    markdown = views.markdown_report(plan, handover_id=None)
    emit(plan, as_json=json, human=lambda: views.report_view(markdown))
    if report is not None:
        say(f"wrote {files.write_text(report.expanduser(), markdown)}")


def _write_report(
    report: Path | None, folder: Path, done: HandoverDone, markdown: str
) -> HandoverDone:
    """The run's report written to ``report``, or to a new file in ``folder`` (the book's
    reports/); the handover is done whatever happens here, and the error says so."""
    try:
        if report is not None:
            written = files.write_text(report.expanduser(), markdown)
        else:
            written = files.write_fresh(folder, views.report_stem(done.plan), ".md", markdown)
    except (OSError, SalesError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise Refused(
            f"handover {done.handover_id} is done, but its report could not be written: {reason}",
            hint=f"write it again with 'salescli handover show {done.handover_id} --report FILE'",
        ) from err
    return replace(done, report=str(written))


def _confirmed_plan(ctx: typer.Context, request: HandoverRequest) -> HandoverPlan:
    """On a terminal: the preview, then the question; the plan confirmed is the one run."""
    if not prompts.interactive():
        raise UsageProblem(
            "a handover changes the owner of a whole book",
            hint="check it with 'salescli handover preview', then pass --yes",
        )
    with state(ctx).session() as session:
        plan = preview_handover(session, request=request)
    views.report_view(views.markdown_report(plan, handover_id=None))
    if plan.moves_nothing and not plan.deactivate:
        return plan
    if not prompts.confirm(f"Hand {plan.departing}'s book over to {views.successors_text(plan)}?"):
        raise Refused("nothing handed over")
    return plan


@app.command("run")
def run(
    ctx: typer.Context,
    departing: FromOpt,
    successors: ToOpt,
    strategy: StrategyOpt = "balance",
    accounts: AccountsOpt = None,
    reason: ReasonOpt = None,
    deactivate: DeactivateOpt = False,
    visit_within: VisitWithinOpt = DEFAULT_VISIT_WITHIN,
    imminent_stage: ImminentOpt = None,
    report: ReportOpt = None,
    yes: YesOpt = False,
    json: JsonOpt = False,
) -> None:
    """Hand the book over in one transaction, exactly as `handover preview` shows it; the
    report is printed and written as Markdown. Asks first on a terminal.

    Example: salescli handover run --from alice --to bob,wei --reason "moved to Berlin" --deactivate --yes
    """
    request = _request(
        departing, successors, strategy, accounts, reason, deactivate, visit_within, imminent_stage
    )
    # A report that cannot be written is found before anything moves.
    reports = config.reports_dir(state(ctx).db_path)
    if report is not None:
        files.check_target(report.expanduser(), make_folder=True)
    else:
        files.check_folder(reports, make=True)
    confirmed = None if yes else _confirmed_plan(ctx, request)
    with state(ctx).session() as session:
        done = run_handover(
            session,
            request=request,
            expected=confirmed,
            report=lambda plan, handover_id: views.markdown_report(plan, handover_id=handover_id),
        )
    markdown = views.markdown_report(done.plan, handover_id=done.handover_id)
    failed: SalesError | None = None
    if done.handover_id is not None:
        try:
            done = _write_report(report, reports, done, markdown)
        except SalesError as err:
            failed = err
    if json:
        emit_json(done)
    elif confirmed is None:
        views.report_view(markdown)
    say(views.done_message(done))
    if failed is not None:
        raise failed


@app.command("list")
def list_(
    ctx: typer.Context,
    departing: Annotated[
        str | None, typer.Option("--from", metavar="HANDLE", help="Only this rep's handovers.")
    ] = None,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """Every handover: when, from whom, to whom, by whom, how much moved, and whether it
    was reverted.

    Example: salescli handover list --from alice
    """
    with state(ctx).session(create=False) as session:
        found = list_handovers(session, departing=departing)
    emit_list(found, as_json=json, as_csv=csv, human=lambda: views.handovers_table(found))


@app.command("show")
def show(
    ctx: typer.Context,
    handover_id: HandoverId,
    items: Annotated[
        bool, typer.Option("--items", help="Every record moved, and who owns it now.")
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FILE",
            help="Write the handover's Markdown report, as its run made it, to FILE.",
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """One handover: what moved to whom, from whom, and its introduction visits.

    Example: salescli handover show 3 --items
    Example: salescli handover show 3 --report handover-3.md
    """
    context = state(ctx)
    if report is not None:
        files.check_target(report.expanduser(), make_folder=True)
    with context.session(create=False) as session:
        detail = show_handover(session, handover_id=handover_id, items=items)
        markdown = handover_report(session, handover_id=handover_id) if report else None
    emit(detail, as_json=json, human=lambda: views.handover_detail(detail, context.today))
    if report is not None and markdown is not None:
        say(f"wrote {files.write_text(report.expanduser(), markdown)}")


@app.command("revert")
def revert(
    ctx: typer.Context,
    handover_id: HandoverId,
    yes: YesOpt = False,
    json: JsonOpt = False,
) -> None:
    """Undo a handover: move back every record that still has the owner it gave, restore
    the shares, remove its introduction visits not yet done, and list what changed since
    and was left alone. Asks first on a terminal.

    Example: salescli handover revert 3 --yes
    """
    if not yes:
        prompts.confirm_or_refuse(
            f"Move handover {handover_id}'s records back and remove its visits?", flag="--yes"
        )
    with state(ctx).session() as session:
        result = revert_handover(session, handover_id=handover_id)
    emit(result, as_json=json, human=lambda: views.revert_view(result))
    say(views.revert_message(result))
