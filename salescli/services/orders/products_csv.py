"""CSV import and export of the price list: product columns, aliases and checks; and of
the price book behind it (``--prices``): one row per dated price, for everyone or for
one customer, naming the product by code and the customer by name.

Kept apart from products.py so everyday commands never load the CSV engine. Prices are
read in the book's currency, as everywhere prices are entered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from salescli import csvio, money
from salescli.models.records import ImportResult
from salescli.services.core import bulk
from salescli.services.core.session import Session
from salescli.services.orders import entry


def _columns(currency: str) -> tuple[csvio.Column, ...]:
    def amount(text: str) -> int:
        return money.to_minor(entry.price(text, currency))

    def rate(text: str) -> int:
        return money.to_minor(entry.rate(text))

    def flag(text: str) -> int:
        return int(csvio.yes_no(text))

    return (
        csvio.Column("id", ("salescli id",), parse=bulk.parse_id),
        csvio.Column(
            "code", ("sku", "product code", "item code", "part number", "编码", "产品编码", "货号"),
            required=True,
        ),
        csvio.Column(
            "name", ("product", "product name", "item", "description", "名称", "产品名称", "品名"),
            required=True,
        ),
        csvio.Column("unit", ("uom", "unit of measure", "单位")),
        csvio.Column(
            "list_price", ("price", "unit price", "list", "单价", "价格", "标准价"),
            parse=amount, required=True,
        ),
        csvio.Column("unit_cost", ("cost", "unit cost", "成本", "成本价"), parse=amount),
        csvio.Column("tax_rate", ("tax", "vat", "税率"), parse=rate),
        csvio.Column("tax_included", ("price includes tax", "含税"), parse=flag),
        csvio.Column("active", ("enabled", "启用"), parse=flag),
        csvio.Column("created_at", export_only=True),
        csvio.Column("updated_at", export_only=True),
    )  # fmt: skip


def plan(currency: str) -> bulk.ImportPlan:
    return bulk.ImportPlan(
        entity="product",
        table="product",
        columns=_columns(currency),
        conflict_keys=("id", "code COLLATE NOCASE"),
    )


EXPORT_SQL = (
    "SELECT id, code, name, unit, list_price, unit_cost, tax_rate, tax_included, active,"
    " created_at, updated_at FROM product"
)
# Stored values as the sheet shows them: cents as amounts, basis points as percents.
EXPORT_CONVERT: dict[str, Callable[[Any], Any]] = {
    "list_price": money.from_minor,
    "unit_cost": money.from_minor,
    "tax_rate": lambda value: money.from_minor(value).normalize(),
    "tax_included": bool,
    "active": bool,
}


def import_products(
    session: Session, options: bulk.ImportOptions, *, currency: str
) -> ImportResult:
    return bulk.import_csv(
        session,
        plan(currency),
        options,
        defaults={"unit": "pcs", "tax_rate": 0, "tax_included": 0, "active": 1},
    )


def export_products(session: Session, *, everyone: bool = True) -> tuple[list[str], Any]:
    """The header and a stream of rows: every product (``everyone``) or the active ones."""
    sql = EXPORT_SQL + ("" if everyone else " WHERE active = 1") + " ORDER BY id"
    return bulk.column_names(session, sql), bulk.export_rows(session, sql, (), EXPORT_CONVERT)


def _price_columns(currency: str) -> tuple[csvio.Column, ...]:
    return (
        csvio.Column("id", ("salescli id",), parse=bulk.parse_id),
        csvio.Column("code", ("sku", "product code", "product", "编码", "产品编码"), required=True),
        csvio.Column("account", ("customer", "客户"), parse=str.strip),
        csvio.Column(
            "price", ("unit price", "单价", "价格"),
            parse=lambda text: money.to_minor(entry.price(text, currency)), required=True,
        ),
        csvio.Column(
            "valid_from", ("from", "valid from", "start", "生效日期"),
            kind=csvio.DATE, required=True,
        ),
        csvio.Column("rep", export_only=True),
        csvio.Column("created_at", export_only=True),
        csvio.Column("updated_at", export_only=True),
    )  # fmt: skip


def price_plan(currency: str) -> bulk.ImportPlan:
    return bulk.ImportPlan(
        entity="product price",
        table="product_price",
        columns=_price_columns(currency),
        # A row with an id changes that price; one without, the product's price for that
        # customer (or everyone) from that day, as `product price` does.
        conflict_keys=("id", "product_id, ifnull(account_id, 0), valid_from"),
        field_to_column={"code": "product_id", "account": "account_id"},
        references={"product_id": "code", "account_id": "account"},
    )


def import_prices(session: Session, options: bulk.ImportOptions, *, currency: str) -> ImportResult:
    return bulk.import_csv(
        session,
        price_plan(currency),
        options,
        resolvers={
            "code": bulk.name_or_id(session, "SELECT code, id FROM product", "product"),
            "account": bulk.name_or_id(session, "SELECT name, id FROM account", "account"),
        },
        defaults={"rep_id": session.actor_id},
    )


PRICES_SQL = (
    "SELECT pp.id, p.code, a.name AS account, pp.price, pp.valid_from, r.handle AS rep,"
    " pp.created_at, pp.updated_at FROM product_price pp JOIN product p ON p.id = pp.product_id"
    " LEFT JOIN account a ON a.id = pp.account_id LEFT JOIN rep r ON r.id = pp.rep_id"
    " ORDER BY p.code, pp.account_id IS NOT NULL, a.name, pp.valid_from, pp.id"
)


def export_prices(session: Session) -> tuple[list[str], Any]:
    """The header and a stream of the price book's rows, product by product: the prices
    for everyone, then each customer's, oldest first."""
    return bulk.column_names(session, PRICES_SQL), bulk.export_rows(
        session, PRICES_SQL, (), {"price": money.from_minor}
    )
