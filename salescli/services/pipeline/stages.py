"""The funnel's stages: their order, conversion rates, durations and contact cadences.

Open stages come first, in order, then ``won`` and ``lost``. A stage's win probability is
the product of its own conversion rate and every later open stage's; it is stored on the
stage and recomputed here whenever the funnel changes, so every query can read it.
A stage that deals' history still names is not deleted when removed but retired: history
keeps its meaning, and the stage leaves the funnel.
"""

from __future__ import annotations

import re
from decimal import Decimal

from salescli.errors import InvalidValue, NotFound, Refused, UsageProblem
from salescli.models.enums import StageKind
from salescli.models.records import Stage
from salescli.services.core.events import record_event
from salescli.services.core.permissions import require_book_manager
from salescli.services.core.rows import build_all, stored
from salescli.services.core.session import Session, writes

SELECT = (
    "SELECT s.id, s.key, s.name, s.position, s.kind, s.conversion, s.probability, s.days,"
    " s.cadence_days,"
    " (SELECT count(*) FROM opportunity o WHERE o.stage_id = s.id) AS deals"
    " FROM stage s"
)
RETIRED = "retired"
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,29}$")
HUNDRED = Decimal(100)


def list_stages(session: Session, *, with_deals: bool = False) -> list[Stage]:
    """The funnel in order: open stages, then won and lost."""
    select = (
        SELECT
        if with_deals
        else SELECT.replace("(SELECT count(*) FROM opportunity o WHERE o.stage_id = s.id)", "0")
    )
    return build_all(
        Stage,
        session.db.rows(f"{select} WHERE s.kind != '{RETIRED}' ORDER BY s.position"),
    )


def open_stages(session: Session) -> list[Stage]:
    return [stage for stage in list_stages(session) if stage.kind == StageKind.OPEN]


def terminal_stage(session: Session, kind: StageKind) -> Stage:
    return next(stage for stage in list_stages(session) if stage.kind == kind)


def find_stage(stages: list[Stage], text: str) -> Stage | None:
    """A stage by key or, failing that, by name, in any case."""
    wanted = text.strip().casefold()
    for stage in stages:
        if wanted == stage.key.casefold():
            return stage
    for stage in stages:
        if wanted == stage.name.casefold():
            return stage
    return None


def _name_free(session: Session, name: str, *, key: str) -> str:
    """A stage's name must not be another stage's key or name: `--to won` must mean won."""
    name = name.strip()
    if not name:
        raise InvalidValue("a stage needs a name")
    for other in list_stages(session):
        if other.key != key and name.casefold() in (other.key.casefold(), other.name.casefold()):
            raise Refused(f"'{name}' already names stage '{other.key}'", hint="choose another name")
    return name


# What other CRMs and Chinese spreadsheets call a closed deal's stage, squashed.
CLOSED_STAGE_NAMES = {
    "closedwon": StageKind.WON.value,
    "won": StageKind.WON.value,
    "赢单": StageKind.WON.value,
    "已赢单": StageKind.WON.value,
    "成交": StageKind.WON.value,
    "已成交": StageKind.WON.value,
    "closedlost": StageKind.LOST.value,
    "lost": StageKind.LOST.value,
    "输单": StageKind.LOST.value,
    "已输单": StageKind.LOST.value,
    "丢单": StageKind.LOST.value,
    "已丢单": StageKind.LOST.value,
}


def closed_stage_kind(text: str) -> str | None:
    """'won' or 'lost' for a name other systems give a closed stage (Closed Won, 赢单)."""
    return CLOSED_STAGE_NAMES.get(re.sub(r"[\s_\-/]+", "", text.strip().casefold()))


def resolve_stage(session: Session, text: str, *, open_only: bool = False) -> Stage:
    """A stage by key or name, or by what a CSV file may call a closed one (赢单)."""
    stages = list_stages(session)
    stage = find_stage(stages, text)
    if stage is None and (kind := closed_stage_kind(text)) is not None:
        stage = next((s for s in stages if s.kind == kind), None)
    if stage is None or (open_only and stage.kind != StageKind.OPEN):
        choices = [s.key for s in stages if not open_only or s.kind == StageKind.OPEN]
        raise NotFound(
            f"no {'open ' if open_only else ''}stage '{text.strip()}'",
            hint=f"choose one of: {', '.join(choices)}",
        )
    return stage


