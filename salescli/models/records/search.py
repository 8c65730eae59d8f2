"""What `salescli search` finds."""

from __future__ import annotations

from salescli.models.frozen import record


@record
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


@record
class SearchGroup:
    """One kind's hits, newest first; ``more`` when the limit left some out."""

    kind: str
    heading: str
    hits: list[SearchHit]
    more: bool


@record
class SearchResult:
    text: str
    groups: list[SearchGroup]

    @property
    def hits(self) -> list[SearchHit]:
        return [hit for group in self.groups for hit in group.hits]
