"""What `salescli search` finds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchHit:
    """A record found: its kind (account, contact, lead, deal, activity), id, what to call
    it, where it belongs (the account, the company), the field that matched and its value,
    and the command that shows it."""

    kind: str
    id: int
    title: str
    detail: str
    matched: str
    value: str
    command: str


@dataclass(frozen=True)
class SearchGroup:
    """One kind's hits, newest first; ``more`` when the limit left some out."""

    kind: str
    heading: str
    hits: list[SearchHit]
    more: bool


@dataclass(frozen=True)
class SearchResult:
    text: str
    groups: list[SearchGroup]

    @property
    def hits(self) -> list[SearchHit]:
        return [hit for group in self.groups for hit in group.hits]
