"""Who may change what. Reading is open to every rep of the book; a rep changes only the
records they own or co-own; a manager changes any record, and manages reps and roles.

Every service that writes calls one of the checks below before it writes. A record with
no owner is open to every rep: there is nobody to ask, and refusing would send every
touch of, say, an account a file brought in without an owner to a manager.

This guards against mistakes (a wrong id, a colleague acting with --as in the wrong book),
not against someone who can write the file: a local book's security boundary is its file
mode. The refusals never name the book's managers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from salescli import db
from salescli.errors import Refused
from salescli.models.enums import Role
from salescli.models.frozen import record
from salescli.models.records import Rep
from salescli.services.core.session import Session

MANAGER_HINT = "ask a manager of this book, or act as one with --as HANDLE"
_NO_MANAGER_HINT = "no rep is a manager yet: 'salescli rep edit HANDLE --role manager'"
_OWNER_HINT = "every rep may read it; a rep changes only the records they own or co-own"


@record
class Kind:
    """A kind of owned record: what people call one, its table, and (for deals) the query
    that tells whether a rep co-owns one (parameters: the record's id, the rep's id)."""

    noun: str
    table: str
    co_owner: str | None = None


DEAL = Kind(
    "deal",
    "opportunity",
    co_owner="SELECT 1 FROM opportunity_share WHERE opportunity_id = ? AND rep_id = ?",
)
# Whether the rep :actor co-owns deal t.id, inside a query on many deals.
_CO_OWNS = "SELECT 1 FROM opportunity_share WHERE opportunity_id = t.id AND rep_id = :actor"
ACCOUNT = Kind("account", "account")
LEAD = Kind("lead", "lead")
ACTIVITY = Kind("activity", "activity")
KINDS = (ACCOUNT, DEAL, ACTIVITY, LEAD)
# An import is its runner's to undo.
IMPORT = Kind("import", "import_run")


def is_manager(rep: Rep) -> bool:
    """An active rep in the manager role."""
    return rep.role == Role.MANAGER.value and bool(rep.active)


def has_manager(session: Session) -> bool:
    return bool(
        session.db.scalar(
            "SELECT 1 FROM rep WHERE role = ? AND active = 1 LIMIT 1", (Role.MANAGER.value,)
        )
    )


def require_manager(session: Session, what: str) -> Rep:
    """The acting rep, if a manager; otherwise refuse ``what`` ("set quotas")."""
    actor = session.actor
    if not is_manager(actor):
        raise Refused(
            f"only a manager may {what}; {actor.handle} is a {actor.role}",
            hint=MANAGER_HINT if has_manager(session) else _NO_MANAGER_HINT,
        )
    return actor


def require_book_manager(session: Session, what: str) -> None:
    """What shapes the whole book (its reps, their roles, the funnel's stages): a
    manager's, or anyone's in a book with no active manager yet (a book started by a rep
    must be able to get one; once it has one, it keeps one)."""
    if has_manager(session):
        require_manager(session, what)


def require_owner(
    session: Session, kind: Kind, record_id: int, owner: str | None, *, co_owners: bool = True
) -> None:
    """Refuse unless the acting rep owns the record (``owner``: its owner's handle, as
    read), co-owns it (when ``co_owners``), or is a manager."""
    if owner is None:
        return
    actor = session.actor
    if owner == actor.handle or is_manager(actor):
        return
    if co_owners and kind.co_owner and session.db.scalar(kind.co_owner, (record_id, actor.id)):
        return
    raise not_yours(kind, record_id, owner)


def not_yours(kind: Kind, record_id: int, owner: str) -> Refused:
    return Refused(
        f"{kind.noun} {record_id} belongs to {owner}; ask {owner} or a manager", hint=_OWNER_HINT
    )


def owner_of(session: Session, kind: Kind, record_id: int) -> str | None:
    value = session.db.scalar(
        f"SELECT r.handle FROM {kind.table} t JOIN rep r ON r.id = t.owner_id WHERE t.id = ?",
        (record_id,),
    )
    return None if value is None else str(value)


def require_account_owner(session: Session, account_id: int) -> None:
    """For what is done at an account: a contact, its facts, a visit that is not on a
    deal. A new deal at a colleague's account is not checked: anyone may add records, and
    the deal is its own owner's to work."""
    require_owner(session, ACCOUNT, account_id, owner_of(session, ACCOUNT, account_id))


def require_deal_owner(
    session: Session, deal_id: int, owner: str | None, *, co_owners: bool = True
) -> None:
    require_owner(session, DEAL, deal_id, owner, co_owners=co_owners)


def refuse_others(session: Session, kind: Kind, ids: Sequence[int]) -> None:
    """For a change of many records at once (archive, purge): refuse if any is another
    rep's (co-owned deals included), naming the first."""
    actor = session.actor
    if is_manager(actor) or not ids:
        return
    session.db.execute("CREATE TEMP TABLE IF NOT EXISTS checked_ids (id INTEGER PRIMARY KEY)")
    session.db.execute("DELETE FROM temp.checked_ids")
    session.db.executemany("INSERT OR IGNORE INTO temp.checked_ids VALUES (?)", [(i,) for i in ids])
    shared = f" AND NOT EXISTS ({_CO_OWNS})" if kind.co_owner else ""
    row = session.db.row(
        f"SELECT t.id, r.handle FROM {kind.table} t JOIN temp.checked_ids c ON c.id = t.id"
        f" JOIN rep r ON r.id = t.owner_id WHERE t.owner_id != :actor{shared}"
        " ORDER BY t.id LIMIT 1",
        {"actor": actor.id},
    )
    if row is not None:
        raise not_yours(kind, int(row[0]), str(row[1]))


# ---------------------------------------------------------------------------------------
# Imports: a file's rows may add records for anyone, but change only what the acting rep
# may change. Rows are written in bulk, so the check is made by the database itself, as
# each row changes a record: temporary triggers, present for the import only, refuse a
# change to a record that existed before it and is another rep's.

_GUARD = "salescli-not-yours:"


def _guards(actor_id: int, before_max: dict[str, int]) -> list[tuple[str, str]]:
    """(trigger name, CREATE statement) for each guarded table."""
    guards = []
    for kind in KINDS:
        when = (
            f"OLD.id <= {before_max[kind.table]} AND OLD.owner_id IS NOT NULL"
            f" AND OLD.owner_id != {actor_id}"
        )
        if kind.co_owner:
            # A co-owner works the deal but does not give it away.
            co_owns = _CO_OWNS.replace("t.id", "OLD.id").replace(":actor", str(actor_id))
            when += f" AND (NEW.owner_id IS NOT OLD.owner_id OR NOT EXISTS ({co_owns}))"
        name = f"guard_{kind.table}"
        guards.append((name, _trigger(name, "UPDATE", kind.table, when, kind.table)))
    # A contact is its account owner's.
    contact_owner = "(SELECT owner_id FROM account WHERE id = OLD.account_id)"
    guards.append(
        (
            "guard_contact",
            _trigger(
                "guard_contact",
                "UPDATE",
                "contact",
                f"OLD.id <= {before_max['contact']}"
                f" AND coalesce({contact_owner}, {actor_id}) != {actor_id}",
                "contact",
            ),
        )
    )

    # What is added at (or moved to) another rep's account or deal: a contact, an activity.
    def others(table: str, column: str) -> str:
        owner = f"(SELECT owner_id FROM {table} WHERE id = NEW.{column})"
        when = (
            f"NEW.{column} <= {before_max[table]} AND coalesce({owner}, {actor_id}) != {actor_id}"
        )
        if table == "opportunity":
            co_owns = _CO_OWNS.replace("t.id", f"NEW.{column}").replace(":actor", str(actor_id))
            when += f" AND NOT EXISTS ({co_owns})"
        return when

    at_others = (
        ("contact", "account", "account_id", "1"),
        ("activity", "opportunity", "opportunity_id", "1"),
        ("activity", "account", "account_id", "NEW.opportunity_id IS NULL"),
    )
    for table, target, column, only in at_others:
        # An import's INSERT meets an existing row by id or external id and updates it
        # instead (BEFORE INSERT triggers fire first): that is the UPDATE guard's case.
        new = (
            f"NOT EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id"
            f" OR (NEW.external_id IS NOT NULL AND external_id = NEW.external_id))"
        )
        for event, moved in (("INSERT", new), ("UPDATE", f"NEW.{column} IS NOT OLD.{column}")):
            name = f"guard_{table}_{event.lower()}_{target}"
            when = f"{only} AND {moved} AND {others(target, column)}"
            guards.append((name, _trigger(name, event, table, when, f"{target}:{column}")))
    # Co-owners of an existing deal change with its owner's or a manager's consent only.
    for event, row in (("INSERT", "NEW"), ("DELETE", "OLD"), ("UPDATE", "OLD")):
        name = f"guard_share_{event.lower()}"
        deal_owner = f"(SELECT owner_id FROM opportunity WHERE id = {row}.opportunity_id)"
        when = (
            f"{row}.opportunity_id <= {before_max['opportunity']}"
            f" AND coalesce({deal_owner}, {actor_id}) != {actor_id}"
        )
        guards.append((name, _trigger(name, event, "opportunity_share", when, "opportunity")))
    return guards


def _trigger(name: str, event: str, table: str, when: str, marker: str) -> str:
    return db.refusing_trigger(name, event, table, when, f"{_GUARD}{marker}")


@contextmanager
def guarded_import(session: Session) -> Iterator[None]:
    """Inside an import's transaction: refuse, row by row, changes to other reps'
    records (nothing to guard for a manager)."""
    if not session.db.scalar("SELECT 1 FROM rep LIMIT 1"):
        yield  # an empty book: nobody's records yet (its reps may come with the file)
        return
    actor = session.actor
    if is_manager(actor):
        yield
        return
    tables = [*(kind.table for kind in KINDS), "contact"]
    before_max = {
        table: int(session.db.scalar(f"SELECT coalesce(max(id), 0) FROM {table}"))
        for table in tables
    }
    guards = _guards(actor.id, before_max)
    for _, statement in guards:
        session.db.execute(statement)
    try:
        yield
    finally:
        for name, _ in guards:
            session.db.execute(db.drop_trigger(name))


def guarded_table(message: str) -> str | None:
    """The table whose guard refused a change, from the database's message; None if the
    message is not a guard's."""
    return message[len(_GUARD) :] if message.startswith(_GUARD) else None


def refused_row(session: Session, table: str, by_column: dict[str, Any]) -> str:
    """What to say of an import row a guard refused: whose record it would change."""
    table, _, column = table.partition(":")
    kind = next((k for k in KINDS if k.table == table), None)
    if kind is not None and column:
        # A row that adds to, or moves onto, the record its ``column`` names.
        target = by_column.get(column)
        owner = owner_of(session, kind, int(target)) if target is not None else None
        if owner is not None:
            return not_yours(kind, int(target), owner).message  # type: ignore[arg-type]
    if kind is not None:
        for key in ("id", "external_id"):
            value = by_column.get(key)
            if value is None:
                continue
            row = session.db.row(
                f"SELECT t.id, r.handle FROM {table} t JOIN rep r ON r.id = t.owner_id"
                f" WHERE t.{key} = ?",
                (value,),
            )
            if row is not None:
                return not_yours(kind, int(row[0]), str(row[1])).message
    noun = kind.noun if kind else "contact" if table == "contact" else "record"
    return f"it changes a {noun} another rep owns; ask its owner or a manager"


def refused_import(table: str) -> Refused:
    """For a guard's refusal outside a row (what an import writes beside its rows)."""
    table = table.partition(":")[0]
    kind = next((k for k in KINDS if k.table == table), None)
    noun = kind.noun if kind else table
    return Refused(
        f"the file changes a {noun} another rep owns; nothing imported",
        hint="ask its owner or a manager to import it",
    )
