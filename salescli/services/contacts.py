"""Contacts: the people at an account, with their role in the buying decision."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from salescli import csvio, dates
from salescli.errors import InvalidValue, NotFound
from salescli.models.enums import ContactRole
from salescli.models.records import Contact, ImportResult
from salescli.services import bulk
from salescli.services.accounts import resolve_account
from salescli.services.edits import apply_changes, requested_changes, tidy
from salescli.services.events import record_event
from salescli.services.reps import owner_scope
from salescli.services.rows import build, build_all
from salescli.services.session import Session

SELECT = (
    "SELECT c.id, c.account_id, a.name AS account, c.name, c.title, c.role, c.phone, c.email,"
    " c.birthday, c.external_id, c.created_at, c.updated_at"
    " FROM contact c JOIN account a ON a.id = c.account_id"
)


def get_contact(session: Session, contact_id: int) -> Contact:
    row = session.db.row(f"{SELECT} WHERE c.id = ?", (contact_id,))
    if row is None:
        raise NotFound(f"no contact {contact_id}", hint="see 'salescli contact list --all'")
    return build(Contact, row)


def add_contact(
    session: Session,
    *,
    account: str,
    name: str,
    title: str | None = None,
    role: ContactRole | None = None,
    phone: str | None = None,
    email: str | None = None,
    birthday: date | None = None,
) -> Contact:
    name = name.strip()
    title, phone, email = tidy(title), tidy(phone), tidy(email)
    if not name:
        raise InvalidValue("a contact needs a name")
    target = resolve_account(session, account)
    now = session.now()
    with session.db.transaction():
        cursor = session.db.execute(
            "INSERT INTO contact (account_id, name, title, role, phone, email, birthday,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                target.id,
                name,
                title,
                role.value if role else None,
                phone,
                email,
                birthday.isoformat() if birthday else None,
                now,
                now,
            ),
        )
        contact_id = int(cursor.lastrowid or 0)
        record_event(
            session,
            entity="contact",
            entity_id=contact_id,
            action="add",
            changes={"name": name, "account": target.name},
        )
    return get_contact(session, contact_id)


def list_contacts(
    session: Session,
    *,
    account: str | None = None,
    owner: str | None = None,
    everyone: bool = False,
) -> list[Contact]:
    """One account's contacts, or those of an owner's accounts (the acting rep's by default)."""
    if account:
        target = resolve_account(session, account)
        rows = session.db.rows(f"{SELECT} WHERE c.account_id = ? ORDER BY c.name", (target.id,))
        return build_all(Contact, rows)
    owner_id = owner_scope(session, owner=owner, everyone=everyone)
    if owner_id is None:
        return build_all(Contact, session.db.rows(f"{SELECT} ORDER BY a.name, c.name"))
    rows = session.db.rows(f"{SELECT} WHERE a.owner_id = ? ORDER BY a.name, c.name", (owner_id,))
    return build_all(Contact, rows)


def edit_contact(
    session: Session,
    *,
    contact_id: int,
    name: str | None = None,
    title: str | None = None,
    role: ContactRole | None = None,
    phone: str | None = None,
    email: str | None = None,
    birthday: date | None = None,
    account: str | None = None,
) -> Contact:
    contact = get_contact(session, contact_id)
    changes = requested_changes(name=name, title=title, phone=phone, email=email)
    if "name" in changes and not changes["name"]:
        raise InvalidValue("a contact needs a name")
    if role is not None:
        changes["role"] = role.value
    if birthday is not None:
        changes["birthday"] = birthday
    columns = {}
    if account:
        target = resolve_account(session, account)
        changes["account"] = target.name
        columns["account"] = ("account_id", target.id)
    apply_changes(
        session,
        table="contact",
        entity="contact",
        record=contact,
        changes=changes,
        columns=columns,
    )
    return get_contact(session, contact_id)


# ---------------------------------------------------------------------------------------
# CSV


def _role(text: str) -> str:
    return ContactRole.parse(text, what="contact role").value


def _birthday(text: str) -> str:
    return dates.parse_calendar_date(text).isoformat()


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
        parse=_birthday,
    ),
    csvio.Column("created_at", export_only=True),
    csvio.Column("updated_at", export_only=True),
)

PLAN = bulk.ImportPlan(
    entity="contact",
    table="contact",
    columns=COLUMNS,
    db_columns=(
        "id",
        "external_id",
        "account_id",
        "name",
        "title",
        "role",
        "phone",
        "email",
        "birthday",
        "created_at",
        "updated_at",
    ),
    conflict_keys=("id", "external_id"),
    field_to_column={"account": "account_id"},
    references={"account_id": "account"},
)

EXPORT_SQL = (
    "SELECT c.id, c.external_id, a.name AS account, c.name, c.title, c.role, c.phone, c.email,"
    " c.birthday, c.created_at, c.updated_at FROM contact c JOIN account a ON a.id = c.account_id"
)


def import_contacts(
    session: Session,
    *,
    path: Path,
    mapping: tuple[str, ...] = (),
    on_conflict: str = "update",
    dry_run: bool = False,
    encoding: str | None = None,
) -> ImportResult:
    by_name = {
        str(row[0]).lower(): int(row[1]) for row in session.db.rows("SELECT name, id FROM account")
    }
    ids = set(by_name.values())
    now = session.now()

    def to_params(values: dict[str, Any], problems: list[str], line: int) -> tuple[Any, ...]:
        account = values.get("account") or ""
        account_id = by_name.get(account.lower())
        if account_id is None and account.isdigit() and int(account) in ids:
            account_id = int(account)
        if account_id is None and account:
            problems.append(f"line {line}: account: no account '{account}'")
        return (
            values.get("id"),
            values.get("external_id"),
            account_id,
            values.get("name"),
            values.get("title"),
            values.get("role"),
            values.get("phone"),
            values.get("email"),
            values.get("birthday"),
            now,
            now,
        )

    return bulk.import_csv(
        session,
        PLAN,
        to_params,
        path=path,
        mapping=mapping,
        on_conflict=on_conflict,
        dry_run=dry_run,
        encoding=encoding,
    )


def export_contacts(session: Session, *, account: str | None = None) -> tuple[list[str], Any]:
    sql, params = EXPORT_SQL, []
    if account:
        sql += " WHERE c.account_id = ?"
        params.append(resolve_account(session, account).id)
    sql += " ORDER BY c.id"
    return bulk.column_names(session, sql, params), bulk.export_rows(session, sql, params)
