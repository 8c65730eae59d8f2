"""CSV import and export of accounts: their columns, aliases and checks.

Kept apart from services/accounts.py so everyday commands never load the CSV engine."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from salescli import csvio
from salescli.models.enums import AccountStatus
from salescli.models.records import (
    ImportResult,
)
from salescli.services.core import bulk
from salescli.services.core.reps import get_rep, new_owner, owner_ids
from salescli.services.core.session import Session
from salescli.services.customers.accounts import abc_class, fact_key


def _status(text: str) -> str:
    return AccountStatus.parse(text, what="status").value


COLUMNS = (
    csvio.Column("id", ("salescli id",), parse=bulk.parse_id),
    csvio.Column(
        "external_id", ("external id", "account id", "crm id", "record id", "外部编号", "客户编号")
    ),
    csvio.Column(
        "name",
        (
            "account name",
            "company",
            "company name",
            "organization",
            "customer",
            "客户",
            "客户名称",
            "公司",
            "公司名称",
            "名称",
            "单位",
            "企业名称",
        ),
        required=True,
    ),
    csvio.Column("industry", ("行业", "所属行业")),
    csvio.Column(
        "region", ("territory", "state", "province", "city", "地区", "区域", "省份", "城市")
    ),
    csvio.Column("phone", ("phone number", "telephone", "tel", "电话", "联系电话", "座机")),
    csvio.Column("email", ("e-mail", "email address", "邮箱", "电子邮件")),
    csvio.Column("address", ("street", "billing address", "地址", "详细地址")),
    csvio.Column("website", ("web", "url", "site", "网址", "网站")),
    csvio.Column("status", ("account status", "type", "状态", "客户状态"), parse=_status),
    csvio.Column(
        "abc_class", ("class", "abc", "rating", "tier", "客户等级", "等级", "级别"), parse=abc_class
    ),
    csvio.Column(
        "owner",
        ("account owner", "owner handle", "assigned to", "负责人", "所有者", "销售"),
        parse=str.lower,
    ),
    csvio.Column("created_at", export_only=True),
    csvio.Column("updated_at", export_only=True),
)

PLAN = bulk.ImportPlan(
    entity="account",
    table="account",
    columns=COLUMNS,
    conflict_keys=("id", "external_id", "name COLLATE NOCASE"),
    field_to_column={"owner": "owner_id"},
    references={"owner_id": "rep"},
    # With --keep-extra, the facts the columns it does not read become.
    beside=("account_fact",),
)

EXPORT_SQL = (
    "SELECT a.id, a.external_id, a.name, a.industry, a.region, a.phone, a.email, a.address,"
    " a.website, a.status, a.abc_class, r.handle AS owner, a.created_at, a.updated_at"
    " FROM account a LEFT JOIN rep r ON r.id = a.owner_id"
)


# Words run together in another system's header (AnnualRevenue, Number_Of_Employees).
_WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|_")


def extra_fact_key(header: str) -> str:
    """The fact a column the import does not read is kept as: its header in words,
    lower case, as `account fact` keys are (AnnualRevenue: "annual revenue")."""
    return fact_key(_WORD_BREAK.sub(" ", header))


class _AccountFacts(bulk.ExtraKeeper):
    """With --keep-extra, each cell of a column the import does not read becomes a fact
    of the row's account, under the column's header: a second import replaces its value
    rather than adding another."""

    kept_as = "account facts"

    def __init__(self, session: Session) -> None:
        self.session = session
        self.pending: list[tuple[Any, Any, Any, list[tuple[str, str]]]] = []
        self.positions: list[int | None] = []
        self.new_above: int | None = None

    def start(self, bound: Sequence[str], *, only_new: bool) -> None:
        self.positions = [
            bound.index(column) if column in bound else None
            for column in ("id", "external_id", "name")
        ]
        if only_new:
            self.new_above = int(self.session.db.scalar("SELECT coalesce(max(id), 0) FROM account"))

    def keep(self, values: Sequence[Any], extra: list[tuple[str, str]]) -> None:
        record_id, external_id, name = (
            None if position is None else values[position] for position in self.positions
        )
        self.pending.append((record_id, external_id, name, extra))

    def after_batch(self, *, clean: bool) -> None:
        pending, self.pending = self.pending, []
        if not clean or not pending:
            return
        db, now, rep_id = self.session.db, self.session.now(), self.session.actor_id
        facts: list[tuple[Any, str, str, str, int | None]] = []
        for record_id, external_id, name, extra in pending:
            # The record the row wrote, found as the import matched it.
            if record_id is not None:
                account_id = db.scalar("SELECT id FROM account WHERE id = ?", (record_id,))
            elif external_id is not None:
                account_id = db.scalar(
                    "SELECT id FROM account WHERE external_id = ?", (external_id,)
                )
            else:
                account_id = db.scalar(
                    "SELECT id FROM account WHERE name = ? COLLATE NOCASE", (name,)
                )
            if account_id is None or (self.new_above is not None and account_id <= self.new_above):
                continue
            facts.extend(
                (account_id, extra_fact_key(title), text, now, rep_id) for title, text in extra
            )
        self.written += db.executemany(
            "INSERT INTO account_fact (account_id, key, value, updated_at, rep_id)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, key) DO UPDATE SET"
            " value = excluded.value, updated_at = excluded.updated_at, rep_id = excluded.rep_id"
            " WHERE account_fact.value IS NOT excluded.value",
            facts,
        ).rowcount


def import_accounts(session: Session, options: bulk.ImportOptions) -> ImportResult:
    return bulk.import_csv(
        session,
        PLAN,
        options,
        resolvers={"owner": owner_ids(session)},
        defaults={"status": "prospect", "owner_id": new_owner(session, None).id},
        keeper=_AccountFacts(session),
    )


def export_accounts(session: Session, *, owner: str | None = None) -> tuple[list[str], Any]:
    """The header and a stream of rows: every account, or one owner's."""
    sql, params = EXPORT_SQL, []
    if owner:
        sql += " WHERE a.owner_id = ?"
        params.append(get_rep(session, owner).id)
    sql += " ORDER BY a.id"
    return bulk.column_names(session, sql, params), bulk.export_rows(session, sql, params)
