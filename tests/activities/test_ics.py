"""`visit ics`: the plan as an iCalendar file, parsed back by a small strict RFC 5545
reader (no calendar library is installed): line ends, folding, structure, escaping,
every field of an event, stable UIDs and the window of days."""

from __future__ import annotations

import itertools
import re
import stat
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescli.db import backup_database
from salescli.errors import UsageProblem
from salescli.models.enums import ActivityType
from salescli.services.activities import activities
from salescli.services.activities import calendar as ics
from salescli.services.core import reps
from salescli.services.core.session import Session, open_session
from salescli.services.customers import accounts, contacts
from salescli.services.pipeline import opportunities
from tests.conftest import TODAY

# ---------------------------------------------------------------------------------------
# A strict reader


@dataclass
class Prop:
    name: str
    params: dict[str, str]
    value: str


@dataclass
class Component:
    name: str
    props: list[Prop] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def all(self, name: str) -> list[Prop]:
        return [prop for prop in self.props if prop.name == name]

    def one(self, name: str) -> Prop:
        found = self.all(name)
        assert len(found) == 1, f"{self.name} has {len(found)} {name}"
        return found[0]

    def text(self, name: str) -> str:
        return unescape(self.one(name).value)

    def has(self, name: str) -> bool:
        return bool(self.all(name))


_NAME = re.compile(r"^[A-Z0-9-]+$")


def physical_lines(data: bytes) -> list[bytes]:
    """The file's lines: CRLF after every one, no bare CR or LF, at most 75 octets each,
    each one whole UTF-8 (folding never splits a character)."""
    assert data.endswith(b"\r\n"), "the file must end with CRLF"
    lines = data[:-2].split(b"\r\n")
    for number, line in enumerate(lines, start=1):
        assert b"\r" not in line and b"\n" not in line, f"line {number}: bare CR or LF"
        assert len(line) <= 75, f"line {number} has {len(line)} octets"
        line.decode("utf-8")  # raises if a character was cut in two
    return lines


def unfold(data: bytes) -> list[str]:
    logical: list[str] = []
    for line in physical_lines(data):
        text = line.decode("utf-8")
        if text[:1] in (" ", "\t"):
            assert logical, "a continuation before any line"
            logical[-1] += text[1:]
        else:
            logical.append(text)
    return logical


def split_line(line: str) -> Prop:
    """NAME;PARAM=VALUE:VALUE, with quoted parameter values."""
    head, quoted = [], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head_text, value = line[:index], line[index + 1 :]
            break
        head.append(char)
    else:
        raise AssertionError(f"no ':' in {line!r}")
    name, *params = head_text.split(";")
    assert _NAME.match(name), f"bad property name {name!r}"
    parsed = {}
    for param in params:
        key, sep, param_value = param.partition("=")
        assert sep and _NAME.match(key), f"bad parameter {param!r}"
        parsed[key] = param_value
    return Prop(name, parsed, value)


def parse(data: bytes) -> Component:
    stack: list[Component] = []
    root: Component | None = None
    for line in unfold(data):
        prop = split_line(line)
        if prop.name == "BEGIN":
            component = Component(prop.value)
            if stack:
                stack[-1].children.append(component)
            else:
                assert root is None, "two top-level components"
                root = component
            stack.append(component)
        elif prop.name == "END":
            assert stack and stack[-1].name == prop.value, f"END:{prop.value} out of place"
            stack.pop()
        else:
            assert stack, f"{prop.name} outside a component"
            stack[-1].props.append(prop)
    assert not stack, "a component is not closed"
    assert root is not None and root.name == "VCALENDAR"
    return root


def unescape(value: str) -> str:
    """A TEXT value; an unescaped ',' or ';' or an unknown escape is an error."""
    out, index = [], 0
    while index < len(value):
        char = value[index]
        if char == "\\":
            following = value[index + 1 : index + 2]
            assert following in ("\\", ";", ",", "n", "N"), f"bad escape in {value!r}"
            out.append("\n" if following in "nN" else following)
            index += 2
            continue
        assert char not in ",;", f"unescaped {char!r} in {value!r}"
        out.append(char)
        index += 1
    return "".join(out)


