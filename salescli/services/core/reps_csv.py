"""Reps in and out of spreadsheets: `rep export` writes handle, name, email, role,
manager (a handle), region and active; `rep import` reads the same (a manager's job).

Rows match reps by handle. A row without a handle is refused, unless
``create_missing``: then it takes the handle of the book's rep of that name, or, for a
new rep, `directory.handle_from_name` (Moses Frase: moses-frase; moses.frase stays), so
the same name always gives the same handle. A manager is named by handle or full name,
of a rep in the book or in the file (any line). Every row is checked before anything
is written; the file must leave the book an active manager. An import is kept for
`import undo`.
"""

from __future__ import annotations

from contextlib import closing
from typing import Any

from salescli import csvio
from salescli.errors import CsvRejected, InvalidValue
from salescli.models.enums import Role
from salescli.models.records import ImportResult
from salescli.services.core import bulk, import_log
from salescli.services.core.directory import handle_from_name
from salescli.services.core.events import record_event
from salescli.services.core.permissions import require_book_manager
from salescli.services.core.reps import _check_email, _check_handle
from salescli.services.core.session import Session


def _role(text: str) -> str:
    return Role.parse(text, what="role").value


COLUMNS = (
    csvio.Column(
        "handle", ("login", "username", "user name", "alias", "账号", "用户名"), _check_handle
    ),
    csvio.Column(
        "name", ("full name", "rep", "user", "sales rep", "姓名", "名字", "销售"), required=True
    ),
    csvio.Column("email", ("e-mail", "email address", "邮箱"), _check_email),
    csvio.Column("role", ("profile", "user role", "角色"), _role),
    csvio.Column("manager", ("reports to", "manager name", "supervisor", "上级", "经理")),
    csvio.Column("region", ("territory", "区域", "地区")),
    csvio.Column("active", ("is active", "enabled", "在职", "启用"), csvio.yes_no),
)
# What a row sets on a rep, beside its handle (the manager as a handle).
_KEPT = ("name", "email", "role", "manager", "region", "active")
EXPORT_SQL = (
    "SELECT r.handle, r.name, r.email, r.role, m.handle AS manager, r.region, r.active"
    " FROM rep r LEFT JOIN rep m ON m.id = r.manager_id ORDER BY r.handle"
)


def export_reps(session: Session) -> tuple[list[str], Any]:
    return bulk.column_names(session, EXPORT_SQL), bulk.export_rows(
        session, EXPORT_SQL, (), {"active": lambda flag: "yes" if flag else "no"}
    )


class _Book:
    """The book's reps by handle, and handles by full name (a name two reps share names
    neither), with the file's reps added as they are read."""

    def __init__(self, session: Session) -> None:
        self.reps = {
            str(row["handle"]): {key: row[key] for key in _KEPT}
            for row in session.db.rows(
                "SELECT r.handle, r.name, r.email, r.role, m.handle AS manager, r.region,"
                " r.active FROM rep r LEFT JOIN rep m ON m.id = r.manager_id"
            )
        }
        self.had_manager = any(_manages(rep) for rep in self.reps.values())
        self.by_name: dict[str, str | None] = {}
        for handle, rep in self.reps.items():
            self.know(handle, str(rep["name"]))

    def know(self, handle: str, name: str) -> None:
        key = name.strip().casefold()
        self.by_name[key] = handle if self.by_name.get(key, handle) == handle else None

    def handle_of(self, values: dict[str, Any], create_missing: bool) -> str:
        """The handle a row names, or, with ``create_missing``, the one its name gives."""
        if values.get("handle"):
            return str(values["handle"])
        if not create_missing:
            raise InvalidValue(
                "empty; give the rep's handle, or --create-missing to make it from the name"
            )
        name = str(values["name"]).strip()
        found = self.by_name.get(name.casefold(), "")
        if found is None:
            raise InvalidValue(f"two reps are named '{name}'; give the handle")
        if found:
            return found
        handle = handle_from_name(name)
        if handle in self.reps:
            raise InvalidValue(
                f"'{name}' makes the handle '{handle}', which is"
                f" {self.reps[handle]['name']}'s; give the handle"
            )
        return handle


def _line_of(problem: str) -> int:
    """A problem's line number, to report them in the file's order (0 for the file's)."""
    number = problem.removeprefix("line ").split(":", 1)[0]
    return int(number) if number.isdigit() else 0


def _manages(rep: dict[str, Any]) -> bool:
    return rep["role"] == Role.MANAGER.value and bool(rep["active"])


