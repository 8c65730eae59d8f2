"""What a rep types for a price, a quantity, a discount or a tax rate, read to exact
Decimals. A bad value is bad data (exit 1), not bad usage: the command was understood,
the number was not."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from salescli.errors import InvalidValue
from salescli.money import parse_book_amount
from salescli.services.orders.pricing import HUNDRED, Discount

THOUSANDTH = Decimal("0.001")


def price(text: str, currency: str) -> Decimal:
    """A price in the book's currency (``1200``, ``¥1,200.00``, ``1.2万``)."""
    return parse_book_amount(text, currency)


def quantity(text: str) -> Decimal:
    """A quantity: up to three decimals (2.5 hours), not negative."""
    raw = text.strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InvalidValue(f"'{raw}' is not a quantity", hint="write it like 3 or 2.5") from None
    if not value.is_finite():
        raise InvalidValue(f"'{raw}' is not a quantity", hint="write it like 3 or 2.5")
    if value < 0:
        raise InvalidValue(f"a quantity cannot be negative ({raw})")
    if value != value.quantize(THOUSANDTH):
        raise InvalidValue(f"a quantity has at most 3 decimals, not {raw}")
    if value > Decimal(10) ** 9:
        raise InvalidValue(f"a quantity of {raw} is more than salescli takes (1,000,000,000)")
    return value


def rate(text: str) -> Decimal:
    """A tax rate in percent: ``13``, ``13%`` or ``9.5 %``."""
    raw = text.strip()
    try:
        value = Decimal(raw.removesuffix("%").removesuffix("％").strip())
    except InvalidOperation:
        raise InvalidValue(f"'{raw}' is not a tax rate", hint="write it like 13%") from None
    if not value.is_finite() or not Decimal(0) <= value < HUNDRED:
        raise InvalidValue(f"a tax rate is from 0 to under 100 %, not {raw}")
    if value != value.quantize(Decimal("0.01")):
        raise InvalidValue(f"a tax rate has at most 2 decimals, not {raw}")
    return value


def discount(text: str, currency: str) -> Discount:
    """``10%`` is a percentage (at most 2 decimals), anything else an amount in the book's
    currency."""
    if text.strip().startswith("-"):
        raise InvalidValue(f"a discount cannot be negative ({text.strip()})")
    if "%" in text or "％" in text:
        found = Discount.parse(text)
        assert found.percent is not None
        if found.percent != found.percent.quantize(Decimal("0.01")):
            raise InvalidValue(f"a discount has at most 2 decimals, not {text.strip()}")
        return found
    return Discount(amount=parse_book_amount(text, currency))
