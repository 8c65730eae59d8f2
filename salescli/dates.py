"""Parsing and formatting of business dates: the only place dates are read from text.

Accepted: ISO dates (2026-11-23), 2026/11/23, 2026.11.23, 2026年11月23日, a date with a
time after it (the time is dropped), today, tomorrow, yesterday, +3d / -2w / +1m / +1y,
and weekday names (mon, friday), meaning the next such day after today; the common
Chinese forms too: 今天, 明天, 后天, 大后天, 昨天, 前天, 周五 / 星期五 (the next Friday),
下周一 (Monday of next week), 本周五, 上周五, 3天后, 2周后, 1个月后, 3天前, 下周, 下个月.
Also times of day ('fri 14:30') and calendar periods: a month (2026-12), a quarter
(2026-Q4), a year.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from salescli.errors import InvalidValue
from salescli.models.frozen import record

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
FORMS_HINT = (
    "use YYYY-MM-DD, today, tomorrow, +3d, +2w, +1m, a weekday such as fri, 明天, 周五 or 3天后"
)

# Patterns are kept as text and compiled by the re module on first use (it caches them):
# compiling all of them at import cost ~1 ms of every command, most of which read no date.
_ABSOLUTE = (
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_RELATIVE = r"^(?P<sign>[+-])(?P<n>\d{1,4})\s*(?P<unit>[dwmy])$"
_WORDS = {
    "today": 0,
    "tomorrow": 1,
    "yesterday": -1,
    "今天": 0,
    "今日": 0,
    "明天": 1,
    "明日": 1,
    "后天": 2,
    "大后天": 3,
    "昨天": -1,
    "昨日": -1,
    "前天": -2,
    "大前天": -3,
}
# Chinese relative dates: 下周一, 本周五, 上周日; 3天后, 两周后, 1个月以后, 3天前; 下周, 下个月.
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_CHINESE_DIGITS |= {"八": 8, "九": 9, "十": 10}
_CHINESE_WEEKDAYS = {**{d: n - 1 for d, n in _CHINESE_DIGITS.items() if n <= 6}, "日": 6, "天": 6}
_CHINESE_WEEKDAY = r"^(?P<week>下|本|这|上)?(?:个)?(?:周|星期|礼拜)(?P<day>[一二三四五六日天1-7])$"
_CHINESE_SHIFT = (
    r"^(?P<n>\d{1,4}|[一二两三四五六七八九十])\s*(?:个)?\s*(?P<unit>天|日|周|星期|礼拜|月|年)"
    r"\s*(?P<dir>后|以后|之后|前|以前|之前)$"
)
_CHINESE_NEXT = {"下周": (1, "w"), "下星期": (1, "w"), "下个月": (1, "m"), "下月": (1, "m")}
_CHINESE_NEXT |= {"上周": (-1, "w"), "上个月": (-1, "m"), "上月": (-1, "m"), "明年": (1, "y")}
_CHINESE_UNITS = {"天": "d", "日": "d", "周": "w", "星期": "w", "礼拜": "w", "月": "m", "年": "y"}
# Stored timestamps: UTC, ISO 8601, sortable as text, understood by SQLite's date functions.
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def parse_date(text: str, today: date, *, past: bool = False) -> date:
    """Read a date the way a rep types it; raises InvalidValue with the accepted forms.
    A weekday name is the next such day after today, or with ``past`` the last before."""
    value = text.strip().lower()
    if value in _WORDS:
        return today + timedelta(days=_WORDS[value])
    absolute = _absolute(text.strip(), text)
    if absolute is not None:
        return absolute
    match = re.match(_RELATIVE, value)
    if match:
        amount = int(match["n"]) * (1 if match["sign"] == "+" else -1)
        try:
            return _shift(today, amount, match["unit"])
        except (ValueError, OverflowError) as err:
            raise InvalidValue(f"'{text}' is beyond the calendar", hint=FORMS_HINT) from err
    chinese = _chinese(value, today)
    if chinese is not None:
        return chinese
    weekday = _weekday(value) if value[:1].isascii() else _chinese_weekday(value)
    if weekday is not None:
        if past:
            return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
        ahead = (weekday - today.weekday() - 1) % 7 + 1
        return today + timedelta(days=ahead)
    raise InvalidValue(f"'{text}' is not a date", hint=FORMS_HINT)


_TIME = r"^(?P<h>\d{1,2})(?::(?P<m>\d{2})(?::(?P<s>\d{2}))?)?\s*(?P<ampm>am|pm)?$"
# A day followed by a time of day (minutes or am/pm required: "tomorrow 9" is no time),
# perhaps with a zone, which is refused rather than dropped.
_DATE_AND_TIME = (  # any case
    r"^(?P<day>.+?)(?:\s+at\s+|[ T])"
    r"(?P<time>\d{1,2}(?::\d{2}(?::\d{2})?\s*(?:am|pm)?|\s*(?:am|pm)))"
    r"(?P<zone>\s*(?:Z|[+-]\d{2}:?\d{2}))?$"
)
WHEN_HINT = (
    "use a date (2026-12-01, tomorrow, fri, +3d), a date and a time (fri 14:30), or a time (16:00)"
)


def parse_time_of_day(text: str) -> str:
    """'9:30', '14:00', '14:00:00', '2pm', '9:30am' as HH:MM (local)."""
    match = re.match(_TIME, text.strip().lower())
    if match is None:
        raise InvalidValue(f"'{text}' is not a time of day", hint="use HH:MM, e.g. 09:30 or 14:00")
    hour, minute, second = int(match["h"]), int(match["m"] or 0), int(match["s"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise InvalidValue(f"'{text}' is not a time of day", hint="use HH:MM")
        hour = hour % 12 + (12 if match["ampm"] == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidValue(f"'{text}' is not a time of day", hint="use HH:MM, e.g. 09:30")
    return f"{hour:02d}:{minute:02d}"


def parse_when(text: str, today: date, *, past: bool = False) -> tuple[date, str | None]:
    """A day and, if given, a local time of day: '2026-12-01', 'fri 14:30', 'tomorrow at
    9am', '2026-12-01T10:00', or a time alone ('16:00', meaning today). A bad time is an
    error, never dropped. With ``past``, a weekday name means the last such day."""
    value = text.strip()
    clock = re.match(_TIME, value.lower())
    if clock is not None and (clock["m"] or clock["ampm"]):
        return today, parse_time_of_day(value)
    match = re.match(_DATE_AND_TIME, value, re.IGNORECASE)
    if match is not None:
        if match["zone"]:
            raise InvalidValue(
                f"'{text}' has a time zone; give the local time (e.g. 2026-12-01 10:30)"
            )
        return parse_date(match["day"], today, past=past), parse_time_of_day(match["time"])
    if re.search(r"\d:\d", value):
        raise InvalidValue(f"'{text}' is not a date and a time", hint=WHEN_HINT)
    return parse_date(value, today, past=past), None


def parse_calendar_date(text: str) -> date:
    """An absolute date only (no 'tomorrow' or '+3d'): for files, which have no today."""
    found = _absolute(text.strip(), text)
    if found is None:
        raise InvalidValue(f"'{text}' is not a date", hint="use YYYY-MM-DD")
    return found


def _absolute(value: str, original: str) -> date | None:
    match = re.match(_ABSOLUTE, value)
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError as err:
        raise InvalidValue(f"'{original}' is not a valid date: {err}") from err


def parse_iso_date(text: str) -> date:
    """A strict YYYY-MM-DD date, for --today and stored values."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as err:
        raise InvalidValue(f"'{text}' is not a date in YYYY-MM-DD form") from err


