"""Options shared by many commands, defined once."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer._click import types as click_types
from typer._click.parser import _OptionParser
from typer.core import TyperCommand

from salescli import dates, money
from salescli.cli import context
from salescli.errors import InvalidValue, UsageProblem
from salescli.models.enums import Choice

C = TypeVar("C", bound=Choice)


def parse_date_option(text: str) -> date:
    try:
        return dates.parse_date(text, context.CURRENT.today)
    except InvalidValue as err:
        raise typer.BadParameter(f"{err.message} ({dates.FORMS_HINT})") from err


def choice_option(cls: type[C], text: str | None, *, flag: str, what: str) -> C | None:
    """A closed-vocabulary value read the loose way files are (any case, synonyms such as
    电话 for call); typer's own enum options accept only the exact values."""
    if text is None:
        return None
    try:
        return cls.parse(text, what=what)  # type: ignore[return-value]
    except InvalidValue as err:
        raise UsageProblem(f"{flag}: {err.message}", hint=err.hint) from err


class ChoiceType(click_types.ParamType):
    """An option from a closed vocabulary, read as CSV import reads it: any case, and the
    synonyms other CRMs and Chinese spreadsheets use (--source 展会 is a trade show).
    Typer's enum options take only the exact values, and wrap the list of them mid-word."""

    def __init__(self, cls: type[Choice], what: str) -> None:
        self.cls = cls
        self.what = what
        self.name = what

    def convert(self, value: Any, param: Any, ctx: Any) -> Choice:
        if isinstance(value, self.cls):
            return value
        try:
            return self.cls.parse(str(value), what=self.what)
        except InvalidValue as err:
            self.fail(f"{err.message}; {err.hint}", param, ctx)


class CheckedType(click_types.ParamType):
    """An option value read by a service's parser (one that raises InvalidValue): a value
    it cannot read is bad usage, exit 2, as with every option (DESIGN "Errors"); "" stays
    "" where an edit clears a field with it."""

    def __init__(self, parse: Callable[[str], Any], what: str) -> None:
        self.parse = parse
        self.name = what

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        text = str(value)
        if not text.strip():
            return ""
        try:
            return self.parse(text)
        except InvalidValue as err:
            self.fail(f"{err.message}; {err.hint}" if err.hint else err.message, param, ctx)


def choice_help(cls: type[Choice], text: str) -> str:
    """An option's help that lists its values, for an option read by ChoiceType."""
    from salescli.models.enums import SYNONYM_TEXT

    values = cls.values()
    listed = f"{', '.join(values[:-1])} or {values[-1]}"
    words = [word for synonyms in SYNONYM_TEXT.get(cls.__name__, {}).values() for word in synonyms]
    example = f" (or as CSV files write it, e.g. {words[0]})" if words else ""
    return f"{text}: {listed}{example}."


def choice_flag(
    cls: type[Choice], flag: str, *, what: str, metavar: str, text: str, listed: bool = True
) -> Any:
    """An option read by ChoiceType, whose help lists the values (unless ``listed`` is
    false: the help says which apply)."""
    return typer.Option(
        flag,
        click_type=ChoiceType(cls, what),
        metavar=metavar,
        help=choice_help(cls, text) if listed else text,
    )


def when_option(
    text: str | None, *, flag: str, past: bool = False
) -> tuple[date, str | None] | None:
    """A day and, if given, a time of day (2026-12-01, fri 14:30, tomorrow at 9am, 16:00).
    Read here rather than by typer, which would take a tuple for two values."""
    if text is None:
        return None
    try:
        return dates.parse_when(text, context.CURRENT.today, past=past)
    except InvalidValue as err:
        raise UsageProblem(f"{flag}: {err.message}", hint=err.hint or dates.WHEN_HINT) from err


def parse_amount_option(text: str) -> Decimal:
    """An amount typed as an option's value or an argument. A negative one is bad data,
    refused in words (exit 1) as every amount below zero is; anything else that is not
    an amount is bad usage (exit 2)."""
    try:
        return money.parse_amount(text)
    except InvalidValue as err:
        if NEGATIVE_NUMBER.match(text.strip()):
            raise InvalidValue(f"an amount cannot be negative ({text.strip()})") from None
        raise typer.BadParameter(err.message) from err


