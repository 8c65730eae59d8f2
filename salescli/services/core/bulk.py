"""Bulk import and export: one transaction, batched ``executemany``, no object per row.

An import streams the file through csvio and inserts in batches as it reads. Only the
columns the file has are bound per row; what is the same for every row (timestamps,
defaults) is written into the statement once. A bad row stops nothing: every problem in
the file is reported, then the transaction is rolled back and nothing is written.
``--dry-run`` rolls back even when the file is clean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager, nullcontext
from dataclasses import field
from pathlib import Path
from typing import Any

from salescli import cell_formats, csvio
from salescli.cell_formats import CellFormats
from salescli.db import IntegrityError
from salescli.errors import CsvRejected, InvalidValue, UsageProblem
from salescli.models.frozen import record
from salescli.models.records import ImportResult
from salescli.services.core import book_settings, import_log, permissions
from salescli.services.core.events import record_event
from salescli.services.core.session import Session

BATCH_ROWS = 5000
# A file this large, and at least as large as the table, loads faster with the table's
# secondary indexes rebuilt at the end than kept up row by row.
REBUILD_INDEXES_FROM_ROWS = 20_000
MAX_PROBLEMS_KEPT = 1000
ON_CONFLICT_CHOICES = ("update", "skip", "error")
# With a screen (lead import): also add the rows that look like existing records.
ADD_LOOK_ALIKES = "add"
# Columns by which a row of an update sheet finds the record it changes.
UPDATE_KEYS = ("id", "external_id")
STAMPS = ("created_at", "updated_at")

# Turns a field's parsed value into what is stored (an owner's handle into the rep's
# id); raises InvalidValue with the reason.
Resolver = Callable[[Any], Any]


@record
class ImportPlan:
    entity: str
    table: str
    columns: Sequence[csvio.Column]
    # Unique keys an incoming row may match an existing one by (SQL conflict targets).
    conflict_keys: tuple[str, ...]
    # Which database column each CSV field writes, when the names differ.
    field_to_column: dict[str, str] = field(default_factory=dict)
    # Columns that point at another table, so a refused reference can be named.
    references: dict[str, str] = field(default_factory=dict)
    # The other tables the import writes (a shaper's rows beside, records it creates):
    # what it changes there is kept for undo too.
    beside: tuple[str, ...] = ()
    # Columns the export adds that the book computes (an account's value): ignored, and
    # not kept by --keep-extra either.
    computed: tuple[str, ...] = ()

    def column_of(self, name: str) -> str:
        return self.field_to_column.get(name, name)

    def field_of(self, column: str) -> str:
        for name, target in self.field_to_column.items():
            if target == column:
                return name
        return column


@record
class ImportOptions:
    """How to import a file, as the user asked."""

    path: Path
    mapping: Sequence[str] = ()
    on_conflict: str = "update"
    dry_run: bool = False
    encoding: str | None = None
    formats: CellFormats = field(default_factory=CellFormats)
    # Keep the cells of the columns the import does not read (as account facts, deal
    # notes), rather than drop them.
    keep_extra: bool = False


@record
class _Statement:
    """The columns bound per row (in the file's field order) and the SQL that writes them."""

    bound: list[str]
    sql: str


class RowProblems(Exception):
    """A row a shaper refuses; each problem reads ``field: reason``."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


class RowShaper:
    """What an import does with each row beyond parsing and resolving its fields one at a
    time: values that depend on each other or on the record a row updates (a deal's status
    on its stage), columns it derives, and records that go beside the rows (a deal's stage
    history, its co-owners).

    The engine calls ``columns`` once the header is read, ``start`` inside the import's
    transaction, ``shape`` for each row whose fields are all valid, ``after_batch`` once
    each batch is written, and ``finish`` when the whole file is loaded and clean."""

    # Records whose own row the import left as it was while what goes beside them changed:
    # they count as updated.
    changed_beside = 0
    # Set by ``columns`` when no row can name an existing record (the ids it binds are
    # new ones): rows are then inserted without conflict handling.
    only_new_records = False

    def columns(self, fields: Sequence[str], *, update_sheet: bool, on_conflict: str) -> list[str]:
        """The table columns a shaped row binds, in order."""
        raise NotImplementedError

    def start(self) -> None:
        """The transaction has begun."""

    def shape(self, values: list[Any]) -> list[Any]:
        """A row's values (in the file's field order, parsed and resolved) as the values of
        ``columns``; raises RowProblems."""
        raise NotImplementedError

    def after_batch(self, *, clean: bool) -> None:
        """The rows shaped since the last call are written; ``clean`` is False once the
        file has a problem (the import will be refused, so nothing more need be written)."""

    def finish(self, *, big_load: bool) -> None:
        """Every row is written and the file is clean."""

    def event_changes(self) -> dict[str, Any]:
        """What the import's event records besides the counts."""
        return {}


