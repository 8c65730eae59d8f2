"""The CSV engine every import and export goes through.

Reading: sniffing.py tells the encoding (UTF-8, UTF-16, GB18030, cp1252, or refused) and
the delimiter; headers are matched case-, space- and punctuation-insensitively against
each field's aliases, and ``--map SRC=FIELD`` overrides them; every cell is validated and
each problem is reported as ``line N: field: reason``.
Rows are streamed, never loaded whole.

Writing: cells a spreadsheet would execute as formulas are neutralised with a leading
apostrophe (and the apostrophe is taken off again on import, so a round trip is exact),
except phone numbers (+86 21 …), which are data;
``excel=True`` writes a BOM so Excel opens UTF-8 correctly.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, NamedTuple

from salescli import dates, files, money
from salescli.cell_formats import CURRENCY_HINT, CellFormats, fraction_of, normalise_header
from salescli.controls import REFUSED, control_problem
from salescli.errors import InvalidValue, UsageProblem
from salescli.models.frozen import record
from salescli.sniffing import detect_encoding, sniff_delimiter
from salescli.split_names import join_split_name

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SNIFF_BYTES = 64 * 1024
TRUE_WORDS = frozenset({"yes", "y", "true", "1", "是", "有", "x", "✓"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", "否", "无"})
# The largest cell a file may hold, in characters. The csv module's default (128 KiB) is
# raised to 1 MiB: a long e-mail thread pasted into a note still fits, and a larger cell
# is not CRM data but a file that is not the CSV meant (a binary, or a missing closing
# quote that reads the rest of the file as one field). It also bounds a row's memory.
FIELD_LIMIT = 1 << 20
_FIELD_LIMIT_HINT = (
    "a cell that large is not CRM data: check that this is the CSV you meant"
    " (an unclosed quote reads the rest of the file as one cell)"
)


@record
class Column:
    """One field an import understands.

    ``parse`` turns the cell text into the stored value and raises InvalidValue with the
    reason; None keeps the text as it is. ``export_only`` columns (timestamps) are written
    by exports and silently passed over by imports.
    """

    name: str
    aliases: tuple[str, ...] = ()
    parse: Callable[[str], Any] | None = None
    required: bool = False
    export_only: bool = False
    # Headers under which the column's numbers are fractions of one (HubSpot's "Deal
    # probability" 0.9 is 90 %): read through ``fraction_of(parse)``.
    fraction_aliases: tuple[str, ...] = ()
    # AMOUNT columns are read by the file's CellFormats (decimal mark, currency), which
    # replace ``parse``; the value is minor units in the book's currency.
    kind: str = ""
    # A person's name, which a file may write as given and family name columns
    # (split_names.py).
    person_name: bool = False


AMOUNT = "amount"
# DATE columns are read by the file's date order (CellFormats.date_order, or the one the
# file's own dates prove); the value is an ISO date.
DATE = "date"
# The column that says which currency a row's amounts are in. It is read with them and
# written nowhere: a book has one currency, and amounts in another are converted by
# --rate or refused.
CURRENCY_COLUMN = Column(
    "currency",
    (
        "currency iso code",
        "currencyisocode",
        "currency code",
        "deal currency",
        "opportunity currency",
        "amount currency",
        "货币",
        "币种",
    ),
)


def parse_mapping(items: Sequence[str], columns: Sequence[Column]) -> dict[str, str]:
    """``["Client=company", ...]`` as {normalised source header: field}."""
    names = {column.name for column in columns if not column.export_only}
    if any(column.kind == AMOUNT for column in columns):
        names.add(CURRENCY_COLUMN.name)
    mapping: dict[str, str] = {}
    for item in items:
        source, sep, target = item.partition("=")
        target = target.strip().lower()
        if target != "-":
            target = target.replace("-", "_")
        if not sep or not source.strip() or not target:
            raise UsageProblem(f"--map '{item}' is not SRC=FIELD")
        if target not in names and target != "-":
            raise UsageProblem(
                f"--map '{item}': unknown field '{target}'",
                hint=f"fields are: {', '.join(sorted(names))} (or '-' to ignore a column)",
            )
        mapping[normalise_header(source)] = target
    return mapping


def yes_no(text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise InvalidValue(f"'{text}' is not yes or no")


def restore_cell(text: str) -> str:
    """Undo export's formula neutralisation: "'=SUM(1)" reads back as "=SUM(1)"."""
    if text.startswith("'") and text.lstrip("'")[:1] in FORMULA_TRIGGERS and text.lstrip("'"):
        return text[1:]
    return text


