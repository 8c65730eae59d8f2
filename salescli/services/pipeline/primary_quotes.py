"""Which open deals owe their amount to an accepted quote, for `forecast --explain`.

Accepting a quote sets its deal's amount to the quote's net total (orders'
``quote_states``); the forecast then counts that amount like any other. This reads the
quote table beside the deals (SQL only: pipeline imports nothing from orders), through
the partial index of accepted quotes, so it costs one pass over those, not over deals.
"""

from __future__ import annotations

from decimal import Decimal

from salescli.models.frozen import record
from salescli.money import from_minor
from salescli.services.core.session import Session
from salescli.services.pipeline.quotas import OPEN_WHERE


@record
class QuotedAmount:
    """An open deal with an accepted (primary) quote: ``amount`` the deal's, ``quote`` and
    ``version`` the quote's number and version, ``quote_net`` its net total (the amount
    unless the deal was edited since it was accepted)."""

    id: int
    name: str
    account: str | None
    owner: str | None
    amount: Decimal
    quote: int
    version: int
    quote_net: Decimal


def quoted_amounts(session: Session, owner_id: int | None) -> list[QuotedAmount]:
    """The open deals of ``owner_id`` (owned or co-owned; None: everyone's) whose amount
    comes from an accepted quote, largest amount first."""
    mine = ""
    params: list[int] = []
    if owner_id is not None:
        mine = (
            " AND (o.owner_id = ? OR EXISTS (SELECT 1 FROM opportunity_share s"
            " WHERE s.opportunity_id = o.id AND s.rep_id = ?))"
        )
        params = [owner_id, owner_id]
    rows = session.db.rows(
        "SELECT o.id, o.name, a.name AS account, r.handle AS owner, o.amount, q.number,"
        " q.version, q.net FROM quote q JOIN opportunity o ON o.id = q.opportunity_id"
        " LEFT JOIN account a ON a.id = o.account_id LEFT JOIN rep r ON r.id = o.owner_id"
        f" WHERE q.status = 'accepted' AND q.opportunity_id IS NOT NULL AND {OPEN_WHERE}{mine}"
        " ORDER BY o.amount DESC, o.id",
        params,
    )
    return [
        QuotedAmount(
            id=int(row["id"]),
            name=str(row["name"]),
            account=row["account"],
            owner=row["owner"],
            amount=from_minor(int(row["amount"] or 0)),
            quote=int(row["number"]),
            version=int(row["version"]),
            quote_net=from_minor(int(row["net"])),
        )
        for row in rows
    ]