class RowScreen:
    """Which new rows look like existing records (a lead with a known phone or email):
    they are skipped and reported, refused with ``--on-conflict error``, or added with
    ``--on-conflict add``. ``prepare`` is called once the header is read; ``look_alike``
    for each valid row, with its values in the file's field order."""

    def prepare(self, fields: Sequence[str]) -> None:
        raise NotImplementedError

    def look_alike(self, values: Sequence[Any]) -> str | None:
        """What existing record the row looks like, or None."""
        raise NotImplementedError


class ExtraKeeper:
    """Where an import keeps the cells of the columns it does not read, with
    ``--keep-extra``: an account's facts, a deal's note. ``start`` is called inside the
    transaction with the columns each written row binds; ``keep`` for each valid row that
    has such cells, with its values as written; ``after_batch`` once the batch is
    written; ``finish`` once every row is written and the file is
    clean. ``written`` counts the facts or notes it added or changed."""

    # What the cells become, for the summary: "account facts".
    kept_as = ""
    written = 0

    def start(self, bound: Sequence[str], *, only_new: bool) -> None:
        """``only_new``: rows that match existing records leave them as they are
        (--on-conflict skip), what goes beside them too."""

    def keep(self, values: Sequence[Any], extra: list[tuple[str, str]]) -> None:
        raise NotImplementedError

    def after_batch(self, *, clean: bool) -> None:
        """Write what was kept since the last call (or, once the file has a problem and
        will be refused, forget it)."""

    def finish(self) -> None:
        """Every row is written and the file is clean."""


class _DryRun(Exception):
    pass


Batch = list[tuple[int, list[Any]]]