def _percent(value: Decimal, *, what: str) -> int:
    if not Decimal(0) <= value <= HUNDRED:
        raise InvalidValue(f"{what} must be between 0 and 100 %, not {value}")
    return int(stored(value.quantize(Decimal("0.01"))))


def _positive_days(value: int | None, *, what: str) -> int | None:
    if value is not None and value < 1:
        raise InvalidValue(f"{what} must be at least 1 day, not {value}")
    return value


def _renumber(session: Session, open_keys: list[str]) -> None:
    """Put the open stages in ``open_keys`` order, won and lost after them, and recompute
    every open stage's probability from its own and the later conversion rates."""
    rows = {
        row["key"]: row
        for row in session.db.rows(
            f"SELECT id, key, kind, conversion FROM stage WHERE kind != '{RETIRED}'"
        )
    }
    order = [*open_keys, *(key for key, row in rows.items() if row["kind"] == "won")]
    order += [key for key, row in rows.items() if row["kind"] == "lost"]
    # Positions are unique only by convention; move every stage out of the way first.
    session.db.execute("UPDATE stage SET position = position + 100000 WHERE kind != ?", (RETIRED,))
    probability = 10000
    probabilities: dict[str, int] = {}
    for key in reversed(open_keys):
        probability = probability * int(rows[key]["conversion"] or 0) // 10000
        probabilities[key] = probability
    for position, key in enumerate(order, start=1):
        kind = rows[key]["kind"]
        chance = probabilities.get(key, 10000 if kind == "won" else 0)
        session.db.execute(
            "UPDATE stage SET position = ?, probability = ? WHERE key = ?", (position, chance, key)
        )


def _open_keys(session: Session) -> list[str]:
    return [stage.key for stage in open_stages(session)]


@writes
def set_stage(
    session: Session,
    *,
    key: str,
    name: str | None = None,
    conversion: Decimal | None = None,
    days: int | None = None,
    cadence: int | None = None,
) -> Stage:
    require_book_manager(session, "change the funnel's stages")
    stage = resolve_stage(session, key)
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = _name_free(session, name, key=stage.key)
    numbers = {"conversion": conversion, "days": days, "cadence_days": cadence}
    given = {field: value for field, value in numbers.items() if value is not None}
    if given and stage.kind != StageKind.OPEN:
        raise Refused(
            f"'{stage.key}' is where deals end; it has no conversion, duration or cadence",
            hint="only its --name can change",
        )
    if conversion is not None:
        changes["conversion"] = _percent(conversion, what="a conversion rate")
    if days is not None:
        changes["days"] = _positive_days(days, what="the expected duration")
    if cadence is not None:
        changes["cadence_days"] = _positive_days(cadence, what="the contact cadence")
    if not changes:
        raise UsageProblem(
            "nothing to change", hint="give --name, --conversion, --days or --cadence"
        )
    before = session.db.row(
        "SELECT name, conversion, days, cadence_days FROM stage WHERE id = ?", (stage.id,)
    )
    assert before is not None
    changed = {
        field: [before[field], value] for field, value in changes.items() if before[field] != value
    }
    if changed:
        setters = ", ".join(f"{field} = ?" for field in changed)
        session.db.execute(
            f"UPDATE stage SET {setters} WHERE id = ?",
            (*(value for _, value in changed.values()), stage.id),
        )
        _renumber(session, _open_keys(session))
        record_event(session, entity="stage", entity_id=stage.id, action="edit", changes=changed)
    return resolve_stage(session, stage.key)


def _place(open_keys: list[str], key: str, *, after: str | None, first: bool) -> list[str]:
    if first == (after is not None):
        raise UsageProblem("say where: --after KEY or --first")
    keys = [k for k in open_keys if k != key]
    if first:
        return [key, *keys]
    assert after is not None
    if after == key:
        raise UsageProblem("a stage cannot come after itself")
    if after not in keys:
        raise NotFound(
            f"no open stage '{after}' to put it after",
            hint=f"choose one of: {', '.join(keys)}",
        )
    index = keys.index(after) + 1
    return [*keys[:index], key, *keys[index:]]


