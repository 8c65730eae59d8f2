"""CSV import and export of contacts: their columns, aliases and checks.

Kept apart from services/contacts.py so everyday commands never load the CSV engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from salescli import csvio
from salescli.models.enums import ContactRole
from salescli.models.records import ImportResult
from salescli.services.core import bulk
from salescli.services.core.duplicates import phone_key
from salescli.services.core.kept_facts import FactKeeper
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
        "name",
        ("full name", "contact name", "contact", "姓名", "联系人", "名字"),
        required=True,
        person_name=True,
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
    # With --keep-extra, the facts the columns it does not read become.
    beside=("contact_fact",),
)

EXPORT_SQL = (
    "SELECT c.id, c.external_id, a.name AS account, c.name, c.title, c.role, c.phone, c.email,"
    " c.birthday, c.created_at, c.updated_at FROM contact c JOIN account a ON a.id = c.account_id"
)


# What tells a person apart when the name is the same: one row per call in a call log names
# the same contact each time.
_DETAILS = ("phone", "email", "title", "role", "birthday")


class _SameContacts(bulk.RowScreen):
    """A new row for a contact the account already has, or that an earlier line of the
    file added: the same name (any case) and the same phone or email, or the same name and
    nothing else to tell them apart. Such rows are merged into that contact (skipped and
    counted), so a call log does not make a contact per call. A row naming a contact by
    id or external_id updates it and is never merged."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.index: dict[str, int] = {}
        # (account id, casefolded name) -> [(contact id or None for a line, phone key, email)]
        self.known: dict[tuple[int, str], list[tuple[int | None, str, str]]] = {}

    def prepare(self, fields: Sequence[str]) -> None:
        self.index = {name: fields.index(name) for name in fields}
        for record_id, account_id, name, phone, email in self.session.db.tuples(
            "SELECT id, account_id, name, phone, email FROM contact ORDER BY id"
        ):
            self.known.setdefault((int(account_id), str(name).casefold()), []).append(
                (int(record_id), phone_key(phone or ""), (email or "").strip().lower())
            )

    def _cell(self, values: Sequence[Any], name: str) -> Any:
        return values[self.index[name]] if name in self.index else None

    def look_alike(self, values: Sequence[Any]) -> str | None:
        if self._cell(values, "id") is not None or self._cell(values, "external_id") is not None:
            return None
        account, name = self._cell(values, "account"), self._cell(values, "name")
        if account is None or name is None:
            return None
        phone = phone_key(self._cell(values, "phone") or "")
        email = (self._cell(values, "email") or "").strip().lower()
        bare = not any(self._cell(values, detail) for detail in _DETAILS)
        same_name = self.known.setdefault((int(account), str(name).casefold()), [])
        for record_id, known_phone, known_email in same_name:
            if bare or (phone and phone == known_phone) or (email and email == known_email):
                which = f"contact {record_id}" if record_id is not None else "an earlier line"
                return f"{which} ({name}): merged"
        same_name.append((None, phone, email))
        return None


def import_contacts(session: Session, options: bulk.ImportOptions) -> ImportResult:
    return bulk.import_csv(
        session,
        PLAN,
        options,
        resolvers={"account": bulk.name_or_id(session, "SELECT name, id FROM account", "account")},
        screen=_SameContacts(session),
        keeper=FactKeeper(
            session,
            table="contact",
            fact_table="contact_fact",
            column="contact_id",
            kept_as="contact facts",
        ),
    )


def export_contacts(session: Session, *, account: str | None = None) -> tuple[list[str], Any]:
    sql, params = EXPORT_SQL, []
    if account:
        sql += " WHERE c.account_id = ?"
        params.append(resolve_account(session, account).id)
    sql += " ORDER BY c.id"
    return bulk.column_names(session, sql, params), bulk.export_rows(session, sql, params)
