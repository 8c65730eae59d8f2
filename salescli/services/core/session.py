"""The unit of work a command hands to a service: database, acting rep, and 'today'."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from salescli import dates
from salescli.db import Database, open_database, storage_errors
from salescli.errors import NoActingRep, NotFound
from salescli.models.records import Rep
from salescli.services.core.rows import build

REP_SELECT = (
    "SELECT r.id, r.handle, r.name, r.email, r.role, m.handle AS manager, r.region, r.active,"
    " r.created_at FROM rep r LEFT JOIN rep m ON m.id = r.manager_id"
)


class Session:
    """What every service receives.

    ``today`` is the date the command acts on (``--today``); every date it records, and
    every timestamp, follows from it.
    """

    def __init__(
        self,
        db: Database,
        *,
        today: date,
        acting_handle: str | None,
        acting_origin: Callable[[], str] | None = None,
    ) -> None:
        self.db = db
        self.today = today
        self.acting_handle = acting_handle
        # Where the acting rep was named (--as, SALESCLI_REP, the config file), asked only
        # when that rep is not in the book.
        self.acting_origin = acting_origin
        self._actor: Rep | None = None
        self._now: str | None = None

    def now(self) -> str:
        """One timestamp for the whole command, so its records agree."""
        if self._now is None:
            self._now = dates.stamp(self.today)
        return self._now

    def act_as(self, handle: str) -> None:
        """Continue the unit of work as another rep (the demo plays several reps)."""
        self.acting_handle = handle
        self._actor = None

    @property
    def actor(self) -> Rep:
        """The acting rep; a clear error with a hint when there is none."""
        if self._actor is None:
            if not self.acting_handle:
                raise NoActingRep()
            rep = find_rep(self, self.acting_handle)
            if rep is None:
                named_by = f", named by {self.acting_origin()}" if self.acting_origin else ""
                raise NotFound(
                    f"acting rep '{self.acting_handle}' does not exist in {self.db.path}"
                    + named_by,
                    hint="add it with 'salescli rep add', pass another --as, or run"
                    " 'salescli init --rep HANDLE' for this book",
                )
            self._actor = rep
        return self._actor

    @property
    def actor_id(self) -> int | None:
        """The acting rep's id if one is set and known, for the audit trail."""
        if not self.acting_handle:
            return None
        try:
            return self.actor.id
        except NotFound:
            return None


def find_rep(session: Session, handle: str) -> Rep | None:
    """The rep with this handle, if there is one (the session needs it for its actor,
    so it lives here, below the reps service)."""
    row = session.db.row(f"{REP_SELECT} WHERE r.handle = ?", (handle.strip().lower(),))
    return None if row is None else build(Rep, row)


P = ParamSpec("P")
R = TypeVar("R")


def writes(service: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Session, P], R]:
    """Run a service that changes data in one write transaction, reads included: what it
    checks (a lead is open, a name is free) still holds when it writes, even with cron
    or another terminal working on the same book."""

    @functools.wraps(service)
    def run(session: Session, *args: P.args, **kwargs: P.kwargs) -> R:
        with session.db.transaction():
            return service(session, *args, **kwargs)

    return run


@contextmanager
def open_session(
    path: Path,
    *,
    today: date,
    acting_handle: str | None,
    create: bool = True,
    acting_origin: Callable[[], str] | None = None,
) -> Iterator[Session]:
    """A session on the book at ``path``; with ``create=False`` (commands that only read)
    a missing file is an error rather than a new empty book. A locked, read-only, full or
    damaged book is reported as the `StorageProblem` it is."""
    database = open_database(path, create=create)
    try:
        with storage_errors(database.path):
            yield Session(
                database, today=today, acting_handle=acting_handle, acting_origin=acting_origin
            )
    finally:
        database.rollback()
        database.close()
