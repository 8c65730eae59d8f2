"""Contracts in spreadsheets: every contract out (`contract export`), and contracts from
another system in (`contract import`), each a new draft made as `contract new` makes one.

An import reads every row first and refuses the whole file when any row is wrong (``line
N: field: reason``): no account, an unknown deal or owner, a number already taken (in the
book or above in the file: an existing contract changes by `contract amend`, which keeps
its versions), an amount that is not one, an end before the start. Then all rows are
written in one transaction, or none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from salescli import csvio, dates
from salescli.errors import CsvRejected, SalesError
from salescli.models.records import ImportResult
from salescli.money import from_minor, parse_amount
from salescli.services.core.bulk import ImportOptions, export_rows, parse_id
from salescli.services.core.events import record_event
from salescli.services.core.session import Session, writes
from salescli.services.orders.contracts import new_contract

CONTRACT_COLUMNS = (
    csvio.Column("number", ("contract number", "contract no", "合同编号", "合同号")),
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
)


@writes
def import_contracts(session: Session, options: ImportOptions) -> ImportResult:
    """New draft contracts from a sheet: validated whole, then every row made, or none.
    A clean dry run raises _DryRun, which rolls the writes back (see dry_run_or_import)."""
    source = csvio.open_csv(
        options.path,
        CONTRACT_COLUMNS,
        mapping=csvio.parse_mapping(options.mapping, CONTRACT_COLUMNS),
        encoding=options.encoding,
    )
    problems: list[str] = []
    made = 0
    seen: set[str] = set()
    try:
        for parsed in source.rows():
            if parsed.problems:
                problems += parsed.problems
                continue
            values: dict[str, Any] = dict(zip(source.fields, parsed.values, strict=True))
            number = values.get("number")
            if number and number.casefold() in seen:
                problems.append(f"line {parsed.line}: number: {number} is above in the file too")
                continue
            # Each row is made in a savepoint: a refused row is undone alone and named, and
            # the rows after it are still checked.
            try:
                with session.db.savepoint("contract_row"):
                    new_contract(
                        session,
                        amount=values["amount"],
                        opportunity_id=values.get("opportunity_id"),
                        account=None if values.get("opportunity_id") else values.get("account"),
                        number=number,
                        title=values.get("title"),
                        start_on=values.get("start_on"),
                        end_on=values.get("end_on"),
                        terms=values.get("terms"),
                        owner=values.get("owner"),
                    )
            except SalesError as err:
                problems.append(f"line {parsed.line}: {err.message}")
                continue
            if number:
                seen.add(number.casefold())
            made += 1
    finally:
        source.close()
    if problems:
        raise CsvRejected(str(options.path), problems, ignored_columns=source.ignored)
    record_event(
        session,
        entity="contract",
        entity_id=None,
        action="import",
        changes={"file": str(options.path), "rows": made},
    )
    result = ImportResult(
        rows=made,
        inserted=made,
        updated=0,
        unchanged=0,
        skipped=0,
        dry_run=options.dry_run,
        ignored_columns=list(source.ignored),
    )
    if options.dry_run:
        raise _DryRun(result)
    return result


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


def export_contracts(session: Session) -> tuple[list[str], Iterator[list[Any]]]:
    """Every contract as it stands, in the columns an import reads, and the rest."""
    header = [
        "id", "number", "account", "amount", "title", "opportunity_id", "start_on", "end_on",
        "terms", "owner", "status", "status_on", "status_reason", "version", "progress",
        "milestone", "signed_on", "received", "created_at", "updated_at",
    ]  # fmt: skip
    sql = (
        "SELECT c.id, c.number, a.name, c.amount, c.title, c.opportunity_id, c.start_on,"
        " c.end_on, c.terms, r.handle, c.status, c.status_on, c.status_reason, c.version,"
        " c.progress, c.milestone, c.signed_on, (SELECT coalesce(sum(i.received), 0)"
        " FROM installment i WHERE i.contract_id = c.id) AS received, c.created_at, c.updated_at"
        " FROM contract c JOIN account a ON a.id = c.account_id"
        " LEFT JOIN rep r ON r.id = c.owner_id ORDER BY c.id"
    )
    return header, export_rows(session, sql, convert={"amount": from_minor, "received": from_minor})
