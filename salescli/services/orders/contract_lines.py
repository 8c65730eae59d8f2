"""A contract's lines, changed by an amendment as a quote's lines are changed (`contract
amend C --add-line/--edit-line N/--remove-line N`), and what they add up to.

An amendment copies the current version's lines to the new version, then changes one of
them there, so every version keeps the lines it had. A line's ``amount`` is what it adds
to the contract before tax (tax-included where the quote it came from had prices
including tax): a new line is its quantity x unit price to the cent; a line whose
quantity alone changes keeps its price per unit after the quote's discounts. The lines
add up to the contract as its quote's totals do (``pricing``): tax per rate, rounded
half-up once per rate. When they no longer match the amount, the amendment warns, saying
by how much; it never changes the amount itself.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from salescli.errors import NotFound, UsageProblem
from salescli.models.frozen import record
from salescli.models.records import Contract
from salescli.money import format_amount, from_minor
from salescli.services.core.rows import stored
from salescli.services.core.session import Session
from salescli.services.orders import entry, pricing

ADD, EDIT, REMOVE = "add", "edit", "remove"


@record
class LineChange:
    """One line an amendment changes: ``add`` a line (a product at the customer's price,
    or ``text`` with a ``price``), ``edit`` line ``position``, or ``remove`` it. The
    values are as typed (quantity ``2.5``, price ``1,200``, tax ``13%``); a price is read
    in the book's ``currency``."""

    action: str
    currency: str
    position: int | None = None
    product: str | None = None
    text: str | None = None
    quantity: str | None = None
    price: str | None = None
    tax: str | None = None


def line_change(
    *,
    currency: str,
    add: bool = False,
    edit: int | None = None,
    remove: int | None = None,
    product: str | None = None,
    text: str | None = None,
    quantity: str | None = None,
    price: str | None = None,
    tax: str | None = None,
) -> LineChange | None:
    """The line change an amendment's options ask for, or None; refused when they ask for
    more than one, or give a line's values without saying which line."""
    lines = {
        "--add-line": add,
        "--edit-line": edit is not None,
        "--remove-line": remove is not None,
    }
    values = {
        "--product": product,
        "--text": text,
        "--qty": quantity,
        "--price": price,
        "--tax": tax,
    }
    asked = [flag for flag, wanted in lines.items() if wanted]
    given = [flag for flag, value in values.items() if value is not None]
    if len(asked) > 1:
        raise UsageProblem(
            f"{' and '.join(asked)}: an amendment changes one line",
            hint="amend once for each line",
        )
    if not asked:
        if given:
            raise UsageProblem(
                f"{given[0]} is a line's value: say which line",
                hint="give --add-line, or --edit-line N",
            )
        return None
    if remove is not None:
        if given:
            raise UsageProblem(f"--remove-line {remove} takes no {given[0]}")
        return LineChange(REMOVE, currency, position=remove)
    if add:
        if product is None and text is None:
            raise UsageProblem(
                "--add-line needs --product CODE or --text TEXT",
                hint='e.g. --add-line --product SKU-100 --qty 3, or --text "installation"'
                " --price 5000",
            )
        return LineChange(
            ADD, currency, product=product, text=text, quantity=quantity, price=price, tax=tax
        )
    if not given:
        raise UsageProblem(
            f"--edit-line {edit}: nothing to change",
            hint="give --product, --text, --qty, --price or --tax",
        )
    return LineChange(
        EDIT,
        currency,
        position=edit,
        product=product,
        text=text,
        quantity=quantity,
        price=price,
        tax=tax,
    )


_LINE_COLUMNS = "product_id, description, unit, quantity, unit_price, tax_rate, amount"
_FIELDS = tuple(column.strip() for column in _LINE_COLUMNS.split(","))


def tax_included(session: Session, contract_id: int) -> bool:
    """Whether the contract's line amounts include tax: as the quote it came from had its
    prices; a contract made without a quote prices its lines without tax."""
    return bool(
        session.db.scalar(
            "SELECT coalesce(q.tax_included, 0) FROM contract c"
            " LEFT JOIN quote q ON q.id = c.quote_id WHERE c.id = ?",
            (contract_id,),
        )
    )


def lines_total(session: Session, contract_id: int, version: int) -> Decimal | None:
    """What a version's lines add up to with tax (None without lines): by tax rate, as a
    quote's gross total is reckoned."""
    by_rate = session.db.tuples(
        "SELECT tax_rate, sum(amount) FROM contract_line WHERE contract_id = ? AND version = ?"
        " GROUP BY tax_rate",
        (contract_id, version),
    )
    if not by_rate:
        return None
    included = tax_included(session, contract_id)
    total = Decimal(0)
    for rate, amount in by_rate:
        base = from_minor(amount)
        total += base if included else base + pricing.cents(base * from_minor(rate) / 100)
    return total


def mismatch(total: Decimal | None, amount: Decimal) -> str | None:
    """What to warn when lines adding up to ``total`` do not make the contract's amount."""
    if total is None or total == amount:
        return None
    gap = total - amount
    return (
        f"the lines add up to {format_amount(total)} with tax, the contract's amount is"
        f" {format_amount(amount)}: the lines are {format_amount(abs(gap))}"
        f" {'over' if gap > 0 else 'under'} it"
    )


