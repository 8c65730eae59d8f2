"""Shares and rates as percentages to one decimal, the same in every value view."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def percent_of(part: Decimal | int, whole: Decimal | int) -> Decimal:
    """``part`` of ``whole`` in percent, to one decimal; 0 when there is no whole."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
