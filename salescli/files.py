"""Every file salescli writes goes through here: exports, calendars, backups, reports,
pictures, the settings file, and the folders that hold them.

A file is written whole or not at all, and readable by its owner only (it holds
customers' names and phones, as the book does). It is first written to a new temporary
file beside the target, made by `tempfile.mkstemp` (a name nobody can guess, created
exclusively, mode 0600), and then renamed over the target. A link planted at the target
is replaced, never written through, and a failure leaves the target as it was, with no
temporary file behind.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from salescli.errors import InvalidValue, Refused

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
MAX_PREFIX = 200  # of a file name's 255 bytes; mkstemp adds 8 characters and ".tmp"


@contextmanager
def stdout_text() -> Iterator[IO[str]]:
    """Standard output for a whole file's worth of text, such as an export into a pipe.

    Written through a buffer of its own, so that it goes out in large blocks even when
    Python runs unbuffered (PYTHONUNBUFFERED, ``-u``), where each CSV row would be a
    system call of its own: a million-row export into a pipe took twice as long. Where
    standard output is no real file (a test's captured output), it is used as it is."""
    stream = sys.stdout
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both
        yield stream
        return
    stream.flush()
    encoding, errors = stream.encoding, stream.errors
    with open(
        descriptor, "w", encoding=encoding, errors=errors, newline="", buffering=1 << 16,
        closefd=False,
    ) as handle:  # fmt: skip
        yield handle


def private_folder(folder: Path) -> None:
    """Make ``folder`` and each missing folder above it readable by their owner only
    (0700 whatever the umask); folders that exist already are left as they are."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:  # made by another process in the meantime
            continue
        path.chmod(PRIVATE_FOLDER)  # a umask cannot narrow it below what its owner needs


def check_target(target: Path, *, make_folder: bool = False) -> None:
    """Refuse, before any work, a target that cannot be written as a file: a folder, a
    missing folder (unless ``make_folder``: then the nearest one that exists), or a
    folder this user cannot write in."""
    if target.is_dir():
        raise InvalidValue(f"{target} is a directory")
    check_folder(target.parent, make=make_folder, writing=target)


def check_folder(folder: Path, *, make: bool = False, writing: Path | None = None) -> None:
    """Refuse, before any work, a folder that cannot take new files: missing (unless
    ``make``: then the nearest one above it that exists must take them), not a folder,
    or read-only. ``writing`` names the file in the message."""
    what = writing or folder
    existing = folder
    if make:
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
    if not existing.is_dir():
        raise InvalidValue(f"cannot write {what}: no folder {folder}")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise Refused(
            f"cannot write {what}: the folder {existing} is read-only",
            hint="choose a place you can write",
        )


@contextmanager
def temporary_beside(target: Path) -> Iterator[Path]:
    """A new private, empty file in the target's folder, removed when the block ends
    unless it was renamed or linked into place."""
    import tempfile  # ~8 ms (random, shutil): only for a command that writes a file

    # The target's name, shortened so that the temporary one stays within a name's limit.
    prefix = f".{target.name[:MAX_PREFIX]}."
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=".tmp")
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


def write_text(target: Path, text: str) -> Path:
    """Replace ``target`` with ``text`` (UTF-8), making its folder if it is missing."""
    check_target(target, make_folder=True)
    private_folder(target.parent)
    with replacing(target, "w", encoding="utf-8") as handle:
        handle.write(text)
    return target


def write_fresh(folder: Path, stem: str, suffix: str, text: str) -> Path:
    """Write ``text`` (UTF-8) under the first free name of ``stem``, ``stem-2``... in
    ``folder``, making it if it is missing; never replaces a file. Returns the name."""
    private_folder(folder)
    with temporary_beside(folder / f"{stem}{suffix}") as temporary:
        temporary.write_text(text, encoding="utf-8")
        return link_fresh(temporary, folder, stem, suffix)


def write_new_text(target: Path, text: str, *, replace: bool = False) -> Path:
    """Write ``text`` (UTF-8) as ``target``, making its folder if it is missing; a file
    already there is refused unless ``replace`` (a document a rep may have edited or
    sent is not overwritten by a slip of the keyboard)."""
    if replace:
        return write_text(target, text)
    check_target(target, make_folder=True)
    if target.exists() or target.is_symlink():
        raise Refused(f"{target} exists", hint="--force replaces it, or choose another file")
    private_folder(target.parent)
    with temporary_beside(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
        link_new(temporary, target)
    return target
