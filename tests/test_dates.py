"""salescli.dates: every way a rep can type a date, and what they are told when it is wrong.

Today is pinned to Monday 2026-11-23 throughout; nothing reads the wall clock.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescli.dates import FORMS_HINT, parse_calendar_date, parse_date, parse_iso_date
from salescli.errors import InvalidValue

TODAY = date(2026, 11, 23)  # a Monday


# ---------------------------------------------------------------------------------------
# Absolute dates


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-23",
        "2026/11/23",
        "2026.11.23",
        "2026年11月23日",
        "2026年11月23",
        "  2026-11-23  ",
    ],
)
def test_absolute_forms_read_as_the_same_day(text: str) -> None:
    assert parse_date(text, TODAY) == date(2026, 11, 23)


def test_single_digit_month_and_day_are_accepted() -> None:
    assert parse_date("2026/1/5", TODAY) == date(2026, 1, 5)
    assert parse_date("2027年1月5日", TODAY) == date(2027, 1, 5)


def test_absolute_date_does_not_depend_on_today() -> None:
    assert parse_date("2020-02-29", date(1999, 1, 1)) == date(2020, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-23 10:00",
        "2026-11-23 10:00:59",
        "2026-11-23 10:00:59.123",
        "2026-11-23 23:59:59+08:00",
        "2026/11/23 9:30",
    ],
)
def test_a_time_after_the_date_is_dropped(text: str) -> None:
    assert parse_date(text, TODAY) == date(2026, 11, 23)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-23T10:00",
        "2026-11-23T10:00:00",
        "2026-11-23T10:00:00Z",
        "2026-11-23T10:00:00+08:00",
    ],
)
def test_iso_datetime_with_t_separator_is_a_date(text: str) -> None:
    """The ISO 8601 form spreadsheets and other CRMs export: 'T' between date and time."""
    assert parse_date(text, TODAY) == date(2026, 11, 23)


@pytest.mark.parametrize(
    "text", ["2026-11-23T10:00:00", "2026-11-23T10:00:00Z", "2026-11-23 10:00"]
)
def test_calendar_date_accepts_a_timestamp(text: str) -> None:
    assert parse_calendar_date(text) == date(2026, 11, 23)


# ---------------------------------------------------------------------------------------
# Words and relative dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 23)),
        ("tomorrow", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 22)),
        ("Today", date(2026, 11, 23)),
        (" TOMORROW ", date(2026, 11, 24)),
    ],
)
def test_words_are_relative_to_today(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+3d", date(2026, 11, 26)),
        ("-2d", date(2026, 11, 21)),
        ("+0d", date(2026, 11, 23)),
        ("+10d", date(2026, 12, 3)),
        ("+2w", date(2026, 12, 7)),
        ("-2w", date(2026, 11, 9)),
        ("+1m", date(2026, 12, 23)),
        ("+2m", date(2027, 1, 23)),
        ("-1m", date(2026, 10, 23)),
        ("+1y", date(2027, 11, 23)),
        ("-1y", date(2025, 11, 23)),
        ("+3D", date(2026, 11, 26)),
    ],
)
def test_relative_offsets(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 1, 31), "+1m", date(2026, 2, 28)),
        (date(2028, 1, 31), "+1m", date(2028, 2, 29)),
        (date(2026, 3, 31), "-1m", date(2026, 2, 28)),
        (date(2026, 3, 31), "+1m", date(2026, 4, 30)),
        (date(2028, 2, 29), "+1y", date(2029, 2, 28)),
        (date(2026, 8, 31), "+6m", date(2027, 2, 28)),
    ],
)
def test_month_and_year_offsets_clamp_to_the_month_end(
    today: date, text: str, expected: date
) -> None:
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon", date(2026, 11, 30)),  # today is Monday: the next one, a week on
        ("monday", date(2026, 11, 30)),
        ("tue", date(2026, 11, 24)),
        ("wed", date(2026, 11, 25)),
        ("thu", date(2026, 11, 26)),
        ("thurs", date(2026, 11, 26)),
        ("fri", date(2026, 11, 27)),
        ("Friday", date(2026, 11, 27)),
        ("sat", date(2026, 11, 28)),
        ("sun", date(2026, 11, 29)),
        ("SUNDAY", date(2026, 11, 29)),
    ],
)
def test_weekday_means_the_next_such_day_strictly_after_today(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_weekday_is_always_one_to_seven_days_ahead(today: date) -> None:
    friday = parse_date("fri", today)
    assert friday.weekday() == 4
    assert 1 <= (friday - today).days <= 7


# ---------------------------------------------------------------------------------------
# Refusals


@pytest.mark.parametrize(
    "text",
    ["", "   ", "soon", "next week", "23/11/2026", "11-23", "3d", "+3", "+3x", "mo", "fr", "+1.5m"],
)
def test_unreadable_text_is_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_date(text, TODAY)
    assert raised.value.message == f"'{text}' is not a date"
    assert raised.value.hint == FORMS_HINT


@pytest.mark.parametrize("text", ["2026-02-29", "2026-13-01", "2026-00-10", "2026-11-31"])
def test_impossible_calendar_day_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_date(text, TODAY)
    assert raised.value.message.startswith(f"'{text}' is not a valid date")


@pytest.mark.parametrize("text", ["+9999y", "-9999y", "-2100y"])
def test_offset_beyond_the_calendar_is_refused_as_invalid_value(text: str) -> None:
    """A huge offset is bad input like any other, not an unexpected ValueError."""
    with pytest.raises(InvalidValue) as raised:
        parse_date(text, TODAY)
    assert text in raised.value.message


@pytest.mark.parametrize("text", ["tomorrow", "today", "+3d", "fri", "", "2026-02-30"])
def test_calendar_date_is_absolute_only(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_calendar_date(text)
    assert f"'{text}' is not" in raised.value.message


def test_calendar_date_refusal_hints_at_iso() -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_calendar_date("tomorrow")
    assert raised.value.message == "'tomorrow' is not a date"
    assert raised.value.hint == "use YYYY-MM-DD"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026/11/23", date(2026, 11, 23)), ("2026年11月23日", date(2026, 11, 23))],
)
def test_calendar_date_reads_the_other_absolute_forms(text: str, expected: date) -> None:
    assert parse_calendar_date(text) == expected


def test_iso_date_is_strict() -> None:
    assert parse_iso_date("2026-11-23") == date(2026, 11, 23)
    assert parse_iso_date(" 2026-11-23\n") == date(2026, 11, 23)
    for text in ("2026/11/23", "today", "2026-02-30", ""):
        with pytest.raises(InvalidValue) as raised:
            parse_iso_date(text)
        assert raised.value.message == f"'{text}' is not a date in YYYY-MM-DD form"


# ---------------------------------------------------------------------------------------
# Properties


@given(st.dates(), st.dates())
def test_iso_text_of_any_date_reads_back_as_that_date(day: date, today: date) -> None:
    assert parse_date(day.isoformat(), today) == day


@given(st.dates())
def test_calendar_date_reads_back_any_iso_date(day: date) -> None:
    assert parse_calendar_date(day.isoformat()) == day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 1, 1)), st.integers(0, 999))
def test_day_offsets_are_plain_arithmetic(today: date, days: int) -> None:
    assert (parse_date(f"+{days}d", today) - today).days == days
    assert (today - parse_date(f"-{days}d", today)).days == days


# ---------------------------------------------------------------------------------------
# Chinese relative dates (today is Monday 2026-11-23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今天", date(2026, 11, 23)),
        ("明天", date(2026, 11, 24)),
        ("后天", date(2026, 11, 25)),
        ("大后天", date(2026, 11, 26)),
        ("昨天", date(2026, 11, 22)),
        ("前天", date(2026, 11, 21)),
        ("周五", date(2026, 11, 27)),
        ("星期五", date(2026, 11, 27)),
        ("礼拜五", date(2026, 11, 27)),
        ("周一", date(2026, 11, 30)),
        ("周日", date(2026, 11, 29)),
        ("星期天", date(2026, 11, 29)),
        ("下周一", date(2026, 11, 30)),
        ("下周五", date(2026, 12, 4)),
        ("下星期三", date(2026, 12, 2)),
        ("本周五", date(2026, 11, 27)),
        ("这周一", date(2026, 11, 23)),
        ("上周五", date(2026, 11, 20)),
        ("3天后", date(2026, 11, 26)),
        ("三天后", date(2026, 11, 26)),
        ("10天以后", date(2026, 12, 3)),
        ("两周后", date(2026, 12, 7)),
        ("1个月后", date(2026, 12, 23)),
        ("3天前", date(2026, 11, 20)),
        ("下周", date(2026, 11, 30)),
        ("下个月", date(2026, 12, 23)),
        ("上个月", date(2026, 10, 23)),
    ],
)
def test_chinese_relative_dates(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


def test_next_week_friday_is_in_next_calendar_week_even_on_sunday() -> None:
    sunday = date(2026, 11, 29)
    assert parse_date("下周五", sunday) == date(2026, 12, 4)
    assert parse_date("周五", sunday) == date(2026, 12, 4)


def test_a_chinese_weekday_looks_back_when_asked() -> None:
    assert parse_date("周五", TODAY, past=True) == date(2026, 11, 20)


@pytest.mark.parametrize("text", ["周八", "后后天", "三天", "天后", "下周八"])
def test_chinese_nonsense_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue, match="is not a date"):
        parse_date(text, TODAY)
