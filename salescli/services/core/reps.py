"""Reps: the people who own records. A rep is never deleted, only deactivated."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from salescli.config import BookDefaults, remember_book
from salescli.errors import InvalidValue, NotFound, Refused, UsageProblem
from salescli.models.enums import Role
from salescli.models.records import Rep
from salescli.services.core.edits import requested_changes, tidy
from salescli.services.core.events import diff, record_event
from salescli.services.core.permissions import is_manager, require_book_manager
from salescli.services.core.rows import build_all
from salescli.services.core.session import REP_SELECT, Session, find_rep, writes

_HANDLE = re.compile(r"^[a-z][a-z0-9._-]{0,31}$")


def is_handle(text: str) -> bool:
    """Whether ``text`` is written as a handle is (lower case, no spaces: moses.frase)."""
    return bool(_HANDLE.match(text))


# One address: something, one @, a domain. No white space, control character, comma or
# semicolon anywhere: each would add a second recipient to the cron mail. No leading '-',
# which a mail program reads as an option (GNU mailutils' -E runs a command).
_NOT_IN_EMAIL = r"\s@\x00-\x1f\x7f,;<>\"\\"
_EMAIL = re.compile(f"^[^-{_NOT_IN_EMAIL}][^{_NOT_IN_EMAIL}]*@[^{_NOT_IN_EMAIL}]+$")
_EMAIL_LENGTH = 254


def _check_handle(handle: str) -> str:
    handle = handle.strip().lower()
    if not _HANDLE.match(handle):
        raise InvalidValue(
            f"'{handle}' is not a valid handle",
            hint="use lower-case letters, digits, '.', '_' or '-', starting with a letter",
        )
    return handle


def _check_email(email: str | None) -> str | None:
    """The rep's email, tidied; None for none. Refuses anything but one plain address."""
    text = tidy(email)
    if text is None:
        return None
    if len(text) > _EMAIL_LENGTH or not _EMAIL.match(text):
        raise InvalidValue(
            f"{text!r} is not one email address",
            hint="give a single address like alice@example.com, with no spaces",
        )
    return text


def get_rep(session: Session, handle: str) -> Rep:
    rep = find_rep(session, handle)
    if rep is None:
        raise NotFound(f"no rep '{handle}'", hint="see 'salescli rep list'")
    return rep


def active_rep(session: Session, handle: str) -> Rep:
    """A rep who may own records."""
    rep = get_rep(session, handle)
    if not rep.active:
        raise Refused(
            f"rep '{rep.handle}' is inactive and cannot own records",
            hint=f"bring them back with 'salescli rep activate {rep.handle}', or choose another rep",
        )
    return rep


def _manager(session: Session, manager: str, *, of: str) -> Rep | None:
    """The rep whom ``of`` reports to, by handle ("" for nobody)."""
    if not manager.strip():
        return None
    if manager.strip().lower() == of:
        raise InvalidValue("a rep cannot be their own manager")
    return active_rep(session, manager)


def _region(region: str | None) -> str | None:
    return (region or "").strip() or None


@writes
def add_rep(
    session: Session,
    *,
    handle: str,
    name: str,
    email: str | None = None,
    role: Role = Role.REP,
    manager: str | None = None,
    region: str | None = None,
) -> Rep:
    """A new rep; ``manager`` is the handle of the rep they report to."""
    handle = _check_handle(handle)
    if not name.strip():
        raise InvalidValue("a rep needs a name")
    if find_rep(session, handle) is not None:
        raise Refused(f"rep '{handle}' already exists")
    # The first rep of an empty book sets it up; after that, a manager adds reps.
    if session.db.scalar("SELECT 1 FROM rep LIMIT 1"):
        require_book_manager(session, "add reps")
    boss = None if manager is None else _manager(session, manager, of=handle)
    cursor = session.db.execute(
        "INSERT INTO rep (handle, name, email, role, manager_id, region, active, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
        (handle, name.strip(), _check_email(email), role.value, boss and boss.id,
         _region(region), session.now()),
    )  # fmt: skip
    rep_id = int(cursor.lastrowid or 0)
    changes = {"handle": handle, "name": name.strip(), "role": role.value}
    if boss is not None:
        changes["manager"] = boss.handle
    if _region(region):
        changes["region"] = str(_region(region))
    record_event(session, entity="rep", entity_id=rep_id, action="add", changes=changes)
    return get_rep(session, handle)


def list_reps(session: Session, *, include_inactive: bool = True) -> list[Rep]:
    where = "" if include_inactive else " WHERE r.active = 1"
    return build_all(Rep, session.db.rows(f"{REP_SELECT}{where} ORDER BY r.handle"))


def keep_a_manager(session: Session, rep: Rep, change: str) -> None:
    """Refuse to leave the book without an active manager: nobody could then manage reps
    or roles but by editing the file."""
    others = session.db.scalar(
        "SELECT 1 FROM rep WHERE role = ? AND active = 1 AND id != ? LIMIT 1",
        (Role.MANAGER.value, rep.id),
    )
    if is_manager(rep) and not others:
        raise Refused(
            f"{rep.handle} is the book's last active manager and cannot be {change}",
            hint="make another rep a manager first: 'salescli rep edit HANDLE --role manager'",
        )


@writes
def deactivate_rep(session: Session, *, handle: str) -> Rep:
    rep = get_rep(session, handle)
    require_book_manager(session, "deactivate reps")
    if not rep.active:
        raise Refused(f"rep '{rep.handle}' is already inactive")
    keep_a_manager(session, rep, "deactivated")
    session.db.execute("UPDATE rep SET active = 0 WHERE id = ?", (rep.id,))
    record_event(session, entity="rep", entity_id=rep.id, action="deactivate")
    return get_rep(session, handle)


