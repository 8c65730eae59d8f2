"""`salescli contract`: contracts from draft to signed, carried out and closed."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from salescli.cli import prompts
from salescli.cli.context import state
from salescli.cli.options import (
    RECORD_ID,
    AllOpt,
    AmountOpt,
    AssignOpt,
    ContractRef,
    CsvOpt,
    DryRunOpt,
    EncodingOpt,
    ExcelOpt,
    ExportFile,
    ImportFile,
    JsonOpt,
    MapOpt,
    OwnerOpt,
    PriceOpt,
    QtyOpt,
    TaxOpt,
    TextOpt,
    parse_amount_option,
    parse_date_option,
)
from salescli.errors import UsageProblem
from salescli.models.records import Contract, ContractChange
from salescli.render import contract_views
from salescli.render.output import done, emit, emit_list, say, warn
from salescli.services.orders import contract_lifecycle, contract_lines, contracts, receivables

app = typer.Typer(
    help="Contracts: from draft through approval and signature to completion.",
    no_args_is_help=True,
    add_completion=False,
)
ReasonOpt = Annotated[str | None, typer.Option("--reason", metavar="TEXT", help="Why.")]
EndOpt = Annotated[
    date | None,
    typer.Option("--end", parser=parse_date_option, metavar="DATE", help="When it ends."),
]
TitleOpt = Annotated[str | None, typer.Option("--title", metavar="TEXT", help="What it is for.")]
TermsOpt = Annotated[
    str | None, typer.Option("--terms", metavar="TEXT", help="Its terms, in a sentence or two.")
]


@app.command("new")
def new(
    ctx: typer.Context,
    opp: Annotated[
        int | None, typer.Option("--opp", metavar="DEAL", help="The deal it is for.")
    ] = None,
    account: Annotated[
        str | None,
        typer.Option(
            "--account", metavar="ACCOUNT", help="The account, for a contract with no deal."
        ),
    ] = None,
    amount: AmountOpt = None,
    from_quote: Annotated[
        int | None,
        typer.Option(
            "--from-quote",
            metavar="QUOTE",
            click_type=RECORD_ID,
            help="An accepted quote: its deal or account, lines, and gross total as the amount.",
        ),
    ] = None,
    number: Annotated[
        str | None,
        typer.Option("--number", metavar="TEXT", help="Its number (default: HT-YEAR-0001, ...)."),
    ] = None,
    title: TitleOpt = None,
    start: Annotated[
        date | None,
        typer.Option("--start", parser=parse_date_option, metavar="DATE", help="When it starts."),
    ] = None,
    end: EndOpt = None,
    terms: TermsOpt = None,
    owner: AssignOpt = None,
    json: JsonOpt = False,
) -> None:
    """Draft a contract for a deal (--opp) or an account (--account), for an amount, or
    from an accepted quote (--from-quote), which gives its deal or account, its lines and
    its amount (the quote's gross total).

    Example: salescli contract new --opp 42 --amount 500000 --start 2027-01-01 --end 2027-12-31

    Example: salescli contract new --from-quote 7 --end 2027-12-31
    """
    if from_quote is not None and (opp is not None or account is not None or amount is not None):
        raise UsageProblem(
            "--from-quote takes the deal, account and amount from the quote",
            hint="drop --opp, --account and --amount",
        )
    if amount is None and from_quote is None:
        amount = parse_amount_option(prompts.require(None, label="Amount", flag="--amount AMOUNT"))
    details: dict[str, Any] = {"number": number, "title": title, "start_on": start, "end_on": end}
    with state(ctx).session() as session:
        if from_quote is not None:
            contract = contracts.new_contract_from_quote(
                session,
                quote_number=from_quote,
                rules=state(ctx).quote_rules(),
                terms=terms,
                owner=owner,
                **details,
            )
        else:
            assert amount is not None  # prompted for above
            contract = contracts.new_contract(
                session,
                amount=amount,
                opportunity_id=opp,
                account=account,
                terms=terms,
                owner=owner,
                **details,
            )
    done(
        f"drafted contract {contract.number} ({contract.account}) for"
        f" {contract_views.text(contract.amount)}",
        contract,
        as_json=json,
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    account: Annotated[
        str | None, typer.Option("--account", metavar="ACCOUNT", help="Only this account's.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="draft, submitted, approved, signed, active, suspended, completed, closed,"
            " terminated or all (default: all but closed and terminated).",
        ),
    ] = None,
    expiring: Annotated[
        int | None,
        typer.Option("--expiring", metavar="DAYS", help="Live contracts ending within DAYS."),
    ] = None,
    renewal: Annotated[
        bool,
        typer.Option(
            "--renewal",
            help="Live contracts ending within 90 days (or --expiring DAYS), or ended,"
            " with no later contract for the account: the ones to renew.",
        ),
    ] = False,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """List your contracts (or --owner's, or --all), or an account's.

    Example: salescli contract list --expiring 60
    """
    app_state = state(ctx)
    with app_state.session(create=False) as session:
        found = contracts.list_contracts(
            session,
            owner=owner,
            everyone=all_,
            account=account,
            status=status,
            expiring=expiring,
            renewal=renewal,
        )
    emit_list(
        found,
        as_json=json,
        as_csv=csv,
        human=lambda: contract_views.contracts_table(
            found, app_state.today, empty="no contracts to show"
        ),
        record_type=Contract,
    )


@app.command("show")
def show(
    ctx: typer.Context,
    ref: ContractRef,
    version: Annotated[
        int | None,
        typer.Option("--version", metavar="N", min=1, help="Show version N as it stood."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Show a contract: its terms, % complete, payment schedule and receipts.

    Example: salescli contract show HT-2027-0001 --version 1
    """
    app_state = state(ctx)
    with app_state.session(create=False) as session:
        detail = receivables.show_contract(session, ref=ref, version=version)
    emit(
        detail, as_json=json, human=lambda: contract_views.contract_detail(detail, app_state.today)
    )


@app.command("history")
def history(ctx: typer.Context, ref: ContractRef, json: JsonOpt = False) -> None:
    """List a contract's versions and every change, with who and when.

    Example: salescli contract history HT-2027-0001
    """
    with state(ctx).session(create=False) as session:
        found = contracts.contract_history(session, ref=ref)
    emit(found, as_json=json, human=lambda: contract_views.contract_history(found))


@app.command("amend")
def amend(
    ctx: typer.Context,
    ref: ContractRef,
    reason: ReasonOpt = None,
    amount: AmountOpt = None,
    end: EndOpt = None,
    title: TitleOpt = None,
    terms: TermsOpt = None,
    add_line: Annotated[
        bool,
        typer.Option(
            "--add-line", help="Add a line: --product CODE (and --qty), or --text with --price."
        ),
    ] = False,
    edit_line: Annotated[
        int | None,
        typer.Option(
            "--edit-line", metavar="LINE", click_type=RECORD_ID, help="Change line LINE (#)."
        ),
    ] = None,
    remove_line: Annotated[
        int | None,
        typer.Option(
            "--remove-line",
            metavar="LINE",
            click_type=RECORD_ID,
            help="Remove line LINE (#); the later ones move up.",
        ),
    ] = None,
    product: Annotated[
        str | None,
        typer.Option("--product", metavar="CODE", help="The line's product (priced again)."),
    ] = None,
    qty: QtyOpt = None,
    price: PriceOpt = None,
    tax: TaxOpt = None,
    text: TextOpt = None,
    over_limit: Annotated[
        bool,
        typer.Option(
            "--over-limit",
            help="Raise a signed contract past the account's credit limit (managers; --reason"
            " is recorded).",
        ),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Amend a contract: a new version with what changed (its amount, end, title, terms,
    or one of its lines); the old one is kept. Lines that no longer add up to the amount
    are warned of, with the difference. Raising a signed contract's amount passes the
    credit check signing passes.

    Example: salescli contract amend HT-2027-0001 --amount 560000 --reason "two more sites"

    Example: salescli contract amend HT-2027-0001 --add-line --product SKU-100 --qty 2 --reason "spares"

    Example: salescli contract amend HT-2027-0001 --edit-line 2 --qty 12 --reason "two more"
    """
    line = contract_lines.line_change(
        currency=state(ctx).quote_rules().currency,
        add=add_line,
        edit=edit_line,
        remove=remove_line,
        product=product,
        text=text,
        quantity=qty,
        price=price,
        tax=tax,
    )
    why = prompts.require_reason(reason, label="Why is it amended", why="it is amended")
    with state(ctx).session() as session:
        change = contracts.amend_contract(
            session,
            ref=ref,
            reason=why,
            amount=amount,
            end_on=end,
            title=title,
            terms=terms,
            line=line,
            over_limit=over_limit,
        )
    _changed(change, json)


@app.command("progress")
def progress(
    ctx: typer.Context,
    ref: ContractRef,
    percent: Annotated[
        str | None, typer.Argument(metavar="PCT", help="How far it is carried out: 60%.")
    ] = None,
    milestone: Annotated[
        str | None, typer.Option("--milestone", metavar="TEXT", help="A milestone reached.")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Report how far a contract is carried out, or a milestone reached.

    Example: salescli contract progress HT-2027-0001 60% --milestone "installed line 3"
    """
    value = None
    if percent is not None:
        text = percent.strip().removesuffix("%").strip()
        if not text.isdigit():
            raise typer.BadParameter(f"'{percent}' is not a whole percentage (60%)")
        value = int(text)
    with state(ctx).session() as session:
        change = contracts.report_progress(session, ref=ref, percent=value, milestone=milestone)
    _changed(change, json)


def _changed(change: ContractChange, as_json: bool) -> None:
    for note in change.notes:
        say(note)
    for warning in change.warnings:
        warn(warning)
    done(contract_views.change_message(change), change, as_json=as_json)


def _transition(command: str, summary: str, example: str, *, reason: bool = False) -> None:
    """One command per transition, all alike: `contract submit C`, ..."""

    if reason:

        def move_with_reason(
            ctx: typer.Context, ref: ContractRef, reason: ReasonOpt = None, json: JsonOpt = False
        ) -> None:
            why = prompts.require_reason(
                reason, label="Why", why=f"it is {command.removesuffix('e')}ed"
            )
            with state(ctx).session() as session:
                change = contract_lifecycle.change_status(
                    session, ref=ref, command=command, reason=why
                )
            _changed(change, json)

        move_with_reason.__doc__ = f"{summary}\n\nExample: {example}"
        app.command(command)(move_with_reason)
        return

    def move(ctx: typer.Context, ref: ContractRef, json: JsonOpt = False) -> None:
        with state(ctx).session() as session:
            change = contract_lifecycle.change_status(session, ref=ref, command=command)
        _changed(change, json)

    move.__doc__ = f"{summary}\n\nExample: {example}"
    app.command(command)(move)


_transition(
    "submit", "Submit a draft contract for approval.", "salescli contract submit HT-2027-0001"
)
_transition(
    "approve",
    "Approve a submitted contract (managers).",
    "salescli --as maria contract approve HT-2027-0001",
)


@app.command("sign")
def sign(
    ctx: typer.Context,
    ref: ContractRef,
    win_deal: Annotated[
        bool, typer.Option("--win-deal", help="Win the contract's deal if it is still open.")
    ] = False,
    over_limit: Annotated[
        bool,
        typer.Option(
            "--over-limit", help="Sign past the account's credit limit (managers, with --reason)."
        ),
    ] = False,
    reason: ReasonOpt = None,
    json: JsonOpt = False,
) -> None:
    """Sign an approved contract, within the account's credit limit. On a terminal,
    offers to win its deal when it is still open.

    Example: salescli contract sign HT-2027-0001 --win-deal
    """
    if over_limit and reason is None:
        reason = prompts.require_reason(
            None, label="Why may it pass the limit", why="it may pass the credit limit"
        )
    with state(ctx).session() as session:
        if not win_deal and prompts.interactive():
            deal = contract_lifecycle.open_deal(session, ref=ref)
            win_deal = deal is not None and prompts.confirm(
                f"Opportunity {deal} is still open. Win it too?"
            )
        change = contract_lifecycle.sign_contract(
            session, ref=ref, win_deal=win_deal, over_limit=reason if over_limit else None
        )
    _changed(change, json)


_transition(
    "start", "Start carrying out a signed contract.", "salescli contract start HT-2027-0001"
)
_transition(
    "complete", "Mark an active contract carried out.", "salescli contract complete HT-2027-0001"
)
_transition("close", "Close a completed contract.", "salescli contract close HT-2027-0001")
_transition(
    "suspend",
    "Suspend an active contract (its execution is interrupted), saying why.",
    'salescli contract suspend HT-2027-0001 --reason "site not ready"',
    reason=True,
)
_transition("resume", "Resume a suspended contract.", "salescli contract resume HT-2027-0001")
_transition(
    "terminate",
    "Terminate a contract before it is completed, saying why.",
    'salescli contract terminate HT-2027-0001 --reason "customer went bankrupt"',
    reason=True,
)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: ImportFile,
    mapping: MapOpt = None,
    dry_run: DryRunOpt = False,
    encoding: EncodingOpt = None,
    json: JsonOpt = False,
) -> None:
    """Import contracts from another system as new drafts (number, account or deal,
    amount, title, start, end, terms, owner): every row checked, then all made or none.

    Example: salescli contract import 合同台账.csv --map "签约客户=account" --dry-run
    """
    from salescli.render.output import emit_json
    from salescli.render.views import import_summary
    from salescli.services.core.bulk import ImportOptions
    from salescli.services.orders import contracts_csv

    options = ImportOptions(
        path=file, mapping=tuple(mapping or ()), dry_run=dry_run, encoding=encoding
    )
    with state(ctx).session() as session:
        result = contracts_csv.dry_run_or_import(session, options)
    import_summary("contracts", result)
    if json:
        emit_json(result)


@app.command("export")
def export(ctx: typer.Context, file: ExportFile = None, excel: ExcelOpt = False) -> None:
    """Export every contract to CSV ("-" or nothing: stdout).

    Example: salescli contract export contracts.csv --excel
    """
    from salescli.cli.transfer import run_export
    from salescli.services.orders import contracts_csv

    run_export(ctx, contracts_csv.export_contracts, what="contracts", file=file, excel=excel)
