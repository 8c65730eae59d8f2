"""CSV import and export of contacts: their columns, aliases and checks.

Kept apart from services/contacts.py so everyday commands never load the CSV engine."""

from __future__ import annotations

from typing import Any

from salescli import csvio
from salescli.errors import InvalidValue
from salescli.models.enums import ContactRole
from salescli.models.records import ImportResult
from salescli.services.core import bulk
from salescli.services.core.session import Session
from salescli.services.customers.accounts import resolve_account


def _role(text: str) -> str:
    return ContactRole.parse(text, what="contact role").value


COLUMNS = (
    csvio.Column("id", ("salescli id",), parse=bulk.parse_id),
    csvio.Column("external_id", ("external id", "contact id", "crm id", "record id", "外部编号")),
    csvio.Column(
        "account",
        (
            "account name",
            "account_id",
            "company",
            "company name",
            "organization",
            "客户",
            "客户名称",
            "公司",
            "公司名称",
            "单位",
        ),
        required=True,
    ),
    csvio.Column(
        "name", ("full name", "contact name", "contact", "姓名", "联系人", "名字"), required=True
    ),
    csvio.Column("title", ("job title", "position", "职位", "职务", "头衔")),
    csvio.Column("role", ("decision role", "buying role", "角色", "决策角色"), parse=_role),
    csvio.Column(
        "phone",
        (
            "phone number",
            "mobile",
            "mobile phone",
            "tel",
            "telephone",
            "电话",
            "手机",
            "手机号",
            "联系电话",
        ),
    ),
    csvio.Column("email", ("e-mail", "email address", "邮箱", "电子邮件")),
    csvio.Column(
        "birthday",
        ("birth date", "birthdate", "date of birth", "生日", "出生日期"),
        kind=csvio.DATE,
    ),
    csvio.Column("created_at", export_only=True),
    csvio.Column("updated_at", export_only=True),
)

PLAN = bulk.ImportPlan(
    entity="contact",
    table="contact",
    columns=COLUMNS,
    conflict_keys=("id", "external_id"),
    field_to_column={"account": "account_id"},
    references={"account_id": "account"},
)

EXPORT_SQL = (
    "SELECT c.id, c.external_id, a.name AS account, c.name, c.title, c.role, c.phone, c.email,"
    " c.birthday, c.created_at, c.updated_at FROM contact c JOIN account a ON a.id = c.account_id"
)


def import_contacts(session: Session, options: bulk.ImportOptions) -> ImportResult:
    by_name = {
        str(row[0]).lower(): int(row[1]) for row in session.db.rows("SELECT name, id FROM account")
    }
    ids = set(by_name.values())

    def account_id(reference: str) -> int:
        found = by_name.get(reference.lower())
        if found is None and reference.isdigit() and int(reference) in ids:
            found = int(reference)
        if found is None:
            raise InvalidValue(f"no account '{reference}'")
        return found

    return bulk.import_csv(
        session,
        PLAN,
        options,
        resolvers={"account": account_id},
    )


def export_contacts(session: Session, *, account: str | None = None) -> tuple[list[str], Any]:
    sql, params = EXPORT_SQL, []
    if account:
        sql += " WHERE c.account_id = ?"
        params.append(resolve_account(session, account).id)
    sql += " ORDER BY c.id"
    return bulk.column_names(session, sql, params), bulk.export_rows(session, sql, params)
