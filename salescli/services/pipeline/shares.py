"""Co-owners of a deal: a rep given a split of its credit; the owner keeps the rest.
Only a live (open or suspended) deal's shares change: a closed one keeps the credit as it
was earned.
"""

from __future__ import annotations

from decimal import Decimal

from salescli.errors import InvalidValue, NotFound, Refused
from salescli.models.enums import OpportunityStatus
from salescli.models.records import Opportunity, OpportunityDetail
from salescli.services.core.events import record_event
from salescli.services.core.permissions import require_deal_owner
from salescli.services.core.reps import active_rep, get_rep
from salescli.services.core.rows import stored
from salescli.services.core.session import Session, writes
from salescli.services.pipeline.opportunities import (
    HUNDRED,
    get_opportunity,
    refuse_if_archived,
    show_opportunity,
)


def _live(session: Session, opportunity_id: int, action: str) -> Opportunity:
    """An open or suspended deal: a closed one keeps the credit as it was earned."""
    opportunity = get_opportunity(session, opportunity_id)
    # Who shares the credit is the owner's (or a manager's) call, not a co-owner's.
    require_deal_owner(session, opportunity_id, opportunity.owner, co_owners=False)
    if opportunity.status in (OpportunityStatus.WON, OpportunityStatus.LOST):
        raise Refused(
            f"opportunity {opportunity_id} is {opportunity.status}; a closed deal's credit"
            f" stays as it was earned, so it cannot be {action}"
        )
    refuse_if_archived(opportunity)
    return opportunity


@writes
def share_opportunity(
    session: Session, *, opportunity_id: int, rep: str, split: Decimal
) -> OpportunityDetail:
    """Give a co-owner ``split`` percent of the deal (replacing their earlier split); the
    co-owners' splits never exceed 100 %, the owner keeps the rest."""
    opportunity = _live(session, opportunity_id, "shared")
    if not Decimal(0) < split <= HUNDRED:
        raise InvalidValue(f"a split must be more than 0 and at most 100 %, not {split}")
    co_owner = active_rep(session, rep)
    if co_owner.handle == opportunity.owner:
        raise Refused(
            f"{co_owner.handle} owns opportunity {opportunity_id}; the owner keeps the rest"
        )
    others = int(
        session.db.scalar(
            "SELECT COALESCE(SUM(split), 0) FROM opportunity_share"
            " WHERE opportunity_id = ? AND rep_id != ?",
            (opportunity_id, co_owner.id),
        )
    )
    wanted = int(stored(split.quantize(Decimal("0.01"))))
    if others + wanted > 10000:
        raise Refused(
            f"splits would come to {(others + wanted) / 100:g} %",
            hint=f"other co-owners hold {others / 100:g} %; at most {(10000 - others) / 100:g} % is left",
        )
    before = session.db.scalar(
        "SELECT split FROM opportunity_share WHERE opportunity_id = ? AND rep_id = ?",
        (opportunity_id, co_owner.id),
    )
    session.db.execute(
        "INSERT INTO opportunity_share (opportunity_id, rep_id, split) VALUES (?, ?, ?)"
        " ON CONFLICT (opportunity_id, rep_id) DO UPDATE SET split = excluded.split",
        (opportunity_id, co_owner.id, wanted),
    )
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity_id,
        action="share",
        changes={"rep": co_owner.handle, "split": [before, wanted]},
    )
    return show_opportunity(session, opportunity_id=opportunity_id)


@writes
def unshare_opportunity(session: Session, *, opportunity_id: int, rep: str) -> OpportunityDetail:
    _live(session, opportunity_id, "unshared")
    co_owner = get_rep(session, rep)
    split = session.db.scalar(
        "SELECT split FROM opportunity_share WHERE opportunity_id = ? AND rep_id = ?",
        (opportunity_id, co_owner.id),
    )
    if split is None:
        raise NotFound(f"{co_owner.handle} has no share of opportunity {opportunity_id}")
    session.db.execute(
        "DELETE FROM opportunity_share WHERE opportunity_id = ? AND rep_id = ?",
        (opportunity_id, co_owner.id),
    )
    record_event(
        session,
        entity="opportunity",
        entity_id=opportunity_id,
        action="unshare",
        changes={"rep": co_owner.handle, "split": [split, None]},
    )
    return show_opportunity(session, opportunity_id=opportunity_id)