def calendar(text: str) -> Component:
    """Parse an export and check what every calendar needs."""
    root = parse(text.encode("utf-8"))
    assert root.one("VERSION").value == "2.0"
    assert root.one("PRODID").value.startswith("-//salescli//")
    assert root.one("CALSCALE").value == "GREGORIAN"
    for event in root.children:
        assert event.name == "VEVENT"
        assert re.fullmatch(r"\d{8}T\d{6}Z", event.one("DTSTAMP").value)
        event.one("UID")
        event.one("DTSTART")
        event.one("DTEND")
        event.one("SUMMARY")
    return root


def events(root: Component) -> dict[str, Component]:
    """Events by their activity's id (from the last line of the description)."""
    found = {}
    for event in root.children:
        last = event.text("DESCRIPTION").splitlines()[-1]
        found[last.rsplit(" ", 1)[-1]] = event
    return found


# ---------------------------------------------------------------------------------------
# A small book


def at(days: int, clock: str | None = None) -> tuple[date, str | None]:
    return TODAY + timedelta(days=days), clock


@pytest.fixture
def book(session: Session) -> Session:
    accounts.add_account(
        session,
        name="Acme, Inc.",
        address="Unit 4; 12 Dock Road\nRiverside, Springfield",
        phone="+1 555 0100",
    )
    accounts.add_account(session, name="华东机械有限公司", address="上海市浦东新区张江路 88 号")
    contacts.add_contact(session, account="Acme, Inc.", name="Dana Scully", phone="+1 555 0199")
    opportunities.add_opportunity(
        session,
        account="Acme, Inc.",
        name="Press line",
        amount=Decimal("48000"),
        close_date=date(2027, 2, 1),
        stage="proposal",
    )
    return session


def plan(session: Session, account: str, when: tuple[date, str | None], **kwargs: Any) -> int:
    return activities.plan_activity(session, account=account, at=when, **kwargs).id


# ---------------------------------------------------------------------------------------
# Tests


def test_every_field_of_a_timed_visit(book: Session) -> None:
    visit = plan(
        book,
        "Acme, Inc.",
        at(2, "10:30"),
        opportunity=1,
        contact="Dana Scully",
        purpose="Walk the line",
        objective="Agree on the pilot",
        min_objective="A date for the demo",
    )
    text = ics.calendar_of(book)
    root = calendar(text)
    assert root.one("METHOD").value == "PUBLISH"
    assert unescape(root.one("X-WR-CALNAME").value) == "salescli: alice"
    event = events(root)[str(visit)]
    assert event.one("UID").value == f"activity-{visit}@{ics.book_id(book)}.salescli"
    stamped = datetime.strptime(book.now(), "%Y-%m-%dT%H:%M:%SZ")
    assert event.one("DTSTAMP").value == stamped.strftime("%Y%m%dT%H%M%SZ")
    assert event.one("LAST-MODIFIED").value == stamped.strftime("%Y%m%dT%H%M%SZ")
    assert int(event.one("SEQUENCE").value) > 0
    start, end = event.one("DTSTART"), event.one("DTEND")
    # Floating local time: no zone, no 'Z'.
    assert (start.params, start.value) == ({}, "20261125T103000")
    assert (end.params, end.value) == ({}, "20261125T113000")
    assert not event.has("TRANSP")
    assert event.text("SUMMARY") == "Visit: Acme, Inc."
    assert event.text("LOCATION") == "Unit 4; 12 Dock Road\nRiverside, Springfield"
    assert event.text("DESCRIPTION").splitlines() == [
        "Purpose: Walk the line",
        "Objective: Agree on the pilot",
        "Minimum objective: A date for the demo",
        "Contact: Dana Scully, +1 555 0199",
        "Account phone: +1 555 0100",
        "Deal 1: Press line (Proposal, 48,000.00)",
        f"salescli visit show {visit}",
    ]
    assert event.text("CATEGORIES") == "Visit"
    assert event.one("STATUS").value == "CONFIRMED"


