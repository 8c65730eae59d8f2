"""The CSV mapping of opportunities: the columns an import reads (in the order an export
writes them), their aliases (other CRMs' exports, Chinese spreadsheets), how each cell is
read, and how a file's stage names map onto the book's funnel (``--stage-map``).

``opportunities_import`` writes the rows into the book; ``opportunities_export`` writes
the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from salescli import csvio, dates
from salescli.errors import InvalidValue, UsageProblem
from salescli.models.enums import ForecastCategory, LossReason, OpportunityStatus, StageKind
from salescli.models.records import Stage
from salescli.services.core import bulk
from salescli.services.core.session import Session
from salescli.services.pipeline.opportunities_export import UNKNOWN_BEFORE
from salescli.services.pipeline.stages import closed_stage_kind, find_stage, list_stages

WON, LOST = StageKind.WON.value, StageKind.LOST.value
CLOSED = (WON, LOST)
LIVE = (OpportunityStatus.OPEN.value, OpportunityStatus.SUSPENDED.value)

# Forecast categories other CRMs give deals outside the forecast: none here.
NO_FORECAST_CATEGORY = frozenset({"closed", "omitted", "已关闭", "不预测"})
_SQUASH = re.compile(r"[\s_\-/]+")
_LIST_SEPARATOR = re.compile(r"[;；\n]")


class HistoryEntry(NamedTuple):
    """A move of a history column: the day, the stage entered, and whether the stage it
    came from is unknown."""

    day: str
    stage: Stage
    unknown_before: bool = False


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
    "campaign",
    "shares",
    "history",
)
FIELD_COLUMNS = {
    "account": "account_id",
    "contact": "contact_id",
    "stage": "stage_id",
    "owner": "owner_id",
    "campaign": "campaign_id",
}

ALIASES: dict[str, tuple[str, ...]] = {
    "campaign": ("campaign name", "marketing campaign", "primary campaign source", "市场活动"),
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
        "close value",
        "金额",
        "商机金额",
        "预计金额",
    ),
    "close_date": (
        "close date",
        "closing date",
        "expected close date",
        "closedate",
        "预计成交日期",
        "预计签约日期",
        "预计结单日期",
    ),
    "stage": (
        "deal stage",
        "opportunity stage",
        "sales stage",
        "pipeline stage",
        "stagename",
        "阶段",
        "销售阶段",
        "商机阶段",
    ),
    "status": ("deal status", "opportunity status", "状态", "商机状态"),
    "probability": ("probability (%)", "win probability", "赢率", "赢单率", "成交概率", "可能性"),
    "forecast_category": (
        "forecast category",
        "forecastcategoryname",
        "forecast",
        "预测类别",
        "预测分类",
    ),
    "source": (
        "lead source",
        "leadsource",
        "deal source",
        "opportunity source",
        "来源",
        "商机来源",
        "线索来源",
    ),
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
        "createddate",
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


def _date(text: str) -> str:
    return dates.parse_calendar_date(text).isoformat()


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


DATE_FIELDS = frozenset({"close_date", "next_date", "suspended_until", "opened_on", "closed_on"})
# Other CRMs' probability columns that hold fractions of one (0.9 is 90 %).
FRACTION_ALIASES = {"probability": ("deal probability", "hs deal stage probability")}


def _probabilities() -> Any:
    """A probability column's parser for one import: percentages (75, 75 %), refusing a
    column that also holds fractions (0.9 beside 75 is 0.9 % or 90 %, nobody can say)."""
    first: dict[str, str] = {}

    def parse(text: str) -> int:
        points = _probability(text)
        written_as = ""
        if 0 < points < 100 and not text.strip().endswith(("%", "％")):
            written_as = "fraction"
        elif points > 100:
            written_as = "percentage"
        if written_as:
            first.setdefault(written_as, text.strip())
            if len(first) == 2:
                raise InvalidValue(
                    f"the column holds both fractions ({first['fraction']}) and percentages"
                    f" ({first['percentage']}): 0.9 could be 0.9 % or 90 %",
                    hint="write every value one way, 90 or 0.9 (a column of fractions:"
                    " name it 'Deal probability')",
                )
        return points

    return parse


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


class ImportFunnel:
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
            or self.terminal.get(closed_stage_kind(text) or "")
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

    def history(self, text: str) -> tuple[HistoryEntry, ...]:
        """``2026-01-05 prospect; 2026-03-10 won (from an unknown stage)`` as entries."""
        steps: list[HistoryEntry] = []
        for entry in _LIST_SEPARATOR.split(text):
            entry = entry.strip()
            if not entry:
                continue
            day_text, _, stage_text = entry.partition(" ")
            if not stage_text.strip():
                raise InvalidValue(f"'{entry}' is not DATE STAGE", hint="e.g. 2026-01-05 prospect")
            day = _date(day_text)
            unknown_before = stage_text.endswith(UNKNOWN_BEFORE) and bool(steps)
            if unknown_before:
                stage_text = stage_text.removesuffix(UNKNOWN_BEFORE).strip()
            stage = self.history_stage(stage_text)
            if steps and day < steps[-1][0]:
                raise InvalidValue(
                    f"'{entry}' comes before {steps[-1][0]}: entries go in date order"
                )
            if steps and stage.id == steps[-1][1].id:
                raise InvalidValue(f"'{entry}': the deal is already in {stage.key}")
            steps.append(HistoryEntry(day, stage, unknown_before))
        return tuple(steps)


def _columns(funnel: ImportFunnel) -> tuple[csvio.Column, ...]:
    """The fields an import reads; stage names are read against ``funnel``."""
    parsers: dict[str, Any] = {
        "id": bulk.parse_id,
        "stage": funnel.stage,
        "status": _status,
        "probability": _probabilities(),
        "forecast_category": _forecast_category,
        "loss_reason": _loss_reason,
        "shares": _shares,
        "history": funnel.history,
    }
    return tuple(
        csvio.Column(
            name,
            ALIASES.get(name, ()),
            parse=parsers.get(name),
            required=name in ("name", "stage"),
            kind=csvio.AMOUNT if name == "amount" else csvio.DATE if name in DATE_FIELDS else "",
            fraction_aliases=FRACTION_ALIASES.get(name, ()),
        )
        for name in FIELDS
    )


def import_plan(funnel: ImportFunnel) -> bulk.ImportPlan:
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
            "campaign_id": "campaign",
        },
        # Stage history and co-owners beside each deal; with --create-missing, the
        # owners, accounts and contacts the book lacks.
        beside=("stage_change", "opportunity_share", "account", "contact", "rep"),
    )