@writes
def add_stage(
    session: Session,
    *,
    key: str,
    name: str,
    after: str | None = None,
    first: bool = False,
    conversion: Decimal = HUNDRED,
    days: int = 30,
    cadence: int = 7,
) -> Stage:
    require_book_manager(session, "change the funnel's stages")
    key = key.strip().lower()
    if not KEY_PATTERN.match(key):
        raise InvalidValue(
            f"'{key}' is not a usable stage key",
            hint="a lower-case word: letters, digits and hyphens, starting with a letter",
        )
    existing = session.db.row("SELECT kind FROM stage WHERE key = ?", (key,))
    if existing is not None:
        raise Refused(
            f"stage '{key}' already exists"
            + (" (retired: deals' history still names it)" if existing["kind"] == RETIRED else ""),
            hint="choose another key",
        )
    name = _name_free(session, name, key=key)
    if find_stage(list_stages(session), key) is not None:
        raise Refused(f"'{key}' already names a stage", hint="choose another key")
    if after is not None:
        after = resolve_stage(session, after).key
    order = _place(_open_keys(session), key, after=after, first=first)
    cursor = session.db.execute(
        "INSERT INTO stage (key, name, position, kind, conversion, probability, days, cadence_days)"
        " VALUES (?, ?, 0, 'open', ?, 0, ?, ?)",
        (
            key,
            name.strip(),
            _percent(conversion, what="a conversion rate"),
            _positive_days(days, what="the expected duration"),
            _positive_days(cadence, what="the contact cadence"),
        ),
    )
    _renumber(session, order)
    record_event(
        session,
        entity="stage",
        entity_id=int(cursor.lastrowid or 0),
        action="add",
        changes={"key": key, "name": name.strip(), "after": after, "first": first},
    )
    return resolve_stage(session, key)


@writes
def move_stage(
    session: Session, *, key: str, after: str | None = None, first: bool = False
) -> list[Stage]:
    require_book_manager(session, "change the funnel's stages")
    stage = resolve_stage(session, key, open_only=True)
    if after is not None:
        after = resolve_stage(session, after).key
    before = _open_keys(session)
    order = _place(before, stage.key, after=after, first=first)
    if order != before:
        _renumber(session, order)
        record_event(
            session,
            entity="stage",
            entity_id=stage.id,
            action="move",
            changes={"order": [before, order]},
        )
    return list_stages(session, with_deals=True)


@writes
def remove_stage(session: Session, *, key: str) -> Stage:
    require_book_manager(session, "change the funnel's stages")
    stage = resolve_stage(session, key)
    if stage.kind != StageKind.OPEN:
        raise Refused(f"'{stage.key}' is where deals end; it cannot be removed")
    keys = _open_keys(session)
    if len(keys) == 1:
        raise Refused(f"'{stage.key}' is the only open stage; a funnel needs one")
    deals = int(
        session.db.scalar("SELECT count(*) FROM opportunity WHERE stage_id = ?", (stage.id,))
    )
    if deals:
        raise Refused(
            f"stage '{stage.key}' holds {deals} deal{'s' if deals != 1 else ''}",
            hint=f"move them first: 'salescli opp list --stage {stage.key} --status all'",
        )
    in_history = session.db.scalar(
        "SELECT 1 FROM stage_change WHERE from_stage_id = ? OR to_stage_id = ? LIMIT 1",
        (stage.id, stage.id),
    )
    if in_history:
        session.db.execute(
            "UPDATE stage SET kind = ?, position = 1000000 + id WHERE id = ?", (RETIRED, stage.id)
        )
    else:
        session.db.execute("DELETE FROM stage WHERE id = ?", (stage.id,))
    _renumber(session, [k for k in keys if k != stage.key])
    record_event(
        session,
        entity="stage",
        entity_id=stage.id,
        action="remove",
        changes={"key": stage.key, "retired": bool(in_history)},
    )
    return stage
