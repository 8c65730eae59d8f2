"""A quote's arithmetic, to the cent: what each line comes to, an overall discount
spread over the lines, tax per rate, and margin. Pure functions over Decimal; the quotes
and contracts that use them store what they return, in minor units like every amount.

The rules:

- A line's list amount is quantity x unit price, and its net that less its discount,
  each rounded half-up to the cent; the line's discount is the difference, so list -
  discount = net on every line, and a percentage discount is taken from the unrounded
  product (7 x 3.33 less 15 % is 23.31 - 3.4965 = 19.81, a discount of 3.50).
- An overall discount is spread over the lines in proportion to their nets, each share
  rounded half-up; whatever the rounding left over, a cent or a few, goes to the largest
  line (the first of equals), so the shares always add up to the overall discount.
- Tax is computed per rate on the discounted nets of that rate, rounded half-up once per
  rate, not per line.
- Where prices include tax (含税), a rate's discounted amounts are gross: its net is the
  gross / (1 + rate) rounded half-up and its tax the rest, so net + tax = gross exactly.
  The list amount and the discounts are then tax-included too, and list - discount is
  the gross.
- Quantities may have decimals (2.5 hours); a negative quantity, price, cost or tax rate,
  a discount over 100 % or over what it discounts, is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from salescli.errors import InvalidValue
from salescli.models.frozen import record
from salescli.money import format_amount, parse_amount

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[%％]\s*$")


def cents(value: Decimal) -> Decimal:
    """``value`` rounded half-up to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@record
class Discount:
    """A discount as a percentage (``percent``: 10 for 10 %) or as an amount."""

    percent: Decimal | None = None
    amount: Decimal | None = None

    @classmethod
    def parse(cls, text: str) -> Discount:
        """``10%`` (or ``10 ％``) is a percentage, anything else an amount (``500``,
        ``1,200.50``)."""
        found = _PERCENT.match(text)
        if found is None:
            return cls(amount=parse_amount(text))
        try:
            percent = Decimal(found.group(1))
        except InvalidOperation as err:  # pragma: no cover - the pattern already guards
            raise InvalidValue(f"'{text}' is not a discount") from err
        if percent > HUNDRED:
            raise InvalidValue(f"a discount cannot be over 100 % ({text.strip()})")
        return cls(percent=percent)

    def of(self, base: Decimal, *, what: str) -> Decimal:
        """The discount taken from ``base``, unrounded for a percentage; refused when it
        is more than ``base``."""
        if self.percent is not None:
            if not 0 <= self.percent <= HUNDRED:
                raise InvalidValue(f"a discount cannot be over 100 % ({self.percent} %)")
            return base * self.percent / HUNDRED
        amount = self.amount or Decimal(0)
        if amount < 0:
            raise InvalidValue(f"a discount cannot be negative ({amount})")
        if amount > base:
            raise InvalidValue(
                f"a discount of {format_amount(amount)} is more than {what} ({format_amount(base)})"
            )
        return amount


@record
class Line:
    """What a quote line says: ``tax_rate`` as a fraction (0.13 for 13 %),
    ``unit_cost`` when the cost is known."""

    quantity: Decimal
    unit_price: Decimal
    discount: Discount | None = None
    tax_rate: Decimal = Decimal(0)
    unit_cost: Decimal | None = None


@record
class PricedLine:
    """What a line comes to. ``amount`` is what the line adds to the quote after the
    overall discount's share: its net, or its gross where prices include tax."""

    list_amount: Decimal
    discount: Decimal  # the line's own
    net: Decimal  # list_amount - discount
    overall_share: Decimal  # its part of the overall discount
    amount: Decimal  # net - overall_share
    tax_rate: Decimal
    cost: Decimal | None


