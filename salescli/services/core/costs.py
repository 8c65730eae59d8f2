"""What a won deal cost: the cost of what was sold, where the book knows it.

A deal's cost is its accepted quote's cost (a quote knows its cost when every line's
cost is known; ``ux_quote_accepted`` keeps one accepted quote a deal). Accepting a quote
sets the deal's amount to the quote's net, so a won deal's gross margin is its amount
less that cost. Kept below the domains because campaign return (marketing) and lifetime
value (value) both read it.
"""

from __future__ import annotations

# A LEFT JOIN giving each deal ``o`` its accepted quote ``q`` (at most one), read through
# ux_quote_accepted.
ACCEPTED_QUOTE = "LEFT JOIN quote q ON q.opportunity_id = o.id AND q.status = 'accepted'"
# Over deals ``o`` joined with ACCEPTED_QUOTE: how many won deals have a known cost, and
# the sum of their margins (minor units).
WON_COSTED = "sum(o.status = 'won' AND q.cost IS NOT NULL)"
WON_MARGIN = "coalesce(sum(CASE WHEN o.status = 'won' THEN o.amount - q.cost END), 0)"
