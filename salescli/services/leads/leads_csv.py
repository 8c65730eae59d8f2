"""CSV import and export of leads: their columns, aliases and checks.

Kept apart from services/leads.py so everyday commands never load the CSV engine."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from salescli import csvio, money
from salescli.models.enums import LeadSource, LeadStatus
from salescli.models.records import (
    ImportResult,
)
from salescli.services.core import bulk
from salescli.services.core.attribution import campaign_ids
from salescli.services.core.duplicates import MIN_PHONE_DIGITS, phone_key
from salescli.services.core.reps import get_rep, new_owner, owner_ids
from salescli.services.core.session import Session


def _source(text: str) -> str:
    return LeadSource.parse(text, what="lead source").value


def _status(text: str) -> str:
    return LeadStatus.parse(text, what="lead status").value


def _flag(text: str) -> int:
    return int(csvio.yes_no(text))


def _converted(text: str) -> str:
    """A yes/no "Converted" column (1/0 in many exported lead sets) read as the status."""
    return LeadStatus.CONVERTED.value if csvio.yes_no(text) else LeadStatus.NEW.value


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
        person_name=True,
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
    csvio.Column("budget", ("预算", "预算金额"), kind=csvio.AMOUNT),
    csvio.Column("need", ("needs", "requirement", "requirements", "需求", "需求描述")),
    csvio.Column("man_money", ("money", "can pay", "budget confirmed", "资金"), parse=_flag),
    csvio.Column(
        "man_authority", ("authority", "can decide", "decision maker", "决策权"), parse=_flag
    ),
    csvio.Column("man_need", ("need confirmed", "has need", "需求确认"), parse=_flag),
    csvio.Column("status", ("lead status", "状态", "线索状态"), parse=_status),
    # Written into status: a file gives one or the other.
    csvio.Column(
        "converted", ("is converted", "converted?", "已转化", "是否转化"), parse=_converted
    ),
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
        kind=csvio.DATE,
    ),
    csvio.Column("note", ("notes", "comment", "comments", "remark", "remarks", "备注", "说明")),
    csvio.Column(
        "owner",
        ("lead owner", "owner handle", "assigned to", "负责人", "所有者", "销售"),
        parse=str.lower,
    ),
    csvio.Column(
        "campaign", ("campaign name", "campaign id", "marketing campaign", "市场活动", "活动")
    ),
    csvio.Column(
        "converted_on",
        ("converted date", "conversion date", "date converted", "转化日期", "转换日期"),
        kind=csvio.DATE,
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
    field_to_column={"owner": "owner_id", "campaign": "campaign_id", "converted": "status"},
    references={
        "owner_id": "rep",
        "account_id": "account",
        "contact_id": "contact",
        "campaign_id": "campaign",
    },
)

EXPORT_SQL = (
    "SELECT l.id, l.external_id, l.name, l.company, l.title, l.phone, l.email, l.source,"
    " l.referred_by, l.budget, l.need, l.man_money, l.man_authority, l.man_need, l.status,"
    " l.disqualify_reason,"
    " l.next_action, l.note, r.handle AS owner, m.name AS campaign, l.converted_on,"
    " l.account_id, l.contact_id, l.created_at, l.updated_at"
    " FROM lead l LEFT JOIN rep r ON r.id = l.owner_id"
    " LEFT JOIN campaign m ON m.id = l.campaign_id"
)


# Stored values as the sheet shows them: cents as amounts, 0/1 as yes/no.
EXPORT_CONVERT: dict[str, Callable[[Any], Any]] = {
    "budget": money.from_minor,
    "man_money": bool,
    "man_authority": bool,
    "man_need": bool,
}


class _LookAlikeLeads(bulk.RowScreen):
    """A new row with the phone or email of an existing lead (re-importing a file, or
    one from another source that overlaps the book), or of a row an earlier line of the
    file adds (a list that names a person twice). A row naming a lead by id or
    external_id updates it: it is no look-alike."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.index: dict[str, int] = {}
        # Lead ids by phone key and by email (names are read for the few found: a book of
        # a million leads keeps ids only).
        self.by_phone: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        # The names of the rows the file adds, by phone key and by email.
        self.added_phone: dict[str, str] = {}
        self.added_email: dict[str, str] = {}
        self.external_ids: set[str] = set()
        self.ids: set[int] = set()

    def prepare(self, fields: Sequence[str]) -> None:
        self.index = {name: fields.index(name) for name in fields}
        checked = [name for name in ("phone", "email") if name in self.index]
        if not checked:
            return
        for record_id, phone, email, external_id in self.session.db.tuples(
            "SELECT id, phone, email, external_id FROM lead ORDER BY id DESC"
        ):
            if phone and len(key := phone_key(phone)) >= MIN_PHONE_DIGITS:
                self.by_phone[key] = record_id
            if email:
                self.by_email[email.strip().lower()] = record_id
            if external_id is not None:
                self.external_ids.add(str(external_id))
            self.ids.add(int(record_id))

    def _names_a_lead(self, values: Sequence[Any]) -> bool:
        if "id" in self.index and values[self.index["id"]] in self.ids:
            return True
        return (
            "external_id" in self.index and values[self.index["external_id"]] in self.external_ids
        )

    def look_alike(self, values: Sequence[Any]) -> str | None:
        if self._names_a_lead(values):
            return None
        phone = values[self.index["phone"]] if "phone" in self.index else None
        key = phone_key(phone) if phone else ""
        if key and (hit := self.by_phone.get(key)):
            return self._described(hit, "phone")
        email = values[self.index["email"]] if "email" in self.index else None
        address = email.strip().lower() if email else ""
        if address and (hit := self.by_email.get(address)):
            return self._described(hit, "email")
        if key and (name := self.added_phone.get(key)) is not None:
            return f"an earlier line ({name}): same phone"
        if address and (name := self.added_email.get(address)) is not None:
            return f"an earlier line ({name}): same email"
        name = str(values[self.index["name"]]) if "name" in self.index else ""
        if len(key) >= MIN_PHONE_DIGITS:
            self.added_phone[key] = name
        if address:
            self.added_email[address] = name
        return None

    def _described(self, lead_id: int, same: str) -> str:
        name = self.session.db.scalar("SELECT name FROM lead WHERE id = ?", (lead_id,))
        return f"lead {lead_id} ({name}): same {same}"


def import_leads(session: Session, options: bulk.ImportOptions) -> ImportResult:
    """Import leads; new rows that look like existing leads (the same phone or email)
    are skipped and reported unless ``options.on_conflict`` is "add" (or "error":
    refused)."""
    return bulk.import_csv(
        session,
        PLAN,
        options,
        resolvers={"owner": owner_ids(session), "campaign": campaign_ids(session)},
        defaults={"status": "new", "owner_id": new_owner(session, None).id},
        screen=_LookAlikeLeads(session),
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
