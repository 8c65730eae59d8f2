"""CSV import and export of leads: their columns, aliases and checks.

Kept apart from services/leads.py so everyday commands never load the CSV engine."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from salescli import csvio, dates, money
from salescli.models.enums import LeadSource, LeadStatus
from salescli.models.records import (
    ImportResult,
)
from salescli.services.core import bulk
from salescli.services.core.reps import get_rep, new_owner, owner_ids
from salescli.services.core.session import Session


def _source(text: str) -> str:
    return LeadSource.parse(text, what="lead source").value


def _status(text: str) -> str:
    return LeadStatus.parse(text, what="lead status").value


def _amount(text: str) -> int:
    return money.to_minor(money.parse_amount(text))


def _date(text: str) -> str:
    return dates.parse_calendar_date(text).isoformat()


def _flag(text: str) -> int:
    return int(csvio.yes_no(text))


COLUMNS = (
    csvio.Column("id", ("salescli id",), parse=bulk.parse_id),
    csvio.Column(
        "external_id", ("external id", "lead id", "crm id", "record id", "外部编号", "线索编号")
    ),
    csvio.Column(
        "name",
        (
            "full name",
            "lead name",
            "contact name",
            "姓名",
            "联系人",
            "名字",
            "客户姓名",
            "线索名称",
        ),
        required=True,
    ),
    csvio.Column(
        "company",
        (
            "company name",
            "organization",
            "account name",
            "公司",
            "公司名称",
            "单位",
            "企业名称",
            "客户名称",
        ),
    ),
    csvio.Column("title", ("job title", "position", "职位", "职务", "头衔")),
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
            "电话号码",
        ),
    ),
    csvio.Column("email", ("e-mail", "email address", "邮箱", "电子邮件", "邮件")),
    csvio.Column("source", ("lead source", "来源", "线索来源", "客户来源"), parse=_source),
    csvio.Column("referred_by", ("referrer", "referral", "推荐人", "介绍人")),
    csvio.Column("budget", ("预算", "预算金额"), parse=_amount),
    csvio.Column("need", ("needs", "requirement", "requirements", "需求", "需求描述")),
    csvio.Column("man_money", ("money", "can pay", "budget confirmed", "资金"), parse=_flag),
    csvio.Column(
        "man_authority", ("authority", "can decide", "decision maker", "决策权"), parse=_flag
    ),
    csvio.Column("man_need", ("need confirmed", "has need", "需求确认"), parse=_flag),
    csvio.Column("status", ("lead status", "状态", "线索状态"), parse=_status),
    csvio.Column(
        "disqualify_reason", ("disqualified reason", "disqualification reason", "无效原因")
    ),
    csvio.Column(
        "next_action",
        (
            "next action",
            "next action date",
            "follow up",
            "follow-up date",
            "next contact",
            "下次联系",
            "下次跟进",
            "下次联系时间",
            "跟进日期",
        ),
        parse=_date,
    ),
    csvio.Column("note", ("notes", "comment", "comments", "remark", "remarks", "备注", "说明")),
    csvio.Column(
        "owner",
        ("lead owner", "owner handle", "assigned to", "负责人", "所有者", "销售"),
        parse=str.lower,
    ),
    csvio.Column("account_id", parse=bulk.parse_id),
    csvio.Column("contact_id", parse=bulk.parse_id),
    csvio.Column("created_at", export_only=True),
    csvio.Column("updated_at", export_only=True),
)

PLAN = bulk.ImportPlan(
    entity="lead",
    table="lead",
    columns=COLUMNS,
    conflict_keys=("id", "external_id"),
    field_to_column={"owner": "owner_id"},
    references={"owner_id": "rep", "account_id": "account", "contact_id": "contact"},
)

EXPORT_SQL = (
    "SELECT l.id, l.external_id, l.name, l.company, l.title, l.phone, l.email, l.source,"
    " l.referred_by, l.budget, l.need, l.man_money, l.man_authority, l.man_need, l.status,"
    " l.disqualify_reason,"
    " l.next_action, l.note, r.handle AS owner, l.account_id, l.contact_id, l.created_at,"
    " l.updated_at FROM lead l LEFT JOIN rep r ON r.id = l.owner_id"
)


# Stored values as the sheet shows them: cents as amounts, 0/1 as yes/no.
EXPORT_CONVERT: dict[str, Callable[[Any], Any]] = {
    "budget": money.from_minor,
    "man_money": bool,
    "man_authority": bool,
    "man_need": bool,
}


def import_leads(session: Session, options: bulk.ImportOptions) -> ImportResult:
    return bulk.import_csv(
        session,
        PLAN,
        options,
        resolvers={"owner": owner_ids(session)},
        defaults={"status": "new", "owner_id": new_owner(session, None).id},
    )


def export_leads(
    session: Session, *, owner: str | None = None, status: LeadStatus | None = None
) -> tuple[list[str], Any]:
    where: list[str] = []
    params: list[Any] = []
    if owner:
        where.append("l.owner_id = ?")
        params.append(get_rep(session, owner).id)
    if status:
        where.append("l.status = ?")
        params.append(status.value)
    sql = EXPORT_SQL + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY l.id"
    return bulk.column_names(session, sql, params), bulk.export_rows(
        session, sql, params, EXPORT_CONVERT
    )
