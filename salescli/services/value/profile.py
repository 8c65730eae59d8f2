"""The structured customer profile: a checklist of questions (profile.toml, after the
"Mackay 66") answered per account or contact, with who recorded each answer and when.

Answers are profile facts keyed ``heading.question`` (``family.children``): an account's
in ``account_fact`` beside the free-form facts of `account fact`, a contact's in
``contact_fact``. A free-form fact shows under the heading its key names (``family``,
``hobbies``: a heading's own words in profile.toml), else under "other"; one whose key
names a question (``hobbies``, ``interests.hobbies``) answers it while nothing else does.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from salescli.dates import local_date_of
from salescli.errors import InvalidValue
from salescli.models.records import Profile, ProfileItem
from salescli.services.core.events import record_event
from salescli.services.core.facts import fact_upsert
from salescli.services.core.permissions import require_account_owner
from salescli.services.core.session import Session, writes
from salescli.services.customers.accounts import resolve_account
from salescli.services.customers.contacts import get_contact

QUESTIONS_FILE = Path(__file__).with_name("profile.toml")
OTHER = "other"


class Question(NamedTuple):
    key: str
    section: str
    text: str


class Checklist(NamedTuple):
    questions: list[Question]
    titles: dict[str, str]
    # A word of a fact's key -> the heading it goes under.
    words: dict[str, str]


@functools.cache
def checklist() -> Checklist:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    data: dict[str, Any] = tomllib.loads(QUESTIONS_FILE.read_text(encoding="utf-8"))
    questions: list[Question] = []
    titles: dict[str, str] = {}
    words: dict[str, str] = {}
    for section, table in data.items():
        titles[section] = table["title"]
        words[section] = section
        for word in table["words"]:
            words.setdefault(word, section)
        questions += [
            Question(f"{section}.{key}", section, text) for key, text in table["questions"].items()
        ]
    titles[OTHER] = "Other facts"
    return Checklist(questions, titles, words)


def is_question(key: str) -> bool:
    """Whether a fact's key is one of the checklist's questions (an answer, not a fact)."""
    return key in _question_keys()


@functools.cache
def _question_keys() -> frozenset[str]:
    return frozenset(question.key for question in checklist().questions)


def question_of(key: str) -> str | None:
    """The question a fact's key answers: the question's key (``interests.hobbies``) or
    its own word (``hobbies``, ``hobby``, ``Hobbies``), whatever the case and separators;
    None for a key that names no question."""
    return _question_forms().get(_normal(key))


def answered_questions(keys: Iterable[str]) -> set[str]:
    """The questions that facts under ``keys`` answer."""
    return {question for question in map(question_of, keys) if question is not None}


def _normal(key: str) -> str:
    return ".".join(key.strip().lower().replace("_", " ").replace("-", " ").split())


@functools.cache
def _question_forms() -> dict[str, str]:
    exact: dict[str, str] = {}
    variants: dict[str, str] = {}
    for question in checklist().questions:
        own = question.key.split(".", 1)[1]
        exact[question.key] = exact[own] = question.key
        if own.endswith("ies"):
            variants.setdefault(own[:-3] + "y", question.key)  # hobby
        elif own.endswith("s") and not own.endswith("ss"):
            variants.setdefault(own[:-1], question.key)  # sport, goal
        else:
            variants.setdefault(own + "s", question.key)  # risks
    return {**variants, **exact}


def heading_of(key: str) -> str:
    """Where a free-form fact's key puts it: the first of its words a heading owns."""
    words = checklist().words
    for word in key.replace(".", " ").replace("_", " ").replace("-", " ").split():
        if word in words:
            return words[word]
    return OTHER


class Owner(NamedTuple):
    kind: str
    id: int
    name: str
    account_id: int
    table: str
    column: str


def _owner(session: Session, kind: str, ref: str) -> Owner:
    if kind == "account":
        account = resolve_account(session, ref)
        return Owner("account", account.id, account.name, account.id, "account_fact", "account_id")
    if not ref.strip().isdigit():
        raise InvalidValue(f"'{ref}' is not a contact id", hint="see 'salescli contact list'")
    contact = get_contact(session, int(ref))
    return Owner(
        "contact", contact.id, contact.name, contact.account_id, "contact_fact", "contact_id"
    )


def profile_of(session: Session, *, kind: str, ref: str) -> Profile:
    """The checklist answered for an account or a contact, and its free-form facts."""
    owner = _owner(session, kind, ref)
    return _profile(session, owner)


