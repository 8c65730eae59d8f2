"""Exact sums of amounts in SQL, however many deals there are.

SQLite adds integers in 64 bits and fails with "integer overflow" past 9.2 x 10^18, and
it turns a product that overflows into an inexact REAL. An amount is under 10^15 minor
units (money.MAX_AMOUNT) and a probability or a split at most 10^4 basis points, so one
deal's weighted amount reaches 10^19, and 9,224 deals at the largest amount overflow even
an unweighted sum. Each sum is therefore taken in two parts, the amount cut at SPLIT:
the high part (under 10^7) and the low part (under 10^8), each times its factor, stay
under 10^12 a deal, so both sums are exact for 9 million deals at the largest amount and
100 %. Python joins the parts as an exact integer (`wide_total`).

Measured on 1M rows grouped by day: the two sums cost about 5 % more than one.
"""

from __future__ import annotations

from typing import Any

SPLIT = 100_000_000


def wide_sum(value: str, name: str, *, times: str = "") -> str:
    """SQL for the exact sum of ``value`` (times ``times``, when given) as the two
    columns ``name``_hi and ``name``_lo, each 0 when nothing is summed."""
    factor = f" * {times}" if times else ""
    return (
        f"COALESCE(SUM(({value}) / {SPLIT}{factor}), 0) AS {name}_hi,"
        f" COALESCE(SUM(({value}) % {SPLIT}{factor}), 0) AS {name}_lo"
    )


def wide_total(row: Any, name: str) -> int:
    """The sum that ``wide_sum(..., name)`` selected, as an exact integer."""
    return int(row[f"{name}_hi"]) * SPLIT + int(row[f"{name}_lo"])
