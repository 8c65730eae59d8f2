"""`salescli opp`: deals moving through the funnel, from first meeting to won or lost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, TypeVar

import typer

from salescli.cli import opp_csv, opp_stages, prompts
from salescli.cli.context import state
from salescli.cli.options import (
    RECORD_ID,
    AllOpt,
    AmountOpt,
    AssignOpt,
    CampaignOpt,
    CsvOpt,
    EditAmountOpt,
    JsonOpt,
    NameOpt,
    OwnerOpt,
    SearchOpt,
    SvgOpt,
    choice_flag,
    parse_amount_option,
    parse_date_option,
    parse_edit_date,
    parse_edit_percent,
    parse_percent_option,
)
from salescli.errors import SummaryNeeded
from salescli.models.enums import ForecastCategory, LossReason
from salescli.models.records import Opportunity
from salescli.render import opp_views
from salescli.render.output import done, emit, emit_list
from salescli.services.overview import opportunity as opportunity_page
from salescli.services.pipeline import lifecycle, opportunities, shares, stages

app = typer.Typer(
    help="Opportunities: deals moving through the funnel to won or lost.",
    no_args_is_help=True,
    add_completion=False,
)
# `opp import` and `opp export` follow the commands below in the help, then `opp stages`.
app.add_typer(opp_csv.app)
app.add_typer(opp_stages.app, name="stages")

OppId = Annotated[
    int, typer.Argument(metavar="ID", click_type=RECORD_ID, help="The opportunity's id.")
]
NoteOpt = Annotated[
    str | None, typer.Option("--note", metavar="TEXT", help="What happened; kept in the history.")
]
NextStepOpt = Annotated[
    str | None, typer.Option("--next", metavar="TEXT", help="The next step to take.")
]
NextDateOpt = Annotated[
    date | None,
    typer.Option(
        "--next-date", parser=parse_date_option, metavar="DATE", help="When the next step is due."
    ),
]
SummaryOpt = Annotated[
    str | None,
    typer.Option("--summary", metavar="TEXT", help="Why it was won or lost, in a sentence."),
]
ProbabilityOpt = Annotated[
    Decimal | None,
    typer.Option(
        "--probability",
        parser=parse_percent_option,
        metavar="PCT",
        help="This deal's own win probability (default: its stage's).",
    ),
]
SourceOpt = Annotated[
    str | None, typer.Option("--source", metavar="TEXT", help="Where the deal came from.")
]
ContactOpt = Annotated[
    str | None,
    typer.Option("--contact", metavar="NAME", help="The contact at the account (name or id)."),
]
RepOpt = Annotated[str, typer.Option("--with", metavar="HANDLE", help="The co-owner.")]


@app.command("add")
def add(
    ctx: typer.Context,
    account: Annotated[str | None, typer.Argument(help="The account (id or name).")] = None,
    name: Annotated[str | None, typer.Argument(help="What the deal is.")] = None,
    amount: AmountOpt = None,
    close: Annotated[
        date | None,
        typer.Option(
            "--close", parser=parse_date_option, metavar="DATE", help="Expected close date."
        ),
    ] = None,
    stage: Annotated[
        str | None, typer.Option("--stage", metavar="KEY", help="Start here (default: first).")
    ] = None,
    contact: ContactOpt = None,
    probability: ProbabilityOpt = None,
    source: SourceOpt = None,
    next_step: NextStepOpt = None,
    next_date: NextDateOpt = None,
    owner: AssignOpt = None,
    campaign: CampaignOpt = None,
    json: JsonOpt = False,
) -> None:
    """Open a deal with an account (yours unless --owner, or the account's owner, says).

    Example: salescli opp add Huawei "Campus network" --amount 1.2万 --close 2027-03-31 --contact "Wang Wei"
    """
    account_ref = prompts.require(account, label="Account", flag="the ACCOUNT argument")
    deal_name = prompts.require(name, label="Deal name", flag="the NAME argument")
    if amount is None:
        amount = parse_amount_option(prompts.require(None, label="Amount", flag="--amount AMOUNT"))
    if close is None:
        close = parse_date_option(
            prompts.require(None, label="Expected close date", flag="--close DATE")
        )
    with state(ctx).session() as session:
        opportunity = opportunities.add_opportunity(
            session,
            account=account_ref,
            name=deal_name,
            amount=amount,
            close_date=close,
            stage=stage,
            contact=contact,
            probability=probability,
            source=source,
            next_step=next_step,
            next_date=next_date,
            owner=owner,
            campaign=campaign,
        )
    done(
        f"added opportunity {opportunity.id}: {opportunity.name} ({opportunity.account}),"
        f" {opportunity.stage} at {opp_views.percent(opportunity.probability)}",
        opportunity,
        as_json=json,
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    stage: Annotated[
        str | None, typer.Option("--stage", metavar="KEY", help="Only this stage.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="open|suspended|won|lost|all",
            help="Default: open and suspended.",
        ),
    ] = None,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    account: Annotated[
        str | None, typer.Option("--account", metavar="ACCOUNT", help="Only this account's deals.")
    ] = None,
    closing_before: Annotated[
        date | None,
        typer.Option(
            "--closing-before",
            parser=parse_date_option,
            metavar="DATE",
            help="Expected to close before this date.",
        ),
    ] = None,
    stalled: Annotated[
        bool, typer.Option("--stalled", help="Open deals longer in their stage than expected.")
    ] = False,
    archived: Annotated[bool, typer.Option("--archived", help="Only archived deals.")] = False,
    search: SearchOpt = None,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """List your open and suspended deals (or --owner's, or --all), soonest close first.

    Example: salescli opp list --stalled
    """
    app_state = state(ctx)
    with app_state.session(create=False) as session:
        found = opportunities.list_opportunities(
            session,
            stage=stage,
            status=status,
            owner=owner,
            everyone=all_,
            account=account,
            closing_before=closing_before,
            stalled=stalled,
            archived=archived,
            search=search,
        )
        # Each stage's expected days, to mark the stalled deals in the table.
        stage_days = {s.key: s.days for s in stages.list_stages(session)}
    emit_list(
        found,
        as_json=json,
        as_csv=csv,
        human=lambda: opp_views.opportunities_table(
            found, app_state.today, stalled=stalled, stage_days=stage_days
        ),
        record_type=Opportunity,
    )


@app.command("show")
def show(ctx: typer.Context, opportunity_id: OppId, json: JsonOpt = False) -> None:
    """Show a deal: its details, co-owners, and its stage history with days in each stage.

    Example: salescli opp show 42
    """
    with state(ctx).session(create=False) as session:
        detail = opportunity_page.show_deal(session, opportunity_id=opportunity_id)
    emit(detail, as_json=json, human=lambda: opp_views.opportunity_detail(detail))


@app.command("edit")
def edit(
    ctx: typer.Context,
    opportunity_id: OppId,
    name: NameOpt = None,
    account: Annotated[
        str | None, typer.Option("--account", metavar="ACCOUNT", help="Another account.")
    ] = None,
    contact: Annotated[
        str | None,
        typer.Option("--contact", metavar="NAME", help='The contact (name or id), or "" for none.'),
    ] = None,
    amount: EditAmountOpt = None,
    close: Annotated[
        date | None,
        typer.Option(
            "--close",
            parser=parse_date_option,
            metavar="DATE",
            help="Expected close date.",
        ),
    ] = None,
    probability: Annotated[
        Decimal | None,
        typer.Option(
            "--probability",
            parser=parse_edit_percent,
            metavar="PCT",
            help="This deal's own win probability, or \"\" for its stage's.",
        ),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(
            "--category",
            metavar="commit|best-case|pipeline",
            help='Forecast category, or "" to follow the probability.',
        ),
    ] = None,
    source: SourceOpt = None,
    competitor: Annotated[
        str | None, typer.Option("--competitor", metavar="NAME", help="Who we compete with.")
    ] = None,
    summary: SummaryOpt = None,
    next_step: NextStepOpt = None,
    next_date: Annotated[
        date | None,
        typer.Option(
            "--next-date", parser=parse_edit_date, metavar="DATE", help='A date, or "" to clear it.'
        ),
    ] = None,
    campaign: CampaignOpt = None,
    json: JsonOpt = False,
) -> None:
    """Change a deal's fields; an empty value ("") clears one. Stage, status and owner
    change with advance, win, lose, suspend and transfer.

    Example: salescli opp edit 42 --amount 150000 --close 2027-01-31 --next "send revised quote"
    """
    from salescli.services.core.edits import CLEAR

    chosen_category = None
    if category is not None:
        chosen_category = (
            CLEAR if not category.strip() else ForecastCategory.parse(category, what="category")
        )
    with state(ctx).session() as session:
        opportunity = opportunities.edit_opportunity(
            session,
            opportunity_id=opportunity_id,
            name=name,
            account=account,
            contact=contact,
            amount=amount,
            close_date=close,
            probability=probability,
            category=chosen_category,  # type: ignore[arg-type]
            source=source,
            competitor=competitor,
            summary=summary,
            next_step=next_step,
            next_date=next_date,
            campaign=campaign,
        )
    done(f"opportunity {opportunity.id}: {opportunity.name} saved", opportunity, as_json=json)


T = TypeVar("T")


def _with_summary(close: Callable[[str | None], T], summary: str | None) -> T:
    """Every closed deal carries why. Without --summary, the close is tried as it is, so
    that whatever else is wrong is said first; then a terminal asks for the summary,
    and anywhere else (a script, cron) the refusal stands with its hint."""
    try:
        return close(summary)
    except SummaryNeeded as needed:
        if not prompts.interactive():
            raise
        answer = prompts.ask_text(needed.question)
        if not (answer and answer.strip()):
            raise
        return close(answer)


@app.command("advance")
def advance(
    ctx: typer.Context,
    opportunity_id: OppId,
    to: Annotated[
        str | None, typer.Option("--to", metavar="KEY", help="A later stage (default: the next).")
    ] = None,
    note: NoteOpt = None,
    next_step: NextStepOpt = None,
    next_date: NextDateOpt = None,
    summary: SummaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Move a deal to its next stage, or --to a later one; into won, it is a win.

    Example: salescli opp advance 42 --note "proposal accepted" --next "legal review" --next-date +1w
    """

    def advance_with(text: str | None) -> lifecycle.StageMove:
        with state(ctx).session() as session:
            return lifecycle.advance_opportunity(
                session,
                opportunity_id=opportunity_id,
                to=to,
                note=note,
                next_step=next_step,
                next_date=next_date,
                summary=text,
            )

    move = _with_summary(advance_with, summary)
    done(opp_views.move_message(move), move, as_json=json)


@app.command("back")
def back(
    ctx: typer.Context,
    opportunity_id: OppId,
    to: Annotated[str, typer.Option("--to", metavar="KEY", help="An earlier open stage.")],
    note: NoteOpt = None,
    json: JsonOpt = False,
) -> None:
    """Move a deal back to an earlier stage, saying why.

    Example: salescli opp back 42 --to proposal --note "new decision maker, re-pitch"
    """
    text = prompts.require(
        note, label="Why does it go back", flag="--note TEXT", what="why the deal goes back"
    )
    with state(ctx).session() as session:
        move = lifecycle.move_back(session, opportunity_id=opportunity_id, to=to, note=text)
    done(opp_views.move_message(move), move, as_json=json)


@app.command("win")
def win(
    ctx: typer.Context,
    opportunity_id: OppId,
    amount: Annotated[
        Decimal | None,
        typer.Option(
            "--amount", parser=parse_amount_option, metavar="AMOUNT", help="The signed amount."
        ),
    ] = None,
    summary: SummaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Close a deal as won, with why: --summary, asked on a terminal when not given.

    Example: salescli opp win 42 --amount 1,180,000 --summary "best service terms; CFO sponsor"
    """

    def win_with(text: str | None) -> Opportunity:
        with state(ctx).session() as session:
            return lifecycle.win_opportunity(
                session, opportunity_id=opportunity_id, amount=amount, summary=text
            )

    opportunity = _with_summary(win_with, summary)
    done(opp_views.closed_message(opportunity), opportunity, as_json=json)


@app.command("lose")
def lose(
    ctx: typer.Context,
    opportunity_id: OppId,
    reason: Annotated[
        LossReason | None,
        choice_flag(
            LossReason, "--reason", what="loss reason", metavar="REASON", text="Why it was lost"
        ),
    ] = None,
    competitor: Annotated[
        str | None, typer.Option("--competitor", metavar="NAME", help="Who won it instead.")
    ] = None,
    summary: SummaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Close a deal as lost, with the reason, the competitor and what happened.

    Example: salescli opp lose 42 --reason competitor --competitor Cisco --summary "15% cheaper"
    """
    chosen = reason
    if chosen is None:
        chosen = LossReason.parse(
            prompts.require(
                None,
                label="Reason (" + ", ".join(LossReason.values()) + ")",
                flag="--reason REASON",
            ),
            what="loss reason",
        )  # type: ignore[assignment]

    def lose_with(text: str | None) -> Opportunity:
        with state(ctx).session() as session:
            return lifecycle.lose_opportunity(
                session,
                opportunity_id=opportunity_id,
                reason=chosen,  # type: ignore[arg-type]
                competitor=competitor,
                summary=text,
            )

    opportunity = _with_summary(lose_with, summary)
    done(opp_views.closed_message(opportunity), opportunity, as_json=json)


@app.command("suspend")
def suspend(
    ctx: typer.Context,
    opportunity_id: OppId,
    reason: Annotated[str | None, typer.Option("--reason", metavar="TEXT")] = None,
    until: Annotated[
        date | None,
        typer.Option(
            "--until", parser=parse_date_option, metavar="DATE", help="When to pick it up."
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Pause a deal: out of the forecast and reminders until reactivated.

    Example: salescli opp suspend 42 --reason "budget frozen until Q2" --until 2027-04-01
    """
    text = prompts.require(
        reason, label="Why is it paused", flag="--reason TEXT", what="why the deal is paused"
    )
    with state(ctx).session() as session:
        opportunity = lifecycle.suspend_opportunity(
            session, opportunity_id=opportunity_id, reason=text, until=until
        )
    done(
        f"opportunity {opportunity.id} suspended: {opportunity.suspend_reason}",
        opportunity,
        as_json=json,
    )


@app.command("reactivate")
def reactivate(ctx: typer.Context, opportunity_id: OppId, json: JsonOpt = False) -> None:
    """Bring a suspended deal back into the funnel, in the stage it was paused in.

    Example: salescli opp reactivate 42
    """
    with state(ctx).session() as session:
        opportunity = lifecycle.reactivate_opportunity(session, opportunity_id=opportunity_id)
    done(
        f"opportunity {opportunity.id} is open again in {opportunity.stage}",
        opportunity,
        as_json=json,
    )


@app.command("reopen")
def reopen(
    ctx: typer.Context,
    opportunity_id: OppId,
    note: NoteOpt = None,
    stage: Annotated[
        str | None,
        typer.Option("--stage", metavar="KEY", help="Reopen here (default: where it was lost)."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Put a lost deal back into the funnel, saying why.

    Example: salescli opp reopen 42 --note "their new CIO wants to talk again"
    """
    text = prompts.require(
        note, label="Why does it come back", flag="--note TEXT", what="why the deal comes back"
    )
    with state(ctx).session() as session:
        move = lifecycle.reopen_opportunity(
            session, opportunity_id=opportunity_id, note=text, stage=stage
        )
    done(f"opportunity {move.opportunity.id} reopened in {move.to_stage}", move, as_json=json)


@app.command("transfer")
def transfer(
    ctx: typer.Context,
    opportunity_id: OppId,
    to: Annotated[str, typer.Option("--to", metavar="HANDLE", help="The new owner.")],
    note: NoteOpt = None,
    json: JsonOpt = False,
) -> None:
    """Give an open or suspended deal to another rep.

    Example: salescli opp transfer 42 --to bob --note "bob covers Shenzhen now"
    """
    with state(ctx).session() as session:
        opportunity = lifecycle.transfer_opportunity(
            session, opportunity_id=opportunity_id, to=to, note=note
        )
    done(
        f"opportunity {opportunity.id} now belongs to {opportunity.owner}",
        opportunity,
        as_json=json,
    )


@app.command("share")
def share(
    ctx: typer.Context,
    opportunity_id: OppId,
    rep: RepOpt,
    split: Annotated[
        Decimal,
        typer.Option("--split", parser=parse_percent_option, metavar="PCT", help="Their share."),
    ],
    json: JsonOpt = False,
) -> None:
    """Make a rep co-owner of a deal with a split; the owner keeps the rest.

    Example: salescli opp share 42 --with bob --split 30
    """
    with state(ctx).session() as session:
        detail = shares.share_opportunity(
            session, opportunity_id=opportunity_id, rep=rep, split=split
        )
    done(
        f"opportunity {opportunity_id}: {rep} holds {opp_views.percent(split)},"
        f" {detail.opportunity.owner} keeps {opp_views.percent(detail.owner_split)}",
        detail,
        as_json=json,
    )


@app.command("unshare")
def unshare(ctx: typer.Context, opportunity_id: OppId, rep: RepOpt, json: JsonOpt = False) -> None:
    """Remove a co-owner's share of a deal.

    Example: salescli opp unshare 42 --with bob
    """
    with state(ctx).session() as session:
        detail = shares.unshare_opportunity(session, opportunity_id=opportunity_id, rep=rep)
    done(
        f"opportunity {opportunity_id}: {rep} no longer shares it;"
        f" {detail.opportunity.owner} holds {opp_views.percent(detail.owner_split)}",
        detail,
        as_json=json,
    )


@app.command("archive")
def archive(
    ctx: typer.Context,
    ids: Annotated[
        list[int] | None,
        typer.Argument(metavar="[ID]...", click_type=RECORD_ID, help="Closed deals."),
    ] = None,
    closed_before: Annotated[
        date | None,
        typer.Option(
            "--closed-before",
            parser=parse_date_option,
            metavar="DATE",
            help="Every deal closed before this date.",
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Set closed deals aside: out of lists; reports still count them until purged.

    Example: salescli opp archive --closed-before 2025-01-01
    """
    from salescli.services.pipeline.archive import archive_opportunities

    with state(ctx).session() as session:
        result = archive_opportunities(session, ids=ids or (), closed_before=closed_before)
    done(opp_views.archive_message(result), result, as_json=json)


@app.command("purge")
def purge(
    ctx: typer.Context,
    archived_before: Annotated[
        date,
        typer.Option(
            "--archived-before",
            parser=parse_date_option,
            metavar="DATE",
            help="Delete deals archived before this date.",
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (needed off a terminal).")] = False,
    json: JsonOpt = False,
) -> None:
    """Delete archived deals and their history, after writing them to a CSV file beside
    the database (which `opp import` reads back).

    Example: salescli opp purge --archived-before 2026-01-01 --yes
    """
    from salescli.services.pipeline.archive import purge_opportunities, purgeable

    with state(ctx).session() as session:
        count = len(purgeable(session, archived_before=archived_before))
        if count and not yes:
            prompts.confirm_or_refuse(
                f"Delete {count} archived deal{'s' if count != 1 else ''} and their history?",
                flag="--yes",
            )
        result = purge_opportunities(session, archived_before=archived_before)
    deals = "deal" if result.purged == 1 else "deals"
    message = (
        f"purged {result.purged} {deals} and {result.stage_changes} stage changes;"
        f" saved in {result.file}"
        if result.purged
        else "nothing to purge"
    )
    done(message, result, as_json=json)


@app.command("funnel")
def funnel(
    ctx: typer.Context,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    since: Annotated[
        date | None,
        typer.Option(
            "--since",
            parser=parse_date_option,
            metavar="DATE",
            help="Start of the window for history and closed deals (default: a year ago).",
        ),
    ] = None,
    json: JsonOpt = False,
    svg: SvgOpt = None,
) -> None:
    """The funnel's shape: deals, amounts and weighted amounts per stage, configured and
    observed conversion, days in stage; then won, lost, win rate and sales cycle.

    Example: salescli opp funnel --all --since 2026-01-01
    """
    from salescli.render.funnel_views import funnel_view
    from salescli.services.pipeline.funnel import funnel_report

    with state(ctx).session(create=False) as session:
        report = funnel_report(session, owner=owner, everyone=all_, since=since)
    emit(report, as_json=json, human=lambda: funnel_view(report), svg=svg, title="Funnel")


@app.command("delete")
def delete(
    ctx: typer.Context,
    opportunity_id: OppId,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (needed off a terminal).")] = False,
    json: JsonOpt = False,
) -> None:
    """Delete a deal entered by mistake, with its stage history: unlike a lost deal it
    counts in no report; 'salescli undo' puts it back.

    Example: salescli opp delete 42 --yes
    """
    from salescli.cli.cleanup import deleting
    from salescli.services.cleanup.delete import delete_opportunity

    deleting(
        ctx,
        f"Delete deal {opportunity_id}? (A deal that did not happen is lost: 'opp lose'.)",
        lambda session: delete_opportunity(session, opportunity_id=opportunity_id),
        yes=yes,
        as_json=json,
    )
