"""`salescli quote`: quotes for deals and accounts, their lines, versions and states."""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from salescli import config
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
    OwnerOpt,
    PriceOpt,
    QtyOpt,
    TaxOpt,
    TextOpt,
    WholeNumber,
    parse_date_option,
)
from salescli.models.records import Quote
from salescli.render import quote_views
from salescli.render.output import done, emit, emit_list
from salescli.services.orders import quotes

app = typer.Typer(
    help="Quotes: offers with lines, discounts and tax, sent, revised, accepted or rejected.",
    no_args_is_help=True,
    add_completion=False,
)
line_app = typer.Typer(help="A draft quote's lines.", no_args_is_help=True, add_completion=False)
app.add_typer(line_app, name="line")

QuoteNumber = Annotated[
    int, typer.Argument(metavar="QUOTE", click_type=RECORD_ID, help="The quote's number.")
]
LineNumber = Annotated[
    int, typer.Argument(metavar="LINE", click_type=RECORD_ID, help="The line's number (#).")
]
VersionOpt = Annotated[
    int | None,
    typer.Option(
        "--version",
        metavar="N",
        click_type=WholeNumber(1, None, what="a version"),
        help="This version (default: the latest).",
    ),
]
ValidOpt = Annotated[
    date | None,
    typer.Option(
        "--valid-until",
        parser=parse_date_option,
        metavar="DATE",
        help="Valid until this day (default: quote.valid_days from today).",
    ),
]
DiscountOpt = Annotated[
    str | None, typer.Option("--discount", metavar="PCT|AMOUNT", help="A discount: 10% or 500.")
]


def _rules(ctx: typer.Context) -> config.QuoteRules:
    return state(ctx).quote_rules()