# A phone number (+86 21 5555 0101, -0800 (555) 12.34): only digits, spaces, + - ( ) and
# dots, so at most arithmetic, never a function a spreadsheet could run. It is data, and
# is exported as it is, not with the apostrophe that would spoil it for a dialler.
_PHONE = r"[+\-]?[\d ().+\-]*"
PHONE_DIGITS = 5


def is_phone_number(text: str) -> bool:
    return sum(char.isdigit() for char in text) >= PHONE_DIGITS and bool(
        re.fullmatch(_PHONE, text, re.ASCII)
    )


def neutralise_cell(text: str) -> str:
    """Make a text cell inert in a spreadsheet; restore_cell reverses it exactly. A phone
    number is left as it is."""
    if text[:1] in "+-" and is_phone_number(text):
        return text
    if text[:1] in FORMULA_TRIGGERS or (
        text.startswith("'") and text.lstrip("'")[:1] in FORMULA_TRIGGERS and text.lstrip("'")
    ):
        return "'" + text
    return text


# ---------------------------------------------------------------------------------------
# Reading


class ParsedRow(NamedTuple):
    """One data row: where it starts in the file, its values, what is wrong with it."""

    line: int
    values: list[Any]
    problems: list[str]
    # With keep_extra: the row's non-empty cells in the columns it ignores, as
    # (header, text).
    extra: list[tuple[str, str]] | None = None