def import_csv(
    session: Session,
    plan: ImportPlan,
    options: ImportOptions,
    *,
    resolvers: Mapping[str, Resolver] | None = None,
    defaults: Mapping[str, Any] | None = None,
    shaper: RowShaper | None = None,
    screen: RowScreen | None = None,
    keeper: ExtraKeeper | None = None,
) -> ImportResult:
    """Import a file all or nothing.

    A file with every required column inserts new records and, by ``on_conflict``,
    updates, skips or refuses rows matching existing ones. A file without some required
    column but with an id or external_id column is an update sheet: each row changes the
    columns the file has on the record it names. ``defaults`` gives, by column, the value
    a new record gets when the file has none for it. A ``shaper`` turns each row into the
    columns it writes, and writes what goes beside it. A ``keeper`` keeps the cells of
    the columns the import does not read, when the options ask for it (and only then).
    """
    path, on_conflict, dry_run = options.path, options.on_conflict, options.dry_run
    choices = (*ON_CONFLICT_CHOICES, ADD_LOOK_ALIKES) if screen else ON_CONFLICT_CHOICES
    if on_conflict not in choices:
        raise InvalidValue(f"--on-conflict must be one of {', '.join(choices)}")
    if on_conflict == ADD_LOOK_ALIKES:
        on_conflict, screen = "update", None
    source = csvio.open_csv(
        path,
        plan.columns,
        mapping=csvio.parse_mapping(options.mapping, plan.columns),
        encoding=options.encoding,
        keys=UPDATE_KEYS,
        formats=options.formats,
        keep_extra=options.keep_extra and keeper is not None,
    )
    computed = {csvio.normalise_header(name) for name in plan.computed}
    keepable = [t for t in source.ignored if csvio.normalise_header(t) not in computed]
    source.extra = [
        (index, title)
        for index, title in source.extra
        if csvio.normalise_header(title) not in computed
    ]
    kept_columns = [title for _, title in source.extra]
    keeping = keeper if source.extra else None
    update_sheet = bool(source.missing_required)
    owned = any(column.name == OWNER for column in plan.columns)
    unowned = owned and not update_sheet and OWNER not in source.fields
    if unowned:
        _refuse_owner_look_alike(source, session.actor.handle)
    if update_sheet and on_conflict != "update":
        source.close()
        raise UsageProblem(
            f"--on-conflict {on_conflict} does not apply to {path}: without a"
            f" {', '.join(source.missing_required)} column it can only update the records"
            " it names"
        )
    if update_sheet:
        screen = None  # it adds no records
    elif screen is not None:
        screen.prepare(source.fields)
    bound = (
        shaper.columns(source.fields, update_sheet=update_sheet, on_conflict=on_conflict)
        if shaper is not None
        else [plan.column_of(name) for name in source.fields]
    )
    constants = {STAMPS[0]: session.now(), STAMPS[1]: session.now(), **(defaults or {})}
    # A file without the columns that match rows to records only adds records: a plain
    # INSERT, which SQLite runs about twice as fast as an upsert (1M deals: 3.6 s, 7 s).
    only_new = (
        shaper.only_new_records
        if shaper is not None
        else not any(key.split()[0].rstrip(",") in bound for key in plan.conflict_keys)
    )
    writer: _Writer = (
        _UpdateWriter(session, plan, bound)
        if update_sheet
        else _UpsertWriter(
            session, plan, _upsert(plan, bound, constants, "error" if only_new else on_conflict)
        )
    )
    resolve = [
        (index, name, resolver)
        for index, name in enumerate(source.fields)
        if (resolver := (resolvers or {}).get(name)) is not None
    ]
    db = session.db
    screening = _Screening(screen, on_conflict)
    outcome: dict[str, int] = {}
    try:
        with closing(source), db.transaction():
            book_settings.adopt_currency(session, options.formats.currency)
            before_rows = int(db.scalar(f"SELECT count(*) FROM {plan.table}"))
            before_max = int(db.scalar(f"SELECT coalesce(max(id), 0) FROM {plan.table}"))
            big_load = source.estimated_rows >= max(REBUILD_INDEXES_FROM_ROWS, before_rows)
            if shaper is not None:
                shaper.start()
            if keeping is not None:
                keeping.start(bound, only_new=on_conflict == "skip")
            with (
                import_log.recording(
                    session,
                    entity=plan.entity,
                    file=str(path),
                    tables=(plan.table, *plan.beside),
                ) as recording,
                permissions.guarded_import(session),
                _beside_refused(),
                db.text_index_deferred(),
            ):
                with db.indexes_suspended(plan.table) if big_load else nullcontext():
                    rows, problems, total_problems = _load(
                        source, writer, resolve, shaper, screening, keeping
                    )
                if total_problems:
                    raise CsvRejected(
                        str(path),
                        problems,
                        total=total_problems,
                        ignored_columns=source.ignored,
                        hint=_update_sheet_hint(plan, source, writer)
                        or (VALUE_MAP_HINT if source.unknown_values() else None)
                        or (cell_formats.RATE_HINT if source.unconverted else None),
                        unknown_values=source.unknown_values(),
                    )
                if shaper is not None:
                    shaper.finish(big_load=big_load)
                if keeping is not None:
                    keeping.finish()
            inserted = int(db.scalar(f"SELECT count(*) FROM {plan.table}")) - before_rows
            # Only the rows' own writes count here, not what a shaper writes beside them.
            changed = writer.changes + (shaper.changed_beside if shaper is not None else 0)
            updated = changed - inserted if on_conflict == "update" else 0
            outcome = {"rows": rows, "inserted": inserted, "updated": updated}
            if dry_run:
                raise _DryRun
            event_id = None
            kept = keeping.written if keeping is not None else 0
            if changed or kept:
                event_id = record_event(
                    session,
                    entity=plan.entity,
                    entity_id=None,
                    action="import",
                    changes={
                        "file": str(path),
                        "inserted": inserted,
                        "updated": updated,
                        # New rows take ids above the old maximum: which records came in.
                        "inserted_ids": _id_range(db, plan.table, before_max),
                        **(shaper.event_changes() if shaper is not None else {}),
                        **({"kept": {keeping.kept_as: kept}} if keeping and kept else {}),
                    },
                )
            import_log.finish(
                session,
                recording,
                rows=rows,
                inserted=inserted,
                updated=updated,
                event_id=event_id,
            )
    except _DryRun:
        pass
    rows, inserted, updated = outcome["rows"], outcome["inserted"], outcome["updated"]
    alike = screening.count
    skipped = rows - inserted - alike if on_conflict == "skip" else 0
    return ImportResult(
        rows=rows,
        inserted=inserted,
        updated=updated,
        unchanged=rows - inserted - updated - skipped - alike,
        skipped=skipped,
        dry_run=dry_run,
        ignored_columns=[
            title
            for title in source.ignored
            if title not in kept_columns and csvio.normalise_header(title) not in computed
        ],
        computed_columns=[
            title for title in source.ignored if csvio.normalise_header(title) in computed
        ],
        look_alikes=alike,
        look_alike_lines=screening.lines,
        assigned_to=session.actor.handle if unowned and inserted else None,
        kept_columns=kept_columns,
        extra_kept_as=keeper.kept_as if keeper is not None and keepable else None,
    )