@app.command("new")
def new(
    ctx: typer.Context,
    deal: Annotated[
        int | None,
        typer.Argument(metavar="[DEAL]", click_type=RECORD_ID, help="The deal (opportunity id)."),
    ] = None,
    account: Annotated[
        str | None,
        typer.Option(
            "--account", metavar="ACCOUNT", help="A quote for an account with no deal yet."
        ),
    ] = None,
    contact: Annotated[
        str | None,
        typer.Option("--contact", metavar="NAME", help="The contact it is addressed to."),
    ] = None,
    valid_until: ValidOpt = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A note.")] = None,
    discount: Annotated[
        str | None,
        typer.Option("--discount", metavar="PCT|AMOUNT", help="An overall discount: 5% or 1000."),
    ] = None,
    tax_included: Annotated[
        bool, typer.Option("--tax-included", help="Its prices include tax (含税).")
    ] = False,
    owner: Annotated[
        str | None,
        typer.Option("--owner", metavar="HANDLE", help="Whose quote (default: yours)."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Start a draft quote for a deal you work, or --account for a customer with no deal
    yet.

    Example: salescli quote new 42 --valid-until +2w --tax-included
    """
    rules = _rules(ctx)
    with state(ctx).session() as session:
        quote = quotes.new_quote(
            session,
            rules=rules,
            deal=deal,
            account=account,
            contact=contact,
            valid_until=valid_until,
            note=note,
            discount=discount,
            tax_included=tax_included,
            owner=owner,
        )
    done(quote_views.quote_message("made", quote), quote, as_json=json)


@app.command("edit")
def edit(
    ctx: typer.Context,
    number: QuoteNumber,
    valid_until: ValidOpt = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help='A note, or "".')
    ] = None,
    discount: Annotated[
        str | None,
        typer.Option(
            "--discount", metavar="PCT|AMOUNT", help='The overall discount, or "" for none.'
        ),
    ] = None,
    tax_included: Annotated[
        bool | None,
        typer.Option("--tax-included/--tax-excluded", help="Whether its prices include tax."),
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", metavar="NAME", help='The contact, or "" for none.')
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Change a draft's validity, note, overall discount, tax basis or contact.

    Example: salescli quote edit 7 --discount 5% --valid-until 2027-01-31
    """
    rules = _rules(ctx)
    with state(ctx).session() as session:
        quote = quotes.edit_quote(
            session,
            rules=rules,
            number=number,
            valid_until=valid_until,
            note=note,
            discount=discount,
            tax_included=tax_included,
            contact=contact,
        )
    done(quote_views.quote_message("changed", quote), quote, as_json=json)


@line_app.command("add")
def line_add(
    ctx: typer.Context,
    number: QuoteNumber,
    product: Annotated[
        str | None, typer.Argument(metavar="[PRODUCT]", help="The product's code (or --text).")
    ] = None,
    qty: QtyOpt = None,
    price: PriceOpt = None,
    discount: DiscountOpt = None,
    tax: TaxOpt = None,
    text: TextOpt = None,
    json: JsonOpt = False,
) -> None:
    """Add a line to a draft: a product at the customer's price, or --text with --price.

    Example: salescli quote line add 7 SKU-100 --qty 3 --discount 10%
    """
    rules = _rules(ctx)
    with state(ctx).session() as session:
        detail = quotes.add_line(
            session,
            rules=rules,
            number=number,
            product=product,
            text=text,
            quantity=qty,
            price=price,
            discount=discount,
            tax=tax,
        )
    done(_line_message("added a line to", detail.quote), detail, as_json=json)


@line_app.command("edit")
def line_edit(
    ctx: typer.Context,
    number: QuoteNumber,
    line: LineNumber,
    product: Annotated[
        str | None,
        typer.Option("--product", metavar="CODE", help="Another product (priced again)."),
    ] = None,
    qty: QtyOpt = None,
    price: PriceOpt = None,
    discount: Annotated[
        str | None,
        typer.Option("--discount", metavar="PCT|AMOUNT", help='A discount, or "" for none.'),
    ] = None,
    tax: TaxOpt = None,
    text: TextOpt = None,
    json: JsonOpt = False,
) -> None:
    """Change a draft's line.

    Example: salescli quote line edit 7 1 --qty 5 --discount ""
    """
    rules = _rules(ctx)
    with state(ctx).session() as session:
        detail = quotes.edit_line(
            session,
            rules=rules,
            number=number,
            position=line,
            product=product,
            text=text,
            quantity=qty,
            price=price,
            discount=discount,
            tax=tax,
        )
    done(_line_message(f"changed line {line} of", detail.quote), detail, as_json=json)


@line_app.command("remove")
def line_remove(
    ctx: typer.Context, number: QuoteNumber, line: LineNumber, json: JsonOpt = False
) -> None:
    """Remove a draft's line; the lines after it move up.

    Example: salescli quote line remove 7 2
    """
    rules = _rules(ctx)
    with state(ctx).session() as session:
        detail = quotes.remove_line(session, rules=rules, number=number, position=line)
    done(_line_message(f"removed line {line} of", detail.quote), detail, as_json=json)


def _line_message(verb: str, quote: Quote) -> str:
    approval = ", needs a manager's approval" if quote.needs_approval else ""
    return f"{verb} quote {quote.number}: {quote.lines} line(s), net {quote_views.text(quote.net)}{approval}"


@app.command("show")
def show(
    ctx: typer.Context, number: QuoteNumber, version: VersionOpt = None, json: JsonOpt = False
) -> None:
    """Show a quote's lines and totals: net, discount, tax by rate, gross, margin.

    Example: salescli quote show 7 --version 1
    """
    rules = _rules(ctx)
    with state(ctx).session(create=False) as session:
        detail = quotes.show_quote(session, number=number, rules=rules, version=version)
    emit(detail, as_json=json, human=lambda: quote_views.quote_detail(detail))


@app.command("list")
def list_(
    ctx: typer.Context,
    account: Annotated[
        str | None, typer.Option("--account", metavar="ACCOUNT", help="Only this account's quotes.")
    ] = None,
    opp: Annotated[
        int | None,
        typer.Option("--opp", metavar="ID", click_type=RECORD_ID, help="Only this deal's quotes."),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="draft|sent|accepted|rejected|expired|all",
            help="Default: drafts and sent quotes, expired ones included.",
        ),
    ] = None,
    expiring: Annotated[
        int | None,
        typer.Option(
            "--expiring",
            metavar="DAYS",
            click_type=WholeNumber(0, 3660, what="a number of days"),
            help="Sent quotes whose validity ends within DAYS.",
        ),
    ] = None,
    pending_approval: Annotated[
        bool,
        typer.Option(
            "--pending-approval",
            help="Drafts waiting for a manager's approval (a manager sees the whole team's).",
        ),
    ] = False,
    owner: OwnerOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """List your quotes' latest versions (or --owner's, or --all), soonest validity end
    first; an account's or a deal's quotes are everyone's.

    Example: salescli quote list --expiring 7
    """
    rules = _rules(ctx)
    with state(ctx).session(create=False) as session:
        found = quotes.list_quotes(
            session,
            rules=rules,
            owner=owner,
            everyone=all_,
            account=account,
            deal=opp,
            status=status,
            expiring=expiring,
            pending_approval=pending_approval,
        )
    emit_list(
        found,
        as_json=json,
        as_csv=csv,
        human=lambda: quote_views.quotes_table(found),
        record_type=Quote,
    )


@app.command("history")
def history(ctx: typer.Context, number: QuoteNumber, json: JsonOpt = False) -> None:
    """List a quote's versions with their totals.

    Example: salescli quote history 7
    """
    rules = _rules(ctx)
    with state(ctx).session(create=False) as session:
        versions = quotes.quote_history(session, number=number, rules=rules)
    emit(versions, as_json=json, human=lambda: quote_views.history_table(versions))


@app.command("send")
def send(ctx: typer.Context, number: QuoteNumber, json: JsonOpt = False) -> None:
    """Mark a draft as sent to the customer; it is frozen from then on.

    Example: salescli quote send 7
    """
    from salescli.services.orders import quote_states  # credit checks: ~23 ms

    rules = _rules(ctx)
    with state(ctx).session() as session:
        quote = quote_states.send_quote(session, number=number, rules=rules)
    done(quote_views.quote_message("sent", quote), quote, as_json=json)


@app.command("accept")
def accept(
    ctx: typer.Context,
    number: QuoteNumber,
    version: VersionOpt = None,
    over_limit: Annotated[
        bool,
        typer.Option(
            "--over-limit",
            help="Accept past the account's credit limit (managers, with --reason).",
        ),
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="TEXT", help="Why it may pass the limit.")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """The customer accepted: the deal's amount becomes the quote's net total. It does
    not win the deal (opp win does). Only the latest version is accepted, and only
    within the account's credit limit (its gross total added to the exposure) unless a
    manager passes it.

    Example: salescli quote accept 7
    """
    from salescli.services.orders import quote_states  # credit checks: ~23 ms

    rules = _rules(ctx)
    if over_limit and reason is None:
        reason = prompts.require_reason(
            None, label="Why may it pass the limit", why="it may pass the credit limit"
        )
    with state(ctx).session() as session:
        quote = quote_states.accept_quote(
            session,
            number=number,
            rules=rules,
            version=version,
            over_limit=reason if over_limit else None,
        )
    deal = (
        f"; deal {quote.opportunity_id}'s amount is now {quote_views.text(quote.net)}"
        if quote.opportunity_id
        else ""
    )
    done(quote_views.quote_message("accepted", quote) + deal, quote, as_json=json)


@app.command("reject")
def reject(
    ctx: typer.Context,
    number: QuoteNumber,
    reason: Annotated[str | None, typer.Option("--reason", metavar="TEXT", help="Why.")] = None,
    json: JsonOpt = False,
) -> None:
    """The customer declined a sent quote, and why (required, as for contracts).

    Example: salescli quote reject 7 --reason "price too high"
    """
    from salescli.services.orders import quote_states  # credit checks: ~23 ms

    why = prompts.require_reason(reason, label="Why was it declined", why="it was declined")
    rules = _rules(ctx)
    with state(ctx).session() as session:
        quote = quote_states.reject_quote(session, number=number, rules=rules, reason=why)
    done(quote_views.quote_message("rejected", quote), quote, as_json=json)


@app.command("revise")
def revise(
    ctx: typer.Context, number: QuoteNumber, valid_until: ValidOpt = None, json: JsonOpt = False
) -> None:
    """Make the next version as a draft with the same lines; the sent one is superseded.

    Example: salescli quote revise 7
    """
    from salescli.services.orders import quote_states  # credit checks: ~23 ms

    rules = _rules(ctx)
    with state(ctx).session() as session:
        quote = quote_states.revise_quote(
            session, number=number, rules=rules, valid_until=valid_until
        )
    done(quote_views.quote_message("revised", quote), quote, as_json=json)


@app.command("approve")
def approve(ctx: typer.Context, number: QuoteNumber, json: JsonOpt = False) -> None:
    """Approve a draft's discount over quote.max_discount (managers only).

    Example: salescli --as boss quote approve 7
    """
    from salescli.services.orders import quote_states  # credit checks: ~23 ms

    rules = _rules(ctx)
    with state(ctx).session() as session:
        quote = quote_states.approve_quote(session, number=number, rules=rules)
    done(quote_views.quote_message("approved", quote), quote, as_json=json)


class DocumentFormat(str, Enum):
    MD = "md"
    HTML = "html"


@app.command("render")
def render(
    ctx: typer.Context,
    number: QuoteNumber,
    version: VersionOpt = None,
    format_: Annotated[
        DocumentFormat | None,
        typer.Option(
            "--format",
            case_sensitive=False,
            help="Markdown or one self-contained HTML page (default: html for an -o"
            " FILE ending in .html or .htm, else md).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write it here (default: standard output)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write a quote as a document to send or print: your company (the company.*
    settings), the customer and contact, number, version, dates, lines, totals with tax
    by rate, the note and quote.terms.

    Example: salescli quote render 7 --format html -o quote-7.html
    """
    from salescli import files
    from salescli.render import quote_document as document_views
    from salescli.render.output import emit_line, say, warn
    from salescli.services.orders.quote_document import quote_document

    if format_ is None:
        html = output is not None and output.suffix.lower() in (".html", ".htm")
        format_ = DocumentFormat.HTML if html else DocumentFormat.MD
    rules = _rules(ctx)
    seller = config.seller()
    with state(ctx).session(create=False) as session:
        document = quote_document(
            session, number=number, rules=rules, seller=seller, version=version
        )
    if not seller.name:
        warn(
            "company.name is not set: the document names no seller;"
            " set it with 'salescli config set company.name NAME'"
        )
    rendered = (
        document_views.page(document)
        if format_ is DocumentFormat.HTML
        else document_views.markdown(document)
    )
    if output is None or str(output) == "-":
        emit_line(rendered.rstrip("\n"))
        return
    written = files.write_new_text(output.expanduser(), rendered, replace=force)
    say(f"wrote quote {document.detail.quote.number} v{document.detail.quote.version} to {written}")


class QuoteConflict(str, Enum):
    SKIP = "skip"
    ERROR = "error"


@app.command("import")
def import_(
    ctx: typer.Context,
    file: ImportFile,
    map_: MapOpt = None,
    on_conflict: Annotated[
        QuoteConflict,
        typer.Option(
            "--on-conflict",
            case_sensitive=False,
            help="A version the book has already: refuse the file, or skip it.",
        ),
    ] = QuoteConflict.ERROR,
    dry_run: DryRunOpt = False,
    encoding: EncodingOpt = None,
    json: JsonOpt = False,
) -> None:
    """Import quotes from CSV, one row per line with the quote's fields on each row (as
    quote export writes them); checked whole, then every version added or none.

    Example: salescli quote import quotes.csv --map "Angebot=number" --dry-run
    """
    from salescli.cli.transfer import run_import
    from salescli.services.orders import quotes_csv

    rules = _rules(ctx)
    run_import(
        ctx,
        lambda session, options: quotes_csv.import_quotes(session, options, rules=rules),
        what="quotes",
        file=file,
        mapping=map_,
        on_conflict=on_conflict,
        dry_run=dry_run,
        encoding=encoding,
        as_json=json,
    )


@app.command("export")
def export(ctx: typer.Context, file: ExportFile = None, excel: ExcelOpt = False) -> None:
    """Export every version of every quote as CSV, one row per line, with the quote's
    number, version, account, status and validity repeated on each row and its totals.

    Example: salescli quote export quotes.csv --excel
    """
    from salescli.cli.transfer import run_export
    from salescli.services.orders import quotes_csv

    run_export(
        ctx, quotes_csv.export_quotes, what="quote lines", file=file, excel=excel, ready=True
    )
