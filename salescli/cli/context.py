"""The global context every command runs in: which book, which rep, which day."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import typer

from salescli import config, dates
from salescli.services.core.session import Session, open_session


@dataclass
class AppState:
    db_option: str | None = None
    rep_option: str | None = None
    today: date = date.min

    @property
    def db_path(self) -> Path:
        return config.database_path(self.db_option)

    @property
    def rep(self) -> str | None:
        return config.acting_rep(self.rep_option, self.db_path)

    def quote_rules(self) -> config.QuoteRules:
        """The quote settings, with prices in the book's currency (read from the book)."""
        if not self.db_path.exists():
            return config.quote_rules()
        from salescli.services.core import book_settings

        with self.session(create=False) as session:
            return book_settings.quote_rules(session)

    @contextmanager
    def session(self, *, create: bool = True) -> Iterator[Session]:
        """The book; commands that only read pass ``create=False``, so a mistyped --db is
        an error instead of a new empty book."""
        path = self.db_path
        with open_session(
            path,
            today=self.today,
            acting_handle=self.rep,
            create=create,
            acting_origin=lambda: config.rep_origin(path, self.rep_option),
        ) as session:
            yield session


# Set by the root callback, which click runs before it parses a subcommand's options, so
# option parsers can read relative dates ("+3d") against --today.
CURRENT = AppState(today=dates.wall_today())


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = CURRENT
    return root.obj