# -5, -500, -1,200.50, -.5, -1.2万: a number below zero, not an option.
NEGATIVE_NUMBER = re.compile(r"^-\.?\d")


class _NumbersParser(_OptionParser):
    """Click's parser, except that a negative number not named as an option is an
    argument."""

    def _process_opts(self, arg: str, state: Any) -> None:
        known = arg in self._short_opt or arg.split("=", 1)[0] in self._long_opt
        if NEGATIVE_NUMBER.match(arg) and not known and self.allow_interspersed_args:
            state.largs.append(arg)
        else:
            super()._process_opts(arg, state)


class SalesCommand(TyperCommand):
    """Every salescli command: its parser reads a negative number given as an argument
    (`receivable add C -500`, `expense add -5`) as that argument, where click would call
    it an unknown option ("No such option: -5"); the argument's own parser (AmountArg's,
    an id's) then says what is wrong with it. An option's value (--amount -5) is already
    read as one."""

    def make_parser(self, ctx: Any) -> _OptionParser:
        parser = _NumbersParser(ctx)
        for param in self.get_params(ctx):
            param.add_to_parser(parser, ctx)
        return parser


def use_sales_command(group: typer.Typer) -> None:
    """Make every command of ``group`` and of its subgroups a SalesCommand (unless it
    names its own class); called once as a command group is loaded."""
    for info in group.registered_commands:
        if info.cls in (None, TyperCommand):  # typer's default
            info.cls = SalesCommand
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            use_sales_command(sub.typer_instance)


def parse_percent_option(text: str) -> Decimal:
    """A percentage: 40, 40%, 12.5 (between 0 and 100)."""
    from decimal import InvalidOperation

    try:
        value = Decimal(text.strip().removesuffix("%").strip())
    except InvalidOperation:
        raise typer.BadParameter(f"'{text}' is not a percentage (e.g. 40 or 12.5%)") from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise typer.BadParameter(f"a percentage is between 0 and 100, not {text}")
    return value


def _clear() -> Any:
    """The value that empties a field in an edit; imported when an edit reads its options,
    not by every command that shares them (it brings the edit services and json)."""
    from salescli.services.core.edits import CLEAR

    return CLEAR


def parse_edit_percent(text: str) -> Decimal:
    """As parse_percent_option, but "" empties the field."""
    return _clear() if not text.strip() else parse_percent_option(text)


def parse_edit_date(text: str) -> date:
    """As parse_date_option, but "" empties the field."""
    return _clear() if not text.strip() else parse_date_option(text)


def parse_edit_amount(text: str) -> Decimal:
    """As parse_amount_option, but "" empties the field."""
    return _clear() if not text.strip() else parse_amount_option(text)


def yes_no_answer(value: str | None, *, flag: str) -> bool | None:
    """A yes/no option's answer (typer would make a bool option a bare flag)."""
    if value is None:
        return None
    from salescli import csvio

    try:
        return csvio.yes_no(value)
    except InvalidValue as err:
        raise UsageProblem(f"{flag}: {err.message}", hint="answer yes or no") from err


# SQLite's largest integer: a larger id cannot exist, and would overflow the driver.
MAX_ID = 2**63 - 1


