"""Accounts (customers and prospects), their profile facts, and their CSV round trip."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from salescli.errors import AmbiguousReference, InvalidValue, NotFound, Refused
from salescli.models.enums import AccountStatus, DefectionReason
from salescli.models.records import (
    Account,
    Fact,
)
from salescli.services.core import finding
from salescli.services.core.edits import apply_changes, requested_changes, tidy
from salescli.services.core.events import record_event
from salescli.services.core.facts import fact_upsert
from salescli.services.core.permissions import ACCOUNT, require_owner
from salescli.services.core.reps import new_owner, owner_change, owner_scope
from salescli.services.core.rows import build, build_all, like_escaped
from salescli.services.core.session import Session, writes

SELECT = (
    "SELECT a.id, a.name, a.industry, a.region, a.phone, a.email, a.address, a.website,"
    " a.status, a.abc_class, r.handle AS owner, a.external_id, a.created_at, a.updated_at"
    " FROM account a LEFT JOIN rep r ON r.id = a.owner_id"
)


# Customers ranked by value: A the most valuable; the contact cadence reads the class.
ABC_CLASSES = ("A", "B", "C", "D")


def abc_class(text: str) -> str:
    value = text.strip().upper()
    if value not in ABC_CLASSES:
        raise InvalidValue(f"'{text}' is not a class", hint="use A, B, C or D")
    return value


def get_account(session: Session, account_id: int) -> Account:
    row = session.db.row(f"{SELECT} WHERE a.id = ?", (account_id,))
    if row is None:
        raise NotFound(f"no account {account_id}")
    return build(Account, row)


def resolve_account(session: Session, ref: str) -> Account:
    """An account by id, exact name (any case) or an unambiguous name prefix."""
    text = ref.strip()
    if not text:
        raise InvalidValue("an account reference cannot be empty")
    if text.isdigit():
        row = session.db.row(f"{SELECT} WHERE a.id = ?", (int(text),))
        if row is not None:
            return build(Account, row)
    row = session.db.row(f"{SELECT} WHERE a.name = ? COLLATE NOCASE", (text,))
    if row is not None:
        return build(Account, row)
    pattern = like_escaped(text) + "%"
    matches = session.db.rows(
        f"{SELECT} WHERE a.name LIKE ? ESCAPE '\\' ORDER BY a.name COLLATE NOCASE LIMIT 10",
        (pattern,),
    )
    if len(matches) == 1:
        return build(Account, matches[0])
    if matches:
        total = session.db.scalar(
            "SELECT count(*) FROM account WHERE name LIKE ? ESCAPE '\\'", (pattern,)
        )
        raise AmbiguousReference(
            "account", text, [f"{row['id']} {row['name']}" for row in matches], total=total
        )
    raise NotFound(f"no account matches '{text}'", hint="see 'salescli account list --all'")


def _name_taken(session: Session, name: str, *, other_than: int | None = None) -> None:
    row = session.db.row("SELECT id, name FROM account WHERE name = ? COLLATE NOCASE", (name,))
    if row is not None and row["id"] != other_than:
        raise Refused(f"account '{row['name']}' already exists (id {row['id']})")


@writes
def add_account(
    session: Session,
    *,
    name: str,
    industry: str | None = None,
    region: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    address: str | None = None,
    website: str | None = None,
    status: AccountStatus = AccountStatus.PROSPECT,
    owner: str | None = None,
) -> Account:
    name = name.strip()
    industry, region, phone, email = tidy(industry), tidy(region), tidy(phone), tidy(email)
    address, website = tidy(address), tidy(website)
    if not name:
        raise InvalidValue("an account needs a name")
    owner_rep = new_owner(session, owner)
    now = session.now()
    _name_taken(session, name)
    cursor = session.db.execute(
        "INSERT INTO account (name, industry, region, phone, email, address, website, status,"
        " owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            name,
            industry,
            region,
            phone,
            email,
            address,
            website,
            status.value,
            owner_rep.id,
            now,
            now,
        ),
    )
    account_id = int(cursor.lastrowid or 0)
    record_event(
        session,
        entity="account",
        entity_id=account_id,
        action="add",
        changes={"name": name, "owner": owner_rep.handle},
    )
    return get_account(session, account_id)


@writes
def edit_account(
    session: Session,
    *,
    ref: str,
    name: str | None = None,
    industry: str | None = None,
    region: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    address: str | None = None,
    website: str | None = None,
    status: AccountStatus | None = None,
    owner: str | None = None,
    rank: str | None = None,
    pinned: bool | None = None,
    lost_reason: str | None = None,
    lost_note: str | None = None,
) -> Account:
    """Change the given fields; None leaves a field as it is, "" clears it. ``rank`` is
    the ABC class; ``pinned`` keeps it through `account classify --apply`.
    ``lost_reason`` (a DefectionReason) and ``lost_note`` say why a customer left."""
    account = resolve_account(session, ref)
    require_owner(session, ACCOUNT, account.id, account.owner)
    changes = requested_changes(
        name=name,
        industry=industry,
        region=region,
        phone=phone,
        email=email,
        address=address,
        website=website,
    )
    if "name" in changes and not changes["name"]:
        raise InvalidValue("an account needs a name")
    if status is not None:
        changes["status"] = status.value
    if rank is not None:
        changes["abc_class"] = abc_class(rank) if rank.strip() else None
    record: Any = account
    if pinned is not None or lost_reason is not None or lost_note is not None:
        record = _with_value_fields(session, account)
        changes.update(_value_changes(record, changes, pinned, lost_reason, lost_note))
    owner_changes, columns = owner_change(session, owner)
    changes.update(owner_changes)
    if changes.get("name") and changes["name"] != account.name:
        _name_taken(session, changes["name"], other_than=account.id)
    apply_changes(
        session,
        table="account",
        entity="account",
        record=record,
        changes=changes,
        columns=columns,
    )
    return get_account(session, account.id)


def _with_value_fields(session: Session, account: Account) -> Any:
    """The account with the value fields an edit may change (not part of `Account`)."""
    row = session.db.row(
        "SELECT class_pinned, lost_reason, lost_note FROM account WHERE id = ?", (account.id,)
    )
    assert row is not None
    return SimpleNamespace(
        **{name: getattr(account, name) for name in account.__dataclass_fields__},
        class_pinned=bool(row["class_pinned"]),
        lost_reason=row["lost_reason"],
        lost_note=row["lost_note"],
    )


def _value_changes(
    record: Any,
    changes: dict[str, Any],
    pinned: bool | None,
    lost_reason: str | None,
    lost_note: str | None,
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if pinned is not None:
        if pinned and not changes.get("abc_class", record.abc_class):
            raise InvalidValue("only a class can be pinned", hint="give it with --class A --pin")
        found["class_pinned"] = pinned
    if lost_reason is not None:
        found["lost_reason"] = (
            DefectionReason.parse(lost_reason, what="reason a customer left").value
            if lost_reason.strip()
            else None
        )
    if lost_note is not None:
        found["lost_note"] = tidy(lost_note) or None
    if lost_reason is not None or lost_note is not None:
        _note_has_reason(
            record.name,
            found.get("lost_reason", record.lost_reason),
            found.get("lost_note", record.lost_note),
            cleared=lost_reason is not None and not found["lost_reason"],
        )
    return found


def _note_has_reason(name: str, reason: str | None, note: str | None, *, cleared: bool) -> None:
    """A lost note explains a reason; without one it would read as the reason in
    `account show` while the retention report ranks it as "not recorded"."""
    if not note or reason:
        return
    if cleared:
        raise InvalidValue(
            f"account '{name}' keeps its lost note '{note}': clearing the reason would leave"
            " the note without one",
            hint='clear the note with it: --lost-reason "" --lost-note ""',
        )
    raise InvalidValue(
        f"--lost-note needs --lost-reason: account '{name}' has no reason recorded for leaving",
        hint=f"reasons are {', '.join(DefectionReason.values())}"
        f' (other for none of them): --lost-reason other --lost-note "{note}"',
    )


# What `account list --search` matches: search's fields and where the account is.
LISTED = finding.Searchable(
    "account",
    (
        *finding.ACCOUNT.fields,
        ("industry", "industry"),
        ("region", "region"),
        ("address", "address"),
    ),
    finding.ACCOUNT.phones,
)


def list_accounts(
    session: Session,
    *,
    owner: str | None = None,
    everyone: bool = False,
    status: AccountStatus | None = None,
    search: str | None = None,
    rank: str | None = None,
) -> list[Account]:
    """``rank`` is an ABC class."""
    where: list[str] = []
    params: list[Any] = []
    if rank is not None:
        where.append("a.abc_class = ?")
        params.append(abc_class(rank))
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    if owner_id is not None:
        where.append("a.owner_id = ?")
        params.append(owner_id)
    if status is not None:
        where.append("a.status = ?")
        params.append(status.value)
    if search is not None:
        # A rep's accounts are a few hundred and everyone's a 100,000-row scan (~50 ms):
        # read directly, as the text index holds neither industry, region nor address.
        matching = finding.matching(LISTED, "a", finding.needle(search))
        where.append(matching.sql)
        params.extend(matching.params)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return build_all(
        Account, session.db.rows(f"{SELECT}{clause} ORDER BY a.name COLLATE NOCASE", params)
    )


def facts_of(session: Session, *, ref: str) -> list[Fact]:
    return facts_of_account(session, resolve_account(session, ref).id)


def facts_of_account(session: Session, account_id: int) -> list[Fact]:
    return build_all(
        Fact,
        session.db.rows(
            "SELECT key, value, updated_at FROM account_fact WHERE account_id = ? ORDER BY key",
            (account_id,),
        ),
    )


def get_fact(session: Session, *, ref: str, key: str) -> Fact:
    account = resolve_account(session, ref)
    row = session.db.row(
        "SELECT key, value, updated_at FROM account_fact WHERE account_id = ? AND key = ?",
        (account.id, _fact_key(key)),
    )
    if row is None:
        raise NotFound(f"account '{account.name}' has no fact '{key}'")
    return build(Fact, row)


@writes
def set_fact(session: Session, *, ref: str, key: str, value: str) -> Fact:
    account = resolve_account(session, ref)
    require_owner(session, ACCOUNT, account.id, account.owner)
    key = _fact_key(key)
    if not value.strip():
        raise InvalidValue("a fact needs a value", hint="use --remove to delete a fact")
    previous = session.db.scalar(
        "SELECT value FROM account_fact WHERE account_id = ? AND key = ?", (account.id, key)
    )
    session.db.execute(
        fact_upsert("account_fact", "account_id"),
        (account.id, key, value.strip(), session.now(), session.actor_id),
    )
    record_event(
        session,
        entity="account",
        entity_id=account.id,
        action="fact",
        changes={key: [previous, value.strip()]},
    )
    return get_fact(session, ref=str(account.id), key=key)


@writes
def remove_fact(session: Session, *, ref: str, key: str) -> Fact:
    fact = get_fact(session, ref=ref, key=key)
    account = resolve_account(session, ref)
    require_owner(session, ACCOUNT, account.id, account.owner)
    session.db.execute(
        "DELETE FROM account_fact WHERE account_id = ? AND key = ?", (account.id, fact.key)
    )
    record_event(
        session,
        entity="account",
        entity_id=account.id,
        action="fact",
        changes={fact.key: [fact.value, None]},
    )
    return fact


def _fact_key(key: str) -> str:
    cleaned = " ".join(key.strip().lower().split())
    if not cleaned:
        raise InvalidValue("a fact needs a key, such as family or interests")
    return cleaned
