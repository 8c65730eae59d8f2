"""Contracts, payment schedules, receipts, aging, the collection forecast and credit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from salescli.money import format_amount
from salescli.render.cells import due_style, percent, text
from salescli.render.output import Col, emit_fields, emit_line, emit_section, emit_table
from salescli.render.quote_views import LINE_HEAD

if TYPE_CHECKING:
    from salescli.models.records import (
        Aging,
        AgingRow,
        CollectionForecast,
        Contract,
        ContractChange,
        ContractDetail,
        ContractHistory,
        Credit,
        Installment,
        Receipt,
        Schedule,
    )


def _status(contract: Contract) -> str:
    if contract.status in ("suspended", "terminated") and contract.status_reason:
        return f"{contract.status} since {contract.status_on}: {contract.status_reason}"
    return contract.status


def _ends(contract: Contract, today: date | None) -> str:
    if contract.end_on is None:
        return ""
    if today is None:
        return contract.end_on.isoformat()
    live = contract.status in ("signed", "active", "suspended", "completed")
    if live and contract.end_on < today:
        return f"{contract.end_on} (ended)"
    return contract.end_on.isoformat()


def contract_columns(today: date | None) -> tuple[Col, ...]:
    return (
        Col("ID", lambda c: str(c.id), right=True, nowrap=True, rank=1),
        Col("Number", lambda c: c.number, nowrap=True, rank=1),
        Col("Account", lambda c: c.account, rank=1),
        Col("Title", lambda c: text(c.title), rank=4),
        Col("Status", lambda c: c.status, nowrap=True, rank=1),
        Col("Amount", lambda c: text(c.amount), right=True, nowrap=True, rank=1),
        Col("Balance", lambda c: text(c.balance), right=True, nowrap=True, rank=2),
        Col("Done", lambda c: f"{c.progress}%", right=True, nowrap=True, rank=4),
        Col("Ends", lambda c: _ends(c, today), nowrap=True, rank=2),
        Col("Owner", lambda c: text(c.owner), nowrap=True, rank=5),
    )


def contracts_table(contracts: Sequence[Contract], today: date, *, empty: str) -> None:
    emit_table(contract_columns(today), contracts, empty=empty)


def contracts_section(contracts: Sequence[Contract], today: date | None) -> None:
    """An account's or a deal's contracts, inside its detail view."""
    if not contracts:
        return
    emit_section("Contracts")
    emit_table(contract_columns(today), contracts, empty="", empty_is_data=True)


def installment_due(item: Installment) -> str:
    if item.status == "paid":
        return item.due_on.isoformat()
    if item.days_overdue > 0:
        return f"{item.due_on} ({item.days_overdue}d overdue)"
    return f"{item.due_on} (today)" if item.days_overdue == 0 else item.due_on.isoformat()


def _due_colour(item: Installment, today: date) -> str:
    return "" if item.status == "paid" else due_style(item.due_on, today)


def installment_columns(today: date, *, with_contract: bool) -> tuple[Col, ...]:
    columns = (
        [
            Col("Contract", lambda i: i.contract, nowrap=True, rank=1),
            Col("Account", lambda i: i.account, rank=1),
        ]
        if with_contract
        else []
    )
    return (
        *columns,
        Col("#", lambda i: str(i.position), right=True, nowrap=True, rank=1),
        Col(
            "Due",
            installment_due,
            nowrap=True,
            rank=1,
            style=lambda i: _due_colour(i, today),
        ),
        Col("Amount", lambda i: text(i.amount), right=True, nowrap=True, rank=2),
        Col("Received", lambda i: text(i.received), right=True, nowrap=True, rank=3),
        Col("Outstanding", lambda i: text(i.outstanding), right=True, nowrap=True, rank=1),
        Col("Status", lambda i: i.status, nowrap=True, rank=2),
        Col("Note", lambda i: text(i.note), rank=4),
        *([Col("Owner", lambda i: text(i.owner), nowrap=True, rank=5)] if with_contract else []),
    )


def overdue_section(items: Sequence[Installment], today: date, flag_days: int) -> None:
    """An account's overdue installments, inside its page; any more than ``flag_days``
    overdue (receivable.overdue_days) flags the account."""
    if not items:
        return
    late = sum((item.outstanding for item in items), start=Decimal(0))
    flagged = any(i.days_overdue > flag_days for i in items)
    flag = f" - FLAGGED: over {flag_days} days overdue" if flagged else ""
    emit_section(f"Overdue receivables: {text(late)}{flag}")
    emit_table(installment_columns(today, with_contract=True), items, empty="", empty_is_data=True)


def installments_table(items: Sequence[Installment], today: date) -> None:
    emit_table(installment_columns(today, with_contract=True), items, empty="nothing is owed here")


RECEIPT_COLUMNS = (
    Col("ID", lambda p: str(p.id), right=True, nowrap=True, rank=1),
    Col("Received", lambda p: p.received_on.isoformat(), nowrap=True, rank=1),
    Col("Amount", lambda p: text(p.amount), right=True, nowrap=True, rank=1),
    Col(
        "Paid",
        lambda p: (
            ", ".join(f"#{part.position} {text(part.amount)}" for part in p.parts)
            + (f"; credit {text(p.credit)}" if p.credit else "")
        ),
        rank=3,
    ),
    Col("Ref", lambda p: text(p.ref), nowrap=True, rank=3),
    Col("By", lambda p: text(p.recorded_by), nowrap=True, rank=4),
    Col(
        "Reversed",
        lambda p: f"{p.reversed_at[:10]}: {p.reverse_reason}" if p.reversed_at else "",
        rank=2,
    ),
)


def contract_detail(detail: ContractDetail, today: date) -> None:
    contract, version = detail.contract, detail.shown_version
    current = version.version == contract.version
    title = f"Contract {contract.number}" + (
        "" if current else f", version {version.version} of {contract.version}"
    )
    emit_fields(
        title,
        [
            ("ID", str(contract.id)),
            ("Title", text(version.title)),
            ("Account", contract.account),
            (
                "Opportunity",
                f"{contract.opportunity_id} {contract.opportunity}"
                if contract.opportunity_id
                else "",
            ),
            (
                "Quote",
                f"{contract.quote} version {contract.quote_version}" if contract.quote else "",
            ),
            ("Status", _status(contract)),
            ("Version", f"{version.version} of {contract.version}"),
            ("Amended", f"{version.on_date}: {version.reason}" if version.reason else ""),
            ("Amount", text(version.amount)),
            ("Received", text(contract.received) if current else ""),
            ("Balance", text(contract.balance) if current else ""),
            ("Starts", text(version.start_on)),
            ("Ends", text(version.end_on)),
            ("Terms", text(version.terms)),
            ("Signed", text(contract.signed_on)),
            ("Complete", f"{contract.progress}%"),
            ("Milestone", text(contract.milestone)),
            ("Owner", text(contract.owner)),
        ],
    )
    if detail.lines:
        emit_section("Lines")
        emit_table(CONTRACT_LINE_COLUMNS, detail.lines, empty="")
        if detail.lines_total is not None and detail.lines_total != version.amount:
            gap = detail.lines_total - version.amount
            emit_line(
                f"  with tax the lines add up to {text(detail.lines_total)}:"
                f" {text(abs(gap))} {'over' if gap > 0 else 'under'} the amount"
            )
    if not current:
        return
    emit_section("Payment schedule")
    emit_table(
        installment_columns(today, with_contract=False),
        detail.installments,
        empty="  (none: plan it with 'salescli receivable plan')",
        empty_is_data=True,
    )
    if detail.installments and detail.unscheduled:
        emit_line(f"  not scheduled: {text(detail.unscheduled)}")
    if detail.receipts:
        emit_section("Receipts")
        emit_table(RECEIPT_COLUMNS, detail.receipts, empty="")


# A contract's lines, as the accepted quote it was made from had them; the amounts
# add up to the quote's net total, the contract's amount is its gross.
CONTRACT_LINE_COLUMNS = (
    *LINE_HEAD,
    Col("Tax", lambda line: percent(line.tax_rate), right=True, nowrap=True, rank=2),
    Col("Amount", lambda line: text(line.amount), right=True, nowrap=True, rank=1),
)


def contract_history(history: ContractHistory) -> None:
    emit_line(f"Contract {history.contract.number}: {history.contract.status}")
    emit_section("Versions")
    emit_table(
        (
            Col("Version", lambda v: str(v.version), right=True, nowrap=True, rank=1),
            Col("Date", lambda v: v.on_date.isoformat(), nowrap=True, rank=1),
            Col("Amount", lambda v: text(v.amount), right=True, nowrap=True, rank=1),
            Col("Ends", lambda v: text(v.end_on), nowrap=True, rank=2),
            Col("By", lambda v: text(v.rep), nowrap=True, rank=2),
            Col("Reason", lambda v: text(v.reason), rank=1),
        ),
        history.versions,
        empty="",
        empty_is_data=True,
    )
    emit_section("History")
    emit_table(
        (
            Col("Date", lambda s: s.on_date.isoformat(), nowrap=True, rank=1),
            Col("Action", lambda s: s.action, nowrap=True, rank=1),
            Col(
                "Status",
                lambda s: (
                    s.to_status
                    if s.from_status in (None, s.to_status)
                    else f"{s.from_status} -> {s.to_status}"
                ),
                nowrap=True,
                rank=1,
            ),
            Col("V.", lambda s: str(s.version), right=True, nowrap=True, rank=3),
            Col(
                "Note",
                lambda s: "; ".join(
                    part
                    for part in (
                        f"{s.progress}%" if s.progress is not None else "",
                        text(s.note),
                        f"over the credit limit: {s.over_limit}" if s.over_limit else "",
                    )
                    if part
                ),
                rank=2,
            ),
            Col("By", lambda s: text(s.rep), nowrap=True, rank=2),
            Col("At", lambda s: s.at, nowrap=True, rank=4),
        ),
        history.steps,
        empty="",
        empty_is_data=True,
    )


def change_message(change: ContractChange) -> str:
    contract = change.contract
    if change.action == "amend":
        return f"contract {contract.number} amended: version {contract.version}"
    if change.action == "progress":
        milestone = f" ({contract.milestone})" if contract.milestone else ""
        return f"contract {contract.number}: {contract.progress}% complete{milestone}"
    return f"contract {contract.number}: {change.from_status} -> {change.to_status}"


def schedule_message(schedule: Schedule) -> str:
    parts = ", ".join(
        f"#{item.position} {text(item.amount)} due {item.due_on}" for item in schedule.installments
    )
    rest = f"; {text(schedule.unscheduled)} not scheduled" if schedule.unscheduled else ""
    return f"contract {schedule.contract.number}: {parts}{rest}"


def receipt_message(receipt: Receipt) -> str:
    applied = ", ".join(f"#{part.position} {text(part.amount)}" for part in receipt.parts)
    credit = (
        f"; {text(receipt.credit)} kept as a credit on {receipt.account}" if receipt.credit else ""
    )
    if receipt.reversed_at:
        return f"receipt {receipt.id} of {text(receipt.amount)} reversed: owed again {applied}"
    return (
        f"receipt {receipt.id}: {text(receipt.amount)} on {receipt.contract}"
        f" ({receipt.received_on}) paid {applied or 'nothing'}{credit}"
    )


def _aging_columns(first: Col) -> tuple[Col, ...]:
    # format_amount, not text(): every cell is an amount, and an aging of everyone has
    # 150,000 of them (text's type tests took a third of the table's time).
    return (
        first,
        Col("Not due", lambda r: format_amount(r.not_due), right=True, nowrap=True, rank=2),
        Col("1-30", lambda r: format_amount(r.days_1_30), right=True, nowrap=True, rank=2),
        Col("31-60", lambda r: format_amount(r.days_31_60), right=True, nowrap=True, rank=2),
        Col("61-90", lambda r: format_amount(r.days_61_90), right=True, nowrap=True, rank=2),
        Col("Over 90", lambda r: format_amount(r.over_90), right=True, nowrap=True, rank=1),
        Col("Total", lambda r: format_amount(r.total), right=True, nowrap=True, rank=1),
    )


def aging_table(result: Aging) -> None:
    rows: list[AgingRow] = [*result.rows, result.total] if result.rows else []
    emit_table(
        (
            Col("Account", lambda r: r.account, rank=1),
            Col("Owner", lambda r: text(r.owner), nowrap=True, rank=3),
            *_aging_columns(Col("", str))[1:],
        ),
        rows,
        empty="nothing is owed",
    )
    if len(result.reps) > 1:
        emit_section("By rep")
        emit_table(
            _aging_columns(Col("Rep", lambda r: text(r.owner), nowrap=True, rank=1)),
            result.reps,
            empty="",
        )


def _amount_or_dash(value: Decimal) -> str:
    return text(value) if value else "-"


def forecast_view(result: CollectionForecast, today: date) -> None:
    current = today.strftime("%Y-%m")
    emit_table(
        (
            Col(
                "Month",
                lambda m: f"{m.month} (now)" if m.month == current else m.month,
                nowrap=True,
                rank=1,
            ),
            Col("Due", lambda m: _amount_or_dash(m.due), right=True, nowrap=True, rank=1),
            Col(
                "Unpaid", lambda m: _amount_or_dash(m.outstanding), right=True, nowrap=True, rank=1
            ),
            Col(
                "Overdue before",
                lambda m: _amount_or_dash(m.overdue),
                right=True,
                nowrap=True,
                rank=2,
                style=lambda m: "red" if m.overdue else "",
            ),
            Col(
                "Collected", lambda m: _amount_or_dash(m.collected), right=True, nowrap=True, rank=1
            ),
        ),
        result.months,
        empty="",
    )
    rate = "-" if result.collection_rate is None else f"{result.collection_rate}%"
    emit_line(
        f"collected {text(result.collected)} of {text(result.due_to_date)} due to date:"
        f" collection rate {rate}"
    )
    if result.key_tasks:
        emit_section("Key collection tasks")
        emit_table(
            installment_columns(today, with_contract=True),
            result.key_tasks,
            empty="",
        )


def credit_view(credit: Credit) -> None:
    emit_fields(
        f"Credit of {credit.account}",
        [
            ("Rating", text(credit.rating) or "-"),
            ("Limit", text(credit.credit_limit) or "none"),
            ("Outstanding", text(credit.outstanding)),
            ("Signed, unbilled", text(credit.unbilled)),
            ("Exposure", text(credit.exposure)),
            ("Headroom", text(credit.headroom) if credit.headroom is not None else "-"),
            ("Overdue", text(credit.overdue)),
            (
                f"Over {credit.flag_days} days",
                text(credit.long_overdue) + " (flagged)" if credit.long_overdue else "",
            ),
            ("Credit balance", text(credit.credit_balance) if credit.credit_balance else ""),
        ],
    )
    if credit.assessments:
        emit_section("Assessments")
        emit_table(
            (
                Col("Date", lambda a: a.on_date.isoformat(), nowrap=True, rank=1),
                Col("By", lambda a: text(a.by), nowrap=True, rank=2),
                Col(
                    "5C",
                    lambda a: (
                        "/".join(
                            str(score)
                            for score in (
                                a.character,
                                a.capacity,
                                a.capital,
                                a.collateral,
                                a.conditions,
                            )
                        )
                        if a.score
                        else ""
                    ),
                    nowrap=True,
                    rank=3,
                ),
                Col("Score", lambda a: text(a.score), right=True, nowrap=True, rank=2),
                Col("Rating", lambda a: text(a.rating), nowrap=True, rank=1),
                Col("Limit", lambda a: text(a.credit_limit), right=True, nowrap=True, rank=1),
                Col("Note", lambda a: text(a.note), rank=4),
            ),
            credit.assessments,
            empty="",
        )
