"""Every file salescli writes goes through here: exports, calendars, backups.

A file is written whole or not at all, and readable by its owner only (it holds
customers' names and phones, as the book does). It is first written to a new temporary
file beside the target, made by `tempfile.mkstemp` (a name nobody can guess, created
exclusively, mode 0600), and then renamed over the target. A link planted at the target
is replaced, never written through, and a failure leaves the target as it was, with no
temporary file behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from salescli.errors import InvalidValue, Refused

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def check_target(target: Path) -> None:
    """Refuse, before any work, a target that cannot be written as a file."""
    if target.is_dir():
        raise InvalidValue(f"{target} is a directory")
    if not target.parent.is_dir():
        raise InvalidValue(f"cannot write {target}: no folder {target.parent}")


@contextmanager
def temporary_beside(target: Path) -> Iterator[Path]:
    """A new private, empty file in the target's folder, removed when the block ends
    unless it was renamed or linked into place."""
    import tempfile  # ~8 ms (random, shutil): only for a command that writes a file

    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def replacing(target: Path, mode: str = "w", **open_options: Any) -> Iterator[IO[Any]]:
    """An open file whose content replaces ``target`` when the block ends without error.
    ``mode`` and ``open_options`` are `open`'s (``"wb"``, ``encoding=``, ``newline=``)."""
    check_target(target)
    with temporary_beside(target) as temporary:
        with open(temporary, mode, **open_options) as handle:
            yield handle
        temporary.replace(target)


def _claim(temporary: Path, target: Path) -> bool:
    """Give ``temporary`` the name ``target`` if no file has it yet; False if one has."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        return False
    except OSError:
        # A file system without hard links: take the name exclusively, then fill it.
        try:
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        except FileExistsError:
            return False
        os.close(descriptor)
        temporary.replace(target)
    return True


def link_new(temporary: Path, target: Path) -> None:
    """Give ``temporary`` the name ``target`` only if no file has it: never replaces one,
    even if another process takes the name at the same moment."""
    if not _claim(temporary, target):
        raise Refused(f"{target} exists", hint="choose another file or remove it first")


def link_fresh(temporary: Path, folder: Path, stem: str, suffix: str) -> Path:
    """Give ``temporary`` the first free name of ``stem``, ``stem-2``, ``stem-3``...: two
    processes naming a file in the same second each get their own."""
    number = 1
    while True:
        target = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
        if _claim(temporary, target):
            return target
        number += 1