def import_reps(
    session: Session, options: bulk.ImportOptions, *, create_missing: bool = False
) -> ImportResult:
    """Add and update reps from a file, all or nothing."""
    require_book_manager(session, "import reps")
    source = csvio.open_csv(
        options.path,
        COLUMNS,
        mapping=csvio.parse_mapping(options.mapping, COLUMNS),
        encoding=options.encoding,
        formats=options.formats,
    )
    book = _Book(session)
    problems: list[str] = []
    rows: dict[str, tuple[int, dict[str, Any]]] = {}
    with closing(source):
        for parsed in source.rows():
            values = dict(zip(source.fields, parsed.values, strict=True))
            problems += parsed.problems
            if parsed.problems:
                continue
            try:
                handle = book.handle_of(values, create_missing)
            except InvalidValue as err:
                problems.append(f"line {parsed.line}: handle: {err.message}")
                continue
            if handle in rows:
                problems.append(
                    f"line {parsed.line}: handle: '{handle}' is on line {rows[handle][0]} too"
                )
                continue
            rows[handle] = (parsed.line, values)
    for handle, (_, values) in rows.items():
        if handle not in book.reps:
            book.know(handle, str(values["name"]))
    planned = {handle: _planned(book, handle, values) for handle, (_, values) in rows.items()}
    for handle, (line, _) in rows.items():
        problems += [f"line {line}: manager: {p}" for p in _manager_problems(book, handle, planned)]
    after = {**book.reps, **planned}
    if not problems and book.had_manager and not any(map(_manages, after.values())):
        problems.append("the file leaves the book without an active manager; keep one")
    if problems:
        problems.sort(key=_line_of)
        raise CsvRejected(str(options.path), problems, ignored_columns=source.ignored)
    changed = {h: rep for h, rep in planned.items() if book.reps.get(h) != rep}
    inserted = sum(1 for handle in changed if handle not in book.reps)
    if changed and not options.dry_run:
        _write(session, options, changed, book, rows=len(rows), inserted=inserted)
    return ImportResult(
        rows=len(rows),
        inserted=inserted,
        updated=len(changed) - inserted,
        unchanged=len(rows) - len(changed),
        skipped=0,
        dry_run=options.dry_run,
        ignored_columns=source.ignored,
    )


def _planned(book: _Book, handle: str, values: dict[str, Any]) -> dict[str, Any]:
    """A row's rep as it would be: the row's columns over what the book has."""
    rep = dict(book.reps.get(handle) or {"role": Role.REP.value, "active": 1})
    for key in _KEPT:
        if key in values:
            rep[key] = values[key]
    rep["name"] = str(rep["name"]).strip()
    rep["role"] = rep.get("role") or Role.REP.value
    rep["active"] = 1 if rep.get("active") is None else int(rep["active"])
    for key in ("email", "manager", "region"):
        rep.setdefault(key, None)
    if rep["manager"] is not None:
        text = str(rep["manager"]).strip()
        lower = text.lower()
        known = lower in book.reps or lower in book.by_name.values()
        rep["manager"] = lower if known else book.by_name.get(text.casefold(), f"?{text}")
    return rep


def _manager_problems(book: _Book, handle: str, planned: dict[str, dict[str, Any]]) -> list[str]:
    manager = planned[handle]["manager"]
    if manager is None or manager == book.reps.get(handle, {}).get("manager"):
        return []
    if manager.startswith("?"):
        return [f"no rep '{manager[1:]}' in the book or the file"]
    if manager == handle:
        return ["a rep cannot be their own manager"]
    return []


def _write(
    session: Session,
    options: bulk.ImportOptions,
    changed: dict[str, dict[str, Any]],
    book: _Book,
    *,
    rows: int,
    inserted: int,
) -> None:
    db = session.db
    with (
        db.transaction(),
        import_log.recording(
            session, entity="rep", file=str(options.path), tables=("rep",)
        ) as recording,
    ):
        now = session.now()
        for handle, rep in changed.items():
            values = (rep["name"], rep["email"], rep["role"], rep["region"], rep["active"])
            if handle in book.reps:
                db.execute(
                    "UPDATE rep SET name = ?, email = ?, role = ?, region = ?, active = ?"
                    " WHERE handle = ?",
                    (*values, handle),
                )
            else:
                db.execute(
                    "INSERT INTO rep (name, email, role, region, active, handle, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (*values, handle, now),
                )
        # Managers once every rep is in: a rep's manager may come further down the file.
        db.executemany(
            "UPDATE rep SET manager_id = (SELECT id FROM rep WHERE handle = ?) WHERE handle = ?",
            [(rep["manager"], handle) for handle, rep in changed.items()],
        )
        event_id = record_event(
            session,
            entity="rep",
            entity_id=None,
            action="import",
            changes={
                "file": str(options.path),
                "inserted": inserted,
                "updated": len(changed) - inserted,
            },
        )
        import_log.finish(
            session,
            recording,
            rows=rows,
            inserted=inserted,
            updated=len(changed) - inserted,
            event_id=event_id,
        )
