"""Reading the expense ledger: how an expense reads, and an account's or a deal's
expenses for their pages. Kept below the domains because the account page (overview),
the deal page (pipeline) and the expenses service (marketing) all show expenses; only
``marketing.expenses`` writes them."""

from __future__ import annotations

from salescli.models.records import Expense
from salescli.services.core.rows import build_all
from salescli.services.core.session import Session

EXPENSE_SELECT = (
    "SELECT e.id, e.on_date, e.amount, e.category, e.status, e.account_id, a.name AS account,"
    " e.opportunity_id, o.name AS opportunity, e.activity_id, e.campaign_id,"
    " m.name AS campaign, e.note, e.receipt, e.submitted_on, e.decided_on,"
    " d.handle AS decided_by, e.reject_reason, e.reimbursed_on, r.handle AS owner,"
    " e.external_id, e.created_at, e.updated_at"
    " FROM expense e LEFT JOIN account a ON a.id = e.account_id"
    " LEFT JOIN opportunity o ON o.id = e.opportunity_id"
    " LEFT JOIN campaign m ON m.id = e.campaign_id"
    " LEFT JOIN rep d ON d.id = e.decided_by_id"
    " LEFT JOIN rep r ON r.id = e.owner_id"
)


def expenses_of(
    session: Session, *, account_id: int | None = None, opportunity_id: int | None = None
) -> list[Expense]:
    """An account's or a deal's expenses, oldest first (ix_expense_account and
    ix_expense_opportunity)."""
    column, value = (
        ("e.account_id", account_id)
        if account_id is not None
        else ("e.opportunity_id", opportunity_id)
    )
    return build_all(
        Expense,
        session.db.rows(f"{EXPENSE_SELECT} WHERE {column} = ? ORDER BY e.on_date, e.id", (value,)),
    )
