"""Shared fixtures: every test runs with its own config and data directories, a real
SQLite file in tmp_path, and today pinned to 2026-11-23 (a Monday)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from salescli.cli.app import app
from salescli.models.enums import Role
from salescli.services.core import reps
from salescli.services.core.session import Session, open_session

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESCLI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SALESCLI_DATA_DIR", str(tmp_path / "data"))
    for name in ("SALESCLI_DB", "SALESCLI_REP", "SALESCLI_TODAY", "SALESCLI_DEBUG", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


@dataclass
class Cli:
    """Runs salescli in-process against one database, as `rep`, on TODAY."""

    db: Path
    rep: str | None = "alice"
    today: date = TODAY

    def __call__(
        self,
        *args: str,
        rep: str | None = "",
        input: str | None = None,  # noqa: A002 - the name CliRunner.invoke uses
    ) -> Result:
        acting = self.rep if rep == "" else rep
        argv = ["--db", str(self.db), "--today", self.today.isoformat()]
        if acting:
            argv += ["--as", acting]
        return CliRunner().invoke(app, [*argv, *args], input=input)

    def ok(self, *args: str, rep: str | None = "") -> Result:
        """Run and insist on success, showing stderr when it fails."""
        result = self(*args, rep=rep)
        assert result.exit_code == 0, f"exit {result.exit_code}\n{result.stderr}\n{result.stdout}"
        return result


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "book.db"


@pytest.fixture
def cli(db_path: Path) -> Cli:
    """A book with reps alice (acting) and bob, and manager maria."""
    runner = Cli(db_path)
    runner.ok("rep", "add", "alice", "--name", "Alice Chen", rep=None)
    runner.ok("rep", "add", "bob", "--name", "Bob Li", rep=None)
    runner.ok("rep", "add", "maria", "--name", "Maria Gonzalez", "--role", "manager", rep=None)
    return runner


@pytest.fixture
def session(db_path: Path) -> Iterator[Session]:
    """A service session on a new book, acting as alice (bob exists too)."""
    with open_session(db_path, today=TODAY, acting_handle="alice") as opened:
        reps.add_rep(opened, handle="alice", name="Alice Chen")
        reps.add_rep(opened, handle="bob", name="Bob Li")
        yield opened


@contextmanager
def acting(session: Session, handle: str) -> Iterator[Session]:
    """Continue the session as another rep for a while (a record's owner, a manager)."""
    before = session.acting_handle
    session.act_as(handle)
    try:
        yield session
    finally:
        if before is not None:
            session.act_as(before)


def as_deal_owner(session: Session, deal_id: int) -> AbstractContextManager[Session]:
    """Act as the owner of a deal, who may change it."""
    owner = session.db.scalar(
        "SELECT r.handle FROM opportunity o JOIN rep r ON r.id = o.owner_id WHERE o.id = ?",
        (deal_id,),
    )
    return acting(session, str(owner))


def as_manager(session: Session) -> AbstractContextManager[Session]:
    """Act as the book's manager maria (added, the first time, as a manager)."""
    if reps.find_rep(session, "maria") is None:
        reps.add_rep(session, handle="maria", name="Maria Gonzalez", role=Role.MANAGER)
    return acting(session, "maria")
