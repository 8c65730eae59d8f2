"""Shares and rates as percentages to four decimals, the same in every value view (the
screen shows one)."""

from __future__ import annotations

from decimal import Decimal

from salescli.services.core.stats import rate


def percent_of(part: Decimal | int, whole: Decimal | int) -> Decimal:
    """``part`` of ``whole`` in percent, to four decimals; 0 when there is no whole."""
    found = rate(part, whole)
    return Decimal(0) if found is None else found
