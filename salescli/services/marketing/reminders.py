"""What the daily digest (``activities.remind``) asks of marketing: campaigns over whose
results are not recorded, and, for managers, expenses waiting for approval."""

from __future__ import annotations

from datetime import date

from salescli.dates import count_days
from salescli.money import format_amount, from_minor
from salescli.services.core.due import Due
from salescli.services.core.session import Session


def campaigns_without_results(session: Session, *, owner_id: int | None, today: date) -> list[Due]:
    """Campaigns over whose results are not recorded (campaigns are a few thousand at
    most: the table is read whole). ``owner_id`` None: every active rep's."""
    owned = (
        "c.owner_id IN (SELECT id FROM rep WHERE active = 1)"
        if owner_id is None
        else "c.owner_id = :owner"
    )
    rows = session.db.tuples(
        "SELECT c.id, c.name, c.end_on, c.owner_id FROM campaign c"
        f" WHERE c.status IN ('approved', 'running') AND c.end_on < :today AND {owned}"
        " ORDER BY c.end_on, c.id",
        {"owner": owner_id, "today": today.isoformat()},
    )
    found = []
    for campaign_id, name, end_on, campaign_owner in rows:
        ended = date.fromisoformat(end_on)
        found.append(
            Due(
                ended,
                None,
                None,
                None,
                None,
                int(campaign_owner),
                f"campaign {name} ended {count_days((today - ended).days)} ago;"
                " results not recorded",
                f"salescli campaign close {campaign_id} --attendance N",
            )
        )
    return found


def expenses_to_approve(session: Session, *, owner_id: int | None, today: date) -> list[Due]:
    """One item per active manager in scope while expenses wait for approval, due since
    the oldest was submitted."""
    waiting = session.db.row(
        "SELECT count(*), min(submitted_on), sum(amount) FROM expense WHERE status = 'submitted'"
    )
    if waiting is None or not waiting[0]:
        return []
    managers = session.db.tuples(
        "SELECT r.id FROM rep r WHERE r.role = 'manager' AND r.active = 1"
        + ("" if owner_id is None else " AND r.id = :owner"),
        {"owner": owner_id},
    )
    count, oldest, amount = int(waiting[0]), date.fromisoformat(waiting[1]), int(waiting[2])
    noun = "expense" if count == 1 else "expenses"
    return [
        Due(
            oldest,
            None,
            None,
            None,
            None,
            int(manager_id),
            f"{count} {noun} ({format_amount(from_minor(amount))}) waiting for approval",
            "salescli expense list --all --status submitted",
        )
        for (manager_id,) in managers
    ]
