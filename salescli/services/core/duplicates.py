"""Leads and contacts that look like one being added: the same phone number (whatever
its spacing, dashes, brackets or +86 prefix) or the same email (any case)."""

from __future__ import annotations

from collections.abc import Sequence

from salescli.errors import Refused
from salescli.models.frozen import record
from salescli.services.core.session import Session

# A stored phone number as its digits alone.
_DIGITS = "phone"
for _mark in (" ", "-", "+", "(", ")", ".", "/"):
    _DIGITS = f"replace({_DIGITS}, '{_mark}', '')"
COUNTRY_PREFIXES = ("0086", "86")
# Numbers shorter than this (an extension, a typo) match nothing.
MIN_PHONE_DIGITS = 6


@record
class LookAlike:
    """An existing lead or contact with the phone or email of one being added."""

    entity: str
    id: int
    name: str
    same: str  # "phone" or "email"

    def describe(self) -> str:
        return f"{self.entity} {self.id} ({self.name}) has this {self.same}"


def phone_key(phone: str) -> str:
    """The digits of a phone number without a +86 or 0086 prefix."""
    digits = "".join(char for char in phone if char.isdigit())
    for prefix in COUNTRY_PREFIXES:
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 11:
            return digits[len(prefix) :]
    return digits


def phone_forms(phone: str) -> list[str]:
    """The digit strings a stored number with the same key may read as."""
    key = phone_key(phone)
    return [key, *(prefix + key for prefix in COUNTRY_PREFIXES)]


def look_alikes(
    session: Session,
    *,
    phone: str | None,
    email: str | None,
    tables: Sequence[str] = ("lead", "contact"),
) -> list[LookAlike]:
    found: list[LookAlike] = []
    checks: list[tuple[str, str, list[str]]] = []
    if phone and len(phone_key(phone)) >= MIN_PHONE_DIGITS:
        forms = phone_forms(phone)
        checks.append(("phone", f"{_DIGITS} IN ({', '.join('?' for _ in forms)})", forms))
    if email and email.strip():
        checks.append(("email", "lower(email) = ?", [email.strip().lower()]))
    for table in tables:
        for same, condition, params in checks:
            for record_id, name in session.db.tuples(
                f"SELECT id, name FROM {table} WHERE {condition} ORDER BY id LIMIT 5", params
            ):
                found.append(LookAlike(table, int(record_id), str(name), same))
    return found


def refuse_look_alikes(
    session: Session, *, phone: str | None, email: str | None, what: str
) -> None:
    """Refuse to add ``what`` when a lead or contact has its phone or email."""
    found = look_alikes(session, phone=phone, email=email)
    if found:
        raise Refused(
            f"{what} looks like an existing record: {'; '.join(f.describe() for f in found)}",
            hint="--force adds it anyway; nothing was added",
        )