@dataclass
class CsvSource:
    """An open CSV file with its header resolved to fields."""

    path: Path
    encoding: str
    delimiter: str
    fields: list[str]
    ignored: list[str]
    _handle: IO[str]
    _reader: Any
    width: int
    _positions: list[tuple[int, Column]]
    missing_required: list[str] = field(default_factory=list)
    # About how many data rows the file holds, judged from its size and first lines.
    estimated_rows: int = 0
    formats: CellFormats = field(default_factory=CellFormats)
    # Where the currency column is, if the file has one.
    currency_index: int | None = None
    # Each read column's header as the file writes it, by field.
    titles: dict[str, str] = field(default_factory=dict)
    # The values refused, by field, with how many rows hold each: what a value map needs.
    refused: dict[str, dict[str, int]] = field(default_factory=dict)
    # With keep_extra: where the ignored columns are, with their headers.
    extra: list[tuple[int, str]] = field(default_factory=list)
    # The currencies of rows refused for want of a --rate (or --currency) to read them.
    unconverted: set[str] = field(default_factory=set)

    def rows(self) -> Iterator[ParsedRow]:
        """Each non-blank data row, with the values in ``fields`` order and the problems
        found in it (``line N: field: reason``)."""
        reader = self._reader
        width = self.width
        by_kind = {AMOUNT: self.formats.amount_parser(), DATE: self.formats.date_parser()}
        steps = []
        for index, column in self._positions:
            parse = by_kind.get(column.kind, column.parse)
            meaning = self.formats.value_maps.get(normalise_header(self.titles[column.name]))
            meaning = meaning or self.formats.value_maps.get(normalise_header(column.name))
            if meaning and parse:
                _check_targets(self.titles[column.name], meaning, parse)
            refused = self.refused.setdefault(column.name, {})
            steps.append(
                (
                    index,
                    column.name,
                    column.required,
                    _memoised(parse, meaning, refused) if parse or meaning else None,
                )
            )
        amounts = [
            position
            for position, (_, column) in enumerate(self._positions)
            if column.kind == AMOUNT
        ]
        currency = _RowCurrency(self.formats, self.unconverted) if amounts else None
        amount_cells = [self._positions[position][0] for position in amounts]
        currency_index = self.currency_index
        previous_end = reader.line_num
        quotes = _QuoteWatch(self.delimiter, width)
        extra = self.extra
        try:
            for cells in reader:
                line = previous_end + 1
                previous_end = reader.line_num
                quotes.row(line, previous_end, cells)
                stripped = [cell.strip() for cell in cells]
                if not any(stripped):
                    continue
                problems: list[str] = []
                count = len(stripped)
                if count < width:
                    stripped.extend([""] * (width - count))
                elif count > width and any(stripped[width:]):
                    problems.append(f"line {line}: has {count} cells but the header has {width}")
                if REFUSED.search("".join(stripped)) is not None:
                    problems += _control_problems(line, stripped, steps)
                values: list[Any] = []
                for index, name, required, parse in steps:
                    text = stripped[index]
                    if not text:
                        if required:
                            problems.append(f"line {line}: {name}: is required")
                        values.append(None)
                        continue
                    if text[0] == "'":
                        text = restore_cell(text)
                    if parse is None:
                        values.append(text)
                        continue
                    value, problem = parse(text)
                    values.append(value)
                    if problem is not None:
                        problems.append(f"line {line}: {name}: {problem}")
                if currency is not None:
                    code = stripped[currency_index] if currency_index is not None else ""
                    written = [stripped[index] for index in amount_cells]
                    for problem in currency.settle(values, amounts, code, written):
                        problems.append(f"line {line}: {problem}")
                if extra:
                    kept = [(title, stripped[index]) for index, title in extra if stripped[index]]
                    yield ParsedRow(line, values, problems, kept)
                    continue
                yield ParsedRow(line, values, problems)
            quotes.check(self.path)
        except UnicodeDecodeError as err:
            raise InvalidValue(
                f"{self.path}: line {previous_end + 1}: cannot be read as {self.encoding}",
                hint="save the file as UTF-8, or pass --encoding",
            ) from err
        except csv.Error as err:
            if _over_limit(err):
                raise _field_too_large(self.path, previous_end + 1) from err
            raise InvalidValue(f"{self.path}: line {reader.line_num}: {err}") from err

    def close(self) -> None:
        self._handle.close()

    def unknown_values(self, shown: int = 10) -> list[str]:
        """The values of the file's choice columns that were refused, most frequent first,
        with how many rows hold each: ``source (Lead Source): 'Google' x120, ...``."""
        choices = {column.name for _, column in self._positions if column.parse and not column.kind}
        lines = []
        for name, counts in self.refused.items():
            if name not in choices or not counts or name == "id":
                continue
            ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            listed = ", ".join(f"'{text}' x{count}" for text, count in ranked[:shown])
            more = f", and {len(ranked) - shown} more" if len(ranked) > shown else ""
            lines.append(f"{name} ({self.titles[name]}): {listed}{more}")
        return lines


class _QuoteWatch:
    """A quote opened and never closed (or closed rows later) reads the following rows
    into one cell. Such a file is refused, naming the line where the quote opened, when
    that is its only row over several lines, and the lines inside the cell look like rows
    of their own, and the row runs to the end of the file or holds a stray quote."""

    def __init__(self, delimiter: str, width: int) -> None:
        self.delimiter = delimiter
        self.width = width
        self.spanning = 0
        self.suspect: tuple[int, int] | None = None
        self.last_end = 0

    def row(self, line: int, end: int, cells: list[str]) -> None:
        self.last_end = end
        if end == line:
            return
        self.spanning += 1
        if self.spanning > 1:
            return
        needed = max(1, self.width - 1)
        for cell in cells:
            inner = cell.split("\n")[1:]
            if any(part.count(self.delimiter) >= needed for part in inner):
                self.suspect = (line, end) if '"' in cell else (line, -end)
                return

    def check(self, path: Path) -> None:
        if self.spanning != 1 or self.suspect is None:
            return
        line, end = self.suspect
        if end < 0 and -end != self.last_end:
            return  # closed, without a stray quote, before the end: a cell of several lines
        raise InvalidValue(
            f"{path}: line {line}: a quoted cell opens here and runs over {abs(end) - line + 1}"
            " lines that look like rows of their own: a closing quote is missing",
            hint='close the quote in that cell (a quote meant as text is written "")',
        )


