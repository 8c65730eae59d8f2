"""Receivables: a contract's payment schedule (installments) and the receipts paid
against it.

The money rules:

- A plan splits the contract's amount by percentages that add up to 100; each
  installment is rounded half-up to the cent and whatever rounding left over (a cent or
  a few) goes to the largest one (the first of equals), so the installments add up to
  the amount exactly. A plan that does not add up is refused, naming the difference.
  Installments that money was already received on are kept as they are; the plan splits
  what they do not cover.
- Installments added one by one may not take the schedule over the contract's amount.
- A receipt is applied to the oldest unpaid installments first (by due date, then
  number), or to one installment. Partial payments are kept. More than is owed is
  refused, unless it is recorded as a credit on the account.
- A receipt is never deleted: a mistaken one is reversed, with a reason, and what it paid
  is owed again.
- Money is received only under a signed contract (signed, active, suspended, completed
  or closed), never in the future.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from salescli import dates, db
from salescli.errors import InvalidValue, NotFound, Refused, UsageProblem
from salescli.models.enums import RECEIVABLE_CONTRACT_STATUSES
from salescli.models.records import (
    Contract,
    ContractDetail,
    Installment,
    Receipt,
    ReceiptPart,
    Schedule,
)
from salescli.money import from_minor
from salescli.services.core.edits import tidy
from salescli.services.core.events import record_event
from salescli.services.core.permissions import require_owner
from salescli.services.core.reps import owner_scope
from salescli.services.core.rows import build_all, stored
from salescli.services.core.session import Session, writes
from salescli.services.customers.accounts import resolve_account
from salescli.services.orders import contract_lines
from salescli.services.orders.contracts import (
    CONTRACT,
    get_contract,
    lines_of,
    refuse_negative,
    resolve_contract,
    version_of,
    yours,
)

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
RECEIVABLE = ", ".join(f"'{status}'" for status in RECEIVABLE_CONTRACT_STATUSES)

# The first parameter is the command's today.
INSTALLMENT_SELECT = (
    "SELECT i.id, i.contract_id, c.number AS contract, c.account_id, a.name AS account,"
    " i.position, i.due_on, i.amount, i.received, i.amount - i.received AS outstanding,"
    " CASE WHEN i.received >= i.amount THEN 'paid' WHEN i.due_on < :today THEN 'overdue'"
    " WHEN i.received > 0 THEN 'partly-paid' ELSE 'due' END AS status,"
    f" {db.days_between(':today', 'i.due_on')} AS days_overdue, i.note, r.handle AS owner"
    " FROM installment i JOIN contract c ON c.id = i.contract_id"
    " JOIN account a ON a.id = c.account_id LEFT JOIN rep r ON r.id = c.owner_id"
)
RECEIPT_SELECT = (
    "SELECT p.id, p.contract_id, c.number AS contract, a.name AS account, p.received_on,"
    " p.amount, p.credit, p.ref, r.handle AS recorded_by, p.at, p.reversed_at,"
    " p.reverse_reason FROM receipt p JOIN contract c ON c.id = p.contract_id"
    " JOIN account a ON a.id = c.account_id LEFT JOIN rep r ON r.id = p.rep_id"
)


def _installments(session: Session, where: str, params: dict[str, Any]) -> list[Installment]:
    return build_all(
        Installment,
        session.db.rows(
            f"{INSTALLMENT_SELECT} WHERE {where}", {"today": session.today.isoformat(), **params}
        ),
    )


def installments_of(session: Session, contract_id: int) -> list[Installment]:
    return _installments(
        session, "i.contract_id = :contract ORDER BY i.position", {"contract": contract_id}
    )


def receipts_of(session: Session, contract_id: int) -> list[Receipt]:
    receipts = build_all(
        Receipt,
        session.db.rows(f"{RECEIPT_SELECT} WHERE p.contract_id = ? ORDER BY p.id", (contract_id,)),
    )
    return [_with_parts(session, receipt) for receipt in receipts]


def _with_parts(session: Session, receipt: Receipt) -> Receipt:
    parts = build_all(
        ReceiptPart,
        session.db.rows(
            "SELECT rp.installment_id, i.position, rp.amount FROM receipt_part rp"
            " JOIN installment i ON i.id = rp.installment_id WHERE rp.receipt_id = ?"
            " ORDER BY i.position",
            (receipt.id,),
        ),
    )
    return Receipt(**{**receipt.__dict__, "parts": parts})


def scheduled_total(session: Session, contract_id: int) -> Decimal:
    return from_minor(
        int(
            session.db.scalar(
                "SELECT coalesce(sum(amount), 0) FROM installment WHERE contract_id = ?",
                (contract_id,),
            )
        )
    )


def schedule_of(session: Session, contract: Contract) -> Schedule:
    scheduled = scheduled_total(session, contract.id)
    return Schedule(
        contract=contract,
        installments=installments_of(session, contract.id),
        scheduled=scheduled,
        unscheduled=contract.amount - scheduled,
    )


def split_amount(amount: Decimal, percents: Sequence[Decimal]) -> list[Decimal]:
    """``amount`` split by ``percents`` (adding up to 100), each part to the cent, the
    parts adding up to ``amount`` exactly (the rest on the largest part)."""
    if not percents:
        raise InvalidValue("a split needs at least one percentage")
    if any(percent <= 0 for percent in percents):
        raise InvalidValue("each part of a split is more than 0 %")
    total = sum(percents, Decimal(0))
    if total != HUNDRED:
        raise InvalidValue(
            f"the split adds up to {total.normalize():f} %, not 100 %"
            f" ({(total - HUNDRED).normalize():+f} %)"
        )
    parts = [
        (amount * percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP) for percent in percents
    ]
    largest = max(range(len(parts)), key=lambda index: (parts[index], -index))
    parts[largest] += amount - sum(parts, Decimal(0))
    return parts


def parse_split(text: str) -> list[Decimal]:
    """``30,60,10`` (percent signs allowed)."""
    from decimal import InvalidOperation

    values = []
    for part in text.split(","):
        try:
            value = Decimal(part.strip().removesuffix("%").strip())
        except InvalidOperation:
            raise InvalidValue(f"'{part.strip()}' in --split is not a percentage") from None
        if not value.is_finite():
            raise InvalidValue(f"'{part.strip()}' in --split is not a percentage")
        values.append(value)
    return values


def plan_date(text: str, contract: Contract, today: date) -> date:
    """A plan's date: ``sign``, ``start`` or ``end`` (the contract's), ``+60d`` / ``+2m``
    from the day it was signed (or starts, before it is signed), or any date."""
    word = text.strip().lower()
    base = contract.signed_on or contract.start_on
    named = {
        "sign": contract.signed_on or contract.start_on,
        "start": contract.start_on,
        "end": contract.end_on,
    }
    if word in named:
        found = named[word]
        if found is None:
            raise InvalidValue(
                f"contract {contract.number} has no {word} date to plan from",
                hint="give dates (2027-03-01) or sign it first",
            )
        return found
    if word.startswith("+") and base is not None:
        return dates.parse_date(word, base)
    return dates.parse_date(text, today)


@writes
def plan_schedule(
    session: Session,
    *,
    ref: str,
    split: Sequence[Decimal],
    due: Sequence[str],
    notes: Sequence[str] = (),
) -> Schedule:
    """Replace the contract's unpaid schedule by installments of ``split`` percent of
    what the installments already paid into do not cover."""
    contract = yours(session, ref)
    if contract.status in ("closed", "terminated"):
        raise Refused(f"contract {contract.number} is {contract.status}; its schedule is final")
    if len(due) != len(split):
        raise InvalidValue(
            f"--split has {len(split)} parts and --dates {len(due)}", hint="give one date per part"
        )
    if notes and len(notes) != len(split):
        raise InvalidValue(f"--notes has {len(notes)} parts and --split {len(split)}")
    kept = session.db.rows(
        "SELECT id, amount FROM installment WHERE contract_id = ? AND received > 0",
        (contract.id,),
    )
    covered = from_minor(sum(int(row["amount"]) for row in kept))
    to_split = contract.amount - covered
    if to_split <= 0:
        raise Refused(
            f"contract {contract.number}'s installments with money received already cover"
            f" {covered:,.2f} of {contract.amount:,.2f}; nothing is left to plan"
        )
    parts = split_amount(to_split, split)
    days = [plan_date(text, contract, session.today) for text in due]
    removed = session.db.execute(
        "DELETE FROM installment WHERE contract_id = ? AND received = 0", (contract.id,)
    ).rowcount
    # Kept installments first, by their due dates; then the new ones.
    position = int(
        session.db.scalar(
            "SELECT coalesce(max(position), 0) FROM installment WHERE contract_id = ?",
            (contract.id,),
        )
    )
    for offset, (amount, day) in enumerate(zip(parts, days, strict=True), start=1):
        session.db.execute(
            "INSERT INTO installment (contract_id, position, due_on, amount, received, note,"
            " created_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
            (
                contract.id,
                position + offset,
                day.isoformat(),
                stored(amount),
                tidy(notes[offset - 1]) if notes else None,
                session.now(),
            ),
        )
    record_event(
        session,
        entity="contract",
        entity_id=contract.id,
        action="plan",
        changes={
            "installments": [
                [stored(amount), day.isoformat()] for amount, day in zip(parts, days, strict=True)
            ],
            "replaced": removed,
            "kept": len(kept),
        },
    )
    return schedule_of(session, get_contract(session, contract.id))


@writes
def add_installment(
    session: Session, *, ref: str, amount: Decimal, due_on: date, note: str | None = None
) -> Schedule:
    """One more installment; the schedule may not pass the contract's amount."""
    refuse_negative(amount)
    if amount == 0:
        raise InvalidValue("an installment is more than 0")
    contract = yours(session, ref)
    if contract.status in ("closed", "terminated"):
        raise Refused(f"contract {contract.number} is {contract.status}; its schedule is final")
    scheduled = scheduled_total(session, contract.id)
    if scheduled + amount > contract.amount:
        raise Refused(
            f"the schedule would add up to {scheduled + amount:,.2f}, more than contract"
            f" {contract.number}'s {contract.amount:,.2f} (over by"
            f" {scheduled + amount - contract.amount:,.2f})",
            hint=f"{contract.amount - scheduled:,.2f} is left to schedule",
        )
    position = int(
        session.db.scalar(
            "SELECT coalesce(max(position), 0) + 1 FROM installment WHERE contract_id = ?",
            (contract.id,),
        )
    )
    session.db.execute(
        "INSERT INTO installment (contract_id, position, due_on, amount, received, note,"
        " created_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
        (contract.id, position, due_on.isoformat(), stored(amount), tidy(note), session.now()),
    )
    record_event(
        session,
        entity="contract",
        entity_id=contract.id,
        action="installment",
        changes={"position": position, "amount": stored(amount), "due_on": due_on.isoformat()},
    )
    return schedule_of(session, get_contract(session, contract.id))


