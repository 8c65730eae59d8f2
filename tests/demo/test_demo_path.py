"""The demo's "try it yourself" commands work as printed: when `salescli` on the PATH is
not the one that ran the demo (make demo runs .venv/bin/salescli), the tour first says how
to put it there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from salescli.cli.demo import path_setup

SCRIPTS = Path(sys.prefix) / "bin"
IN_A_VENV = sys.prefix != sys.base_prefix and (SCRIPTS / "activate").exists()


@pytest.mark.skipif(not IN_A_VENV, reason="salescli is installed outside a virtualenv")
def test_off_the_path_the_tour_says_to_activate_the_venv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.chdir(tmp_path)
    assert path_setup() == f"source {SCRIPTS / 'activate'}"


@pytest.mark.skipif(not IN_A_VENV, reason="salescli is installed outside a virtualenv")
def test_from_the_clone_the_activation_is_relative(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.chdir(Path(sys.prefix).parent)
    assert path_setup() == f"source {Path(sys.prefix).name}/bin/activate"


def test_on_the_path_the_tour_needs_no_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{SCRIPTS}{os.pathsep}/usr/bin:/bin")
    if shutil.which("salescli") is None:
        pytest.skip("no salescli script beside this Python")
    assert path_setup() is None


@pytest.mark.skipif(not IN_A_VENV, reason="salescli is installed outside a virtualenv")
def test_the_printed_commands_run_in_a_fresh_shell(tmp_path: Path) -> None:
    """Run the tour's setup and export lines and one of its commands in a shell whose PATH
    lacks the venv, as a user pasting them would."""
    book = tmp_path / "demo.db"
    tour = subprocess.run(
        [str(SCRIPTS / "salescli"), "--today", "2026-11-23", "demo", "--db", str(book), "--size", "3"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
        env={**os.environ, "PATH": "/usr/bin:/bin"},
    ).stdout  # fmt: skip
    lines = tour.split("Try it yourself\n")[1].splitlines()
    setup, export = lines[0].split("#")[0].strip(), lines[1].strip()
    assert setup.startswith("source ")
    script = f"{setup}\n{export}\nsalescli opp list --all >/dev/null && echo ran\n"
    ran = subprocess.run(
        ["sh", "-c", script.replace("source ", ". ")], capture_output=True, text=True,
        cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, check=False,
    )  # fmt: skip
    assert ran.stdout == "ran\n", ran.stderr
