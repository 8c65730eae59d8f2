"""The installed `salescli` run the way cron runs it: a subprocess with no terminal, stdin
from /dev/null, and only environment variables to tell it where its files are."""

from __future__ import annotations

import json
import os
import pty
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from salescli.textsearch import is_text_index_table

VENV_BIN = Path(sys.executable).parent
SALESCLI = VENV_BIN / "salescli"
TIMEOUT = 20
ANSI = "\x1b"
COLOUR_CODE = re.compile(rb"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            # A text index is searched, not read (and FTS5 rewrites it as it likes).
            if not is_text_index_table(row[0])
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }


def base_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SALESCLI_") and key not in ("NO_COLOR", "FORCE_COLOR")
    }
    env["SALESCLI_CONFIG_DIR"] = str(tmp_path / "config")
    env["SALESCLI_DATA_DIR"] = str(tmp_path / "data")
    env["SALESCLI_TODAY"] = "2026-11-23"
    env.update(extra)
    return env


def run(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SALESCLI), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env or base_env(tmp_path),
        timeout=TIMEOUT,
        check=False,
    )


def ok(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = run(tmp_path, *args, env=env)
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stderr}"
    assert ANSI not in result.stdout and ANSI not in result.stderr
    return result.stdout


def assert_one_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    """An error is 'error: ...' and optionally 'hint: ...' on stderr, nothing else."""
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 2, result.stderr
    assert lines[0].startswith("error: "), result.stderr
    if len(lines) == 2:
        assert lines[1].startswith("hint: "), result.stderr
    assert "Traceback" not in result.stderr
    assert ANSI not in result.stderr and ANSI not in result.stdout
    assert result.stdout == ""
    return lines[0]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A book created by `init` in the default data directory, with two leads."""
    ok(tmp_path, "init", "--rep", "alice", "--name", "Alice Chen")
    ok(tmp_path, "lead", "add", "Wang Wei", "--company", "华为", "--next", "2026-11-20")
    ok(tmp_path, "lead", "add", "Jane Roe", "--company", "Globex", "--next", "2026-12-10")
    ok(tmp_path, "account", "add", "Acme", "--industry", "Steel", "--region", "North")
    return tmp_path


def test_the_installed_command_is_the_one_under_test() -> None:
    assert SALESCLI.is_file(), f"{SALESCLI} is not installed; pip install -e . in the venv"


def test_init_creates_the_book_in_the_data_dir_and_remembers_the_rep(book: Path) -> None:
    databases = list((book / "data").glob("*.db"))
    assert [path.name for path in databases] == ["salescli.db"]
    shown = ok(book, "rep", "list")  # no --as: the config file names alice
    assert "alice" in shown and "Alice Chen" in shown


def test_due_leads_list_is_plain_text_for_cron(book: Path) -> None:
    out = ok(book, "lead", "list", "--due")

    lines = out.splitlines()
    assert lines[0].split()[:3] == ["ID", "Name", "Company"]
    assert len(lines) == 2, out  # Wang Wei is overdue; Jane Roe is not due yet
    assert "Wang Wei" in lines[1] and "华为" in lines[1] and "2026-11-20" in lines[1]
    assert "Jane Roe" not in out


def test_due_leads_as_json(book: Path) -> None:
    data = json.loads(ok(book, "lead", "list", "--due", "--json"))

    assert [(lead["name"], lead["next_action"]) for lead in data] == [("Wang Wei", "2026-11-20")]


def test_account_show(book: Path) -> None:
    out = ok(book, "account", "show", "Acme")

    assert "Acme" in out
    assert "Steel" in out and "North" in out
    assert ANSI not in out


def test_refused_operation_is_one_error_line_with_exit_1(book: Path) -> None:
    line = assert_one_error(run(book, "account", "show", "Nowhere"), 1)
    assert "Nowhere" in line

    line = assert_one_error(run(book, "lead", "show", "999"), 1)
    assert "999" in line


def test_bad_usage_is_one_error_line_with_exit_2(book: Path) -> None:
    assert_one_error(run(book, "lead", "list", "--no-such-option"), 2)
    assert_one_error(run(book, "no-such-command"), 2)


def test_bad_value_is_reported_without_traceback(book: Path) -> None:
    result = run(book, "lead", "add", "Li Na", "--budget", "lots")

    line = assert_one_error(result, result.returncode)
    assert result.returncode in (1, 2)
    assert "lots" in line


def test_missing_required_value_is_a_usage_error_not_a_prompt(book: Path) -> None:
    line = assert_one_error(run(book, "lead", "add"), 2)
    assert "name" in line

    assert_one_error(run(book, "account", "add"), 2)
    assert_one_error(run(book, "contact", "add", "Acme"), 2)


def test_missing_value_with_an_open_stdin_pipe_does_not_wait_for_input(book: Path) -> None:
    """stdin is a pipe nobody writes to and nobody closes: a prompt would hang here."""
    process = subprocess.Popen(
        [str(SALESCLI), "lead", "add"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=base_env(book),
    )
    try:
        process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail("salescli waited for input with no terminal")
    assert process.stdout is not None and process.stderr is not None
    stderr = process.stderr.read()
    process.stdout.close()
    process.stderr.close()
    assert process.stdin is not None
    process.stdin.close()
    assert process.returncode == 2
    assert stderr.startswith("error: ")


def test_no_acting_rep_says_how_to_set_one(tmp_path: Path) -> None:
    line = assert_one_error(run(tmp_path, "--db", str(tmp_path / "x.db"), "lead", "list"), 1)
    assert "rep" in line


def test_refused_operation_stays_one_line_in_debug_mode(book: Path) -> None:
    # A refused operation is not a crash: even with SALESCLI_DEBUG it stays one line.
    result = run(book, "lead", "show", "999", env=base_env(book, SALESCLI_DEBUG="1"))
    assert result.returncode == 1
    assert result.stderr.startswith("error: ")


def run_in_terminal(tmp_path: Path, *args: str, **extra: str) -> bytes:
    """Run with stdout and stderr on a pseudo-terminal (stdin still /dev/null)."""
    leader, follower = pty.openpty()
    env = base_env(tmp_path, **{"TERM": "xterm-256color", "COLUMNS": "120", **extra})
    process = subprocess.Popen(
        [str(SALESCLI), *args], stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    process.wait(timeout=TIMEOUT)
    return output


def test_no_color_is_honoured_on_a_terminal(book: Path) -> None:
    coloured = run_in_terminal(book, "--help")
    assert COLOUR_CODE.search(coloured), "on a terminal, help is in colour"

    for args in (("--help",), ("lead", "list", "--due"), ("lead", "show", "1")):
        plain = run_in_terminal(book, *args, NO_COLOR="1")
        assert b"Usage" in plain or b"Wang Wei" in plain, plain
        assert not COLOUR_CODE.search(plain), (args, plain[:400])


def test_no_color_in_a_pipe(book: Path) -> None:
    out = ok(book, "lead", "list", "--all", env=base_env(book, NO_COLOR="1"))
    assert "Wang Wei" in out and "Jane Roe" in out


def test_python_dash_m_version(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "salescli", "--version"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=base_env(tmp_path),
        timeout=TIMEOUT,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"salescli \d+\.\d+\.\d+\S*\n", result.stdout), result.stdout
    assert not (tmp_path / "data").exists() or not list((tmp_path / "data").iterdir())


def test_version_and_help_do_not_create_a_database(tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    ok(tmp_path, "--db", str(db), "--version")
    ok(tmp_path, "--db", str(db), "--help")
    ok(tmp_path, "--db", str(db), "lead", "--help")

    assert not db.exists()
    assert not (tmp_path / "data").exists() or not list((tmp_path / "data").iterdir())


def test_demo_builds_a_book_and_prints_a_tour(tmp_path: Path) -> None:
    demo_db = tmp_path / "demo.db"

    out = ok(tmp_path, "demo", "--db", str(demo_db), "--size", "5")

    assert demo_db.is_file()
    assert str(demo_db) in out
    assert "salescli" in out  # the tour shows commands to try
    assert len(out.splitlines()) > 5
    listed = json.loads(
        ok(tmp_path, "--db", str(demo_db), "--as", "alice", "lead", "list", "--all", "--json")
    )
    assert listed, "the demo book holds leads"
    accounts = json.loads(
        ok(tmp_path, "--db", str(demo_db), "--as", "alice", "account", "list", "--all", "--json")
    )
    assert len(accounts) >= 5
    assert not (tmp_path / "data").exists() or not list((tmp_path / "data").glob("*.db"))


def test_demo_refuses_to_fill_a_book_twice(tmp_path: Path) -> None:
    demo_db = tmp_path / "demo.db"
    ok(tmp_path, "demo", "--db", str(demo_db), "--size", "5")
    before = dump(demo_db)

    line = assert_one_error(run(tmp_path, "demo", "--db", str(demo_db), "--size", "5"), 1)

    assert str(demo_db) in line
    assert dump(demo_db) == before


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_an_export_into_a_pipe_is_the_file_export_to_the_byte(book: Path, unbuffered: str) -> None:
    """Standard output gets a buffer of its own for an export (files.stdout_text), also
    when Python runs unbuffered: the bytes are those of the file, the Excel mark first."""
    env = base_env(book, PYTHONUNBUFFERED=unbuffered)
    ok(book, "lead", "export", str(book / "leads.csv"), "--excel", env=env)
    piped = subprocess.run(
        [str(SALESCLI), "lead", "export", "--excel"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=env,
        timeout=TIMEOUT,
        check=True,
    )
    assert piped.stdout == (book / "leads.csv").read_bytes()
    assert piped.stdout.startswith("\ufeff".encode()) and "华为".encode() in piped.stdout
