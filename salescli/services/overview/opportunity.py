"""A deal's page (`opp show`): the deal as the pipeline shows it, with its quotes (and
those accepted, in its history) and contracts."""

from __future__ import annotations

from dataclasses import replace

from salescli.models.records import OpportunityDetail
from salescli.services.core.session import Session
from salescli.services.orders.contracts import contracts_of_deal
from salescli.services.orders.quote_states import acceptances_of
from salescli.services.orders.quotes import quotes_of
from salescli.services.pipeline.opportunities import show_opportunity


def show_deal(session: Session, *, opportunity_id: int) -> OpportunityDetail:
    detail = show_opportunity(session, opportunity_id=opportunity_id)
    return replace(
        detail,
        quotes=quotes_of(session, deal_id=opportunity_id),
        accepted_quotes=acceptances_of(session, opportunity_id),
        contracts=contracts_of_deal(session, opportunity_id),
    )
