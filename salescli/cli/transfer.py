"""The shared body of every `import` and `export` command."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from salescli.cli.context import state
from salescli.errors import Interrupted
from salescli.render.output import emit_json, say
from salescli.services.core.session import Session

if TYPE_CHECKING:
    from salescli.models.records import ImportResult
    from salescli.services.core.bulk import ImportOptions

Importer = Callable[[Session, "ImportOptions"], "ImportResult"]
Exporter = Callable[[Session], tuple[list[str], Any]]


def run_import(
    ctx: typer.Context,
    importer: Importer,
    *,
    what: str,
    file: Path,
    mapping: list[str] | None,
    on_conflict: Enum,
    dry_run: bool,
    encoding: str | None,
    as_json: bool,
    decimal: str | None = None,
    rates: list[str] | None = None,
    file_currency: str | None = None,
    date_format: str | None = None,
    value_maps: list[str] | None = None,
    value_map_file: Path | None = None,
    keep_extra: bool = False,
) -> None:
    from salescli import cell_formats, dates
    from salescli.errors import InvalidValue, UsageProblem
    from salescli.render import views
    from salescli.services.core import book_settings
    from salescli.services.core.bulk import ImportOptions

    try:
        date_order = dates.check_date_format(date_format) if date_format else None
    except InvalidValue as err:
        raise UsageProblem(err.message, hint=err.hint) from err
    try:
        with state(ctx).session() as session:
            # the book's currency, not this user's: one book never holds two
            currency = book_settings.currency(session).value
            options = ImportOptions(
                path=file,
                mapping=tuple(mapping or ()),
                on_conflict=on_conflict.value,
                dry_run=dry_run,
                encoding=encoding,
                keep_extra=keep_extra,
                formats=cell_formats.CellFormats(
                    decimal=cell_formats.parse_decimal_mark(decimal),
                    currency=currency,
                    rates=cell_formats.parse_rates(rates or (), currency),
                    file_currency=_file_currency(file_currency),
                    date_order=date_order,
                    value_maps=cell_formats.parse_value_maps(value_maps or (), value_map_file),
                ),
            )
            _warn_own_rate(options.formats)
            result = importer(session, options)
    except KeyboardInterrupt:
        # the import's one transaction was not committed
        raise Interrupted("interrupted: nothing imported") from None
    views.import_summary(what, result)
    if as_json:
        emit_json(result)


def _warn_own_rate(formats: Any) -> None:
    """A --rate for the book's own currency converts nothing: probably a slip."""
    from salescli.render.output import warn

    for code, _ in formats.rates:
        if code == formats.currency:
            warn(f"--rate {code}=...: {code} is the book's own currency, which is not converted")


def _file_currency(code: str | None) -> str | None:
    """--currency CODE, checked before anything is read."""
    if code is None:
        return None
    from salescli.errors import UsageProblem

    found = code.strip().upper()
    if not found.isascii() or not found.isalpha() or len(found) != 3:
        raise UsageProblem(
            f"--currency must be a three-letter ISO code, not '{code}'",
            hint="e.g. --currency USD --rate USD=7.10",
        )
    return found


def run_export(
    ctx: typer.Context,
    exporter: Exporter,
    *,
    what: str,
    file: Path | None,
    excel: bool,
    ready: bool = False,
) -> None:
    """``ready``: the exporter's rows hold cells as csvio writes them (see write_rows)."""
    from salescli import csvio

    with state(ctx).session(create=False) as session:
        header, rows = exporter(session)
        count = csvio.write_csv(file, header, rows, excel=excel, ready=ready)
    if file is not None and str(file) != "-":
        say(f"exported {count} {what} to {file}")