def change_line(
    session: Session, contract: Contract, version: int, change: LineChange
) -> dict[str, Any]:
    """Change one of ``version``'s lines (copied from the version before) as ``change``
    says; what changed, for the amendment's event."""
    if change.action == REMOVE:
        return _remove(session, contract, version, _position(change))
    current = None if change.action == ADD else _line(session, contract, version, _position(change))
    values = dict(current or {})
    if change.product is not None:
        # Here, not at the top: contract and receivable reads total the lines, and only
        # an amendment prices one (the product records and service cost ~8 ms to load).
        from salescli.services.orders.products import line_price

        found, unit_price = line_price(
            session,
            change.product,
            account_id=contract.account_id,
            day=session.today,
            tax_included=tax_included(session, contract.id),
            onto="a contract",
        )
        values.update(
            product_id=found.id,
            description=change.text.strip() if change.text else found.name,
            unit=found.unit,
            unit_price=unit_price,
            tax_rate=found.tax_rate,
        )
    elif change.text is not None:
        if not change.text.strip():
            raise UsageProblem("a line needs a text")
        values["description"] = change.text.strip()
    if change.price is not None:
        values["unit_price"] = entry.price(change.price, change.currency)
    if change.tax is not None:
        values["tax_rate"] = entry.rate(change.tax)
    if change.quantity is not None:
        values["quantity"] = entry.quantity(change.quantity)
    if values.get("unit_price") is None:
        raise UsageProblem(
            "a free-text line needs --price", hint='e.g. --text "installation" --price 5000'
        )
    values.setdefault("product_id", None)
    values.setdefault("unit", None)
    values.setdefault("tax_rate", Decimal(0))
    values.setdefault("quantity", Decimal(1))
    values["amount"] = _amount(current, values, repriced=change.product or change.price)
    row = (
        values["product_id"],
        values["description"],
        values["unit"],
        int(values["quantity"] * 1000),
        stored(values["unit_price"]),
        stored(values["tax_rate"]),
        stored(values["amount"]),
    )
    if current is None:
        position = int(
            session.db.scalar(
                "SELECT coalesce(max(position), 0) + 1 FROM contract_line"
                " WHERE contract_id = ? AND version = ?",
                (contract.id, version),
            )
        )
        session.db.execute(
            f"INSERT INTO contract_line (contract_id, version, position, {_LINE_COLUMNS})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (contract.id, version, position, *row),
        )
        return {
            "line": position,
            "added": values["description"],
            "quantity": str(values["quantity"]),
            "unit_price": stored(values["unit_price"]),
            "amount": stored(values["amount"]),
        }
    setters = ", ".join(f"{column} = ?" for column in _FIELDS)
    session.db.execute(
        f"UPDATE contract_line SET {setters} WHERE contract_id = ? AND version = ?"
        " AND position = ?",
        (*row, contract.id, version, current["position"]),
    )
    return {
        "line": current["position"],
        **{
            key: [_logged(key, current[key]), _logged(key, values[key])]
            for key in _FIELDS
            if current[key] != values[key]
        },
    }


def _amount(current: dict[str, Any] | None, values: dict[str, Any], *, repriced: Any) -> Decimal:
    """A new or repriced line: quantity x unit price to the cent. A line whose quantity
    alone changed keeps its amount per unit (its share of the quote's discounts); one
    whose text or tax rate changed keeps its amount."""
    quantity, unit_price = values["quantity"], values["unit_price"]
    if current is None or repriced or not current["quantity"]:
        return pricing.cents(quantity * unit_price)
    if quantity == current["quantity"]:
        return Decimal(current["amount"])
    return pricing.cents(current["amount"] * quantity / current["quantity"])


def _logged(key: str, value: Any) -> Any:
    return str(value) if key == "quantity" else stored(value)


def _position(change: LineChange) -> int:
    assert change.position is not None  # line_change gives one to every edit and removal
    return change.position


def _line(session: Session, contract: Contract, version: int, position: int) -> dict[str, Any]:
    row = session.db.row(
        f"SELECT position, {_LINE_COLUMNS} FROM contract_line WHERE contract_id = ?"
        " AND version = ? AND position = ?",
        (contract.id, version, position),
    )
    if row is None:
        count = session.db.scalar(
            "SELECT count(*) FROM contract_line WHERE contract_id = ? AND version = ?",
            (contract.id, version),
        )
        raise NotFound(
            f"contract {contract.number} has no line {position}",
            hint=f"its lines are 1 to {count}" if count else "it has no lines: --add-line adds one",
        )
    return {
        "position": row["position"],
        "product_id": row["product_id"],
        "description": row["description"],
        "unit": row["unit"],
        "quantity": Decimal(row["quantity"]) / 1000,
        "unit_price": from_minor(row["unit_price"]),
        "tax_rate": from_minor(row["tax_rate"]),
        "amount": from_minor(row["amount"]),
    }


def _remove(session: Session, contract: Contract, version: int, position: int) -> dict[str, Any]:
    current = _line(session, contract, version, position)
    session.db.execute(
        "DELETE FROM contract_line WHERE contract_id = ? AND version = ? AND position = ?",
        (contract.id, version, position),
    )
    # Two steps, so (contract_id, version, position) stays unique while the lines move up.
    session.db.execute(
        "UPDATE contract_line SET position = -position WHERE contract_id = ? AND version = ?"
        " AND position > ?",
        (contract.id, version, position),
    )
    session.db.execute(
        "UPDATE contract_line SET position = -position - 1 WHERE contract_id = ?"
        " AND version = ? AND position < 0",
        (contract.id, version),
    )
    return {"line": position, "removed": current["description"]}
