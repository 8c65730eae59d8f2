"""Sales expenses: what a rep spent to win and keep customers, attached to an account, a
deal, a visit or a campaign, and reimbursed after a manager's approval.

Status moves ``recorded -> submitted -> approved -> reimbursed``; a manager approves or
rejects a submitted expense (or rejects an approved one), and reverses a reimbursement
(back to approved). A rep changes their own expenses while recorded, submitted or
rejected; an approved or reimbursed one is settled: it is rejected or reversed first. An
expense at a visit belongs to that visit's account and deal; one on a deal, to its
account.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from salescli import dates, money
from salescli.errors import InvalidValue, NotFound, Refused, UsageProblem
from salescli.models.enums import ExpenseCategory, ExpenseStatus
from salescli.models.records import Expense, ExpenseBatch
from salescli.services.core.attribution import campaign_id
from salescli.services.core.edits import CLEAR, apply_changes, requested_changes, tidy
from salescli.services.core.events import record_event
from salescli.services.core.ledger import EXPENSE_SELECT
from salescli.services.core.permissions import Kind, require_manager, require_owner
from salescli.services.core.reps import owner_scope
from salescli.services.core.rows import build, build_all, stored
from salescli.services.core.session import Session, writes

EXPENSE = Kind("expense", "expense")
SELECT = EXPENSE_SELECT
SETTLED = (ExpenseStatus.APPROVED.value, ExpenseStatus.REIMBURSED.value)
ALL_STATUSES = "all"


def category_of(text: str | ExpenseCategory) -> ExpenseCategory:
    """A category, written any way files write it (差旅, Travel); refused with the list."""
    if isinstance(text, ExpenseCategory):
        return text
    return ExpenseCategory(ExpenseCategory.parse(text, what="known expense category"))


def get_expense(session: Session, expense_id: int) -> Expense:
    row = session.db.row(f"{SELECT} WHERE e.id = ?", (expense_id,))
    if row is None:
        raise NotFound(f"no expense {expense_id}", hint="see 'salescli expense list --all'")
    return build(Expense, row)


def _amount(amount: Decimal) -> Decimal:
    if amount < 0:
        raise InvalidValue(f"an expense cannot be negative ({amount})")
    if amount == 0:
        raise InvalidValue("an expense of 0 records nothing")
    return amount


def _links(
    session: Session,
    *,
    account: str | None,
    opportunity_id: int | None,
    visit_id: int | None,
    campaign: str | None,
) -> dict[str, Any]:
    """The records an expense is attached to, by column: a visit brings its account and
    deal, a deal its account. A link that contradicts another is refused."""
    links: dict[str, Any] = {}
    if visit_id is not None:
        row = session.db.row(
            "SELECT account_id, opportunity_id FROM activity WHERE id = ?", (visit_id,)
        )
        if row is None:
            raise NotFound(f"no visit {visit_id}", hint="see 'salescli visit list --all'")
        links.update(
            activity_id=visit_id,
            account_id=row["account_id"],
            opportunity_id=row["opportunity_id"],
        )
    if opportunity_id is not None:
        row = session.db.row("SELECT account_id FROM opportunity WHERE id = ?", (opportunity_id,))
        if row is None:
            raise NotFound(f"no opportunity {opportunity_id}", hint="see 'salescli opp list --all'")
        if links.get("opportunity_id") not in (None, opportunity_id):
            raise InvalidValue(
                f"visit {visit_id} is on deal {links['opportunity_id']}, not {opportunity_id}"
            )
        links["opportunity_id"] = opportunity_id
        links.setdefault("account_id", row["account_id"])
    if account is not None:
        found = _account_id(session, account)
        if links.get("account_id") not in (None, found):
            raise InvalidValue(
                f"the expense's deal or visit is at account {links['account_id']}, not {found}"
            )
        links["account_id"] = found
    if campaign is not None:
        links["campaign_id"] = campaign_id(session, campaign)
    return links


def _account_id(session: Session, ref: str) -> int:
    """An account by id or exact name (any case)."""
    text = ref.strip()
    if text.isdigit():
        found = session.db.scalar("SELECT id FROM account WHERE id = ?", (int(text),))
        if found is not None:
            return int(found)
    found = session.db.scalar("SELECT id FROM account WHERE name = ? COLLATE NOCASE", (text,))
    if found is None:
        raise NotFound(f"no account matches '{text}'", hint="see 'salescli account list --all'")
    return int(found)


@writes
def add_expense(
    session: Session,
    *,
    amount: Decimal,
    category: str | ExpenseCategory,
    on: date | None = None,
    account: str | None = None,
    opportunity_id: int | None = None,
    visit_id: int | None = None,
    campaign: str | None = None,
    note: str | None = None,
    receipt: str | None = None,
) -> Expense:
    """Record an expense of the acting rep (status recorded)."""
    kind = category_of(category)
    _amount(amount)
    links = _links(
        session,
        account=account,
        opportunity_id=opportunity_id,
        visit_id=visit_id,
        campaign=campaign,
    )
    now = session.now()
    columns = {
        "on_date": stored(on or session.today),
        "amount": stored(amount),
        "category": kind.value,
        "status": ExpenseStatus.RECORDED.value,
        **links,
        "note": tidy(note),
        "receipt": tidy(receipt),
        "owner_id": session.actor.id,
        "created_at": now,
        "updated_at": now,
    }
    cursor = session.db.execute(
        f"INSERT INTO expense ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        tuple(columns.values()),
    )
    expense_id = int(cursor.lastrowid or 0)
    record_event(
        session,
        entity="expense",
        entity_id=expense_id,
        action="add",
        changes={"amount": columns["amount"], "category": kind.value, "on": columns["on_date"]},
    )
    return get_expense(session, expense_id)


def _changeable(session: Session, expense_id: int) -> Expense:
    expense = get_expense(session, expense_id)
    require_owner(session, EXPENSE, expense_id, expense.owner, co_owners=False)
    if expense.status in SETTLED:
        raise Refused(
            f"expense {expense_id} is {expense.status}; reject or reverse it first",
            hint=f"a manager: 'salescli expense reject {expense_id} --reason ...'"
            if expense.status == ExpenseStatus.APPROVED
            else f"a manager: 'salescli expense reverse {expense_id}'",
        )
    return expense


@writes
def edit_expense(
    session: Session,
    *,
    expense_id: int,
    amount: Decimal | None = None,
    category: str | None = None,
    on: date | None = None,
    note: str | None = None,
    receipt: str | None = None,
    campaign: str | None = None,
) -> Expense:
    expense = _changeable(session, expense_id)
    changes: dict[str, Any] = requested_changes(note=note, receipt=receipt)
    if amount is not None:
        changes["amount"] = _amount(amount)
    if category is not None:
        changes["category"] = category_of(category).value
    if on is not None:
        changes["on_date"] = on
    columns: dict[str, tuple[str, Any]] = {}
    if campaign is not None:
        found = campaign_id(session, campaign) if campaign.strip() else None
        changes["campaign_id"] = found if found is not None else CLEAR
    apply_changes(
        session, table="expense", entity="expense", record=expense, changes=changes, columns=columns
    )
    return get_expense(session, expense_id)


def _month(text: str) -> dates.Period:
    period = dates.parse_period(text)
    if period.kind != "month":
        raise UsageProblem(f"--month {text}: give a month such as 2026-11")
    return period


def _decide(
    session: Session,
    ids: list[int],
    *,
    allowed: tuple[str, ...],
    to: ExpenseStatus,
    action: str,
    columns: dict[str, Any],
) -> ExpenseBatch:
    """Move each expense from one of ``allowed`` to ``to``; one that cannot is refused
    and nothing changes."""
    if not ids:
        raise UsageProblem("name at least one expense")
    total = Decimal(0)
    for expense_id in ids:
        expense = get_expense(session, expense_id)
        if expense.status not in allowed:
            raise Refused(
                f"expense {expense_id} is {expense.status}; it cannot be {action}",
                hint=f"only an expense that is {' or '.join(allowed)} can be",
            )
        total += expense.amount
        setters = ", ".join(f"{column} = ?" for column in ("status", *columns))
        session.db.execute(
            f"UPDATE expense SET {setters}, updated_at = ? WHERE id = ?",
            (to.value, *[stored(v) for v in columns.values()], session.now(), expense_id),
        )
        record_event(
            session,
            entity="expense",
            entity_id=expense_id,
            action=action.split()[0],
            changes={"status": [expense.status, to.value]},
        )
    return ExpenseBatch(action=action, ids=ids, amount=total)


@writes
def submit_expenses(
    session: Session, *, ids: list[int] | None = None, month: str | None = None
) -> ExpenseBatch:
    """Submit the acting rep's recorded (or rejected) expenses for approval: the ones
    named, or every one dated in ``month``."""
    if (ids and month) or not (ids or month):
        raise UsageProblem("give expense ids or --month, not both")
    if month:
        period = _month(month)
        ids = [
            int(row[0])
            for row in session.db.tuples(
                "SELECT id FROM expense WHERE owner_id = ? AND on_date BETWEEN ? AND ?"
                " AND status IN ('recorded', 'rejected') ORDER BY on_date, id",
                (session.actor.id, period.start.isoformat(), period.end.isoformat()),
            )
        ]
        if not ids:
            raise Refused(f"no recorded expenses of yours in {period.label} to submit")
    assert ids is not None
    for expense_id in ids:
        expense = get_expense(session, expense_id)
        require_owner(session, EXPENSE, expense_id, expense.owner, co_owners=False)
    return _decide(
        session,
        ids,
        allowed=(ExpenseStatus.RECORDED.value, ExpenseStatus.REJECTED.value),
        to=ExpenseStatus.SUBMITTED,
        action="submitted",
        columns={"submitted_on": session.today, "reject_reason": None},
    )


@writes
def approve_expenses(session: Session, *, ids: list[int]) -> ExpenseBatch:
    manager = require_manager(session, "approve expenses")
    return _decide(
        session,
        ids,
        allowed=(ExpenseStatus.SUBMITTED.value,),
        to=ExpenseStatus.APPROVED,
        action="approved",
        columns={"decided_on": session.today, "decided_by_id": manager.id},
    )


@writes
def reject_expenses(session: Session, *, ids: list[int], reason: str) -> ExpenseBatch:
    manager = require_manager(session, "reject expenses")
    if not reason.strip():
        raise InvalidValue("say why the expense is rejected (--reason)")
    return _decide(
        session,
        ids,
        allowed=(ExpenseStatus.SUBMITTED.value, ExpenseStatus.APPROVED.value),
        to=ExpenseStatus.REJECTED,
        action="rejected",
        columns={
            "decided_on": session.today,
            "decided_by_id": manager.id,
            "reject_reason": reason.strip(),
        },
    )


@writes
def reimburse_expenses(session: Session, *, ids: list[int]) -> ExpenseBatch:
    require_manager(session, "reimburse expenses")
    return _decide(
        session,
        ids,
        allowed=(ExpenseStatus.APPROVED.value,),
        to=ExpenseStatus.REIMBURSED,
        action="reimbursed",
        columns={"reimbursed_on": session.today},
    )


@writes
def reverse_expenses(session: Session, *, ids: list[int]) -> ExpenseBatch:
    """Undo a reimbursement entered by mistake: the expense is approved again."""
    require_manager(session, "reverse a reimbursement")
    return _decide(
        session,
        ids,
        allowed=(ExpenseStatus.REIMBURSED.value,),
        to=ExpenseStatus.APPROVED,
        action="reversed",
        columns={"reimbursed_on": None},
    )


def _filters(
    session: Session,
    *,
    month: str | None,
    category: str | None,
    status: str | None,
    account: str | None,
    opportunity_id: int | None,
    owner: str | None,
    everyone: bool,
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    if owner_id is not None:
        where.append("e.owner_id = ?")
        params.append(owner_id)
    if month:
        period = _month(month)
        where.append("e.on_date BETWEEN ? AND ?")
        params += [period.start.isoformat(), period.end.isoformat()]
    if category:
        where.append("e.category = ?")
        params.append(category_of(category).value)
    if status and status != ALL_STATUSES:
        where.append("e.status = ?")
        params.append(ExpenseStatus.parse(status, what="expense status").value)
    if account:
        where.append("e.account_id = ?")
        params.append(_account_id(session, account))
    if opportunity_id is not None:
        where.append("e.opportunity_id = ?")
        params.append(opportunity_id)
    return where, params


def list_expenses(
    session: Session,
    *,
    month: str | None = None,
    category: str | None = None,
    status: str | None = None,
    account: str | None = None,
    opportunity_id: int | None = None,
    owner: str | None = None,
    everyone: bool = False,
) -> list[Expense]:
    """The acting rep's expenses (or --owner's, or everyone's), oldest first."""
    where, params = _filters(
        session,
        month=month,
        category=category,
        status=status,
        account=account,
        opportunity_id=opportunity_id,
        owner=owner,
        everyone=everyone,
    )
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return build_all(Expense, session.db.rows(f"{SELECT}{clause} ORDER BY e.on_date, e.id", params))


