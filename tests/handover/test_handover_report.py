"""A handover's report: checked before anything moves, kept with the handover, and
written again with `handover show N --report FILE` if writing it failed after the run."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from salescli import files
from tests.conftest import Cli
from tests.handover.test_handover import book, ownership, whole_book

__all__ = ["book"]  # the fixture, shared with the handover tests

RUN = ("handover", "run", "--from", "alice", "--to", "bob,carol", "--yes")


def mode_of(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_report_path_that_is_a_folder_is_refused_before_anything_moves(
    book: Path, tmp_path: Path
) -> None:
    before = whole_book(book)
    result = Cli(book, rep="maria")(*RUN, "--report", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path} is a directory\n"
    assert whole_book(book) == before


def test_a_report_that_cannot_be_written_after_the_run_says_the_handover_is_done(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk after the commit once gave 'unexpected' and lost the report."""
    before = ownership(book)

    def full_disk(*_: Any) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(files, "write_text", full_disk)
        result = Cli(book, rep="maria")(*RUN, "--report", str(tmp_path / "r.md"))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("handover 1: ") and " records moved from alice" in lines[0]
    assert lines[1:] == [
        "error: handover 1 is done, but its report could not be written: No space left on device",
        "hint: write it again with 'salescli handover show 1 --report FILE'",
    ]
    assert ownership(book) != before
    assert not (tmp_path / "r.md").exists()

    again = Cli(book, rep="maria").ok("handover", "show", "1", "--report", str(tmp_path / "r.md"))
    assert again.stderr == f"wrote {tmp_path / 'r.md'}\n"
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == result.stdout


def test_the_kept_report_is_the_one_written_at_the_run(book: Path, tmp_path: Path) -> None:
    cli = Cli(book, rep="maria")
    run = cli.ok(*RUN, "--report", str(tmp_path / "run.md"))
    cli.ok("handover", "revert", "1", "--yes")
    cli.ok("handover", "show", "1", "--report", str(tmp_path / "again.md"))
    assert (tmp_path / "again.md").read_text(encoding="utf-8") == run.stdout
    assert (tmp_path / "run.md").read_text(encoding="utf-8") == run.stdout


def test_the_default_report_never_replaces_an_earlier_one(book: Path, tmp_path: Path) -> None:
    cli = Cli(book, rep="maria")
    cli.ok(*RUN)
    cli.ok("handover", "revert", "1", "--yes")
    cli.ok(*RUN)
    reports = sorted(path.name for path in (book.parent / "reports").glob("*.md"))
    assert reports == [
        "handover-2026-11-23-alice-to-bob-carol-2.md",
        "handover-2026-11-23-alice-to-bob-carol.md",
    ]
    assert all(mode_of(book.parent / "reports" / name) == 0o600 for name in reports)


def test_the_default_report_is_written_beside_a_book_elsewhere(book: Path, tmp_path: Path) -> None:
    """Not in the user's data folder: a book kept elsewhere keeps its customers' data
    there (the demo's handover wrote into $HOME)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = elsewhere / "team.db"
    book.rename(moved)
    result = Cli(moved, rep="maria").ok(*RUN)
    report = elsewhere / "reports" / "handover-2026-11-23-alice-to-bob-carol.md"
    assert f"report: {report}" in result.stderr
    assert report.read_text(encoding="utf-8") == result.stdout
    assert mode_of(report) == 0o600
    assert mode_of(elsewhere / "reports") == 0o700
    assert not (tmp_path / "data").exists() or not list((tmp_path / "data").glob("*.md"))


def test_a_handover_from_before_reports_were_kept_says_so(book: Path, tmp_path: Path) -> None:
    cli = Cli(book, rep="maria")
    cli.ok(*RUN)
    with sqlite3.connect(book) as connection:
        connection.execute("UPDATE handover SET report = NULL")
    connection.close()
    result = cli("handover", "show", "1", "--report", str(tmp_path / "r.md"))
    assert result.exit_code == 1
    assert result.stderr == (
        "error: handover 1 has no kept report: it was run before salescli kept them\n"
        "hint: what it moved: 'salescli handover show 1 --items'\n"
    )
    assert not (tmp_path / "r.md").exists()


def test_only_a_manager_reads_a_kept_report(book: Path, tmp_path: Path) -> None:
    Cli(book, rep="maria").ok(*RUN)
    result = Cli(book, rep="bob")("handover", "show", "1", "--report", str(tmp_path / "r.md"))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: only a manager may see handovers")
    assert not (tmp_path / "r.md").exists()
