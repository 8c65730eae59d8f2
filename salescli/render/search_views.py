"""What `salescli search` shows: a table per kind of record, each row with the command
that opens it."""

from __future__ import annotations

from salescli.models.records import SearchResult
from salescli.render.output import Col, emit_section, emit_table, say

COLUMNS = (
    Col("ID", lambda hit: str(hit.id), right=True, nowrap=True),
    Col("Name", lambda hit: hit.title),
    Col("Details", lambda hit: hit.detail),
    Col("Matched", lambda hit: f"{hit.matched}: {hit.value}"),
    Col("Open with", lambda hit: hit.command, nowrap=True),
)


def search_view(result: SearchResult) -> None:
    """Each kind under its heading; nothing found is a note on stderr, not data."""
    if not result.groups:
        say(f"nothing matches '{result.text}'")
        return
    for group in result.groups:
        more = "; more with a higher --limit" if group.more else ""
        emit_section(f"{group.heading} ({len(group.hits)}{more})")
        emit_table(COLUMNS, group.hits, empty="")