VALUE_MAP_HINT = (
    "fix those lines, or map the file's values: --value-map 'COLUMN:VALUE=MEANING'"
    " (repeatable) or --value-map-file map.toml"
)
OWNER = "owner"
# Words in a header that says who owns a record, in other systems' exports.
# sales_agent: the public sales-pipeline data set's owner column.
_OWNER_WORDS = (
    "owner", "assigned", "salesperson", "salesrep", "salesagent", "accountmanager", "负责",
    "销售",
)  # fmt: skip


def _refuse_owner_look_alike(source: csvio.CsvSource, acting: str) -> None:
    """A file with no owner column would give every record to the acting rep; when a
    column it ignores looks like the owner, it is refused, naming that column."""
    for title in source.ignored:
        key = csvio.normalise_header(title)
        if any(word in key for word in _OWNER_WORDS):
            source.close()
            raise InvalidValue(
                f"{source.path}: no owner column, but '{title}' looks like one: without it"
                f" every record would be {acting}'s",
                hint=f"read it as the owner with --map '{title}=owner' (with --create-missing"
                f" for reps the book lacks), or ignore it with --map '{title}=-'",
            )


def _update_sheet_hint(plan: ImportPlan, source: csvio.CsvSource, writer: _Writer) -> str | None:
    """Why every row of a file meant to add records names a missing one: the file lacks a
    required column, so it was read as changes to records the book has."""
    if not isinstance(writer, _UpdateWriter) or not writer.missing:
        return None
    lacking = ", ".join(source.missing_required)
    keys = " or ".join(key for key in UPDATE_KEYS if key in source.fields)
    return (
        f"without a {lacking} column this file was read as changes to existing"
        f" {plan.entity} records, found by {keys}; to add its rows as new ones, read the"
        f" column that holds the {lacking} with --map 'COLUMN={source.missing_required[0]}'"
    )


