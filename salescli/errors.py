"""Errors raised by the core, each carrying the exit code the CLI reports.

Exit codes: 1 for a refused operation or bad data, 2 for bad usage, 130 when interrupted.
"""

from __future__ import annotations

from collections.abc import Sequence

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


class SalesError(Exception):
    """A problem the user can act on: reported as one line, never a traceback."""

    exit_code = EXIT_REFUSED

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class NotFound(SalesError):
    """A referenced record does not exist."""


class AmbiguousReference(SalesError):
    """A name or prefix matches more than one record."""

    def __init__(
        self, what: str, text: str, candidates: Sequence[str], *, total: int | None = None
    ) -> None:
        count = len(candidates) if total is None else total
        shown = ", ".join(candidates[:10])
        more = f" and {count - min(len(candidates), 10)} more" if count > 10 else ""
        super().__init__(
            f"{what} '{text}' is ambiguous: {shown}{more}",
            hint="use the id or more of the name",
        )
        self.candidates = list(candidates)


class InvalidValue(SalesError):
    """A value given by the user cannot be understood (bad date, amount, choice)."""


class Refused(SalesError):
    """The operation is understood but not allowed in the current state."""


class StorageProblem(SalesError):
    """The book's file cannot be used as asked: read-only, locked by another writer, on a
    full disk, or damaged. Nothing was written."""


class NoActingRep(SalesError):
    """The command needs to know which rep is acting and nobody was named."""

    def __init__(self) -> None:
        super().__init__(
            "no acting rep",
            hint="run 'salescli init --rep HANDLE --name NAME' or pass --as HANDLE",
        )


class Interrupted(SalesError):
    """The user pressed Ctrl-C; the message says what was kept."""

    exit_code = EXIT_INTERRUPTED


class UsageProblem(SalesError):
    """The command was called wrongly (a missing value where no prompt can be shown)."""

    exit_code = EXIT_USAGE


class SummaryNeeded(UsageProblem):
    """A deal is closing without the summary every closed deal carries."""

    def __init__(self, question: str, example: str) -> None:
        super().__init__(
            f"a closed deal needs a summary: {question[0].lower()}{question[1:]}",
            hint=f'give it as --summary TEXT, e.g. --summary "{example}"',
        )
        self.question = question


class CsvRejected(SalesError):
    """A CSV file failed validation; nothing was written."""

    def __init__(
        self,
        path: str,
        problems: Sequence[str],
        *,
        total: int | None = None,
        ignored_columns: Sequence[str] = (),
        hint: str | None = None,
        unknown_values: Sequence[str] = (),
    ) -> None:
        count = total if total is not None else len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"{path}: {count} {noun}, nothing imported",
            hint=hint or "fix those lines and import again (a misread column: --map SRC=FIELD)",
        )
        self.problems = list(problems)
        self.total = count
        # Columns the file has that were not read: often why its rows look wrong.
        self.ignored_columns = list(ignored_columns)
        # The values refused in choice columns, with counts: what a value map must cover.
        self.unknown_values = list(unknown_values)