def _payable(session: Session, ref: str) -> Contract:
    contract = resolve_contract(session, ref)
    require_owner(session, CONTRACT, contract.id, contract.owner)
    if contract.status not in RECEIVABLE_CONTRACT_STATUSES:
        raise Refused(
            f"contract {contract.number} is {contract.status}; money is received only under"
            " a signed contract"
        )
    return contract


@writes
def record_payment(
    session: Session,
    *,
    ref: str,
    amount: Decimal,
    received_on: date,
    bank_ref: str | None = None,
    installment: int | None = None,
    credit: bool = False,
) -> Receipt:
    """A receipt, applied to the oldest unpaid installments (or to installment number
    ``installment``); more than is owed only with ``credit``, the rest a credit on the
    account."""
    refuse_negative(amount)
    if amount == 0:
        raise InvalidValue("a payment is more than 0")
    if received_on > session.today:
        raise InvalidValue(f"a payment cannot be received in the future ({received_on})")
    contract = _payable(session, ref)
    where = "contract_id = ? AND received < amount"
    params: list[Any] = [contract.id]
    if installment is not None:
        if not session.db.scalar(
            "SELECT 1 FROM installment WHERE contract_id = ? AND position = ?",
            (contract.id, installment),
        ):
            raise NotFound(f"contract {contract.number} has no installment {installment}")
        where += " AND position = ?"
        params.append(installment)
    open_rows = session.db.rows(
        f"SELECT id, position, amount - received AS owed FROM installment WHERE {where}"
        " ORDER BY due_on, position",
        params,
    )
    owed = from_minor(sum(int(row["owed"]) for row in open_rows))
    extra = amount - owed
    if extra > 0 and not credit:
        what = (
            f"installment {installment}"
            if installment is not None
            else f"contract {contract.number}"
        )
        raise Refused(
            f"{amount:,.2f} is more than the {owed:,.2f} owed on {what} (over by {extra:,.2f})",
            hint="record the rest as a credit on the account with --credit",
        )
    cursor = session.db.execute(
        "INSERT INTO receipt (contract_id, received_on, amount, credit, ref, rep_id, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            contract.id,
            received_on.isoformat(),
            stored(amount),
            stored(max(extra, Decimal(0))),
            tidy(bank_ref),
            session.actor_id,
            session.now(),
        ),
    )
    receipt_id = int(cursor.lastrowid or 0)
    left = stored(amount)
    applied: list[list[int]] = []
    for row in open_rows:
        if left <= 0:
            break
        part = min(left, int(row["owed"]))
        left -= part
        session.db.execute(
            "INSERT INTO receipt_part (receipt_id, installment_id, amount) VALUES (?, ?, ?)",
            (receipt_id, row["id"], part),
        )
        session.db.execute(
            "UPDATE installment SET received = received + ? WHERE id = ?", (part, row["id"])
        )
        applied.append([int(row["position"]), part])
    record_event(
        session,
        entity="receipt",
        entity_id=receipt_id,
        action="pay",
        changes={
            "contract": contract.number,
            "amount": stored(amount),
            "received_on": received_on.isoformat(),
            "ref": tidy(bank_ref),
            "applied": applied,
            "credit": stored(max(extra, Decimal(0))),
        },
    )
    return get_receipt(session, receipt_id)


