"""CSV import and export of accounts: their columns, aliases and checks.

Kept apart from services/accounts.py so everyday commands never load the CSV engine."""

from __future__ import annotations

from typing import Any

from salescli import csvio
from salescli.models.enums import AccountStatus
from salescli.models.records import (
    ImportResult,
)
from salescli.services.core import bulk
from salescli.services.core.kept_facts import FactKeeper
from salescli.services.core.reps import get_rep, new_owner, owner_ids
from salescli.services.core.session import Session
from salescli.services.customers.accounts import abc_class


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

# The columns `account export` adds, computed by the book (services/value/export.py):
# an import reads them as nothing.
VALUE_COLUMNS = ("revenue_12_months", "class_pinned", "vip", "lifecycle", "lifetime_value")

PLAN = bulk.ImportPlan(
    entity="account",
    table="account",
    columns=COLUMNS,
    conflict_keys=("id", "external_id", "name COLLATE NOCASE"),
    field_to_column={"owner": "owner_id"},
    references={"owner_id": "rep"},
    # With --keep-extra, the facts the columns it does not read become.
    beside=("account_fact",),
    computed=VALUE_COLUMNS,
)

EXPORT_SQL = (
    "SELECT a.id, a.external_id, a.name, a.industry, a.region, a.phone, a.email, a.address,"
    " a.website, a.status, a.abc_class, r.handle AS owner, a.created_at, a.updated_at"
    " FROM account a LEFT JOIN rep r ON r.id = a.owner_id"
)


def import_accounts(session: Session, options: bulk.ImportOptions) -> ImportResult:
    return bulk.import_csv(
        session,
        PLAN,
        options,
        resolvers={"owner": owner_ids(session)},
        defaults={"status": "prospect", "owner_id": new_owner(session, None).id},
        keeper=FactKeeper(
            session,
            table="account",
            fact_table="account_fact",
            column="account_id",
            kept_as="account facts",
            by_name=True,
        ),
    )


def export_accounts(session: Session, *, owner: str | None = None) -> tuple[list[str], Any]:
    """The header and a stream of rows: every account, or one owner's."""
    sql, params = EXPORT_SQL, []
    if owner:
        sql += " WHERE a.owner_id = ?"
        params.append(get_rep(session, owner).id)
    sql += " ORDER BY a.id"
    return bulk.column_names(session, sql, params), bulk.export_rows(session, sql, params)
