"""Payment schedules in from a spreadsheet (`receivable import --installments`): the
columns `receivable export` writes (contract, position, due_on, amount, note; account,
owner and received are the export's and passed over: money comes in with receipts).

The file gives each contract it names its whole schedule. Every row is read first and the
whole file refused when any is wrong (``line N: field: reason``): an unknown contract,
another rep's, a closed or terminated one, a bad date or amount, a position twice, a
contract's installments that do not add up to its amount to the cent (as `receivable
plan` refuses, naming the difference), or an installment money was received on that the
file leaves out or sets below what was received. Then, in one transaction recorded in the
import log (`import undo N` takes it back): an installment the book has at that position
is unchanged or changed, a new position is added, and the contract's unpaid installments
the file leaves out are removed. A row without a position takes the next in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from salescli import csvio, dates
from salescli.errors import CsvRejected, InvalidValue, Refused
from salescli.models.records import ImportResult
from salescli.money import from_minor, parse_amount
from salescli.services.core import import_log
from salescli.services.core.bulk import ImportOptions
from salescli.services.core.edits import tidy
from salescli.services.core.events import record_event
from salescli.services.core.permissions import require_owner
from salescli.services.core.rows import stored
from salescli.services.core.session import Session, writes
from salescli.services.orders.contracts import CONTRACT


def _positive(text: str) -> Decimal:
    amount = parse_amount(text)
    if amount <= 0:
        raise InvalidValue(f"{amount} is not more than 0; an installment is")
    return amount


def _position(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise InvalidValue(f"'{text}' is not an installment number (1, 2, ...)")
    return int(text)


INSTALLMENT_COLUMNS = (
    csvio.Column(
        "contract", ("contract number", "contract no", "合同编号", "合同号"), required=True
    ),
    csvio.Column("position", ("installment", "期次", "installment number"), _position),
    csvio.Column(
        "due_on",
        ("due", "due date", "到期日", "应收日期"),
        dates.parse_calendar_date,
        required=True,
    ),
    csvio.Column("amount", ("应收金额", "金额"), _positive, required=True),
    csvio.Column("note", ("备注", "notes")),
    csvio.Column("account", export_only=True),
    csvio.Column("owner", export_only=True),
    csvio.Column("received", export_only=True),
)


@dataclass
class _Row:
    line: int
    position: int
    due_on: date
    amount: int
    note: str | None


@dataclass
class _Schedule:
    """One contract's schedule in the file, and what the book has."""

    contract_id: int
    number: str
    amount: int
    first_line: int
    rows: list[_Row] = field(default_factory=list)
    # Why the import may not change it (closed, terminated, another rep's), if so.
    refusal: str | None = None
    # position -> (id, due_on, amount, received, note)
    book: dict[int, tuple[int, str, int, int, str | None]] = field(default_factory=dict)


def _contract(
    session: Session, text: str, line: int, found: dict[str, _Schedule]
) -> _Schedule | str:
    key = text.strip().casefold()
    if key in found:
        return found[key]
    row = session.db.row(
        "SELECT c.id, c.number, c.status, c.amount, r.handle AS owner FROM contract c"
        " LEFT JOIN rep r ON r.id = c.owner_id WHERE c.number = ? COLLATE NOCASE",
        (text.strip(),),
    )
    if row is None:
        return f"line {line}: contract: no contract '{text}'"
    schedule = _Schedule(int(row["id"]), str(row["number"]), int(row["amount"]), line)
    if row["status"] in ("closed", "terminated"):
        schedule.refusal = f"{schedule.number} is {row['status']}; its schedule is final"
    try:
        require_owner(session, CONTRACT, schedule.contract_id, row["owner"])
    except Refused as refused:
        schedule.refusal = refused.message
    for kept in session.db.rows(
        "SELECT id, position, due_on, amount, received, note FROM installment"
        " WHERE contract_id = ?",
        (schedule.contract_id,),
    ):
        schedule.book[int(kept["position"])] = (
            int(kept["id"]),
            str(kept["due_on"]),
            int(kept["amount"]),
            int(kept["received"]),
            kept["note"],
        )
    found[key] = schedule
    return schedule


def _removed(schedule: _Schedule) -> list[int]:
    """The positions of the book's unpaid installments the file leaves out."""
    wanted = {row.position for row in schedule.rows}
    return [
        position
        for position, kept in sorted(schedule.book.items())
        if position not in wanted and kept[3] == 0
    ]


