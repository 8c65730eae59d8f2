"""`salescli expense`: sales expenses, their approval and reimbursement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import typer

from salescli.cli import prompts
from salescli.cli.context import state
from salescli.cli.options import (
    RECORD_ID,
    AllOpt,
    CsvOpt,
    DateFormatOpt,
    DecimalOpt,
    DryRunOpt,
    EditAmountOpt,
    EncodingOpt,
    ExcelOpt,
    ExportFile,
    FileCurrencyOpt,
    ImportFile,
    JsonOpt,
    MapOpt,
    OnConflict,
    OnConflictOpt,
    OwnerOpt,
    RateOpt,
    ValueMapFileOpt,
    ValueMapOpt,
    parse_amount_option,
    parse_date_option,
)
from salescli.cli.transfer import run_export, run_import
from salescli.models.enums import ExpenseCategory
from salescli.models.records import Expense
from salescli.render import marketing_views as views
from salescli.render.output import done, emit_list
from salescli.services.marketing import expenses

app = typer.Typer(
    help="Expenses: what it cost to win and keep customers, approved and reimbursed.",
    no_args_is_help=True,
    add_completion=False,
)
ExpenseId = Annotated[int, typer.Argument(metavar="ID", click_type=RECORD_ID, help="The expense.")]
ExpenseIds = Annotated[
    list[int] | None,
    typer.Argument(metavar="ID...", click_type=RECORD_ID, help="The expenses.", show_default=False),
]
CATEGORIES = ", ".join(ExpenseCategory.values())
CategoryOpt = Annotated[
    str | None,
    typer.Option(
        "--category",
        metavar="CATEGORY",
        help=f"{CATEGORIES} (or 差旅, 招待, 礼品...).",
    ),
]
OnOpt = Annotated[
    date | None,
    typer.Option(
        "--on", parser=parse_date_option, metavar="DATE", help="The day (default: today)."
    ),
]
MonthOpt = Annotated[
    str | None, typer.Option("--month", metavar="YYYY-MM", help="Only this month's.")
]
AccountOpt = Annotated[
    str | None, typer.Option("--account", metavar="ACCOUNT", help="The account (id or name).")
]
OppOpt = Annotated[
    int | None,
    typer.Option("--opp", metavar="ID", click_type=RECORD_ID, help="The deal."),
]
NoteOpt = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="What it was.")]
ReceiptOpt = Annotated[
    str | None, typer.Option("--receipt", metavar="REF", help="The receipt's number or file.")
]
CampaignOpt = Annotated[
    str | None, typer.Option("--campaign", metavar="CAMPAIGN", help="The campaign (id or name).")
]


@app.command("add")
def add(
    ctx: typer.Context,
    amount: Annotated[
        Decimal,
        typer.Argument(parser=parse_amount_option, metavar="AMOUNT", help="What it cost."),
    ],
    category: CategoryOpt = None,
    on: OnOpt = None,
    account: AccountOpt = None,
    opp: OppOpt = None,
    visit: Annotated[
        int | None,
        typer.Option(
            "--visit",
            metavar="ID",
            click_type=RECORD_ID,
            help="The visit (brings its account and deal).",
        ),
    ] = None,
    campaign: CampaignOpt = None,
    note: NoteOpt = None,
    receipt: ReceiptOpt = None,
    json: JsonOpt = False,
) -> None:
    """Record one of your expenses; submit it with 'expense submit' for approval.

    Example: salescli expense add 380 --on 2026-11-12 --category 招待 --account Acme --note "dinner with the CTO" --receipt F-2211
    """
    kind = prompts.require(category, label="Category", flag=f"--category ({CATEGORIES})")
    with state(ctx).session() as session:
        expense = expenses.add_expense(
            session,
            amount=amount,
            category=kind,
            on=on,
            account=account,
            opportunity_id=opp,
            visit_id=visit,
            campaign=campaign,
            note=note,
            receipt=receipt,
        )
    done(views.expense_message(expense, "recorded"), expense, as_json=json)


@app.command("edit")
def edit(
    ctx: typer.Context,
    expense_id: ExpenseId,
    amount: EditAmountOpt = None,
    category: CategoryOpt = None,
    on: OnOpt = None,
    campaign: CampaignOpt = None,
    note: NoteOpt = None,
    receipt: ReceiptOpt = None,
    json: JsonOpt = False,
) -> None:
    """Change an expense not yet approved; an approved one is rejected or reversed first.

    Example: salescli expense edit 12 --amount 420 --receipt F-2213
    """
    with state(ctx).session() as session:
        expense = expenses.edit_expense(
            session,
            expense_id=expense_id,
            amount=amount,
            category=category,
            on=on,
            campaign=campaign,
            note=note,
            receipt=receipt,
        )
    done(views.expense_message(expense, "saved"), expense, as_json=json)


@app.command("list")
def list_(
    ctx: typer.Context,
    month: MonthOpt = None,
    category: CategoryOpt = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="recorded|submitted|approved|rejected|reimbursed|all",
            help="Only this status (default: all).",
        ),
    ] = None,
    account: AccountOpt = None,
    opp: OppOpt = None,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """List your expenses (or --owner's, or --all), oldest first.

    Example: salescli expense list --month 2026-11 --status submitted
    """
    with state(ctx).session(create=False) as session:
        found = expenses.list_expenses(
            session,
            month=month,
            category=category,
            status=status,
            account=account,
            opportunity_id=opp,
            owner=owner,
            everyone=all_,
        )
    emit_list(
        found,
        as_json=json,
        as_csv=csv,
        human=lambda: views.expenses_table(found),
        record_type=Expense,
    )


@app.command("submit")
def submit(
    ctx: typer.Context, ids: ExpenseIds = None, month: MonthOpt = None, json: JsonOpt = False
) -> None:
    """Submit your recorded expenses for approval: those named, or a whole --month.

    Example: salescli expense submit --month 2026-11
    """
    with state(ctx).session() as session:
        batch = expenses.submit_expenses(session, ids=ids, month=month)
    done(views.batch_message(batch), batch, as_json=json)


@app.command("approve")
def approve(ctx: typer.Context, ids: ExpenseIds = None, json: JsonOpt = False) -> None:
    """Approve submitted expenses (a manager).

    Example: salescli --as maria expense approve 12 13 14
    """
    with state(ctx).session() as session:
        batch = expenses.approve_expenses(session, ids=ids or [])
    done(views.batch_message(batch), batch, as_json=json)


@app.command("reject")
def reject(
    ctx: typer.Context,
    ids: ExpenseIds = None,
    reason: Annotated[str, typer.Option("--reason", metavar="TEXT", help="Why.")] = "",
    json: JsonOpt = False,
) -> None:
    """Reject submitted or approved expenses, saying why (a manager); the rep may edit and
    submit them again.

    Example: salescli --as maria expense reject 12 --reason "no receipt"
    """
    with state(ctx).session() as session:
        batch = expenses.reject_expenses(session, ids=ids or [], reason=reason)
    done(views.batch_message(batch), batch, as_json=json)


@app.command("reimburse")
def reimburse(ctx: typer.Context, ids: ExpenseIds = None, json: JsonOpt = False) -> None:
    """Mark approved expenses as paid back (a manager).

    Example: salescli --as maria expense reimburse 12 13
    """
    with state(ctx).session() as session:
        batch = expenses.reimburse_expenses(session, ids=ids or [])
    done(views.batch_message(batch), batch, as_json=json)


@app.command("reverse")
def reverse(ctx: typer.Context, ids: ExpenseIds = None, json: JsonOpt = False) -> None:
    """Undo a reimbursement entered by mistake; the expense is approved again (a manager).

    Example: salescli --as maria expense reverse 12
    """
    with state(ctx).session() as session:
        batch = expenses.reverse_expenses(session, ids=ids or [])
    done(views.batch_message(batch), batch, as_json=json)


@app.command("export")
def export(
    ctx: typer.Context,
    file: ExportFile = None,
    month: MonthOpt = None,
    status: Annotated[
        str | None,
        typer.Option("--status", metavar="STATUS", help="Only this status (e.g. submitted)."),
    ] = None,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    excel: ExcelOpt = False,
) -> None:
    """Export expenses as CSV: a rep's monthly claim, as finance asks for it.

    Example: salescli expense export claim-2026-11.csv --month 2026-11 --status submitted
    """
    run_export(
        ctx,
        lambda session: expenses.export_expenses(
            session, month=month, status=status, owner=owner, everyone=all_
        ),
        what="expenses",
        file=file,
        excel=excel,
    )


@app.command("import")
def import_(
    ctx: typer.Context,
    file: ImportFile,
    map_: MapOpt = None,
    on_conflict: OnConflictOpt = OnConflict.UPDATE,
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
    """Import expenses from CSV (a manager): the columns 'expense export' writes; rows
    match existing expenses by id or external_id.

    Example: salescli --as maria expense import ledger-2026-11.csv --dry-run
    """
    from salescli.services.marketing import expenses_csv

    run_import(
        ctx,
        expenses_csv.import_expenses,
        what="expenses",
        file=file,
        mapping=map_,
        on_conflict=on_conflict,
        dry_run=dry_run,
        encoding=encoding,
        as_json=json,
        decimal=decimal,
        rates=rate,
        file_currency=currency,
        date_format=date_format,
        value_maps=value_map,
        value_map_file=value_map_file,
    )
