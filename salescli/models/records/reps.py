"""The reps of the book."""

from __future__ import annotations

from salescli.models.frozen import record


@record
class Rep:
    id: int
    handle: str
    name: str
    email: str | None
    role: str
    manager: str | None  # the handle of the rep they report to
    region: str | None
    active: bool
    created_at: str
