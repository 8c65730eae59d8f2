"""Where output goes and in which form. stdout carries data only; messages go to stderr."""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from salescli import files
from salescli.controls import has_control, visible
from salescli.render import layout
from salescli.render.layout import display_width


class Col(NamedTuple):
    """A table column: its header, how to get the cell text from a record, alignment.
    (A named tuple: made in ~0.08 ms, where a frozen dataclass takes ~0.4 ms at the import
    of every command.)"""

    header: str
    cell: Callable[[Any], str]
    right: bool = False
    # Short, fixed-form values (ids, dates, statuses) stay on one line on a terminal;
    # names and companies wrap instead.
    nowrap: bool = False
    # The cell is rich markup the view made (a coloured bar), not text from data.
    markup: bool = False
    # How much the column matters on a narrow terminal: 1 is essential (id, name,
    # account, amount, date, what is due); a higher rank goes first (render/layout.py).
    rank: int = 2
    # The fewest cells the column may take (default: its header, and 12 for an
    # essential column that wraps).
    least: int | None = None
    # A record's colour in this column on a terminal ("red" for overdue); the cell's
    # text must say the same without colour ("(passed)", "3d overdue").
    style: Callable[[Any], str] | None = None


# While a view is drawn into a picture (--svg), everything goes to this recording console.
_PICTURE: Any = None


def stdout_is_terminal() -> bool:
    return _PICTURE is not None or sys.stdout.isatty()


def _console() -> Any:
    if _PICTURE is not None:
        return _PICTURE
    from rich.console import Console

    return Console(highlight=False, emoji=False, no_color=bool(os.environ.get("NO_COLOR")))


def _write(text: str) -> None:
    text = visible(text)
    if _PICTURE is not None:
        _PICTURE.print(text, end="", markup=False, highlight=False)
    else:
        sys.stdout.write(text)


def emit_line(text: str) -> None:
    """A line of data on stdout (part of a view, not a message)."""
    _write(text + "\n")


def terminal_width() -> int | None:
    """How many cells wide the terminal is; ``None`` in a pipe (nothing is cut there)."""
    return _console().width if stdout_is_terminal() else None


def emit_styled(parts: Sequence[tuple[str, str]]) -> None:
    """One line on a terminal from (text, style) parts, cut at the terminal's edge rather
    than wrapped (the view has fitted it already)."""
    line = "".join(_styled(_escape(text), style) for text, style in parts)
    _console().print(line, no_wrap=True, overflow="ellipsis", crop=True)


def save_svg(path: Path, draw: Callable[[], None], *, title: str, width: int = 110) -> None:
    """Draw a view as a terminal would show it, bars and colours included, into an SVG
    image a manager can paste into a slide (readable by its owner only: it names
    customers). A missing folder is refused, as every export refuses it: a mistyped
    path makes no folders."""
    global _PICTURE
    import io

    path = path.expanduser()
    files.check_target(path)

    from rich.console import Console

    _PICTURE = Console(
        record=True,
        width=width,
        file=io.StringIO(),
        force_terminal=True,
        highlight=False,
        emoji=False,
    )
    try:
        draw()
        svg = _PICTURE.export_svg(title=title)
    finally:
        _PICTURE = None
    files.write_text(path, svg)


def say(message: str) -> None:
    """A confirmation or progress note, for people: stderr."""
    sys.stderr.write(visible(message) + "\n")


def warn(message: str) -> None:
    sys.stderr.write(f"warning: {visible(message)}\n")


