"""Contacts: the people at an account, with their role in the buying decision."""

from __future__ import annotations

from datetime import date
from typing import Any

from salescli.errors import AmbiguousReference, InvalidValue, NotFound, UsageProblem
from salescli.models.enums import ContactRole
from salescli.models.records import Contact
from salescli.services.core import finding
from salescli.services.core.duplicates import refuse_look_alikes
from salescli.services.core.edits import apply_changes, requested_changes, tidy
from salescli.services.core.events import record_event
from salescli.services.core.permissions import ACCOUNT, require_account_owner, require_owner
from salescli.services.core.reps import owner_scope
from salescli.services.core.rows import build, build_all
from salescli.services.core.session import Session, writes
from salescli.services.customers.accounts import resolve_account

SELECT = (
    "SELECT c.id, c.account_id, a.name AS account, c.name, c.title, c.role, c.phone, c.email,"
    " c.birthday, c.external_id, c.created_at, c.updated_at"
    " FROM contact c JOIN account a ON a.id = c.account_id"
)


def get_contact(session: Session, contact_id: int) -> Contact:
    row = session.db.row(f"{SELECT} WHERE c.id = ?", (contact_id,))
    if row is None:
        raise NotFound(f"no contact {contact_id}", hint="see 'salescli contact list --all'")
    return build(Contact, row)


@writes
def add_contact(
    session: Session,
    *,
    account: str,
    name: str,
    title: str | None = None,
    role: ContactRole | None = None,
    phone: str | None = None,
    email: str | None = None,
    birthday: date | None = None,
    force: bool = False,
) -> Contact:
    """Add a contact; refused when a lead or contact has its phone or email, unless
    ``force`` (a lead's conversion adds its person as a contact with ``force``)."""
    name = name.strip()
    title, phone, email = tidy(title), tidy(phone), tidy(email)
    if not name:
        raise InvalidValue("a contact needs a name")
    target = resolve_account(session, account)
    require_owner(session, ACCOUNT, target.id, target.owner)
    if not force:
        refuse_look_alikes(session, phone=phone, email=email, what=f"contact {name}")
    now = session.now()
    cursor = session.db.execute(
        "INSERT INTO contact (account_id, name, title, role, phone, email, birthday,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            target.id,
            name,
            title,
            role.value if role else None,
            phone,
            email,
            birthday.isoformat() if birthday else None,
            now,
            now,
        ),
    )
    contact_id = int(cursor.lastrowid or 0)
    record_event(
        session,
        entity="contact",
        entity_id=contact_id,
        action="add",
        changes={"name": name, "account": target.name},
    )
    return get_contact(session, contact_id)


def list_contacts(
    session: Session,
    *,
    account: str | None = None,
    owner: str | None = None,
    everyone: bool = False,
    search: str | None = None,
) -> list[Contact]:
    """One account's contacts, or those of an owner's accounts (the acting rep's by
    default); ``search``, those matching a text (core.finding)."""
    if account and (owner or everyone):
        raise UsageProblem("give an ACCOUNT, or --owner / --all, not both")
    where: list[str] = []
    params: list[Any] = []
    if account:
        where.append("c.account_id = ?")
        params.append(resolve_account(session, account).id)
        order = "c.name COLLATE NOCASE"
    else:
        owner_id = owner_scope(session, owner=owner, everyone=everyone)
        if owner_id is not None:
            where.append("a.owner_id = ?")
            params.append(owner_id)
        order = "a.name COLLATE NOCASE, c.name COLLATE NOCASE"
    matching = finding.search_condition(session, finding.CONTACT, "c", search)
    if matching is not None:
        where.append(matching.sql)
        params.extend(matching.params)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return build_all(Contact, session.db.rows(f"{SELECT}{clause} ORDER BY {order}", params))


@writes
def edit_contact(
    session: Session,
    *,
    contact_id: int,
    name: str | None = None,
    title: str | None = None,
    role: ContactRole | None = None,
    phone: str | None = None,
    email: str | None = None,
    birthday: date | None = None,
    account: str | None = None,
) -> Contact:
    contact = get_contact(session, contact_id)
    # A contact is its account owner's.
    require_account_owner(session, contact.account_id)
    changes = requested_changes(name=name, title=title, phone=phone, email=email)
    if "name" in changes and not changes["name"]:
        raise InvalidValue("a contact needs a name")
    if role is not None:
        changes["role"] = role.value
    if birthday is not None:
        changes["birthday"] = birthday
    columns = {}
    if account:
        target = resolve_account(session, account)
        if target.id != contact.account_id:
            require_owner(session, ACCOUNT, target.id, target.owner)
        changes["account"] = target.name
        columns["account"] = ("account_id", target.id)
    apply_changes(
        session,
        table="contact",
        entity="contact",
        record=contact,
        changes=changes,
        columns=columns,
    )
    return get_contact(session, contact_id)


def contact_of_account(session: Session, account_id: int, contact: str | None) -> int | None:
    """A contact of the account, by id or by name (any case); a name two contacts share
    is an error listing them, never one of them picked at random."""
    text = tidy(contact)
    if text is None:
        return None
    if text.isdigit():
        row = session.db.row(
            "SELECT id FROM contact WHERE id = ? AND account_id = ?", (int(text), account_id)
        )
    else:
        rows = session.db.rows(
            "SELECT id, name, title FROM contact WHERE account_id = ? AND name = ? COLLATE NOCASE"
            " ORDER BY id",
            (account_id, text),
        )
        if len(rows) > 1:
            raise AmbiguousReference(
                "contact",
                text,
                [
                    f"{r['id']} {r['name']}" + (f" ({r['title']})" if r["title"] else "")
                    for r in rows
                ],
            )
        row = rows[0] if rows else None
    if row is None:
        raise NotFound(
            f"no contact '{text}' at account {account_id}",
            hint=f"see 'salescli contact list {account_id}', or add one with 'salescli contact add'",
        )
    return int(row["id"])
