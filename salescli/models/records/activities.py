"""Visits, calls, emails, meetings and messages."""

from __future__ import annotations

from datetime import date

from salescli.models.frozen import record


@record
class Activity:
    """A visit, call, email, meeting, message or handover with an account. Planned
    activities have ``planned_on`` (and ``planned_time``, local HH:MM, unless for the whole
    day); done ones ``done_on`` and ``done_time``."""

    id: int
    type: str
    status: str
    account_id: int
    account: str
    opportunity_id: int | None
    opportunity: str | None
    contact_id: int | None
    contact: str | None
    planned_on: date | None
    planned_time: str | None
    done_on: date | None
    done_time: str | None
    purpose: str | None
    objective: str | None
    min_objective: str | None
    outcome: str | None
    next_step: str | None
    cancel_reason: str | None
    follows_id: int | None
    owner: str | None
    external_id: str | None
    created_at: str
    updated_at: str