def get_receipt(session: Session, receipt_id: int) -> Receipt:
    rows = session.db.rows(f"{RECEIPT_SELECT} WHERE p.id = ?", (receipt_id,))
    if not rows:
        raise NotFound(f"no receipt {receipt_id}")
    return _with_parts(session, build_all(Receipt, rows)[0])


@writes
def reverse_payment(session: Session, *, receipt_id: int, reason: str) -> Receipt:
    """Undo a mistaken receipt: what it paid is owed again; the receipt stays, marked."""
    if not reason.strip():
        raise InvalidValue("say why the receipt is reversed (--reason)")
    receipt = get_receipt(session, receipt_id)
    contract = resolve_contract(session, receipt.contract_id)
    require_owner(session, CONTRACT, contract.id, contract.owner)
    if receipt.reversed_at:
        raise Refused(f"receipt {receipt_id} was reversed already ({receipt.reversed_at})")
    for part in receipt.parts:
        session.db.execute(
            "UPDATE installment SET received = received - ? WHERE id = ?",
            (stored(part.amount), part.installment_id),
        )
    session.db.execute(
        "UPDATE receipt SET reversed_at = ?, reversed_by_id = ?, reverse_reason = ? WHERE id = ?",
        (session.now(), session.actor_id, reason.strip(), receipt_id),
    )
    record_event(
        session,
        entity="receipt",
        entity_id=receipt_id,
        action="unpay",
        changes={
            "contract": receipt.contract,
            "amount": stored(receipt.amount),
            "reason": reason.strip(),
        },
    )
    return get_receipt(session, receipt_id)