def completeness(session: Session, *, account_id: int) -> tuple[int, int]:
    """How many of the checklist's questions an account's profile answers, of how many."""
    known = session.db.tuples("SELECT key FROM account_fact WHERE account_id = ?", (account_id,))
    return len(answered_questions(key for (key,) in known)), len(_question_keys())


def _profile(session: Session, owner: Owner) -> Profile:
    rows = session.db.tuples(
        f"SELECT f.key, f.value, f.updated_at, r.handle FROM {owner.table} f"
        f" LEFT JOIN rep r ON r.id = f.rep_id WHERE f.{owner.column} = ? ORDER BY f.key",
        (owner.id,),
    )
    answers = {key: (value, at, handle) for key, value, at, handle in rows}
    questions = checklist().questions
    items = []
    for question in questions:
        value, at, handle = answers.pop(question.key, (None, None, None))
        items.append(_item(question.key, question.section, question.text, value, at, handle))
    # A free-form fact whose key names an open question answers it (`account fact Acme
    # hobbies golf` is interests.hobbies); an answer given to the question itself wins.
    others = []
    for key, (value, at, handle) in answers.items():
        place = next((n for n, item in enumerate(items) if item.key == question_of(key)), None)
        if place is not None and items[place].value is None:
            found = items[place]
            items[place] = _item(found.key, found.section, found.question, value, at, handle)
        else:
            others.append(_item(key, heading_of(key), "", value, at, handle))
    known = sum(1 for item in items if item.value is not None)
    return Profile(
        kind=owner.kind,
        id=owner.id,
        name=owner.name,
        known=known,
        items=len(items),
        completeness=round(known * 100 / len(items)) if items else 0,
        questions=items,
        other=others,
    )


def _item(
    key: str, section: str, text: str, value: str | None, at: str | None, handle: str | None
) -> ProfileItem:
    return ProfileItem(
        key=key,
        section=section,
        question=text,
        value=value,
        recorded_on=local_date_of(at).isoformat() if at else None,
        recorded_by=handle,
    )


@writes
def set_profile(session: Session, *, kind: str, ref: str, key: str, value: str | None) -> Profile:
    """Answer one question (``value``), or forget its answer (None)."""
    owner = _owner(session, kind, ref)
    require_account_owner(session, owner.account_id)
    cleaned = key.strip().lower()
    if cleaned not in {question.key for question in checklist().questions}:
        sections = ", ".join(checklist().titles)
        raise InvalidValue(
            f"'{key}' is not a profile question",
            hint=f"keys are heading.question, such as family.children (headings: {sections});"
            f" 'salescli {kind} profile {ref}' lists them",
        )
    before = session.db.scalar(
        f"SELECT value FROM {owner.table} WHERE {owner.column} = ? AND key = ?",
        (owner.id, cleaned),
    )
    if value is None:
        if before is None:
            raise InvalidValue(
                f"{owner.kind} '{owner.name}' has no answer to {cleaned}",
                hint=_fact_hint(session, owner, cleaned),
            )
        session.db.execute(
            f"DELETE FROM {owner.table} WHERE {owner.column} = ? AND key = ?", (owner.id, cleaned)
        )
    else:
        if not value.strip():
            raise InvalidValue("an answer cannot be empty", hint="use --clear to forget one")
        session.db.execute(
            fact_upsert(owner.table, owner.column),
            (owner.id, cleaned, value.strip(), session.now(), session.actor_id),
        )
    record_event(
        session,
        entity=owner.kind,
        entity_id=owner.id,
        action="profile",
        changes={cleaned: [before, None if value is None else value.strip()]},
    )
    return _profile(session, owner)


def _fact_hint(session: Session, owner: Owner, question: str) -> str | None:
    """Where a question's answer is a free-form fact, how to forget that fact."""
    keys = session.db.tuples(
        f"SELECT key FROM {owner.table} WHERE {owner.column} = ? ORDER BY key", (owner.id,)
    )
    fact = next((key for (key,) in keys if question_of(key) == question), None)
    if fact is None:
        return None
    if owner.kind != "account":  # contact facts come from imports (--keep-extra)
        return f"the contact's fact '{fact}' answers it"
    return f"the fact '{fact}' answers it: 'salescli account fact {owner.id} {fact} --remove'"
