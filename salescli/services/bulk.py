"""Bulk import and export: one transaction, batched ``executemany``, no object per row.

An import streams the file through csvio, turns each row into statement parameters,
and inserts in batches as it goes. The first bad row stops the writing but not the
reading, so every problem in the file is reported; then the transaction is rolled back
and nothing is written. ``--dry-run`` rolls back even when the file is clean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salescli import csvio
from salescli.db import IntegrityError
from salescli.errors import CsvRejected, InvalidValue
from salescli.models.records import ImportResult
from salescli.services.events import record_event
from salescli.services.session import Session

BATCH_ROWS = 5000
MAX_PROBLEMS_KEPT = 1000
ON_CONFLICT_CHOICES = ("update", "skip", "error")

RowValues = dict[str, Any]
# Turns one row's values into the INSERT parameters (in ImportPlan.db_columns order),
# appending to `problems` what is wrong with it.
ToParams = Callable[[RowValues, list[str], int], Sequence[Any]]


@dataclass(frozen=True)
class ImportPlan:
    entity: str
    table: str
    columns: Sequence[csvio.Column]
    db_columns: tuple[str, ...]
    # Unique keys an incoming row may match an existing one by (SQL conflict targets).
    conflict_keys: tuple[str, ...]
    # Which database column each CSV field writes, when the names differ.
    field_to_column: dict[str, str]


class _DryRun(Exception):
    pass


def import_csv(
    session: Session,
    plan: ImportPlan,
    to_params: ToParams,
    *,
    path: Path,
    mapping: Sequence[str] = (),
    on_conflict: str = "update",
    dry_run: bool = False,
    encoding: str | None = None,
) -> ImportResult:
    if on_conflict not in ON_CONFLICT_CHOICES:
        raise InvalidValue(f"--on-conflict must be one of {', '.join(ON_CONFLICT_CHOICES)}")
    source = csvio.open_csv(
        path, plan.columns, mapping=csvio.parse_mapping(mapping, plan.columns), encoding=encoding
    )
    present = {plan.field_to_column.get(name, name) for name in source.fields}
    sql = _insert_sql(plan, present, on_conflict)
    db = session.db
    outcome: dict[str, int] = {}
    try:
        with closing(source), db.transaction():
            before_rows = int(db.scalar(f"SELECT count(*) FROM {plan.table}"))
            before_changes = db.total_changes
            rows, problems, total_problems = _load(session, source, sql, to_params)
            if total_problems:
                raise CsvRejected(str(path), problems, total=total_problems)
            inserted = int(db.scalar(f"SELECT count(*) FROM {plan.table}")) - before_rows
            changed = db.total_changes - before_changes
            updated = changed - inserted if on_conflict == "update" else 0
            outcome = {"rows": rows, "inserted": inserted, "updated": updated}
            if dry_run:
                raise _DryRun
            if changed:
                record_event(
                    session,
                    entity=plan.entity,
                    entity_id=None,
                    action="import",
                    changes={"file": str(path), "inserted": inserted, "updated": updated},
                )
    except _DryRun:
        pass
    rows, inserted, updated = outcome["rows"], outcome["inserted"], outcome["updated"]
    skipped = rows - inserted if on_conflict == "skip" else 0
    return ImportResult(
        rows=rows,
        inserted=inserted,
        updated=updated,
        unchanged=rows - inserted - updated - skipped,
        skipped=skipped,
        dry_run=dry_run,
        ignored_columns=source.ignored,
    )


def _load(
    session: Session, source: csvio.CsvSource, sql: str, to_params: ToParams
) -> tuple[int, list[str], int]:
    problems: list[str] = []
    total_problems = 0
    batch: list[tuple[int, Sequence[Any]]] = []
    fields = source.fields
    rows = 0
    for parsed in source.rows():
        rows += 1
        row_problems = parsed.problems
        params = to_params(dict(zip(fields, parsed.values, strict=True)), row_problems, parsed.line)
        if row_problems:
            total_problems += len(row_problems)
            _keep(problems, row_problems)
            continue
        if total_problems:
            continue  # the file is refused already; keep reading only to report
        batch.append((parsed.line, params))
        if len(batch) >= BATCH_ROWS:
            found = _flush(session, sql, batch)
            total_problems += len(found)
            _keep(problems, found)
            batch = []
    if batch and not total_problems:
        found = _flush(session, sql, batch)
        total_problems += len(found)
        _keep(problems, found)
    return rows, problems, total_problems


def _keep(kept: list[str], new: list[str]) -> None:
    room = MAX_PROBLEMS_KEPT - len(kept)
    if room > 0:
        kept.extend(new[:room])


def _flush(session: Session, sql: str, batch: list[tuple[int, Sequence[Any]]]) -> list[str]:
    """Insert a batch; if the database refuses it, find and name the refused lines."""
    db = session.db
    try:
        with db.savepoint("batch"):
            db.executemany(sql, [params for _, params in batch])
        return []
    except IntegrityError:
        pass
    problems = []
    for line, params in batch:
        try:
            with db.savepoint("one"):
                db.execute(sql, params)
        except IntegrityError as err:
            problems.append(f"line {line}: {_describe(str(err))}")
    return problems


# Unique indexes on expressions are reported by index name, not column.
_INDEX_FIELDS = {"ux_account_name": "name"}


def _describe(message: str) -> str:
    if message.startswith("UNIQUE constraint failed:"):
        target = message.split(":", 1)[1].strip()
        if target.startswith("index '"):
            column = _INDEX_FIELDS.get(target[len("index '") : -1], target)
        else:
            column = target.split(".")[-1]
        return f"{column}: another record already has this {column}"
    if "FOREIGN KEY" in message:
        return "refers to a record that does not exist"
    return message


def _insert_sql(plan: ImportPlan, present: set[str], on_conflict: str) -> str:
    columns = ", ".join(plan.db_columns)
    marks = ", ".join("?" for _ in plan.db_columns)
    sql = f"INSERT INTO {plan.table} ({columns}) VALUES ({marks})"
    if on_conflict == "skip":
        return f"{sql} ON CONFLICT DO NOTHING"
    if on_conflict == "error":
        return sql
    # Only the columns the file has are updated: a sheet with three columns must not
    # blank out the rest. updated_at moves only when something really changes.
    updatable = [
        c for c in plan.db_columns if c in present and c not in ("id", "created_at", "updated_at")
    ]
    if not updatable:
        return f"{sql} ON CONFLICT DO NOTHING"
    assignments = ", ".join(f"{c} = excluded.{c}" for c in updatable)
    old = ", ".join(f"{plan.table}.{c}" for c in updatable)
    new = ", ".join(f"excluded.{c}" for c in updatable)
    if len(updatable) > 1:
        old, new = f"({old})", f"({new})"
    update = (
        f"DO UPDATE SET {assignments}, updated_at = excluded.updated_at WHERE {old} IS NOT {new}"
    )
    return sql + "".join(f" ON CONFLICT ({key}) {update}" for key in plan.conflict_keys)


def export_rows(
    session: Session, sql: str, params: Sequence[Any] = ()
) -> Iterator[tuple[Any, ...]]:
    """Stream an export query's rows as tuples."""
    for row in session.db.iterate(sql, params):
        yield tuple(row)


def column_names(session: Session, sql: str, params: Sequence[Any] = ()) -> list[str]:
    cursor = session.db.execute(f"SELECT * FROM ({sql}) LIMIT 0", params)
    return [str(description[0]) for description in cursor.description]


def parse_id(text: str) -> int:
    if not text.isdigit():
        raise InvalidValue(f"'{text}' is not an id")
    return int(text)


MINOR_AS_TEXT = (
    "CASE WHEN {0} IS NULL THEN NULL ELSE ({0} / 100) || '.' || printf('%02d', {0} % 100) END"
)
FLAG_AS_TEXT = "CASE {0} WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END"