def list_receivables(
    session: Session,
    *,
    owner: str | None = None,
    everyone: bool = False,
    overdue: bool = False,
    due_within: int | None = None,
    account: str | None = None,
    contract: str | None = None,
) -> list[Installment]:
    """Unpaid installments of signed contracts, soonest due first: the acting rep's (or
    ``owner``'s, or everyone's), only overdue ones, ones due within ``due_within`` days,
    or one account's or contract's."""
    where = ["i.received < i.amount", f"c.status IN ({RECEIVABLE})"]
    params: dict[str, Any] = {}
    if contract is not None:
        where.append("i.contract_id = :contract")
        params["contract"] = resolve_contract(session, contract).id
    elif account is not None:
        where.append("c.account_id = :account")
        params["account"] = resolve_account(session, account).id
    else:
        owner_id = owner_scope(session, owner=owner, everyone=everyone)
        if owner_id is not None:
            where.append("c.owner_id = :owner")
            params["owner"] = owner_id
    if overdue and due_within is not None:
        raise UsageProblem("--overdue and --due-within cannot be used together")
    if overdue:
        where.append("i.due_on < :today")
    if due_within is not None:
        if due_within < 0:
            raise UsageProblem("--due-within: a number of days, 0 or more")
        where.append("i.due_on >= :today AND i.due_on <= :until")
        params["until"] = (session.today + timedelta(days=due_within)).isoformat()
    return _installments(
        session, " AND ".join(where) + " ORDER BY i.due_on, c.number, i.position", params
    )


def show_contract(session: Session, *, ref: str, version: int | None = None) -> ContractDetail:
    """A contract as it stands (or as version ``version`` set it), its schedule and
    receipts."""
    contract = resolve_contract(session, ref)
    schedule = schedule_of(session, contract)
    shown = version_of(session, contract, version)
    return ContractDetail(
        contract=contract,
        shown_version=shown,
        installments=schedule.installments,
        receipts=receipts_of(session, contract.id),
        scheduled=schedule.scheduled,
        unscheduled=schedule.unscheduled,
        lines=lines_of(session, contract.id, shown.version),
        lines_total=contract_lines.lines_total(session, contract.id, shown.version),
    )