@record
class Totals:
    """A quote's totals. ``list_amount`` and ``discount`` (the lines' and the overall
    one) are tax-included where prices include tax; ``net`` never is."""

    lines: tuple[PricedLine, ...]
    list_amount: Decimal
    discount: Decimal
    net: Decimal
    tax: tuple[tuple[Decimal, Decimal], ...]  # (rate, tax) for each rate, lowest first
    gross: Decimal
    tax_included: bool
    cost: Decimal | None  # when every line's cost is known
    margin: Decimal | None  # net - cost
    margin_percent: Decimal | None  # of the net, one decimal

    @property
    def overall_discount(self) -> Decimal:
        return sum((line.overall_share for line in self.lines), Decimal(0))


def price_line(line: Line) -> tuple[Decimal, Decimal, Decimal]:
    """A line's (list amount, discount, net), each to the cent."""
    _refuse_negative(line)
    exact = line.quantity * line.unit_price
    list_amount = cents(exact)
    taken = line.discount.of(exact, what="the line") if line.discount else Decimal(0)
    net = cents(exact - taken)
    return list_amount, list_amount - net, net


def spread(nets: Sequence[Decimal], overall: Decimal) -> list[Decimal]:
    """``overall`` shared over ``nets`` in proportion, each share to the cent, the
    shares adding up to ``overall`` exactly (the rest on the largest net)."""
    total = sum(nets, Decimal(0))
    if overall > total:
        raise InvalidValue(
            f"an overall discount of {format_amount(overall)} is more than the lines"
            f" ({format_amount(total)})"
        )
    if not nets or overall == 0:
        return [Decimal("0.00")] * len(nets)
    shares = [cents(overall * net / total) for net in nets]
    largest = max(range(len(nets)), key=lambda index: (nets[index], -index))
    shares[largest] += overall - sum(shares, Decimal(0))
    return shares


def price(
    lines: Sequence[Line], *, overall: Discount | None = None, tax_included: bool = False
) -> Totals:
    """Every line priced and the quote's totals by the rules above."""
    priced = [price_line(line) for line in lines]
    nets = [net for _, _, net in priced]
    subtotal = sum(nets, Decimal(0))
    overall_amount = (
        cents(overall.of(subtotal, what="the lines")) if overall is not None else Decimal(0)
    )
    shares = spread(nets, overall_amount)
    result = []
    by_rate: dict[Decimal, Decimal] = {}
    for line, (list_amount, discount, net), share in zip(lines, priced, shares, strict=True):
        amount = net - share
        cost = None if line.unit_cost is None else cents(line.quantity * line.unit_cost)
        result.append(PricedLine(list_amount, discount, net, share, amount, line.tax_rate, cost))
        by_rate[line.tax_rate] = by_rate.get(line.tax_rate, Decimal(0)) + amount
    tax: list[tuple[Decimal, Decimal]] = []
    net_total = Decimal(0)
    for rate in sorted(by_rate):
        base = by_rate[rate]
        if tax_included:
            rate_net = cents(base / (1 + rate))
            tax.append((rate, base - rate_net))
        else:
            rate_net = base
            tax.append((rate, cents(base * rate)))
        net_total += rate_net
    tax_total = sum((amount for _, amount in tax), Decimal(0))
    costs = [line.cost for line in result if line.cost is not None]
    cost = sum(costs, Decimal(0)) if costs and len(costs) == len(result) else None
    margin = None if cost is None else net_total - cost
    margin_percent = (
        None
        if margin is None or net_total == 0
        else (margin * HUNDRED / net_total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )
    return Totals(
        lines=tuple(result),
        list_amount=sum((line.list_amount for line in result), Decimal(0)),
        discount=sum((line.discount for line in result), Decimal(0)) + overall_amount,
        net=net_total,
        tax=tuple(tax),
        gross=net_total + tax_total,
        tax_included=tax_included,
        cost=cost,
        margin=margin,
        margin_percent=margin_percent,
    )


def _refuse_negative(line: Line) -> None:
    for what, value in (
        ("quantity", line.quantity),
        ("price", line.unit_price),
        ("cost", line.unit_cost),
        ("tax rate", line.tax_rate),
    ):
        if value is not None and value < 0:
            raise InvalidValue(f"a {what} cannot be negative ({value})")
    if line.tax_rate >= 1:
        raise InvalidValue(f"a tax rate is under 100 %, not {line.tax_rate * HUNDRED} %")
