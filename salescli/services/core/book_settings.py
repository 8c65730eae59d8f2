"""Settings of the book itself, kept in its ``book_setting`` table: what everyone who
opens the book must agree on, where one user's config file would let two users differ.

Today that is the book's ``currency``. A ``currency`` in a config file written before the
book kept its own is read while the book has none, and the first import (or ``config set
currency``) stores it in the book; from then on the book's is the one in force.
"""

from __future__ import annotations

from typing import NamedTuple

from salescli import config
from salescli.errors import InvalidValue
from salescli.services.core.session import Session, writes

CURRENCY = "currency"


class BookCurrency(NamedTuple):
    """The currency in force and where it comes from: 'book', 'config' (a config file's,
    not yet the book's) or 'default' (none)."""

    value: str | None
    source: str


class CurrencyChange(NamedTuple):
    key: str
    value: str
    source: str
    # The amounts already in the book, which now read in the new currency unconverted.
    unconverted_deals: int
    previous: str | None


def _stored(session: Session, key: str) -> str | None:
    value = session.db.scalar("SELECT value FROM book_setting WHERE key = ?", (key,))
    return str(value) if value is not None else None


def currency(session: Session) -> BookCurrency:
    """The book's currency, else a config file's from before books kept their own."""
    stored = _stored(session, CURRENCY)
    if stored is not None:
        return BookCurrency(stored, "book")
    legacy = config.book_currency()
    return BookCurrency(legacy, "config") if legacy else BookCurrency(None, "default")


def adopt_currency(session: Session, code: str | None) -> None:
    """Store ``code`` (a config file's currency) as the book's when the book has none,
    inside the caller's transaction: the first import fixes the book's currency for
    everyone after."""
    if code and _stored(session, CURRENCY) is None:
        session.db.execute("INSERT INTO book_setting (key, value) VALUES (?, ?)", (CURRENCY, code))


@writes
def set_currency(session: Session, value: str) -> CurrencyChange:
    """Make ``value`` the book's currency. Amounts already stored are not converted:
    the change says how many deals now read in it."""
    code = value.strip().upper()
    if not code.isascii() or not code.isalpha() or len(code) != 3:
        raise InvalidValue(
            f"currency must be a three-letter ISO code, not '{value}'",
            hint="e.g. 'salescli config set currency CNY'",
        )
    previous = currency(session).value
    session.db.execute(
        "INSERT INTO book_setting (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (CURRENCY, code),
    )
    unconverted = 0
    if previous is not None and previous != code:
        unconverted = int(
            session.db.scalar("SELECT count(*) FROM opportunity WHERE amount > 0") or 0
        )
    return CurrencyChange(CURRENCY, code, "book", unconverted, previous)


@writes
def unset_currency(session: Session) -> BookCurrency:
    """Remove the book's currency; what is in force then (a config file's, or none)."""
    session.db.execute("DELETE FROM book_setting WHERE key = ?", (CURRENCY,))
    return currency(session)


def quote_rules(session: Session) -> config.QuoteRules:
    """The quote settings in force, priced in the book's currency."""
    rules = config.quote_rules()
    found = currency(session).value
    return rules._replace(currency=found) if found else rules
