"""CSV import of opportunities: each row of a file, read through the mapping in
``opportunities_csv``, becomes a deal in the book, with its history and co-owners.

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

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import replace
from typing import Any

from salescli import dates
from salescli.db import days_between
from salescli.errors import InvalidValue
from salescli.models.enums import OpportunityStatus, StageKind
from salescli.models.records import ImportResult, Stage
from salescli.services.core import bulk
from salescli.services.core.attribution import campaign_ids
from salescli.services.core.directory import Directory
from salescli.services.core.reps import new_owner
from salescli.services.core.session import Session
from salescli.services.pipeline.lifecycle import move_between
from salescli.services.pipeline.opportunities_csv import (
    CLOSED,
    FIELD_COLUMNS,
    LIVE,
    LOST,
    WON,
    HistoryEntry,
    ImportFunnel,
    import_plan,
)

HISTORY_NOTE = "imported"
# The move of a closed deal whose stage before closing is unknown.
IMPORTED_MOVE = "import"
NO_ACCOUNT = "-"

# Fields written to tables of their own, beside the deal's row.
BESIDE = ("shares", "history")
# Columns every shaped row binds, whether or not the file has them: the row's record, and
# what follows from its stage and dates.
DERIVED = ("id", "stage_id", "status", "stage_entered", "opened_on", "closed_on", "owner_id")
# Columns whose value a row's shaping works out; the others are the file's cells as parsed.
WORKED_OUT = frozenset((*DERIVED, "account_id", "contact_id", "campaign_id"))


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
        self, session: Session, funnel: ImportFunnel, directory: Directory, plan: bulk.ImportPlan
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
        self.campaign_of: Callable[[str], int] | None = None
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
        # New won or lost deals without an opened date, opened on their close date.
        self.opened_on_close = 0
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
                f" {days_between('closed_on', 'opened_on')}, '{IMPORTED_MOVE}', :at,"
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

    def _campaign(self, cell: dict[str, Any], problems: list[str]) -> int | None:
        """The campaign a row names (id or exact name), if any."""
        text = cell.get("campaign")
        if not text:
            return None
        if self.campaign_of is None:
            self.campaign_of = campaign_ids(self.session)
        try:
            return self.campaign_of(text)
        except InvalidValue as err:
            problems.append(f"campaign: {err.message}")
            return None

    def _deal(self, cell: dict[str, Any], old: Any, problems: list[str]) -> dict[str, Any]:
        """The derived columns of a row (and owner, account and contact as ids)."""
        owner_id = self._owner(cell, old, problems)
        row: dict[str, Any] = {"owner_id": owner_id}
        row["account_id"] = self._account(cell, old, owner_id, problems)
        if "contact" in cell:
            row["contact_id"] = self._contact(cell, old, row["account_id"], problems)
        if "campaign" in cell:
            row["campaign_id"] = self._campaign(cell, problems)
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
        history: tuple[HistoryEntry, ...] | None = cell.get("history")
        status: str | None = cell.get("status")
        if history and stage is not None and history[-1][1].id != stage.id:
            history = self._moved_in_a_sheet(cell, history, stage, old)
        if history:
            last = history[-1][1]
            if stage is None:
                stage = last
            elif last.id != stage.id:
                problems.append(f"history: ends in {last.key}, but the stage is {stage.key}")
        if (
            stage is not None
            and old is not None
            and stage.id != int(old["stage_id"])
            and stage.kind in CLOSED
            and status == old["status"]
            and status in LIVE
        ):
            status = None  # the stage column alone closed it: won or lost, as the stage says
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

    def _moved_in_a_sheet(
        self,
        cell: dict[str, Any],
        history: tuple[HistoryEntry, ...],
        stage: Stage,
        old: Any,
    ) -> tuple[HistoryEntry, ...]:
        """A deal whose stage was changed in a spreadsheet, its history cell left as the
        export wrote it: the change is a move made today, added to the history as `opp
        advance` or `opp back` would record it (a sheet imported again finds the move
        made). Any other mismatch stays a problem."""
        if old is None:
            return history
        recorded = [
            (str(r["on_date"]), int(r["to_stage_id"]))
            for r in self.db.rows(
                "SELECT on_date, to_stage_id FROM stage_change WHERE opportunity_id = ?"
                " ORDER BY on_date, id",
                (int(old["id"]),),
            )
        ]
        written = [(entry.day, entry.stage.id) for entry in history]
        if recorded == written:
            moved_on = self.session.today.isoformat()
        elif recorded[:-1] == written and recorded[-1][1] == stage.id:
            moved_on = recorded[-1][0]  # the same sheet imported again: the move is made
        else:
            return history
        moved = (*history, HistoryEntry(moved_on, stage))
        cell["history"] = moved
        return moved

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
        history: tuple[HistoryEntry, ...] | None = cell.get("history")
        today = self.session.today.isoformat()
        opened_on: str | None = cell.get("opened_on")
        if history:
            if opened_on is None:
                opened_on = history[0][0]
            elif opened_on != history[0][0]:
                problems.append(
                    f"opened_on: {opened_on}, but the history starts on {history[0][0]}"
                )
        # A new deal the file gives no opened date: today, or, closed, its close date
        # (how it got there is already an unknown `import` move).
        unopened = opened_on is None and old is None
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
            if unopened and closed_on < opened_on:
                opened_on = closed_on
                self.opened_on_close += 1
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
        history: tuple[HistoryEntry, ...] | None = cell.get("history")
        if history:
            steps: list[Step] = []
            for index, (day, stage, unknown_before) in enumerate(history):
                if index == 0:
                    steps.append((record_id, None, stage.id, day, None, "open"))
                else:
                    before_day, before, _ = history[index - 1]
                    steps.append(
                        (
                            record_id,
                            before.id,
                            stage.id,
                            day,
                            _days(day, before_day),
                            IMPORTED_MOVE if unknown_before else move_between(before, stage),
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
                written = [(step[3], step[2]) for step in steps]
                if kept == written:
                    return False
                if kept and written[: len(kept)] == kept:
                    # Moves added after the recorded history (a stage changed in a sheet):
                    # only they are written; the recorded moves keep their notes and reps.
                    self.steps.extend(steps[len(kept) :])
                    return True
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
                IMPORTED_MOVE,
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
# Columns the import does not read


# Between the opening step's own note and the note kept from a file's extra columns.
KEPT_SEPARATOR = " — "


class _DealNotes(bulk.ExtraKeeper):
    """With --keep-extra, the cells of the columns the import does not read become a note
    on the deal, one per row ("Product: Widget; Region: EMEA"), written on its opening
    step in the stage history after that step's own note ("imported — Product: …"). A
    second import replaces the kept part rather than adding another. The notes wait in a
    temporary table until the end: a new deal's opening step is written last."""

    kept_as = "deal notes"

    def __init__(self, session: Session) -> None:
        self.db = session.db
        self.position = 0
        self.new_above: int | None = None
        self.pending: list[tuple[int, str]] = []

    def start(self, bound: Sequence[str], *, only_new: bool) -> None:
        self.position = list(bound).index("id")
        if only_new:
            self.new_above = int(self.db.scalar("SELECT coalesce(max(id), 0) FROM opportunity"))
        self.db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS kept_note"
            " (opportunity_id INTEGER PRIMARY KEY, note TEXT NOT NULL)"
        )
        self.db.execute("DELETE FROM kept_note")

    def keep(self, values: Sequence[Any], extra: list[tuple[str, str]]) -> None:
        record_id = values[self.position]
        if record_id is None:
            return  # a row of an update sheet naming no deal the book has: refused
        if self.new_above is None or record_id > self.new_above:
            note = "; ".join(f"{title}: {text}" for title, text in extra)
            self.pending.append((record_id, note))

    def after_batch(self, *, clean: bool) -> None:
        if clean:
            self.db.executemany("INSERT INTO kept_note VALUES (?, ?)", self.pending)
        self.pending = []

    def finish(self) -> None:
        own = (
            f"CASE WHEN instr(s.note, '{KEPT_SEPARATOR}') > 0"
            f" THEN substr(s.note, 1, instr(s.note, '{KEPT_SEPARATOR}') - 1)"
            f" ELSE coalesce(s.note, '{HISTORY_NOTE}') END"
        )
        noted = f"{own} || '{KEPT_SEPARATOR}' || k.note"
        self.written += self.db.execute(
            f"UPDATE stage_change AS s SET note = {noted} FROM kept_note k"
            " WHERE s.id = (SELECT o.id FROM stage_change o"
            " WHERE o.opportunity_id = k.opportunity_id ORDER BY o.on_date, o.id LIMIT 1)"
            f" AND s.note IS NOT {noted}"
        ).rowcount
        self.db.execute("DROP TABLE kept_note")


# ---------------------------------------------------------------------------------------
# Import


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
    funnel = ImportFunnel(session, stage_map)
    plan = import_plan(funnel)
    directory = Directory(session, create=create_missing)
    rows = _DealRows(session, funnel, directory, plan)
    result = bulk.import_csv(session, plan, options, shaper=rows, keeper=_DealNotes(session))
    return replace(result, opened_on_close=rows.opened_on_close)