class _RowCurrency:
    """A row's amounts, read with the currency written in their cells, as minor units in
    the book's currency: the row's currency is its currency column's, else a code in an
    amount cell, else a symbol that names one currency (€ EUR), else --currency, else
    the book's; a symbol must agree with it ($ with USD or MXN, not EUR), and a currency
    not the book's is converted by its --rate or refused."""

    def __init__(self, formats: CellFormats, unconverted: set[str]) -> None:
        self.book = formats.currency
        self.rates = dict(formats.rates)
        self.file_currency = formats.file_currency
        # Filled with the currencies a row needed a --rate (or --currency) for.
        self.unconverted = unconverted

    def settle(
        self, values: list[Any], amounts: Sequence[int], written: str, cells: Sequence[str] = ()
    ) -> list[str]:
        problems: list[str] = []
        code: str | None = None
        if written:
            code = money.CODE_WORDS.get(written.upper(), written.strip().upper())
            if not re.fullmatch(r"[A-Z]{3}", code):
                return [f"currency: '{written}' is not a currency code (such as USD, EUR, CNY)"]
        read = [(position, values[position]) for position in amounts]
        read = [(position, value) for position, value in read if value is not None]
        for _, (_, marker) in read:
            if marker is not None and marker not in money.SYMBOL_CURRENCIES:
                if code is not None and marker != code:
                    return [f"amount: is in {marker}, but the row's currency is {code}"]
                code = marker
        if code is None:
            code = _one_currency([marker for _, (_, marker) in read]) or self.file_currency
        row_code = code or self.book
        for (_, (_, marker)), cell in zip(read, _cells_of(read, amounts, cells), strict=True):
            symbols = money.SYMBOL_CURRENCIES.get(marker or "")
            if symbols is not None and row_code is not None and row_code not in symbols:
                problems.append(_symbol_problem(cell, marker or "", row_code, symbols))
                if len(symbols) > 1:  # which of them: --currency, then its --rate
                    self.unconverted.add(marker or "")
        rate = Decimal(1)
        if code is not None and code != self.book:
            if self.book is None:
                problems.append(
                    f"currency: the file's amounts are in {code}, but the book's currency is"
                    f" not set ({CURRENCY_HINT.replace('CODE', code)}, if the book is in {code})"
                )
            elif code in self.rates:
                rate = self.rates[code]
            else:
                self.unconverted.add(code)
                problems.append(
                    f"currency: {code} is not the book's currency ({self.book}); convert it"
                    f" with --rate {code}=RATE (1 {code} in {self.book})"
                )
        for position, (amount, _) in read:
            try:
                values[position] = money.to_minor(amount * rate)
            except InvalidValue as err:
                problems.append(f"amount: {err.message}")
                values[position] = None
        return problems


def _check_targets(title: str, meaning: dict[str, str], parse: Callable[[str], Any]) -> None:
    """A --value-map target the column cannot hold is refused once, before any row."""
    for value, target in meaning.items():
        try:
            parse(target)
        except InvalidValue as err:
            raise UsageProblem(
                f"--value-map '{title}:{value}={target}': {err.message}",
                hint=err.hint or "map each value to one the column accepts",
            ) from err


def _one_currency(markers: Sequence[str | None]) -> str | None:
    """The currency a symbol names by itself (€ is EUR; $ and ¥ name several)."""
    for marker in markers:
        symbols = money.SYMBOL_CURRENCIES.get(marker or "")
        if symbols is not None and len(symbols) == 1:
            return next(iter(symbols))
    return None


