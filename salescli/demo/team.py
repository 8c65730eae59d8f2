"""The demo's team: a manager and the three reps who report to her, one of whom the tour
follows."""

from __future__ import annotations

from salescli.models.enums import Role
from salescli.services.core import reps
from salescli.services.core.session import Session

DEMO_REPS = (
    ("maria", "Maria Gonzalez", Role.MANAGER, None),
    ("alice", "Alice Chen", Role.REP, "East"),
    ("bob", "Bob Li", Role.REP, "North"),
    ("wei", "张伟", Role.REP, "华东"),
)
OWNERS = ("alice", "bob", "wei")
TOUR_REP = "alice"


def add_team(session: Session) -> None:
    """The team, added by its manager (the first rep of the empty book)."""
    for handle, name, role, region in DEMO_REPS:
        reps.add_rep(
            session, handle=handle, name=name, role=role, email=f"{handle}@example.com",
            manager=None if role == Role.MANAGER else "maria", region=region,
        )  # fmt: skip
        if role == Role.MANAGER:
            session.act_as(handle)
