"""Contracts in spreadsheets: every contract out (`contract export`), and drafts in
(`contract import`): new drafts, made as `contract new` makes one, and changes to the
drafts the book has, so that export, edit in a spreadsheet, import is a round trip.

A row names an existing contract by its id, else its external_id, else its number; any
other row is a new draft. An import adds and changes drafts only: a row that would add a
contract in another status, change a contract past draft (that is `contract amend`,
which keeps its versions) or change any contract's status (each status has its command)
is refused, naming the line and the way to do it. A row that says what the book already
has is unchanged, whatever the contract's status, so a whole export reads back.

An import reads every row first and refuses the whole file when any row is wrong (``line
N: field: reason``): no account, an unknown deal or owner, a number already taken, an
amount that is not one, an end before the start. Then all rows are written in one
transaction, or none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from salescli import csvio, dates
from salescli.errors import CsvRejected, SalesError
from salescli.models.enums import ContractStatus
from salescli.models.records import Contract, ImportResult
from salescli.money import from_minor, parse_amount
from salescli.services.core.bulk import ImportOptions, export_rows, parse_id
from salescli.services.core.edits import tidy
from salescli.services.core.events import record_event
from salescli.services.core.reps import new_owner
from salescli.services.core.rows import build, stored
from salescli.services.core.session import Session, writes
from salescli.services.customers.accounts import resolve_account
from salescli.services.orders.contracts import (
    SELECT,
    dates_in_order,
    new_contract,
    refuse_negative,
    taken_number,
    yours,
)
from salescli.services.pipeline.opportunities import get_opportunity

DRAFT = ContractStatus.DRAFT.value
# How a row names an existing contract, in this order.
_KEYS = ("id", "external_id", "number")


def _status(text: str) -> str:
    return ContractStatus.parse(text, what="contract status").value


# What an export adds that an import passes over: each changes by its own command.
_EXPORT_ONLY = (
    "status_on", "status_reason", "version", "progress", "milestone", "signed_on", "received",
    "created_at", "updated_at",
)  # fmt: skip
CONTRACT_COLUMNS = (
    csvio.Column("id", ("salescli id",), parse_id),
    csvio.Column("number", ("contract number", "contract no", "合同编号", "合同号")),
    csvio.Column("external_id", ("external id", "外部编号")),
    # Or the deal (opportunity_id), whose account it is.
    csvio.Column("account", ("customer", "company", "客户", "客户名称", "公司")),
    csvio.Column(
        "amount", ("contract amount", "value", "合同金额", "金额"), parse_amount, required=True
    ),
    csvio.Column("title", ("name", "subject", "合同名称", "标题")),
    csvio.Column("opportunity_id", ("deal", "opportunity", "商机"), parse_id),
    csvio.Column("start_on", ("start", "start date", "开始日期"), dates.parse_calendar_date),
    csvio.Column("end_on", ("end", "end date", "结束日期", "到期日"), dates.parse_calendar_date),
    csvio.Column("terms", ("条款",)),
    csvio.Column("owner", ("负责人", "销售")),
    csvio.Column("status", ("contract status", "合同状态", "状态"), _status),
    *(csvio.Column(name, export_only=True) for name in _EXPORT_ONLY),
)
# Every contract has these: an empty cell leaves them as they are.
_KEPT_WHEN_EMPTY = ("number", "account", "amount", "owner")
# The fields a row may change on a draft, and how the contract holds each.
_FIELDS = (
    "number", "external_id", "account", "opportunity_id", "amount", "title", "start_on",
    "end_on", "terms", "owner",
)  # fmt: skip


@writes
def import_contracts(session: Session, options: ImportOptions) -> ImportResult:
    """Drafts from a sheet, new or changed: validated whole, then every row written, or
    none. A clean dry run raises _DryRun, which rolls the writes back (see
    dry_run_or_import)."""
    source = csvio.open_csv(
        options.path,
        CONTRACT_COLUMNS,
        mapping=csvio.parse_mapping(options.mapping, CONTRACT_COLUMNS),
        encoding=options.encoding,
    )
    problems: list[str] = []
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    seen: set[str] = set()
    try:
        for parsed in source.rows():
            if parsed.problems:
                problems += parsed.problems
                continue
            values: dict[str, Any] = dict(zip(source.fields, parsed.values, strict=True))
            field, key = next(
                ((name, str(values[name])) for name in _KEYS if values.get(name)), ("", "")
            )
            if key and f"{field}:{key.casefold()}" in seen:
                problems.append(f"line {parsed.line}: {field}: {key} is above in the file too")
                continue
            if key:
                seen.add(f"{field}:{key.casefold()}")
            # Each row is written in a savepoint: a refused row is undone alone and named,
            # and the rows after it are still checked.
            try:
                with session.db.savepoint("contract_row"):
                    counts[_import_row(session, values)] += 1
            except SalesError as err:
                problems.append(f"line {parsed.line}: {err.message}")
                continue
    finally:
        source.close()
    if problems:
        raise CsvRejected(str(options.path), problems, ignored_columns=source.ignored)
    rows = sum(counts.values())
    if counts["inserted"] or counts["updated"]:
        record_event(
            session,
            entity="contract",
            entity_id=None,
            action="import",
            changes={"file": str(options.path), "rows": rows, **counts},
        )
    result = ImportResult(
        rows=rows,
        inserted=counts["inserted"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        skipped=0,
        dry_run=options.dry_run,
        ignored_columns=list(source.ignored),
    )
    if options.dry_run:
        raise _DryRun(result)
    return result


def _import_row(session: Session, values: dict[str, Any]) -> str:
    """Add, change or leave one row's contract: 'inserted', 'updated' or 'unchanged'."""
    existing = _existing(session, values)
    status = values.get("status")
    if existing is None:
        if status not in (None, DRAFT):
            raise RowRefused(
                f"status: {status}: an import adds drafts only; leave status empty (or"
                " draft), then move the contract on with its commands ('salescli contract"
                " submit|approve|sign')"
            )
        contract = new_contract(
            session,
            amount=values["amount"],
            opportunity_id=values.get("opportunity_id"),
            account=None if values.get("opportunity_id") else values.get("account"),
            number=values.get("number"),
            title=values.get("title"),
            start_on=values.get("start_on"),
            end_on=values.get("end_on"),
            terms=values.get("terms"),
            owner=values.get("owner"),
        )
        if tidy(values.get("external_id")):
            session.db.execute(
                "UPDATE contract SET external_id = ? WHERE id = ?",
                (tidy(values["external_id"]), contract.id),
            )
        return "inserted"
    if status is not None and status != existing.status:
        raise RowRefused(
            f"status: contract {existing.number} is {existing.status}, the file says"
            f" {status}; an import does not change a status: use 'salescli contract"
            f" {_command(status)} {existing.number}'"
        )
    wanted = _wanted(session, existing, values)
    changed = {
        name: [stored(current), stored(value)]
        for name, (current, value) in wanted.items()
        if current != value
    }
    if not changed:
        return "unchanged"
    if existing.status != DRAFT:
        raise RowRefused(
            f"contract {existing.number} is {existing.status}; an import changes drafts only"
            f" (the row differs in {', '.join(changed)}): amend it with 'salescli contract amend"
            f" {existing.number} --reason TEXT', or put back what the book has"
        )
    _update_draft(session, yours(session, existing.number), wanted, changed)
    return "updated"