class _Screening:
    """A screen at work on one import: the look-alike rows it skipped (counted, the first
    ones kept to report), or, with --on-conflict error, refused."""

    def __init__(self, screen: RowScreen | None, on_conflict: str) -> None:
        self.screen = screen
        self.refuse = on_conflict == "error"
        self.count = 0
        self.lines: list[str] = []

    def problem(self, line: int, values: Sequence[Any]) -> tuple[bool, str | None]:
        """(skip the row, a problem to refuse the file with)."""
        if self.screen is None:
            return False, None
        found = self.screen.look_alike(values)
        if found is None:
            return False, None
        text = f"line {line}: looks like {found}"
        if self.refuse:
            return True, text
        self.count += 1
        if len(self.lines) < MAX_PROBLEMS_KEPT:
            self.lines.append(text)
        return True, None


def _load(
    source: csvio.CsvSource,
    writer: _Writer,
    resolve: list[tuple[int, str, Resolver]],
    shaper: RowShaper | None = None,
    screening: _Screening | None = None,
    keeper: ExtraKeeper | None = None,
) -> tuple[int, list[str], int]:
    """Read every row; write the good ones in batches; count and keep the problems.

    Writing goes on after a bad row (the transaction is rolled back in the end anyway)
    so that problems only the database sees, such as a duplicate further down, are
    reported too."""
    problems: list[str] = []
    total_problems = 0
    batch: Batch = []
    rows = 0
    for parsed in source.rows():
        rows += 1
        values = parsed.values
        row_problems = parsed.problems
        for index, name, resolver in resolve:
            if values[index] is not None:
                try:
                    values[index] = resolver(values[index])
                except InvalidValue as err:
                    row_problems.append(f"line {parsed.line}: {name}: {err.message}")
        if screening is not None and not row_problems:
            skip, problem = screening.problem(parsed.line, values)
            if problem is not None:
                row_problems.append(problem)
            elif skip:
                continue
        if shaper is not None and not row_problems:
            try:
                values = shaper.shape(values)
            except RowProblems as err:
                row_problems.extend(f"line {parsed.line}: {problem}" for problem in err.problems)
        if row_problems:
            total_problems += len(row_problems)
            _keep(problems, row_problems)
            continue
        batch.append((parsed.line, values))
        if keeper is not None and parsed.extra:
            keeper.keep(values, parsed.extra)
        if len(batch) >= BATCH_ROWS:
            total_problems += _write_batch(writer, batch, problems, total_problems, shaper, keeper)
            batch = []
    if batch or shaper is not None:
        total_problems += _write_batch(writer, batch, problems, total_problems, shaper, keeper)
    return rows, problems, total_problems


def _write_batch(
    writer: _Writer,
    batch: Batch,
    problems: list[str],
    total_problems: int,
    shaper: RowShaper | None,
    keeper: ExtraKeeper | None,
) -> int:
    """Write a batch and what goes beside it; returns how many problems it found."""
    found = writer.write(batch) if batch else []
    _keep(problems, found)
    clean = not total_problems and not found
    if shaper is not None:
        shaper.after_batch(clean=clean)
    if keeper is not None:
        keeper.after_batch(clean=clean)
    return len(found)


@contextmanager
def _beside_refused() -> Iterator[None]:
    """A change to another rep's record that is not a row's own (what a shaper writes
    beside the rows): the whole file is refused."""
    try:
        yield
    except IntegrityError as err:
        table = permissions.guarded_table(str(err))
        if table is None:
            raise
        raise permissions.refused_import(table) from err


def _id_range(db: Any, table: str, before_max: int) -> list[int] | None:
    first, last = db.row(f"SELECT min(id), max(id) FROM {table} WHERE id > ?", (before_max,))
    return None if first is None else [int(first), int(last)]


def _keep(kept: list[str], new: list[str]) -> None:
    room = MAX_PROBLEMS_KEPT - len(kept)
    if room > 0:
        kept.extend(new[:room])


