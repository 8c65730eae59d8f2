"""Merging a duplicate into the record to keep: everything that referred to the duplicate
moves to the kept record, which takes the duplicate's facts and fields where it has none;
then the duplicate is deleted. The merge's event holds the duplicate whole and what moved,
so 'salescli undo' takes the merge back.

Where both records have a value the kept record's wins, and the merge says which it kept:
a fact or profile answer under the same key, and an account's customer-value marks (a
class pinned by hand, which travels with its class; the VIP nomination and its reason;
why the customer was lost, with its note). The computed VIP flag is either one's.
"""

from __future__ import annotations

from typing import Any

from salescli.errors import Refused, UsageProblem
from salescli.models.records import Merged
from salescli.services.cleanup.trash import Trace, delete_rows
from salescli.services.core import permissions
from salescli.services.core.events import record_event
from salescli.services.core.session import Session, writes
from salescli.services.customers.accounts import resolve_account
from salescli.services.customers.contacts import get_contact

# The fields a kept record takes from the duplicate when its own are empty.
ACCOUNT_FIELDS = (
    "industry",
    "region",
    "phone",
    "email",
    "address",
    "website",
    "abc_class",
    "credit_rating",
    "credit_limit",
    "external_id",
)
CONTACT_FIELDS = ("title", "role", "phone", "email", "birthday", "external_id")


def _taken(
    session: Session, table: str, kept_id: int, merged_id: int, fields: tuple[str, ...]
) -> dict[str, Any]:
    """The duplicate's values for the kept record's empty fields."""
    columns = ", ".join(fields)
    kept = session.db.row(f"SELECT {columns} FROM {table} WHERE id = ?", (kept_id,))
    other = session.db.row(f"SELECT {columns} FROM {table} WHERE id = ?", (merged_id,))
    assert kept is not None and other is not None
    return {name: other[name] for name in fields if kept[name] is None and other[name] is not None}


def _move_facts(
    session: Session, trace: Trace, table: str, column: str, kept_id: int, merged_id: int
) -> tuple[int, list[str]]:
    """Move the duplicate's facts (profile answers) to the kept record, but for the keys
    the kept record already answers: those stay with the duplicate and go with it (the
    trace keeps them for undo). Returns how many moved and the keys whose answers differed."""
    clash = f"key IN (SELECT key FROM {table} WHERE {column} = ?)"
    trace.keep_rows(session, table, f"{column} = ? AND {clash}", (merged_id, kept_id))
    differing = [
        str(row[0])
        for row in session.db.tuples(
            f"SELECT m.key FROM {table} m JOIN {table} k ON k.key = m.key AND k.{column} = ?"
            f" WHERE m.{column} = ? AND m.value != k.value ORDER BY m.key",
            (kept_id, merged_id),
        )
    ]
    moved = trace.relink(
        session,
        table,
        column,
        merged_id,
        kept_id,
        where=f"key NOT IN (SELECT key FROM {table} WHERE {column} = {int(kept_id)})",
    )
    return moved, [f"answer to {key}" for key in differing]


def _value_marks(
    session: Session, kept_id: int, merged_id: int
) -> tuple[dict[str, Any], list[str], list[str]]:
    """What the kept account takes of the duplicate's customer-value marks, said in words,
    and the marks both had where the kept account's won."""
    columns = "abc_class, class_pinned, vip, vip_reason, lost_reason, lost_note"
    kept = session.db.row(f"SELECT {columns} FROM account WHERE id = ?", (kept_id,))
    other = session.db.row(f"SELECT {columns} FROM account WHERE id = ?", (merged_id,))
    assert kept is not None and other is not None
    taken: dict[str, Any] = {}
    said: list[str] = []
    kept_own: list[str] = []
    if other["class_pinned"] and other["abc_class"]:
        if not kept["class_pinned"] or not kept["abc_class"]:
            taken.update(abc_class=other["abc_class"], class_pinned=True)
            said.append(f"pinned class {other['abc_class']}")
        elif kept["abc_class"] != other["abc_class"]:
            kept_own.append(f"pinned class {kept['abc_class']} (not {other['abc_class']})")
    if other["vip"] and not kept["vip"]:
        taken["vip"] = True
        said.append("VIP")
    for name, words, extra in (
        ("vip_reason", "VIP nomination", None),
        ("lost_reason", "lost reason", "lost_note"),
    ):
        if other[name] is None:
            continue
        if kept[name] is None:
            taken[name] = other[name]
            if extra is not None:
                taken[extra] = other[extra]
            said.append(words)
        elif (kept[name], kept[extra] if extra else None) != (
            other[name],
            other[extra] if extra else None,
        ):
            kept_own.append(words)
    return taken, said, kept_own


def _refuse_moving_others(session: Session, column: str, merged_id: int) -> None:
    """The deals, activities and leads that would move with the duplicate (``column`` =
    ``merged_id``) and are another rep's are theirs to move, or a manager's: refuse,
    naming the first, before anything moves."""
    for kind in (permissions.DEAL, permissions.ACTIVITY, permissions.LEAD):
        ids = [
            int(row[0])
            for row in session.db.tuples(
                f"SELECT id FROM {kind.table} WHERE {column} = ?", (merged_id,)
            )
        ]
        permissions.refuse_others(session, kind, ids)