class RowRefused(SalesError):
    """A row the import cannot write, with the way to do what it asks."""


def _command(status: str) -> str:
    commands = {
        "submitted": "submit", "approved": "approve", "signed": "sign", "active": "start",
        "completed": "complete", "closed": "close", "suspended": "suspend",
        "terminated": "terminate", "draft": "amend",
    }  # fmt: skip
    return commands.get(status, status)


def _existing(session: Session, values: dict[str, Any]) -> Contract | None:
    """The contract a row names: by id (which must exist), else external_id, else
    number."""
    if values.get("id") is not None:
        row = session.db.row(f"{SELECT} WHERE c.id = ?", (values["id"],))
        if row is None:
            raise RowRefused(
                f"id: no contract {values['id']}; leave id empty to add the row as a new draft"
            )
        return build(Contract, row)
    for column, value in (
        ("external_id", tidy(values.get("external_id"))),
        ("number", tidy(values.get("number"))),
    ):
        if value:
            row = session.db.row(f"{SELECT} WHERE c.{column} = ? COLLATE NOCASE", (value,))
            if row is not None:
                return build(Contract, row)
    return None


def _wanted(
    session: Session, contract: Contract, values: dict[str, Any]
) -> dict[str, tuple[Any, Any]]:
    """(what the contract has, what the row says) for each field the file has."""
    wanted: dict[str, tuple[Any, Any]] = {}
    deal = values.get("opportunity_id")
    for name in _FIELDS:
        if name not in values:
            continue
        value = values[name]
        if value is None and name in _KEPT_WHEN_EMPTY:
            continue
        if name == "number" and str(value).strip().casefold() == contract.number.casefold():
            continue
        if name == "account":
            if deal is not None:
                continue  # the deal's account
            found = resolve_account(session, value or "").id if value else None
            wanted[name] = (contract.account_id, found)
        elif name == "owner":
            wanted[name] = (contract.owner, value.strip().lower() if value else None)
        elif name in ("number", "external_id", "title", "terms"):
            wanted[name] = (getattr(contract, name), tidy(value))
        else:
            wanted[name] = (getattr(contract, name), value)
    return wanted


