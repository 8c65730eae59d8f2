"""`salescli receivable`: payment schedules, receipts, aging and the collection forecast."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from salescli.cli import prompts
from salescli.cli.context import state
from salescli.cli.options import (
    RECORD_ID,
    AllOpt,
    AmountArg,
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
    parse_date_option,
)
from salescli.models.records import Installment
from salescli.render import contract_views
from salescli.render.output import done, emit, emit_list
from salescli.services.orders import collections, receivables

app = typer.Typer(
    help="Receivables: payment schedules, receipts, aging and collections.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command("plan")
def plan(
    ctx: typer.Context,
    ref: ContractRef,
    split: Annotated[
        str, typer.Option("--split", metavar="PCTS", help="Percentages adding up to 100: 30,60,10.")
    ],
    dates: Annotated[
        str,
        typer.Option(
            "--dates",
            metavar="DATES",
            help="One due date per part: sign, start, end, +60d (from signing) or a date.",
        ),
    ],
    notes: Annotated[
        str | None,
        typer.Option("--notes", metavar="TEXTS", help="One note per part: 预付款,进度款,尾款."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Plan a contract's payment schedule as a split of its amount, to the cent.
    Installments already paid into are kept; the plan splits the rest.

    Example: salescli receivable plan HT-2027-0001 --split 30,60,10 --dates sign,+60d,+180d
    """
    with state(ctx).session() as session:
        schedule = receivables.plan_schedule(
            session,
            ref=ref,
            split=receivables.parse_split(split),
            due=[part.strip() for part in dates.split(",")],
            notes=[part.strip() for part in notes.split(",")] if notes else (),
        )
    done(contract_views.schedule_message(schedule), schedule, as_json=json)


