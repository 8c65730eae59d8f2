"""`salescli product`: the price list, dated prices, customers' own prices, and the price
reference."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from salescli.cli.context import state
from salescli.cli.options import (
    CsvOpt,
    DryRunOpt,
    EncodingOpt,
    ExcelOpt,
    ExportFile,
    ImportFile,
    JsonOpt,
    MapOpt,
    OnConflict,
    OnConflictOpt,
    SearchOpt,
    parse_date_option,
)
from salescli.cli.transfer import run_export, run_import
from salescli.models.records import Product
from salescli.render import quote_views
from salescli.render.output import done, emit, emit_list
from salescli.services.orders import entry, products

app = typer.Typer(
    help="Products: the price list, dated and customers' prices, and what each customer was quoted.",
    no_args_is_help=True,
    add_completion=False,
)

ProductRef = Annotated[str, typer.Argument(metavar="PRODUCT", help="The product's code (or id).")]
PriceText = Annotated[
    str | None,
    typer.Option("--price", metavar="AMOUNT", help="The list price: 1200, ¥1,200.00 or 1.2万."),
]
UnitOpt = Annotated[str | None, typer.Option("--unit", metavar="UNIT", help="pcs, hour, 套 ...")]
CostOpt = Annotated[
    str | None, typer.Option("--cost", metavar="AMOUNT", help="What one unit costs (for margin).")
]
TaxOpt = Annotated[
    str | None, typer.Option("--tax", metavar="RATE", help="The default tax rate, e.g. 13%.")
]


@app.command("add")
def add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="A unique code, like SKU-100.")],
    name: Annotated[str, typer.Argument(help="What the product is.")],
    price: PriceText = None,
    unit: UnitOpt = None,
    cost: CostOpt = None,
    tax: TaxOpt = None,
    tax_included: Annotated[
        bool, typer.Option("--tax-included", help="Its prices include tax (含税).")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Add a product to the price list.

    Example: salescli product add SKU-100 "Edge switch 24-port" --price 1200 --unit pcs --cost 800 --tax 13%
    """
    if price is None:
        from salescli.errors import UsageProblem

        raise UsageProblem("a product needs --price", hint="e.g. --price 1200")
    currency = state(ctx).quote_rules().currency
    with state(ctx).session() as session:
        product = products.add_product(
            session,
            code=code,
            name=name,
            price=entry.price(price, currency),
            unit=unit,
            cost=None if cost is None else entry.price(cost, currency),
            tax_rate=entry.rate(tax) if tax else entry.rate("0"),
            tax_included=tax_included,
        )
    done(f"added product {product.code}: {product.name}", product, as_json=json)


@app.command("list")
def list_(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Inactive products too.")] = False,
    search: SearchOpt = None,
    json: JsonOpt = False,
    csv: CsvOpt = False,
) -> None:
    """List the active products (--all: inactive ones too) with today's price.

    Example: salescli product list --search switch
    """
    with state(ctx).session(create=False) as session:
        found = products.list_products(session, everyone=all_, search=search)
    emit_list(
        found,
        as_json=json,
        as_csv=csv,
        human=lambda: quote_views.products_table(found),
        record_type=Product,
    )


@app.command("show")
def show(ctx: typer.Context, product: ProductRef, json: JsonOpt = False) -> None:
    """Show a product, its price history and the last price quoted to each customer.

    Example: salescli product show SKU-100
    """
    with state(ctx).session(create=False) as session:
        detail = products.show_product(session, ref=product)
    emit(detail, as_json=json, human=lambda: quote_views.product_detail(detail))