@writes
def merge_accounts(session: Session, *, keep: str, merge: str) -> Merged:
    """Move everything of account ``merge`` to account ``keep`` and delete ``merge``."""
    kept = resolve_account(session, keep)
    merged = resolve_account(session, merge)
    if kept.id == merged.id:
        raise UsageProblem(f"{keep} and {merge} are the same account ({kept.id} {kept.name})")
    for account in (kept, merged):
        permissions.require_owner(session, permissions.ACCOUNT, account.id, account.owner)
    _refuse_moving_others(session, "account_id", merged.id)
    trace = Trace()
    trace.keep_rows(session, "account", "id = ?", (merged.id,))
    facts, kept_own = _move_facts(session, trace, "account_fact", "account_id", kept.id, merged.id)
    taken = _taken(session, "account", kept.id, merged.id, ACCOUNT_FIELDS)
    marks, said, kept_marks = _value_marks(session, kept.id, merged.id)
    taken_names = [name for name in taken if name not in marks] + said
    taken.update(marks)
    kept_own = kept_marks + kept_own
    moved = {
        "fact": facts,
        "contact": trace.relink(session, "contact", "account_id", merged.id, kept.id),
        "deal": trace.relink(session, "opportunity", "account_id", merged.id, kept.id),
        "activity": trace.relink(session, "activity", "account_id", merged.id, kept.id),
        "lead": trace.relink(session, "lead", "account_id", merged.id, kept.id),
        "quote": trace.relink(session, "quote", "account_id", merged.id, kept.id),
        "contract": trace.relink(session, "contract", "account_id", merged.id, kept.id),
        "credit assessment": trace.relink(
            session, "credit_assessment", "account_id", merged.id, kept.id
        ),
    }
    # The last touch is the latest of the two.
    touches = session.db.row(
        "SELECT m.last_touch AS merged, k.last_touch AS kept FROM account m, account k"
        " WHERE m.id = ? AND k.id = ?",
        (merged.id, kept.id),
    )
    assert touches is not None
    if touches["merged"] is not None and (
        touches["kept"] is None or touches["merged"] > touches["kept"]
    ):
        taken["last_touch"] = touches["merged"]
    return _finish(session, trace, "account", (kept.id, kept.name), (merged.id, merged.name),
                   taken, taken_names, moved, kept_own)  # fmt: skip


@writes
def merge_contacts(session: Session, *, keep_id: int, merge_id: int) -> Merged:
    """Move everything of contact ``merge_id`` to contact ``keep_id`` (at the same
    account) and delete ``merge_id``."""
    kept = get_contact(session, keep_id)
    merged = get_contact(session, merge_id)
    if kept.id == merged.id:
        raise UsageProblem(f"{keep_id} and {merge_id} are the same contact")
    if kept.account_id != merged.account_id:
        raise Refused(
            f"contact {merged.id} is at {merged.account}, contact {kept.id} at {kept.account};"
            " only contacts at one account merge",
            hint=f"move one first: 'salescli contact edit {merged.id} --account ...'",
        )
    permissions.require_account_owner(session, kept.account_id)
    _refuse_moving_others(session, "contact_id", merged.id)
    trace = Trace()
    trace.keep_rows(session, "contact", "id = ?", (merged.id,))
    answers, kept_own = _move_facts(
        session, trace, "contact_fact", "contact_id", kept.id, merged.id
    )
    taken = _taken(session, "contact", kept.id, merged.id, CONTACT_FIELDS)
    taken_names = list(taken)
    moved = {
        "profile answer": answers,
        "lead": trace.relink(session, "lead", "contact_id", merged.id, kept.id),
        "deal": trace.relink(session, "opportunity", "contact_id", merged.id, kept.id),
        "activity": trace.relink(session, "activity", "contact_id", merged.id, kept.id),
        "quote": trace.relink(session, "quote", "contact_id", merged.id, kept.id),
    }
    return _finish(session, trace, "contact", (kept.id, kept.name), (merged.id, merged.name),
                   taken, taken_names, moved, kept_own)  # fmt: skip


def _finish(
    session: Session,
    trace: Trace,
    entity: str,
    kept: tuple[int, str],
    merged: tuple[int, str],
    taken: dict[str, Any],
    filled: list[str],
    moved: dict[str, int],
    kept_own: list[str],
) -> Merged:
    """The end of a merge: the duplicate deleted, the kept record filled, the event that
    holds what `undo` needs."""
    (kept_id, kept_name), (merged_id, merged_name) = kept, merged
    delete_rows(session, trace)
    # After the duplicate is gone: an external id is unique.
    trace.fill(session, entity, kept_id, taken)
    what = f"{entity} {merged_id} {merged_name} into {kept_id} {kept_name}"
    record_event(
        session,
        entity=entity,
        entity_id=kept_id,
        action="merge",
        changes=trace.changes(what=what, merged_id=merged_id),
    )
    return Merged(
        entity=entity,
        kept_id=kept_id,
        merged_id=merged_id,
        what=what,
        moved={name: count for name, count in moved.items() if count},
        filled=filled,
        kept=kept_own,
    )
