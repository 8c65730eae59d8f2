"""Exact medians from SQL histograms: a query groups the values (days, amounts) and
counts them, and the median is read off the counts in Python, so no row list is ever
loaded (a funnel's 170,000 won deals make a few hundred distinct cycle lengths). And rates
in percent, to the four decimals every ``--json`` output keeps (the screen shows one)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

# A rate in percent is kept to four decimals: 1 of 3 is 33.3333, not 33.3.
RATE_PLACES = Decimal("0.0001")


def rate(part: Decimal | int, whole: Decimal | int | None) -> Decimal | None:
    """``part`` of ``whole`` in percent to four decimals, half-up; None without a whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def median(histogram: Mapping[int, int]) -> Decimal | None:
    """The exact median of values given as value -> how many: the middle one, or the mean
    of the two middle ones; None for no values."""
    size = sum(histogram.values())
    if not size:
        return None
    wanted = sorted({(size + 1) // 2, (size + 2) // 2})
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        while wanted and seen >= wanted[0]:
            found.append(value)
            wanted.pop(0)
    return Decimal(sum(found)) / len(found)


def merged(histograms: Iterable[Mapping[int, int]]) -> dict[int, int]:
    """Several histograms as one."""
    total: dict[int, int] = {}
    for histogram in histograms:
        for value, count in histogram.items():
            total[value] = total.get(value, 0) + count
    return total
