"""Receivables in spreadsheets: the schedule and the receipts out (`receivable export`),
and a finance department's receipts in (`receivable import`).

An import reads every row first and refuses the whole file when any row is wrong (``line
N: field: reason``): an unknown contract, an amount that is not one, a date in the future,
a contract money is not received under or that is another rep's, or more than is owed
there (counting the rows above it). Then each row is recorded as `receivable pay` records
one, oldest installments first (or ``installment``), in one transaction: all of the file
or none of it. A ``credit`` cell of yes (or, as the export writes it, an amount more than
0) keeps what is more than owed as a credit on the account.

A row the book already has is unchanged, never booked again, so a book's own export reads
back: the row's ``id`` names a receipt of the same contract, date and amount (an ``id``
naming a different receipt is refused), or, with no such id, a receipt of the same
contract, date and amount has the row's bank reference (a row with no reference is always
new: two equal payments on a day are possible). A reversed row (``reversed_at``) the book
does not have is skipped: reversed money is not booked.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from salescli import csvio, dates
from salescli.errors import CsvRejected, InvalidValue, Refused
from salescli.models.enums import RECEIVABLE_CONTRACT_STATUSES
from salescli.models.records import ImportResult
from salescli.money import from_minor, parse_amount
from salescli.services.core.bulk import ImportOptions, export_rows, parse_id
from salescli.services.core.events import record_event
from salescli.services.core.permissions import require_owner
from salescli.services.core.rows import stored
from salescli.services.core.session import Session, writes
from salescli.services.orders.contracts import CONTRACT
from salescli.services.orders.receivables import record_payment


def _positive(text: str) -> Decimal:
    amount = parse_amount(text)
    if amount == 0:
        raise InvalidValue("is 0; a payment is more than 0")
    return amount


def _whole(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise InvalidValue(f"'{text}' is not an installment number (1, 2, ...)")
    return int(text)


def _credit(text: str) -> bool:
    """yes/no, or the credited amount as `receivable export --receipts` writes it."""
    try:
        return csvio.yes_no(text)
    except InvalidValue:
        pass
    try:
        return parse_amount(text) > 0
    except InvalidValue:
        raise InvalidValue(f"'{text}' is not yes, no or an amount") from None


RECEIPT_COLUMNS = (
    csvio.Column("id", ("receipt id",), parse_id),
    csvio.Column(
        "received_on",
        ("date", "received", "value date", "收款日期", "日期", "到账日期"),
        dates.parse_calendar_date,
        required=True,
    ),
    csvio.Column(
        "contract", ("contract number", "contract no", "合同编号", "合同号"), required=True
    ),
    csvio.Column("amount", ("收款金额", "金额", "credit amount"), _positive, required=True),
    csvio.Column("ref", ("bank ref", "bank reference", "reference", "银行流水号", "流水号")),
    csvio.Column("installment", ("期次", "installment number"), _whole),
    csvio.Column("credit", ("as credit",), _credit),
    csvio.Column("reversed_at", ("reversed",)),
    csvio.Column("recorded_by", export_only=True),
    csvio.Column("at", export_only=True),
    csvio.Column("reverse_reason", export_only=True),
)
NEW, UNCHANGED, SKIPPED = "new", "unchanged", "skipped"


def _existing(
    session: Session, values: dict[str, Any], line: int, contract_id: int
) -> int | str | None:
    """The receipt the book already has for the row, what is wrong with the row's id,
    or None."""
    cents = stored(values["amount"])
    day = values["received_on"].isoformat()
    if values.get("id") is not None:
        row = session.db.row(
            "SELECT p.id, p.contract_id, p.received_on, p.amount, c.number FROM receipt p"
            " JOIN contract c ON c.id = p.contract_id WHERE p.id = ?",
            (values["id"],),
        )
        if row is not None:
            if (int(row["contract_id"]), str(row["received_on"]), int(row["amount"])) != (
                contract_id,
                day,
                cents,
            ):
                return (
                    f"line {line}: id: receipt {row['id']} is {row['received_on']}"
                    f" {row['number']} {from_minor(int(row['amount'])):,.2f} in the book,"
                    " not this row (leave id empty for a new receipt)"
                )
            return int(row["id"])
    if not values.get("ref"):
        return None
    found = session.db.scalar(
        "SELECT min(id) FROM receipt WHERE contract_id = ? AND ref = ? AND received_on = ?"
        " AND amount = ?",
        (contract_id, str(values["ref"]).strip(), day, cents),
    )
    return None if found is None else int(found)


def _check(
    session: Session, values: dict[str, Any], line: int, owed: dict[int, int]
) -> tuple[str, str] | str:
    """What the row is (new, unchanged, skipped) and its contract number, or what is
    wrong with it."""
    text = str(values["contract"])
    row = session.db.row(
        "SELECT c.id, c.number, c.status, r.handle AS owner FROM contract c"
        " LEFT JOIN rep r ON r.id = c.owner_id WHERE c.number = ? COLLATE NOCASE",
        (text,),
    )
    if row is None:
        return f"line {line}: contract: no contract '{text}'"
    contract_id, number = int(row["id"]), str(row["number"])
    existing = _existing(session, values, line, contract_id)
    if isinstance(existing, str):
        return existing
    if existing is not None:
        return UNCHANGED, number
    if values.get("reversed_at"):
        return SKIPPED, number
    if row["status"] not in RECEIVABLE_CONTRACT_STATUSES:
        return f"line {line}: contract: {number} is {row['status']}; money is received only under a signed contract"
    try:
        require_owner(session, CONTRACT, contract_id, row["owner"])
    except Refused as refused:
        return f"line {line}: contract: {refused.message}"
    if values["received_on"] > session.today:
        return f"line {line}: received_on: {values['received_on']} is in the future"
    if contract_id not in owed:
        owed[contract_id] = int(
            session.db.scalar(
                "SELECT coalesce(sum(amount - received), 0) FROM installment"
                " WHERE contract_id = ? AND received < amount",
                (contract_id,),
            )
        )
    cents = int(values["amount"] * 100)
    if cents > owed[contract_id] and not values.get("credit"):
        return (
            f"line {line}: amount: {values['amount']:,.2f} is more than the"
            f" {from_minor(max(owed[contract_id], 0)):,.2f} owed on {number} after the rows"
            " above (a credit column of yes keeps the rest as a credit)"
        )
    owed[contract_id] -= cents
    return NEW, number


@writes
def import_receipts(session: Session, options: ImportOptions) -> ImportResult:
    """A receipts sheet: validated whole, then every row recorded, or nothing."""
    source = csvio.open_csv(
        options.path,
        RECEIPT_COLUMNS,
        mapping=csvio.parse_mapping(options.mapping, RECEIPT_COLUMNS),
        encoding=options.encoding,
    )
    rows: list[tuple[int, str, dict[str, Any]]] = []
    problems: list[str] = []
    owed: dict[int, int] = {}
    try:
        for parsed in source.rows():
            values = dict(zip(source.fields, parsed.values, strict=True))
            if parsed.problems:
                problems += parsed.problems
                continue
            checked = _check(session, values, parsed.line, owed)
            if isinstance(checked, str):
                problems.append(checked)
                continue
            values["contract"] = checked[1]
            rows.append((parsed.line, checked[0], values))
    finally:
        source.close()
    if problems:
        raise CsvRejected(str(options.path), problems, ignored_columns=source.ignored)
    if options.dry_run or not _count(rows, NEW):
        return _result(rows, options, source.ignored)
    for _, kind, values in rows:
        if kind != NEW:
            continue
        record_payment(
            session,
            ref=values["contract"],
            amount=values["amount"],
            received_on=values["received_on"],
            bank_ref=values.get("ref"),
            installment=values.get("installment"),
            credit=bool(values.get("credit")),
        )
    record_event(
        session,
        entity="receipt",
        entity_id=None,
        action="import",
        changes={"file": str(options.path), "rows": _count(rows, NEW)},
    )
    return _result(rows, options, source.ignored)


def _count(rows: list[tuple[int, str, dict[str, Any]]], kind: str) -> int:
    return sum(1 for _, row_kind, _ in rows if row_kind == kind)


def _result(
    rows: list[tuple[int, str, dict[str, Any]]], options: ImportOptions, ignored: list[str]
) -> ImportResult:
    return ImportResult(
        rows=len(rows),
        inserted=_count(rows, NEW),
        updated=0,
        unchanged=_count(rows, UNCHANGED),
        skipped=_count(rows, SKIPPED),
        dry_run=options.dry_run,
        ignored_columns=list(ignored),
    )


def export_installments(session: Session) -> tuple[list[str], Iterator[list[Any]]]:
    """Every installment with its contract, account, owner and what was received."""
    header = ["contract", "account", "owner", "position", "due_on", "amount", "received", "note"]
    sql = (
        "SELECT c.number, a.name, r.handle, i.position, i.due_on, i.amount, i.received, i.note"
        " FROM installment i JOIN contract c ON c.id = i.contract_id"
        " JOIN account a ON a.id = c.account_id LEFT JOIN rep r ON r.id = c.owner_id"
        " ORDER BY c.number, i.position"
    )
    return header, export_rows(session, sql, convert={"amount": from_minor, "received": from_minor})


def export_receipts(session: Session) -> tuple[list[str], Iterator[list[Any]]]:
    """Every receipt (reversed ones too, with why), in the columns an import reads."""
    header = [
        "id", "received_on", "contract", "amount", "ref", "credit", "recorded_by", "at",
        "reversed_at", "reverse_reason",
    ]  # fmt: skip
    sql = (
        "SELECT p.id, p.received_on, c.number AS contract, p.amount, p.ref, p.credit,"
        " r.handle, p.at, p.reversed_at, p.reverse_reason FROM receipt p"
        " JOIN contract c ON c.id = p.contract_id LEFT JOIN rep r ON r.id = p.rep_id"
        " ORDER BY p.id"
    )
    return header, export_rows(session, sql, convert={"amount": from_minor, "credit": from_minor})