def test_a_whole_day_call_and_a_short_one(book: Session) -> None:
    whole_day = plan(book, "华东机械有限公司", at(0), activity_type=ActivityType.CALL)
    late_call = plan(book, "Acme, Inc.", at(1, "23:45"), activity_type=ActivityType.CALL)
    found = events(calendar(ics.calendar_of(book)))
    event = found[str(whole_day)]
    assert event.one("DTSTART").params == {"VALUE": "DATE"}
    assert event.one("DTSTART").value == "20261123"
    assert (event.one("DTEND").params, event.one("DTEND").value) == ({"VALUE": "DATE"}, "20261124")
    assert event.one("TRANSP").value == "TRANSPARENT"
    assert event.text("SUMMARY") == "Call: 华东机械有限公司"
    assert event.text("LOCATION") == "上海市浦东新区张江路 88 号"
    assert event.text("DESCRIPTION") == f"salescli visit show {whole_day}"
    # A call takes half an hour, and one late in the evening ends the next day.
    late = found[str(late_call)]
    assert late.one("DTSTART").value == "20261124T234500"
    assert late.one("DTEND").value == "20261125T001500"
    assert not late.has("TRANSP")


def test_tricky_text_is_escaped_and_reads_back(book: Session) -> None:
    tricky = "Price, terms; C:\\offers\\v2\nthen 签合同, 付款；再见\r\nend\\n"
    visit = plan(book, "Acme, Inc.", at(3, "09:00"), purpose=tricky)
    text = ics.calendar_of(book)
    raw = next(line for line in unfold(text.encode()) if line.startswith("DESCRIPTION:"))
    assert raw.startswith(
        "DESCRIPTION:Purpose: Price\\, terms\\; C:\\\\offers\\\\v2\\nthen 签合同\\, 付款；再见\\nend\\\\n"
    )
    event = events(calendar(text))[str(visit)]
    assert event.text("DESCRIPTION").splitlines()[0:3] == [
        "Purpose: Price, terms; C:\\offers\\v2",
        "then 签合同, 付款；再见",
        "end\\n",
    ]
    assert "SUMMARY:Visit: Acme\\, Inc." in unfold(text.encode())


def test_long_lines_are_folded_without_breaking_characters(book: Session) -> None:
    purpose = "讨论二期项目的预算、交付时间和培训安排🚚" * 12 + " and a long English tail" * 5
    visit = plan(book, "华东机械有限公司", at(4, "14:00"), purpose=purpose)
    text = ics.calendar_of(book)
    data = text.encode("utf-8")
    lines = physical_lines(data)
    assert max(len(line) for line in lines) <= 75
    assert sum(line.startswith(b" ") for line in lines) > 10
    # Folding fills each line: a line is cut short only where the next character would
    # not fit.
    for line, following in itertools.pairwise(lines):
        if following.startswith(b" "):
            first = following[1:].decode()[:1].encode()
            assert len(line) + len(first) > 75
    event = events(calendar(text))[str(visit)]
    assert event.text("DESCRIPTION").splitlines()[0] == f"Purpose: {purpose}"


def test_uids_are_stable_across_exports_and_copies(book: Session, db_path: Path) -> None:
    first = plan(book, "Acme, Inc.", at(1, "10:00"))
    second = plan(book, "华东机械有限公司", at(2))
    before = {key: e.one("UID").value for key, e in events(calendar(ics.calendar_of(book))).items()}
    assert len(set(before.values())) == 2
    # A week later the first visit was moved; the copy of the book exports the same UIDs.
    activities.move_activity(book, activity_id=first, at=at(5, "11:00"))
    copy = backup_database(book.db, db_path.with_name("copy.db"))
    with open_session(copy, today=TODAY + timedelta(days=1), acting_handle="alice") as later:
        found = events(calendar(ics.calendar_of(later)))
        assert {key: e.one("UID").value for key, e in found.items()} == before
        assert found[str(first)].one("DTSTART").value == "20261128T110000"
        assert found[str(second)].one("DTSTART").value == "20261125"