def _problems_of(schedule: _Schedule) -> list[str]:
    """What is wrong with a schedule the import would change; one it leaves as the book
    has it is unchanged, whatever its contract's status or owner or what it adds up to."""
    changing = [row.line for row in schedule.rows if _kind(schedule, row) != "unchanged"]
    if not changing and not _removed(schedule):
        return []
    if schedule.refusal is not None:
        return [
            f"line {line}: contract: {schedule.refusal}"
            for line in changing or [schedule.first_line]
        ]
    problems = []
    seen: dict[int, int] = {}
    for row in schedule.rows:
        if row.position in seen:
            problems.append(
                f"line {row.line}: position: {schedule.number} has installment"
                f" {row.position} on line {seen[row.position]} too"
            )
        seen.setdefault(row.position, row.line)
        kept = schedule.book.get(row.position)
        if kept is not None and row.amount < kept[3]:
            problems.append(
                f"line {row.line}: amount: installment {row.position} of {schedule.number} has"
                f" {from_minor(kept[3]):,.2f} received; it cannot be less"
                f" ({from_minor(row.amount):,.2f})"
            )
    total = sum(row.amount for row in schedule.rows)
    if total != schedule.amount:
        problems.append(
            f"line {schedule.first_line}: amount: {schedule.number}'s installments add up to"
            f" {from_minor(total):,.2f}, not its {from_minor(schedule.amount):,.2f}"
            f" ({from_minor(total - schedule.amount):+,.2f})"
        )
    for position, kept in sorted(schedule.book.items()):
        if kept[3] > 0 and position not in seen:
            problems.append(
                f"line {schedule.first_line}: contract: installment {position} of"
                f" {schedule.number} has {from_minor(kept[3]):,.2f} received; the file leaves"
                " it out"
            )
    return problems


def _read(session: Session, options: ImportOptions) -> tuple[list[_Schedule], list[str]]:
    source = csvio.open_csv(
        options.path,
        INSTALLMENT_COLUMNS,
        mapping=csvio.parse_mapping(options.mapping, INSTALLMENT_COLUMNS),
        encoding=options.encoding,
    )
    found: dict[str, _Schedule] = {}
    problems: list[str] = []
    try:
        for parsed in source.rows():
            values = dict(zip(source.fields, parsed.values, strict=True))
            if parsed.problems:
                problems += parsed.problems
                continue
            schedule = _contract(session, str(values["contract"]), parsed.line, found)
            if isinstance(schedule, str):
                problems.append(schedule)
                continue
            position = values.get("position") or len(schedule.rows) + 1
            schedule.rows.append(
                _Row(
                    parsed.line,
                    position,
                    values["due_on"],
                    stored(values["amount"]),
                    tidy(values.get("note")),
                )
            )
    finally:
        source.close()
    for schedule in found.values():
        problems += _problems_of(schedule)
    if problems:
        raise CsvRejected(
            str(options.path), sorted(problems, key=_line_of), ignored_columns=source.ignored
        )
    return list(found.values()), list(source.ignored)


def _line_of(problem: str) -> int:
    return int(problem.split(":", 1)[0].removeprefix("line ").strip() or 0)


def _kind(schedule: _Schedule, row: _Row) -> str:
    kept = schedule.book.get(row.position)
    if kept is None:
        return "new"
    same = (kept[1], kept[2], kept[4]) == (row.due_on.isoformat(), row.amount, row.note)
    return "unchanged" if same else "updated"


def _write(session: Session, schedule: _Schedule) -> dict[str, Any]:
    """The contract's schedule as the file gives it; what changed, for its event."""
    database = session.db
    removed = _removed(schedule)
    for position in removed:
        database.execute("DELETE FROM installment WHERE id = ?", (schedule.book[position][0],))
    changed: list[list[Any]] = []
    for row in schedule.rows:
        kind = _kind(schedule, row)
        if kind == "updated":
            database.execute(
                "UPDATE installment SET due_on = ?, amount = ?, note = ? WHERE id = ?",
                (row.due_on.isoformat(), row.amount, row.note, schedule.book[row.position][0]),
            )
        elif kind == "new":
            database.execute(
                "INSERT INTO installment (contract_id, position, due_on, amount, received,"
                " note, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
                (
                    schedule.contract_id,
                    row.position,
                    row.due_on.isoformat(),
                    row.amount,
                    row.note,
                    session.now(),
                ),
            )
        if kind != "unchanged":
            changed.append([row.position, row.amount, row.due_on.isoformat()])
    return {"installments": changed, "removed": removed} if changed or removed else {}


@writes
def import_installments(session: Session, options: ImportOptions) -> ImportResult:
    """Each contract's schedule from the file: validated whole, then written, or nothing."""
    schedules, ignored = _read(session, options)
    kinds = [_kind(schedule, row) for schedule in schedules for row in schedule.rows]
    result = ImportResult(
        rows=len(kinds),
        inserted=kinds.count("new"),
        updated=kinds.count("updated"),
        unchanged=kinds.count("unchanged"),
        skipped=0,
        dry_run=options.dry_run,
        ignored_columns=ignored,
    )
    if options.dry_run:
        return result
    with import_log.recording(
        session, entity="installment", file=str(options.path), tables=("installment",)
    ) as recording:
        written = 0
        for schedule in schedules:
            changes = _write(session, schedule)
            if changes:
                written += 1
                record_event(
                    session,
                    entity="contract",
                    entity_id=schedule.contract_id,
                    action="import-schedule",
                    changes=changes,
                )
        event_id = None
        if written:
            event_id = record_event(
                session,
                entity="installment",
                entity_id=None,
                action="import",
                changes={"file": str(options.path), "contracts": written},
            )
        import_log.finish(
            session,
            recording,
            rows=result.rows,
            inserted=result.inserted,
            updated=result.updated,
            event_id=event_id,
        )
    return result