EXPORT_SQL = (
    "SELECT e.id, e.external_id, r.handle AS owner, e.on_date, e.category, e.amount,"
    " e.status, a.name AS account, e.opportunity_id, e.activity_id, m.name AS campaign,"
    " e.note, e.receipt, e.submitted_on, d.handle AS decided_by, e.decided_on,"
    " e.reject_reason, e.reimbursed_on"
    " FROM expense e LEFT JOIN account a ON a.id = e.account_id"
    " LEFT JOIN campaign m ON m.id = e.campaign_id"
    " LEFT JOIN rep d ON d.id = e.decided_by_id"
    " LEFT JOIN rep r ON r.id = e.owner_id"
)


def export_expenses(
    session: Session,
    *,
    month: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    everyone: bool = False,
) -> tuple[list[str], Any]:
    """A monthly claim for finance: the rep's expenses of ``month`` in ``status``."""
    from salescli.services.core import bulk

    where, params = _filters(
        session,
        month=month,
        category=None,
        status=status,
        account=None,
        opportunity_id=None,
        owner=owner,
        everyone=everyone,
    )
    sql = (
        EXPORT_SQL
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + " ORDER BY e.on_date, e.id"
    )
    return bulk.column_names(session, sql, params), bulk.export_rows(
        session, sql, params, {"amount": money.from_minor}
    )


def unreimbursed(session: Session, rep_id: int) -> list[Expense]:
    """A rep's expenses not yet reimbursed nor rejected (for a handover's report)."""
    return build_all(
        Expense,
        session.db.rows(
            f"{SELECT} WHERE e.owner_id = ? AND e.status IN ('recorded', 'submitted', 'approved')"
            " ORDER BY e.on_date, e.id",
            (rep_id,),
        ),
    )
