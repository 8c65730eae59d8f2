"""CSV import and export of campaigns (their plan and state; costs are recorded with
`campaign cost`, and an export shows their sum). Importing campaigns is a manager's job:
a sheet can change any campaign's budget and state."""

from __future__ import annotations

from typing import Any

from salescli import csvio, dates, money
from salescli.errors import InvalidValue
from salescli.models.enums import CampaignStatus, CampaignType
from salescli.models.records import ImportResult
from salescli.services.core import bulk
from salescli.services.core.permissions import require_book_manager
from salescli.services.core.reps import new_owner, owner_ids
from salescli.services.core.session import Session


def _type(text: str) -> str:
    return CampaignType.parse(text, what="campaign type").value


def _status(text: str) -> str:
    return CampaignStatus.parse(text, what="campaign status").value


def _date(text: str) -> str:
    return dates.parse_calendar_date(text).isoformat()


def _amount(text: str) -> int:
    return money.to_minor(money.parse_amount(text))


def _count(text: str) -> int:
    if not text.strip().isdigit():
        raise InvalidValue(f"'{text}' is not a count of people")
    return int(text)


COLUMNS = (
    csvio.Column("id", ("salescli id",), parse=bulk.parse_id),
    csvio.Column("external_id", ("external id", "campaign id", "活动编号")),
    csvio.Column("name", ("campaign", "campaign name", "活动名称", "名称"), required=True),
    csvio.Column("type", ("campaign type", "类型", "活动类型"), parse=_type),
    csvio.Column("region", ("territory", "区域", "地区")),
    csvio.Column("status", ("campaign status", "状态"), parse=_status),
    csvio.Column("start_on", ("start", "start date", "开始日期"), parse=_date),
    csvio.Column("end_on", ("end", "end date", "结束日期"), parse=_date),
    csvio.Column("budget", ("budgeted cost", "预算"), parse=_amount),
    csvio.Column("attendance", ("attendees", "participants", "参加人数"), parse=_count),
    csvio.Column("planned_on", ("planned", "created date", "计划日期"), parse=_date),
    csvio.Column("note", ("notes", "description", "备注")),
    csvio.Column("owner", ("campaign owner", "负责人"), parse=str.lower),
    csvio.Column("cost", export_only=True),
    csvio.Column("created_at", export_only=True),
    csvio.Column("updated_at", export_only=True),
)

PLAN = bulk.ImportPlan(
    entity="campaign",
    table="campaign",
    columns=COLUMNS,
    conflict_keys=("id", "external_id"),
    field_to_column={"owner": "owner_id"},
    references={"owner_id": "rep"},
)

EXPORT_SQL = (
    "SELECT c.id, c.external_id, c.name, c.type, c.region, c.status, c.start_on, c.end_on,"
    " c.budget, c.attendance, c.planned_on, c.note, r.handle AS owner,"
    " coalesce((SELECT sum(k.amount) FROM campaign_cost k WHERE k.campaign_id = c.id), 0)"
    " AS cost, c.created_at, c.updated_at FROM campaign c LEFT JOIN rep r ON r.id = c.owner_id"
    " ORDER BY c.id"
)


def import_campaigns(session: Session, options: bulk.ImportOptions) -> ImportResult:
    require_book_manager(session, "import campaigns")
    return bulk.import_csv(
        session,
        PLAN,
        options,
        resolvers={"owner": owner_ids(session)},
        defaults={
            "type": CampaignType.OTHER.value,
            "status": CampaignStatus.PLANNED.value,
            "planned_on": session.today.isoformat(),
            "owner_id": new_owner(session, None).id,
        },
    )


def export_campaigns(session: Session) -> tuple[list[str], Any]:
    return bulk.column_names(session, EXPORT_SQL), bulk.export_rows(
        session, EXPORT_SQL, (), {"budget": money.from_minor, "cost": money.from_minor}
    )