@app.command("edit")
def edit(
    ctx: typer.Context,
    product: ProductRef,
    code: Annotated[str | None, typer.Option("--code", metavar="CODE", help="A new code.")] = None,
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT", help="A new name.")] = None,
    price: PriceText = None,
    unit: UnitOpt = None,
    cost: Annotated[
        str | None,
        typer.Option("--cost", metavar="AMOUNT", help='What one unit costs, or "" for unknown.'),
    ] = None,
    tax: TaxOpt = None,
    tax_included: Annotated[
        bool | None,
        typer.Option("--tax-included/--tax-excluded", help="Whether its prices include tax."),
    ] = None,
    active: Annotated[
        bool, typer.Option("--active", help="Offer a deactivated product again.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Change a product's fields; --price is its list price. Quotes already made keep
    what they copied.

    Example: salescli product edit SKU-100 --cost 820 --tax 13%
    """
    from salescli.services.core.edits import CLEAR

    currency = state(ctx).quote_rules().currency
    with state(ctx).session() as session:
        if active:
            found = products.set_active(session, ref=product, active=True)
        if not active or any(
            v is not None for v in (code, name, price, unit, cost, tax, tax_included)
        ):
            found = products.edit_product(
                session,
                ref=product,
                code=code,
                name=name,
                unit=unit,
                price=None if price is None else entry.price(price, currency),
                cost=None
                if cost is None
                else CLEAR
                if not cost.strip()
                else entry.price(cost, currency),
                tax_rate=None if tax is None else entry.rate(tax),
                tax_included=tax_included,
            )
    done(f"changed product {found.code}", found, as_json=json)


@app.command("deactivate")
def deactivate(ctx: typer.Context, product: ProductRef, json: JsonOpt = False) -> None:
    """Take a product off the price list: new quotes cannot have it; old ones keep it.

    Example: salescli product deactivate SKU-100
    """
    with state(ctx).session() as session:
        found = products.set_active(session, ref=product, active=False)
    done(f"deactivated product {found.code}", found, as_json=json)


@app.command("price")
def price(
    ctx: typer.Context,
    product: ProductRef,
    amount: Annotated[str, typer.Argument(metavar="PRICE", help="The price: 1200, ¥1,200.")],
    valid_from: Annotated[
        date | None,
        typer.Option(
            "--from",
            parser=parse_date_option,
            metavar="DATE",
            help="From this day (default: today).",
        ),
    ] = None,
    account: Annotated[
        str | None,
        typer.Option("--account", metavar="ACCOUNT", help="This customer's own agreed price."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Set a product's price from a date, for everyone or for one customer.

    Example: salescli product price SKU-100 1100 --account 华联 --from 2027-01-01
    """
    with state(ctx).session() as session:
        found = products.set_price(
            session,
            ref=product,
            price=entry.price(amount, state(ctx).quote_rules().currency),
            valid_from=valid_from,
            account=account,
        )
        code = products.find_product(session, str(found.product_id)).code
    done(quote_views.price_message(found, code), found, as_json=json)


PricesOpt = Annotated[
    bool,
    typer.Option(
        "--prices",
        help="The price book instead of the products: one row per dated price, for every"
        " customer or one account (code, account, price, valid_from).",
    ),
]


@app.command("import")
def import_(
    ctx: typer.Context,
    file: ImportFile,
    prices: PricesOpt = False,
    map_: MapOpt = None,
    on_conflict: OnConflictOpt = OnConflict.UPDATE,
    dry_run: DryRunOpt = False,
    encoding: EncodingOpt = None,
    json: JsonOpt = False,
) -> None:
    """Import the price list from CSV; rows match existing products by id or code. With
    --prices, the price book: rows match a price by id, or by product, account and day.

    Example: salescli product import pricelist.csv --map "Artikel=code" --dry-run
    """
    from salescli.services.orders import products_csv

    currency = state(ctx).quote_rules().currency
    load = products_csv.import_prices if prices else products_csv.import_products
    run_import(
        ctx,
        lambda session, options: load(session, options, currency=currency),
        what="prices" if prices else "products",
        file=file,
        mapping=map_,
        on_conflict=on_conflict,
        dry_run=dry_run,
        encoding=encoding,
        as_json=json,
    )


@app.command("export")
def export(
    ctx: typer.Context,
    file: ExportFile = None,
    prices: PricesOpt = False,
    excel: ExcelOpt = False,
) -> None:
    """Export the price list as CSV (every product, inactive ones too), or with --prices
    the price book: dated prices and customers' own prices, in the columns
    `product import --prices` reads.

    Example: salescli product export pricelist.csv --excel
    """
    from salescli.services.orders import products_csv

    if prices:
        run_export(ctx, products_csv.export_prices, what="prices", file=file, excel=excel)
        return
    run_export(ctx, products_csv.export_products, what="products", file=file, excel=excel)