def _shift(day: date, amount: int, unit: str) -> date:
    if unit == "d":
        return day + timedelta(days=amount)
    if unit == "w":
        return day + timedelta(weeks=amount)
    from dateutil.relativedelta import relativedelta

    if unit == "m":
        return day + relativedelta(months=amount)
    return day + relativedelta(years=amount)


def count_days(count: int) -> str:
    """``1 day``, ``3 days``: a span as a message says it."""
    return f"{count} day{'' if count == 1 else 's'}"


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day where it is
    shorter): 2026-03-31 less 1 month is 2026-02-28."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, _month_end(year, month + 1).day))


def _chinese(value: str, today: date) -> date | None:
    """下周一, 本周五, 上周日 (a day of next, this or last calendar week, weeks starting on
    Monday); 3天后, 两周后, 1个月后, 3天前; 下周, 下个月, 上个月, 明年."""
    if value in _CHINESE_NEXT:
        amount, unit = _CHINESE_NEXT[value]
        return _shift(today, amount, unit)
    match = re.match(_CHINESE_WEEKDAY, value)
    if match and match["week"]:
        weeks = {"下": 1, "本": 0, "这": 0, "上": -1}[match["week"]]
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(weeks=weeks, days=_chinese_weekday_number(match["day"]))
    match = re.match(_CHINESE_SHIFT, value)
    if match:
        count = int(match["n"]) if match["n"].isdigit() else _CHINESE_DIGITS[match["n"]]
        sign = -1 if match["dir"].endswith("前") else 1
        try:
            return _shift(today, sign * count, _CHINESE_UNITS[match["unit"]])
        except (ValueError, OverflowError) as err:
            raise InvalidValue(f"'{value}' is beyond the calendar", hint=FORMS_HINT) from err
    return None


