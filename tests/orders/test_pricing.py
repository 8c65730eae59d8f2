"""A quote's arithmetic to the cent: line nets, an overall discount that does not divide
evenly, tax per rate, prices that include tax, margin, and what is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescli.errors import InvalidValue
from salescli.services.orders.pricing import Discount, Line, price, price_line, spread

D = Decimal


def line(qty: str, unit: str, *, off: str | None = None, tax: str = "0", cost: str | None = None):
    return Line(
        quantity=D(qty),
        unit_price=D(unit),
        discount=Discount.parse(off) if off else None,
        tax_rate=D(tax),
        unit_cost=None if cost is None else D(cost),
    )


def test_a_line_is_quantity_times_price_less_its_discount_half_up() -> None:
    assert price_line(line("3", "19.99")) == (D("59.97"), D("0.00"), D("59.97"))
    # 2.5 hours at 333.33 is 833.325: half-up, 833.33.
    assert price_line(line("2.5", "333.33")) == (D("833.33"), D("0.00"), D("833.33"))
    # 15 % of 23.31 is 3.4965: the net is 19.8135, so 19.81, and the discount 3.50.
    assert price_line(line("7", "3.33", off="15%")) == (D("23.31"), D("3.50"), D("19.81"))
    assert price_line(line("4", "250", off="100")) == (D("1000.00"), D("100.00"), D("900.00"))
    assert price_line(line("1", "80", off="100%")) == (D("80.00"), D("80.00"), D("0.00"))


def test_an_overall_discount_that_does_not_divide_evenly_goes_to_the_largest_line() -> None:
    # 100 over three lines of 100: 33.33 each leaves a cent, which the first largest takes.
    assert spread([D("100.00")] * 3, D("100.00")) == [D("33.34"), D("33.33"), D("33.33")]
    # 0.05 over three lines of 1: 0.02 each is a cent too many, taken from the largest.
    assert spread([D("1.00")] * 3, D("0.05")) == [D("0.01"), D("0.02"), D("0.02")]
    assert spread([D("10"), D("20"), D("30")], D("6.00")) == [D("1.00"), D("2.00"), D("3.00")]
    # In proportion: 0.07 over 1 and 2 is 0.0233 and 0.0467, so 0.02 and 0.05.
    assert spread([D("1.00"), D("2.00")], D("0.07")) == [D("0.02"), D("0.05")]
    assert spread([], D("0")) == []


def test_totals_with_an_overall_percentage_and_two_tax_rates() -> None:
    totals = price(
        [
            line("10", "99.99", off="5%", tax="0.13", cost="60"),  # goods at 13 %
            line("8", "150", tax="0.06", cost="90"),  # service hours at 6 %
        ],
        overall=Discount.parse("3%"),
    )
    first, second = totals.lines
    # 999.90 less 5 % (49.995) is 949.905, so 949.91; the lines' nets add to 2,149.91.
    assert (first.list_amount, first.discount, first.net) == (D("999.90"), D("49.99"), D("949.91"))
    # 3 % of 2,149.91 is 64.4973, so 64.50, spread 28.4982 / 36.0018: 28.50 and 36.00.
    assert (first.overall_share, second.overall_share) == (D("28.50"), D("36.00"))
    assert (first.amount, second.amount) == (D("921.41"), D("1164.00"))
    assert totals.list_amount == D("2199.90")
    assert totals.discount == D("114.49")  # 49.99 on the first line and 64.50 overall
    assert totals.net == D("2085.41") == totals.list_amount - totals.discount
    # Per rate: 921.41 x 13 % = 119.7833, 1,164.00 x 6 % = 69.84.
    assert totals.tax == ((D("0.06"), D("69.84")), (D("0.13"), D("119.78")))
    assert totals.gross == D("2275.03")
    assert totals.cost == D("1320.00")
    assert (totals.margin, totals.margin_percent) == (D("765.41"), D("36.7"))


def test_tax_is_rounded_once_per_rate_not_per_line() -> None:
    # Two lines of 0.05 at 13 %: 0.0065 each would round to 0.01 each; the rate's 0.10
    # gives 0.013, so 0.01 in all.
    totals = price([line("1", "0.05", tax="0.13"), line("1", "0.05", tax="0.13")])
    assert totals.tax == ((D("0.13"), D("0.01")),)
    assert totals.gross == D("0.11")


def test_prices_that_include_tax_still_add_up() -> None:
    totals = price([line("2", "113", tax="0.13")], tax_included=True)
    assert (totals.net, totals.tax, totals.gross) == (
        D("200.00"),
        ((D("0.13"), D("26.00")),),
        D("226.00"),
    )
    # 100 including 13 %: 88.4956 net, so 88.50, and 11.50 tax.
    totals = price([line("1", "100", tax="0.13"), line("1", "50", tax="0")], tax_included=True)
    assert totals.net == D("138.50")
    assert totals.tax == ((D("0"), D("0.00")), (D("0.13"), D("11.50")))
    assert totals.gross == D("150.00") == totals.list_amount - totals.discount
    # An overall discount is taken from the tax-included amounts.
    totals = price(
        [line("3", "33.90", tax="0.13")], overall=Discount.parse("10"), tax_included=True
    )
    assert totals.gross == D("91.70")
    assert totals.net + totals.tax[0][1] == totals.gross
    assert totals.net == D("81.15")  # 91.70 / 1.13 = 81.1504


def test_margin_is_unknown_unless_every_line_has_a_cost() -> None:
    totals = price([line("1", "100", cost="40"), line("1", "50")])
    assert (totals.cost, totals.margin, totals.margin_percent) == (None, None, None)
    free = price([line("1", "0", cost="0")])
    assert (free.margin, free.margin_percent) == (D("0.00"), None)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: price_line(line("-1", "10")), "a quantity cannot be negative (-1)"),
        (lambda: price_line(line("1", "-10")), "a price cannot be negative (-10)"),
        (lambda: price_line(line("1", "10", cost="-1")), "a cost cannot be negative (-1)"),
        (lambda: price_line(line("1", "10", tax="-0.13")), "a tax rate cannot be negative"),
        (lambda: price_line(line("1", "10", tax="1")), "a tax rate is under 100 %"),
        (lambda: Discount.parse("101%"), "a discount cannot be over 100 % (101%)"),
        (lambda: Discount.parse("-5"), "amount '-5' is negative"),
        (lambda: price_line(line("1", "10", off="10.01")), "a discount of 10.01 is more than"),
        (
            lambda: price([line("1", "10")], overall=Discount.parse("12")),
            "a discount of 12.00 is more than the lines (10.00)",
        ),
    ],
)
def test_what_is_refused(make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidValue) as refused:
        make()
    assert message in refused.value.message


amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
quantities = st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False)
rates = st.sampled_from([D("0"), D("0.06"), D("0.09"), D("0.13")])
lines = st.lists(
    st.builds(
        Line,
        quantity=quantities,
        unit_price=amounts,
        discount=st.one_of(
            st.none(), st.builds(Discount, percent=st.decimals(0, 100, places=1, allow_nan=False))
        ),
        tax_rate=rates,
    ),
    min_size=1,
    max_size=8,
)


@given(lines, st.decimals(0, 100, places=1, allow_nan=False), st.booleans())
def test_the_parts_always_add_up(lines: list[Line], percent: Decimal, included: bool) -> None:
    totals = price(lines, overall=Discount(percent=percent), tax_included=included)
    shares = [line.overall_share for line in totals.lines]
    assert sum(shares) == totals.discount - sum(line.discount for line in totals.lines)
    assert all(line.amount >= 0 for line in totals.lines)
    assert totals.gross == totals.net + sum(tax for _, tax in totals.tax)
    after = totals.list_amount - totals.discount
    assert after == (totals.gross if included else totals.net)
    for value in (totals.net, totals.gross, *shares):
        assert value == value.quantize(D("0.01"))
