"""Finding records by what a rep remembers of them: part of a name, a phone number
however it is spaced, an e-mail, an external id, words from a note.

Every word of the text must appear in one of a record's searched fields (case-insensitive
for Latin letters, any substring for Chinese); a text that looks like a phone number also
matches a phone whose digits hold its digits, whatever the spaces, dashes or ``+86``. The
same rules serve ``salescli search`` and the ``--search`` of the everyday lists. Where the
book has a text index (db.py), it narrows the rows first; the conditions below decide.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from salescli import textsearch
from salescli.errors import UsageProblem
from salescli.models.frozen import record
from salescli.services.core.rows import like_escaped
from salescli.services.core.session import Session


@record
class Searchable:
    """A table search reads: its text fields (label, column) in the order a match is
    reported, and the columns that hold phone numbers. The columns are those its text
    index holds (migrations/versions/0008_text_search.py; a test compares them)."""

    table: str
    fields: tuple[tuple[str, str], ...]
    phones: tuple[str, ...] = ()


ACCOUNT = Searchable(
    "account",
    (("name", "name"), ("email", "email"), ("external id", "external_id"), ("phone", "phone")),
    ("phone",),
)
CONTACT = Searchable(
    "contact",
    (("name", "name"), ("email", "email"), ("external id", "external_id"), ("phone", "phone")),
    ("phone",),
)
LEAD = Searchable(
    "lead",
    (
        ("name", "name"),
        ("company", "company"),
        ("email", "email"),
        ("external id", "external_id"),
        ("note", "note"),
        ("phone", "phone"),
    ),
    ("phone",),
)
OPPORTUNITY = Searchable(
    "opportunity",
    (
        ("name", "name"),
        ("external id", "external_id"),
        ("next step", "next_step"),
        ("summary", "summary"),
        ("competitor", "competitor"),
    ),
)
ACTIVITY = Searchable(
    "activity",
    (
        ("purpose", "purpose"),
        ("objective", "objective"),
        ("minimum objective", "min_objective"),
        ("outcome", "outcome"),
        ("next step", "next_step"),
        ("cancel reason", "cancel_reason"),
        ("external id", "external_id"),
    ),
)

# A phone number as people write it: digits with spaces, dashes, dots, slashes,
# parentheses and a leading + (at least three digits, or it is just a word).
PHONE_LIKE = re.compile(r"\+?[\d\s().\-/]+")
MIN_PHONE_DIGITS = 3
CHINA = "86"


class Needle(NamedTuple):
    """What to look for: words that must all appear, and a phone number's digits (with
    China's country code dropped) when the text looks like one."""

    text: str
    words: tuple[str, ...]
    digits: str | None


def needle(text: str) -> Needle:
    words = tuple(text.split())
    if not words:
        raise UsageProblem("give something to search for", hint="for example: salescli search 华联")
    return Needle(" ".join(words), words, phone_digits(text))


def phone_digits(text: str) -> str | None:
    """The digits of a text that looks like a phone number, without China's country code
    (``+86 138-0013-8000`` and ``0086 13800138000`` are ``13800138000``), so they match a
    phone stored with or without it; None for any other text."""
    text = text.strip()
    if not PHONE_LIKE.fullmatch(text):
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    for prefix in (f"+{CHINA}", f"00{CHINA}"):
        if text.startswith(prefix):
            return digits[len(prefix.lstrip("+")) :] or None
    return digits


class Condition(NamedTuple):
    """A WHERE condition and its parameters."""

    sql: str
    params: tuple[Any, ...]


def matching(searchable: Searchable, alias: str, found: Needle) -> Condition:
    """The condition a row of ``searchable`` (as ``alias``) meets when it matches."""
    words = []
    params: list[Any] = []
    for word in found.words:
        if word.lower() == word.upper():  # no letter case to ignore: compared as it is
            test, param = textsearch.contains, word
        else:
            test, param = _like, f"%{like_escaped(word)}%"
        words.append(
            "(" + " OR ".join(test(f"{alias}.{column}") for _, column in searchable.fields) + ")"
        )
        params.extend([param] * len(searchable.fields))
    sql = " AND ".join(words)
    if found.digits and searchable.phones:
        phones = " OR ".join(
            f"{textsearch.digits_only(f'{alias}.{column}')} LIKE ?" for column in searchable.phones
        )
        sql = f"({phones} OR ({sql}))"
        params = [f"%{found.digits}%"] * len(searchable.phones) + params
    return Condition(f"({sql})", tuple(params))


def _like(expression: str) -> str:
    return f"{expression} LIKE ? ESCAPE '\\'"


def index_query(found: Needle) -> str | None:
    """The text index's MATCH expression for ``found``, or None when it cannot narrow it
    (a word of one or two characters: 王伟 is found by reading the table)."""
    alternatives = [found.words] + ([(found.digits,)] if found.digits else [])
    return textsearch.text_index_query(alternatives)


def narrowed(session: Session, searchable: Searchable, alias: str, found: Needle) -> Condition:
    """`matching`, with the text index narrowing the rows first where it can (for a list
    that adds its own conditions)."""
    condition = matching(searchable, alias, found)
    query = index_query(found)
    if query is None or not textsearch.has_text_index(session.db, searchable.table):
        return condition
    return Condition(
        f"{alias}.id IN ({textsearch.text_index_rows(searchable.table)}) AND {condition.sql}",
        (query, *condition.params),
    )


def search_condition(
    session: Session, searchable: Searchable, alias: str, text: str | None
) -> Condition | None:
    """The condition a list's ``--search TEXT`` adds, or None without one."""
    if text is None:
        return None
    return narrowed(session, searchable, alias, needle(text))


def matched_field(searchable: Searchable, values: dict[str, Any], found: Needle) -> tuple[str, str]:
    """Which field of a found row matched (label, value): the first holding the first
    word, or the phone holding the digits."""
    if found.digits:
        for column in searchable.phones:
            value = values.get(column) or ""
            if found.digits in re.sub(r"\D", "", value):
                return "phone", value
    first = found.words[0].casefold()
    for label, column in searchable.fields:
        value = values.get(column)
        if value and first in str(value).casefold():
            return label, str(value)
    label, column = searchable.fields[0]
    return label, str(values.get(column) or "")