def test_another_book_gives_other_uids(book: Session, tmp_path: Path) -> None:
    with open_session(tmp_path / "other.db", today=TODAY, acting_handle="alice") as other:
        other._now = "2026-11-20T09:00:00Z"  # the same first rep, set up another time
        reps.add_rep(other, handle="alice", name="Alice Chen")
        assert ics.book_id(other) != ics.book_id(book)


def test_only_planned_activities_in_the_window(book: Session) -> None:
    today = plan(book, "Acme, Inc.", at(0, "08:00"))
    last_day = plan(book, "Acme, Inc.", at(30))
    beyond = plan(book, "Acme, Inc.", at(31))
    cancelled = plan(book, "Acme, Inc.", at(5))
    activities.cancel_activity(book, activity_id=cancelled)
    done = plan(book, "Acme, Inc.", at(0, "07:00"))
    activities.complete_activity(book, activity_id=done, outcome="Met", at=at(0, "07:30"))
    activities.log_activity(book, account="Acme, Inc.", outcome="Called", at=at(-2))
    plan(book, "Acme, Inc.", at(1), owner="bob")
    assert set(events(calendar(ics.calendar_of(book)))) == {str(today), str(last_day)}
    assert set(events(calendar(ics.calendar_of(book, days=0)))) == {str(today)}
    # Yesterday's plan that was never done is overdue: not on the calendar.
    with open_session(book.db.path, today=TODAY + timedelta(days=1), acting_handle="alice") as on:
        assert set(events(calendar(ics.calendar_of(on)))) == {str(last_day), str(beyond)}


def test_another_owner_and_everyone(book: Session) -> None:
    mine = plan(book, "Acme, Inc.", at(1, "09:00"))
    bobs = plan(book, "Acme, Inc.", at(2, "09:00"), owner="bob")
    root = calendar(ics.calendar_of(book, owner="bob"))
    assert set(events(root)) == {str(bobs)}
    assert unescape(root.one("X-WR-CALNAME").value) == "salescli: bob"
    everyone = calendar(ics.calendar_of(book, everyone=True))
    found = events(everyone)
    assert set(found) == {str(mine), str(bobs)}
    assert "Owner: bob" in found[str(bobs)].text("DESCRIPTION").splitlines()
    assert unescape(everyone.one("X-WR-CALNAME").value) == "salescli: everyone"
    with pytest.raises(UsageProblem):
        ics.calendar_of(book, owner="bob", everyone=True)


def test_an_empty_plan_is_still_a_calendar(book: Session) -> None:
    root = calendar(ics.calendar_of(book))
    assert root.children == []


def test_days_must_be_sensible(book: Session) -> None:
    with pytest.raises(UsageProblem):
        ics.calendar_of(book, days=-1)
    with pytest.raises(UsageProblem):
        ics.calendar_of(book, days=100_000)


def test_the_file_is_private_and_keeps_crlf(book: Session, tmp_path: Path) -> None:
    plan(book, "华东机械有限公司", at(1, "09:00"), purpose="带样品")
    target = tmp_path / "plan.ics"
    text = ics.calendar_of(book)
    ics.write_calendar(target, text)
    assert target.read_bytes() == text.encode("utf-8")
    assert target.read_bytes().count(b"\r\n") == target.read_bytes().count(b"\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


# ---------------------------------------------------------------------------------------
# Escaping and folding, for any text


@given(st.text(max_size=400))
def test_escape_and_fold_round_trip(value: str) -> None:
    line = "DESCRIPTION:" + ics.escape_text(value)
    data = (ics.fold(line) + "\r\n").encode("utf-8")
    [logical] = unfold(data)
    assert logical == line
    expected = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", value.replace("\r\n", "\n"))
    assert unescape(split_line(logical).value) == expected.replace("\r", "\n")
