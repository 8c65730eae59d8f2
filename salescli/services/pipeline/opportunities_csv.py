"""CSV import and export of opportunities: their columns and aliases, and the rules a
deal's row follows on the way in.

A pipeline exported from another CRM names stages its own way (``--stage-map``), names
owners and accounts this book may not have (``create_missing``), and carries deals that
are already won or lost. Each row becomes a deal whose status follows from its stage,
whose history starts on the day it was opened (or is the ``history`` column, as an export
writes it), and whose co-owners are the ``shares`` column. Rows are written in batches by
the bulk engine; when the file has no history column, the opening history of the new
deals is written by one statement at the end.

Kept apart from services/opportunities.py so everyday commands never load the CSV engine.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from salescli import csvio, dates, money
from salescli.db import days_between
from salescli.errors import InvalidValue, UsageProblem
from salescli.models.enums import ForecastCategory, LossReason, OpportunityStatus, StageKind
from salescli.models.records import ImportResult, Stage
from salescli.services.core import bulk
from salescli.services.core.session import Session
from salescli.services.pipeline.lifecycle import move_between
from salescli.services.pipeline.stages import find_stage, list_stages

WON, LOST = StageKind.WON.value, StageKind.LOST.value
CLOSED = (WON, LOST)
LIVE = (OpportunityStatus.OPEN.value, OpportunityStatus.SUSPENDED.value)
HISTORY_NOTE = "imported"
NO_ACCOUNT = "-"

# What other CRMs and Chinese spreadsheets call a closed deal's stage, squashed.
CLOSED_STAGE_NAMES = {
    "closedwon": WON,
    "won": WON,
    "赢单": WON,
    "已赢单": WON,
    "成交": WON,
    "已成交": WON,
    "closedlost": LOST,
    "lost": LOST,
    "输单": LOST,
    "已输单": LOST,
    "丢单": LOST,
    "已丢单": LOST,
}
# Forecast categories other CRMs give deals outside the forecast: none here.
NO_FORECAST_CATEGORY = frozenset({"closed", "omitted", "已关闭", "不预测"})
_SQUASH = re.compile(r"[\s_\-/]+")
_LIST_SEPARATOR = re.compile(r"[;；\n]")
_HANDLE_NOISE = re.compile(r"[^a-z0-9]+")
HANDLE_LENGTH = 32
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

# The import's fields in export order. ``shares`` and ``history`` go to tables of their
# own; the others are columns of the opportunity.
FIELDS = (
    "id",
    "external_id",
    "name",
    "account",
    "contact",
    "amount",
    "close_date",
    "stage",
    "status",
    "probability",
    "forecast_category",
    "source",
    "competitor",
    "loss_reason",
    "summary",
    "next_step",
    "next_date",
    "suspend_reason",
    "suspended_until",
    "opened_on",
    "closed_on",
    "owner",
    "shares",
    "history",
)
BESIDE = ("shares", "history")
FIELD_COLUMNS = {
    "account": "account_id",
    "contact": "contact_id",
    "stage": "stage_id",
    "owner": "owner_id",
}
# Columns every shaped row binds, whether or not the file has them: the row's record, and
# what follows from its stage and dates.
DERIVED = ("id", "stage_id", "status", "stage_entered", "opened_on", "closed_on", "owner_id")
# Columns whose value a row's shaping works out; the others are the file's cells as parsed.
WORKED_OUT = frozenset((*DERIVED, "account_id", "contact_id"))

ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("salescli id",),
    "external_id": (
        "external id",
        "opportunity id",
        "deal id",
        "record id",
        "crm id",
        "外部编号",
        "商机编号",
        "商机id",
    ),
    "name": (
        "opportunity name",
        "opportunity",
        "deal name",
        "deal",
        "potential name",
        "商机名称",
        "商机",
        "机会名称",
        "项目名称",
    ),
    "account": (
        "account name",
        "company",
        "company name",
        "associated company",
        "organization",
        "customer",
        "客户",
        "客户名称",
        "公司",
        "公司名称",
    ),
    "contact": ("contact name", "primary contact", "associated contact", "联系人", "联系人姓名"),
    "amount": (
        "deal amount",
        "opportunity amount",
        "value",
        "deal value",
        "金额",
        "商机金额",
        "预计金额",
    ),
    "close_date": (
        "close date",
        "closing date",
        "expected close date",
        "预计成交日期",
        "预计签约日期",
        "预计结单日期",
    ),
    "stage": (
        "deal stage",
        "opportunity stage",
        "sales stage",
        "pipeline stage",
        "阶段",
        "销售阶段",
        "商机阶段",
    ),
    "status": ("deal status", "opportunity status", "状态", "商机状态"),
    "probability": ("probability (%)", "win probability", "赢率", "赢单率", "成交概率", "可能性"),
    "forecast_category": ("forecast category", "forecast", "预测类别", "预测分类"),
    "source": ("lead source", "deal source", "opportunity source", "来源", "商机来源", "线索来源"),
    "competitor": ("competitors", "main competitor", "竞争对手", "竞品"),
    "loss_reason": (
        "loss reason",
        "lost reason",
        "closed lost reason",
        "reason lost",
        "输单原因",
        "丢单原因",
    ),
    "summary": ("description", "win loss summary", "总结", "描述", "商机描述", "备注"),
    "next_step": ("next step", "下一步", "下一步计划"),
    "next_date": ("next step date", "next activity date", "下次跟进", "下次跟进日期", "下次联系"),
    "suspend_reason": ("suspended reason", "暂停原因"),
    "suspended_until": ("暂停至", "暂停到"),
    "opened_on": (
        "created date",
        "create date",
        "created",
        "created on",
        "opened",
        "open date",
        "创建日期",
        "创建时间",
        "立项日期",
    ),
    "closed_on": (
        "closed date",
        "date closed",
        "actual close date",
        "won date",
        "实际成交日期",
        "赢单日期",
        "关闭日期",
    ),
    "owner": (
        "opportunity owner",
        "deal owner",
        "owner name",
        "owner handle",
        "assigned to",
        "负责人",
        "所有者",
        "销售",
        "销售代表",
    ),
    "shares": ("co-owners", "co owners", "splits", "opportunity splits", "协作人", "分成"),
    "history": ("stage history", "阶段历史", "商机历史"),
}


# ---------------------------------------------------------------------------------------
# Cells


def _squash(text: str) -> str:
    return _SQUASH.sub("", text.strip().casefold())


def _nocase(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def _date(text: str) -> str:
    return dates.parse_calendar_date(text).isoformat()


def _amount(text: str) -> int:
    return money.to_minor(money.parse_amount(text))


def _basis_points(text: str, *, what: str, zero: bool) -> int:
    """A percentage (``36``, ``36.5``, ``36 %``) in basis points."""
    raw = text.strip().rstrip("%％").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation as err:
        raise InvalidValue(f"'{text}' is not {what}", hint="write a percentage such as 20") from err
    low_ok = value >= 0 if zero else value > 0
    if not (low_ok and value <= 100) or value != value.quantize(Decimal("0.01")):
        limit = "from 0" if zero else "more than 0"
        raise InvalidValue(f"{what} must be {limit} to 100 % with at most 2 decimals, not {text}")
    return int(value * 100)


def _probability(text: str) -> int:
    return _basis_points(text, what="a probability", zero=True)


def _status(text: str) -> str:
    return OpportunityStatus.parse(text, what="deal status").value


def _loss_reason(text: str) -> str:
    return LossReason.parse(text, what="loss reason").value


def _forecast_category(text: str) -> str | None:
    if _squash(text) in NO_FORECAST_CATEGORY:
        return None
    return ForecastCategory.parse(text, what="forecast category").value


def _shares(text: str) -> tuple[tuple[str, int], ...]:
    """``bob:20;carol:10`` as ((rep, split in basis points), ...)."""
    shares: list[tuple[str, int]] = []
    for part in _LIST_SEPARATOR.split(text.replace("：", ":")):
        if not part.strip():
            continue
        rep, sep, split = part.rpartition(":")
        if not sep or not rep.strip():
            raise InvalidValue(f"'{part.strip()}' is not REP:PERCENT", hint="e.g. bob:20;carol:10")
        if any(rep.strip().lower() == other.lower() for other, _ in shares):
            raise InvalidValue(f"{rep.strip()} is named twice")
        shares.append((rep.strip(), _basis_points(split, what="a split", zero=False)))
    total = sum(split for _, split in shares)
    if total > 10000:
        raise InvalidValue(f"the splits come to {Decimal(total) / 100:f} %, more than 100 %")
    return tuple(shares)


class _Funnel:
    """The book's stages, and how a file's stage names map onto them."""

    def __init__(self, session: Session, stage_map: Sequence[str]) -> None:
        self.current = list_stages(session)
        # Stages removed from the funnel that deals' history still names.
        self.retired = [
            replace(
                self.current[0],
                id=int(row["id"]),
                key=str(row["key"]),
                name=str(row["name"]),
                position=int(row["position"]),
                kind=str(row["kind"]),
            )
            for row in session.db.rows(
                "SELECT id, key, name, position, kind FROM stage WHERE kind = 'retired'"
            )
        ]
        self.by_id = {stage.id: stage for stage in [*self.current, *self.retired]}
        self.terminal = {stage.kind: stage for stage in self.current if stage.kind in CLOSED}
        self.first_open = next(stage for stage in self.current if stage.kind == StageKind.OPEN)
        self.mapped = self._parse_map(stage_map)

    def _parse_map(self, items: Sequence[str]) -> dict[str, Stage]:
        mapped: dict[str, Stage] = {}
        for item in items:
            source, sep, target = item.rpartition("=")
            if not sep or not source.strip() or not target.strip():
                raise UsageProblem(f"--stage-map '{item}' is not SRC=STAGE")
            stage = find_stage(self.current, target)
            if stage is None:
                raise UsageProblem(
                    f"--stage-map '{item}': no stage '{target.strip()}'",
                    hint=f"choose one of: {self.keys()}",
                )
            mapped[source.strip().casefold()] = stage
        return mapped

    def keys(self) -> str:
        return ", ".join(stage.key for stage in self.current)

    def stage(self, text: str) -> Stage:
        """A deal's current stage from a file's name for it."""
        stage = (
            self.mapped.get(text.strip().casefold())
            or find_stage(self.current, text)
            or self.terminal.get(CLOSED_STAGE_NAMES.get(_squash(text), ""))
        )
        if stage is None:
            raise InvalidValue(
                f"no stage '{text}'",
                hint=f"stages are {self.keys()}; or map it: --stage-map '{text}=STAGE'",
            )
        return stage

    def history_stage(self, text: str) -> Stage:
        """A stage a deal went through: retired ones too."""
        retired = find_stage(self.retired, text)
        return retired if retired is not None else self.stage(text)

    def history(self, text: str) -> tuple[tuple[str, Stage], ...]:
        """``2026-01-05 prospect; 2026-03-10 proposal`` as ((day, stage entered), ...)."""
        steps: list[tuple[str, Stage]] = []
        for entry in _LIST_SEPARATOR.split(text):
            entry = entry.strip()
            if not entry:
                continue
            day_text, _, stage_text = entry.partition(" ")
            if not stage_text.strip():
                raise InvalidValue(f"'{entry}' is not DATE STAGE", hint="e.g. 2026-01-05 prospect")
            day = _date(day_text)
            stage = self.history_stage(stage_text)
            if steps and day < steps[-1][0]:
                raise InvalidValue(
                    f"'{entry}' comes before {steps[-1][0]}: entries go in date order"
                )
            if steps and stage.id == steps[-1][1].id:
                raise InvalidValue(f"'{entry}': the deal is already in {stage.key}")
            steps.append((day, stage))
        return tuple(steps)


def _columns(funnel: _Funnel) -> tuple[csvio.Column, ...]:
    """The fields an import reads; stage names are read against ``funnel``."""
    parsers: dict[str, Any] = {
        "id": bulk.parse_id,
        "amount": _amount,
        "close_date": _date,
        "stage": funnel.stage,
        "status": _status,
        "probability": _probability,
        "forecast_category": _forecast_category,
        "loss_reason": _loss_reason,
        "next_date": _date,
        "suspended_until": _date,
        "opened_on": _date,
        "closed_on": _date,
        "shares": _shares,
        "history": funnel.history,
    }
    return tuple(
        csvio.Column(
            name, ALIASES.get(name, ()), parse=parsers.get(name), required=name in ("name", "stage")
        )
        for name in FIELDS
    )


def _plan(funnel: _Funnel) -> bulk.ImportPlan:
    return bulk.ImportPlan(
        entity="opportunity",
        table="opportunity",
        columns=_columns(funnel),
        conflict_keys=("id", "external_id"),
        field_to_column=FIELD_COLUMNS,
        references={
            "owner_id": "rep",
            "account_id": "account",
            "contact_id": "contact",
            "stage_id": "stage",
        },
    )


# ---------------------------------------------------------------------------------------
# Reps, accounts and contacts named in a file


class Directory:
    """Reps, accounts and contacts by the names a file gives them; with ``create`` the
    ones the book lacks are added (and listed for the import's event)."""

    def __init__(self, session: Session, *, create: bool) -> None:
        self.session = session
        self.create = create
        self.handles: dict[str, int] = {}
        self.names: dict[str, int | None] = {}
        for row in session.db.rows("SELECT id, handle, name FROM rep"):
            self._know_rep(int(row["id"]), str(row["handle"]), str(row["name"]))
        # Accounts by name as the database compares them (NOCASE folds ASCII letters only).
        self.accounts = {
            _nocase(str(row["name"])): int(row["id"])
            for row in session.db.rows("SELECT id, name FROM account")
        }
        # ... and by the text of the cells that named them (most cells repeat a name).
        self.account_cells: dict[str, int] = {}
        self.contacts: dict[tuple[int, str], int] = {}
        self.created_reps: list[str] = []
        self.created_accounts = 0
        self.created_contacts = 0

    def _know_rep(self, rep_id: int, handle: str, name: str) -> None:
        self.handles[handle] = rep_id
        key = name.strip().casefold()
        # A full name two reps share names neither of them.
        self.names[key] = None if key in self.names else rep_id

    def rep_id(self, text: str) -> int:
        """A rep by handle or full name (former reps too: a file carries history)."""
        found = self.handles.get(text.strip().lower())
        if found is None:
            key = text.strip().casefold()
            if key in self.names and self.names[key] is None:
                raise InvalidValue(f"two reps are named '{text}'; use the handle")
            found = self.names.get(key)
        if found is None:
            if not self.create:
                raise InvalidValue(f"no rep '{text}'")
            found = self._add_rep(text.strip())
        return found

    def _add_rep(self, name: str) -> int:
        handle = self._free_handle(name)
        cursor = self.session.db.execute(
            "INSERT INTO rep (handle, name, role, active, created_at) VALUES (?, ?, 'rep', 1, ?)",
            (handle, name, self.session.now()),
        )
        rep_id = int(cursor.lastrowid or 0)
        self._know_rep(rep_id, handle, name)
        self.created_reps.append(handle)
        return rep_id

    def _free_handle(self, name: str) -> str:
        """A lower-case ASCII handle from a full name, unused so far."""
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        base = _HANDLE_NOISE.sub("-", plain.lower()).strip("-") or "rep"
        if not base[0].isalpha():
            base = f"rep-{base}"
        base = base[: HANDLE_LENGTH - 4].rstrip("-")
        handle, number = base, 1
        while handle in self.handles:
            number += 1
            handle = f"{base}-{number}"
        return handle

    def account_id(self, reference: str, owner_id: int | None) -> int:
        """An account by name (any case) or id."""
        known = self.account_cells.get(reference)
        if known is None:
            known = self.accounts.get(_nocase(reference))
        if known is not None:
            self.account_cells[reference] = known
            return known
        db = self.session.db
        found: Any = None
        if reference.isdigit():
            found = db.scalar("SELECT id FROM account WHERE id = ?", (int(reference),))
        if found is None:
            if not self.create:
                raise InvalidValue(f"no account '{reference}'")
            now = self.session.now()
            found = db.execute(
                "INSERT INTO account (name, status, owner_id, created_at, updated_at)"
                " VALUES (?, 'prospect', ?, ?, ?)",
                (reference, owner_id, now, now),
            ).lastrowid
            self.created_accounts += 1
        self.accounts[_nocase(reference)] = self.account_cells[reference] = int(found)
        return int(found)

    def contact_id(self, account_id: int, reference: str) -> int:
        """A contact of the account, by name (any case) or id."""
        key = (account_id, reference.casefold())
        found = self.contacts.get(key)
        if found is not None:
            return found
        db = self.session.db
        rows = db.rows(
            "SELECT id FROM contact WHERE account_id = ? AND name = ? COLLATE NOCASE LIMIT 2",
            (account_id, reference),
        )
        if len(rows) > 1:
            raise InvalidValue(f"two contacts at the account are named '{reference}'")
        if not rows and reference.isdigit():
            rows = db.rows(
                "SELECT id FROM contact WHERE account_id = ? AND id = ?",
                (account_id, int(reference)),
            )
        if rows:
            found = int(rows[0]["id"])
        elif self.create:
            now = self.session.now()
            found = int(
                db.execute(
                    "INSERT INTO contact (account_id, name, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?)",
                    (account_id, reference, now, now),
                ).lastrowid
                or 0
            )
            self.created_contacts += 1
        else:
            raise InvalidValue(f"no contact '{reference}' at account {account_id}")
        self.contacts[key] = found
        return found


# ---------------------------------------------------------------------------------------
# Rows


# A stage_change row as written: (opportunity, from stage, to stage, on date, days).
# (deal, from stage, to stage, day, days in the stage left, what the move was)
Step = tuple[int, int | None, int, str, int | None, str]


def _days(later: str, earlier: str) -> int:
    return (dates.parse_iso_date(later) - dates.parse_iso_date(earlier)).days


class _DealRows(bulk.RowShaper):
    """Each row as an opportunity, with its history and co-owners beside it.

    A row names an existing deal by id or external_id, and then updates it; otherwise it
    adds one, with an id taken here so that its history and shares can be written with
    the batch. A file names each deal once: a second row for it is a problem, since which
    of the two is the truth cannot be told."""

    def __init__(
        self, session: Session, funnel: _Funnel, directory: Directory, plan: bulk.ImportPlan
    ) -> None:
        self.session = session
        self.db = session.db
        self.funnel = funnel
        self.directory = directory
        self.plan = plan
        self.fields: list[str] = []
        self.bound: list[str] = []
        self.sources: list[tuple[bool, str]] = []
        self.keyed = False
        self.update_sheet = False
        self.on_conflict = "update"
        self.before_max = 0
        self.next_id = 1
        # Deals at or below before_max this import has written, and every deal of the
        # batch being read (not in the database yet).
        self.touched: set[int] = set()
        self.batch_ids: set[int] = set()
        self.batch_external: set[str] = set()
        self.default_owner: int | None = None
        self._reset_beside()

    def _reset_beside(self) -> None:
        self.steps: list[Step] = []
        self.history_cleared: list[tuple[int]] = []
        self.shares: list[tuple[int, int, int]] = []
        self.shares_cleared: list[tuple[int]] = []
        self.touched_beside: list[tuple[str, int]] = []

    # -- the engine's calls ------------------------------------------------------------

    def columns(self, fields: Sequence[str], *, update_sheet: bool, on_conflict: str) -> list[str]:
        self.fields = list(fields)
        self.update_sheet = update_sheet
        self.on_conflict = on_conflict
        written = [FIELD_COLUMNS.get(name, name) for name in fields if name not in BESIDE]
        self.bound = [*written, *(column for column in DERIVED if column not in written)]
        self.sources = [(column in WORKED_OUT, column) for column in self.bound]
        self.keyed = "id" in fields or "external_id" in fields
        self.only_new_records = not self.keyed
        return self.bound

    def start(self) -> None:
        self.before_max = int(self.db.scalar("SELECT coalesce(max(id), 0) FROM opportunity"))
        self.next_id = self.before_max + 1

    def shape(self, values: list[Any]) -> list[Any]:
        cell = dict(zip(self.fields, values, strict=True))
        problems: list[str] = []
        old = self._record(cell, problems) if self.keyed else None
        if old is None and self.update_sheet:
            # Nothing to update: the engine names the missing record.
            return [
                cell.get(column) if not worked_out or column == "id" else None
                for worked_out, column in self.sources
            ]
        row = self._deal(cell, old, problems)
        if problems:
            raise bulk.RowProblems(problems)
        record_id = self._claim_id(cell, old)
        row["id"] = record_id
        shaped = [
            row[column] if worked_out else cell[column] for worked_out, column in self.sources
        ]
        if old is None or self.on_conflict == "update" or self.update_sheet:
            self._beside(record_id, cell, row, old, shaped)
        return shaped

    def after_batch(self, *, clean: bool) -> None:
        db = self.db
        if clean:
            db.executemany(
                "DELETE FROM stage_change WHERE opportunity_id = ?", self.history_cleared
            )
            if self.steps:
                at, rep_id = self.session.now(), self.session.actor_id
                db.executemany(
                    "INSERT INTO stage_change (opportunity_id, from_stage_id, to_stage_id,"
                    " on_date, days, move, at, rep_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(*step, at, rep_id, HISTORY_NOTE) for step in self.steps],
                )
            db.executemany(
                "DELETE FROM opportunity_share WHERE opportunity_id = ?", self.shares_cleared
            )
            db.executemany(
                "INSERT INTO opportunity_share (opportunity_id, rep_id, split) VALUES (?, ?, ?)",
                self.shares,
            )
            db.executemany(
                "UPDATE opportunity SET updated_at = ? WHERE id = ?", self.touched_beside
            )
        self._reset_beside()
        self.batch_ids.clear()
        self.batch_external.clear()

    def finish(self, *, big_load: bool) -> None:
        """The opening history of the new deals the file gave none: one statement."""
        if "history" in self.fields or self.update_sheet:
            return  # every new deal's history was written with its batch
        db = self.db
        fresh = int(db.scalar("SELECT count(*) FROM opportunity WHERE id > ?", (self.before_max,)))
        if not fresh:
            return
        rebuild = big_load and fresh >= max(
            bulk.REBUILD_INDEXES_FROM_ROWS, int(db.scalar("SELECT count(*) FROM stage_change"))
        )
        params = {
            "before": self.before_max,
            "first": self.funnel.first_open.id,
            "at": self.session.now(),
            "rep": self.session.actor_id,
            "note": HISTORY_NOTE,
        }
        with db.indexes_suspended("stage_change") if rebuild else nullcontext():
            # Open deals were opened into their stage; closed ones into the first stage,
            # and moved from there to won or lost on the day they closed.
            db.execute(
                "INSERT INTO stage_change (opportunity_id, from_stage_id, to_stage_id, on_date,"
                " days, move, at, rep_id, note)"
                " SELECT id, NULL, CASE WHEN status IN ('won', 'lost') THEN :first"
                " ELSE stage_id END, opened_on, NULL, 'open', :at, :rep, :note"
                " FROM opportunity WHERE id > :before"
                " UNION ALL"
                # Where a closed deal was won or lost from is unknown: an inferred move,
                # which the funnel's observed conversion leaves out.
                " SELECT id, :first, stage_id, closed_on,"
                f" {days_between('closed_on', 'opened_on')}, 'import', :at,"
                " :rep, :note FROM opportunity WHERE id > :before AND status IN ('won', 'lost')",
                params,
            )

    def event_changes(self) -> dict[str, Any]:
        directory = self.directory
        created = {
            "reps": directory.created_reps,
            "accounts": directory.created_accounts,
            "contacts": directory.created_contacts,
        }
        return {"created": created} if any(created.values()) else {}

    # -- one row ------------------------------------------------------------------------

    def _record(self, cell: dict[str, Any], problems: list[str]) -> Any:
        """The existing deal a row names, if any; a deal this file already named is a
        problem."""
        record_id, external_id = cell.get("id"), cell.get("external_id")
        old = None
        if record_id is not None:
            old = self.db.row("SELECT * FROM opportunity WHERE id = ?", (record_id,))
            if (old is not None and self._written(int(old["id"]))) or record_id in self.batch_ids:
                problems.append(f"id: deal {record_id} is on an earlier line too")
                raise bulk.RowProblems(problems)
        if old is None and external_id is not None:
            old = self.db.row("SELECT * FROM opportunity WHERE external_id = ?", (external_id,))
            if (
                old is not None and self._written(int(old["id"]))
            ) or external_id in self.batch_external:
                problems.append(f"external_id: '{external_id}' is on an earlier line too")
                raise bulk.RowProblems(problems)
        return old

    def _written(self, record_id: int) -> bool:
        return (
            record_id > self.before_max or record_id in self.touched or record_id in self.batch_ids
        )

    def _claim_id(self, cell: dict[str, Any], old: Any) -> int:
        if old is not None:
            record_id = int(old["id"])
        elif cell.get("id") is not None:
            record_id = int(cell["id"])
            self.next_id = max(self.next_id, record_id + 1)
        else:
            record_id = self.next_id
            self.next_id += 1
        if record_id <= self.before_max:
            self.touched.add(record_id)
        self.batch_ids.add(record_id)
        if cell.get("external_id") is not None:
            self.batch_external.add(cell["external_id"])
        return record_id

    def _owner(self, cell: dict[str, Any], old: Any, problems: list[str]) -> int | None:
        text = cell.get("owner")
        if text is not None:
            try:
                return self.directory.rep_id(text)
            except InvalidValue as err:
                problems.append(f"owner: {err.message}")
                return None
        if old is not None:
            return None if old["owner_id"] is None else int(old["owner_id"])
        if self.default_owner is None:
            from salescli.services.core.reps import new_owner

            self.default_owner = new_owner(self.session, None).id
        return self.default_owner

    def _account(
        self, cell: dict[str, Any], old: Any, owner_id: int | None, problems: list[str]
    ) -> int | None:
        if "account" not in cell:
            return None if old is None or old["account_id"] is None else int(old["account_id"])
        reference = cell["account"]
        if reference is None or reference == NO_ACCOUNT:
            return None
        try:
            return self.directory.account_id(reference, owner_id)
        except InvalidValue as err:
            problems.append(f"account: {err.message}")
            return None

    def _contact(
        self, cell: dict[str, Any], old: Any, account_id: int | None, problems: list[str]
    ) -> int | None:
        reference = cell["contact"]
        if reference is None:
            return None
        if account_id is None:
            if "account" not in cell or cell["account"] in (None, NO_ACCOUNT):
                problems.append(f"contact: '{reference}' needs the deal's account")
            return None
        try:
            return self.directory.contact_id(account_id, reference)
        except InvalidValue as err:
            problems.append(f"contact: {err.message}")
            return None

    def _deal(self, cell: dict[str, Any], old: Any, problems: list[str]) -> dict[str, Any]:
        """The derived columns of a row (and owner, account and contact as ids)."""
        owner_id = self._owner(cell, old, problems)
        row: dict[str, Any] = {"owner_id": owner_id}
        row["account_id"] = self._account(cell, old, owner_id, problems)
        if "contact" in cell:
            row["contact_id"] = self._contact(cell, old, row["account_id"], problems)
        if "shares" in cell:
            row["shares"] = self._co_owners(cell["shares"] or (), owner_id, problems)
        stage, status = self._stage_and_status(cell, old, problems)
        if stage is None:
            return row
        row["stage_id"], row["status"] = stage.id, status
        self._dates(cell, old, stage, status, row, problems)
        return row

    def _stage_and_status(
        self, cell: dict[str, Any], old: Any, problems: list[str]
    ) -> tuple[Stage | None, str]:
        stage: Stage | None = cell.get("stage")
        history: tuple[tuple[str, Stage], ...] | None = cell.get("history")
        status: str | None = cell.get("status")
        if history:
            last = history[-1][1]
            if stage is None:
                stage = last
            elif last.id != stage.id:
                problems.append(f"history: ends in {last.key}, but the stage is {stage.key}")
        if stage is None and status in CLOSED:
            stage = self.funnel.terminal[status]
        if stage is None and old is not None:
            stage = self.funnel.by_id[int(old["stage_id"])]
        if stage is None:
            return None, ""
        kind = stage.kind
        if kind not in (StageKind.OPEN, WON, LOST):
            problems.append(f"stage: {stage.key} is retired; a deal cannot be in it now")
            return None, ""
        if status is not None:
            fits = status == kind if kind in CLOSED else status in LIVE
            if not fits:
                problems.append(f"status: a deal in stage {stage.key} cannot be {status}")
            return stage, status
        if kind in CLOSED:
            return stage, str(kind)
        if old is not None and old["status"] in LIVE:
            return stage, str(old["status"])
        return stage, OpportunityStatus.OPEN.value

    def _dates(
        self,
        cell: dict[str, Any],
        old: Any,
        stage: Stage,
        status: str,
        row: dict[str, Any],
        problems: list[str],
    ) -> None:
        """opened_on, closed_on and stage_entered; and, for an existing deal moved to
        another stage without a history column, the move."""
        history: tuple[tuple[str, Stage], ...] | None = cell.get("history")
        today = self.session.today.isoformat()
        opened_on: str | None = cell.get("opened_on")
        if history:
            if opened_on is None:
                opened_on = history[0][0]
            elif opened_on != history[0][0]:
                problems.append(
                    f"opened_on: {opened_on}, but the history starts on {history[0][0]}"
                )
        if opened_on is None:
            opened_on = str(old["opened_on"]) if old is not None else today
        closed_on: str | None = cell.get("closed_on")
        if status in CLOSED:
            if history:
                if closed_on is None:
                    closed_on = history[-1][0]
                elif closed_on != history[-1][0]:
                    problems.append(
                        f"closed_on: {closed_on}, but the history has the deal {status}"
                        f" on {history[-1][0]}"
                    )
            if closed_on is None and old is not None and old["status"] == status:
                closed_on = old["closed_on"]
            if closed_on is None:
                close_date = cell.get("close_date")
                if close_date is None and "close_date" not in cell and old is not None:
                    close_date = old["close_date"]
                closed_on = close_date or today
            if closed_on < opened_on:
                problems.append(f"closed_on: {closed_on} is before opened_on {opened_on}")
        elif closed_on is not None:
            problems.append(
                f"closed_on: a deal that is {status} has not closed (its expected date is"
                " close_date)"
            )
            closed_on = None
        # What has happened cannot be dated after today: such a deal could never move.
        if opened_on > today:
            problems.append(f"opened_on: {opened_on} is after today ({today})")
        if closed_on is not None and closed_on > today:
            problems.append(
                f"closed_on: {closed_on} is after today ({today}); a deal closes when it is won or lost"
            )
        if history and history[-1][0] > today:
            problems.append(f"history: {history[-1][0]} is after today ({today})")
        row["opened_on"], row["closed_on"] = opened_on, closed_on
        if history:
            row["stage_entered"] = history[-1][0]
        elif old is None:
            row["stage_entered"] = closed_on if closed_on is not None else opened_on
        elif int(old["stage_id"]) == stage.id:
            row["stage_entered"] = old["stage_entered"]
        else:
            moved_on = closed_on if closed_on is not None else today
            if moved_on < old["stage_entered"]:
                where = "closed_on" if closed_on is not None else "stage"
                problems.append(
                    f"{where}: the deal entered {self.funnel.by_id[int(old['stage_id'])].key}"
                    f" on {old['stage_entered']}, after {moved_on}"
                )
            row["stage_entered"] = moved_on

    # -- what goes beside a row ---------------------------------------------------------

    def _beside(
        self,
        record_id: int,
        cell: dict[str, Any],
        row: dict[str, Any],
        old: Any,
        shaped: list[Any],
    ) -> None:
        """Queue the deal's history and shares for the batch; count a deal whose own row
        stays as it was while they change."""
        changed = self._history(record_id, cell, row, old)
        if "shares" in row:
            changed = self._share_rows(record_id, row["shares"], old) or changed
        if changed and old is not None:
            before = [old[column] for column in self.bound]
            if all(a == b for a, b in zip(before, shaped, strict=True)):
                self.changed_beside += 1
                self.touched_beside.append((self.session.now(), record_id))

    def _history(self, record_id: int, cell: dict[str, Any], row: dict[str, Any], old: Any) -> bool:
        history: tuple[tuple[str, Stage], ...] | None = cell.get("history")
        if history:
            steps: list[Step] = []
            for index, (day, stage) in enumerate(history):
                if index == 0:
                    steps.append((record_id, None, stage.id, day, None, "open"))
                else:
                    before_day, before = history[index - 1]
                    steps.append(
                        (
                            record_id,
                            before.id,
                            stage.id,
                            day,
                            _days(day, before_day),
                            move_between(before, stage),
                        )
                    )
            if old is not None:
                kept = [
                    (str(r["on_date"]), int(r["to_stage_id"]))
                    for r in self.db.rows(
                        "SELECT on_date, to_stage_id FROM stage_change WHERE opportunity_id = ?"
                        " ORDER BY on_date, id",
                        (record_id,),
                    )
                ]
                if kept == [(step[3], step[2]) for step in steps]:
                    return False
                self.history_cleared.append((record_id,))
            self.steps.extend(steps)
            return True
        if old is None:
            if "history" in cell or record_id <= self.before_max:
                self.steps.extend(self._opening(record_id, row))
            return False
        if int(old["stage_id"]) != row["stage_id"]:
            entered = row["stage_entered"]
            self.steps.append(
                (
                    record_id,
                    int(old["stage_id"]),
                    row["stage_id"],
                    entered,
                    _days(entered, old["stage_entered"]),
                    move_between(
                        self.funnel.by_id[int(old["stage_id"])], self.funnel.by_id[row["stage_id"]]
                    ),
                )
            )
        return False

    def _opening(self, record_id: int, row: dict[str, Any]) -> list[Step]:
        """A new deal's history when the file gives none: opened on its opened_on into its
        stage, or into the first stage and closed on its closed_on."""
        if row["status"] not in CLOSED:
            return [(record_id, None, row["stage_id"], row["opened_on"], None, "open")]
        first = self.funnel.first_open.id
        return [
            (record_id, None, first, row["opened_on"], None, "open"),
            (
                record_id,
                first,
                row["stage_id"],
                row["closed_on"],
                _days(row["closed_on"], row["opened_on"]),
                "import",
            ),
        ]

    def _co_owners(
        self, shares: tuple[tuple[str, int], ...], owner_id: int | None, problems: list[str]
    ) -> list[tuple[int, int]]:
        """The co-owners' rep ids and splits."""
        wanted: list[tuple[int, int]] = []
        for rep, split in shares:
            try:
                rep_id = self.directory.rep_id(rep)
            except InvalidValue as err:
                problems.append(f"shares: {err.message}")
                continue
            if rep_id == owner_id:
                problems.append(f"shares: {rep} owns the deal; the owner keeps the rest")
            elif any(rep_id == other for other, _ in wanted):
                problems.append(f"shares: {rep} is named twice")
            wanted.append((rep_id, split))
        return wanted

    def _share_rows(self, record_id: int, wanted: list[tuple[int, int]], old: Any) -> bool:
        if old is not None:
            kept = {
                (int(r["rep_id"]), int(r["split"]))
                for r in self.db.rows(
                    "SELECT rep_id, split FROM opportunity_share WHERE opportunity_id = ?",
                    (record_id,),
                )
            }
            if kept == set(wanted):
                return False
            self.shares_cleared.append((record_id,))
        self.shares.extend((record_id, rep_id, split) for rep_id, split in wanted)
        return bool(wanted) or old is not None


# ---------------------------------------------------------------------------------------
# Import and export


def import_opportunities(
    session: Session,
    options: bulk.ImportOptions,
    *,
    create_missing: bool = False,
    stage_map: Sequence[str] = (),
) -> ImportResult:
    """Import deals, all or nothing: with ``create_missing`` the owners, accounts and
    contacts the book lacks are added; ``stage_map`` (``"Engaging=proposal"``) names the
    stage each of the file's stage names means."""
    funnel = _Funnel(session, stage_map)
    plan = _plan(funnel)
    directory = Directory(session, create=create_missing)
    return bulk.import_csv(
        session, plan, options, shaper=_DealRows(session, funnel, directory, plan)
    )


EXPORT_SQL = (
    "SELECT o.id, o.external_id, o.name, a.name AS account, c.name AS contact, o.amount,"
    " o.close_date, s.key AS stage, o.status, o.probability, o.forecast_category, o.source,"
    " o.competitor, o.loss_reason, o.summary, o.next_step, o.next_date, o.suspend_reason,"
    " o.suspended_until, o.opened_on, o.closed_on, r.handle AS owner,"
    " (SELECT group_concat(entry, ';') FROM (SELECT cr.handle || ':'"
    " || printf('%g', sh.split / 100.0) AS entry FROM opportunity_share sh"
    " JOIN rep cr ON cr.id = sh.rep_id WHERE sh.opportunity_id = o.id ORDER BY cr.handle))"
    " AS shares,"
    # An ordered subquery under an aggregate is not flattened: entries stay in date order.
    " (SELECT group_concat(entry, '; ') FROM (SELECT h.on_date || ' ' || t.key AS entry"
    " FROM stage_change h JOIN stage t ON t.id = h.to_stage_id"
    " WHERE h.opportunity_id = o.id ORDER BY h.on_date, h.id)) AS history"
    " FROM opportunity o JOIN stage s ON s.id = o.stage_id"
    " LEFT JOIN account a ON a.id = o.account_id"
    " LEFT JOIN contact c ON c.id = o.contact_id"
    " LEFT JOIN rep r ON r.id = o.owner_id"
)
EXPORT_CONVERT = {"amount": money.from_minor, "probability": money.from_minor}


def export_opportunities(
    session: Session,
    *,
    owner: str | None = None,
    status: str | None = None,
    ids: Sequence[int] | None = None,
    include_archived: bool = True,
) -> tuple[list[str], Iterator[list[Any]]]:
    """The header and a stream of rows: every deal, or those of one owner, one status, or
    the given ids. Accounts by name, owners and co-owners by handle, amounts in major
    units, and the history as the import reads it back."""
    where: list[str] = []
    params: list[Any] = []
    if owner:
        from salescli.services.core.reps import get_rep

        where.append("o.owner_id = ?")
        params.append(get_rep(session, owner).id)
    if status:
        where.append("o.status = ?")
        params.append(OpportunityStatus.parse(status, what="deal status").value)
    if ids is not None:
        where.append("o.id IN (SELECT value FROM json_each(?))")
        params.append("[" + ",".join(str(int(i)) for i in ids) + "]")
    if not include_archived:
        where.append("o.archived_at IS NULL")
    sql = EXPORT_SQL + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY o.id"
    return bulk.column_names(session, sql, params), bulk.export_rows(
        session, sql, params, EXPORT_CONVERT
    )


def write_opportunities_csv(session: Session, ids: Sequence[int], path: Path) -> int:
    """Write the given deals to ``path`` (as ``opp export`` would); returns how many."""
    header, rows = export_opportunities(session, ids=ids)
    return csvio.write_csv(path, header, rows)
