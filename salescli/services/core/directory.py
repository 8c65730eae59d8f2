"""Reps, accounts and contacts by the names a CSV file gives them, for the imports that
name them (deals, activities): a rep by handle or full name, an account by name or id, a
contact of an account by name or id. With ``create``, the ones the book lacks are added.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from typing import Any

from salescli.errors import InvalidValue, Refused
from salescli.services.core.permissions import require_book_manager
from salescli.services.core.reps import is_handle
from salescli.services.core.session import Session

_HANDLE_NOISE = re.compile(r"[^a-z0-9]+")
HANDLE_LENGTH = 32
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _nocase(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def handle_from_name(name: str) -> str:
    """A lower-case ASCII handle from a full name, always the same for the same name: the
    name itself when it is written as a handle is (an export's owner column, moses.frase),
    so a round trip keeps it; otherwise its letters and digits joined by '-' (Moses Frase:
    moses-frase; accents dropped, Chinese in pinyin without tones, 王伟: wang-wei; a name
    with no letters either gives (Cyrillic, Arabic...) 'rep-' and eight hex digits of its
    CRC-32; a leading digit gets 'rep-'), at most 28 characters."""
    return name if is_handle(name) else _spelled_out(name)


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _spelled_out(name: str) -> str:
    text = name
    if _HAN.search(text):
        from pypinyin import lazy_pinyin  # only here: it loads a large dictionary

        text = " ".join(lazy_pinyin(text))
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = _HANDLE_NOISE.sub("-", plain.lower()).strip("-")
    if not base:
        base = f"rep-{zlib.crc32(name.strip().encode('utf-8')):08x}"
    if not base[0].isalpha():
        base = f"rep-{base}"
    return base[: HANDLE_LENGTH - 4].rstrip("-")


class Directory:
    """Reps, accounts and contacts by the names a file gives them; with ``create`` the
    ones the book lacks are added (and listed for the import's event)."""

    def __init__(self, session: Session, *, create: bool) -> None:
        self.session = session
        self.create = create
        self.handles: dict[str, int] = {}
        self.names: dict[str, int | None] = {}
        for row in session.db.rows("SELECT id, handle, name FROM rep"):
            self._know_rep(int(row["id"]), str(row["handle"]), str(row["name"]))
        # Accounts by name as the database compares them (NOCASE folds ASCII letters only).
        self.accounts = {
            _nocase(str(row["name"])): int(row["id"])
            for row in session.db.rows("SELECT id, name FROM account")
        }
        # ... and by the text of the cells that named them (most cells repeat a name).
        self.account_cells: dict[str, int] = {}
        self.contacts: dict[tuple[int, str], int] = {}
        self.created_reps: list[str] = []
        self.created_accounts = 0
        self.created_contacts = 0

    def _know_rep(self, rep_id: int, handle: str, name: str) -> None:
        self.handles[handle] = rep_id
        key = name.strip().casefold()
        # A full name two reps share names neither of them.
        self.names[key] = None if key in self.names else rep_id

    def rep_id(self, text: str) -> int:
        """A rep by handle or full name (former reps too: a file carries history)."""
        found = self.handles.get(text.strip().lower())
        if found is None:
            key = text.strip().casefold()
            if key in self.names and self.names[key] is None:
                raise InvalidValue(f"two reps are named '{text}'; use the handle")
            found = self.names.get(key)
        if found is None:
            if not self.create:
                raise InvalidValue(f"no rep '{text}'")
            try:
                require_book_manager(self.session, "add reps")
            except Refused as err:
                raise InvalidValue(f"no rep '{text}', and {err.message}") from err
            found = self._add_rep(text.strip())
        return found

    def _add_rep(self, name: str) -> int:
        handle = self._free_handle(name)
        cursor = self.session.db.execute(
            "INSERT INTO rep (handle, name, role, active, created_at) VALUES (?, ?, 'rep', 1, ?)",
            (handle, name, self.session.now()),
        )
        rep_id = int(cursor.lastrowid or 0)
        self._know_rep(rep_id, handle, name)
        self.created_reps.append(handle)
        return rep_id

    def _free_handle(self, name: str) -> str:
        """`handle_from_name`, unused so far (a number added when it is taken)."""
        if is_handle(name) and name not in self.handles:
            return name
        base = _spelled_out(name)
        handle, number = base, 1
        while handle in self.handles:
            number += 1
            handle = f"{base}-{number}"
        return handle

    def account_id(self, reference: str, owner_id: int | None) -> int:
        """An account by name (any case) or id."""
        known = self.account_cells.get(reference)
        if known is None:
            known = self.accounts.get(_nocase(reference))
        if known is not None:
            self.account_cells[reference] = known
            return known
        db = self.session.db
        found: Any = None
        if reference.isdigit():
            found = db.scalar("SELECT id FROM account WHERE id = ?", (int(reference),))
        if found is None:
            if not self.create:
                raise InvalidValue(f"no account '{reference}'")
            now = self.session.now()
            found = db.execute(
                "INSERT INTO account (name, status, owner_id, created_at, updated_at)"
                " VALUES (?, 'prospect', ?, ?, ?)",
                (reference, owner_id, now, now),
            ).lastrowid
            self.created_accounts += 1
        self.accounts[_nocase(reference)] = self.account_cells[reference] = int(found)
        return int(found)

    def contact_id(self, account_id: int, reference: str) -> int:
        """A contact of the account, by name (any case) or id."""
        key = (account_id, reference.casefold())
        found = self.contacts.get(key)
        if found is not None:
            return found
        db = self.session.db
        rows = db.rows(
            "SELECT id FROM contact WHERE account_id = ? AND name = ? COLLATE NOCASE LIMIT 2",
            (account_id, reference),
        )
        if len(rows) > 1:
            raise InvalidValue(f"two contacts at the account are named '{reference}'")
        if not rows and reference.isdigit():
            rows = db.rows(
                "SELECT id FROM contact WHERE account_id = ? AND id = ?",
                (account_id, int(reference)),
            )
        if rows:
            found = int(rows[0]["id"])
        elif self.create:
            now = self.session.now()
            found = int(
                db.execute(
                    "INSERT INTO contact (account_id, name, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?)",
                    (account_id, reference, now, now),
                ).lastrowid
                or 0
            )
            self.created_contacts += 1
        else:
            raise InvalidValue(f"no contact '{reference}' at account {account_id}")
        self.contacts[key] = found
        return found