def _cells_of(
    read: Sequence[tuple[int, Any]], amounts: Sequence[int], cells: Sequence[str]
) -> list[str]:
    """Each read amount's cell as the file writes it (for messages)."""
    by_position = dict(zip(amounts, cells, strict=False))
    return [by_position.get(position, f"{value[1]}{value[0]}") for position, value in read]


def _symbol_problem(cell: str, marker: str, row_code: str, symbols: frozenset[str]) -> str:
    problem = f"amount: '{cell}' is written with {marker}, which is not {row_code}"
    if len(symbols) == 1:
        return problem
    example = "USD" if "USD" in symbols else sorted(symbols)[0]
    named = "USD, MXN, ..." if "USD" in symbols else " or ".join(sorted(symbols))
    return (
        f"{problem}; {marker} is {named}: say which with --currency CODE and convert it"
        f" with --rate CODE=RATE (e.g. --currency {example} --rate {example}=RATE)"
    )


def _control_problems(
    line: int, cells: list[str], steps: Sequence[tuple[int, str, bool, Any]]
) -> list[str]:
    """Control characters in the cells that are read (an ESC sequence would recolour a
    terminal each time the record is shown; a NUL cuts text short in other programs)."""
    found = ((name, control_problem(cells[index])) for index, name, _, _ in steps)
    return [f"line {line}: {name}: {problem}" for name, problem in found if problem]


def _over_limit(err: csv.Error) -> bool:
    return "field larger than field limit" in str(err)


def _field_too_large(path: Path, line: int) -> InvalidValue:
    return InvalidValue(
        f"{path}: line {line}: a cell is larger than {FIELD_LIMIT:,} characters",
        hint=_FIELD_LIMIT_HINT,
    )


MEMO_ENTRIES = 50_000
Parsed = tuple[Any, "str | None"]


def _memoised(
    parse: Callable[[str], Any] | None,
    meaning: dict[str, str] | None = None,
    refused: dict[str, int] | None = None,
) -> Callable[[str], Parsed]:
    """A column's parser that remembers what it made of each text: a column's values
    repeat (sources, statuses, owners, dates), so most cells cost a dictionary lookup.
    A value map (``meaning``) turns the file's word into salescli's first. Returns
    (value, None) or (None, the reason it is refused); ``refused`` counts the refused
    texts."""
    seen: dict[str, Parsed] = {}
    meaning = meaning or {}

    def run(text: str) -> Parsed:
        found = seen.get(text)
        if found is None:
            mapped = meaning.get(text.casefold(), text)
            try:
                found = (parse(mapped) if parse else mapped, None)
            except InvalidValue as err:
                found = (None, f"{err.message} ({err.hint})" if err.hint else err.message)
            if len(seen) < MEMO_ENTRIES:
                seen[text] = found
        if (
            found[1] is not None
            and refused is not None
            and (text in refused or len(refused) < MEMO_ENTRIES)
        ):
            refused[text] = refused.get(text, 0) + 1
        return found

    return run


# A CSV is read twice (to detect its encoding and delimiter, then its rows), so it must
# be a file rather than a pipe.
_READ_HINT = "a CSV must be a readable file: save the data to a file and import that"