class WholeNumber(click_types.ParamType):
    """A whole number between two bounds, refused in words ("0 is not an id", "'abc' is
    not a whole number") rather than click's "not in the range 1<=x<=9223372036854775807"
    or "not a valid int range"."""

    name = "number"

    def __init__(self, low: int, high: int | None = None, *, what: str = "") -> None:
        self.low = low
        self.high = high
        self.what = what

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int):
            return value
        try:
            number = int(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is not {self.what or 'a whole number'}", param, ctx)
        if number < self.low or (self.high is not None and number > self.high):
            self.fail(f"{number} is not {self.what or 'in range'}: {self.allowed()}", param, ctx)
        return number

    def allowed(self) -> str:
        if self.what == "an id":
            return "ids are whole numbers from 1"
        if self.high is None:
            return f"give a whole number from {self.low}"
        return f"give a whole number from {self.low} to {self.high}"


RECORD_ID = WholeNumber(1, MAX_ID, what="an id")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
SvgOpt = Annotated[
    Path | None,
    typer.Option(
        "--svg", metavar="FILE", help="Draw the view into an SVG image (for a slide) instead."
    ),
]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV (every field) for spreadsheets.")]
OwnerOpt = Annotated[
    str | None, typer.Option("--owner", metavar="HANDLE", help="Only this rep's records.")
]
AllOpt = Annotated[bool, typer.Option("--all", help="Every rep's records.")]
SearchOpt = Annotated[
    str | None,
    typer.Option(
        "--search",
        metavar="TEXT",
        help="Only records matching TEXT: every word, or a phone number however written.",
    ),
]
DateOpt = Annotated[
    date | None,
    typer.Option(parser=parse_date_option, metavar="DATE", help="YYYY-MM-DD, today, +3d, fri..."),
]
AmountArg = Annotated[
    Decimal,
    typer.Argument(
        parser=parse_amount_option,
        metavar="AMOUNT",
        help="An amount: 150000, 150,000.00, ¥150,000 or 15万.",
        show_default=False,
    ),
]
AmountOpt = Annotated[
    Decimal | None,
    typer.Option(
        parser=parse_amount_option,
        metavar="AMOUNT",
        help="An amount: 12500, 12,500.00, ¥12,500 or 1.2万.",
    ),
]

# A quote's or contract's line.
QtyOpt = Annotated[
    str | None, typer.Option("--qty", metavar="N", help="The quantity (2.5 allowed).")
]
PriceOpt = Annotated[
    str | None,
    typer.Option(
        "--price", metavar="AMOUNT", help="The unit price (default: the customer's price)."
    ),
]
TaxOpt = Annotated[
    str | None, typer.Option("--tax", metavar="RATE", help="The tax rate (default: the product's).")
]
TextOpt = Annotated[
    str | None,
    typer.Option(
        "--text", metavar="TEXT", help="The line's text (a free-text line without a product)."
    ),
]

# Imports and exports.
# Here, not in cli/contract.py: `receivable` names contracts too, and importing the
# contract commands would load their lifecycle services (~20 ms) into every receivable
# command.
ContractRef = Annotated[
    str, typer.Argument(metavar="CONTRACT", help="The contract's number (HT-2027-0001) or id.")
]
ImportFile = Annotated[
    Path, typer.Argument(help="CSV file (UTF-8, UTF-8 with BOM, or GB18030).", show_default=False)
]
MapOpt = Annotated[
    list[str] | None,
    typer.Option("--map", metavar="SRC=FIELD", help="Read column SRC as FIELD ('-' ignores it)."),
]


class OnConflict(str, Enum):
    UPDATE = "update"
    SKIP = "skip"
    ERROR = "error"


OnConflictOpt = Annotated[
    OnConflict,
    typer.Option(
        "--on-conflict",
        case_sensitive=False,
        help="A row whose id or external_id exists: update it, skip it, or refuse the file.",
    ),
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Validate only; write nothing.")]
KeepExtraOpt = Annotated[
    bool,
    typer.Option(
        "--keep-extra",
        help="Keep the cells of the columns the import does not read (as account facts, or a"
        " note on each deal) rather than drop them.",
    ),
]
EncodingOpt = Annotated[
    str | None, typer.Option("--encoding", help="Override the detected encoding.")
]
DecimalOpt = Annotated[
    str | None,
    typer.Option(
        "--decimal",
        metavar=". or ,",
        help="The file's decimal mark: ',' reads 1.500,00 as fifteen hundred. Without it,"
        " an amount only one mark reads right (1.500) is refused.",
    ),
]
DateFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--date-format",
        metavar="mdy|dmy|ymd|PATTERN",
        help="How the file writes dates: mdy (6/2/2023 is June 2), dmy, ymd, or a strftime"
        " pattern (%d.%m.%Y). Without it, the order the file's dates prove is used, and an"
        " ambiguous date (3/4/2026) is refused.",
    ),
]
ValueMapOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--value-map",
        metavar="COLUMN:VALUE=MEANING",
        help='Read the file\'s VALUE in COLUMN as MEANING (--value-map "Lead Source:Google=web");'
        " repeatable. A refused file lists its unread values with their counts.",
    ),
]
ValueMapFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--value-map-file",
        metavar="FILE",
        help='Value maps from a TOML file: a table per column, ["Lead Source"] then'
        ' Google = "web".',
    ),
]
RateOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rate",
        metavar="CODE=RATE",
        help="Convert amounts in currency CODE at RATE units of the book's currency each"
        " (--rate USD=7.10); repeatable. Other currencies than the book's are refused.",
    ),
]
FileCurrencyOpt = Annotated[
    str | None,
    typer.Option(
        "--currency",
        metavar="CODE",
        help="The currency of the file's amounts where no currency column or code says"
        " ($ amounts of a report export: --currency USD); convert it with --rate.",
    ),
]
ExportFile = Annotated[
    Path | None,
    typer.Argument(help="Where to write (readable by you only); '-' or nothing: standard output."),
]
ExcelOpt = Annotated[
    bool, typer.Option("--excel", help="Start the file with a BOM so Excel reads UTF-8.")
]
NextOpt = Annotated[
    date | None,
    typer.Option(
        "--next",
        parser=parse_date_option,
        metavar="DATE",
        help="Next action date: YYYY-MM-DD, today, tomorrow, +3d, +2w, fri...",
    ),
]

