"""The activities a record's page lists: an account's or a deal's latest done ones and
its planned ones. The account, deal and activity services all show them, so the read
lives here, below every domain; planning and logging activities is `activities/`."""

from __future__ import annotations

from salescli.models.frozen import record
from salescli.models.records import Activity
from salescli.services.core.rows import build_all
from salescli.services.core.session import Session

SELECT = (
    "SELECT v.id, v.type, v.status, v.account_id, a.name AS account, v.opportunity_id,"
    " o.name AS opportunity, v.contact_id, c.name AS contact, v.planned_on, v.planned_time,"
    " v.done_on, v.done_time, v.purpose, v.objective, v.min_objective, v.outcome,"
    " v.next_step, v.cancel_reason, v.follows_id, r.handle AS owner, v.external_id,"
    " v.created_at, v.updated_at"
    " FROM activity v JOIN account a ON a.id = v.account_id"
    " LEFT JOIN opportunity o ON o.id = v.opportunity_id"
    " LEFT JOIN contact c ON c.id = v.contact_id"
    " LEFT JOIN rep r ON r.id = v.owner_id"
)
# Planned activities in time order: a day's whole-day items first, then by time.
PLAN_ORDER = "v.planned_on, v.planned_time IS NOT NULL, v.planned_time, v.id"


@record
class Touches:
    """An account's or deal's activities as `show` lists them: the latest done ones and
    the planned ones."""

    done: list[Activity]
    planned: list[Activity]


def touches_of(
    session: Session,
    *,
    account_id: int | None = None,
    opportunity_id: int | None = None,
    last: int = 5,
) -> Touches:
    column, value = (
        ("v.account_id", account_id)
        if account_id is not None
        else (
            "v.opportunity_id",
            opportunity_id,
        )
    )
    done = session.db.rows(
        f"{SELECT} WHERE {column} = ? AND v.status = 'done'"
        " ORDER BY v.done_on DESC, v.done_time DESC, v.id DESC LIMIT ?",
        (value, last),
    )
    planned = session.db.rows(
        f"{SELECT} WHERE {column} = ? AND v.status = 'planned' ORDER BY {PLAN_ORDER}", (value,)
    )
    return Touches(done=build_all(Activity, done), planned=build_all(Activity, planned))