def open_csv(
    path: Path,
    columns: Sequence[Column],
    *,
    mapping: dict[str, str] | None = None,
    encoding: str | None = None,
    keys: Sequence[str] = (),
    formats: CellFormats | None = None,
    keep_extra: bool = False,
) -> CsvSource:
    """Open a CSV file and match its header to ``columns``; raises on an unusable header.

    A required column may be missing when one of ``keys`` is present: the file then
    updates records it names rather than adding new ones (``missing_required``).
    ``keep_extra`` gives each row the cells of the columns it ignores (ParsedRow.extra)."""
    if not path.exists():
        raise InvalidValue(f"{path}: no such file")
    if path.is_dir():
        raise InvalidValue(f"{path} is a directory")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as err:
            raise UsageProblem(f"unknown encoding '{encoding}'") from err
    try:
        chosen = encoding or detect_encoding(path)
        handle = path.open(encoding=chosen, newline="", errors="strict")
    except OSError as err:
        raise InvalidValue(f"cannot read {path}: {err.strerror or err}", hint=_READ_HINT) from err
    try:
        sample = handle.read(SNIFF_BYTES)
        handle.seek(0)
        if chosen in ("utf-8-sig", "utf-16") or sample.startswith("\ufeff"):
            first = handle.read(1)
            if first != "\ufeff":
                handle.seek(0)
        delimiter = sniff_delimiter(sample.lstrip("\ufeff"))
        csv.field_size_limit(FIELD_LIMIT)
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
    except csv.Error as err:
        handle.close()
        if _over_limit(err):
            raise _field_too_large(path, 1) from err
        raise InvalidValue(f"{path}: line {reader.line_num}: {err}") from err
    except UnicodeDecodeError as err:
        handle.close()
        raise InvalidValue(
            f"{path}: cannot be read as {chosen}", hint="save the file as UTF-8, or pass --encoding"
        ) from err
    except OSError as err:
        handle.close()
        raise InvalidValue(f"cannot read {path}: {err}", hint=_READ_HINT) from err
    if not header or not any(cell.strip() for cell in header):
        handle.close()
        raise InvalidValue(f"{path}: the file is empty or has no header line")
    person = next((column for column in columns if column.person_name), None)
    if person is not None:
        header, reader, mapping = join_split_name(
            header, reader, person.name, (person.name, *person.aliases), mapping or {}
        )
    reads_amounts = any(column.kind == AMOUNT for column in columns)
    with_currency = (
        [*columns, CURRENCY_COLUMN]
        if reads_amounts and all(column.name != CURRENCY_COLUMN.name for column in columns)
        else columns
    )
    positions, ignored_at, problems, missing = _match_header(
        header, with_currency, mapping or {}, keys
    )
    currency_index = next((index for index, column in positions if column is CURRENCY_COLUMN), None)
    positions = [(index, column) for index, column in positions if column is not CURRENCY_COLUMN]
    formats = formats or CellFormats()
    titles = {column.name: header[index].strip() for index, column in positions}
    known = {normalise_header(text) for text in (*titles.values(), *titles)}
    for column_key in formats.value_maps:
        if column_key not in known:
            handle.close()
            raise UsageProblem(
                f"a value map names a column '{column_key}' that {path} does not have (or"
                " that is not read)",
                hint=f"columns read: {', '.join(titles.values())}",
            )
    date_indexes = [index for index, column in positions if column.kind == DATE]
    if date_indexes and formats.date_order is None and re.search(_DAY_AND_MONTH, sample):
        try:
            order = _proven_date_order(path, chosen, delimiter, date_indexes)
        except InvalidValue:
            handle.close()
            raise
        formats = replace(formats, date_order=order)
    if problems:
        handle.close()
        raise InvalidValue(f"{path}: {'; '.join(problems)}", hint=_fields_hint(columns))
    return CsvSource(
        path=path,
        encoding=chosen,
        delimiter=delimiter,
        fields=[column.name for _, column in positions],
        ignored=[header[index].strip() for index in ignored_at],
        _handle=handle,
        _reader=reader,
        width=len(header),
        _positions=positions,
        missing_required=missing,
        estimated_rows=_estimate_rows(path, sample, chosen),
        formats=formats,
        currency_index=currency_index,
        titles=titles,
        extra=[(index, header[index].strip()) for index in ignored_at] if keep_extra else [],
    )


# A day and a month in either order before a year (6/2/2023): the file's dates are read
# once more to find the order they prove.
_DAY_AND_MONTH = r"(?:^|[,;\t|\"])\s*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}\b"