def _literal(value: Any) -> str:
    """A constant written into the statement (numbers, text, NULL)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _upsert(
    plan: ImportPlan, bound: list[str], constants: Mapping[str, Any], on_conflict: str
) -> _Statement:
    # Parameters are numbered so the update clause can see a cell's own value: an empty
    # cell in a column with a default gives a new record the default but leaves an
    # existing record's value alone (an empty owner cell must not hand the record to
    # whoever runs the import).
    place = {column: f"?{number}" for number, column in enumerate(bound, start=1)}
    values = [
        f"coalesce({place[c]}, {_literal(constants[c])})" if c in constants else place[c]
        for c in bound
    ]
    fixed = [c for c in constants if c not in bound]
    columns = ", ".join([*bound, *fixed])
    marks = ", ".join([*values, *(_literal(constants[c]) for c in fixed)])
    sql = f"INSERT INTO {plan.table} ({columns}) VALUES ({marks})"
    if on_conflict == "skip":
        return _Statement(bound, f"{sql} ON CONFLICT DO NOTHING")
    if on_conflict == "error":
        return _Statement(bound, sql)
    # Only the columns the file has are updated: a sheet with three columns must not
    # blank out the rest. updated_at moves only when something really changes.
    updatable = [c for c in bound if c not in ("id", *STAMPS)]
    if not updatable:
        return _Statement(bound, f"{sql} ON CONFLICT DO NOTHING")
    incoming = {
        c: f"coalesce({place[c]}, {plan.table}.{c})" if c in constants else f"excluded.{c}"
        for c in updatable
    }
    assignments = ", ".join(f"{c} = {incoming[c]}" for c in updatable)
    old = ", ".join(f"{plan.table}.{c}" for c in updatable)
    new = ", ".join(incoming[c] for c in updatable)
    if len(updatable) > 1:
        old, new = f"({old})", f"({new})"
    update = (
        f"DO UPDATE SET {assignments}, updated_at = excluded.updated_at WHERE {old} IS NOT {new}"
    )
    return _Statement(
        bound, sql + "".join(f" ON CONFLICT ({k}) {update}" for k in plan.conflict_keys)
    )


class _Writer:
    def __init__(self, session: Session, plan: ImportPlan, bound: list[str]) -> None:
        self.session = session
        self.db = session.db
        self.plan = plan
        self.bound = bound
        self.stamp = session.now()
        # Rows this writer inserted or changed.
        self.changes = 0
        # Rows written by triggers as it writes (what an import keeps for undo), which
        # the connection's count of changes includes.

    def write(self, batch: Batch) -> list[str]:
        """Write a batch; returns the problems found, by line. Each statement counts the
        rows it changed itself (the connection's total would count what triggers did as
        well: the text index's rows)."""
        return self._write(batch)

    def _write(self, batch: Batch) -> list[str]:
        raise NotImplementedError

    def describe(self, error: IntegrityError, params: Sequence[Any]) -> str:
        """What the database refused, naming the field."""
        message = str(error)
        guarded = permissions.guarded_table(message)
        if guarded is not None:
            return permissions.refused_row(
                self.session, guarded, dict(zip(self.bound, params, strict=False))
            )
        if message.startswith("UNIQUE constraint failed:"):
            target = message.split(":", 1)[1].strip()
            if target.startswith("index '"):
                column = _INDEX_FIELDS.get(target[len("index '") : -1], target)
            else:
                column = target.split(".")[-1]
            name = self.plan.field_of(column)
            return f"{name}: another record already has this {name}"
        if message.startswith("NOT NULL constraint failed:"):
            column = message.rsplit(".", 1)[-1]
            return f"{self.plan.field_of(column)}: cannot be empty"
        if "FOREIGN KEY" in message:
            for column, table in self.plan.references.items():
                if column not in self.bound:
                    continue
                value = params[self.bound.index(column)]
                if value is not None and not self.db.scalar(
                    f"SELECT 1 FROM {table} WHERE id = ?", (value,)
                ):
                    return f"{self.plan.field_of(column)}: no {table} {value}"
            return "refers to a record that does not exist"
        return message


class _UpsertWriter(_Writer):
    """INSERT ... ON CONFLICT, a batch at a time through executemany."""

    def __init__(self, session: Session, plan: ImportPlan, statement: _Statement) -> None:
        super().__init__(session, plan, statement.bound)
        self.sql = statement.sql

    def _write(self, batch: Batch) -> list[str]:
        """Write a batch; if the database refuses it, find and name the refused lines."""
        try:
            with self.db.savepoint("batch"):
                cursor = self.db.executemany(self.sql, [params for _, params in batch])
            self.changes += cursor.rowcount
            return []
        except IntegrityError:
            pass
        problems = []
        for line, params in batch:
            try:
                with self.db.savepoint("one"):
                    self.changes += self.db.execute(self.sql, params).rowcount
            except IntegrityError as err:
                problems.append(f"line {line}: {self.describe(err, params)}")
        return problems


class _UpdateWriter(_Writer):
    """UPDATE of the file's columns on the record each row names by id or external_id."""

    # Rows naming a record the book does not have.
    missing = 0

    def _write(self, batch: Batch) -> list[str]:
        problems = []
        for line, params in batch:
            problem = self._update(params)
            if problem:
                problems.append(f"line {line}: {problem}")
        return problems

    def _update(self, params: Sequence[Any]) -> str | None:
        by_column = dict(zip(self.bound, params, strict=True))
        key = next((k for k in UPDATE_KEYS if by_column.get(k) is not None), None)
        if key is None:
            return "a row without id or external_id cannot add a record to an update sheet"
        key_value = by_column[key]
        columns = [c for c in self.bound if c not in (key, "id", *STAMPS)]
        values = [by_column[c] for c in columns]
        table = self.plan.table
        if columns:
            setters = ", ".join(f"{c} = ?" for c in columns)
            old = ", ".join(columns)
            marks = ", ".join("?" for _ in columns)
            try:
                with self.db.savepoint("one"):
                    cursor = self.db.execute(
                        f"UPDATE {table} SET {setters}, updated_at = ? WHERE {key} = ?"
                        f" AND ({old}) IS NOT ({marks})",
                        (*values, self.stamp, key_value, *values),
                    )
            except IntegrityError as err:
                return self.describe(err, params)
            if cursor.rowcount:
                self.changes += cursor.rowcount
                return None
        if self.db.scalar(f"SELECT 1 FROM {table} WHERE {key} = ?", (key_value,)):
            return None
        self.missing += 1
        return f"{key}: no {self.plan.entity} {key_value}"


# Unique indexes on expressions are reported by index name, not column.
_INDEX_FIELDS = {"ux_account_name": "name"}


def export_rows(
    session: Session,
    sql: str,
    params: Sequence[Any] = (),
    convert: Mapping[str, Callable[[Any], Any]] | None = None,
) -> Iterator[list[Any]]:
    """Stream an export query's rows, turning stored values into typed ones by column
    (cents into amounts, 0/1 into flags); csvio writes them."""
    cursor = session.db.execute(sql, params)
    names = [str(description[0]) for description in cursor.description]
    steps = [(names.index(name), change) for name, change in (convert or {}).items()]
    for row in cursor:
        values = list(row)
        for index, change in steps:
            if values[index] is not None:
                values[index] = change(values[index])
        yield values


def column_names(session: Session, sql: str, params: Sequence[Any] = ()) -> list[str]:
    cursor = session.db.execute(f"SELECT * FROM ({sql}) LIMIT 0", params)
    return [str(description[0]) for description in cursor.description]


def name_or_id(session: Session, sql: str, what: str) -> Resolver:
    """A resolver from a record's name (any case) or id to its id; ``sql`` selects each
    record's name and id. The names are read once, not a query a row."""
    by_name = {str(name).casefold(): int(found) for name, found in session.db.rows(sql)}
    ids = set(by_name.values())

    def resolve(reference: str) -> int:
        found = by_name.get(reference.casefold())
        if found is None and reference.isdigit() and int(reference) in ids:
            found = int(reference)
        if found is None:
            raise InvalidValue(f"no {what} '{reference}'")
        return found

    return resolve


def parse_id(text: str) -> int:
    if not text.isdigit():
        raise InvalidValue(f"'{text}' is not an id")
    return int(text)
