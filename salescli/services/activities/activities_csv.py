"""CSV import and export of activities: `visit import` and `visit export`.

A file from a spreadsheet or another CRM (Salesforce tasks and events, a Chinese visit
log) names accounts and contacts by name, deals by id or by the other CRM's id (kept as
the deal's external_id when the pipeline was imported), owners by handle or full name,
and types and statuses in its own words. Each row is checked whole before anything is
written: a done activity needs the day it was done (a completed task without one was
done on its due day) and that day cannot be after today; a planned one needs its day;
the deal and the contact must be the account's. Rows are written in batches by the bulk
engine; the last touch of the accounts and deals the file touched is then moved forward
by one statement each, as logging an activity does one at a time.

Kept apart from services/activities.py so everyday commands never load the CSV engine.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from salescli import csvio, dates
from salescli.errors import InvalidValue
from salescli.models.enums import ActivityStatus, ActivityType
from salescli.models.records import ImportResult
from salescli.services.core import bulk
from salescli.services.core.directory import Directory
from salescli.services.core.reps import get_rep, new_owner, owner_ids
from salescli.services.core.session import Session

# The import's fields in export order.
FIELDS = (
    "id",
    "external_id",
    "account",
    "opportunity",
    "contact",
    "type",
    "status",
    "planned_on",
    "planned_time",
    "done_on",
    "done_time",
    "purpose",
    "objective",
    "min_objective",
    "outcome",
    "next_step",
    "cancel_reason",
    "follows_id",
    "owner",
)
FIELD_COLUMNS = {
    "account": "account_id",
    "opportunity": "opportunity_id",
    "contact": "contact_id",
    "owner": "owner_id",
}
# Columns every shaped row binds, whether or not the file has them: a row's status
# follows from its dates, a date cell may carry the time of day, and a completed task
# without a done date was done on its due date.
DERIVED = ("status", "planned_on", "planned_time", "done_on", "done_time")
RECORD_SQL = (
    "SELECT id, account_id, opportunity_id, contact_id, status, planned_on, planned_time,"
    " done_on, done_time FROM activity"
)

ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("salescli id",),
    "external_id": (
        "external id",
        "activity id",
        "task id",
        "event id",
        "record id",
        "crm id",
        "外部编号",
        "活动编号",
        "拜访编号",
    ),
    "account": (
        "account name",
        "related to",
        "company",
        "company name",
        "associated company",
        "organization",
        "customer",
        "客户",
        "客户名称",
        "公司",
        "公司名称",
        "拜访客户",
    ),
    "opportunity": (
        "opportunity id",
        "deal id",
        "deal",
        "商机",
        "商机编号",
        "商机id",
    ),
    "contact": (
        "name",
        "contact name",
        "contact person",
        "associated contact",
        "联系人",
        "联系人姓名",
        "拜访对象",
    ),
    "type": (
        "activity type",
        "task type",
        "event type",
        "类型",
        "活动类型",
        "拜访类型",
        "拜访方式",
        "跟进方式",
    ),
    "status": ("activity status", "task status", "状态", "拜访状态", "活动状态"),
    "planned_on": (
        "due date",
        "activity date",
        "planned date",
        "scheduled date",
        "start date",
        "start",
        "计划日期",
        "计划拜访日期",
        "预约日期",
        "到期日期",
    ),
    "planned_time": (
        "due time",
        "start time",
        "planned time",
        "scheduled time",
        "计划时间",
        "预约时间",
    ),
    "done_on": (
        "completed date",
        "completion date",
        "date completed",
        "done date",
        "visit date",
        "marked as done time",
        "拜访日期",
        "完成日期",
        "实际日期",
        "跟进日期",
    ),
    "done_time": ("completed time", "completion time", "done time", "拜访时间", "完成时间"),
    "purpose": ("subject", "目的", "拜访目的", "主题", "事由"),
    "objective": ("goal", "目标", "拜访目标"),
    "min_objective": ("minimum objective", "min objective", "minimum goal", "最低目标"),
    "outcome": (
        "result",
        "results",
        "call result",
        "comments",
        "full comments",
        "description",
        "notes",
        "note",
        "结果",
        "拜访结果",
        "跟进结果",
        "跟进记录",
        "拜访记录",
        "备注",
    ),
    "next_step": ("next step", "next steps", "下一步", "下一步计划", "后续行动"),
    "cancel_reason": ("cancel reason", "cancellation reason", "canceled reason", "取消原因"),
    "follows_id": ("follows", "follow-up of"),
    "owner": (
        "assigned to",
        "assigned",
        "activity owner",
        "owner name",
        "owner handle",
        "负责人",
        "拜访人",
        "执行人",
        "销售",
        "销售代表",
        "所有者",
    ),
}

# Task statuses of other CRMs that the shared vocabulary does not hold: still to do.
# A date cell with a local time of day after it: 2026-12-01 10:30, 2026/12/01 2:30 PM.
_DAY_AND_TIME = re.compile(
    r"^(?P<day>.+?)[ T]+(?P<clock>\d{1,2}:\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?P<half>[ap]m)?$",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------------------
# Cells


def _type(text: str) -> str:
    return ActivityType.parse(text, what="type of activity").value


def _status(text: str) -> str:
    return ActivityStatus.parse(text, what="status of an activity").value


def _day_and_time(text: str) -> tuple[str, str | None]:
    """A date, and the time of day when the cell gives one without a zone."""
    match = _DAY_AND_TIME.match(text.strip())
    if match is None:
        return dates.parse_calendar_date(text).isoformat(), None
    clock = match["clock"] + (f" {match['half']}" if match["half"] else "")
    day = dates.parse_calendar_date(match["day"]).isoformat()
    return day, dates.parse_time_of_day(clock)


def _columns(session: Session, directory: Directory) -> tuple[csvio.Column, ...]:
    """The fields an import reads, references resolved against the book (csvio keeps
    what each cell's text resolved to, so a name repeated down the file costs one look)."""
    rep_id = owner_ids(session)
    db = session.db

    def account(text: str) -> int:
        return directory.account_id(text.strip(), None)

    def deal(text: str) -> tuple[int, int | None]:
        """A deal by id or external id, with its account."""
        reference = text.strip()
        found = None
        if reference.isdigit():
            found = db.row("SELECT id, account_id FROM opportunity WHERE id = ?", (int(reference),))
        if found is None:
            found = db.row(
                "SELECT id, account_id FROM opportunity WHERE external_id = ?", (reference,)
            )
        if found is None:
            raise InvalidValue(f"no opportunity '{reference}'")
        return int(found[0]), None if found[1] is None else int(found[1])

    def owner(text: str) -> int:
        return rep_id(text.strip().lower())

    parsers: dict[str, Callable[[str], Any]] = {
        "id": bulk.parse_id,
        "follows_id": bulk.parse_id,
        "account": account,
        "opportunity": deal,
        "type": _type,
        "status": _status,
        "planned_on": _day_and_time,
        "planned_time": dates.parse_time_of_day,
        "done_on": _day_and_time,
        "done_time": dates.parse_time_of_day,
        "owner": owner,
    }
    return tuple(
        csvio.Column(
            name, ALIASES.get(name, ()), parse=parsers.get(name), required=name == "account"
        )
        for name in FIELDS
    )


# ---------------------------------------------------------------------------------------
# Rows


class _ActivityRows(bulk.RowShaper):
    """Each row as an activity: its status, days and times worked out together, and its
    deal and contact checked against its account. A row naming an existing activity (by
    id or external_id) changes it, and what the file does not say is taken from it."""

    def __init__(self, session: Session, directory: Directory) -> None:
        self.session = session
        self.db = session.db
        self.directory = directory
        self.today = session.today.isoformat()
        self.fields: list[str] = []
        self.written: list[str] = []
        self.bound: list[str] = []
        # The bound columns' values out of a row's, in order (at least six: a tuple).
        self.shaped: Callable[[dict[str, Any]], Any] = operator.itemgetter(*DERIVED)
        self.keyed = False
        self.update_sheet = False
        self.before_max = 0
        self.deal_accounts: dict[int, int | None] = {}

    # -- the engine's calls ------------------------------------------------------------

    def columns(self, fields: Sequence[str], *, update_sheet: bool, on_conflict: str) -> list[str]:
        self.fields = list(fields)
        self.update_sheet = update_sheet
        self.written = [FIELD_COLUMNS.get(name, name) for name in fields]
        self.bound = [
            *self.written,
            *(column for column in DERIVED if column not in self.written),
        ]
        self.keyed = "id" in fields or "external_id" in fields
        self.only_new_records = not self.keyed
        self.shaped = operator.itemgetter(*self.bound)
        return self.bound

    def start(self) -> None:
        self.before_max = int(self.db.scalar("SELECT coalesce(max(id), 0) FROM activity"))

    def shape(self, values: list[Any]) -> list[Any]:
        cell = dict(zip(self.fields, values, strict=True))
        old = self._record(cell) if self.keyed else None
        row = dict(zip(self.written, values, strict=True))
        if "opportunity" in cell and cell["opportunity"] is not None:
            row["opportunity_id"] = cell["opportunity"][0]
        if old is None and self.update_sheet:
            # Nothing to update: the engine names the missing record.
            return [None if column in DERIVED else row[column] for column in self.bound]
        problems: list[str] = []
        self._dates(cell, old, row, problems)
        self._links(cell, old, row, problems)
        if problems:
            raise bulk.RowProblems(problems)
        return list(self.shaped(row))

    def finish(self, *, big_load: bool) -> None:
        """Move the last touch of the accounts and deals with a done activity in the file
        forward: one statement each, over the rows this import wrote (new rows have ids
        above the old maximum; rows it changed carry its timestamp)."""
        scope = "id > :before" if self.only_new_records else "(id > :before OR updated_at = :now)"
        params = {"before": self.before_max, "now": self.session.now()}
        for table, column in (("account", "account_id"), ("opportunity", "opportunity_id")):
            self.db.execute(
                f"UPDATE {table} SET last_touch = touched.day FROM (SELECT {column} AS id,"
                " max(done_on) AS day FROM activity WHERE status = 'done'"
                f" AND {column} IS NOT NULL AND {scope} GROUP BY {column}) AS touched"
                f" WHERE {table}.id = touched.id"
                f" AND ({table}.last_touch IS NULL OR {table}.last_touch < touched.day)",
                params,
            )
            if not self.only_new_records:
                # An updated row may have undone a touch (done -> cancelled, an earlier
                # date): its accounts' and deals' last touch is worked out again.
                self.db.execute(
                    f"UPDATE {table} SET last_touch = (SELECT max(w.done_on) FROM activity w"
                    f" WHERE w.{column} = {table}.id AND w.status = 'done')"
                    f" WHERE id IN (SELECT {column} FROM activity WHERE id <= :before"
                    " AND updated_at = :now)",
                    params,
                )

    # -- one row ------------------------------------------------------------------------

    def _record(self, cell: dict[str, Any]) -> Any:
        """The existing activity a row names, if any."""
        old = None
        if cell.get("id") is not None:
            old = self.db.row(f"{RECORD_SQL} WHERE id = ?", (cell["id"],))
        if old is None and cell.get("external_id") is not None:
            old = self.db.row(f"{RECORD_SQL} WHERE external_id = ?", (cell["external_id"],))
        return old

    def _when(self, cell: dict[str, Any], old: Any, which: str) -> tuple[str | None, str | None]:
        """The planned or done day and time: from the row, else from the record it
        changes. A time column wins over a time written in the date cell; a new date
        without a time keeps the record's time of day."""
        day_field, time_field = f"{which}_on", f"{which}_time"
        old_day = None if old is None else old[day_field]
        old_time = None if old is None else old[time_field]
        if day_field in cell:
            day, clock = cell[day_field] or (None, None)
            if clock is None and time_field not in cell and day is not None:
                clock = old_time
        else:
            day, clock = old_day, old_time
        if time_field in cell and (cell[time_field] is not None or day_field not in cell):
            clock = cell[time_field]
        return day, clock

    def _dates(
        self, cell: dict[str, Any], old: Any, row: dict[str, Any], problems: list[str]
    ) -> None:
        planned_on, planned_time = self._when(cell, old, "planned")
        done_on, done_time = self._when(cell, old, "done")
        status = cell.get("status")
        if status is None:
            if cell.get("done_on") is not None:
                status = ActivityStatus.DONE.value
            elif old is not None:
                status = str(old["status"])
            else:
                status = ActivityStatus.PLANNED.value
        if status == ActivityStatus.DONE and done_on is None and planned_on is not None:
            done_on, done_time = planned_on, planned_time
        if status == ActivityStatus.PLANNED and planned_on is None:
            problems.append("planned_on: a planned activity needs the day it is planned for")
        if status == ActivityStatus.DONE:
            if done_on is None:
                problems.append("done_on: a done activity needs the day it was done")
            elif done_on > self.today:
                problems.append(
                    f"done_on: {done_on} is after today; what has not happened yet is planned"
                )
        if planned_time is not None and planned_on is None:
            problems.append("planned_time: a time of day needs planned_on")
        if done_time is not None and done_on is None:
            problems.append("done_time: a time of day needs done_on")
        row.update(
            status=status,
            planned_on=planned_on,
            planned_time=planned_time,
            done_on=done_on,
            done_time=done_time,
        )

    def _links(
        self, cell: dict[str, Any], old: Any, row: dict[str, Any], problems: list[str]
    ) -> None:
        """The deal and the contact must be the account's."""
        account_id = row["account_id"] if "account" in cell else int(old["account_id"])
        moved = old is not None and account_id != old["account_id"]
        if "opportunity" in cell:
            deal = cell["opportunity"]
            if deal is not None and deal[1] != account_id:
                problems.append(f"opportunity: deal {deal[0]} is not with this account")
        elif moved and old["opportunity_id"] is not None:
            deal_id = int(old["opportunity_id"])
            if self._deal_account(deal_id) != account_id:
                problems.append(f"account: the activity's deal {deal_id} is not with this account")
        if "contact" in cell:
            if cell["contact"] is not None:
                try:
                    row["contact_id"] = self.directory.contact_id(account_id, cell["contact"])
                except InvalidValue as err:
                    problems.append(f"contact: {err.message}")
        elif moved and old["contact_id"] is not None:
            problems.append("account: the activity's contact is at another account")

    def _deal_account(self, deal_id: int) -> int | None:
        if deal_id not in self.deal_accounts:
            found = self.db.scalar("SELECT account_id FROM opportunity WHERE id = ?", (deal_id,))
            self.deal_accounts[deal_id] = None if found is None else int(found)
        return self.deal_accounts[deal_id]


# ---------------------------------------------------------------------------------------
# Import and export


def import_activities(session: Session, options: bulk.ImportOptions) -> ImportResult:
    """Import activities, all or nothing; a new activity without an owner is the acting
    rep's, and without a type a visit."""
    directory = Directory(session, create=False)
    plan = bulk.ImportPlan(
        entity="activity",
        table="activity",
        columns=_columns(session, directory),
        conflict_keys=("id", "external_id"),
        field_to_column=FIELD_COLUMNS,
        references={
            "account_id": "account",
            "opportunity_id": "opportunity",
            "contact_id": "contact",
            "owner_id": "rep",
            "follows_id": "activity",
        },
        beside=("account", "opportunity"),  # their last touch
    )
    defaults = {
        "type": ActivityType.VISIT.value,
        "status": ActivityStatus.PLANNED.value,
        "owner_id": new_owner(session, None).id,
    }
    return bulk.import_csv(
        session, plan, options, defaults=defaults, shaper=_ActivityRows(session, directory)
    )


# A contact is written by name, which the import reads back, unless two people at the
# account share it: then by id.
EXPORT_SQL = (
    "SELECT v.id, v.external_id, a.name AS account, v.opportunity_id AS opportunity,"
    " CASE WHEN c.id IS NULL THEN NULL WHEN EXISTS (SELECT 1 FROM contact twin"
    " WHERE twin.account_id = c.account_id AND twin.name = c.name COLLATE NOCASE"
    " AND twin.id <> c.id) THEN CAST(c.id AS TEXT) ELSE c.name END AS contact,"
    " v.type, v.status, v.planned_on, v.planned_time, v.done_on, v.done_time, v.purpose,"
    " v.objective, v.min_objective, v.outcome, v.next_step, v.cancel_reason,"
    " v.follows_id, r.handle AS owner"
    " FROM activity v JOIN account a ON a.id = v.account_id"
    " LEFT JOIN contact c ON c.id = v.contact_id"
    " LEFT JOIN rep r ON r.id = v.owner_id"
)


def export_activities(
    session: Session, *, owner: str | None = None, status: str | None = None
) -> tuple[list[str], Iterator[list[Any]]]:
    """The header and a stream of rows: every activity, or one owner's, or those of one
    status; accounts and contacts by name, deals by id, owners by handle."""
    where: list[str] = []
    params: list[Any] = []
    if owner:
        where.append("v.owner_id = ?")
        params.append(get_rep(session, owner).id)
    if status:
        where.append("v.status = ?")
        params.append(ActivityStatus.parse(status, what="status of an activity").value)
    sql = EXPORT_SQL + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY v.id"
    return bulk.column_names(session, sql, params), bulk.export_rows(session, sql, params)