def _proven_date_order(
    path: Path, encoding: str, delimiter: str, indexes: Sequence[int]
) -> str | None:
    """The order (mdy or dmy) the file's date columns prove, by a day over 12 in the
    first or second place; None when they prove none. Dates proving both are refused."""
    first: dict[str, tuple[int, str]] = {}
    with path.open(encoding=encoding, newline="", errors="replace") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        next(reader, None)
        for cells in reader:
            for index in indexes:
                if index < len(cells):
                    proof = dates.date_order_evidence(cells[index])
                    if proof and proof not in first:
                        first[proof] = (reader.line_num, cells[index].strip())
            if len(first) == 2:
                (mdy_line, mdy), (dmy_line, dmy) = first["mdy"], first["dmy"]
                raise InvalidValue(
                    f"{path}: its dates disagree: line {dmy_line} has {dmy}, day first, and"
                    f" line {mdy_line} has {mdy}, month first",
                    hint="fix the dates, or say how the file writes them: --date-format mdy"
                    " or dmy (or a pattern such as %d/%m/%Y)",
                )
    return next(iter(first), None)


def _estimate_rows(path: Path, sample: str, encoding: str) -> int:
    lines = sample.count("\n")
    if lines < 2:
        return lines
    sample_bytes = len(sample.encode(encoding, errors="replace"))
    return int(path.stat().st_size * lines / max(sample_bytes, 1))


def _fields_hint(columns: Sequence[Column]) -> str:
    names = ", ".join(column.name for column in columns if not column.export_only)
    return f"columns it understands: {names}; rename one with --map SRC=FIELD"


def _match_header(
    header: list[str], columns: Sequence[Column], mapping: dict[str, str], keys: Sequence[str]
) -> tuple[list[tuple[int, Column]], list[int], list[str], list[str]]:
    """The columns read, by position; the positions of those ignored; problems; the
    required fields missing."""
    lookup: dict[str, Column] = {}
    by_name = {column.name: column for column in columns}
    for known in columns:
        for alias in (known.name, *known.aliases):
            lookup.setdefault(normalise_header(alias), known)
        if known.fraction_aliases and known.parse is not None:
            as_fraction = replace(known, parse=fraction_of(known.parse))
            for alias in known.fraction_aliases:
                lookup.setdefault(normalise_header(alias), as_fraction)
    positions: list[tuple[int, Column]] = []
    taken: dict[str, str] = {}
    ignored: list[int] = []
    problems: list[str] = []
    for index, title in enumerate(header):
        key = normalise_header(title)
        if not key:
            continue
        target = mapping.get(key)
        if target == "-":
            continue
        column = by_name.get(target) if target else lookup.get(key)
        if column is None:
            ignored.append(index)
            continue
        if column.export_only:
            continue
        if column.name in taken:
            problems.append(
                f"columns '{taken[column.name]}' and '{title.strip()}' both mean {column.name}"
            )
            continue
        taken[column.name] = title.strip()
        positions.append((index, column))
    missing = [c.name for c in columns if c.required and c.name not in taken]
    if missing and not any(key in taken for key in keys):
        problems.append(f"no column for {', '.join(missing)}")
    return positions, ignored, problems, missing


# ---------------------------------------------------------------------------------------
# Writing


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_cell(value) if value else value
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def write_rows(
    handle: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]], *, ready: bool = False
) -> int:
    """Write the header and rows; returns the row count. ``ready`` rows hold cells as
    ``csv_cell`` would make them (text neutralised, flags as yes/no, None for empty) and
    go to the writer as they are: a million rows of 28 cells save ~15 s of calls."""
    writer = csv.writer(handle)
    writer.writerow(header)
    count = 0
    if ready:
        for count, row in enumerate(rows, start=1):  # noqa: B007 - the count is the result
            writer.writerow(row)
        return count
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        count += 1
    return count


def write_csv(
    target: Path | None,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    excel: bool = False,
    ready: bool = False,
) -> int:
    """Write to ``target`` atomically, or to stdout when it is None; returns the row count.
    ``ready``: see write_rows."""
    encoding = "utf-8-sig" if excel else "utf-8"
    if target is None or str(target) == "-":
        with files.stdout_text() as stream:
            if excel:
                stream.write("\ufeff")
            return write_rows(stream, header, rows, ready=ready)
    with files.replacing(target, "w", encoding=encoding, newline="") as handle:
        return write_rows(handle, header, rows, ready=ready)