_PLAIN = (str, int, float, bool, type(None))
_SCALARS = frozenset(_PLAIN)  # the exact types, found by one set lookup
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def jsonable(value: Any) -> Any:
    """Plain JSON data: ISO dates, amounts as numbers, records as objects."""
    if type(value) in _SCALARS or isinstance(value, _PLAIN):
        return value
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple: a record
        return {
            name: item if type(item) in _SCALARS else jsonable(item)
            for name, item in zip(value._fields, value, strict=True)
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES.get(type(value))
        if names is None:
            names = _FIELD_NAMES[type(value)] = tuple(f.name for f in dataclasses.fields(value))
        return {name: jsonable(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _number(value: Decimal) -> int | float:
    # An amount has at most two decimals and 15 digits, so the shortest float repr is
    # the exact decimal text: the JSON number reads back as the same amount.
    return int(value) if value == value.to_integral_value() else float(value)


def emit_json(data: Any) -> None:
    """Indented for a person on a terminal; one line in a pipe, where the json module's C
    encoder is used (indenting makes it fall back to pure Python: 2,685 leads in 38 ms
    instead of 16 ms)."""
    import json  # here, not at the top: a plain table does not need it

    indent = 2 if stdout_is_terminal() else None
    encoded = json.dumps(jsonable(data), ensure_ascii=False, indent=indent)
    # json escapes C0 itself; DEL and C1 it leaves raw, and only strings can hold them,
    # so writing them as \u escapes keeps every value exact.
    if _RAW_IN_JSON.search(encoded) is not None:
        encoded = _RAW_IN_JSON.sub(_json_escape, encoded)
    sys.stdout.write(encoded + "\n")


_RAW_IN_JSON = re.compile("[\x7f-\x9f]")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def emit_table(
    columns: Sequence[Col],
    records: Sequence[Any],
    *,
    title: str | None = None,
    empty: str,
    empty_is_data: bool = False,
    row_style: Callable[[Any], str] | None = None,
) -> list[str]:
    """A table of records. When there are none, ``empty`` goes to stderr for a list (a
    pipe receives nothing) or to stdout inside a detail view, where it is part of it.
    ``row_style`` colours a whole row on a terminal (a won deal green). Returns the
    headers of the columns shown (a narrow terminal drops some), for the notes below."""
    if not records:
        if empty_is_data:
            _write(empty + "\n")
        else:
            say(empty)
        return []
    # Cells are made a column at a time (one map per column, not a call per cell): a
    # digest of every rep is a table of 360,000 rows.
    cells = [_shown(list(map(col.cell, records)), col.markup) for col in columns]
    if stdout_is_terminal():
        return _terminal_table(columns, records, cells, title, row_style)
    headed = [[col.header, *column] for col, column in zip(columns, cells, strict=True)]
    sys.stdout.write(_plain_columns(headed, [col.right for col in columns]))
    return [col.header for col in columns]


def _terminal_table(
    columns: Sequence[Col],
    records: Sequence[Any],
    cells: list[list[str]],
    title: str | None,
    row_style: Callable[[Any], str] | None,
) -> list[str]:
    """A rich table that fits the terminal (render/layout.py chooses the columns and
    their widths), or "key: value" blocks when even the essential columns do not fit.
    Colours come from the columns' and rows' styles."""
    from rich.table import Table

    shown = [
        column if col.markup else list(map(_escape, column))
        for col, column in zip(columns, cells, strict=True)
    ]
    for index, col in enumerate(columns):
        if col.style is not None:
            shown[index] = list(map(_styled, shown[index], map(col.style, records)))
    rows = [row_style(record) for record in records] if row_style else [""] * len(records)
    console = _console()
    found = _fit(columns, cells, console.width)
    if found is None:
        _blocks(columns, shown, rows, title)
        return [col.header for col in columns]
    table = Table(
        title=_escape(title) if title else None,
        title_justify="left",
        header_style="bold",
        show_edge=found.edge,
    )
    for index, width in zip(found.kept, found.widths, strict=True):
        col = columns[index]
        table.add_column(
            col.header,
            justify="right" if col.right else "left",
            no_wrap=col.nowrap,
            width=width,
            overflow="fold",  # a value wider than its column wraps; nothing is cut
        )
    for number, style in enumerate(rows):
        table.add_row(*(shown[index][number] for index in found.kept), style=style or None)
    console.print(table)
    return [columns[index].header for index in found.kept]


def _fit(columns: Sequence[Col], cells: list[list[str]], width: int) -> Any:
    measured = [
        _markup_text(column) if col.markup else column
        for col, column in zip(columns, cells, strict=True)
    ]
    naturals = [
        layout.natural_width(col.header, column)
        for col, column in zip(columns, measured, strict=True)
    ]
    minimums = [
        layout.minimum_width(
            col.header,
            natural,
            rank=col.rank,
            nowrap=col.nowrap,
            least=col.least,
            word=0 if col.nowrap else layout.longest_word(column),
        )
        for col, natural, column in zip(columns, naturals, measured, strict=True)
    ]
    return layout.fit([col.rank for col in columns], naturals, minimums, width)


def _markup_text(column: list[str]) -> list[str]:
    from rich.text import Text

    return [Text.from_markup(cell).plain for cell in column]


def _styled(markup: str, style: str) -> str:
    return f"[{style}]{markup}[/]" if style and markup else markup


def _blocks(
    columns: Sequence[Col], shown: list[list[str]], rows: list[str], title: str | None
) -> None:
    """A narrow terminal's list: each record as "key: value" lines, a blank line
    between records."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for number, style in enumerate(rows):
        if number:
            grid.add_row("", "")
        for col, column in zip(columns, shown, strict=True):
            if column[number]:
                label = f"{_escape(col.header)}:" if col.header else ""
                grid.add_row(label, column[number], style=style or None)
    console = _console()
    if title:
        console.print(f"[bold]{_escape(title)}[/bold]")
    console.print(grid)


def _shown(column: list[str], markup: bool) -> list[str]:
    """A column's cells with control characters written out; one search over the
    joined column finds whether any cell needs it (a digest has 360,000 rows)."""
    if markup or not has_control("".join(column)):
        return column
    return list(map(visible, column))


def plain_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]
) -> str:
    """Columns aligned with two spaces, nothing cut; width counts wide (CJK) characters
    as two, as terminals and editors show them."""
    columns = [_shown(list(column), False) for column in zip(headers, *rows, strict=True)]
    return _plain_columns(columns, right)


def _plain_columns(columns: Sequence[list[str]], right: Sequence[bool]) -> str:
    """`plain_table` of its columns, each header first. Each line is made by one format
    call: an ASCII column is padded by its format field, a column with wide characters
    is padded here by display width, and the last column, when it is left-aligned, not
    at all (the line's end is stripped). Measured on 89,065 rows of 7 columns: 96 ms
    instead of 130 ms for padding cell by cell and joining each row."""
    if not columns:
        return "\n"
    fields = []
    padded: list[list[str]] = []
    last = len(columns) - 1
    for index, column in enumerate(columns):
        if index == last and not right[index]:
            fields.append("{}")
        elif "".join(column).isascii():
            fields.append(f"{{:{'>' if right[index] else '<'}{max(map(len, column))}}}")
        else:
            fields.append("{}")
            sizes = list(map(display_width, column))
            width = max(sizes)
            if right[index]:
                column = [
                    " " * (width - size) + cell for cell, size in zip(column, sizes, strict=True)
                ]
            else:
                column = [
                    cell + " " * (width - size) for cell, size in zip(column, sizes, strict=True)
                ]
        padded.append(column)
    line = "  ".join(fields)
    return "\n".join(map(str.rstrip, map(line.format, *padded))) + "\n"


def emit_fields(title: str, fields: Sequence[tuple[str, str]]) -> None:
    """A record's details as label: value lines (empty values left out)."""
    shown = [(visible(label), visible(value)) for label, value in fields if value]
    title = visible(title)
    if stdout_is_terminal():
        from rich.table import Table

        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column()
        for label, value in shown:
            grid.add_row(_escape(label), _escape(value))
        console = _console()
        if title:
            console.print(f"[bold]{_escape(title)}[/bold]")
        console.print(grid)
        return
    width = max((display_width(label) for label, _ in shown), default=0)
    lines = [title] if title else []
    lines += [f"  {label}{' ' * (width - display_width(label))}  {value}" for label, value in shown]
    sys.stdout.write("\n".join(lines) + "\n")


def emit_section(title: str) -> None:
    """A heading between the parts of a detail view."""
    title = visible(title)
    if stdout_is_terminal():
        _console().print(f"\n[bold underline]{_escape(title)}[/bold underline]")
    else:
        sys.stdout.write(f"\n{title}\n")


def emit_csv(records: Sequence[Any], record_type: type | None = None) -> None:
    """A list's records as CSV on stdout, every field a column; an empty list still gets
    its header, so a spreadsheet or script sees the columns."""
    from salescli import csvio

    kind = record_type or (type(records[0]) if records else None)
    if kind is None:
        return
    names = (
        list(kind._fields)  # a named tuple
        if hasattr(kind, "_fields")
        else [f.name for f in dataclasses.fields(kind)]
    )
    # csvio writes dates as ISO and amounts (Decimals of two places) as 12500.00.
    rows = ([getattr(record, name) for name in names] for record in records)
    csvio.write_csv(None, names, rows)


def _escape(text: str) -> str:
    """Text from data shown as it is by rich: "[red]x[/red]" is not a colour; control
    characters written out."""
    text = visible(text)
    if "[" not in text:
        return text
    from rich.markup import escape

    return escape(text)


def emit(
    data: Any,
    *,
    as_json: bool,
    human: Callable[[], None],
    svg: Path | None = None,
    title: str = "salescli",
) -> None:
    """Data as JSON for scripts, the human view, or that view drawn into an SVG file."""
    if as_json and svg is not None:
        from salescli.errors import UsageProblem

        raise UsageProblem("--json and --svg cannot be used together")
    if as_json:
        emit_json(data)
    elif svg is not None:
        save_svg(svg, human, title=title)
        say(f"wrote {svg}")
    else:
        human()


def emit_list(
    records: Sequence[Any],
    *,
    as_json: bool,
    as_csv: bool,
    human: Callable[[], None],
    record_type: type | None = None,
) -> None:
    if as_json and as_csv:
        from salescli.errors import UsageProblem

        raise UsageProblem("--json and --csv cannot be used together")
    if as_json:
        emit_json(records)
    elif as_csv:
        emit_csv(records, record_type)
    else:
        human()


def done(message: str, data: Any, *, as_json: bool) -> None:
    """After a change: a confirmation on stderr, and the record as JSON if asked."""
    say(message)
    if as_json:
        emit_json(data)