def _chinese_weekday_number(day: str) -> int:
    return int(day) - 1 if day.isdigit() else _CHINESE_WEEKDAYS[day]


def _chinese_weekday(value: str) -> int | None:
    """周五, 星期五, 礼拜五, 周日: a weekday, meant as the next (or last) such day."""
    match = re.match(_CHINESE_WEEKDAY, value)
    if match is None or match["week"]:
        return None
    return _chinese_weekday_number(match["day"])


def _weekday(value: str) -> int | None:
    if len(value) < 3:
        return None
    for index, name in enumerate(WEEKDAYS):
        if name.startswith(value):
            return index
    return None


def wall_today() -> date:
    return date.today()


def stamp(today: date, time_of_day: time | None = None) -> str:
    """The UTC timestamp recorded for 'now' when the command runs as if on `today`.

    The time of day is the wall clock's, so records made in sequence keep their order;
    the date is the one the command acts on.
    """
    # Combined naive, then placed in the local zone as of `today`: the UTC offset is the
    # one in force on that date (daylight saving), not today's.
    clock = datetime.now().time() if time_of_day is None else time_of_day
    pinned = datetime.combine(today, clock).astimezone()
    return pinned.astimezone(timezone.utc).strftime(TIMESTAMP_FORMAT)


def local_date_of(timestamp: str) -> date:
    """The local calendar date of a stored UTC timestamp, as a rep saw it."""
    moment = datetime.strptime(timestamp, TIMESTAMP_FORMAT).replace(tzinfo=timezone.utc)
    return moment.astimezone().date()


def local_minute_of(timestamp: str) -> str:
    """A stored UTC timestamp as local 'YYYY-MM-DD HH:MM', as a rep saw it."""
    moment = datetime.strptime(timestamp, TIMESTAMP_FORMAT).replace(tzinfo=timezone.utc)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


# ---- calendar periods: quotas and forecasts ----------------------------------------------

PERIOD_HINT = "a month (2026-12), a quarter (2026-Q4) or a year (2026)"
_MONTH = r"^(\d{4})-(\d{1,2})$"
_QUARTER = r"^(\d{4})\s*-?\s*Q([1-4])$"  # any case
_YEAR = r"^(\d{4})$"


@record
class Period:
    """A calendar month ('2026-12'), quarter ('2026-Q4') or year ('2026'), both ends
    included."""

    label: str
    kind: str
    start: date
    end: date

    @property
    def months(self) -> list[str]:
        return month_keys(self.start, self.end)

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


def month_keys(start: date, end: date) -> list[str]:
    """'YYYY-MM' of every month from ``start``'s to ``end``'s."""
    keys = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return keys


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def month_period(year: int, month: int) -> Period:
    return Period(f"{year:04d}-{month:02d}", "month", date(year, month, 1), _month_end(year, month))


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    return Period(
        f"{year:04d}-Q{quarter}", "quarter", date(year, first, 1), _month_end(year, first + 2)
    )


def year_period(year: int) -> Period:
    return Period(f"{year:04d}", "year", date(year, 1, 1), date(year, 12, 31))


