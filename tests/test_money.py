"""salescli.money: amounts as reps type them, minor units for the database, and display.

Money is Decimal in code and integer cents in the database; float never appears.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescli.errors import InvalidValue
from salescli.money import MAX_AMOUNT, format_amount, from_minor, parse_amount, to_minor

# Any amount salescli accepts: non-negative, two decimals, up to MAX_AMOUNT.
amounts = st.decimals(
    min_value=Decimal(0),
    max_value=MAX_AMOUNT,
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


# ---------------------------------------------------------------------------------------
# Parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12500", "12500.00"),
        ("12500.5", "12500.50"),
        ("12,500.00", "12500.00"),
        ("1,234,567.89", "1234567.89"),
        ("12 500", "12500.00"),
        ("12_500", "12500.00"),
        ("¥12,500", "12500.00"),
        ("￥12,500", "12500.00"),
        ("$1,234.56", "1234.56"),
        ("€ 99.90", "99.90"),
        ("RMB 100", "100.00"),
        ("100元", "100.00"),
        ("100 CNY", "100.00"),
        ("1.2万", "12000.00"),
        ("3万", "30000.00"),
        ("1.2w", "12000.00"),
        ("3k", "3000.00"),
        ("2.5K", "2500.00"),
        ("0", "0.00"),
        ("  42  ", "42.00"),
    ],
)
def test_amounts_as_reps_type_them(text: str, expected: str) -> None:
    amount = parse_amount(text)
    assert amount == Decimal(expected)
    assert str(amount) == expected  # always two places, never float-ish


@pytest.mark.parametrize("text", ["-5", "-12,500", "$-5", "-$5", "-3k"])
def test_negative_amount_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_amount(text)
    assert raised.value.message == f"amount '{text}' is negative"


@pytest.mark.parametrize("text", ["1.234", "12,500.001", "0.005"])
def test_more_than_two_decimals_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_amount(text)
    assert raised.value.message == f"amount '{text}' has more than 2 decimal places"


def test_multiplier_can_absorb_extra_decimals() -> None:
    """1.2345万 is 12345 exactly, so it is fine; 1.2345678万 is not a whole cent."""
    assert parse_amount("1.2345万") == Decimal("12345.00")
    with pytest.raises(InvalidValue, match="more than 2 decimal places"):
        parse_amount("1.2345678万")


@pytest.mark.parametrize(
    "text",
    ["", "abc", "12a", "1,23", "1,2345", "12,50,000", ",500", "1.2.3", "1e3", "$", "万", "k"],
)
def test_garbage_and_bad_grouping_are_refused_with_a_hint(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_amount(text)
    assert raised.value.message == f"'{text}' is not an amount"
    assert raised.value.hint == "write it like 12500 or 12,500.00"


@pytest.mark.parametrize(
    "text",
    ["10,000,000,000,000", "9999999999999.995", "1000000000000000", "999,999,999,999,999.99"],
)
def test_an_amount_over_the_maximum_is_refused_naming_it(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_amount(text)
    assert raised.value.message in (
        f"amount '{text}' is over the largest salescli accepts, 9,999,999,999,999.99",
        f"amount '{text}' has more than 2 decimal places",
    )
    assert parse_amount("9,999,999,999,999.99") == MAX_AMOUNT == Decimal("9999999999999.99")


def test_an_amount_over_the_maximum_is_not_stored_whatever_parsed_it() -> None:
    assert to_minor(MAX_AMOUNT) == 999_999_999_999_999
    with pytest.raises(InvalidValue, match="over the largest salescli accepts"):
        to_minor(MAX_AMOUNT + Decimal("0.01"))


# ---------------------------------------------------------------------------------------
# Minor units


@pytest.mark.parametrize(
    ("amount", "minor"),
    [("0.00", 0), ("0.01", 1), ("12500.00", 1250000), ("1234.56", 123456), ("0.10", 10)],
)
def test_minor_units(amount: str, minor: int) -> None:
    assert to_minor(Decimal(amount)) == minor
    assert isinstance(to_minor(Decimal(amount)), int)
    assert from_minor(minor) == Decimal(amount)
    assert str(from_minor(minor)) == amount


@given(st.integers(min_value=-(10**17), max_value=10**17))
def test_from_minor_is_the_cents_to_two_places(minor: int) -> None:
    # The same Decimal as dividing by 100 and quantizing to the cent, the exponent
    # included (a sum of credits or of balances may be negative).
    expected = (Decimal(minor) / 100).quantize(Decimal("0.01"))
    assert from_minor(minor).as_tuple() == expected.as_tuple()
    assert str(from_minor(minor)) == str(expected)


def test_to_minor_rounds_half_up() -> None:
    assert to_minor(Decimal("0.005")) == 1
    assert to_minor(Decimal("0.004")) == 0


# ---------------------------------------------------------------------------------------
# Formatting


@pytest.mark.parametrize(
    ("amount", "grouped", "plain"),
    [
        ("0", "0.00", "0.00"),
        ("5.5", "5.50", "5.50"),
        ("999.99", "999.99", "999.99"),
        ("1000", "1,000.00", "1000.00"),
        ("12500", "12,500.00", "12500.00"),
        ("1234567.8", "1,234,567.80", "1234567.80"),
    ],
)
def test_format_amount(amount: str, grouped: str, plain: str) -> None:
    assert format_amount(Decimal(amount)) == grouped
    assert format_amount(Decimal(amount), grouped=False) == plain


# ---------------------------------------------------------------------------------------
# Round trips


@given(amounts)
def test_minor_units_round_trip(amount: Decimal) -> None:
    assert from_minor(to_minor(amount)) == amount


@given(amounts)
def test_grouped_display_reads_back(amount: Decimal) -> None:
    assert parse_amount(format_amount(amount)) == amount


@given(amounts)
def test_plain_display_reads_back(amount: Decimal) -> None:
    assert parse_amount(format_amount(amount, grouped=False)) == amount


@given(st.integers(min_value=0, max_value=to_minor(MAX_AMOUNT)))
def test_stored_cents_survive_display_and_reading(minor: int) -> None:
    assert to_minor(parse_amount(format_amount(from_minor(minor)))) == minor