def _update_draft(
    session: Session,
    contract: Contract,
    wanted: dict[str, tuple[Any, Any]],
    changed: dict[str, list[Any]],
) -> None:
    """Write a row's changes to a draft and to its current version."""
    new = {name: value for name, (_, value) in wanted.items()}
    columns: dict[str, Any] = {}
    if "number" in changed:
        if not new["number"]:
            raise RowRefused("number: a contract number cannot be empty")
        taken_number(session, new["number"])
        columns["number"] = new["number"]
    if "external_id" in changed:
        columns["external_id"] = new["external_id"]
    if "opportunity_id" in changed:
        deal_id = new["opportunity_id"]
        if deal_id is None:
            columns["opportunity_id"] = None
        else:
            deal = get_opportunity(session, deal_id)
            if deal.account_id is None:
                raise RowRefused(f"opportunity {deal.id} has no account")
            columns["opportunity_id"] = deal.id
            columns["account_id"] = deal.account_id
    if "account" in changed:
        if new["account"] is None:
            raise RowRefused("account: a contract needs an account (or opportunity_id)")
        columns["account_id"] = new["account"]
    if "amount" in changed:
        refuse_negative(new["amount"])
        columns["amount"] = stored(new["amount"])
    for name in ("title", "start_on", "end_on", "terms"):
        if name in changed:
            columns[name] = stored(new[name])
    dates_in_order(new.get("start_on", contract.start_on), new.get("end_on", contract.end_on))
    if "owner" in changed:
        if not new["owner"]:
            raise RowRefused("owner: a contract needs an owner")
        columns["owner_id"] = new_owner(session, new["owner"]).id
    columns["updated_at"] = session.now()
    session.db.execute(
        f"UPDATE contract SET {', '.join(f'{name} = ?' for name in columns)} WHERE id = ?",
        (*columns.values(), contract.id),
    )
    version_columns = [
        name for name in ("amount", "title", "start_on", "end_on", "terms") if name in columns
    ]
    if version_columns:
        session.db.execute(
            f"UPDATE contract_version SET {', '.join(f'{name} = ?' for name in version_columns)}"
            " WHERE contract_id = ? AND version = ?",
            (*(columns[name] for name in version_columns), contract.id, contract.version),
        )
    record_event(
        session, entity="contract", entity_id=contract.id, action="import-update", changes=changed
    )


class _DryRun(Exception):
    """Undoes a clean dry run's writes (the transaction rolls back) and carries its result."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__("dry run")
        self.result = result


def dry_run_or_import(session: Session, options: ImportOptions) -> ImportResult:
    try:
        return import_contracts(session, options)
    except _DryRun as dry:
        return dry.result


EXPORT_HEADER = [
    "id", "number", "external_id", "account", "amount", "title", "opportunity_id", "start_on",
    "end_on", "terms", "owner", "status", "status_on", "status_reason", "version", "progress",
    "milestone", "signed_on", "received", "created_at", "updated_at",
]  # fmt: skip


def export_contracts(session: Session) -> tuple[list[str], Iterator[list[Any]]]:
    """Every contract as it stands, in the columns an import reads, and the rest."""
    sql = (
        "SELECT c.id, c.number, c.external_id, a.name, c.amount, c.title, c.opportunity_id,"
        " c.start_on, c.end_on, c.terms, r.handle, c.status, c.status_on, c.status_reason,"
        " c.version, c.progress, c.milestone, c.signed_on, (SELECT coalesce(sum(i.received),"
        " 0) FROM installment i WHERE i.contract_id = c.id) AS received, c.created_at,"
        " c.updated_at FROM contract c JOIN account a ON a.id = c.account_id"
        " LEFT JOIN rep r ON r.id = c.owner_id ORDER BY c.id"
    )
    return list(EXPORT_HEADER), export_rows(
        session, sql, convert={"amount": from_minor, "received": from_minor}
    )