def period_containing(day: date, kind: str) -> Period:
    if kind == "month":
        return month_period(day.year, day.month)
    if kind == "quarter":
        return quarter_period(day.year, (day.month - 1) // 3 + 1)
    return year_period(day.year)


def year_before(period: Period) -> Period:
    """The same month, quarter or year a year earlier."""
    return period_containing(period.start.replace(year=period.start.year - 1), period.kind)


def parse_period(text: str) -> Period:
    """A month (2026-12), a quarter (2026-Q4, 2026q4) or a year (2026)."""
    value = text.strip()
    try:
        if match := re.match(_MONTH, value):
            year, month = int(match[1]), int(match[2])
            if 1 <= month <= 12 and year >= 1:
                return month_period(year, month)
        elif match := re.match(_QUARTER, value, re.IGNORECASE):
            if int(match[1]) >= 1:
                return quarter_period(int(match[1]), int(match[2]))
        elif (match := re.match(_YEAR, value)) and int(match[1]) >= 1:
            return year_period(int(match[1]))
    except ValueError:  # pragma: no cover - the patterns keep dates in range
        pass
    raise InvalidValue(f"'{text}' is not a period", hint=f"use {PERIOD_HINT}")


# ---------------------------------------------------------------------------------------
# Dates in files from other systems: 6/2/2023 (US), 2/6/2023 (Europe), 2023-06-02T15:04:11Z

DATE_ORDERS = ("mdy", "dmy", "ymd")
DATE_FORMAT_HINT = "say how the file writes dates: --date-format mdy (6/2/2023), dmy or ymd"
# A day and a month in either order, then a four-digit year, perhaps with a time after it
# (dropped, as for ISO dates): what US and European exports write.
_NUMERIC_DATE = (
    r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{4})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$"
)
# An ISO date and time with a zone: the day it was where the book is kept.
_ZONED = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$"


def date_order_evidence(text: str) -> str | None:
    """Which order a day-and-month date proves by itself: 'dmy' for 25/3/2026, 'mdy' for
    3/25/2026, '' when it proves none (3/4/2026), None when it is no such date."""
    match = re.match(_NUMERIC_DATE, text.strip())
    if match is None:
        return None
    first, second = int(match["a"]), int(match["b"])
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return ""


def check_date_format(text: str) -> str:
    """A --date-format: mdy, dmy, ymd, or a strftime pattern such as %d.%m.%Y."""
    value = text.strip()
    if value.lower() in DATE_ORDERS:
        return value.lower()
    if "%" in value:
        # A pattern that reads back the date it writes names a day, a month and a year.
        sample = datetime(2026, 12, 31)
        try:
            read_back = datetime.strptime(sample.strftime(value), value)
        except ValueError as err:
            raise InvalidValue(
                f"--date-format '{text}' is not a strftime pattern of a date",
                hint="it needs the day, month and year, e.g. %d.%m.%Y",
            ) from err
        if read_back.date() != sample.date():
            raise InvalidValue(
                f"--date-format '{text}' does not give the day, month and year",
                hint="e.g. %d.%m.%Y",
            )
        return value
    raise InvalidValue(
        f"--date-format must be mdy, dmy, ymd or a strftime pattern (%d.%m.%Y), not '{text}'"
    )


def parse_file_date(text: str, order: str | None) -> date:
    """A date as another system's export writes it. ISO dates always read; a zoned ISO
    time is the day it was in the local time zone; a day and a month in either order read
    by ``order`` (mdy, dmy), or by themselves when they prove it (25/3/2026); otherwise
    the date is refused, naming --date-format. ``order`` may be a strftime pattern."""
    value = text.strip()
    if order is not None and "%" in order:
        try:
            return datetime.strptime(value, order).date()
        except ValueError as err:
            raise InvalidValue(f"'{text}' is not a date in the form {order}") from err
    if re.match(_ZONED, value):
        moment = datetime.fromisoformat(value.replace(" ", "T", 1).replace(" ", ""))
        return moment.astimezone().date()
    match = re.match(_NUMERIC_DATE, value)
    if match is None:
        return parse_calendar_date(value)
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    proven = date_order_evidence(value)
    chosen = order if order in ("mdy", "dmy") else proven
    if order == "ymd" or not chosen:
        raise InvalidValue(
            f"'{text}' could be {_spelled(first, second, year)} or {_spelled(second, first, year)}",
            hint=DATE_FORMAT_HINT,
        )
    month, day = (first, second) if chosen == "mdy" else (second, first)
    try:
        return date(year, month, day)
    except ValueError as err:
        raise InvalidValue(
            f"'{text}' is not a date read as {chosen}: {err}", hint=DATE_FORMAT_HINT
        ) from err


def _spelled(month: int, day: int, year: int) -> str:
    try:
        return date(year, month, day).strftime("%-d %B %Y")
    except ValueError:
        return "no date"
