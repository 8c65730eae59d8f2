"""Products and the price book: the price list, dated prices, customers' agreed prices,
and the price reference (what each customer was last quoted).

A product has no owner: the price list is the book's, open to every rep like a record
nobody owns (core.permissions). The price of a product for a customer on a day is the
customer's own price valid that day, else the price for everyone valid that day, else
the list price (`price_on`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from salescli.errors import InvalidValue, NotFound, Refused
from salescli.models.records import Product, ProductDetail, ProductPrice, QuotedPrice
from salescli.services.core.edits import apply_changes, requested_changes, tidy
from salescli.services.core.events import record_event
from salescli.services.core.rows import build, build_all, stored
from salescli.services.core.session import Session, writes
from salescli.services.customers.accounts import resolve_account
from salescli.services.orders.pricing import HUNDRED, cents

# The one parameter, :today, dates the price for everyone shown as ``price``.
SELECT = (
    "SELECT p.id, p.code, p.name, p.unit, p.list_price, p.unit_cost, p.tax_rate,"
    " p.tax_included, p.active, COALESCE((SELECT pp.price FROM product_price pp"
    " WHERE pp.product_id = p.id AND pp.account_id IS NULL AND pp.valid_from <= :today"
    " ORDER BY pp.valid_from DESC, pp.id DESC LIMIT 1), p.list_price) AS price,"
    " p.created_at, p.updated_at FROM product p"
)


def _today(session: Session) -> dict[str, Any]:
    return {"today": session.today.isoformat()}


def find_product(session: Session, ref: str) -> Product:
    """A product by code (any case) or id."""
    text = ref.strip()
    if not text:
        raise InvalidValue("a product reference cannot be empty")
    row = session.db.row(
        f"{SELECT} WHERE p.code = :code COLLATE NOCASE", {**_today(session), "code": text}
    )
    if row is None and text.isdigit():
        row = session.db.row(f"{SELECT} WHERE p.id = :id", {**_today(session), "id": int(text)})
    if row is None:
        raise NotFound(f"no product '{text}'", hint="see 'salescli product list --all'")
    return build(Product, row)


def check_tax_rate(rate: Decimal) -> Decimal:
    if not Decimal(0) <= rate < HUNDRED:
        raise InvalidValue(f"a tax rate is from 0 to under 100 %, not {rate} %")
    if rate != rate.quantize(Decimal("0.01")):
        raise InvalidValue(f"a tax rate has at most 2 decimals, not {rate} %")
    return rate


def _code(code: str) -> str:
    code = code.strip()
    if not code:
        raise InvalidValue("a product needs a code (like SKU-100)")
    if any(char.isspace() for char in code):
        raise InvalidValue(f"a product code has no spaces ('{code}')")
    return code


def _code_free(session: Session, code: str, other_than: int | None = None) -> None:
    row = session.db.row("SELECT id, code FROM product WHERE code = ? COLLATE NOCASE", (code,))
    if row is not None and row["id"] != other_than:
        raise Refused(
            f"product {row['code']} already exists",
            hint=f"see 'salescli product show {row['code']}'",
        )


@writes
def add_product(
    session: Session,
    *,
    code: str,
    name: str,
    price: Decimal,
    unit: str | None = None,
    cost: Decimal | None = None,
    tax_rate: Decimal = Decimal(0),
    tax_included: bool = False,
) -> Product:
    code = _code(code)
    name = name.strip()
    if not name:
        raise InvalidValue("a product needs a name")
    _code_free(session, code)
    check_tax_rate(tax_rate)
    now = session.now()
    cursor = session.db.execute(
        "INSERT INTO product (code, name, unit, list_price, unit_cost, tax_rate, tax_included,"
        " active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        (
            code,
            name,
            tidy(unit) or "pcs",
            stored(price),
            stored(cost),
            stored(tax_rate),
            int(tax_included),
            now,
            now,
        ),
    )
    product_id = int(cursor.lastrowid or 0)
    record_event(
        session,
        entity="product",
        entity_id=product_id,
        action="add",
        changes={"code": code, "name": name, "list_price": stored(price)},
    )
    return find_product(session, str(product_id))


def list_products(
    session: Session, *, everyone: bool = False, search: str | None = None
) -> list[Product]:
    """Active products by code (``everyone``: inactive ones too)."""
    where = ["1 = 1" if everyone else "p.active = 1"]
    params: dict[str, Any] = _today(session)
    if search:
        from salescli.services.core.rows import like_escaped

        where.append("(p.code LIKE :like ESCAPE '\\' OR p.name LIKE :like ESCAPE '\\')")
        params["like"] = f"%{like_escaped(search.strip())}%"
    sql = f"{SELECT} WHERE {' AND '.join(where)} ORDER BY p.code COLLATE NOCASE"
    return build_all(Product, session.db.rows(sql, params))


def show_product(session: Session, *, ref: str) -> ProductDetail:
    """A product with its price history (dated prices and customers' own, newest first)
    and the price reference: the last price each customer was quoted in a sent quote."""
    product = find_product(session, ref)
    prices = build_all(
        ProductPrice,
        session.db.rows(
            "SELECT pp.id, pp.product_id, pp.account_id, a.name AS account, pp.price,"
            " pp.valid_from, r.handle AS rep, pp.created_at FROM product_price pp"
            " LEFT JOIN account a ON a.id = pp.account_id LEFT JOIN rep r ON r.id = pp.rep_id"
            " WHERE pp.product_id = ? ORDER BY pp.account_id IS NOT NULL, a.name,"
            " pp.valid_from DESC, pp.id DESC",
            (product.id,),
        ),
    )
    # The newest sent version quoting the product, per account (ix_quote_line_product).
    quoted = build_all(
        QuotedPrice,
        session.db.rows(
            "SELECT q.account_id, a.name AS account, q.number AS quote_number,"
            " q.version AS quote_version, q.quoted_on,"
            " CASE WHEN q.status = 'sent' AND q.valid_until < :today THEN 'expired'"
            " ELSE q.status END AS status, l.quantity, l.unit_price,"
            " l.list_amount - l.net AS discount, l.net"
            " FROM (SELECT q.account_id, MAX(q.id) AS quote_id FROM quote_line l"
            "  JOIN quote q ON q.id = l.quote_id"
            "  WHERE l.product_id = :product AND q.sent_on IS NOT NULL GROUP BY q.account_id) last"
            " JOIN quote q ON q.id = last.quote_id JOIN account a ON a.id = q.account_id"
            " JOIN quote_line l ON l.quote_id = q.id AND l.product_id = :product"
            " AND l.position = (SELECT MIN(position) FROM quote_line"
            "  WHERE quote_id = q.id AND product_id = :product)"
            " ORDER BY q.quoted_on DESC, a.name",
            {**_today(session), "product": product.id},
        ),
    )
    return ProductDetail(product=product, prices=prices, quoted=quoted)


@writes
def edit_product(
    session: Session,
    *,
    ref: str,
    code: str | None = None,
    name: str | None = None,
    unit: str | None = None,
    price: Decimal | None = None,
    cost: Decimal | None = None,
    tax_rate: Decimal | None = None,
    tax_included: bool | None = None,
) -> Product:
    """Change a product's fields; ``price`` is its list price (the price before any dated
    one). Quotes already made keep what they copied."""
    product = find_product(session, ref)
    changes = requested_changes(
        code=code,
        name=name,
        unit=unit,
        list_price=price,
        unit_cost=cost,
        tax_rate=tax_rate,
        tax_included=tax_included,
    )
    if "code" in changes:
        changes["code"] = _code(changes["code"] or "")
        _code_free(session, changes["code"], other_than=product.id)
    if "name" in changes and not changes["name"]:
        raise InvalidValue("a product needs a name")
    if "unit" in changes and not changes["unit"]:
        raise InvalidValue("a product needs a unit (pcs, hour, 套)")
    if changes.get("tax_rate") is not None:
        check_tax_rate(changes["tax_rate"])
    apply_changes(session, table="product", entity="product", record=product, changes=changes)
    return find_product(session, str(product.id))


@writes
def set_active(session: Session, *, ref: str, active: bool) -> Product:
    """Deactivate a product (it can no longer go on a quote; quotes that have it keep
    it) or make it active again."""
    product = find_product(session, ref)
    if product.active == active:
        raise Refused(f"product {product.code} is already {'active' if active else 'inactive'}")
    apply_changes(
        session,
        table="product",
        entity="product",
        record=product,
        changes={"active": active},
        action="activate" if active else "deactivate",
    )
    return find_product(session, str(product.id))


@writes
def set_price(
    session: Session,
    *,
    ref: str,
    price: Decimal,
    valid_from: date | None = None,
    account: str | None = None,
) -> ProductPrice:
    """A price from ``valid_from`` (default: today) on, for every customer or for
    ``account`` alone. A second price for the same day and customer replaces the first."""
    product = find_product(session, ref)
    the_account = resolve_account(session, account) if account else None
    day = (valid_from or session.today).isoformat()
    account_id = the_account.id if the_account else None
    session.db.execute(
        "DELETE FROM product_price WHERE product_id = ? AND account_id IS ? AND valid_from = ?",
        (product.id, account_id, day),
    )
    cursor = session.db.execute(
        "INSERT INTO product_price"
        " (product_id, account_id, price, valid_from, rep_id, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            product.id,
            account_id,
            stored(price),
            day,
            session.actor_id,
            session.now(),
            session.now(),
        ),
    )
    price_id = int(cursor.lastrowid or 0)
    record_event(
        session,
        entity="product",
        entity_id=product.id,
        action="price",
        changes={
            "price": stored(price),
            "valid_from": day,
            "account": the_account.name if the_account else None,
        },
    )
    row = session.db.row(
        "SELECT pp.id, pp.product_id, pp.account_id, a.name AS account, pp.price,"
        " pp.valid_from, r.handle AS rep, pp.created_at FROM product_price pp"
        " LEFT JOIN account a ON a.id = pp.account_id LEFT JOIN rep r ON r.id = pp.rep_id"
        " WHERE pp.id = ?",
        (price_id,),
    )
    assert row is not None
    return build(ProductPrice, row)


def price_on(session: Session, product: Product, account_id: int, day: date) -> Decimal:
    """What ``product`` costs ``account_id`` on ``day``: its own agreed price valid that
    day, else the price for everyone valid that day, else the list price."""
    for account in (account_id, None):
        value = session.db.scalar(
            "SELECT price FROM product_price WHERE product_id = ? AND account_id IS ?"
            " AND valid_from <= ? ORDER BY valid_from DESC, id DESC LIMIT 1",
            (product.id, account, day.isoformat()),
        )
        if value is not None:
            from salescli.money import from_minor

            return from_minor(int(value))
    return product.list_price


def line_price(
    session: Session, ref: str, *, account_id: int, day: date, tax_included: bool, onto: str
) -> tuple[Product, Decimal]:
    """A product for a new line on ``onto`` (a quote, a contract) and its unit price
    there: the customer's price on ``day``, with or without tax as the lines' prices are.
    An inactive product is refused."""
    found = find_product(session, ref)
    if not found.active:
        raise Refused(
            f"product {found.code} is inactive; it cannot go on {onto}",
            hint=f"'salescli product edit {found.code} --active' brings it back",
        )
    return found, priced_for(
        session, found, account_id=account_id, day=day, tax_included=tax_included
    )


def priced_for(
    session: Session, product: Product, *, account_id: int, day: date, tax_included: bool
) -> Decimal:
    """What a product costs the account on ``day``, with or without tax as the lines'
    prices are."""
    unit_price = price_on(session, product, account_id, day)
    if product.tax_included == tax_included:
        return unit_price
    factor = 1 + product.tax_rate / HUNDRED
    return cents(unit_price * factor if tax_included else unit_price / factor)