# Edit commands: "" empties the field.
EditDateOpt = Annotated[
    date | None,
    typer.Option(parser=parse_edit_date, metavar="DATE", help='A date, or "" to clear it.'),
]
EditNextOpt = Annotated[
    date | None,
    typer.Option(
        "--next",
        parser=parse_edit_date,
        metavar="DATE",
        help='Next action date (today, +3d, fri...), or "" to clear it.',
    ),
]
EditAmountOpt = Annotated[
    Decimal | None,
    typer.Option(parser=parse_edit_amount, metavar="AMOUNT", help='An amount, or "" to clear it.'),
]

# Text fields shared by add and edit commands (an empty value clears a field in edits).
NameOpt = Annotated[str | None, typer.Option("--name", metavar="NAME", help="A new name.")]
CompanyOpt = Annotated[
    str | None, typer.Option("--company", metavar="TEXT", help="The company they work for.")
]
TitleOpt = Annotated[str | None, typer.Option("--title", metavar="TEXT", help="Job title.")]
PhoneOpt = Annotated[
    str | None, typer.Option("--phone", metavar="TEXT", help="Phone number, as you would dial it.")
]
EmailOpt = Annotated[str | None, typer.Option("--email", metavar="TEXT", help="Email address.")]
NoteOpt = Annotated[
    str | None,
    typer.Option("--note", metavar="TEXT", help="Anything worth remembering about them."),
]
IndustryOpt = Annotated[
    str | None, typer.Option("--industry", metavar="TEXT", help="What the company does.")
]
RegionOpt = Annotated[
    str | None, typer.Option("--region", metavar="TEXT", help="Territory, province or city.")
]
AddressOpt = Annotated[
    str | None, typer.Option("--address", metavar="TEXT", help="Street address.")
]
WebsiteOpt = Annotated[str | None, typer.Option("--website", metavar="URL", help="Website.")]
AssignOpt = Annotated[
    str | None,
    typer.Option(
        "--owner", metavar="HANDLE", help="Who owns it (a new record: the acting rep unless given)."
    ),
]
CampaignOpt = Annotated[
    str | None,
    typer.Option(
        "--campaign",
        metavar="CAMPAIGN",
        help='The campaign it came from (id or name; "" clears it on an edit).',
    ),
]
