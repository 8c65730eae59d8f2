"""What deleting, merging and undoing return."""

from __future__ import annotations

from dataclasses import field

from salescli.models.frozen import record


@record
class Deleted:
    """A record deleted, and how many rows of each kind went with it (itself included);
    ``unlinked``: records kept that referred to it and now refer to nothing."""

    entity: str
    id: int
    what: str
    removed: dict[str, int] = field(default_factory=dict)
    unlinked: int = 0


@record
class Merged:
    """Record ``merged_id`` merged into ``kept_id``: how many records moved to it, which
    of its empty fields it took from the other, and (``kept``) what both had where its
    own won."""

    entity: str
    kept_id: int
    merged_id: int
    what: str
    moved: dict[str, int] = field(default_factory=dict)
    filled: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


@record
class Undone:
    """A deletion or merge put back: its event, the rows restored, and (when forced)
    what it overwrote that had changed since, in words."""

    event_id: int
    action: str
    entity: str
    entity_id: int | None
    what: str
    restored: int
    overwrote: list[str] = field(default_factory=list)
