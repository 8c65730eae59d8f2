"""CSV import of expenses: finance's ledger in, the same columns `expense export` writes.

Importing expenses is a manager's job, as approving them is: a sheet sets any rep's
expenses and their state (submitted, approved, reimbursed). Rows match existing expenses
by id or external_id, so export -> edit -> import is a round trip. An expense at a visit
belongs to that visit's account and deal, and one on a deal to its account, as with
`expense add`: the import fills them in, and refuses a row whose links disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from salescli import csvio
from salescli.errors import InvalidValue
from salescli.models.enums import ExpenseCategory, ExpenseStatus
from salescli.models.records import ImportResult
from salescli.services.core import bulk
from salescli.services.core.attribution import campaign_ids
from salescli.services.core.directory import Directory
from salescli.services.core.permissions import require_book_manager
from salescli.services.core.reps import owner_ids
from salescli.services.core.session import Session


def _category(text: str) -> str:
    return ExpenseCategory.parse(text, what="known expense category").value


def _status(text: str) -> str:
    return ExpenseStatus.parse(text, what="expense status").value


def _positive(minor: int) -> int:
    if minor < 0:
        raise InvalidValue("an expense cannot be negative")
    if minor == 0:
        raise InvalidValue("an expense of 0 records nothing")
    return minor


COLUMNS = (
    csvio.Column("id", ("salescli id",), parse=bulk.parse_id),
    csvio.Column("external_id", ("external id", "expense id", "报销单号", "外部编号")),
    csvio.Column("owner", ("rep", "employee", "spent by", "报销人", "负责人"), parse=str.lower),
    csvio.Column(
        "on_date",
        ("date", "on", "expense date", "日期", "发生日期"),
        required=True,
        kind=csvio.DATE,
    ),
    csvio.Column(
        "category", ("expense category", "type", "类别", "费用类别"), parse=_category, required=True
    ),
    csvio.Column("amount", ("金额", "费用金额"), required=True, kind=csvio.AMOUNT),
    csvio.Column("status", ("expense status", "状态"), parse=_status),
    csvio.Column("account", ("account name", "customer", "客户", "客户名称")),
    csvio.Column("opportunity_id", ("opportunity", "deal", "deal id", "商机"), parse=bulk.parse_id),
    csvio.Column("activity_id", ("visit", "visit id", "activity", "拜访"), parse=bulk.parse_id),
    csvio.Column("campaign", ("campaign name", "市场活动", "活动")),
    csvio.Column("note", ("notes", "description", "备注", "说明")),
    csvio.Column("receipt", ("receipt ref", "receipt number", "invoice", "发票号", "票据")),
    csvio.Column("submitted_on", ("submitted", "提交日期"), kind=csvio.DATE),
    csvio.Column("decided_by", ("approver", "approved by", "审批人"), parse=str.lower),
    csvio.Column("decided_on", ("approved on", "decided", "审批日期"), kind=csvio.DATE),
    csvio.Column("reject_reason", ("rejection reason", "驳回原因")),
    csvio.Column("reimbursed_on", ("reimbursed", "paid on", "报销日期"), kind=csvio.DATE),
)

PLAN = bulk.ImportPlan(
    entity="expense",
    table="expense",
    columns=COLUMNS,
    conflict_keys=("id", "external_id"),
    field_to_column={
        "owner": "owner_id",
        "account": "account_id",
        "campaign": "campaign_id",
        "decided_by": "decided_by_id",
    },
    references={
        "owner_id": "rep",
        "account_id": "account",
        "opportunity_id": "opportunity",
        "activity_id": "activity",
        "campaign_id": "campaign",
        "decided_by_id": "rep",
    },
)

# What a link brings with it: a visit its account and deal, a deal its account.
_BROUGHT = ("account_id", "opportunity_id")


class _Links(bulk.RowShaper):
    """Fills in the account and deal a row's visit or deal brings, and refuses a row
    whose account, deal and visit do not agree (``expense add`` refuses the same)."""

    def __init__(self, session: Session) -> None:
        self.db = session.db
        self.visits: dict[int, tuple[int | None, int | None]] = {}
        self.deals: dict[int, int | None] = {}
        self.fields: list[str] = []
        self.bound: list[str] = []

    def columns(self, fields: Sequence[str], *, update_sheet: bool, on_conflict: str) -> list[str]:
        self.fields = [PLAN.column_of(name) for name in fields]
        self.only_new_records = not any(key in fields for key in bulk.UPDATE_KEYS)
        linked = "activity_id" in self.fields or "opportunity_id" in self.fields
        extra = [c for c in _BROUGHT if linked and c not in self.fields]
        self.bound = [*self.fields, *extra]
        return self.bound

    def _visit(self, visit_id: int) -> tuple[int | None, int | None]:
        if visit_id not in self.visits:
            row = self.db.row(
                "SELECT account_id, opportunity_id FROM activity WHERE id = ?", (visit_id,)
            )
            if row is None:
                raise bulk.RowProblems([f"activity_id: no visit {visit_id}"])
            self.visits[visit_id] = (row["account_id"], row["opportunity_id"])
        return self.visits[visit_id]

    def _deal(self, deal_id: int) -> int | None:
        if deal_id not in self.deals:
            row = self.db.row("SELECT account_id FROM opportunity WHERE id = ?", (deal_id,))
            if row is None:
                raise bulk.RowProblems([f"opportunity_id: no opportunity {deal_id}"])
            self.deals[deal_id] = row["account_id"]
        return self.deals[deal_id]

    def shape(self, values: list[Any]) -> list[Any]:
        row = dict(zip(self.fields, values, strict=True))
        visit, deal = row.get("activity_id"), row.get("opportunity_id")
        if visit is not None:
            account_at, deal_at = self._visit(visit)
            if deal is not None and deal_at not in (None, deal):
                raise bulk.RowProblems(
                    [f"opportunity_id: visit {visit} is on deal {deal_at}, not {deal}"]
                )
            deal = deal if deal is not None else deal_at
            self._agree(row, account_at)
        if deal is not None:
            row["opportunity_id"] = deal
            self._agree(row, self._deal(deal))
        return [row.get(column) for column in self.bound]

    @staticmethod
    def _agree(row: dict[str, Any], account_id: int | None) -> None:
        given = row.get("account_id")
        if given is not None and account_id is not None and given != account_id:
            raise bulk.RowProblems(
                [f"account: the expense's deal or visit is at account {account_id}, not {given}"]
            )
        if given is None:
            row["account_id"] = account_id


def import_expenses(session: Session, options: bulk.ImportOptions) -> ImportResult:
    """Import an expense sheet (a manager), all or nothing."""
    require_book_manager(session, "import expenses")
    reps = owner_ids(session)
    directory = Directory(session, create=False)
    return bulk.import_csv(
        session,
        PLAN,
        options,
        resolvers={
            "owner": reps,
            "decided_by": reps,
            "account": lambda text: directory.account_id(text, None),
            "campaign": campaign_ids(session),
            "amount": _positive,
        },
        defaults={"status": ExpenseStatus.RECORDED.value, "owner_id": session.actor.id},
        shaper=_Links(session),
    )