@writes
def edit_rep(
    session: Session,
    *,
    handle: str,
    name: str | None = None,
    email: str | None = None,
    role: Role | None = None,
    manager: str | None = None,
    region: str | None = None,
) -> Rep:
    """Change a rep's name, email, role, manager (a handle) or region ("" clears the
    email, the manager or the region). A rep may change their own name and email;
    anything else is a manager's."""
    rep = get_rep(session, handle)
    changes = requested_changes(name=name, email=email)
    boss = None
    if manager is not None:
        boss = _manager(session, manager, of=rep.handle)
        changes["manager"] = boss and boss.handle
    if region is not None:
        changes["region"] = _region(region)
    if "name" in changes and not changes["name"]:
        raise InvalidValue("a rep needs a name")
    if "email" in changes:
        changes["email"] = _check_email(changes["email"])
    if role is not None:
        changes["role"] = role.value
    if not changes:
        raise UsageProblem(
            "nothing to change", hint="give --name, --email, --role, --manager or --region"
        )
    if role is not None and role.value != rep.role:
        require_book_manager(session, "change a rep's role")
        if role != Role.MANAGER:
            keep_a_manager(session, rep, "made a rep")
    elif rep.handle != session.actor.handle:
        require_book_manager(session, "change another rep's details")
    changed = diff({key: getattr(rep, key) for key in changes}, changes)
    if {"manager", "region"} & changed.keys() and rep.handle == session.actor.handle:
        require_book_manager(session, "change whom a rep reports to or their region")
    if changed:
        columns = {key: key for key in changed} | {"manager": "manager_id"}
        values = {**changes, "manager": boss and boss.id}
        setters = ", ".join(f"{columns[key]} = ?" for key in changed)
        session.db.execute(
            f"UPDATE rep SET {setters} WHERE id = ?",
            (*(values[key] for key in changed), rep.id),
        )
        record_event(session, entity="rep", entity_id=rep.id, action="edit", changes=changed)
    return get_rep(session, handle)


@writes
def activate_rep(session: Session, *, handle: str) -> Rep:
    """Bring a deactivated rep back (deactivated by mistake, or returned)."""
    rep = get_rep(session, handle)
    require_book_manager(session, "activate reps")
    if rep.active:
        raise Refused(f"rep '{rep.handle}' is already active")
    session.db.execute("UPDATE rep SET active = 1 WHERE id = ?", (rep.id,))
    record_event(session, entity="rep", entity_id=rep.id, action="activate")
    return get_rep(session, handle)


def rep_ids_by_handle(session: Session) -> dict[str, int]:
    """Every rep's id by handle, for bulk imports."""
    return {str(row[0]): int(row[1]) for row in session.db.rows("SELECT handle, id FROM rep")}


def initialise(
    session: Session,
    *,
    handle: str,
    name: str,
    email: str | None = None,
    role: Role = Role.REP,
    db_given: bool = False,
    make_default: bool = False,
) -> tuple[Rep, BookDefaults]:
    """Set up a book: its first rep (or an existing one), the book's acting rep. The first
    book set up (or one with ``make_default``) gives the default rep, and the default
    database when its path was given (``db_given``); another keeps its rep to itself."""
    handle = _check_handle(handle)
    # The config file is written inside the transaction: if it cannot be, no rep is left
    # behind in the book.
    with session.db.transaction():
        existing = find_rep(session, handle)
        rep = existing or add_rep(session, handle=handle, name=name, email=email, role=role)
        defaults = remember_book(
            session.db.path, rep.handle, db_given=db_given, make_default=make_default
        )
    return rep, defaults


def new_owner(session: Session, owner: str | None) -> Rep:
    """Who owns a new record: the named rep, or the acting one; either must be active."""
    return active_rep(session, owner or session.actor.handle)


def owner_change(
    session: Session, handle: str | None
) -> tuple[dict[str, Any], dict[str, tuple[str, Any]]]:
    """For an edit that gives a new owner: the change to record (the handle) and the
    column to write (owner_id), as apply_changes takes them; nothing when none is given."""
    if not handle:
        return {}, {}
    rep = active_rep(session, handle)
    return {"owner": rep.handle}, {"owner": ("owner_id", rep.id)}


def owner_ids(session: Session) -> Callable[[str], int]:
    """For imports: a rep's id from the handle or full name in a file (former reps
    included, since a file may carry history); anyone else is refused."""
    known = rep_ids_by_handle(session)
    # Sheets from other systems name people, not handles: a rep's full name (any case)
    # works too, unless two reps share it.
    names: dict[str, int | None] = {}
    for row in session.db.rows("SELECT name, id FROM rep"):
        key = str(row["name"]).strip().lower()
        names[key] = None if key in names else int(row["id"])

    def owner_id(text: str) -> int:
        found = known.get(text) or names.get(text.strip().lower())
        if found is None:
            raise InvalidValue(f"no rep '{text}'", hint="use a rep's handle or full name")
        return found

    return owner_id


def owner_scope(session: Session, *, owner: str | None, everyone: bool) -> int | None:
    """The owner id a list is limited to: --all means nobody in particular, --owner a
    named rep, and by default the acting rep."""
    if everyone and owner:
        raise UsageProblem("--owner and --all cannot be used together")
    if everyone:
        return None
    if owner:
        return get_rep(session, owner).id
    return session.actor.id