@app.command("add")
def add(
    ctx: typer.Context,
    ref: ContractRef,
    amount: AmountArg,
    due: Annotated[
        date | None,
        typer.Option("--due", parser=parse_date_option, metavar="DATE", help="When it is due."),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="What it is for.")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Add one installment to a contract's schedule.

    Example: salescli receivable add HT-2027-0001 150000 --due 2027-03-01 --note 预付款
    """
    if due is None:
        due = parse_date_option(prompts.require(None, label="Due date", flag="--due DATE"))
    with state(ctx).session() as session:
        schedule = receivables.add_installment(
            session, ref=ref, amount=amount, due_on=due, note=note
        )
    done(contract_views.schedule_message(schedule), schedule, as_json=json)


@app.command("pay")
def pay(
    ctx: typer.Context,
    ref: ContractRef,
    amount: AmountArg,
    on: Annotated[
        date | None,
        typer.Option(
            "--on",
            parser=parse_date_option,
            metavar="DATE",
            help="When it was received (default: today).",
        ),
    ] = None,
    bank_ref: Annotated[
        str | None, typer.Option("--ref", metavar="TEXT", help="The bank reference (银行流水号).")
    ] = None,
    installment: Annotated[
        int | None,
        typer.Option("--installment", metavar="N", min=1, help="Pay installment N only."),
    ] = None,
    credit: Annotated[
        bool,
        typer.Option("--credit", help="Keep what is more than owed as a credit on the account."),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Record money received: it pays the oldest unpaid installments first.

    Example: salescli receivable pay HT-2027-0001 150000 --on 2027-03-03 --ref 20270303-8841
    """
    app_state = state(ctx)
    with app_state.session() as session:
        receipt = receivables.record_payment(
            session,
            ref=ref,
            amount=amount,
            received_on=on or session.today,
            bank_ref=bank_ref,
            installment=installment,
            credit=credit,
        )
    done(contract_views.receipt_message(receipt), receipt, as_json=json)


@app.command("unpay")
def unpay(
    ctx: typer.Context,
    receipt_id: Annotated[
        int, typer.Argument(metavar="RECEIPT", click_type=RECORD_ID, help="The receipt's id.")
    ],
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="TEXT", help="Why it is reversed.")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Reverse a mistaken receipt; what it paid is owed again. Receipts are never deleted.

    Example: salescli receivable unpay 12 --reason "booked on the wrong contract"
    """
    why = prompts.require_reason(reason, label="Why is it reversed", why="the receipt is reversed")
    with state(ctx).session() as session:
        receipt = receivables.reverse_payment(session, receipt_id=receipt_id, reason=why)
    done(contract_views.receipt_message(receipt), receipt, as_json=json)


@app.command("list")
def list_(
    ctx: typer.Context,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue installments.")] = False,
    due_within: Annotated[
        int | None,
        typer.Option("--due-within", metavar="DAYS", help="Only those due within DAYS."),
    ] = None,
    account: Annotated[
        str | None, typer.Option("--account", metavar="ACCOUNT", help="Only this account's.")
    ] = None,
    contract: Annotated[
        str | None, typer.Option("--contract", metavar="CONTRACT", help="Only this contract's.")
    ] = None,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """List what is owed on your contracts (or --owner's, or --all), soonest due first.

    Example: salescli receivable list --overdue --all
    """
    app_state = state(ctx)
    with app_state.session(create=False) as session:
        found = receivables.list_receivables(
            session,
            owner=owner,
            everyone=all_,
            overdue=overdue,
            due_within=due_within,
            account=account,
            contract=contract,
        )
    emit_list(
        found,
        as_json=json,
        as_csv=csv,
        human=lambda: contract_views.installments_table(found, app_state.today),
        record_type=Installment,
    )


@app.command("aging")
def aging(
    ctx: typer.Context, owner: OwnerOpt = None, all_: AllOpt = False, json: JsonOpt = False
) -> None:
    """Show what is owed by account and rep: not due, 1-30, 31-60, 61-90, over 90 days.

    Example: salescli receivable aging --all
    """
    with state(ctx).session(create=False) as session:
        result = collections.aging(session, owner=owner, everyone=all_)
    emit(result, as_json=json, human=lambda: contract_views.aging_table(result))


@app.command("forecast")
def forecast(
    ctx: typer.Context,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    months: Annotated[
        int, typer.Option("--months", metavar="N", help="This month and the next N-1.")
    ] = 3,
    past: Annotated[int, typer.Option("--past", metavar="N", help="And N months before.")] = 2,
    json: JsonOpt = False,
) -> None:
    """Show by month what is due, overdue carried forward and collected, the collection
    rate, and the key collection tasks.

    Example: salescli receivable forecast --all --months 6
    """
    app_state = state(ctx)
    with app_state.session(create=False) as session:
        result = collections.collection_forecast(
            session, owner=owner, everyone=all_, months=months, past=past
        )
    emit(result, as_json=json, human=lambda: contract_views.forecast_view(result, app_state.today))


@app.command("import")
def import_(
    ctx: typer.Context,
    file: ImportFile,
    mapping: MapOpt = None,
    dry_run: DryRunOpt = False,
    encoding: EncodingOpt = None,
    installments: Annotated[
        bool,
        typer.Option(
            "--installments",
            help="Payment schedules (the columns 'receivable export' writes) instead of receipts.",
        ),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Import receipts (date, contract number, amount, bank reference; optionally the
    installment and credit=yes), or with --installments each named contract's whole
    payment schedule: every row checked first, then all recorded or none.

    Example: salescli receivable import 银行回单.csv --map "交易日=received_on" --map "摘要=contract"

    Example: salescli receivable import schedule.csv --installments --dry-run
    """
    from salescli.render.output import emit_json
    from salescli.render.views import import_summary
    from salescli.services.core.bulk import ImportOptions
    from salescli.services.orders import installments_csv, receivables_csv

    options = ImportOptions(
        path=file, mapping=tuple(mapping or ()), dry_run=dry_run, encoding=encoding
    )
    with state(ctx).session() as session:
        if installments:
            result = installments_csv.import_installments(session, options)
        else:
            result = receivables_csv.import_receipts(session, options)
    import_summary("installments" if installments else "receipts", result)
    if json:
        emit_json(result)


@app.command("export")
def export(
    ctx: typer.Context,
    file: ExportFile = None,
    receipts: Annotated[
        bool, typer.Option("--receipts", help="The receipts instead of the installments.")
    ] = False,
    excel: ExcelOpt = False,
) -> None:
    """Export every installment (or --receipts: every receipt) to CSV ("-" or nothing:
    stdout).

    Example: salescli receivable export receipts.csv --receipts --excel
    """
    from salescli.cli.transfer import run_export
    from salescli.services.orders import receivables_csv

    exporter = receivables_csv.export_receipts if receipts else receivables_csv.export_installments
    run_export(
        ctx, exporter, what="receipts" if receipts else "installments", file=file, excel=excel
    )
