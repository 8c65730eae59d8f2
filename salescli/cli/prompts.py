"""Every interactive question lives here, so tests can replace them.

A prompt appears only when stdin and stdout are both terminals; otherwise a missing value
is a usage error, so cron and scripts never hang.
"""

from __future__ import annotations

import sys

from salescli.errors import InvalidValue, Refused, UsageProblem


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask_text(label: str) -> str | None:
    import questionary

    answer = questionary.text(f"{label}:").ask()
    return None if answer is None else str(answer)


def require(value: str | None, *, label: str, flag: str, what: str | None = None) -> str:
    """The value given, or one asked for on a terminal; a usage error otherwise. ``what``
    names the value when ``label`` is a question ("Why does it go back")."""
    given = _given_or_asked(value, label)
    if given is None:
        raise UsageProblem(f"missing {what or label.lower()}", hint=f"give it as {flag}")
    return given


def require_reason(value: str | None, *, label: str, why: str) -> str:
    """A reason the money and contract commands record (``why``: "the receipt is
    reversed"), or one asked for on a terminal; missing, it is bad input (exit 1) in
    words: ``missing --reason: say why the receipt is reversed``."""
    given = _given_or_asked(value, label)
    if given is None:
        raise InvalidValue(f"missing --reason: say why {why}")
    return given


def _given_or_asked(value: str | None, label: str) -> str | None:
    if value is not None and value.strip():
        return value
    if interactive():
        answer = ask_text(label)
        if answer and answer.strip():
            return answer.strip()
    return None


def confirm(question: str) -> bool:
    import questionary

    return bool(questionary.confirm(question, default=False).ask())


def confirm_or_refuse(question: str, *, flag: str) -> None:
    """Go on only if the user says yes on a terminal; elsewhere ``flag`` is required."""
    if not interactive():
        raise UsageProblem("this deletes data", hint=f"pass {flag} to confirm")
    if not confirm(question):
        raise Refused("nothing removed")
